import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type OpenedDatabase, openDatabase } from "../../src/db/database.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { createLogger } from "../../src/logger.js";
import {
  BackupCheckFailed,
  listDailyBackups,
  restoreBackup,
  writeCheckedBackup,
} from "../../src/ops/backup-files.js";
import { dailyBackupJobs, dueBackupDay } from "../../src/ops/daily-backup.js";

let dir: string;
let opened: OpenedDatabase;
let databasePath: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "backups-"));
  databasePath = join(dir, "data", "bot.sqlite");
  opened = openDatabase(databasePath);
  await migrateToLatest(opened.db);
  opened.sqlite.prepare("INSERT INTO settings (key, value) VALUES ('marker', 'before')").run();
});
afterEach(async () => {
  await opened.db.destroy();
});

const marker = (path: string) => {
  const db = new SQLite(path, { readonly: true });
  try {
    return db.prepare("SELECT value FROM settings WHERE key = 'marker'").pluck().get();
  } finally {
    db.close();
  }
};

describe("backup files", () => {
  it("a backup is one self-contained, checked file; restoring it keeps the replaced database with its WAL", async () => {
    const file = join(dir, "out", "b.sqlite");
    await writeCheckedBackup(opened.sqlite, file);
    expect(readdirSync(join(dir, "out"))).toEqual(["b.sqlite"]);
    opened.sqlite.prepare("UPDATE settings SET value = 'after' WHERE key = 'marker'").run();
    await opened.db.destroy();
    // A WAL left beside the database (as after a crash) must not be applied to the restored file.
    const crashed = new SQLite(databasePath);
    crashed.pragma("wal_autocheckpoint = 0");
    crashed.prepare("UPDATE settings SET value = 'in the wal' WHERE key = 'marker'").run();
    const { keptAs } = await restoreBackup({ databasePath, backupFile: file, now: Date.UTC(2027, 2, 20) });
    crashed.close();
    expect(keptAs).toBe(`${databasePath}.replaced-20270320T000000Z`);
    expect(marker(keptAs ?? "")).toBe("in the wal");
    expect(existsSync(`${databasePath}-wal`)).toBe(false);
    expect(marker(databasePath)).toBe("before");
    opened = openDatabase(databasePath);
  });

  it("a damaged file, a foreign database and a newer version's backup are refused and change nothing", async () => {
    const garbage = join(dir, "garbage.sqlite");
    writeFileSync(garbage, "not a database at all, just text that is long enough to be read");
    await expect(restoreBackup({ databasePath, backupFile: garbage, now: 0 })).rejects.toThrow(
      BackupCheckFailed,
    );
    const foreign = join(dir, "foreign.sqlite");
    const other = new SQLite(foreign);
    other.exec("CREATE TABLE notes (x)");
    other.close();
    await expect(restoreBackup({ databasePath, backupFile: foreign, now: 0 })).rejects.toThrow(
      /not a database of this bot/,
    );
    const newer = join(dir, "newer.sqlite");
    await writeCheckedBackup(opened.sqlite, newer);
    await expect(
      restoreBackup({
        databasePath,
        backupFile: newer,
        now: 0,
        knownMigrations: new Set(["0001_reference_data"]),
      }),
    ).rejects.toThrow(/newer version of the bot .*upgrade the bot first/);
    await expect(restoreBackup({ databasePath, backupFile: join(dir, "none"), now: 0 })).rejects.toThrow(
      /does not exist/,
    );
    expect(marker(databasePath)).toBe("before");
    expect(
      readdirSync(join(dir, "data")).filter((f) => f.includes("replaced") || f.includes("restoring")),
    ).toEqual([]);
  });
});

describe("the daily backup", () => {
  const schedule = (backups: string) => ({
    time: "09:00",
    timeZone: "Asia/Almaty",
    dir: backups,
    databasePath,
  });

  it("is due from the set local time until the day's file exists", () => {
    const backups = join(dir, "daily");
    expect(dueBackupDay(Date.parse("2027-03-20T03:59:00Z"), schedule(backups))).toBeNull();
    expect(dueBackupDay(Date.parse("2027-03-20T04:00:00Z"), schedule(backups))).toBe("2027-03-20");
    // 23:30 in Almaty: still the 20th there.
    expect(dueBackupDay(Date.parse("2027-03-20T18:30:00Z"), schedule(backups))).toBe("2027-03-20");
  });

  it("writes the day's backup once, keeps the newest ones, and waits an hour after a failure", async () => {
    const backups = join(dir, "daily");
    const outcomes: boolean[] = [];
    const [job] = dailyBackupJobs({
      sqlite: opened.sqlite,
      ...schedule(backups),
      keep: 2,
      logger: createLogger("silent"),
      onOutcome: ({ ok }) => outcomes.push(ok),
    });
    for (const day of ["2027-03-18", "2027-03-19", "2027-03-20", "2027-03-21"]) {
      await job?.run(Date.parse(`${day}T04:30:00Z`));
      await job?.run(Date.parse(`${day}T05:00:00Z`));
    }
    expect(listDailyBackups(backups, databasePath)).toEqual([
      "bot-2027-03-21.sqlite",
      "bot-2027-03-20.sqlite",
    ]);
    expect(outcomes).toEqual([true, true, true, true]);

    const blocked = join(dir, "a-file");
    writeFileSync(blocked, "");
    const [failing] = dailyBackupJobs({
      sqlite: opened.sqlite,
      ...schedule(blocked),
      keep: 2,
      logger: createLogger("silent"),
      onOutcome: ({ ok }) => outcomes.push(ok),
    });
    const at = Date.parse("2027-03-22T05:00:00Z");
    await failing?.run(at);
    await failing?.run(at + 30_000);
    await failing?.run(at + 3_600_000);
    expect(outcomes.slice(4)).toEqual([false, false]);
  });
});
