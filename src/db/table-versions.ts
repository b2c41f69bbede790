/**
 * Knows when a table may have changed, so a read-mostly row (a person, a state's name) can be kept
 * in memory and dropped the moment it may be stale. Two sources: every statement this process
 * runs passes through `noteStatement` (the connection's prepare), which counts writes per table;
 * SQLite's `data_version` changes when another connection (the operator's CLI) commits.
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

const READ_ONLY = /^\s*(select|pragma|begin|commit|rollback|savepoint|release|explain)\b/i;
const WRITE_TARGET =
  /^\s*(?:insert(?:\s+or\s+\w+)?\s+into|replace\s+into|update(?:\s+or\s+\w+)?|delete\s+from)\s+"?(\w+)"?/i;

/** What a statement writes: nothing, one table, or (DDL, anything unrecognised) possibly everything. */
export type StatementWrites = null | string | "*";

/** Classifies a statement once; the connection keeps the answer with the prepared statement. */
export function statementWrites(sql: string): StatementWrites {
  if (READ_ONLY.test(sql)) return null;
  return WRITE_TARGET.exec(sql)?.[1] ?? "*";
}

export class TableVersions {
  private readonly own = new Map<string, number>();
  private everything = 0;
  private external = 0;
  private externalReadAt = Number.NEGATIVE_INFINITY;

  /**
   * @param dataVersion - reads SQLite's data_version (a few µs: it consults the shared WAL index)
   * @param externalLagMs - how long a read of it is reused; another connection's commit is seen
   *   at most this late, as if the operator had run the command that much later
   */
  constructor(
    private readonly dataVersion: () => number,
    private readonly externalLagMs = 50,
  ) {}

  /** Called for every statement about to run on the connection. */
  noteWrites(writes: StatementWrites): void {
    if (writes === null) return;
    if (writes === "*") this.everything++;
    else this.own.set(writes, (this.own.get(writes) ?? 0) + 1);
  }

  /** Changes whenever this process may have written one of `tables`. */
  ownVersion(tables: readonly string[]): number {
    let version = this.everything;
    for (const table of tables) version += this.own.get(table) ?? 0;
    return version;
  }

  /** Changes whenever another connection has committed anything. */
  externalVersion(): number {
    const at = performance.now();
    if (at - this.externalReadAt >= this.externalLagMs) {
      this.external = this.dataVersion();
      this.externalReadAt = at;
    }
    return this.external;
  }
}

const registry = new WeakMap<Kysely<Database>, TableVersions>();

/** Done once by `openDatabase` for the handle it returns. */
export function registerTableVersions(db: Kysely<Database>, versions: TableVersions): void {
  registry.set(db, versions);
}

/** The versions of a handle `openDatabase` made; undefined for a transaction's handle. */
export function tableVersionsOf(db: Kysely<Database>): TableVersions | undefined {
  return registry.get(db);
}

interface Entry {
  external: number;
  own: number;
  value: unknown;
}

const caches = new WeakMap<TableVersions, Map<string, Map<string, Entry>>>();
const MAX_ENTRIES = 5_000;

/**
 * Reads through a cache kept per database and per `cache` name, valid while none of `tables` may
 * have changed. A transaction's handle (not registered) always loads: inside a transaction the
 * caller wants what the transaction sees. Values should be treated as read-only; objects are
 * frozen so a slip shows at once.
 */
export async function readThrough<V>(
  db: Kysely<Database>,
  cache: string,
  tables: readonly string[],
  key: string,
  load: () => Promise<V>,
): Promise<V> {
  const versions = registry.get(db);
  if (!versions) return load();
  let byCache = caches.get(versions);
  if (!byCache) {
    byCache = new Map();
    caches.set(versions, byCache);
  }
  let entries = byCache.get(cache);
  if (!entries) {
    entries = new Map();
    byCache.set(cache, entries);
  }
  const external = versions.externalVersion();
  const own = versions.ownVersion(tables);
  const hit = entries.get(key);
  if (hit && hit.external === external && hit.own === own) return hit.value as V;
  const value = await load();
  // Only keep it if nothing was written while it loaded (another update may have run meanwhile).
  if (versions.externalVersion() === external && versions.ownVersion(tables) === own) {
    entries.delete(key);
    entries.set(key, { external, own, value: deepFreeze(value) });
    if (entries.size > MAX_ENTRIES) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
  }
  return value;
}

function deepFreeze<V>(value: V): V {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
