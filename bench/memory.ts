/**
 * Memory: the bot process's resident memory with 10,000 registered people, idle, and then with a
 * 10,000-recipient announcement in flight under the 30 messages/s limit (read from /proc).
 */
import { BotProcess } from "../test/support/bot-process.js";
import { FakeTelegram } from "../test/support/fake-telegram.js";
import { type SeededPerson, seedPeople } from "../test/support/seed-people.js";
import { kib, queueBenchmarkAnnouncement } from "./announcement-delivery.js";

const TOKEN = "7000000001:AAbenchmark-token-for-the-fake-server";
const SECRETARIAT_ID = 1;
const mb = (k: number | undefined) => (k === undefined ? "n/a" : (k / 1024).toFixed(1));

export interface MemoryRun {
  people: number;
  idleRssKib: number | undefined;
  inFlightRssKib: number | undefined;
  peakKib: number | undefined;
  sentWhileSampled: number;
}

export async function memoryRun(people = 10_000, sampleMs = 20_000): Promise<MemoryRun> {
  const fake = new FakeTelegram({ token: TOKEN });
  await fake.start();
  const bot = new BotProcess({
    apiRoot: fake.apiRoot,
    token: TOKEN,
    env: { LOG_LEVEL: "info", CLOCK_FILE: "", OUTBOX_CHAT_INTERVAL_MS: "1000" },
  });
  try {
    await bot.start(30_000);
    const seeded: SeededPerson[] = [
      { telegramId: SECRETARIAT_ID, name: "Secretariat", role: "secretariat", language: "en" },
    ];
    for (let i = 1; i < people; i++)
      seeded.push({
        telegramId: 100_000 + i,
        name: `Delegate ${i}`,
        role: "coordinator",
        state: ["KZ", "KG", "TJ", "TM"][i % 4] ?? "KZ",
        language: i % 2 ? "en" : "ru",
      });
    seedPeople(bot.databasePath, seeded);
    for (const p of seeded) fake.user({ id: p.telegramId, first_name: p.name, started: true });
    fake.enableLimits({ exemptChatIds: [SECRETARIAT_ID] });
    await new Promise((r) => setTimeout(r, 2_000));
    const pid = bot.pid ?? 0;
    const idle = kib(pid, "VmRSS");

    await queueBenchmarkAnnouncement(bot.databasePath);
    await new Promise((r) => setTimeout(r, sampleMs));
    return {
      people,
      idleRssKib: idle,
      inFlightRssKib: kib(pid, "VmRSS"),
      peakKib: kib(pid, "VmHWM"),
      sentWhileSampled: fake.callsOf("sendMessage").filter((c) => Number(c.params.chat_id) !== SECRETARIAT_ID)
        .length,
    };
  } finally {
    await bot.stop().catch(() => undefined);
    await fake.stop();
  }
}

/** Figure 5 of the load issue. */
export async function memoryFigures(log: (line: string) => void): Promise<void> {
  const r = await memoryRun();
  log(
    `memory.resident: ${mb(r.idleRssKib)} MB RSS with ${r.people} registered people, idle; ${mb(r.inFlightRssKib)} MB with a ${r.people - 1}-recipient announcement in flight (${r.sentWhileSampled} sent so far at 30/s), peak ${mb(r.peakKib)} MB`,
  );
}
