/**
 * Polling (src/polling.ts) against the fake Bot API server, with the bot's per-chat queues
 * (ChatQueues): every update is handled once, a chat's updates in order, never more at once than
 * allowed, and under load the next getUpdates waits for a quarter of the places, so calls come
 * with fuller batches. And the queues alone: a failed update neither blocks its chat nor is lost.
 */
import { Bot, Context } from "grammy";
import type { Update } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { botApiClientOptions } from "../../src/bot/bot-api-http.js";
import { ChatQueues } from "../../src/bot/middlewares/plumbing.js";
import { startPolling } from "../../src/polling.js";
import { FakeTelegram } from "../support/fake-telegram.js";

const TOKEN = "7000000002:AApolling-test-token";
let fake: FakeTelegram | undefined;

afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe("polling", () => {
  it("handles each update once, a chat's in order, at most `concurrency` at once, in fuller batches", async () => {
    fake = new FakeTelegram({ token: TOKEN });
    await fake.start();
    const users = Array.from({ length: 40 }, (_, i) =>
      fake?.user({ id: 5_000 + i, first_name: `U${i}`, started: true }),
    );
    const bot = new Bot(TOKEN, { client: botApiClientOptions(fake.apiRoot) });
    const seen = new Map<number, number[]>();
    let running = 0;
    let most = 0;
    const queues = new ChatQueues();
    bot.use(queues.middleware());
    bot.on("message:text", async (ctx) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 2 + (ctx.message.message_id % 5)));
      const list = seen.get(ctx.chat.id) ?? [];
      list.push(Number(ctx.message.text));
      seen.set(ctx.chat.id, list);
      running--;
    });
    const total = 600;
    const push = (n: number) => {
      const u = users[n % users.length];
      fake?.pushUpdate({
        message: {
          message_id: n + 1,
          date: 1,
          chat: { id: u?.id ?? 0, type: "private", first_name: "U" },
          from: { id: u?.id ?? 0, is_bot: false, first_name: "U" },
          text: String(n),
        },
      });
    };
    const handle = startPolling(bot, {
      concurrency: 16,
      fetchWhenFree: 8,
      allowedUpdates: ["message"],
      onError: (error) => {
        throw error;
      },
    });
    // The runner's first call may take up to 100 updates; start the load after it, with one.
    const getUpdatesCalls = (n: number) => async () => {
      while ((fake?.callsOf("getUpdates").length ?? 0) < n) await new Promise((r) => setTimeout(r, 5));
    };
    await getUpdatesCalls(1)();
    push(0);
    await getUpdatesCalls(2)();
    for (let n = 1; n < total; n++) push(n);
    const deadline = Date.now() + 30_000;
    while ([...seen.values()].reduce((a, l) => a + l.length, 0) < total && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await handle.stop();

    const handled = [...seen.values()].flat().sort((a, b) => a - b);
    expect(handled).toEqual(Array.from({ length: total }, (_, n) => n));
    for (const list of seen.values()) expect(list).toEqual([...list].sort((a, b) => a - b));
    expect(most).toBeLessThanOrEqual(16);
    expect(queues.busy).toBe(0);
    expect(most).toBeGreaterThan(8);
    // Every getUpdates after the first asks for at least the places it waited for.
    const limits = fake.callsOf("getUpdates").map((c) => Number(c.params.limit));
    expect(limits.slice(1).every((l) => l >= 8)).toBe(true);
    expect(limits.length).toBeLessThan(total / 8 + 5);
  });
});

describe("chat queues", () => {
  it("run a chat's updates in turn and chats side by side; a failure passes its error on only", async () => {
    const queues = new ChatQueues();
    const run = queues.middleware<Context>();
    const log: string[] = [];
    const bot = new Bot("1:x", { botInfo: { id: 1, is_bot: true, first_name: "B", username: "b" } as never });
    const update = (chat: number, text: string) => {
      const ctx = new Context(
        {
          update_id: 1,
          message: { message_id: 1, date: 1, chat: { id: chat, type: "private" }, text },
        } as unknown as Update,
        bot.api,
        bot.botInfo,
      );
      return run(ctx, async () => {
        log.push(`start ${chat} ${text}`);
        await new Promise((r) => setTimeout(r, text === "slow" ? 30 : 5));
        if (text === "fail") throw new Error(`failed ${chat}`);
        log.push(`end ${chat} ${text}`);
      });
    };
    const results = await Promise.allSettled([
      update(1, "slow"),
      update(2, "quick"),
      update(1, "fail"),
      update(1, "after"),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error("failed 1"));
    // Chat 2 ran while chat 1's slow update was still going; chat 1's updates ran one by one.
    expect(log.indexOf("end 2 quick")).toBeLessThan(log.indexOf("end 1 slow"));
    expect(
      log.filter((l) => l.endsWith(" 1 slow") || l.includes(" 1 fail") || l.includes(" 1 after")),
    ).toEqual(["start 1 slow", "end 1 slow", "start 1 fail", "start 1 after", "end 1 after"]);
    expect(queues.busy).toBe(0);
  });
});
