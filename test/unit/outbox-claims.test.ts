/**
 * Two claimers at once: two connections claiming from the same database file, two dispatchers
 * draining the same outbox, and overlapping ticks. No row may be claimed (or sent) twice.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Api } from "grammy";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type OpenedDatabase, openDatabase } from "../../src/db/database.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { manualClock, systemClock } from "../../src/outbox/clock.js";
import { Dispatcher } from "../../src/outbox/dispatcher.js";
import { claimDue, enqueue, type QueuedMessage } from "../../src/outbox/queue.js";
import { Scheduler } from "../../src/outbox/scheduler.js";
import { SendBudget } from "../../src/outbox/send-budget.js";

const NOW = Date.parse("2026-11-24T10:00:00Z");
const ROWS = 600;
const opened: OpenedDatabase[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.db.destroy();
});

/** Two connections to one fresh, migrated database file holding ROWS due messages to distinct chats. */
async function twoConnections(): Promise<[OpenedDatabase, OpenedDatabase]> {
  const file = join(mkdtempSync(join(tmpdir(), "apbot-claims-")), "bot.sqlite");
  const a = openDatabase(file);
  opened.push(a);
  await migrateToLatest(a.db);
  const b = openDatabase(file);
  opened.push(b);
  const messages: QueuedMessage[] = Array.from({ length: ROWS }, (_, i) => ({
    key: `claims:${i}`,
    kind: "test",
    chatId: 5000 + i,
    content: { type: "text", text: `hello ${i}` },
    dueAt: NOW - (i % 7),
  }));
  expect(await enqueue(a.db, messages, NOW)).toBe(ROWS);
  return [a, b];
}

/** A Bot API stand-in that records every chat it was asked to send to. */
function recordingApi(sentTo: number[]): Api {
  let id = 0;
  return {
    sendMessage: async (chatId: number) => {
      sentTo.push(chatId);
      await new Promise((r) => setTimeout(r, Math.random() * 3));
      return { message_id: ++id, date: 0, chat: { id: chatId, type: "private", first_name: "x" } };
    },
  } as unknown as Api;
}

