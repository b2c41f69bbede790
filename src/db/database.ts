/**
 * Opens the SQLite database (WAL, foreign keys on) behind a typed Kysely instance.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "./schema.js";

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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
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
