/**
 * The operator's command line: `npm run admin -- <command>`.
 *   migrate                     apply migrations
 *   invite --role <role> [--state KZ | --org UNHCR]   print a single-use deep link
 *   people                      list everyone the bot knows
 *   backup <file>               online backup of the database, checked after writing
 *   restore <file>              replace the database with a checked backup (the bot must be stopped)
 *   audit [--since D] [--until D] [--state KZ] [--person N] [--out file.csv|file.xlsx]   the audit trail
 *   import-round <file> [<file2>]   a draft review round from round files, one per language
 *   export-round, export-participants   the documents of a round or a meeting (export-documents.ts)
 */
import "dotenv/config";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { Api } from "grammy";
import { createTranslations } from "../bot/i18n.js";
import { loadConfig, loadStorageConfig } from "../config.js";
import { openDatabase } from "../db/database.js";
import { migrateToLatest, pendingMigrations } from "../db/migrate.js";
import { lockDatabase, type ProcessLock, tryLockDatabase } from "../db/process-lock.js";
import { ROLES, type Role } from "../db/schema/people.js";
import { createInvitation, deepLink } from "../domain/people/invitations.js";
import { listPeople } from "../domain/people/people.js";
import { createRoundFromVersions, decodeRoundFile, parseVersions } from "../domain/reviews/import.js";
import { getSetting } from "../domain/settings.js";
import { writeCheckedBackup } from "../ops/backup-files.js";
import { systemClock } from "../outbox/clock.js";
import { auditCommand } from "./audit.js";
import { EXPORT_USAGE, exportParticipants, exportRound } from "./export-documents.js";
import { restoreCommand } from "./restore.js";

const USAGE = `usage: npm run admin -- <command>
  migrate
  invite --role <coordinator|alternate|observer|secretariat> [--state <ISO code> | --org <code>] [--days <n>]
  people
  backup <file>
  restore <file>          (stop the bot first)
  audit [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--state <ISO code>] [--person <number>] [--out <file.csv|file.xlsx>]
  import-round <file> [<file2>] [--language <code for a file without a language: line, default ru>]
    (round files as described in src/content/rounds/FORMAT.md)
${EXPORT_USAGE}`;

async function botUsername(db: Parameters<typeof getSetting>[0]): Promise<string> {
  const stored = await getSetting(db, "bot_username");
  if (stored) return stored;
  const config = loadConfig(process.env);
  const me = await new Api(config.botToken, { apiRoot: config.apiRoot }).getMe();
  return me.username;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const storage = loadStorageConfig(process.env);
  if (command === "restore") return restoreCommand(storage.databasePath, rest);
  // migrate needs the database to itself; the others work beside a running bot, which has
  // applied the migrations itself: they migrate only when no bot runs.
  let lock: ProcessLock | undefined =
    command === "migrate"
      ? lockDatabase(storage.databasePath, "migrate refused")
      : tryLockDatabase(storage.databasePath);
  const { db, sqlite } = openDatabase(storage.databasePath);
  try {
    if (lock) {
      await migrateToLatest(db);
      lock.release();
      lock = undefined;
    } else {
      const pending = await pendingMigrations(db);
      if (pending.length) {
        console.error(
          `the running bot has not applied this version's migrations (${pending.join(", ")}): it is an older version; restart it with this one first`,
        );
        return 1;
      }
    }
    switch (command) {
      case "migrate":
        console.log(`database ${storage.databasePath} is at the latest migration`);
        return 0;
      case "invite": {
        const { values } = parseArgs({
          args: rest,
          options: {
            role: { type: "string" },
            state: { type: "string" },
            org: { type: "string" },
            days: { type: "string" },
          },
        });
        const role = ROLES.find((r) => r === values.role) as Role | undefined;
        if (!role) {
          console.error(`--role must be one of ${ROLES.join(", ")}`);
          return 2;
        }
        const { code, invitation } = await createInvitation(db, {
          role,
          stateCode: values.state?.toUpperCase() ?? null,
          orgCode: values.org?.toUpperCase() ?? null,
          createdBy: null,
          ttlDays: Number(values.days ?? 7),
          now: systemClock.now(),
        });
        console.log(deepLink(await botUsername(db), code));
        console.error(`single use, expires ${new Date(invitation.expires_at).toISOString()}`);
        return 0;
      }
      case "people": {
        const people = await listPeople(db, "en");
        if (people.length === 0) console.log("nobody yet");
        for (const p of people) {
          const where = p.state_name ?? p.org_name ?? "secretariat";
          const status = p.deactivated_at ? " (deactivated)" : p.bot_blocked_at ? " (blocked the bot)" : "";
          console.log(
            `${p.id}\t${p.role}\t${where}\t${p.name}\t${p.language ?? "-"}\t${new Date(p.last_seen_at).toISOString()}${status}`,
          );
        }
        return 0;
      }
      case "backup": {
        const file = rest[0];
        if (!file) {
          console.error("backup needs a file name");
          return 2;
        }
        const { bytes } = await writeCheckedBackup(sqlite, file);
        console.log(`backup written to ${file} (${bytes} bytes, integrity ok)`);
        return 0;
      }
      case "audit":
        return await auditCommand(db, rest);
      case "import-round": {
        const { values, positionals } = parseArgs({
          args: rest,
          options: { language: { type: "string" } },
          allowPositionals: true,
        });
        return await importRound(db, positionals, values.language?.toLowerCase() ?? "ru");
      }
      case "export-round":
        return await exportRound(db, rest, systemClock);
      case "export-participants":
        return await exportParticipants(db, rest, systemClock);
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    lock?.release();
    await db.destroy();
  }
}

/** Creates a draft round from one or two language versions; prints every problem with its line. */
async function importRound(db: Parameters<typeof getSetting>[0], files: string[], fallbackLang: string) {
  if (files.length === 0 || files.length > 2) {
    console.error("import-round needs one or two files (one per language)");
    return 2;
  }
  const t = (await createTranslations("en")).forLanguage("en");
  const plain = { interpolation: { escapeValue: false } };
  const parsed = parseVersions(
    files.map((file) => ({ label: basename(file), text: decodeRoundFile(readFileSync(file)) })),
    fallbackLang,
  );
  if (!parsed.ok) {
    console.error("Nothing was created. Please correct the files and run the command again:");
    for (const problem of parsed.problems) {
      if (problem.kind === "parse") {
        console.error(`${problem.label}:`);
        for (const e of problem.errors)
          console.error(`  ${t(`round_file:${e.key}`, { ...e.params, ...plain })}`);
      } else {
        for (const m of problem.mismatches)
          console.error(`  ${t(`round_file:${m.key}`, { ...m.params, ...plain })}`);
      }
    }
    return 1;
  }
  const { roundId } = await createRoundFromVersions(db, {
    versions: parsed.versions,
    actor: null,
    now: systemClock.now(),
  });
  const [first] = parsed.versions;
  console.log(
    `draft round #${roundId} created (${parsed.versions.map((v) => v.lang).join(", ")}): ${first?.file.title ?? ""}`,
  );
  console.log("the secretariat opens it in Telegram with /rounds");
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
