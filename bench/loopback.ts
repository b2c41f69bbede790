/**
 * End to end over loopback: the real bot process under the runner against the fake Telegram
 * server, against a bare runner echo bot (its own process too), with the same updates pushed at
 * once; timed from the first push to the last reply the server receives. The server runs in this
 * process, so its CPU time is reported as well: it shows when the server, not the bot, is the limit.
 */
import { fileURLToPath } from "node:url";
import type { CallbackQuery } from "grammy/types";
import { BotProcess } from "../test/support/bot-process.js";
import { FakeTelegram } from "../test/support/fake-telegram.js";
import { seedPeople } from "../test/support/seed-people.js";
import { type MixUpdate, mixPeople, strangerIds, updateMix } from "./update-mix.js";

const TOKEN = "7000000001:AAbenchmark-token-for-the-fake-server";
const ECHO_BOT = fileURLToPath(new URL("./echo-bot.js", import.meta.url));

export interface LoopbackRun {
  updates: number;
  seconds: number;
  perSecond: number;
  /** CPU time of this process (the fake server) over the run, as a share of one core. */
  serverCpu: number;
}

/** Pushes the mix into a fresh fake server with `bot` polling it; resolves when the replies stop. */
async function pushAndTime(fake: FakeTelegram, updates: readonly MixUpdate[]): Promise<LoopbackRun> {
  const cpu = process.cpuUsage();
  const first = Date.now();
  for (const u of updates) {
    if (u.callback_query) fake.pushCallbackQuery(u.callback_query as CallbackQuery);
    else fake.pushUpdate(u);
  }
  // Done when every update was answered at least once and no call came for a second.
  const answers = () => fake.calls.length;
  let last = -1;
  for (const deadline = Date.now() + 300_000; Date.now() < deadline; ) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = answers();
    if (now === last && now >= updates.length) break;
    last = now;
  }
  const lastAt = fake.calls[fake.calls.length - 1]?.at ?? first;
  const used = process.cpuUsage(cpu);
  const seconds = (lastAt - first) / 1000;
  return {
    updates: updates.length,
    seconds,
    perSecond: updates.length / seconds,
    serverCpu: (used.user + used.system) / 1000 / (lastAt - first),
  };
}

async function withFake<T>(members: number, strangers: number, body: (f: FakeTelegram) => Promise<T>) {
  const fake = new FakeTelegram({ token: TOKEN });
  await fake.start();
  for (const p of mixPeople(members)) fake.user({ id: p.telegramId, first_name: p.name, started: true });
  for (const id of strangerIds(strangers)) fake.user({ id, first_name: `Stranger ${id}`, started: true });
  try {
    return await body(fake);
  } finally {
    await fake.stop();
  }
}

/** The full bot process: system clock (no clock file), logs at info as in production. */
export async function fullBotRun(updates: number, members: number, nodeArgs: string[] = []) {
  const strangers = 50;
  return withFake(members, strangers, async (fake) => {
    const bot = new BotProcess({
      apiRoot: fake.apiRoot,
      token: TOKEN,
      env: { LOG_LEVEL: "info", CLOCK_FILE: "" },
      nodeArgs,
    });
    try {
      await bot.start(30_000);
      seedPeople(bot.databasePath, mixPeople(members));
      await new Promise((r) => setTimeout(r, 1000));
      fake.calls.length = 0;
      return await pushAndTime(fake, updateMix(updates, members, strangers));
    } finally {
      await bot.stop().catch(() => undefined);
    }
  });
}

/** The bare runner echo bot in its own process. */
export async function echoBotRun(updates: number, members: number) {
  const strangers = 50;
  return withFake(members, strangers, async (fake) => {
    const bot = new BotProcess({ apiRoot: fake.apiRoot, token: TOKEN, nodeArgs: [ECHO_BOT] });
    try {
      await bot.start(30_000);
      fake.calls.length = 0;
      return await pushAndTime(fake, updateMix(updates, members, strangers));
    } finally {
      await bot.stop().catch(() => undefined);
    }
  });
}

/** Figure 2 of the load issue: best of three runs each, alternating (the figures swing by ±15%). */
export async function loopbackFigures(log: (line: string) => void): Promise<void> {
  let full: LoopbackRun | undefined;
  let bare: LoopbackRun | undefined;
  for (let run = 0; run < 3; run++) {
    const f = await fullBotRun(10_000, 500);
    const b = await echoBotRun(10_000, 500);
    if (!full || f.perSecond > full.perSecond) full = f;
    if (!bare || b.perSecond > bare.perSecond) bare = b;
  }
  if (!full || !bare) return;
  log(
    `updates.loopback: full bot ${full.perSecond.toFixed(0)} updates/s (${full.updates} in ${full.seconds.toFixed(1)} s), bare runner echo bot ${bare.perSecond.toFixed(0)} updates/s = ${(full.perSecond / bare.perSecond).toFixed(3)} of bare (goal >= 0.5 and >= 1000/s; best of 3 each); fake server CPU ${(full.serverCpu * 100).toFixed(0)}% / ${(bare.serverCpu * 100).toFixed(0)}% of a core`,
  );
}
