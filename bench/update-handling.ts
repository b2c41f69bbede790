/**
 * Update handling in process: the full bot (every middleware and feature, a migrated database with
 * seeded people) against a bare grammY bot that echoes, both fed the same updates through
 * `handleUpdate` (64 at a time as the runner would, and one at a time), with an in-process API stub
 * answering every call (no HTTP). One at a time, a conversation's replay waits a timer tick
 * (setTimeout 0, at least 1 ms, inside the conversations plugin) that concurrency overlaps.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bot, type Context, type Transformer } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import type { BotDeps } from "../src/bot/context.js";
import { createBot } from "../src/bot/create-bot.js";
import { createTranslations } from "../src/bot/i18n.js";
import { loadConfig } from "../src/config.js";
import { startCheckpointer } from "../src/db/checkpointer.js";
import { openDatabase } from "../src/db/database.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { createLogger } from "../src/logger.js";
import { systemClock } from "../src/outbox/clock.js";
import { seedPeople } from "../test/support/seed-people.js";
import { type MixUpdate, mixPeople, updateMix } from "./update-mix.js";

const TOKEN = "7000000001:AAbenchmark-token-for-the-fake-server";

export const BOT_INFO: UserFromGetMe = {
  id: 7000000001,
  is_bot: true,
  first_name: "Almaty Process Bot",
  username: "almaty_process_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
} as UserFromGetMe;

/** Answers every Bot API call in process with a plausible result, the way Telegram would. */
function apiStub(): Transformer {
  let nextMessageId = 1;
  return async (_prev, method, payload) => {
    const p = payload as Record<string, unknown>;
    const chatId = Number(p.chat_id ?? 0);
    const message = () => ({
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: "Someone" },
      from: { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name },
      text: typeof p.text === "string" ? p.text : "",
    });
    switch (method) {
      case "sendMessage":
      case "editMessageText":
      case "editMessageReplyMarkup":
      case "sendDocument":
      case "sendPhoto":
      case "copyMessage":
        // biome-ignore lint/suspicious/noExplicitAny: the stub stands in for every method's result type
        return { ok: true, result: message() } as any;
      case "getMe":
        // biome-ignore lint/suspicious/noExplicitAny: as above
        return { ok: true, result: BOT_INFO } as any;
      default:
        // biome-ignore lint/suspicious/noExplicitAny: answerCallbackQuery, setMyCommands, deleteMessage…
        return { ok: true, result: true } as any;
    }
  };
}

interface Handler {
  handleUpdate(update: Update): Promise<void>;
}

/**
 * Feeds the updates in order with at most `concurrency` handled at once (1: each awaited before
 * the next), as the runner hands them over, and returns updates per second.
 */
