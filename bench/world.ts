/**
 * What every benchmark starts from: a fake Telegram server on loopback and one bot process polling
 * it, either the real bot (built, `dist/src/main.js`, with seeded people) or the bare runner echo
 * bot (`echo-bot.ts`); each person has a private chat with the bot that they have started.
 */
import { fileURLToPath } from "node:url";
import { BotProcess } from "../test/support/bot-process.js";
import { FakeTelegram } from "../test/support/fake-telegram.js";
import { type SeededPerson, seedPeople } from "../test/support/seed-people.js";
import type { SimUser } from "../test/support/sim-user.js";

export const TOKEN = "7000000001:AAbenchmark-token-for-the-fake-server";
export const SECRETARIAT_ID = 1;
const FIRST_MEMBER_ID = 200_000;
const ECHO_BOT = fileURLToPath(new URL("./echo-bot.js", import.meta.url));

/** One secretariat member (English) and `count` coordinators of the member states, ru and en by turns. */
export function population(count: number): SeededPerson[] {
  const people: SeededPerson[] = [
    { telegramId: SECRETARIAT_ID, name: "Secretariat", role: "secretariat", language: "en" },
  ];
  for (let i = 0; i < count; i++) {
    people.push({
      telegramId: FIRST_MEMBER_ID + i,
      name: `Coordinator ${i}`,
      role: "coordinator",
      state: ["KZ", "KG", "TJ", "TM"][i % 4] ?? "KZ",
      language: i % 2 ? "en" : "ru",
    });
  }
  return people;
}

export interface BenchWorld {
  fake: FakeTelegram;
  bot: BotProcess;
  /** The simulated people by Telegram id. */
  users: Map<number, SimUser>;
  close(): Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function startWorld(
  people: readonly SeededPerson[],
  bare: boolean,
  env: Record<string, string>,
): Promise<BenchWorld> {
  const fake = new FakeTelegram({ token: TOKEN });
  await fake.start();
  const bot = new BotProcess({
    apiRoot: fake.apiRoot,
    token: TOKEN,
    env: { LOG_LEVEL: "info", CLOCK_FILE: "", OUTBOX_CHAT_INTERVAL_MS: "1000", ...env },
    ...(bare ? { nodeArgs: [ECHO_BOT] } : {}),
  });
  const close = async () => {
    await bot.stop().catch(() => undefined);
    await fake.stop();
  };
  try {
    await bot.start(30_000);
    if (!bare) seedPeople(bot.databasePath, people);
    const users = new Map<number, SimUser>();
    for (const p of people) {
      const user = fake.user({
        id: p.telegramId,
        first_name: p.name,
        language_code: p.language ?? "ru",
        started: true,
      });
      users.set(p.telegramId, user);
    }
    return { fake, bot, users, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The real bot process with these people registered (system clock, logs at info as in production). */
export function botWorld(people: readonly SeededPerson[], env: Record<string, string> = {}) {
  return startWorld(people, false, env);
}

/** The bare runner echo bot; the people only have chats (it has no database). */
export function bareWorld(people: readonly SeededPerson[]) {
  return startWorld(people, true, {});
}

/** Resolves once `check` holds, polled (not re-checked on every call, which would load the server). */
export async function until(
  check: () => boolean,
  timeoutMs: number,
  what: string,
  everyMs = 50,
): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check(); await sleep(everyMs)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
  }
}
