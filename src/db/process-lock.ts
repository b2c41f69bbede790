/**
 * One bot process per database, held by the operating system rather than remembered in the data.
 *
 * The lock is `<database>.lock`, a tiny SQLite file this process opens in exclusive locking mode
 * and keeps inside an exclusive transaction for its whole life. SQLite takes POSIX advisory locks
 * on it, and the kernel drops those the moment the process ends, however it ends (clean stop,
 * crash, `kill -9`, power cut followed by a reboot): nothing is left behind that a later start has
 * to interpret, and nothing about the running process is stored in the database or its backups.
 * It needs no native package beyond the SQLite driver the bot already has; lock-file packages that
 * write a file and judge it stale by its age or a stored process id are the very thing replaced.
 *
 * The restore and migrate commands take the same lock, so they refuse while the bot runs and the
 * bot refuses to start while they work. Like every POSIX lock it is only as good as the file
 * system's locking: keep the database on a local disk, not a network share.
 */
import SQLite from "better-sqlite3";
import { OperatorError } from "../operator-error.js";
import { createDatabaseFolder } from "./database.js";

/** A held lock; release it on a clean stop (the kernel does it on any other end). */
export interface ProcessLock {
  readonly path: string;
  release(): void;
}

/** Another live process holds the lock. Its message is one line for the operator. */
export class ProcessLockHeld extends OperatorError {
  constructor(
    readonly databasePath: string,
    readonly lockPath: string,
    refused: string,
  ) {
    super(
      `${refused}: another process is using the database ${databasePath} (a running bot, or an ` +
        `operator's restore or migrate holds ${lockPath}); stop it first (with the shipped unit: sudo systemctl stop almaty-process-bot)`,
    );
  }
}

/** The lock file of a database. */
export function lockPathOf(databasePath: string): string {
  return `${databasePath}.lock`;
}

/**
 * Takes the database's lock for this process, or returns undefined at once when another live
 * process holds it. An in-memory database has no other process to keep out.
 */
export function tryLockDatabase(databasePath: string): ProcessLock | undefined {
  if (databasePath === ":memory:") return { path: ":memory:", release: () => {} };
  const path = lockPathOf(databasePath);
  createDatabaseFolder(databasePath);
  const file = new SQLite(path, { timeout: 0 });
  try {
    // The lock file never holds data: no journal, and the lock kept until the connection closes.
    file.pragma("journal_mode = OFF");
    file.pragma("locking_mode = EXCLUSIVE");
    file.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    file.close();
    if ((error as { code?: string }).code === "SQLITE_BUSY") return undefined;
    throw error;
  }
  let held = true;
  return {
    path,
    release() {
      if (!held) return;
      held = false;
      file.close();
    },
  };
}

/** Takes the lock or throws `ProcessLockHeld` naming the database and what was refused. */
export function lockDatabase(databasePath: string, refused = "the bot did not start"): ProcessLock {
  const lock = tryLockDatabase(databasePath);
  if (!lock) throw new ProcessLockHeld(databasePath, lockPathOf(databasePath), refused);
  return lock;
}
