/**
 * What people read about meetings, end to end: the confirmation of an answer says until when it
 * can be changed (and asks nothing more); a notice of a change says what changed, from → to; the
 * secretariat's meeting buttons start with the date; joining asks the secretariat (and observers)
 * for their name without speaking of "other coordinators"; calendar files are plain published
 * events (or, with SECRETARIAT_EMAIL, invitations from that organizer) and a cancellation cancels
 * the same UID.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  answerAttend,
  createMeetingThroughBot,
  eventually,
  type MeetingWorld,
  meetingWorld,
  next,
  parseCalendar,
} from "../support/meetings-scenario.js";
import { firstSecretariat, inviteThroughBot, joinWith, startWorld, type World } from "../support/scenario.js";
import type { SimUser } from "../support/sim-user.js";

let story: MeetingWorld | undefined;
let world: World | undefined;
afterEach(async () => {
  await story?.world.close();
  await world?.close();
  story = undefined;
  world = undefined;
});

const TITLE = "Meeting of national coordinators";

async function cancelMeeting(secretariat: SimUser): Promise<void> {
  secretariat.command("meetings");
  await next(secretariat, /Upcoming meetings/);
  await secretariat.press(new RegExp(TITLE));
  await next(secretariat, /Kazakhstan: attending/);
  await secretariat.press("Cancel the meeting");
  const confirm = "Yes, cancel it and tell everyone invited";
  await eventually(() => secretariat.buttons().includes(confirm), 10_000, "the confirmation button");
  await secretariat.press(confirm);
  await next(secretariat, /The meeting is cancelled/);
}

describe("texts of meetings", () => {
  it("confirmations say until when an answer can change; the buttons start with the date; notices say what changed, from → to", async () => {
    story = await meetingWorld();
    const { secretariat, kz, kg } = story;
    await createMeetingThroughBot(secretariat);
    await next(kz, /You are invited/);

    const { confirmation } = await answerAttend(kz, "Attend in person", [
      { name: "Aigerim Nurlanovna", function: "Deputy Minister of Labour", mode: "In person" },
    ]);
    expect(confirmation.text).toMatch(
      /^Thank you\. The answer of Kazakhstan to the invitation to “Meeting of national coordinators” is recorded: attending in person\./,
    );
    expect(confirmation.text).toMatch(
      /You can change the answer with \/meetings until 15 December 2026, 18:00 \(your time, Almaty, UTC\+5\)\.$/,
    );
    expect(confirmation.text).not.toMatch(/Please answer by/);

    await next(kg, /You are invited/);
    await kg.press("Decline");
    const declined = await next(kg, /will not attend/);
    expect(declined.text).toBe(
      "Recorded: your delegation will not attend “Meeting of national coordinators”.\n\n" +
        "You can change the answer with /meetings until 15 December 2026, 19:00 (your time, Bishkek, UTC+6; Almaty, UTC+5: 18:00).",
    );

    // The secretariat's buttons: the date first, so that a cut title keeps it.
    secretariat.command("meetings");
    const list = await next(secretariat, /Upcoming meetings/);
    expect(list.buttons).toEqual([[`25 Dec 2026 · ${TITLE}`]]);

    // Reschedule to 26.12.2026 15:00 Almaty time: the notice says from → to, in each reader's time.
    await secretariat.press(new RegExp(TITLE));
    const roster = await next(secretariat, /Kazakhstan: attending in person/);
    expect(roster.text).toMatch(
      /\nAnswers are due by 15 December 2026, 18:00 \(your time, Almaty, UTC\+5\)\.\n/,
    );
    await secretariat.press("Reschedule");
    await next(secretariat, /New start date and time/);
    secretariat.send("26.12.2026 15:00");
    await next(secretariat, /How long does it last/);
    await secretariat.press("Keep: 3 hours");
    await next(secretariat, /Deadline for answers/);
    expect(secretariat.buttons()).toEqual(["Keep: 15 December 2026, 18:00 (Almaty, UTC+5)"]);
    await secretariat.press(/^Keep: /);
    await next(secretariat, /Everyone invited will be told/);
    await secretariat.press("Apply and tell everyone invited");
    await next(secretariat, /Rescheduled/);
    const kzNotice = await next(kz, /has been rescheduled/);
    expect(kzNotice.text).toMatch(
      /^The meeting “Meeting of national coordinators” has been rescheduled\.\n25 December 2026, 10:00 – 13:00 → 26 December 2026, 15:00 – 18:00 \(your time, Almaty, UTC\+5\)\n/,
    );
    const kgNotice = await next(kg, /has been rescheduled/);
    expect(kgNotice.text).toMatch(
      /\n25 December 2026, 11:00 – 14:00 → 26 December 2026, 16:00 – 19:00 \(your time, Bishkek, UTC\+6\)\n/,
    );

    // A new venue: the notice names the old one and the new one.
    secretariat.command("meetings");
    await next(secretariat, /Upcoming meetings/);
    await secretariat.press(new RegExp(TITLE));
    await next(secretariat, /Kazakhstan: attending in person/);
    await secretariat.press("Change venue or link");
    await next(secretariat, /Venue now/);
    secretariat.send("Almaty, Rixos Hotel, Hall B");
    await next(secretariat, /Online link now/);
    await secretariat.press("Keep the current one");
    await next(secretariat, /Everyone invited will be told/);
    await secretariat.press("Apply and tell everyone invited");
    const placeNotice = await next(kz, /venue or online link/);
    expect(placeNotice.text).toMatch(
      /^The venue or online link of “Meeting of national coordinators” has changed:\nVenue: Almaty, Hotel Kazakhstan, Hall A → Almaty, Rixos Hotel, Hall B\n/,
    );
    expect(placeNotice.text).not.toMatch(/Online: .* → /);
  });

  it("calendar files are published events that open as such; the cancellation cancels the same UID", async () => {
    story = await meetingWorld();
    const { secretariat, kz } = story;
    await createMeetingThroughBot(secretariat);
    await next(kz, /You are invited/);
    const { calendar } = await answerAttend(kz, "Attend online", [
      { name: "Aigerim Nurlanovna", function: "Deputy Minister of Labour" },
    ]);
    const raw = calendar.document?.content.toString() ?? "";
    expect(raw).toMatch(/^METHOD:PUBLISH\r?$/m);
    expect(raw).not.toMatch(/^ORGANIZER/m);
    const added = parseCalendar(raw);
    expect(added).toMatchObject({ method: "PUBLISH", status: "CONFIRMED", sequence: 0, organizer: null });

    await cancelMeeting(secretariat);
    const cancelled = parseCalendar((await next(kz, /remove the meeting/)).document?.content ?? "");
    expect(cancelled).toMatchObject({
      method: "PUBLISH",
      status: "CANCELLED",
      uid: added.uid,
      sequence: 1,
      organizer: null,
    });
  });

  it("with SECRETARIAT_EMAIL, calendar files are invitations and a cancellation from that organizer", async () => {
    story = await meetingWorld({}, { SECRETARIAT_EMAIL: "secretariat@almaty-process.example" });
    const { secretariat, kz } = story;
    await createMeetingThroughBot(secretariat);
    await next(kz, /You are invited/);
    const { calendar } = await answerAttend(kz, "Attend online", [
      { name: "Aigerim Nurlanovna", function: "Deputy Minister of Labour" },
    ]);
    // Long lines are folded (RFC 5545): read them whole.
    const raw = (calendar.document?.content.toString() ?? "").replace(/\r?\n /g, "");
    expect(raw).toMatch(
      /^ORGANIZER;CN="?Secretariat of the Almaty Process"?:mailto:secretariat@almaty-process\.example\r?$/m,
    );
    const invited = parseCalendar(raw);
    expect(invited).toMatchObject({
      method: "REQUEST",
      organizer: "mailto:secretariat@almaty-process.example",
    });

    await cancelMeeting(secretariat);
    const cancelled = parseCalendar((await next(kz, /remove the meeting/)).document?.content ?? "");
    expect(cancelled).toMatchObject({
      method: "CANCEL",
      status: "CANCELLED",
      uid: invited.uid,
      organizer: "mailto:secretariat@almaty-process.example",
    });
  });

  it("joining asks the secretariat and observers for their name without speaking of other coordinators", async () => {
    world = await startWorld();
    const secretariat = await firstSecretariat(world);
    const asked = secretariat.messages().find((m) => /You are invited to join/.test(m.text));
    expect(asked?.text).toMatch(
      /Is this the name the coordinators and your colleagues in the secretariat should see\?\nSaule Secretariat$/,
    );
    expect(asked?.text).not.toMatch(/other coordinators/);

    const link = await inviteThroughBot(secretariat, "Observer", "UNHCR");
    const observer = world.fake.user({ id: 602, first_name: "Olivia", language_code: "ru" });
    await joinWith(observer, link, { language: "Русский" });
    const askedObserver = observer.messages().find((m) => /пригла/.test(m.text));
    expect(askedObserver?.text).toMatch(
      /Под этим именем вас будут видеть секретариат и координаторы\. Всё верно\?/,
    );
    expect(askedObserver?.text).not.toMatch(/другие координаторы/);
  });
});
