/**
 * Reminder latency: 1,000 reminders to 1,000 people falling due at the same instant, queued
 * straight into the running bot's outbox (as a periodic job would); for the first and the last,
 * the time from due to the fake server receiving it, under the 30 messages/s limit. The bound is
 * one tick (1 s, nothing wakes the dispatcher sooner) plus the 1000/30 s the limit imposes.
 */
import { openDatabase } from "../src/db/database.js";
import { enqueue } from "../src/outbox/queue.js";
import { BotProcess } from "../test/support/bot-process.js";
import { FakeTelegram } from "../test/support/fake-telegram.js";
import { type SeededPerson, seedPeople } from "../test/support/seed-people.js";

const TOKEN = "7000000001:AAbenchmark-token-for-the-fake-server";

export interface ReminderRun {
  reminders: number;
  firstMs: number;
  lastMs: number;
  boundMs: number;
  violations: number;
}

export async function reminderRun(count = 1_000): Promise<ReminderRun> {
  const fake = new FakeTelegram({ token: TOKEN });
  await fake.start();
  const bot = new BotProcess({
    apiRoot: fake.apiRoot,
    token: TOKEN,
    env: { LOG_LEVEL: "info", CLOCK_FILE: "", OUTBOX_CHAT_INTERVAL_MS: "1000" },
  });
  try {
    await bot.start(30_000);
    const people: SeededPerson[] = [];
    for (let i = 0; i < count; i++)
      people.push({
        telegramId: 300_000 + i,
        name: `Delegate ${i}`,
        role: "coordinator",
        state: ["KZ", "KG", "TJ", "TM"][i % 4] ?? "KZ",
        language: "en",
      });
    seedPeople(bot.databasePath, people);
    for (const p of people) fake.user({ id: p.telegramId, first_name: p.name, started: true });
    fake.enableLimits();

    const { db } = openDatabase(bot.databasePath);
    const due = Date.now() + 3_000;
    const ids = await db.selectFrom("people").select(["id", "telegram_id"]).execute();
    await enqueue(
      db,
      ids.map((p) => ({
        key: `bench:reminder:${p.id}`,
        kind: "meeting_reminder",
        source: "bench:reminders",
        personId: p.id,
        chatId: p.telegram_id,
        content: { type: "text", text: "Reminder: the meeting starts in one hour.", parseMode: "HTML" },
        dueAt: due,
      })),
      Date.now(),
    );
    await db.destroy();

    const sends = () => fake.callsOf("sendMessage").filter((c) => c.response?.ok);
    for (const deadline = due + 120_000; sends().length < count; ) {
      if (Date.now() > deadline) throw new Error(`only ${sends().length} of ${count} reminders sent`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const at = sends().map((c) => c.at);
    return {
      reminders: count,
      firstMs: Math.min(...at) - due,
      lastMs: Math.max(...at) - due,
      boundMs: 1000 + (count / 30) * 1000,
      violations: fake.violations.length,
    };
  } finally {
    await bot.stop().catch(() => undefined);
    await fake.stop();
  }
}

/** Figure 4 of the load issue. */
export async function reminderFigures(log: (line: string) => void): Promise<void> {
  const r = await reminderRun();
  log(
    `reminders.latency: ${r.reminders} due at once: first sent ${(r.firstMs / 1000).toFixed(2)} s after due, last ${(r.lastMs / 1000).toFixed(2)} s (bound: one tick + ${r.reminders}/30 s = ${(r.boundMs / 1000).toFixed(2)} s); server-counted violations: ${r.violations}`,
  );
}
