/**
 * Reply latency under a realistic load: 200 registered members send a mix of commands, button
 * presses and a flow step (member-mix.ts) at 20 updates per second for 30 seconds while the
 * secretariat's 1,000-recipient announcement is delivered, with the fake server enforcing
 * Telegram's limits (30/s overall, 1/s per chat, edits included). Measured from the moment
 * getUpdates hands an update out to the bot's first answer to it; the bare runner echo bot gets
 * the same 20/s mix on the same limits, and no announcement (it has none to send).
 */
import type { SimUser } from "../test/support/sim-user.js";
import { describeThrottled, describeWaits, percentile, throttled, type Waits, waitsOf } from "./answers.js";
import {
  deliveredCopies,
  deliveryRate,
  isBroadcastCopy,
  prepareAnnouncement,
  reportArrived,
} from "./broadcast-run.js";
import { driveMix, type Issued } from "./member-mix.js";
import { type BenchWorld, bareWorld, botWorld, population, SECRETARIAT_ID, until } from "./world.js";

const MEMBERS = 200;
const RECIPIENTS = 1_000;
const PER_SECOND = 20;
const SECONDS = 30;
/** People outside the measured 200 who warm the process up with the same mix first. */
const WARM_UP = 40;

function membersOf(world: BenchWorld, from: number, count: number): SimUser[] {
  const ids = [...world.users.keys()].filter((id) => id !== SECRETARIAT_ID).slice(from, from + count);
  return ids.map((id) => world.users.get(id)).filter((u): u is SimUser => u !== undefined);
}

async function settle(world: BenchWorld, issued: readonly Issued[], timeoutMs: number): Promise<void> {
  const answered = () => waitsOf(world.fake, issued, { ignore: isBroadcastCopy }).unanswered === 0;
  await until(answered, timeoutMs, "every update of the mix to be answered", 500).catch(() => undefined);
}

async function warmUp(world: BenchWorld, bare: boolean): Promise<void> {
  const warm = membersOf(world, MEMBERS, WARM_UP);
  const { issued } = await driveMix(world.fake, warm, { perSecond: PER_SECOND, seconds: 6, bare });
  await settle(world, issued, 15_000);
}

export interface BotLatencyRun {
  waits: Waits;
  visible: Waits;
  replaced: number;
  throttledInWindow: ReturnType<typeof throttled>;
  throttledAll: ReturnType<typeof throttled>;
  copiesInWindow: number;
  windowSeconds: number;
  whole: { delivered: number; perSecond: number; seconds: number };
  report: boolean;
}

export async function botLatencyRun(): Promise<BotLatencyRun> {
  const world = await botWorld(population(RECIPIENTS));
  try {
    const { fake } = world;
    await warmUp(world, false);
    const secretariat = world.users.get(SECRETARIAT_ID);
    if (!secretariat) throw new Error("no secretariat");
    const announcement = await prepareAnnouncement(secretariat);
    fake.enableLimits();
    await announcement.send();
    await until(() => deliveredCopies(fake).length > 0, 20_000, "the announcement's first copy");

    const mix = await driveMix(fake, membersOf(world, 0, MEMBERS), {
      perSecond: PER_SECOND,
      seconds: SECONDS,
      bare: false,
    });
    await settle(world, mix.issued, 20_000);
    await until(
      () => deliveredCopies(fake).length >= RECIPIENTS && reportArrived(fake),
      180_000,
      "the whole announcement and its report",
      250,
    ).catch(() => undefined);

    const copies = deliveredCopies(fake);
    const inWindow = copies.filter((c) => c.at >= mix.startedAt && c.at < mix.endedAt).length;
    return {
      waits: waitsOf(fake, mix.issued, { ignore: isBroadcastCopy }),
      visible: waitsOf(fake, mix.issued, { ignore: isBroadcastCopy, visibleOnly: true }),
      replaced: mix.issued.filter((u) => u.sent !== u.step).length,
      throttledInWindow: throttled(fake, isBroadcastCopy, SECRETARIAT_ID, mix.startedAt, mix.endedAt),
      throttledAll: throttled(fake, isBroadcastCopy, SECRETARIAT_ID),
      copiesInWindow: inWindow,
      windowSeconds: (mix.endedAt - mix.startedAt) / 1000,
      whole: { delivered: copies.length, ...deliveryRate(copies) },
      report: reportArrived(fake),
    };
  } finally {
    await world.close();
  }
}

