/**
 * Keeps the conversations plugin's state in SQLite, so a flow left half-way survives a restart.
 * Versioned: bump CONVERSATION_STATE_VERSION when a flow changes shape, and stale state is dropped.
 */
import {
  type ConversationData,
  type ConversationStorage,
  PLUGIN_DATA_VERSION,
  type VersionedState,
} from "@grammyjs/conversations";
import type { Context } from "grammy";
import type { Kysely } from "kysely";
import { compiledOnce } from "./compiled-query.js";
import { groupCommitOf } from "./group-commit.js";
import type { Database } from "./schema.js";
import { tableVersionsOf } from "./table-versions.js";

// 2: the /timezone flow holds only the wait for the answer (its command asks).
export const CONVERSATION_STATE_VERSION = 2;

// Read on every update, written on every step of a flow: compiled once (see compiled-query.ts).
const readState = compiledOnce(["?key"] as [string], (db, key) =>
  db.selectFrom("conversation_states").select("value").where("key", "=", key),
);
const writeState = compiledOnce(
  ["?key", "?value", -1, "?value'", -2] as [string, string, number, string, number],
  (db, key, value, at, newValue, newAt) =>
    db
      .insertInto("conversation_states")
      .values({ key, value, updated_at: at })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: newValue, updated_at: newAt })),
);
const deleteState = compiledOnce(["?key"] as [string], (db, key) =>
  db.deleteFrom("conversation_states").where("key", "=", key),
);

const PREFIX = "conv:";

/** The storage, and whether a chat has any flow state stored (see `flowsOnDemand`). */
export type SqliteConversationStorage<C extends Context> = ConversationStorage<C, ConversationData> & {
  /**
   * True when the update's chat has state of this version stored, which the plugin must read.
   * State of another version is as good as none: the plugin would read it as empty. Answered at
   * once (no promise) when the chat's state is in memory, as it nearly always is.
   */
  hasState(ctx: C): boolean | Promise<boolean>;
};

/**
 * A storage for `conversations({ storage })`, keyed by chat. Every update reads its chat's state,
 * and only this adapter writes the table (one bot process per database), so what it read or wrote
 * last is kept in memory and trusted until another connection commits (SQLite's data_version).
 */
export function sqliteConversationStorage<C extends Context>(
  db: Kysely<Database>,
  now: () => number,
): SqliteConversationStorage<C> {
  const versions = tableVersionsOf(db);
  // A step's state is written with the other small writes of the moment (group-commit.ts).
  const group = groupCommitOf(db);
  const known = new Map<string, { external: number; value: string | null }>();
  const remember = (key: string, value: string | null, external: number) => {
    known.delete(key);
    known.set(key, { external, value });
    if (known.size > 10_000) {
      const oldest = known.keys().next().value;
      if (oldest !== undefined) known.delete(oldest);
    }
  };
  const parse = (value: string | null) =>
    value === null ? undefined : (JSON.parse(value) as VersionedState<ConversationData>);
  /** The stored text as kept in memory (null: nothing stored); undefined when it must be read. */
  const knownRaw = (key: string): string | null | undefined => {
    const external = versions?.externalVersion();
    const hit = known.get(key);
    return hit && external !== undefined && hit.external === external ? hit.value : undefined;
  };
  const readRaw = async (key: string): Promise<string | null> => {
    const kept = knownRaw(key);
    if (kept !== undefined) return kept;
    const external = versions?.externalVersion();
    const value = (await readState(db, key)).rows[0]?.value ?? null;
    if (external !== undefined && versions?.externalVersion() === external) remember(key, value, external);
    return value;
  };
  // What this adapter writes starts so (JSON.stringify of the plugin's { version, state }).
  const currentPrefix = `{"version":[${PLUGIN_DATA_VERSION},${CONVERSATION_STATE_VERSION}],`;
  const isCurrent = (value: string | null): boolean => {
    if (value === null) return false;
    if (value.startsWith(currentPrefix)) return true;
    const version = parse(value)?.version;
    return version?.[0] === PLUGIN_DATA_VERSION && version[1] === CONVERSATION_STATE_VERSION;
  };
  return {
    type: "key",
    version: CONVERSATION_STATE_VERSION,
    prefix: PREFIX,
    // The plugin's own key: the prefix and the chat id (grammY's `ctx.chatId`).
    hasState: (ctx) => {
      const key = `${PREFIX}${ctx.chatId}`;
      const kept = knownRaw(key);
      return kept === undefined ? readRaw(key).then(isCurrent) : isCurrent(kept);
    },
    adapter: {
      async read(key) {
        return parse(await readRaw(key));
      },
      async write(key, state) {
        const value = JSON.stringify(state);
        const at = now();
        known.delete(key);
        await group.run((trx) => writeState(trx, key, value, at, value, at));
        const external = versions?.externalVersion();
        if (external !== undefined) remember(key, value, external);
      },
      async delete(key) {
        known.delete(key);
        await group.run((trx) => deleteState(trx, key));
        const external = versions?.externalVersion();
        if (external !== undefined) remember(key, null, external);
      },
    },
  };
}
