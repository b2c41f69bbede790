/**
 * What members do in the latency benchmarks: commands (/help, /me, /meetings, /language,
 * /timezone), button presses (a language button, the Acknowledge button of an announcement) and a
 * flow step (a time zone typed after /timezone), pushed into the fake server at a steady rate from
 * a crowd in turn. Each member's steps keep their order, so a press follows the command that showed
 * its button and a typed zone follows /timezone; with 200 members at 20 updates per second each
 * member acts every 10 seconds, as a person reading and answering would.
 */
import type { Message } from "grammy/types";
import type { FakeTelegram } from "../test/support/fake-telegram.js";
import type { SimUser } from "../test/support/sim-user.js";
import { sleep } from "./world.js";

export type Step =
  | "help"
  | "me"
  | "meetings"
  | "language"
  | "pressLanguage"
  | "timezone"
  | "zone"
  | "pressAck";

/** Three steps per member, by member number modulo 5: 9 commands, 4 presses, 2 flow steps in 15. */
const SCRIPTS: readonly (readonly Step[])[] = [
  ["help", "language", "pressLanguage"],
  ["me", "timezone", "zone"],
  ["meetings", "pressAck", "help"],
  ["language", "pressLanguage", "me"],
  ["timezone", "zone", "pressAck"],
];

const COMMANDS: Partial<Record<Step, string>> = {
  help: "/help",
  me: "/me",
  meetings: "/meetings",
  language: "/language",
  timezone: "/timezone",
};

/** One update pushed by the mix. */
export interface Issued {
  updateId: number;
  chatId: number;
  /** What was meant; `sent` differs when a press had no button yet and /help went instead. */
  step: Step;
  sent: Step;
  /** The callback query id of a press. */
  queryId?: string;
}

/** The step of a member's turn (scripts repeat when a run is longer than three turns). */
export function stepOf(memberIndex: number, turn: number): Step {
  const script = SCRIPTS[memberIndex % SCRIPTS.length] ?? SCRIPTS[0] ?? [];
  return script[turn % script.length] ?? "help";
}

/** The newest bot message in the chat with a button whose callback data starts with `prefix`. */
function buttonOf(fake: FakeTelegram, chatId: number, prefix: string, pick = 0) {
  const messages = fake.messagesTo(chatId);
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    const buttons = (m?.reply_markup?.inline_keyboard.flat() ?? []).filter(
      (b): b is typeof b & { callback_data: string } =>
        "callback_data" in b && b.callback_data.startsWith(prefix),
    );
    if (m && buttons.length > 0)
      return { message: m, data: buttons[pick % buttons.length]?.callback_data ?? "" };
  }
  return undefined;
}

let queries = 0;

/** Presses a button (a callback query on that message); returns the update id and query id. */
export function press(fake: FakeTelegram, user: SimUser, message: Message, data: string) {
  const id = `bench-${++queries}`;
  const update = fake.pushCallbackQuery({
    id,
    from: user.user,
    message,
    chat_instance: fake.chat(user.id).chatInstance,
    data,
  });
  return { updateId: update.update_id, queryId: id };
}

/**
 * Pushes one step. A press goes on the newest message carrying that kind of button; with `bare`
 * (the echo bot shows no buttons) it goes on the newest bot message with the same payload the real
 * button carries. A press with nothing to press (the bot has not answered /language yet, or the
 * announcement has not reached this member yet) becomes /help, and says so.
 */
export function pushStep(fake: FakeTelegram, user: SimUser, step: Step, turn: number, bare: boolean): Issued {
  const chatId = user.id;
  if (step === "pressLanguage" || step === "pressAck") {
    const prefix = step === "pressLanguage" ? "lang:" : "ack:";
    const found = buttonOf(fake, chatId, prefix, turn);
    const latest = fake.messagesTo(chatId).at(-1);
    const target =
      found ??
      (bare && latest
        ? { message: latest, data: step === "pressLanguage" ? "lang:en" : "ack:1" }
        : undefined);
    if (target) {
      return { ...press(fake, user, target.message, target.data), chatId, step, sent: step };
    }
    user.command("help");
    return { updateId: lastUpdateId(fake), chatId, step, sent: "help" };
  }
  const text = step === "zone" ? (turn % 2 ? "Asia/Almaty" : "Asia/Tashkent") : (COMMANDS[step] ?? "/help");
  user.send(text);
  return { updateId: lastUpdateId(fake), chatId, step, sent: step };
}

function lastUpdateId(fake: FakeTelegram): number {
  return fake.updates.at(-1)?.update_id ?? 0;
}

/**
 * Pushes `perSecond` updates a second for `seconds`, the members taking turns (member k % n, turn
 * k / n), on a fixed schedule that does not wait for the bot (a crowd does not wait either).
 */
export async function driveMix(
  fake: FakeTelegram,
  members: readonly SimUser[],
  options: { perSecond: number; seconds: number; bare: boolean },
): Promise<{ issued: Issued[]; startedAt: number; endedAt: number }> {
  const total = Math.round(options.perSecond * options.seconds);
  const gap = 1000 / options.perSecond;
  const issued: Issued[] = [];
  const startedAt = Date.now();
  for (let k = 0; k < total; k++) {
    const wait = startedAt + k * gap - Date.now();
    if (wait > 0) await sleep(wait);
    const index = k % members.length;
    const member = members[index];
    if (!member) continue;
    const turn = Math.floor(k / members.length);
    issued.push(pushStep(fake, member, stepOf(index, turn), turn, options.bare));
  }
  return { issued, startedAt, endedAt: Date.now() };
}