/**
 * The bot with the same mix and limits but no announcement: not a goal, it tells whether the time
 * goes to handling updates or to waiting for room to send.
 */
export async function quietBotLatencyRun(): Promise<{ waits: Waits; replaced: number }> {
  const world = await botWorld(population(MEMBERS + WARM_UP));
  try {
    await warmUp(world, false);
    world.fake.enableLimits();
    const mix = await driveMix(world.fake, membersOf(world, 0, MEMBERS), {
      perSecond: PER_SECOND,
      seconds: SECONDS,
      bare: false,
    });
    await settle(world, mix.issued, 20_000);
    return {
      waits: waitsOf(world.fake, mix.issued),
      replaced: mix.issued.filter((u) => u.sent !== u.step).length,
    };
  } finally {
    await world.close();
  }
}

export async function bareLatencyRun(): Promise<Waits> {
  const world = await bareWorld(population(MEMBERS + WARM_UP));
  try {
    await warmUp(world, true);
    world.fake.enableLimits();
    const mix = await driveMix(world.fake, membersOf(world, 0, MEMBERS), {
      perSecond: PER_SECOND,
      seconds: SECONDS,
      bare: true,
    });
    await settle(world, mix.issued, 20_000);
    return waitsOf(world.fake, mix.issued);
  } finally {
    await world.close();
  }
}

/** Figure 1 of the benchmark issue. */
export async function latencyFigures(log: (line: string) => void): Promise<void> {
  const bot = await botLatencyRun();
  const bare = await bareLatencyRun();
  const quiet = await quietBotLatencyRun();
  const goal = 1.5 * percentile(bare.ms, 99) + 20;
  const botP99 = percentile(bot.waits.ms, 99);
  log(
    `latency.bot: reply latency, ${MEMBERS} members at ${PER_SECOND} updates/s for ${SECONDS} s during a ${RECIPIENTS}-recipient announcement, limits on: ${describeWaits(bot.waits)}; ${bot.replaced} presses went as /help (no button yet)`,
  );
  log(`latency.bare: bare runner echo bot, same mix and limits, no announcement: ${describeWaits(bare)}`);
  log(
    `latency.goal: bot p99 ${botP99.toFixed(0)} ms vs 1.5 × bare p99 + 20 ms = ${goal.toFixed(0)} ms: ${botP99 <= goal ? "met" : "missed"}`,
  );
  log(
    `latency.bot.visible: the same, presses timed to the bot's first message or edit instead of the callback answer: ${describeWaits(bot.visible)}`,
  );
  log(
    `latency.bot.quiet: the bot with the same mix and limits and no announcement (its Acknowledge presses go as /help: ${quiet.replaced}): ${describeWaits(quiet.waits)}`,
  );
  log(
    `latency.broadcast: ${bot.copiesInWindow} copies delivered during the ${bot.windowSeconds.toFixed(1)} s of the mix = ${(bot.copiesInWindow / bot.windowSeconds).toFixed(2)}/s (${(bot.copiesInWindow / bot.windowSeconds / 30).toFixed(3)} of 30/s); whole announcement ${bot.whole.delivered} of ${RECIPIENTS} in ${bot.whole.seconds.toFixed(1)} s = ${bot.whole.perSecond.toFixed(2)}/s; report ${bot.report ? "arrived" : "did not arrive"}`,
  );
  log(
    `latency.429: during the mix ${describeThrottled(bot.throttledInWindow)}; over the whole run ${describeThrottled(bot.throttledAll)}`,
  );
}
