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

/**
 * Columns a person changes for themself many times a day (a language or zone press, the
 * last-seen stamp), with the kind of value each holds. An update of only these, of one row by its
 * id, changes that row alone: it can neither add nor remove a row, nor change what a row is found
 * by (its id, its Telegram id). Such a write marks that row changed instead of the whole table, so
 * the cached copies of everyone else stay valid; and once it is committed, the cached copy of that
 * row is brought up to date with the values written (see `applyRowPatch`), so it need not be read
 * again. Every other write to the table still marks the whole table.
 */
const ROW_SCOPED_COLUMNS: Readonly<Record<string, Readonly<Record<string, "text" | "integer">>>> = {
  people: {
    language: "text",
    document_language: "text",
    time_zone: "text",
    last_seen_at: "integer",
    bot_blocked_at: "integer",
  },
};
const UPDATE_BY_ID = /^update "(\w+)" set ((?:"\w+" = \?, )*"\w+" = \?) where "id" = \?$/;

/** A one-row update by id: its table and the columns it sets, in the order of its parameters. */
export interface RowScopedWrite {
  table: string;
  columns: readonly string[];
}

/**
 * Such a one-row update (Kysely's exact text for `updateTable(t).set({...}).where("id", "=", id)`),
 * or null; its parameters are then the new values, in order, and last the row's id.
 */
export function rowScopedWrite(sql: string): RowScopedWrite | null {
  const match = UPDATE_BY_ID.exec(sql);
  const table = match?.[1];
  const allowed = table === undefined ? undefined : ROW_SCOPED_COLUMNS[table];
  if (!match || !table || !allowed) return null;
  const columns = (match[2] ?? "")
    .split(", ")
    .map((assignment) => assignment.slice(1, assignment.indexOf('"', 1)));
  return columns.every((column) => column in allowed) ? { table, columns } : null;
}

/** What a statement does to the transaction it runs in, if anything. */
export type TransactionEvent = "begin" | "commit" | "rollback";

/** `begin…`, `commit`/`end`, `rollback…` (a rollback to a savepoint counts as a rollback). */
export function transactionEvent(sql: string): TransactionEvent | null {
  if (/^\s*begin\b/i.test(sql)) return "begin";
  if (/^\s*(commit|end)\b/i.test(sql)) return "commit";
  if (/^\s*rollback\b/i.test(sql)) return "rollback";
  return null;
}

/** The values a committed row-scoped write put in one row, and the row's version after it. */
interface RowPatch {
  table: string;
  id: unknown;
  values: Record<string, unknown>;
  version: number;
}

/** True when each value is of its column's kind, so reading the row back would give it unchanged. */
function storedAsGiven(table: string, values: Record<string, unknown>): boolean {
  const kinds = ROW_SCOPED_COLUMNS[table];
  if (!kinds) return false;
  for (const [column, value] of Object.entries(values)) {
    if (value === null) continue;
    const kind = kinds[column];
    if (kind === "text" ? typeof value !== "string" : !Number.isSafeInteger(value)) return false;
  }
  return true;
}

export class TableVersions {
  private readonly own = new Map<string, number>();
  private readonly rows = new Map<string, number>();
  private rowWrites = 0;
  /** Row-scoped writes of the transaction under way, applied to cached rows if it commits. */
  private pending: RowPatch[] = [];
  /** A transaction begun by a statement seen here (not, say, one better-sqlite3 opened itself). */
  private inSeenTransaction = false;
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

  /**
   * Called as a row-scoped write (see `rowScopedWrite`) is about to run, with its row's id: the
   * row's cached copies are stale from now on. Returns the row's new version.
   */
  noteRowWrite(table: string, id: unknown): number {
    const key = `${table}:${String(id)}`;
    const version = (this.rows.get(key) ?? 0) + 1;
    this.rows.set(key, version);
    this.rowWrites++;
    return version;
  }

  /**
   * Called once that write has run, with the values it wrote and the version `noteRowWrite` gave.
   * When the write is known to be committed, the row's cached copies are brought up to date instead
   * of being read again: at once for a write outside a transaction (`inTransaction` false), at the
   * commit of a transaction seen to begin here; never if it rolls back, nor in a transaction not
   * seen to begin (one better-sqlite3 opened by itself).
   */
  noteRowWritten(
    table: string,
    id: unknown,
    values: Record<string, unknown>,
    version: number,
    inTransaction: boolean,
  ): void {
    if (!storedAsGiven(table, values)) return;
    const patch = { table, id, values, version };
    if (!inTransaction) applyRowPatch(this, patch);
    else if (this.inSeenTransaction) this.pending.push(patch);
  }

  /** Called once a statement that begins, commits or rolls back a transaction has run. */
  noteTransaction(event: TransactionEvent): void {
    const pending = this.pending;
    this.pending = [];
    this.inSeenTransaction = event === "begin";
    if (event === "commit") for (const patch of pending) applyRowPatch(this, patch);
  }

