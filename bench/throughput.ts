/**
 * Throughput floor, end to end over loopback: 1,000 registered members each send /help, /me,
 * /meetings, press a language button, /timezone and type a zone, all pushed at once (limits off);
 * updates per second from the first push to the last answer the server receives, for the real bot
 * and for the bare runner echo bot, three runs each, alternating. Each run has two rounds by two
 * sets of 1,000 members: the first right after the process started (cold: it includes the warm-up of
 * the JIT compiler, connections and caches), the second a second later (warm: a process that has
 * been running, as it is when a crowd arrives).
 */
import type { Message } from "grammy/types";
import type { FakeTelegram } from "../test/support/fake-telegram.js";
import type { SimUser } from "../test/support/sim-user.js";
import { percentile } from "./answers.js";
import { press } from "./member-mix.js";
import { type BenchWorld, bareWorld, botWorld, population, SECRETARIAT_ID, sleep } from "./world.js";

const MEMBERS = 1_000;
const RUNS = 3;
/**
 * Answers per member: the bot answers each of the six updates with a message and the press with
 * a callback answer too (7); the echo bot answers each update once (6).
 */
const EXPECTED = { bot: 7, bare: 6 };

/** A language keyboard like the one /language shows, already in the chat (so a press has a target). */
function languageMessage(fake: FakeTelegram, user: SimUser): Message {
  return fake.state.storeMessage(fake.chat(user.id), {
    from: fake.botUser,
    text: "Choose your language",
    reply_markup: {
      inline_keyboard: [
        [
          { text: "English", callback_data: "lang:en" },
          { text: "Русский", callback_data: "lang:ru" },
        ],
      ],
    },
  } as Omit<Message, "message_id" | "date" | "chat">);
}

const ANSWERS = new Set([
  "sendmessage",
  "editmessagetext",
  "editmessagereplymarkup",
  "senddocument",
  "sendphoto",
  "answercallbackquery",
]);

export interface ThroughputRun {
  updates: number;
  seconds: number;
  perSecond: number;
  /** Members with fewer answers than expected when the answers stopped (0: all answered). */
  shortChats: number;
}

/** Both rounds of a run, and how many lines of the process's output reported an error. */
export interface RunOutcome {
  cold: ThroughputRun;
  warm: ThroughputRun;
  errorLines: number;
}

/** Answers per member chat among the calls from `from` on, and the arrival of the last one. */
function answersPerChat(fake: FakeTelegram, from: number): { perChat: Map<number, number>; last: number } {
  const queryChat = new Map<string, number>();
  for (const u of fake.updates) {
    const q = u.callback_query;
    if (q?.message) queryChat.set(q.id, q.message.chat.id);
  }
  const perChat = new Map<number, number>();
  let last = 0;
  for (let i = from; i < fake.calls.length; i++) {
    const c = fake.calls[i];
    if (!c?.response?.ok || !ANSWERS.has(c.method.toLowerCase())) continue;
    const chat =
      c.method.toLowerCase() === "answercallbackquery"
        ? queryChat.get(String(c.params.callback_query_id))
        : Number(c.params.chat_id);
    if (chat === undefined) continue;
    perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
    last = Math.max(last, c.at);
  }
  return { perChat, last };
}

async function pushAndTime(
  fake: FakeTelegram,
  members: readonly SimUser[],
  expected: number,
): Promise<ThroughputRun> {
  const keyboards = new Map(members.map((u) => [u.id, languageMessage(fake, u)]));
  const from = fake.calls.length;
  const steps: ((u: SimUser, i: number) => void)[] = [
    (u) => u.command("help"),
    (u) => u.command("me"),
    (u) => u.command("meetings"),
    (u, i) => {
      const message = keyboards.get(u.id);
      if (message) press(fake, u, message, i % 2 ? "lang:en" : "lang:ru");
    },
    (u) => u.command("timezone"),
    (u, i) => u.send(i % 2 ? "Asia/Almaty" : "Asia/Tashkent"),
  ];
  const first = Date.now();
  for (const step of steps) {
    members.forEach((u, i) => {
      step(u, i);
    });
  }
  const short = (perChat: Map<number, number>) =>
    members.filter((u) => (perChat.get(u.id) ?? 0) < expected).length;
  // Done when every member has all their answers, or when no call came for ten seconds.
  let quietSince = Date.now();
  for (let seen = fake.calls.length; Date.now() - first < 300_000; ) {
    await sleep(250);
    if (short(answersPerChat(fake, from).perChat) === 0) break;
    if (fake.calls.length !== seen) {
      seen = fake.calls.length;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > 10_000) break;
  }
  const { perChat, last } = answersPerChat(fake, from);
  const seconds = (last - first) / 1000;
  const updates = steps.length * members.length;
  return { updates, seconds, perSecond: updates / seconds, shortChats: short(perChat) };
}

/** One run: a fresh process, a cold round, then a warm round by other members. */
export async function throughputRun(bare: boolean): Promise<RunOutcome> {
  const people = population(2 * MEMBERS);
  // The bot's own capacity, with the sending budget lifted: at Telegram's 30 messages a second no
  // bot answers more than 30 updates a second that each need a message.
  const world: BenchWorld = bare
    ? await bareWorld(people)
    : await botWorld(people, { OUTBOX_RATE_PER_SECOND: "0", OUTBOX_CHAT_INTERVAL_MS: "0" });
  try {
    const members = [...world.users.values()].filter((u) => u.id !== SECRETARIAT_ID);
    const expected = bare ? EXPECTED.bare : EXPECTED.bot;
    const cold = await pushAndTime(world.fake, members.slice(MEMBERS), expected);
    await sleep(1000);
    const warm = await pushAndTime(world.fake, members.slice(0, MEMBERS), expected);
    const errorLines = world.bot.rawOutput.split("\n").filter((l) => /"level":[56]0|Error/.test(l)).length;
    return { cold, warm, errorLines };
  } finally {
    await world.close();
  }
}

const describe = (runs: readonly ThroughputRun[]): string => {
  const rates = runs.map((r) => r.perSecond);
  const short = runs.reduce((n, r) => n + r.shortChats, 0);
  return `median ${percentile(rates, 50).toFixed(0)}, best ${Math.max(...rates).toFixed(0)} updates/s (runs: ${rates.map((x) => x.toFixed(0)).join(", ")}; ${runs[0]?.updates ?? 0} updates each${short > 0 ? `; ${short} members short of answers` : ""})`;
};

/** Figure 2 of the benchmark issue. */
export async function throughputFigures(log: (line: string) => void): Promise<void> {
  const bot: RunOutcome[] = [];
  const bare: RunOutcome[] = [];
  for (let i = 0; i < RUNS; i++) {
    bot.push(await throughputRun(false));
    bare.push(await throughputRun(true));
  }
  for (const round of ["warm", "cold"] as const) {
    const median = percentile(
      bot.map((r) => r[round].perSecond),
      50,
    );
    log(
      `throughput.${round}.bot: end to end over loopback, ${describe(bot.map((r) => r[round]))} (goal >= 300/s: ${median >= 300 ? "met" : "missed"})`,
    );
    log(
      `throughput.${round}.bare: bare runner echo bot, same updates: ${describe(bare.map((r) => r[round]))}`,
    );
  }
}
