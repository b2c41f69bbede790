/**
 * `npm run admin -- restore <file>`: puts a backup in place of the database. Refuses while the
 * bot (or another restore or migrate) runs on it, checks the backup first, and keeps the replaced
 * database beside the new one.
 */
import { readdirSync } from "node:fs";
import { migrationsFolder } from "../db/migrate.js";
import { lockDatabase } from "../db/process-lock.js";
import { restoreBackup } from "../ops/backup-files.js";

/** The migrations this version knows: a backup that has applied others is from a newer version. */
function knownMigrations(): Set<string> {
  const names = readdirSync(migrationsFolder())
    .map((file) => /^(\d{4}_[\w-]+)\.(js|ts)$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined);
  return new Set(names);
}

export async function restoreCommand(databasePath: string, args: readonly string[]): Promise<number> {
  const [file] = args;
  if (!file || args.length !== 1) {
    console.error("restore needs exactly one backup file: npm run admin -- restore <file>");
    return 2;
  }
  const lock = lockDatabase(databasePath, "restore refused");
  try {
    const { keptAs } = await restoreBackup({
      databasePath,
      backupFile: file,
      now: Date.now(),
      knownMigrations: knownMigrations(),
    });
    console.log(`restored ${file} into ${databasePath} (integrity ok)`);
    if (keptAs) console.log(`the database it replaced is kept as ${keptAs} (delete it once you are sure)`);
    console.log(
      "now start the bot (sudo systemctl start almaty-process-bot); it applies any newer migrations",
    );
    return 0;
  } finally {
    lock.release();
  }
}
