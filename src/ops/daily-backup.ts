/**
 * The daily backup: at `BACKUP_TIME` (local time in `TZ_DEFAULT`, a node-cron schedule) an online,
 * checked backup of the database goes into `BACKUP_DIR`, and only the newest `BACKUP_KEEP` daily
 * backups are kept. The backup directory is the record of what was done: a day whose file exists
 * is done, so a restart neither repeats nor skips it, and a bot that was down at the set time
 * makes the day's backup when it comes back.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type SQLite from "better-sqlite3";
import { localDateKey, wallTimeAt } from "../domain/wall-time.js";
import type { Logger } from "../logger.js";
import type { PeriodicJob } from "../outbox/scheduler.js";
import { dailyBackupName, pruneDailyBackups, writeCheckedBackup } from "./backup-files.js";

export interface DailyBackupOptions {
  sqlite: SQLite.Database;
  databasePath: string;
  dir: string;
  /** Local time "HH:MM" in `timeZone`. */
  time: string;
  timeZone: string;
  keep: number;
  logger: Logger;
  /** Told of every attempt (metrics). */
  onOutcome?: (outcome: { ok: boolean; at: number; bytes?: number }) => void;
}

/** After a failure, the next attempt waits this long (a full disk is not fixed in 30 seconds). */
const RETRY_AFTER_MS = 3_600_000;

/** The day whose backup is due at `now`, or null when none is. */
export function dueBackupDay(
  now: number,
  o: Pick<DailyBackupOptions, "time" | "timeZone" | "dir" | "databasePath">,
) {
  const [h = 0, m = 0] = o.time.split(":").map(Number);
  const local = wallTimeAt(now, o.timeZone);
  if (local.hour * 60 + local.minute < h * 60 + m) return null;
  const day = localDateKey(now, o.timeZone);
  return existsSync(join(o.dir, dailyBackupName(o.databasePath, day))) ? null : day;
}

/**
 * The jobs, for the scheduler when `BACKUP_DIR` is set: the backup at its time, and a check each
 * minute for a day whose backup is still missing (the bot was down at the time, or it failed).
 */
export function dailyBackupJobs(o: DailyBackupOptions): PeriodicJob[] {
  let failedAt = Number.NEGATIVE_INFINITY;
  const [hour, minute] = o.time.split(":").map(Number);
  let running = false;
  const backup = {
    async run(now: number) {
      if (running || (now - failedAt < RETRY_AFTER_MS && now >= failedAt)) return;
      const day = dueBackupDay(now, o);
      if (!day) return;
      running = true;
      const file = join(o.dir, dailyBackupName(o.databasePath, day));
      const started = Date.now();
      try {
        const { bytes } = await writeCheckedBackup(o.sqlite, file);
        const removed = pruneDailyBackups(o.dir, o.databasePath, o.keep);
        failedAt = Number.NEGATIVE_INFINITY;
        o.logger.info({ file, bytes, ms: Date.now() - started, removed }, "daily backup written and checked");
        o.onOutcome?.({ ok: true, at: now, bytes });
      } catch (error) {
        failedAt = now;
        o.logger.error(
          { file, err: error instanceof Error ? error.message : String(error) },
          "daily backup FAILED: check that BACKUP_DIR exists, is writable by the bot's user and has free space; the bot tries again in an hour, or run `npm run admin -- backup <file>` by hand",
        );
        o.onOutcome?.({ ok: false, at: now });
      } finally {
        running = false;
      }
    },
  };
  return [
    { name: "daily backup", cron: `0 ${minute} ${hour} * * *`, timeZone: o.timeZone, run: backup.run },
    { name: "daily backup, catching up", cron: "45 * * * * *", run: backup.run },
  ];
}