async function feed(
  bot: Handler,
  updates: readonly MixUpdate[],
  firstId: number,
  concurrency: number,
): Promise<number> {
  const started = performance.now();
  const byKind = process.env.BENCH_DEBUG ? new Map<string, number>() : undefined;
  let next = 0;
  const worker = async () => {
    while (next < updates.length) {
      const index = next++;
      const u = updates[index] as MixUpdate;
      const t0 = performance.now();
      await bot.handleUpdate({ ...u, update_id: firstId + index } as Update);
      if (byKind) {
        const kind = u.message?.text?.startsWith("/") ? u.message.text : u.message ? "text" : "button";
        byKind.set(kind, (byKind.get(kind) ?? 0) + performance.now() - t0);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (byKind) console.log(Object.fromEntries([...byKind].map(([k, v]) => [k, Math.round(v)])));
  return updates.length / ((performance.now() - started) / 1000);
}

/**
 * Feeds the updates again and again (fresh ids each pass) until at least `minMs` have passed, and
 * returns updates per second over all passes. The bare bot goes through the mix in about 40 ms,
 * the full stack in about 350: a 40 ms sample swings with a single collection or a scheduler
 * hiccup on this machine, so each sample of either bot lasts about as long.
 */
async function feedFor(
  bot: Handler,
  updates: readonly MixUpdate[],
  firstId: number,
  concurrency: number,
  minMs: number,
): Promise<number> {
  const started = performance.now();
  let handled = 0;
  do {
    await feed(bot, updates, firstId + handled, concurrency);
    handled += updates.length;
  } while (performance.now() - started < minMs);
  return handled / ((performance.now() - started) / 1000);
}

export interface InProcessFigures {
  full: number;
  bare: number;
}

/** Measures both bots on the same mix; each gets a warm-up run first. */
export async function measureInProcess(
  count = 7_000,
  members = 50,
  concurrency = 1,
): Promise<InProcessFigures> {
  const dir = mkdtempSync(join(tmpdir(), "apbench-"));
  const databasePath = join(dir, "bot.sqlite");
  const config = loadConfig({
    BOT_TOKEN: TOKEN,
    DATABASE_PATH: databasePath,
    TELEGRAM_API_ROOT: "http://127.0.0.1:9",
    LOG_LEVEL: "silent",
  });
  const opened = openDatabase(databasePath);
  // As the bot runs it (app.ts): WAL checkpoints on a worker thread.
  const checkpointer = startCheckpointer(opened.sqlite, databasePath);
  try {
    await migrateToLatest(opened.db);
    seedPeople(databasePath, mixPeople(members));
    const deps: BotDeps = {
      config,
      db: opened.db,
      clock: systemClock,
      logger: createLogger("silent"),
      translations: await createTranslations(config.defaultLanguage),
      wakeOutbox: () => {},
    };
    const { bot: full } = createBot(deps, { botInfo: BOT_INFO, apiTransformers: [apiStub()] });
    await full.init();

    const bare = new Bot<Context>(TOKEN, { botInfo: BOT_INFO });
    bare.api.config.use(apiStub());
    bare.on("message:text", (ctx) => ctx.reply(ctx.message.text));
    bare.on("callback_query", (ctx) => ctx.answerCallbackQuery());
    await bare.init();

    // A profiling aid: BENCH_ONLY="/timezone|Asia/Almaty|Europe/Moscow" keeps only those updates.
    const only = process.env.BENCH_ONLY?.split("|");
    const pick = (list: MixUpdate[]) =>
      only ? list.filter((u) => only.includes(u.message?.text ?? "button")) : list;
    const warmUp = pick(updateMix(Math.min(count, 1_400), members, 20));
    const updates = pick(updateMix(count, members, 20));
    await feed(full, warmUp, 1, concurrency);
    await feed(bare, warmUp, 1, concurrency);
    // Best of three samples each, every sample at least 300 ms long (see feedFor). The mix ends
    // on a whole round, so every flow it starts is finished before the next pass.
    let fullRate = 0;
    let bareRate = 0;
    for (let run = 1; run <= 3; run++) {
      fullRate = Math.max(fullRate, await feedFor(full, updates, run * 1_000_000, concurrency, 300));
      bareRate = Math.max(bareRate, await feedFor(bare, updates, run * 1_000_000, concurrency, 300));
    }
    return { full: fullRate, bare: bareRate };
  } finally {
    await checkpointer.stop();
    await opened.db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Figure 1 of the load issue. */
export async function inProcessFigures(log: (line: string) => void): Promise<void> {
  // 64 at once, as the runner hands updates over (per chat still in order); and one at a time.
  for (const concurrency of [64, 1]) {
    const { full, bare } = await measureInProcess(7_000, 50, concurrency);
    log(
      `updates.in_process (${concurrency} at a time): full stack ${full.toFixed(0)} updates/s, bare echo bot ${bare.toFixed(0)} updates/s = ${(full / bare).toFixed(3)} of bare (goal >= 0.10; best of 3, handleUpdate, API stubbed in process)`,
    );
  }
}
