/**
 * Opens the SQLite database (WAL, foreign keys on) behind a typed Kysely instance, and takes
 * checked online backups of it.
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, type DatabaseConnection, Kysely, SqliteDialect, SqliteDriver } from "kysely";
import { OperatorError } from "../operator-error.js";
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

/**
 * Creates the database's folder one level at a time. (A recursive mkdir in a place that can never
 * hold one, such as /proc, makes Node retry forever instead of failing.)
 */
export function createDatabaseFolder(path: string): void {
  const folder = resolve(dirname(path));
  const missing: string[] = [];
  let existing = folder;
  while (!existsSync(existing)) {
    missing.unshift(existing);
    existing = dirname(existing);
  }
  const cannot = (why: string) =>
    new OperatorError(
      `DATABASE_PATH=${path}: the folder ${folder} ${why}; set DATABASE_PATH to a file in a folder the bot's user can write to`,
    );
  if (!statSync(existing).isDirectory()) throw cannot(`cannot be created (${existing} is not a folder)`);
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      throw cannot(`cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw cannot("is not writable");
  }
}

/** Opens (and creates, with its folder) the database file; `:memory:` for tests. */
export function openDatabase(path: string): OpenedDatabase {
  if (path !== ":memory:") createDatabaseFolder(path);
  let sqlite: SQLite.Database | undefined;
  try {
    sqlite = new SQLite(path);
    sqlite.pragma("journal_mode = WAL");
  } catch (error) {
    sqlite?.close();
    const code = (error as { code?: string }).code;
    const what =
      code === "SQLITE_NOTADB"
        ? "is not an SQLite database"
        : `cannot be opened (${code ?? (error as Error).message})`;
    throw new OperatorError(
      `DATABASE_PATH=${path} ${what}; point DATABASE_PATH at the bot's database, or at a new file to start afresh`,
    );
  }
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  const db = new Kysely<Database>({ dialect: new ImmediateTransactionDialect(sqlite) });
  return { db, sqlite };
}
