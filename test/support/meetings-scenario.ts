/**
 * End-to-end helpers for meetings: the secretariat and three coordinators (Kazakhstan in Almaty,
 * UTC+5; Kyrgyzstan in Bishkek, UTC+6; Tajikistan) plus one not invited (Turkmenistan); creating
 * a meeting through /newmeeting and answering invitations by pressing the buttons a person would.
 */
import SQLite from "better-sqlite3";
import ICAL from "ical.js";
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

/** The people of the story, each joined through the secretariat's /invite and a deep link, in English. */
export async function meetingWorld(): Promise<MeetingWorld> {
  const world = await startWorld({ clock: T0 });
  const secretariat = await firstSecretariat(world);
  const join = async (id: number, name: string, state: string) => {
    const link = await inviteThroughBot(secretariat, "National coordinator", state);
    const user = world.fake.user({ id, first_name: name, language_code: "en" });
    await joinWith(user, link);
    return user;
  };
  const kz = await join(701, "Aigerim", "Kazakhstan");
  const kg = await join(702, "Bakyt", "Kyrgyzstan");
  const tj = await join(703, "Firuz", "Tajikistan");
  const tm = await join(704, "Merdan", "Turkmenistan");
  return { world, secretariat, kz, kg, tj, tm };
}

/**
 * Creates "Meeting of national coordinators" on 25.12.2026 10:00–13:00 Almaty time, answers by
 * 15.12.2026 18:00, Kazakhstan, Kyrgyzstan and Tajikistan invited, default reminders.
 */
export async function createMeetingThroughBot(secretariat: SimUser): Promise<void> {
  secretariat.command("newmeeting");
  await secretariat.waitForText(/Title in Russian/);
  secretariat.send("Совещание национальных координаторов");
  await secretariat.waitForText(/Title in English/);
  secretariat.send("Meeting of national coordinators");
  await secretariat.waitForText(/What kind of meeting/);
  await secretariat.press("Meeting of national coordinators");
  await secretariat.waitForText(/venue's time zone: Asia\/Almaty \(UTC\+5\)/);
  await secretariat.press("Keep Asia/Almaty");
  await secretariat.waitForText(/Start date and time in Asia\/Almaty/);
  secretariat.send("25.12.2026 10:00");
  await secretariat.waitForText(/How long does it last/);
  await secretariat.press("3 hours");
  await secretariat.waitForText(/^Venue/);
  secretariat.send("Almaty, Hotel Kazakhstan, Hall A");
  await secretariat.waitForText(/Online link/);
  secretariat.send("https://meet.example.org/almaty-process");
  await secretariat.waitForText(/Deadline for answers/);
  secretariat.send("15.12.2026 18:00");
  await secretariat.waitForText(/Who is invited/);
  await secretariat.press("✓ Turkmenistan");
  await untilLabel(secretariat, "Done (3 chosen)");
  await secretariat.press("Done (3 chosen)");
  await secretariat.waitForText(/Reminders to attending delegations/);
  await secretariat.press("Keep these reminders");
  await secretariat.waitForText(/Please check the meeting/);
  await secretariat.press("Create and send invitations");
  await secretariat.waitForText(/Invitations are on their way to 3 people/);
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
    await user.waitForText(i === 0 ? /head of delegation/ : /Name of the delegation member/);
    user.send(d.name);
    await user.waitForText(/Their function/);
    user.send(d.function);
    if (d.mode) {
      await user.waitForText(`Will ${d.name} take part in person or online?`);
      await user.press(d.mode);
    }
    // the new menu lists this person (earlier menus are edited when a button is pressed on them)
    await user.waitForText(new RegExp(`^Delegation[\\s\\S]*${i + 1}\\. ${d.name}`));
  }
  await user.press("Finish and send the answer");
  const confirmation = await user.waitForText(/is recorded/);
  const calendar = await user.nextMessage();
  return { confirmation, calendar };
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
