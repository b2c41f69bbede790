/**
 * Stopping and stalling the real process: SIGTERM with 50 slow handlers in flight, and 1,000
 * reminders falling due while the bot is down followed by a 5-second blocked event loop.
 */
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { enqueue, type QueuedMessage } from "../../src/outbox/queue.js";
import { integrityCheck } from "../support/roles-scenario.js";
import { startWorld, type World } from "../support/scenario.js";
import { seedPeople } from "../support/seed-people.js";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("shutdown", () => {
  it("SIGTERM with 50 slow handlers in flight exits 0 within 10 s, all 50 complete, no getUpdates after the stop", async () => {
    world = await startWorld({ env: { TEST_SLOW_HANDLER_MS: "3000" } });
    const w = world;
    const users = Array.from({ length: 50 }, (_, i) =>
      w.fake.user({ id: 3000 + i, first_name: `Slow ${i}`, language_code: "en", started: true }),
    );
    for (const u of users) u.send("/test_slow");
    // The log is polled (the fake server's own waits only wake on its own changes).
    const sent = Date.now();
    while (w.bot.logs.filter((l) => l.msg === "test seam: slow handler started").length < 50) {
      if (Date.now() - sent > 15_000) throw new Error("the 50 slow handlers did not start");
      await new Promise((r) => setTimeout(r, 10));
    }
    const stopAt = Date.now();
    const code = await w.bot.stop(15_000);
    const seconds = (Date.now() - stopAt) / 1000;
    expect(code).toBe(0);
    expect(seconds).toBeLessThan(10);
    expect(w.bot.logs.filter((l) => l.msg === "test seam: slow handler finished").length).toBe(50);
    for (const u of users) expect(u.messages().map((m) => m.text)).toContain("slow done");
    const late = w.fake.callsOf("getUpdates").filter((c) => c.at > stopAt);
    expect(late).toEqual([]);
    expect(integrityCheck(w.bot.databasePath)).toBe("ok");
    const shutdownLog = w.bot.logs.find((l) => l.msg === "shutting down");
    console.log(
      `SIGTERM: ${String(shutdownLog?.inFlight)} handlers (3 s each) in flight at the signal, exit 0 after ${seconds.toFixed(2)} s, 50/50 completed, ${late.length} getUpdates after the stop, integrity ok`,
    );
  });
});

describe("stall", () => {
  it("1,000 reminders fall due while the bot is down; after restart and a 5 s blocked event loop each is sent once", async () => {
    const t0 = Date.parse("2026-11-24T04:00:00.000Z");
    world = await startWorld({
      clock: new Date(t0).toISOString(),
      env: {
        TEST_BLOCK_EVENT_LOOP_MS: "5000",
        OUTBOX_RATE_PER_SECOND: "200",
        OUTBOX_CHAT_INTERVAL_MS: "1000",
      },
    });
    const w = world;
    const people = Array.from({ length: 1000 }, (_, i) => ({
      telegramId: 40_000 + i,
      name: `Delegate ${i}`,
      role: "coordinator" as const,
      state: ["KZ", "KG", "TJ", "TM", "UZ"][i % 5] ?? "KZ",
      language: "en",
    }));
    seedPeople(w.bot.databasePath, people, t0);
    for (const p of people) w.fake.user({ id: p.telegramId, first_name: p.name, started: true });
    await w.bot.waitForLog((l) => l.msg === "test seam: event loop released", 15_000);
    expect(await w.bot.stop()).toBe(0);

    // While the bot is down, 1,000 reminders (meeting 1, 24 h lead) are queued for an hour from now.
    const { db } = openDatabase(w.bot.databasePath);
    const ids = new Map(
      (await db.selectFrom("people").select(["id", "telegram_id"]).execute()).map((p) => [
        p.telegram_id,
        p.id,
      ]),
    );
    const dueAt = t0 + 3_600_000;
    const reminders: QueuedMessage[] = people.map((p) => ({
      key: `meeting:1:seq:0:reminder:1440:person:${ids.get(p.telegramId)}`,
      kind: "meeting.reminder",
      source: "meeting:1",
      personId: ids.get(p.telegramId) ?? null,
      chatId: p.telegramId,
      content: { type: "text", text: `Reminder for ${p.name}: the meeting is tomorrow.` },
      dueAt,
      expiresAt: t0 + 86_400_000,
    }));
    expect(await enqueue(db, reminders, t0)).toBe(1000);
    await db.destroy();

    // Two hours pass while the bot is down; then it starts and stalls for 5 s shortly after.
    w.bot.setClock(new Date(t0 + 2 * 3_600_000));
    const startedAt = Date.now();
    await w.bot.start();
    await w.bot.waitForLog((l) => l.msg === "test seam: blocking the event loop", 10_000);
    const sends = () =>
      w.fake.callsOf("sendMessage").filter((c) => c.response?.ok && Number(c.params.chat_id) >= 40_000);
    while (sends().length < 1000) {
      if (Date.now() - startedAt > 90_000) throw new Error(`only ${sends().length} of 1000 reminders sent`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (Date.now() - startedAt) / 1000;
    await new Promise((r) => setTimeout(r, 1500)); // room for any duplicate to show itself
    const perChat = new Map<number, number>();
    for (const c of sends())
      perChat.set(Number(c.params.chat_id), (perChat.get(Number(c.params.chat_id)) ?? 0) + 1);
    expect(perChat.size).toBe(1000);
    expect([...perChat.values()].filter((n) => n !== 1)).toEqual([]);
    const check = new SQLite(w.bot.databasePath, { readonly: true });
    const statuses = check
      .prepare("SELECT status, COUNT(*) AS n FROM outbox WHERE kind = 'meeting.reminder' GROUP BY status")
      .all();
    check.close();
    expect(statuses).toEqual([{ status: "sent", n: 1000 }]);
    expect(w.bot.logs.filter((l) => l.level >= 50)).toEqual([]);
    console.log(
      `stall: 1000 reminders due while down, 5 s blocked loop after restart; all 1000 sent once in ${seconds.toFixed(1)} s from start, 0 missed, 0 duplicates`,
    );
  });
});
