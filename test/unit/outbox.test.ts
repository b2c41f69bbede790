import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GrammyError, HttpError } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { type Db, openDatabase } from "../../src/db/database.js";
import { migrateToLatest } from "../../src/db/migrate.js";
import { backoffMs, classifySendError } from "../../src/outbox/outcome.js";
import {
  cancelPending,
  claimDue,
  enqueue,
  type QueuedMessage,
  requeueInterrupted,
} from "../../src/outbox/queue.js";
import { SendBudget } from "../../src/outbox/send-budget.js";
import { testDatabase } from "../support/test-db.js";

const NOW = Date.parse("2026-11-24T10:00:00Z");
const open: Db[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.destroy();
});

function message(i: number, extra: Partial<QueuedMessage> = {}): QueuedMessage {
  return {
    key: `test:${i}`,
    kind: "test",
    chatId: 1000 + i,
    content: { type: "text", text: `hello ${i}` },
    dueAt: NOW,
    ...extra,
  };
}

function apiError(code: number, description: string, retryAfter?: number) {
  return new GrammyError(
    `Call to 'sendMessage' failed! (${code}: ${description})`,
    {
      ok: false,
      error_code: code,
      description,
      ...(retryAfter ? { parameters: { retry_after: retryAfter } } : {}),
    },
    "sendMessage",
    {},
  );
}

describe("outbox queue", () => {
  it("the same logical message can never be queued twice", async () => {
    const { db } = await testDatabase();
    open.push(db);
    expect(await enqueue(db, [message(1), message(2)], NOW)).toBe(2);
    expect(await enqueue(db, [message(1), message(3)], NOW)).toBe(1);
    const rows = await db.selectFrom("outbox").select("idempotency_key").orderBy("id").execute();
    expect(rows.map((r) => r.idempotency_key)).toEqual(["test:1", "test:2", "test:3"]);
  });

  it("claims only what is due, at most one row per chat, skipping busy chats", async () => {
    const { db } = await testDatabase();
    open.push(db);
    await enqueue(
      db,
      [
        message(1, { chatId: 5 }),
        message(2, { chatId: 5 }),
        message(3, { chatId: 6 }),
        message(4, { chatId: 7, dueAt: NOW + 60_000 }),
        message(5, { chatId: 8 }),
      ],
      NOW,
    );
    const claimed = await claimDue(db, NOW, 10, [8]);
    expect(claimed.map((r) => r.idempotency_key).sort()).toEqual(["test:1", "test:3"]);
    expect(claimed.every((r) => r.status === "sending" && r.attempts === 1)).toBe(true);
    const again = await claimDue(db, NOW, 10, [5, 6]);
    expect(again.map((r) => r.idempotency_key).sort()).toEqual(["test:5"]);
    const later = await claimDue(db, NOW, 10);
    expect(later.map((r) => r.idempotency_key)).toEqual(["test:2"]);
  });

  it("two claimers on separate connections never take the same row", async () => {
    const dir = mkdtempSync(join(tmpdir(), "outbox-"));
    const a = openDatabase(join(dir, "db.sqlite"));
    await migrateToLatest(a.db);
    const b = openDatabase(join(dir, "db.sqlite"));
    open.push(a.db, b.db);
    await enqueue(
      a.db,
      Array.from({ length: 500 }, (_, i) => message(i)),
      NOW,
    );
    const seen: number[] = [];
    const claimer = async (db: Db) => {
      for (;;) {
        const rows = await claimDue(db, NOW, 7);
        if (rows.length === 0) return;
        seen.push(...rows.map((r) => r.id));
      }
    };
    await Promise.all([claimer(a.db), claimer(b.db), claimer(a.db), claimer(b.db)]);
    expect(seen).toHaveLength(500);
    expect(new Set(seen).size).toBe(500);
  });

  it("rows left sending by a crash are queued again; cancelling touches only pending rows of the source", async () => {
    const { db } = await testDatabase();
    open.push(db);
    await enqueue(
      db,
      [
        message(1, { source: "meeting:1" }),
        message(2, { source: "meeting:1" }),
        message(3, { source: "meeting:2" }),
      ],
      NOW,
    );
    await claimDue(db, NOW, 1);
    expect(await requeueInterrupted(db, NOW + 1)).toBe(1);
    expect(await cancelPending(db, { source: "meeting:1" }, "rescheduled", NOW + 2)).toBe(2);
    const rows = await db.selectFrom("outbox").select(["idempotency_key", "status"]).orderBy("id").execute();
    expect(rows.map((r) => r.status)).toEqual(["cancelled", "cancelled", "pending"]);
  });
});

