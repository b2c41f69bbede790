/**
 * Opens the SQLite database (WAL, foreign keys on) behind a typed Kysely instance.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, type SqliteDatabase, SqliteDialect } from "kysely";
import { type PreparedLike, registerDirectStatements } from "./direct-statements.js";
import type { Database } from "./schema.js";
import {
  type RowScopedWrite,
  registerTableVersions,
  rowScopedWrite,
  type StatementWrites,
  statementWrites,
  TableVersions,
  type TransactionEvent,
  transactionEvent,
} from "./table-versions.js";

export type Db = Kysely<Database>;

export interface OpenedDatabase {
  db: Db;
  /** The raw connection, for pragmas and online backups only. */
  sqlite: SQLite.Database;
}

/** Opens (and creates, with its folder) the database file; `:memory:` for tests. */
export function openDatabase(path: string): OpenedDatabase {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const dataVersion = sqlite.prepare("PRAGMA data_version").pluck();
  const versions = new TableVersions(() => dataVersion.get() as number);
  const database = withStatementCache(sqlite, versions);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  registerTableVersions(db, versions);
  registerDirectStatements(
    db,
    (sql) => database.prepare(sql) as unknown as PreparedLike,
    () => sqlite.inTransaction,
  );
  return { db, sqlite };
}

/**
 * Reuses prepared statements (Kysely prepares every query afresh, which costs time on a busy outbox;
 * reuse is safe: better-sqlite3 runs a statement to completion synchronously), makes every
 * transaction an immediate one, and tells `versions` which table each statement writes (Kysely
 * prepares a statement each time it runs one, so this sees every write). A row-scoped write (see
 * `rowScopedWrite`) is handed out wrapped, so that it tells `versions` its row and values each time
 * it runs; so are begin, commit and rollback, so that `versions` knows which writes were committed.
 */
function withStatementCache(sqlite: SQLite.Database, versions: TableVersions, size = 300): SqliteDatabase {
  type Prepared = SQLite.Statement | ObservedStatement;
  const cache = new Map<string, { statement: Prepared; writes: StatementWrites }>();
  return {
    close: () => sqlite.close(),
    prepare(text) {
      // Kysely opens transactions with a deferred "begin". Between processes (the bot and the
      // operator's CLI) a deferred transaction that reads and then writes can fail at once with
      // "database is locked"; an immediate one takes the write lock first and waits its turn.
      const sql = text === "begin" ? "begin immediate" : text;
      const cached = cache.get(sql);
      if (cached) {
        versions.noteWrites(cached.writes);
        cache.delete(sql);
        cache.set(sql, cached);
        return cached.statement as SQLite.Statement;
      }
      const prepared = sqlite.prepare(sql);
      const rowWrite = rowScopedWrite(sql);
      const event = transactionEvent(sql);
      const statement = rowWrite
        ? new ObservedStatement(
            prepared,
            rowScopedRun(rowWrite, versions, () => sqlite.inTransaction),
          )
        : event
          ? new ObservedStatement(prepared, transactionRun(event, versions))
          : prepared;
      const writes = rowWrite ? null : statementWrites(sql);
      versions.noteWrites(writes);
      cache.set(sql, { statement, writes });
      if (cache.size > size) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return statement as SQLite.Statement;
    },
  };
}

type Observer = (parameters: readonly unknown[], run: () => SQLite.RunResult) => SQLite.RunResult;

/** A statement that returns no rows, whose every run goes through `observe`. */
class ObservedStatement {
  readonly reader = false;

  constructor(
    private readonly statement: SQLite.Statement,
    private readonly observe: Observer,
  ) {}

  run(parameters: readonly unknown[]): SQLite.RunResult {
    return this.observe(parameters, () => this.statement.run(parameters));
  }

  // It returns no rows: better-sqlite3 refuses these, as it would unwrapped.
  all(parameters: readonly unknown[]): unknown[] {
    return this.statement.all(parameters);
  }

  iterate(parameters: readonly unknown[]): IterableIterator<unknown> {
    return this.statement.iterate(parameters);
  }
}

/** A one-row update by id: notes its row (the last parameter) and, once run, the values it wrote. */
function rowScopedRun(
  write: RowScopedWrite,
  versions: TableVersions,
  inTransaction: () => boolean,
): Observer {
  return (parameters, run) => {
    const values: Record<string, unknown> = {};
    write.columns.forEach((column, i) => {
      values[column] = parameters[i];
    });
    const id = parameters[write.columns.length];
    const version = versions.noteRowWrite(write.table, id);
    const result = run();
    // Ran: inside a transaction it counts once that commits; outside, it already has.
    versions.noteRowWritten(write.table, id, values, version, inTransaction());
    return result;
  };
}

/** Begin, commit or rollback: `versions` is told once it has run. */
function transactionRun(event: TransactionEvent, versions: TableVersions): Observer {
  return (_parameters, run) => {
    const result = run();
    versions.noteTransaction(event);
    return result;
  };
}
