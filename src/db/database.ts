/**
 * Opens the SQLite database (WAL, foreign keys on) behind a typed Kysely instance, and takes
 * checked online backups of it.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, type DatabaseConnection, Kysely, SqliteDialect, SqliteDriver } from "kysely";
import type { Database } from "./schema.js";

export type Db = Kysely<Database>;

export interface OpenedDatabase {
  db: Db;
  /** The raw connection, for pragmas and online backups only. */
  sqlite: SQLite.Database;
}

/**
 * Kysely's SQLite driver with one change: transactions begin IMMEDIATE. The bot and the operator's
 * CLI are two processes on one file; a deferred transaction that reads and then writes fails at once
 * with "database is locked" when the other process wrote in between, while an immediate one takes
 * the write lock first and waits its turn (busy_timeout).
 */
class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateTransactionDialect extends SqliteDialect {
  constructor(private readonly sqlite: SQLite.Database) {
    super({ database: sqlite });
  }

  override createDriver(): SqliteDriver {
    return new ImmediateTransactionDriver({ database: this.sqlite });
  }
}

/** Opens (and creates, with its folder) the database file; `:memory:` for tests. */
export function openDatabase(path: string): OpenedDatabase {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db = new Kysely<Database>({ dialect: new ImmediateTransactionDialect(sqlite) });
  return { db, sqlite };
}

/** Takes an online backup into `file` while the bot keeps running, then checks it opens clean. */
export async function backupDatabase(sqlite: SQLite.Database, file: string): Promise<{ pages: number }> {
  mkdirSync(dirname(file), { recursive: true });
  const result = await sqlite.backup(file);
  const copy = new SQLite(file, { readonly: true });
  try {
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new Error(`backup integrity check failed: ${String(check)}`);
  } finally {
    copy.close();
  }
  return { pages: result.totalPages };
}
