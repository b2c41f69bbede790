/**
 * Announcement delivery through the secretariat's real /announce flow with Telegram's limits on
 * (30/s overall, 1/s per chat, edits included, no chat exempt): for 40 and for 1,000 recipients,
 * the 429s the server answered (goal 0), the delivery rate (goal >= 0.95 of 30/s), and how long
 * ten members who press buttons throughout (a language button, then Acknowledge once the
 * announcement reached them) wait for an answer (goal: within a second).
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
import { type Issued, pushStep } from "./member-mix.js";
import { botWorld, population, SECRETARIAT_ID, sleep, until } from "./world.js";

const PRESSERS = 10;
/** Each presser presses every two seconds, the ten spread over those two seconds. */
const PRESS_EVERY_MS = 2000;

export interface BroadcastRun {
  recipients: number;
  delivered: number;
  perSecond: number;
  seconds: number;
  throttled: ReturnType<typeof throttled>;
  /** 429s of the secretariat's chat after the last copy (the report's). */
  reportThrottled: number;
  report: boolean;
  waits: Waits;
  visible: Waits;
}

/** Presses until `done()`: a language button, or Acknowledge when the announcement is there and not yet acknowledged. */
async function pressThroughout(
  world: Awaited<ReturnType<typeof botWorld>>,
  pressers: readonly SimUser[],
  done: () => boolean,
) {
  const issued: Issued[] = [];
  const acknowledged = new Set<number>();
  const started = Date.now();
  for (let k = 0; !done(); k++) {
    const wait = started + (k * PRESS_EVERY_MS) / pressers.length - Date.now();
    if (wait > 0) await sleep(wait);
    const index = k % pressers.length;
    const user = pressers[index];
    if (!user) continue;
    const hasAnnouncement = world.fake
      .messagesTo(user.id)
      .some((m) =>
        m.reply_markup?.inline_keyboard
          .flat()
          .some((b) => "callback_data" in b && b.callback_data.startsWith("ack:")),
      );
    const ack = hasAnnouncement && !acknowledged.has(user.id);
    if (ack) acknowledged.add(user.id);
    issued.push(pushStep(world.fake, user, ack ? "pressAck" : "pressLanguage", k, false));
  }
  return issued;
}

export async function broadcastRun(recipients: number): Promise<BroadcastRun> {
  const world = await botWorld(population(recipients));
  try {
    const { fake } = world;
    const members = [...world.users.values()].filter((u) => u.id !== SECRETARIAT_ID);
    const pressers = members.slice(0, PRESSERS);
    for (const u of pressers) u.command("language");
    await until(
      () => pressers.every((u) => fake.messagesTo(u.id).some((m) => m.reply_markup?.inline_keyboard.length)),
      20_000,
      "the pressers' language keyboards",
    );
    const secretariat = world.users.get(SECRETARIAT_ID);
    if (!secretariat) throw new Error("no secretariat");
    const announcement = await prepareAnnouncement(secretariat);
    await sleep(1000);
    fake.enableLimits();
    const sendAt = Date.now();
    await announcement.send();
    const finished = () => reportArrived(fake) || Date.now() - sendAt > 180_000;
    const issued = await pressThroughout(world, pressers, finished);
    await sleep(3000);
    const copies = deliveredCopies(fake);
    const lastCopy = copies.at(-1)?.at ?? sendAt;
    const reportThrottled = fake.calls.filter(
      (c) =>
        c.at > lastCopy &&
        Number(c.params.chat_id) === SECRETARIAT_ID &&
        c.response?.ok === false &&
        c.response.error_code === 429,
    ).length;
    return {
      recipients,
      delivered: copies.length,
      ...deliveryRate(copies),
      throttled: throttled(fake, isBroadcastCopy, SECRETARIAT_ID, sendAt),
      reportThrottled,
      report: reportArrived(fake),
      waits: waitsOf(fake, issued, { ignore: isBroadcastCopy }),
      visible: waitsOf(fake, issued, { ignore: isBroadcastCopy, visibleOnly: true }),
    };
  } finally {
    await world.close();
  }
}

/** Figure 3 of the benchmark issue (issue 14, item 9: one sending budget). */
export async function broadcastFigures(log: (line: string) => void): Promise<void> {
  for (const recipients of [40, 1_000]) {
    const r = await broadcastRun(recipients);
    const p99 = percentile(r.waits.ms, 99);
    log(
      `broadcast.${recipients}: /announce to ${r.recipients} with limits on: ${r.delivered} delivered, ${r.perSecond.toFixed(2)}/s over ${r.seconds.toFixed(1)} s = ${(r.perSecond / 30).toFixed(3)} of 30/s (goal >= 0.95); 429s ${describeThrottled(r.throttled)} (goal 0), of which after the last copy in the secretariat's chat ${r.reportThrottled}; report ${r.report ? "arrived" : "did not arrive"}`,
    );
    log(
      `broadcast.${recipients}.presses: ${PRESSERS} members pressing buttons meanwhile, first answer ${describeWaits(r.waits)} (goal p99 <= 1000 ms: ${p99 <= 1000 ? "met" : "missed"}); their message or edit ${describeWaits(r.visible)}`,
    );
  }
}
