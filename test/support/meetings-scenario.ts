/**
 * End-to-end helpers for meetings: the secretariat and three coordinators (Kazakhstan in Almaty,
 * UTC+5; Kyrgyzstan in Bishkek, UTC+6; Tajikistan) plus one not invited (Turkmenistan); creating
 * a meeting through /newmeeting and answering invitations by pressing the buttons a person would.
 */
import SQLite from "better-sqlite3";
import ICAL from "ical.js";
import type { BotProcess } from "./bot-process.js";
import { firstSecretariat, inviteThroughBot, joinWith, startWorld, type World } from "./scenario.js";
import type { MessageView } from "./sim-chat.js";
import type { SimUser } from "./sim-user.js";

export interface MeetingWorld {
  world: World;
  secretariat: SimUser;
  kz: SimUser;
  kg: SimUser;
  tj: SimUser;
  tm: SimUser;
}

/** 09:00 in Almaty on 24 November 2026. */
export const T0 = "2026-11-24T04:00:00.000Z";

/** The people of the story, each joined through the secretariat's /invite and a deep link (English unless given). */
export async function meetingWorld(
  languages: { tj?: string } = {},
  env: Record<string, string> = {},
): Promise<MeetingWorld> {
  const world = await startWorld({ clock: T0, env });
  const secretariat = await firstSecretariat(world);
  const join = async (id: number, name: string, state: string, language = "English") => {
    const link = await inviteThroughBot(secretariat, "National coordinator", state);
    const user = world.fake.user({ id, first_name: name, language_code: "en" });
    await joinWith(user, link, { language });
    return user;
  };
  const kz = await join(701, "Aigerim", "Kazakhstan");
  const kg = await join(702, "Bakyt", "Kyrgyzstan");
  const tj = await join(703, "Firuz", "Tajikistan", languages.tj);
  const tm = await join(704, "Merdan", "Turkmenistan");
  return { world, secretariat, kz, kg, tj, tm };
}

/**
 * Creates "Meeting of national coordinators" on 25.12.2026 10:00–13:00 Almaty time, answers by
 * 15.12.2026 18:00, Kazakhstan, Kyrgyzstan and Tajikistan invited, default reminders.
 */
