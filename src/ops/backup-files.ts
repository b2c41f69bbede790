/**
 * Backup files of the database: written online while the bot runs, checked before they count,
 * and put back in place by the operator's restore.
 *
 * A backup is one self-contained SQLite file (rollback journal, not WAL), so it can be copied,
 * checked and restored without companion files. It is written under a temporary name and renamed
 * only once `PRAGMA integrity_check` passed: a file with the final name is always a checked one.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { copyFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import SQLite from "better-sqlite3";

/** A backup or database file that failed its check; the message says what to do. */
export class BackupCheckFailed extends Error {
  override name = "BackupCheckFailed";
}

/** Opens `file` read-write (it must be a copy: it is changed), makes it self-contained and checks it. */
function settleAndCheck(file: string, knownMigrations?: ReadonlySet<string>): void {
  let copy: SQLite.Database;
  try {
    copy = new SQLite(file, { fileMustExist: true });
  } catch (error) {
    throw new BackupCheckFailed(`${file} cannot be opened as a database: ${String(error)}`);
  }
  try {
    copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok")
      throw new BackupCheckFailed(`${file} failed PRAGMA integrity_check: ${String(check)}`);
    const tables = new Set(
      copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
    );
    if (!tables.has("people") || !tables.has("kysely_migration"))
      throw new BackupCheckFailed(`${file} is a SQLite file but not a database of this bot`);
    if (knownMigrations) {
      const applied = copy.prepare("SELECT name FROM kysely_migration").pluck().all() as string[];
      const unknown = applied.filter((name) => !knownMigrations.has(name));
      if (unknown.length)
        throw new BackupCheckFailed(
          `${file} was made by a newer version of the bot (migrations ${unknown.join(", ")}); upgrade the bot first`,
        );
    }
  } catch (error) {
    copy.close();
    if (error instanceof BackupCheckFailed) throw error;
    throw new BackupCheckFailed(`${file} is damaged or not a database: ${(error as Error).message}`);
  }
  copy.close();
}

/**
 * Takes an online backup of the open database into `file` (the bot keeps running; the backup
 * steps between other work), then checks it. Returns its size in bytes.
 */
export async function writeCheckedBackup(sqlite: SQLite.Database, file: string): Promise<{ bytes: number }> {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    await sqlite.backup(partial);
    settleAndCheck(partial);
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
    rmSync(`${partial}-journal`, { force: true });
  }
  return { bytes: statSync(file).size };
}

/** The name under which a replaced database is kept: `<db>.replaced-<UTC stamp>`. */
export function replacedName(databasePath: string, now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${databasePath}.replaced-${stamp}`;
}

/** Moves a database and its WAL aside together (SQLite finds a WAL by its name); drops the shm. */
function moveAside(databasePath: string, to: string): void {
  renameSync(databasePath, to);
  if (existsSync(`${databasePath}-wal`)) renameSync(`${databasePath}-wal`, `${to}-wal`);
  rmSync(`${databasePath}-shm`, { force: true });
  rmSync(`${databasePath}-journal`, { force: true });
}

/** Folds a database's WAL into its file, so the file alone holds everything (best effort). */
function checkpoint(databasePath: string): void {
  try {
    const db = new SQLite(databasePath, { fileMustExist: true, timeout: 0 });
    try {
      db.pragma("wal_checkpoint(TRUNCATE)");
    } finally {
      db.close();
    }
  } catch {
    // A damaged database cannot be checkpointed: it is kept aside with its WAL as it is.
  }
}

export interface RestoreResult {
  /** Where the database that was replaced is kept, if there was one. */
  keptAs: string | undefined;
}

/**
 * Replaces the database with a checked copy of `backupFile`. The caller holds the database's
 * process lock (no bot runs). The backup file itself is not changed; the replaced database is
 * kept beside the new one, with its WAL, and no stale WAL or shm is left for the restored file.
 */
export async function restoreBackup(options: {
  databasePath: string;
  backupFile: string;
  now: number;
  knownMigrations?: ReadonlySet<string>;
}): Promise<RestoreResult> {
  const { databasePath, backupFile, now } = options;
  if (!existsSync(backupFile)) throw new BackupCheckFailed(`${backupFile} does not exist`);
  mkdirSync(dirname(databasePath), { recursive: true });
  const incoming = `${databasePath}.restoring`;
  rmSync(incoming, { force: true });
  try {
    await copyFile(backupFile, incoming);
    // Older backups may be in WAL mode with their WAL beside them: bring it along.
    if (existsSync(`${backupFile}-wal`)) await copyFile(`${backupFile}-wal`, `${incoming}-wal`);
    settleAndCheck(incoming, options.knownMigrations);
    let keptAs: string | undefined;
    if (existsSync(databasePath)) {
      checkpoint(databasePath);
      keptAs = replacedName(databasePath, now);
      moveAside(databasePath, keptAs);
    } else {
      rmSync(`${databasePath}-wal`, { force: true });
      rmSync(`${databasePath}-shm`, { force: true });
    }
    renameSync(incoming, databasePath);
    return { keptAs };
  } finally {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${incoming}${suffix}`, { force: true });
  }
}

/** The file name of the daily backup of `databasePath` for a local date (YYYY-MM-DD). */
export function dailyBackupName(databasePath: string, day: string): string {
  return `${stemOf(databasePath)}-${day}.sqlite`;
}

function stemOf(databasePath: string): string {
  return basename(databasePath).replace(/\.(sqlite3?|db)$/i, "");
}

/** The daily backups of `databasePath` in `dir`, newest first (manual backups are not listed). */
export function listDailyBackups(dir: string, databasePath: string): string[] {
  if (!existsSync(dir)) return [];
  const stem = stemOf(databasePath).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`^${stem}-\\d{4}-\\d{2}-\\d{2}\\.sqlite$`);
  return readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort()
    .reverse();
}

/** Deletes all but the newest `keep` daily backups; returns the names removed. */
export function pruneDailyBackups(dir: string, databasePath: string, keep: number): string[] {
  const old = listDailyBackups(dir, databasePath).slice(keep);
  for (const name of old) rmSync(join(dir, name), { force: true });
  return old;
}
