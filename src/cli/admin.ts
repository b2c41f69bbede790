/**
 * The operator's command line: `npm run admin -- <command>`.
 *   migrate                     apply migrations
 *   invite --role <role> [--state KZ | --org UNHCR]   print a single-use deep link
 *   people                      list everyone the bot knows
 *   backup <file>               online backup of the database, checked after writing
 */
import "dotenv/config";
import { parseArgs } from "node:util";
import { Api } from "grammy";
import { loadConfig, loadStorageConfig } from "../config.js";
import { backupDatabase, openDatabase } from "../db/database.js";
import { migrateToLatest } from "../db/migrate.js";
import { ROLES, type Role } from "../db/schema/people.js";
import { createInvitation, deepLink } from "../domain/invitations.js";
import { listPeople } from "../domain/people.js";
import { getSetting } from "../domain/settings.js";
import { systemClock } from "../outbox/clock.js";

const USAGE = `usage: npm run admin -- <command>
  migrate
  invite --role <coordinator|alternate|observer|secretariat> [--state <ISO code> | --org <code>] [--days <n>]
  people
  backup <file>`;

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
  const { db, sqlite } = openDatabase(storage.databasePath);
  try {
    await migrateToLatest(db);
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
        const { pages } = await backupDatabase(sqlite, file);
        console.log(`backup written to ${file} (${pages} pages, integrity ok)`);
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
