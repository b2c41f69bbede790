/**
 * Announcement delivery figures, measured against the fake Telegram server on loopback with the
 * real bot process: (1) the dispatcher's ceiling with the limit lifted, (2) the achieved rate under
 * the 30 messages/s limit as a ratio to it, with the server's violation count, and (3) the bot
 * process's peak memory growth while 50,000 recipients are queued and sent with the limit lifted.
 */
import { readFileSync } from "node:fs";
import { openDatabase } from "../src/db/database.js";
import { sendAnnouncement } from "../src/domain/announcements/announcements.js";
import { findPersonByTelegramId } from "../src/domain/people/people.js";
import { BotProcess } from "../test/support/bot-process.js";
import { FakeTelegram } from "../test/support/fake-telegram.js";
import { type SeededPerson, seedPeople } from "../test/support/seed-people.js";

const TOKEN = "7000000001:AAbenchmark-token-for-the-fake-server";
const SECRETARIAT_ID = 1;

export interface DeliveryRun {
  recipients: number;
  seconds: number;
  perSecond: number;
  violations: number;
  peakRssGrowthMb: number | undefined;
}

export function kib(pid: number, field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((l) => l.startsWith(`${field}:`));
    return line ? Number(line.replace(/\D+/g, "")) : undefined;
  } catch {
    return undefined;
  }
}

/** Queues an announcement from the seeded secretariat member to everyone, as /announce would. */
export async function queueBenchmarkAnnouncement(databasePath: string): Promise<void> {
  const { db } = openDatabase(databasePath);
  try {
    const author = await findPersonByTelegramId(db, SECRETARIAT_ID);
    if (!author) throw new Error("no secretariat");
    await sendAnnouncement(
      db,
      author,
      {
        versions: { en: { kind: "text", text: "Benchmark announcement." } },
        defaultLang: "en",
        audience: { kind: "everyone" },
        ackRequested: false,
      },
      { chatId: SECRETARIAT_ID, messageId: null },
      Date.now(),
    );
  } finally {
    await db.destroy();
  }
}

/** Runs one announcement to `recipients` people through a fresh bot process. */
export async function deliveryRun(
  recipients: number,
  env: Record<string, string>,
  limits: boolean,
  nodeArgs: string[] = [],
): Promise<DeliveryRun> {
  const fake = new FakeTelegram({ token: TOKEN });
  await fake.start();
  const bot = new BotProcess({
    apiRoot: fake.apiRoot,
    token: TOKEN,
    env: { LOG_LEVEL: "info", OUTBOX_CHAT_INTERVAL_MS: "1000", ...env },
    nodeArgs,
  });
  try {
    await bot.start(30_000);
    const people: SeededPerson[] = [
      { telegramId: SECRETARIAT_ID, name: "Secretariat", role: "secretariat", language: "en" },
    ];
    for (let i = 0; i < recipients; i++) {
      people.push({
        telegramId: 100_000 + i,
        name: `Delegate ${i}`,
        role: "coordinator",
        state: ["KZ", "KG", "TJ", "TM"][i % 4] ?? "KZ",
        language: i % 2 ? "en" : "ru",
      });
    }
    seedPeople(bot.databasePath, people);
    for (const p of people) fake.user({ id: p.telegramId, first_name: p.name, started: true });
    if (limits) fake.enableLimits({ exemptChatIds: [SECRETARIAT_ID] });

    await new Promise((r) => setTimeout(r, 1500));
    const baseline = bot.pid ? kib(bot.pid, "VmRSS") : undefined;
    await queueBenchmarkAnnouncement(bot.databasePath);

    const sends = () =>
      fake
        .callsOf("sendMessage")
        .filter((c) => c.response?.ok && Number(c.params.chat_id) !== SECRETARIAT_ID);
    let peak = 0;
    const deadline = Date.now() + 600_000;
    // Polled rather than re-checked after every call, so the measuring does not slow the server.
    for (let seen = 0; seen < recipients; ) {
      const hwm = bot.pid ? kib(bot.pid, "VmHWM") : undefined;
      if (hwm) peak = Math.max(peak, hwm);
      if (Date.now() > deadline) throw new Error(`only ${seen} of ${recipients} delivered`);
      await new Promise((r) => setTimeout(r, 250));
      seen = sends().length;
    }
    const delivered = sends();
    const first = delivered[0]?.at ?? 0;
    const last = delivered[delivered.length - 1]?.at ?? 0;
    const seconds = (last - first) / 1000;
    return {
      recipients,
      seconds,
      perSecond: seconds > 0 ? (delivered.length - 1) / seconds : Number.NaN,
      violations: fake.violations.length,
      peakRssGrowthMb: baseline && peak ? (peak - baseline) / 1024 : undefined,
    };
  } finally {
    await bot.stop().catch(() => undefined);
    await fake.stop();
  }
}

/** The three figures of the announcements issue. */
export async function announcementFigures(log: (line: string) => void): Promise<void> {
  const ceiling = await deliveryRun(
    10_000,
    { OUTBOX_RATE_PER_SECOND: "0", OUTBOX_CHAT_INTERVAL_MS: "0" },
    false,
  );
  log(
    `announcements.ceiling: ${ceiling.perSecond.toFixed(0)} messages/s with the limit lifted (${ceiling.recipients} recipients in ${ceiling.seconds.toFixed(1)} s)`,
  );

  const limited = await deliveryRun(700, {}, true);
  log(
    `announcements.limited: ${limited.perSecond.toFixed(2)} messages/s under the 30/s limit over ${limited.seconds.toFixed(1)} s = ${(limited.perSecond / 30).toFixed(3)} of the limit (goal >= 0.95); server-counted violations: ${limited.violations}`,
  );

  const memory = await deliveryRun(
    50_000,
    { OUTBOX_RATE_PER_SECOND: "0", OUTBOX_CHAT_INTERVAL_MS: "0" },
    false,
  );
  log(
    `announcements.memory: peak RSS growth of the bot process ${memory.peakRssGrowthMb?.toFixed(1) ?? "n/a"} MB while ${memory.recipients} recipients were queued and sent (goal < 50 MB; ${memory.perSecond.toFixed(0)} messages/s)`,
  );
}
