/**
 * Polling (src/polling.ts) against the fake Bot API server: every update is handled once, a
 * chat's updates in order, never more at once than allowed, and under load the next getUpdates
 * waits for a quarter of the places, so calls come with fuller batches.
 */
import { sequentialize } from "@grammyjs/runner";
import { Bot } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { botApiClientOptions } from "../../src/bot/bot-api-http.js";
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
    bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
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
    expect(most).toBeGreaterThan(8);
    // Every getUpdates after the first asks for at least the places it waited for.
    const limits = fake.callsOf("getUpdates").map((c) => Number(c.params.limit));
    expect(limits.slice(1).every((l) => l >= 8)).toBe(true);
    expect(limits.length).toBeLessThan(total / 8 + 5);
  });
});
