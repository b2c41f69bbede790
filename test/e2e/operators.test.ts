/**
 * What the operator meets when starting the bot: no invitation ever reaches the log, and each
 * problem only they can fix stops or warns with one line that names the setting and what to do.
 */
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { Migrator } from "kysely/migration";
import { afterEach, describe, expect, it } from "vitest";
import { NumberedMigrationProvider } from "../../src/db/migrate.js";
import { BotProcess, type LogLine } from "../support/bot-process.js";
import { FakeTelegram } from "../support/fake-telegram.js";
import { joinWith } from "../support/scenario.js";

const TOKEN = "7000000001:AAoperators-test-token-for-the-fake";
const OTHER_TOKEN = "7000000002:AAanother-token-nobody-issued";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

async function fakeServer(port = 0): Promise<FakeTelegram> {
  const fake = new FakeTelegram({ token: TOKEN });
  await fake.start(port);
  cleanup.push(() => fake.stop());
  return fake;
}

function botOn(apiRoot: string, env: Record<string, string> = {}, token = TOKEN): BotProcess {
  const bot = new BotProcess({ apiRoot, token, env: { LOG_LEVEL: "info", ...env } });
  cleanup.push(() => bot.stop());
  return bot;
}

/** The lines the process wrote at warning level or above, as the operator reads them. */
function problems(bot: BotProcess): LogLine[] {
  return bot.logs.filter((l) => l.level >= 40);
}

function count(path: string, sql: string): number {
  const db = new SQLite(path, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("operators", () => {
  it("with nobody in the secretariat the log says how to make the first invitation and holds no code; restarts make none", async () => {
    const fake = await fakeServer();
    const bot = botOn(fake.apiRoot);
    await bot.start();
    await bot.stop();
    await bot.start();
    const notes = bot.logs.filter((l) => /no secretariat member yet/.test(l.msg));
    expect(notes).toHaveLength(2);
    expect(notes[0]?.msg).toContain("npm run admin -- invite --role secretariat");
    expect(bot.rawOutput).not.toMatch(/start=/);
    expect(count(bot.databasePath, "SELECT COUNT(*) AS n FROM invitations")).toBe(0);

    // The operator's own invitation works, and once someone is in, the note stops.
    const { stdout } = await bot.admin("invite", "--role", "secretariat");
    await joinWith(fake.user({ id: 100, first_name: "Saule", language_code: "en" }), stdout.trim());
    await bot.stop();
    const before = bot.logs.length;
    await bot.start();
    expect(bot.logs.slice(before).some((l) => /no secretariat member yet/.test(l.msg))).toBe(false);
  });

  it("a secretariat link an earlier version left in the log is revoked by the upgrade", async () => {
    const fake = await fakeServer();
    const bot = botOn(fake.apiRoot);
    // The database as version 0.1 left it: every migration before the revocation, and its own link.
    const sqlite = new SQLite(bot.databasePath);
    const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
    const migrator = new Migrator({ db, provider: new NumberedMigrationProvider() });
    const { error } = await migrator.migrateTo("0007_document_language");
    expect(error).toBeUndefined();
    const now = Date.now();
    sqlite
      .prepare(
        "INSERT INTO invitations (code_hash, code_hint, role, created_at, expires_at) VALUES ('x', 'abcd', 'secretariat', ?, ?)",
      )
      .run(now, now + 7 * 86_400_000);
    await db.destroy();

    await bot.start();
    const db2 = new SQLite(bot.databasePath, { readonly: true });
    const row = db2.prepare("SELECT revoked_at FROM invitations").get() as { revoked_at: number | null };
    const audited = db2.prepare("SELECT action FROM audit_log WHERE subject = 'invitation:1'").all();
    db2.close();
    expect(row.revoked_at).not.toBeNull();
    expect(audited).toEqual([{ action: "invitation.revoked" }]);
  });

  it("a database path that cannot be created, or a file that is not a database, stops the start with one line", async () => {
    const fake = await fakeServer();
    const impossible = botOn(fake.apiRoot, { DATABASE_PATH: "/proc/almaty-process-bot/bot.sqlite" });
    expect(await impossible.startUntilExit(10_000)).toBe(1);
    expect(problems(impossible).map((l) => l.msg)).toEqual([
      expect.stringMatching(
        /^DATABASE_PATH=\/proc\/almaty-process-bot\/bot\.sqlite: the folder .* cannot be created/,
      ),
    ]);
    expect(impossible.rawOutput).not.toMatch(/\n\s+at /);

    const notDatabase = botOn(fake.apiRoot);
    const file = join(notDatabase.dir, "notes.txt");
    writeFileSync(file, "Minutes of the meeting of national coordinators, not a database.\n".repeat(20));
    const wrong = botOn(fake.apiRoot, { DATABASE_PATH: file });
    expect(await wrong.startUntilExit(10_000)).toBe(1);
    expect(problems(wrong).map((l) => l.msg)).toEqual([
      `DATABASE_PATH=${file} is not an SQLite database; point DATABASE_PATH at the bot's database, or at a new file to start afresh`,
    ]);
  });

  it("a token Telegram refuses stops the start with one line naming BOT_TOKEN", async () => {
    const fake = await fakeServer();
    const bot = botOn(fake.apiRoot, {}, OTHER_TOKEN);
    expect(await bot.startUntilExit(10_000)).toBe(1);
    expect(problems(bot).map((l) => l.msg)).toEqual([
      expect.stringMatching(/^BOT_TOKEN was refused by Telegram \(401 Unauthorized\); copy the token again/),
    ]);
    expect(bot.rawOutput).not.toContain(OTHER_TOKEN);
  });

  it("an unreachable Bot API is named in a warning while the bot retries, and the bot starts once it answers", async () => {
    const port = await freePort();
    const apiRoot = `http://127.0.0.1:${port}`;
    const bot = botOn(apiRoot);
    const started = bot.start(60_000);
    const warning = await bot.waitForLog((l) => l.level === 40, 15_000, "the unreachable warning");
    expect(warning.msg).toBe(
      `Telegram Bot API unreachable at ${apiRoot}; retrying. Check this server's network, or TELEGRAM_API_ROOT if it is set`,
    );
    expect(warning.reason).toBe("ECONNREFUSED");
    await new Promise((r) => setTimeout(r, 6_000));
    // Repeated at an interval, not on every retry.
    expect(bot.logs.filter((l) => l.level === 40)).toHaveLength(1);
    await fakeServer(port);
    await started;
    expect(bot.logs.some((l) => l.msg === "Telegram Bot API reachable again")).toBe(true);
    expect(bot.rawOutput).not.toContain(TOKEN);
  });

  it("a second process polling with the same token stops with one line saying so", async () => {
    const fake = await fakeServer();
    const first = botOn(fake.apiRoot);
    await first.start();
    const second = botOn(fake.apiRoot);
    await second.start();
    // Each long poll of one ends the other's: one of them gives way, with the reason.
    const deadline = Date.now() + 20_000;
    while (first.pid !== undefined && second.pid !== undefined && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const stopped = first.pid === undefined ? first : second;
    expect(stopped.pid).toBeUndefined();
    const lines = problems(stopped).filter((l) => !/no secretariat member yet/.test(l.msg));
    expect(lines.map((l) => l.msg)).toEqual([
      expect.stringMatching(
        /^another process is already receiving updates with this BOT_TOKEN \(409 Conflict\)/,
      ),
    ]);
    expect(stopped.rawOutput).not.toMatch(/\n\s+at |unhandled/i);
  });
});
