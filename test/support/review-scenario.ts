/**
 * Steps of review-round stories for end-to-end tests: people of given states joining through the
 * secretariat's /invite, the secretariat opening the founding round with a deadline, and reading
 * the bot's database the way an auditor would.
 */
import SQLite from "better-sqlite3";
import { documentOf } from "./fake-telegram-media.js";
import { inviteThroughBot, joinWith, untilButton, type World } from "./scenario.js";
import type { MessageView } from "./sim-chat.js";
import type { SimUser } from "./sim-user.js";

const ROLE_LABELS = {
  coordinator: "National coordinator",
  alternate: "Alternate coordinator",
  observer: "Observer",
} as const;

/** Someone invited by the secretariat joins (English by default; "Русский" for Russian). */
export async function joinAs(
  world: World,
  secretariat: SimUser,
  who: { id: number; name: string; role: keyof typeof ROLE_LABELS; target: string; language?: string },
): Promise<SimUser> {
  const link = await inviteThroughBot(secretariat, ROLE_LABELS[who.role], who.target);
  const user = world.fake.user({ id: who.id, first_name: who.name, language_code: "en" });
  await joinWith(user, link, { language: who.language ?? "English" });
  return user;
}

/** Reads rows from the bot's database (read-only). */
export function query<T>(world: World, sql: string, ...params: unknown[]): T[] {
  const db = new SQLite(world.bot.databasePath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The secretariat opens round `#id` from /rounds with a deadline typed in Almaty time. */
export async function openRoundThroughBot(
  secretariat: SimUser,
  roundId: number,
  deadline: string,
): Promise<void> {
  secretariat.command("rounds");
  await secretariat.waitForText(/Review rounds/);
  await secretariat.press(new RegExp(`^#${roundId} · `));
  await secretariat.waitForText(new RegExp(`Round #${roundId}`));
  await secretariat.press("Deadline");
  await secretariat.waitForText(/type the deadline in Almaty time/);
  secretariat.send(deadline);
  await secretariat.waitForText(/Deadline set/);
  await untilButton(secretariat, "▶ Open the round");
  await secretariat.press("▶ Open the round");
  await secretariat.waitForText(/Open the round to/);
  await secretariat.press("Yes, open it");
  await secretariat.waitForText(/The round is open/);
}

/** Presses `button` on cards `from`..`to` of a 9-card round, waiting each time for the next card (or the summary). */
export async function answerCards(
  user: SimUser,
  from: number,
  to: number,
  button: string,
  lang: "en" | "ru" = "en",
): Promise<void> {
  for (let i = from; i <= to; i++) {
    await user.press(button);
    if (i < 9) await waitForCard(user, lang === "en" ? `Item ${i + 1} of 9` : `Пункт ${i + 1} из 9`);
    else await waitForCard(user, lang === "en" ? /Positions of/ : /Позиции:/);
  }
}

/** The callback data of the button `label` on the person's latest message that has it. */
export function dataOf(user: SimUser, label: string): { data: string; messageId: number } {
  for (const m of [...user.messages()].reverse()) {
    for (const [r, row] of m.buttons.entries()) {
      const c = row.indexOf(label);
      const data = m.callbackData[r]?.[c];
      if (c >= 0 && data) return { data, messageId: m.message_id };
    }
  }
  throw new Error(`no button "${label}" in chat ${user.id}`);
}

/**
 * Sends documents as one album (same media_group_id), as Telegram clients do when several files
 * are chosen at once. The fake server's SimUser sends single documents only.
 */
export function sendAlbum(
  world: World,
  user: SimUser,
  files: readonly { filename: string; content: string; mimeType: string }[],
  groupId: string,
): void {
  const chat = world.fake.chat(user.id);
  for (const f of files) {
    const file = world.fake.state.storeFile("document", Buffer.from(f.content), f.filename, f.mimeType);
    const message = world.fake.state.storeMessage(chat, {
      from: user.user,
      media_group_id: groupId,
      document: documentOf(file),
    } as Parameters<typeof world.fake.state.storeMessage>[1]);
    world.fake.pushUpdate({ message } as Parameters<typeof world.fake.pushUpdate>[0]);
  }
}

/**
 * Waits until the person's live card (their latest message with buttons) shows `text`: cards are
 * edited in place or sent anew, so this is what the person sees, whichever way it came.
 */
export async function waitForCard(
  user: SimUser,
  text: string | RegExp,
  timeoutMs = 20_000,
): Promise<MessageView> {
  const deadline = Date.now() + timeoutMs;
  const test = (s: string) => (typeof text === "string" ? s.includes(text) : text.test(s));
  for (;;) {
    const live = [...user.messages()].reverse().find((m) => m.buttons.flat().length > 0);
    if (live && test(live.text)) return live;
    if (Date.now() > deadline)
      throw new Error(`the live card never showed ${String(text)}; it shows:\n${live?.text ?? "(none)"}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