describe("two claimers at once", () => {
  it("two connections claiming in a race never claim the same row, and together claim every row", async () => {
    const [a, b] = await twoConnections();
    const claimed = new Map<number, string>();
    let doubles = 0;
    const loop = async (who: string, o: OpenedDatabase) => {
      let calls = 0;
      for (;;) {
        const rows = await claimDue(o.db, NOW, 1 + Math.floor(Math.random() * 20));
        calls++;
        if (rows.length === 0 && calls > 3) {
          const left = await o.db
            .selectFrom("outbox")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("status", "=", "pending")
            .executeTakeFirstOrThrow();
          if (Number(left.n) === 0) return;
        }
        for (const row of rows) {
          if (claimed.has(row.id)) doubles++;
          claimed.set(row.id, who);
        }
      }
    };
    await Promise.all([loop("a", a), loop("b", b), loop("a2", a), loop("b2", b)]);
    expect(doubles).toBe(0);
    expect(claimed.size).toBe(ROWS);
    const byClaimer = new Map<string, number>();
    for (const who of claimed.values()) byClaimer.set(who, (byClaimer.get(who) ?? 0) + 1);
    // Both connections really took part in the race.
    expect((byClaimer.get("a") ?? 0) + (byClaimer.get("a2") ?? 0)).toBeGreaterThan(0);
    expect((byClaimer.get("b") ?? 0) + (byClaimer.get("b2") ?? 0)).toBeGreaterThan(0);
    const attempts = a.sqlite.prepare("SELECT MAX(attempts) AS m FROM outbox").get() as { m: number };
    expect(attempts.m).toBe(1);
    console.log(
      `two claimers: ${ROWS} rows claimed by ${JSON.stringify(Object.fromEntries(byClaimer))}, 0 twice`,
    );
  });

  it("two dispatchers over one outbox, woken over and over, send every row exactly once", async () => {
    const [a, b] = await twoConnections();
    const clock = manualClock(NOW);
    const logger = pino({ level: "silent" });
    const sentTo: number[] = [];
    const dispatcher = (o: OpenedDatabase) =>
      new Dispatcher({
        db: o.db,
        api: recordingApi(sentTo),
        clock,
        logger,
        renderers: new Map(),
        perSecond: Number.POSITIVE_INFINITY,
        budget: new SendBudget({ perSecond: Number.POSITIVE_INFINITY, chatIntervalMs: 0 }),
      });
    const first = dispatcher(a);
    const second = dispatcher(b);
    await Promise.all([first.start(), second.start()]);
    for (let i = 0; i < 50; i++) {
      first.wake();
      second.wake();
      await new Promise((r) => setImmediate(r));
    }
    for (let i = 0; i < 100; i++) {
      await Promise.all([first.idle(), second.idle()]);
      const left = a.sqlite
        .prepare("SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'sending')")
        .get() as { n: number };
      if (left.n === 0) break;
      first.wake();
      second.wake();
    }
    await Promise.all([first.stop(), second.stop()]);
    const counts = new Map<number, number>();
    for (const chat of sentTo) counts.set(chat, (counts.get(chat) ?? 0) + 1);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    expect(counts.size).toBe(ROWS);
    const statuses = a.sqlite.prepare("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status").all();
    expect(statuses).toEqual([{ status: "sent", n: ROWS }]);
  });

  it("a row due before the next tick is sent when it falls due, with no tick at all", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "apbot-nextdue-")), "bot.sqlite");
    const o = openDatabase(file);
    opened.push(o);
    await migrateToLatest(o.db);
    const sentAt: number[] = [];
    const api = {
      sendMessage: async (chatId: number) => {
        sentAt.push(Date.now());
        return { message_id: 1, date: 0, chat: { id: chatId, type: "private", first_name: "x" } };
      },
    } as unknown as Api;
    const dispatcher = new Dispatcher({
      db: o.db,
      api,
      clock: systemClock,
      logger: pino({ level: "silent" }),
      renderers: new Map(),
      perSecond: 30,
      budget: new SendBudget({ perSecond: 30, chatIntervalMs: 1000 }),
    });
    const due = Date.now() + 300;
    await enqueue(
      o.db,
      [{ key: "soon", kind: "test", chatId: 77, content: { type: "text", text: "hi" }, dueAt: due }],
      Date.now(),
    );
    await dispatcher.start();
    for (const until = Date.now() + 2_000; sentAt.length === 0 && Date.now() < until; )
      await new Promise((r) => setTimeout(r, 10));
    await dispatcher.stop();
    expect(sentAt).toHaveLength(1);
    // Not before it is due, and well before a tick a second later would have woken the dispatcher.
    expect(sentAt[0]).toBeGreaterThanOrEqual(due);
    expect((sentAt[0] ?? 0) - due).toBeLessThan(200);
  });

  it("the scheduler runs every job at start, a failing job does not stop the others, stop waits for jobs under way", async () => {
    const clock = manualClock(NOW);
    const seen: number[] = [];
    let finished = 0;
    const scheduler = new Scheduler(clock, pino({ level: "silent" }));
    scheduler.add({
      name: "failing job",
      cron: "0 0 1 1 *",
      run() {
        throw new Error("boom");
      },
    });
    scheduler.add({
      name: "slow job",
      cron: "0 0 1 1 *",
      async run(now) {
        seen.push(now);
        await new Promise((r) => setTimeout(r, 50));
        finished++;
      },
    });
    scheduler.start();
    clock.advance(60_000);
    void scheduler.runAll();
    await scheduler.stop();
    expect(seen).toEqual([NOW, NOW + 60_000]);
    expect(finished).toBe(2);
  });
});
