/**
 * Keeps the conversations plugin's state in SQLite, so a flow left half-way survives a restart.
 * Versioned: bump CONVERSATION_STATE_VERSION when a flow changes shape, and stale state is dropped.
 */
import type { ConversationData, ConversationStorage, VersionedState } from "@grammyjs/conversations";
import type { Context } from "grammy";
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export const CONVERSATION_STATE_VERSION = 1;

/** A storage for `conversations({ storage })`, keyed by chat. */
export function sqliteConversationStorage<C extends Context>(
  db: Kysely<Database>,
  now: () => number,
): ConversationStorage<C, ConversationData> {
  return {
    type: "key",
    version: CONVERSATION_STATE_VERSION,
    prefix: "conv:",
    adapter: {
      async read(key) {
        const row = await db
          .selectFrom("conversation_states")
          .select("value")
          .where("key", "=", key)
          .executeTakeFirst();
        return row ? (JSON.parse(row.value) as VersionedState<ConversationData>) : undefined;
      },
      async write(key, state) {
        const value = JSON.stringify(state);
        await db
          .insertInto("conversation_states")
          .values({ key, value, updated_at: now() })
          .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: now() }))
          .execute();
      },
      async delete(key) {
        await db.deleteFrom("conversation_states").where("key", "=", key).execute();
      },
    },
  };
}