  /** Changes whenever this process may have written that row with a row-scoped write. */
  rowVersion(table: string, id: unknown): number {
    return this.rows.get(`${table}:${String(id)}`) ?? 0;
  }

  /** Changes with every row-scoped write, whichever row. */
  allRowWrites(): number {
    return this.rowWrites;
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
  /** The row the value was read from, for a cache given `rowOf`. */
  row?: { table: string; id: unknown; version: number };
  value: unknown;
}

/** For a value read from one row: that row, whose row-scoped writes make the value stale. */
export type RowOf<V> = (value: V) => { table: string; id: unknown } | undefined;

const caches = new WeakMap<TableVersions, Map<string, Map<string, Entry>>>();
const MAX_ENTRIES = 5_000;

/** Per database: for each row (`table:id`), the cache entries holding a copy of it. */
const copiesOfRows = new WeakMap<
  TableVersions,
  Map<string, { entries: Map<string, Entry>; key: string }[]>
>();

function rememberCopy(versions: TableVersions, row: string, entries: Map<string, Entry>, key: string): void {
  let byRow = copiesOfRows.get(versions);
  if (!byRow) {
    byRow = new Map();
    copiesOfRows.set(versions, byRow);
  }
  const copies = (byRow.get(row) ?? []).filter((copy) => copy.entries.get(copy.key)?.row !== undefined);
  if (!copies.some((copy) => copy.entries === entries && copy.key === key)) copies.push({ entries, key });
  byRow.set(row, copies);
  if (byRow.size > MAX_ENTRIES * 2) byRow.clear();
}

/**
 * Brings the cached copies of a row up to date with a committed row-scoped write, when each copy
 * was read just before that write (its version is the one before the write's): the copy plus the
 * values written is then exactly the row. Any other copy is left stale, to be read again.
 */
function applyRowPatch(versions: TableVersions, patch: RowPatch): void {
  const copies = copiesOfRows.get(versions)?.get(`${patch.table}:${String(patch.id)}`);
  if (!copies) return;
  for (const { entries, key } of copies) {
    const entry = entries.get(key);
    const row = entry?.row;
    if (!entry || !row || row.table !== patch.table || row.id !== patch.id) continue;
    if (row.version !== patch.version - 1 || typeof entry.value !== "object" || entry.value === null)
      continue;
    entries.set(key, {
      ...entry,
      row: { ...row, version: patch.version },
      value: deepFreeze({ ...entry.value, ...patch.values }),
    });
  }
}

function entriesOf(versions: TableVersions, cache: string): Map<string, Entry> {
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
  return entries;
}

/** What `cachedThrough` answers when the value is not in memory (or may be stale). */
export const NOT_CACHED: unique symbol = Symbol("not cached");

/**
 * The value `readThrough` would return without loading, at once (no promise): for the lookups
 * every update makes, which are nearly always in memory. NOT_CACHED when it would have to load.
 */
export function cachedThrough<V>(
  db: Kysely<Database>,
  cache: string,
  tables: readonly string[],
  key: string,
): V | typeof NOT_CACHED {
  const versions = registry.get(db);
  const hit = versions && caches.get(versions)?.get(cache)?.get(key);
  if (
    versions &&
    hit &&
    hit.external === versions.externalVersion() &&
    hit.own === versions.ownVersion(tables) &&
    (hit.row === undefined || hit.row.version === versions.rowVersion(hit.row.table, hit.row.id))
  )
    return hit.value as V;
  return NOT_CACHED;
}

/**
 * Reads through a cache kept per database and per `cache` name, valid while none of `tables` may
 * have changed, nor (with `rowOf`) the row the value came from. A transaction's handle (not
 * registered) always loads: inside a transaction the caller wants what the transaction sees.
 * Values should be treated as read-only; objects are frozen so a slip shows at once.
 */
export async function readThrough<V>(
  db: Kysely<Database>,
  cache: string,
  tables: readonly string[],
  key: string,
  load: () => Promise<V>,
  rowOf?: RowOf<V>,
): Promise<V> {
  const versions = registry.get(db);
  if (!versions) return load();
  const cached = cachedThrough<V>(db, cache, tables, key);
  if (cached !== NOT_CACHED) return cached;
  const entries = entriesOf(versions, cache);
  const external = versions.externalVersion();
  const own = versions.ownVersion(tables);
  const rowWrites = versions.allRowWrites();
  const value = await load();
  // Only keep it if nothing was written while it loaded (another update may have run meanwhile);
  // for a value from one row, no row-scoped write either, so the row's version read now is the
  // one the value was read at.
  if (
    versions.externalVersion() === external &&
    versions.ownVersion(tables) === own &&
    (rowOf === undefined || versions.allRowWrites() === rowWrites)
  ) {
    const from = rowOf?.(value);
    const row = from && { ...from, version: versions.rowVersion(from.table, from.id) };
    entries.delete(key);
    entries.set(key, { external, own, ...(row ? { row } : {}), value: deepFreeze(value) });
    if (row) rememberCopy(versions, `${row.table}:${String(row.id)}`, entries, key);
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
