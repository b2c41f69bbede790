/**
 * Bringing a person in the way a real one comes: an invitation link from the operator's CLI (the
 * very first secretariat member) or from the secretariat's /invite in the chat, then the person
 * opens the deep link and presses the joining buttons (keep the name, their language, keep the
 * zone). Buttons are found by their payloads, made with the bot's own definitions, so this works
 * whatever language the chat is in; nothing is written into the database.
 */
import type { Message } from "grammy/types";
import { inviteChoice } from "../src/bot/features/invite/keyboards.js";
import { nameStep } from "../src/bot/features/join/keyboards.js";
import { joinLanguageChoice } from "../src/bot/shared/language-picker.js";
import { zoneStep } from "../src/bot/shared/time-zone-question.js";
import type { FakeTelegram } from "../test/support/fake-telegram.js";
import { codeOf } from "../test/support/scenario.js";
import type { SimUser } from "../test/support/sim-user.js";
import type { PersonSpec } from "./cast.js";

const STEP_MS = 20_000;
const LINK = /https:\/\/t\.me\/\S+\?start=[\w-]+/;

/** The chat's bot messages (as they stand now) that were sent or edited since event `since`. */
function touchedSince(fake: FakeTelegram, user: SimUser, since: number): Message[] {
  const chat = user.chat;
  const ids = new Set(chat.events.slice(since).map((e) => e.message.message_id));
  return [...ids].flatMap((id) => {
    const m = fake.state.message(chat, id);
    return m ? [m] : [];
  });
}

function hasButton(m: Message, data: string): boolean {
  return (
    m.reply_markup?.inline_keyboard.flat().some((b) => "callback_data" in b && b.callback_data === data) ??
    false
  );
}

/** Waits for a button with this payload on a message sent or edited since `since`; its message id. */
function buttonShown(fake: FakeTelegram, user: SimUser, data: string, since: number): Promise<number> {
  return fake.waitFor(
    () =>
      touchedSince(fake, user, since)
        .reverse()
        .find((m) => hasButton(m, data))?.message_id,
    STEP_MS,
    () => `a button "${data}" in ${user.user.first_name}'s chat`,
  );
}

/** Presses a button; a refusal (an alert) is an error. */
async function press(user: SimUser, data: string, messageId: number): Promise<void> {
  const answer = await user.pressData(data, messageId, STEP_MS);
  if (answer.show_alert) throw new Error(`the bot refused "${data}": ${answer.text ?? ""}`);
}

/** Waits for a button with this payload on a message sent or edited since `since`; presses it. */
async function pressWhenShown(fake: FakeTelegram, user: SimUser, data: string, since: number): Promise<void> {
  await press(user, data, await buttonShown(fake, user, data, since));
}

/** Waits for a new bot message in the chat since `since` (optionally one whose text matches). */
function messageSince(fake: FakeTelegram, user: SimUser, since: number, text?: RegExp): Promise<Message> {
  return fake.waitFor(
    () =>
      user.chat.events
        .slice(since)
        .find((e) => e.kind === "message" && (!text || text.test(e.message.text ?? "")))?.message,
    STEP_MS,
    () => `a message${text ? ` matching ${text}` : ""} in ${user.user.first_name}'s chat`,
  );
}

/** The secretariat member invites someone with /invite; resolves with the deep link the bot gives. */
export async function inviteInChat(
  fake: FakeTelegram,
  secretariat: SimUser,
  spec: PersonSpec,
): Promise<string> {
  const since = secretariat.chat.events.length;
  secretariat.command("invite");
  const roleButton = inviteChoice.pack({ role: spec.role, target: "_" });
  const first = await messageSince(fake, secretariat, since);
  if (!hasButton(first, roleButton)) {
    throw new Error(
      `the bot did not offer the secretariat an invitation; it said: «${(first.text ?? "").slice(0, 200)}»`,
    );
  }
  await pressWhenShown(fake, secretariat, roleButton, since);
  if (spec.target) {
    const target = `${spec.target.kind === "state" ? "s" : "o"}.${spec.target.code}`;
    await pressWhenShown(fake, secretariat, inviteChoice.pack({ role: spec.role, target }), since);
  }
  const answer = await messageSince(fake, secretariat, since, LINK);
  const link = LINK.exec(answer.text ?? "")?.[0];
  if (!link) throw new Error("the bot gave no invitation link");
  return link;
}

/** The person opens the deep link and goes through joining; resolves when the bot welcomes them. */
export async function joinWithLink(
  fake: FakeTelegram,
  user: SimUser,
  link: string,
  language: string,
): Promise<void> {
  const since = user.chat.events.length;
  user.command("start", codeOf(link));
  await pressWhenShown(fake, user, nameStep.pack({ action: "keep" }), since);
  await pressWhenShown(fake, user, joinLanguageChoice.pack({ code: language }), since);
  const keepZone = zoneStep.pack({ action: "keep" });
  const zonePrompt = await buttonShown(fake, user, keepZone, since);
  const beforeWelcome = user.chat.events.length;
  await press(user, keepZone, zonePrompt);
  await messageSince(fake, user, beforeWelcome);
}