export async function createMeetingThroughBot(secretariat: SimUser): Promise<void> {
  secretariat.command("newmeeting");
  await next(secretariat, /Title in Russian/);
  secretariat.send("Совещание национальных координаторов");
  await next(secretariat, /Title in English/);
  secretariat.send("Meeting of national coordinators");
  await next(secretariat, /What kind of meeting/);
  await secretariat.press("Meeting of national coordinators");
  await next(secretariat, /venue's time zone: Almaty, UTC\+5\./);
  await secretariat.press("Keep Almaty, UTC+5");
  await next(secretariat, /Start date and time in Almaty, UTC\+5/);
  secretariat.send("25.12.2026 10:00");
  await next(secretariat, /How long does it last/);
  await secretariat.press("3 hours");
  await next(secretariat, /^Venue/);
  secretariat.send("Almaty, Hotel Kazakhstan, Hall A");
  await next(secretariat, /Online link/);
  secretariat.send("https://meet.example.org/almaty-process");
  await next(secretariat, /Deadline for answers/);
  secretariat.send("15.12.2026 18:00");
  await next(secretariat, /Who is invited/);
  await secretariat.press("✓ Turkmenistan");
  await untilLabel(secretariat, "Done (3 chosen)");
  await secretariat.press("Done (3 chosen)");
  await next(secretariat, /Reminders to attending delegations/);
  await secretariat.press("Keep these reminders");
  await next(secretariat, /Please check the meeting/);
  await secretariat.press("Create and send invitations");
  await next(secretariat, /Invitations are on their way to 3 people/);
}

async function untilLabel(user: SimUser, label: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!user.buttons().includes(label)) {
    if (Date.now() > deadline) throw new Error(`no button ${label}: ${user.buttons().join(" | ")}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Names the delegation after pressing an attend button; the first is the head. */
export async function answerAttend(
  user: SimUser,
  button: "Attend in person" | "Attend online",
  delegation: { name: string; function: string; mode?: "In person" | "Online" }[],
): Promise<{ confirmation: MessageView; calendar: MessageView }> {
  await user.press(button);
  for (const [i, d] of delegation.entries()) {
    if (i > 0) {
      await user.press("Add a member");
    }
    await next(user, i === 0 ? /head of delegation/ : /Name of the delegation member/);
    user.send(d.name);
    await next(user, /Their function/);
    user.send(d.function);
    if (d.mode) {
      await next(user, `Will ${d.name} take part in person or online?`);
      await user.press(d.mode);
    }
    // the new menu lists this person (earlier menus are edited when a button is pressed on them)
    await next(user, new RegExp(`^Delegation[\\s\\S]*${i + 1}\\. ${d.name}`));
  }
  await user.press("Finish and send the answer");
  const confirmation = await next(user, /is recorded/);
  const calendar = await user.nextMessage();
  return { confirmation, calendar };
}

/**
 * The next new bot message in the person's chat that matches, skipping others. Unlike
 * `waitForText` it never matches an edit, so a prompt that was answered (its buttons removed by
 * an edit) is not mistaken for the next prompt with the same words.
 */
export async function next(user: SimUser, re: RegExp | string, timeoutMs = 10_000): Promise<MessageView> {
  const deadline = Date.now() + timeoutMs;
  const test = (text: string) => (typeof re === "string" ? text.includes(re) : re.test(text));
  const skipped: string[] = [];
  for (;;) {
    const left = deadline - Date.now();
    let message: MessageView;
    try {
      message = await user.nextMessage({ timeoutMs: Math.max(1, left) });
    } catch (error) {
      const seen = skipped.length ? `\nSkipped meanwhile:\n  ${skipped.join("\n  ")}` : "";
      throw new Error(`no new message matching ${String(re)}${seen}\n${String(error)}`);
    }
    if (test(message.text)) return message;
    skipped.push(JSON.stringify(message.text.slice(0, 120)));
  }
}

/**
 * Starts the bot again and waits for *this* run's "bot running" line. (`BotProcess.start` also
 * accepts the line of an earlier run, so it can return before the new process handles SIGTERM.)
 */
/**
 * Waits until the bot has recorded the outcome of every send it started. A message reaches its
 * chat a moment before the bot has Telegram's answer and marks it sent; a crash inside that moment
 * sends it again after the restart (at least once, as the README says). A test that kills the bot
 * to show that a finished send is not repeated waits for this first.
 */
export async function sendsRecorded(bot: BotProcess, timeoutMs = 10_000): Promise<void> {
  await eventually(
    () =>
      query<{ n: number }>(bot.databasePath, "SELECT COUNT(*) AS n FROM outbox WHERE status = 'sending'")[0]
        ?.n === 0,
    timeoutMs,
    "the bot to record its sends",
  );
}

export async function startAgain(bot: BotProcess): Promise<void> {
  const from = bot.logs.length;
  await bot.start();
  await bot.waitForLog((l) => l.msg === "bot running", 20_000, "the restarted bot to run", from);
}

/** Reads the database of the bot process (read-only). */
export function query<T>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = new SQLite(path, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The event of a calendar file as ical.js reads it. */
export function parseCalendar(content: Buffer | string) {
  const component = new ICAL.Component(ICAL.parse(content.toString()));
  const vevent = component.getFirstSubcomponent("vevent");
  if (!vevent) throw new Error("no VEVENT in the calendar file");
  const event = new ICAL.Event(vevent);
  return {
    method: component.getFirstPropertyValue("method"),
    organizer: vevent.getFirstPropertyValue("organizer") ?? null,
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    summary: event.summary,
    location: event.location,
    status: vevent.getFirstPropertyValue("status"),
  };
}

/** Messages the person received whose text matches. */
export function received(user: SimUser, re: RegExp): MessageView[] {
  return user.messages().filter((m) => re.test(m.text));
}

/** Waits (up to `ms`) until `check` holds. */
export async function eventually(check: () => boolean, ms = 10_000, what = "a condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