describe("send outcomes", () => {
  it("429 pauses with retry_after; 403 and chat-not-found end as blocked; 5xx and network retry; other 400 fail", () => {
    expect(classifySendError(apiError(429, "Too Many Requests: retry after 7", 7))).toMatchObject({
      kind: "rate_limited",
      retryAfterMs: 7000,
    });
    expect(classifySendError(apiError(403, "Forbidden: bot was blocked by the user"))).toMatchObject({
      kind: "blocked",
    });
    expect(classifySendError(apiError(403, "Forbidden: user is deactivated"))).toMatchObject({
      kind: "blocked",
    });
    expect(classifySendError(apiError(400, "Bad Request: chat not found"))).toMatchObject({
      kind: "blocked",
    });
    expect(classifySendError(apiError(502, "Bad Gateway"))).toMatchObject({ kind: "transient" });
    expect(
      classifySendError(new HttpError("Network request for 'sendMessage' failed!", new Error("ECONNRESET"))),
    ).toMatchObject({
      kind: "transient",
    });
    expect(classifySendError(apiError(400, "Bad Request: message is too long"))).toMatchObject({
      kind: "permanent",
    });
  });

  it("backoff grows and is capped", () => {
    expect(backoffMs(1)).toBeLessThan(backoffMs(3));
    expect(backoffMs(30)).toBe(300_000);
  });
});

describe("send budget", () => {
  /** A budget on a hand-moved clock. */
  function budgetAt(start: number, perSecond = 30) {
    let now = start;
    const budget = new SendBudget({ perSecond, chatIntervalMs: 1000, safetyMs: 0, now: () => now });
    return { budget, advance: (ms: number) => (now += ms), at: () => now };
  }

  it("the outbox never starts more than the limit within one second, and keeps one chat to its interval", () => {
    const { budget, advance, at } = budgetAt(NOW);
    const starts: number[] = [];
    for (let i = 0; i < 100; i++) {
      advance(budget.bulkWaitMs());
      budget.recordBulk(i);
      starts.push(at());
    }
    for (let i = 30; i < starts.length; i++)
      expect((starts[i] ?? 0) - (starts[i - 30] ?? 0)).toBeGreaterThanOrEqual(1000);
    expect(budget.busyChats()).toContain(99);
    advance(1000);
    expect(budget.busyChats()).not.toContain(99);
  });

  it("a reply counts in the same window and goes before the outbox", async () => {
    const { budget, advance } = budgetAt(NOW);
    for (let i = 0; i < 29; i++) {
      advance(budget.bulkWaitMs());
      budget.recordBulk(i);
    }
    // One place left in the window: the reply takes it at once, and the outbox must wait.
    await budget.reply(500);
    expect(budget.bulkWaitMs()).toBeGreaterThan(0);
  });

  it("a chat gets a short burst of replies, then one an interval; the outbox waits while a reply does", async () => {
    const { budget } = budgetAt(NOW, 1000);
    await budget.reply(500);
    await budget.reply(500);
    await budget.reply(500);
    let fourth = false;
    void budget.reply(500).then(() => {
      fourth = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(fourth).toBe(false);
    expect(budget.bulkWaitMs()).toBeGreaterThan(0);
    expect(budget.busyChats()).toContain(500);
  });

  it("a 429 pauses every send until its retry_after has passed", () => {
    const { budget, advance } = budgetAt(NOW);
    budget.pause(5000);
    expect(budget.bulkWaitMs()).toBe(5000);
    advance(5000);
    expect(budget.bulkWaitMs()).toBe(0);
  });
});
