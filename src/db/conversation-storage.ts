/**
 * Keeps the conversations plugin's state in SQLite, so a flow left half-way survives a restart.
 * A plain key-value adapter for the plugin's `storage` option. Versioned: bump
 * CONVERSATION_STATE_VERSION when a flow changes shape, and the plugin drops older state.
 */
import type { ConversationData, ConversationStorage, VersionedState } from "@grammyjs/conversations";
import type { Context } from "grammy";
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

// 2: the /timezone flow holds only the wait for the answer (its command asks).
export const CONVERSATION_STATE_VERSION = 2;

/** A storage for `conversations({ storage })`, keyed by chat (the plugin's default key). */
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
        const at = now();
        await db
          .insertInto("conversation_states")
          .values({ key, value, updated_at: at })
          .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: at }))
          .execute();
      },
      async delete(key) {
        await db.deleteFrom("conversation_states").where("key", "=", key).execute();
      },
    },
  };
}
