/**
 * Upgrading keeps everything: the current bot starts on a database made by an older version
 * (test/fixtures/upgrade-from-058039b.sqlite: migrations 0001–0006, filled through that version's
 * own code; see make-upgrade-fixture.mjs), applies the newer migrations, loses nothing, and its
 * flows go on where the old version left them.
 */
import { copyFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { BotProcess } from "../support/bot-process.js";
import { FakeTelegram } from "../support/fake-telegram.js";
import { TOKEN } from "../support/scenario.js";

function fixturePath(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, "package.json")) || dir.endsWith("/dist")) dir = dirname(dir);
  return join(dir, "test", "fixtures", "upgrade-from-058039b.sqlite");
}

let fake: FakeTelegram | undefined;
let bot: BotProcess | undefined;
afterEach(async () => {
  await bot?.stop().catch(() => undefined);
  await fake?.stop();
  bot = undefined;
  fake = undefined;
});

function rows(path: string, sql: string): unknown[] {
  const db = new SQLite(path, { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

/** What must survive the upgrade unchanged. */
const KEPT = [
  "SELECT id, telegram_id, name, role, state_code, org_code, language, time_zone, joined_at FROM people ORDER BY id",
  "SELECT * FROM invitations ORDER BY id",
  "SELECT * FROM review_rounds ORDER BY id",
  "SELECT * FROM review_positions ORDER BY id",
  "SELECT * FROM review_comments ORDER BY id",
  "SELECT * FROM meetings ORDER BY id",
  "SELECT * FROM rsvps ORDER BY id",
  "SELECT * FROM delegation_members ORDER BY rsvp_id, ordinal",
  // Columns of that version (later ones add columns, such as the progress message's text).
  "SELECT id, created_by, created_at, status, audience, ack_requested, default_lang, recipients, progress_chat_id, progress_message_id, finished_at, resends FROM announcements ORDER BY id",
  "SELECT * FROM audit_log ORDER BY id",
];

describe("upgrading from an older version", () => {
  it("applies the newer migrations, keeps every row, and the people carry on where they were", async () => {
    fake = new FakeTelegram({ token: TOKEN });
    await fake.start();
    bot = new BotProcess({ apiRoot: fake.apiRoot, token: TOKEN });
    copyFileSync(fixturePath(), bot.databasePath);
    const before = KEPT.map((sql) => rows(bot?.databasePath ?? "", sql));
    expect(rows(bot.databasePath, "SELECT key FROM settings WHERE key = 'instance'")).toHaveLength(1);
    bot.setClock("2027-03-02T06:00:00Z");
    // They talked to the bot before the upgrade: Telegram knows their chats.
    const aigerim = fake.user({ id: 601, first_name: "Aigerim", language_code: "en", started: true });
    const bakyt = fake.user({ id: 602, first_name: "Bakyt", language_code: "ru", started: true });
    const saule = fake.user({ id: 100, first_name: "Saule", language_code: "en", started: true });

    await bot.start();
    const ready = bot.logs.find((l) => l.msg === "database ready");
    expect(ready?.applied).toEqual([
      "0007_document_language",
      "0008_revoke_unasked_invitations",
      "0009_progress_text",
      "0010_forget_instance_holder",
    ]);
    expect(KEPT.map((sql) => rows(bot?.databasePath ?? "", sql))).toEqual(before);
    expect(rows(bot.databasePath, "SELECT key FROM settings WHERE key = 'instance'")).toEqual([]);

    // The review invitations the old version queued are sent by the new one.
    await aigerim.waitForText(/invites Kazakhstan to review/);
    await bakyt.waitForText(/приглашает/);
    // Kazakhstan answered four items before the upgrade: the review resumes at the fifth.
    aigerim.command("review");
    await aigerim.waitForText(/You continue at item 5 of 9/);
    const card = await aigerim.waitForText(/Item 5 of 9/);
    expect(card.text).toMatch(/Position of Kazakhstan: not given yet/);
    await aigerim.press("✅ Support");
    await aigerim.waitForText(/Item 6 of 9/);
    expect(rows(bot.databasePath, "SELECT count(*) AS n FROM review_positions")).toEqual([{ n: 5 }]);

    // Her meeting answer and delegation are as she gave them.
    aigerim.command("meetings");
    const meetings = await aigerim.waitForText(/Meeting of national coordinators/);
    expect(meetings.text).toMatch(/attending in person/);

    saule.command("me");
    expect((await saule.waitForText(/Saule Secretariat/)).text).toMatch(/Role: Secretariat/);
    expect(rows(bot.databasePath, "SELECT count(*) AS n FROM outbox WHERE status = 'failed'")).toEqual([
      { n: 0 },
    ]);
  });
});
