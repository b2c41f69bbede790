/**
 * Meetings end to end: the real bot process over HTTP against the fake Telegram server. The
 * secretariat creates a meeting for three states; Kazakhstan attends in person with two people,
 * Kyrgyzstan online, Tajikistan does not answer. Rosters, CSV, calendar files, times in each
 * person's zone, nudges, reminders across restarts and downtime, reschedule and cancellation.
 */
import { parse } from "csv-parse/sync";
import { afterEach, describe, expect, it } from "vitest";
import {
  answerAttend,
  createMeetingThroughBot,
  eventually,
  type MeetingWorld,
  meetingWorld,
  next,
  parseCalendar,
  query,
  received,
  sendsRecorded,
  startAgain,
} from "../support/meetings-scenario.js";

let story: MeetingWorld | undefined;
afterEach(async () => {
  await story?.world.close();
  story = undefined;
});

const START_UTC = "2026-12-25T05:00:00.000Z"; // 10:00 in Almaty, 11:00 in Bishkek
const at = (iso: string) => new Date(iso);

interface OutboxRow {
  idempotency_key: string;
  status: string;
  person_id: number;
}

function outbox(s: MeetingWorld, like: string): OutboxRow[] {
  return query<OutboxRow>(
    s.world.bot.databasePath,
    "SELECT idempotency_key, status, person_id FROM outbox WHERE idempotency_key LIKE ? ORDER BY id",
    like,
  );
}

function personId(s: MeetingWorld, telegramId: number): number {
  const [row] = query<{ id: number }>(
    s.world.bot.databasePath,
    "SELECT id FROM people WHERE telegram_id = ?",
    telegramId,
  );
  if (!row) throw new Error(`no person ${telegramId}`);
  return row.id;
}

describe("meetings", () => {
  it("creates a meeting with clear answers to bad dates; invitations show each person's time with the venue's beside it", async () => {
    story = await meetingWorld();
    const { secretariat, kz, kg, tj, tm } = story;
    secretariat.command("newmeeting");
    await next(secretariat, /Title in Russian/);
    await secretariat.press("Skip this language");
    await next(secretariat, /Title in English/);
    await secretariat.press("Skip this language");
    expect((await next(secretariat, /title in at least one language/)).text).toBeTruthy();
    await next(secretariat, /Title in Russian/);
    await secretariat.press("Skip this language");
    await next(secretariat, /Title in English/);
    secretariat.send("Meeting of national coordinators");
    await next(secretariat, /What kind of meeting/);
    await secretariat.press("Meeting of national coordinators");
    await next(secretariat, /time zone/);
    await secretariat.press("Choose another time zone");
    await next(secretariat, /IANA/);
    secretariat.send("Mars/Olympus");
    await next(secretariat, /not a time zone I know/);
    secretariat.send("Asia/Almaty");
    await next(secretariat, /Start date and time in Almaty, UTC\+5/);
    secretariat.send("next Friday");
    await next(secretariat, /could not read “next Friday”/);
    secretariat.send("31.11.2026 10:00");
    await next(secretariat, /no such day/);
    secretariat.send("01.03.2026 10:00");
    await next(secretariat, /already passed/);
    secretariat.send("2026-12-25");
    await next(secretariat, /add the time as well/);
    secretariat.send("2026-12-25 10:00");
    await next(secretariat, /How long does it last/);
    secretariat.send("3h");
    await next(secretariat, /^Venue/);
    secretariat.send("Almaty, Hotel Kazakhstan, Hall A");
    await next(secretariat, /Online link/);
    secretariat.send("meet dot example");
    await next(secretariat, /not a web link/);
    secretariat.send("https://meet.example.org/almaty-process");
    await next(secretariat, /Deadline for answers/);
    secretariat.send("26.12.2026 12:00");
    await next(secretariat, /must not be after the start/);
    secretariat.send("15.12.2026");
    await next(secretariat, /Who is invited/);
    await secretariat.press("✓ Turkmenistan");
    await eventually(() => secretariat.buttons().includes("Done (3 chosen)"), 10_000, "the toggled keyboard");
    await secretariat.press("Done (3 chosen)");
    await next(secretariat, /Reminders to attending delegations/);
    await secretariat.press("Keep these reminders");
    const preview = await next(secretariat, /Please check the meeting/);
    expect(preview.text).toMatch(
      /When: 25 December 2026, 10:00 – 13:00 \(your time, Almaty, UTC\+5; the same at the venue\)/,
    );
    expect(preview.text).toMatch(
      /Answers are due by 15 December 2026, 23:59 \(your time, Almaty, UTC\+5\)\./,
    );
    expect(preview.text).toMatch(/Invited: Kazakhstan, Kyrgyzstan, Tajikistan/);
    expect(preview.text).toMatch(/Reminders: 7 days, 1 day, 2 hours/);
    await secretariat.press("Create and send invitations");
    await next(secretariat, /Invitations are on their way to 3 people/);

    const [meeting] = query<{
      starts_at: number;
      ends_at: number;
      rsvp_deadline_at: number;
      time_zone: string;
    }>(story.world.bot.databasePath, "SELECT starts_at, ends_at, rsvp_deadline_at, time_zone FROM meetings");
    expect(meeting).toEqual({
      starts_at: Date.parse(START_UTC),
      ends_at: Date.parse("2026-12-25T08:00:00Z"),
      rsvp_deadline_at: Date.parse("2026-12-15T18:59:00Z"),
      time_zone: "Asia/Almaty",
    });

    const almaty = await next(kz, /You are invited/);
    // The reader's own time, also when their zone is the venue's.
    expect(almaty.text).toMatch(
      /When: 25 December 2026, 10:00 – 13:00 \(your time, Almaty, UTC\+5; the same at the venue\)/,
    );
    expect(almaty.text).not.toMatch(/At the venue/);
    expect(almaty.buttons).toEqual([["Attend in person", "Attend online"], ["Decline"]]);
    const bishkek = await next(kg, /You are invited/);
    expect(bishkek.text).toMatch(/When: 25 December 2026, 11:00 – 14:00 \(your time, Bishkek, UTC\+6\)/);
    expect(bishkek.text).toMatch(/At the venue: 25 December 2026, 10:00 – 13:00 \(Almaty, UTC\+5\)/);
    expect(bishkek.text).toMatch(
      /Please answer by 16 December 2026, 00:59 \(your time, Bishkek, UTC\+6; Almaty, UTC\+5: 15 December 2026, 23:59\)/,
    );
    await next(tj, /You are invited/);
    await tm.expectNoMessage(1000);
    expect(received(tm, /invited to a meeting/)).toEqual([]);
  });

  it("answers, roster, CSV, calendar file, forged and late answers, nudges and the digest, the 1-day reminder across downtime", async () => {
    story = await meetingWorld();
    const s = story;
    const { secretariat, kz, kg, tj, tm, world } = s;
    await createMeetingThroughBot(secretariat);
    await next(kz, /You are invited/);
    await next(kg, /You are invited/);
    await next(tj, /You are invited/);

    const kzAnswer = await answerAttend(kz, "Attend in person", [
      { name: "Aigerim Nurlanovna", function: "Deputy Minister of Labour", mode: "In person" },
      { name: "Bolat Serikov", function: "Adviser", mode: "Online" },
    ]);
    expect(kzAnswer.confirmation.text).toMatch(
      /The answer of Kazakhstan .* is recorded: attending in person/,
    );
    expect(kzAnswer.confirmation.text).toMatch(
      /1\. Aigerim Nurlanovna, Deputy Minister of Labour — head of delegation, in person/,
    );
    expect(kzAnswer.confirmation.text).toMatch(/2\. Bolat Serikov, Adviser — online/);
    expect(kzAnswer.calendar.document?.filename).toBe("meeting-1.ics");
    const ics = parseCalendar(kzAnswer.calendar.document?.content ?? "");
    expect(ics).toMatchObject({
      method: "PUBLISH",
      sequence: 0,
      start: START_UTC,
      end: "2026-12-25T08:00:00.000Z",
      summary: "Meeting of national coordinators",
    });
    expect(ics.location).toMatch(/Hotel Kazakhstan/);

    // Kyrgyzstan attends online; the bot restarts in the middle of naming the delegation.
    await kg.press("Attend online");
    await next(kg, /head of delegation/);
    kg.send("Bakyt Asanov");
    await next(kg, /Their function/);
    expect(await world.bot.stop()).toBe(0);
    await startAgain(world.bot);
    kg.send("Head of the Migration Service");
    const kgMenu = await next(kg, /^Delegation/);
    expect(kgMenu.text).toMatch(
      /1\. Bakyt Asanov, Head of the Migration Service — head of delegation, online/,
    );
    await kg.press("Finish and send the answer");
    const kgConfirmation = await next(kg, /is recorded/);
    expect(kgConfirmation.text).toMatch(/The answer of Kyrgyzstan .* is recorded: attending online/);
    expect(parseCalendar((await kg.nextMessage()).document?.content ?? "").start).toBe(START_UTC);

    // /meetings shows the coordinator the state's answer; the answer can be changed until the deadline.
    kg.command("meetings");
    const kgList = await next(kg, /Upcoming meetings — Kyrgyzstan/);
    expect(kgList.text).toMatch(/Your answer: attending online/);
    expect(kgList.text).toMatch(/When: 25 December 2026, 11:00 – 14:00 \(your time, Bishkek, UTC\+6\)/);
    await kg.press(/ · Meeting of national coordinators$/);
    const card = await next(kg, /Kyrgyzstan: attending online/);
    expect(card.buttons.flat()).toEqual([
      "Attend in person",
      "Attend online",
      "Decline",
      "Calendar file (.ics)",
    ]);
    await kg.press("Calendar file (.ics)");
    expect(parseCalendar((await next(kg, /Calendar file/)).document?.content ?? "").start).toBe(START_UTC);
    await kg.press("Decline");
    await next(kg, /will not attend/);
    kg.command("meetings");
    expect((await next(kg, /Upcoming meetings/)).text).toMatch(/Your answer: not attending/);
    await kg.press(/ · Meeting of national coordinators$/);
    await next(kg, /Kyrgyzstan: not attending/);
    await kg.press("Attend online");
    await next(kg, /head of delegation/);
    kg.send("Bakyt Asanov");
    await next(kg, /Their function/);
    kg.send("Head of the Migration Service");
    await next(kg, /^Delegation/);
    await kg.press("Finish and send the answer");
    await next(kg, /is recorded: attending online/);
    const history = query<{ attendance: string }>(
      world.bot.databasePath,
      "SELECT attendance FROM rsvp_history WHERE party_code = 'KG' ORDER BY id",
    );
    expect(history.map((h) => h.attendance)).toEqual(["online", "declined", "online"]);

    // A Kazakhstan coordinator forges a button to answer for Kyrgyzstan: refused, nothing changes.
    const rsvpsBefore = query(world.bot.databasePath, "SELECT * FROM rsvps ORDER BY id");
    const forged = await kz.pressData("mr:1:s.KG:no");
    expect(forged.text).toMatch(/only for your own state/);
    const notInvited = await tm.pressData("mr:1:s.TM:no");
    expect(notInvited.text).toMatch(/is not invited/);
    expect(query(world.bot.databasePath, "SELECT * FROM rsvps ORDER BY id")).toEqual(rsvpsBefore);

    // The secretariat's roster and CSV.
    secretariat.command("meetings");
    const list = await next(secretariat, /Upcoming meetings/);
    expect(list.text).toMatch(/In person: 1 · online: 1 · not attending: 0 · no answer: 1 \(invited: 3\)/);
    await secretariat.press(/ · Meeting of national coordinators$/);
    const roster = await next(secretariat, /Kazakhstan: attending in person/);
    expect(roster.text).toMatch(
      /Kazakhstan: attending in person\nanswered by Aigerim, .*\n1\. Aigerim Nurlanovna, Deputy Minister of Labour — head of delegation, in person\n2\. Bolat Serikov, Adviser — online/,
    );
    expect(roster.text).toMatch(/Kyrgyzstan: attending online\nanswered by Bakyt/);
    expect(roster.text).toMatch(/Tajikistan: no answer yet/);
    await secretariat.press("CSV export");
    const csvMessage = await next(secretariat, /Roster: Meeting of national coordinators/);
    expect(csvMessage.document?.filename).toBe("meeting-1-roster.csv");
    const csvText = csvMessage.document?.content.toString("utf8") ?? "";
    expect(csvText.startsWith("\uFEFF")).toBe(true);
    const rows = parse(csvText, { bom: true, columns: true }) as Record<string, string>[];
    expect(
      rows.map((r) => [r.Code, r.Answer, r["No."], r.Role, r.Name, r.Function, r.Participation]),
    ).toEqual([
      [
        "KZ",
        "attending in person",
        "1",
        "head of delegation",
        "Aigerim Nurlanovna",
        "Deputy Minister of Labour",
        "in person",
      ],
      ["KZ", "attending in person", "2", "member", "Bolat Serikov", "Adviser", "online"],
      [
        "KG",
        "attending online",
        "1",
        "head of delegation",
        "Bakyt Asanov",
        "Head of the Migration Service",
        "online",
      ],
      ["TJ", "no answer yet", "", "", "", "", ""],
    ]);
    expect(rows[0]?.["Answered by"]).toBe("Aigerim");

    // Nudges: 3 days and 1 day before the deadline (15.12 23:59 Almaty), to Tajikistan only.
    world.bot.setClock(at("2026-12-12T19:00:00Z")); // 13.12 00:00 in Almaty; the deadline is 15.12 18:00
    const nudge3 = await next(tj, /still waiting for the answer of Tajikistan/);
    expect(nudge3.text).toMatch(/in 3 days/);
    expect(nudge3.buttons.flat()).toEqual(["Attend in person", "Attend online", "Decline"]);
    // the digest of that day: deadlines ahead, who has not answered
    world.bot.setClock(at("2026-12-13T04:00:30Z")); // 09:00 in Almaty
    const digest = await next(secretariat, /Daily digest of the secretariat/);
    expect(digest.text).toMatch(
      /Meeting of national coordinators — deadline 15 December 2026, 18:00 \(your time, Almaty, UTC\+5\).*answered 2 of 3/,
    );
    expect(digest.text).toMatch(/No answer yet: Tajikistan/);
    world.bot.setClock(at("2026-12-14T13:01:00Z"));
    const nudge1 = await next(tj, /still waiting for the answer of Tajikistan/);
    expect(nudge1.text).toMatch(/in 1 day/);
    await kz.expectNoMessage(1500);
    expect(received(kz, /still waiting/)).toEqual([]);
    expect(received(kg, /still waiting/)).toEqual([]);
    expect(received(tm, /still waiting/)).toEqual([]);
    expect(received(tj, /still waiting/)).toHaveLength(2);

    // After the deadline the answer is read-only.
    world.bot.setClock(at("2026-12-16T03:00:00Z"));
    const late = await kz.press("Decline");
    expect(late.text).toMatch(/deadline for answers has passed/);
    const lateAttend = await tj.press("Attend online");
    expect(lateAttend.text).toMatch(/deadline for answers has passed/);
    expect(query(world.bot.databasePath, "SELECT * FROM rsvps ORDER BY id")).toEqual(rsvpsBefore);

    // The 7-day reminder (18.12 10:00 in Almaty) to the attending delegations' people only.
    world.bot.setClock(at("2026-12-18T05:01:00Z"));
    expect((await next(kz, /Reminder: the meeting begins in 7 days/)).text).toMatch(/Aigerim Nurlanovna/);
    await next(kg, /Reminder: the meeting begins in 7 days/);

    // The 1-day reminder (24.12 10:00 in Almaty) falls due while the bot is down: sent once when it is back.
    world.bot.setClock(at("2026-12-24T04:30:00Z"));
    expect(outbox(s, "meeting:1:seq:0:reminder:1440:%").map((r) => r.status)).toEqual(["pending", "pending"]);
    expect(await world.bot.stop()).toBe(0);
    world.bot.setClock(at("2026-12-24T07:00:00Z")); // 12:00 in Almaty
    await startAgain(world.bot);
    const kzReminder = await next(kz, /Reminder: the meeting begins in 22 hours/);
    expect(kzReminder.text).toMatch(
      /When: 25 December 2026, 10:00 – 13:00 \(your time, Almaty, UTC\+5; the same at the venue\)/,
    );
    expect(kzReminder.text).toMatch(/Bolat Serikov/);
    const kgReminder = await next(kg, /Reminder: the meeting begins in 22 hours/);
    expect(kgReminder.text).toMatch(/When: 25 December 2026, 11:00 – 14:00 \(your time, Bishkek, UTC\+6\)/);
    expect(kgReminder.text).toMatch(/At the venue: 25 December 2026, 10:00 – 13:00/);
    expect(await world.bot.stop()).toBe(0);
    await startAgain(world.bot);
    await kz.expectNoMessage(2500);
    expect(received(kz, /Reminder/)).toHaveLength(2);
    expect(received(kg, /Reminder/)).toHaveLength(2);
    expect(received(tj, /Reminder/)).toEqual([]);
    expect(received(tm, /Reminder/)).toEqual([]);
    expect(outbox(s, "meeting:1:seq:0:reminder:1440:%").map((r) => r.status)).toEqual(["sent", "sent"]);
    const tjId = personId(s, tj.id);
    expect(outbox(s, "%:reminder:%").filter((r) => r.person_id === tjId)).toEqual([]);

    // Down through the 2-hour moment and the start: the reminder is dropped (and logged), not sent late.
    expect(await world.bot.stop()).toBe(0);
    world.bot.setClock(at("2026-12-25T06:00:00Z"));
    const logFrom = world.bot.logs.length;
    await startAgain(world.bot);
    await world.bot.waitForLog(
      (l) => l.msg === "outbox: dropped, the moment it announces has passed",
      10_000,
      "the drop",
      logFrom,
    );
    await kz.expectNoMessage(1500);
    expect(received(kz, /Reminder/)).toHaveLength(2);
    expect(outbox(s, "meeting:1:seq:0:reminder:120:%").map((r) => r.status)).toEqual([
      "cancelled",
      "cancelled",
    ]);
  });

  it("a reschedule tells everyone, updates calendars and moves the reminders; the 1-day reminder survives a restart across its due time; a cancellation stops everything", async () => {
    story = await meetingWorld({ tj: "Русский" });
    const s = story;
    const { secretariat, kz, kg, tj, world } = s;
    await createMeetingThroughBot(secretariat);
    const invitation = await next(tj, /приглашены на мероприятие/);
    expect(invitation.buttons.flat()).toEqual(["Участвовать очно", "Участвовать онлайн", "Отказаться"]);
    const { calendar } = await answerAttend(kz, "Attend in person", [
      { name: "Aigerim Nurlanovna", function: "Deputy Minister of Labour", mode: "In person" },
    ]);
    const original = parseCalendar(calendar.document?.content ?? "");
    await answerAttend(kg, "Attend online", [
      { name: "Bakyt Asanov", function: "Head of the Migration Service" },
    ]);

    // Reschedule to 26.12.2026 15:00 Almaty time, keeping the duration and the deadline.
    secretariat.command("meetings");
    await next(secretariat, /Upcoming meetings/);
    await secretariat.press(/ · Meeting of national coordinators$/);
    await next(secretariat, /Kazakhstan: attending in person/);
    await secretariat.press("Reschedule");
    await next(secretariat, /New start date and time in Almaty, UTC\+5/);
    secretariat.send("20.12.2026");
    await next(secretariat, /add the time as well/);
    secretariat.send("26.12.2026 15:00");
    await next(secretariat, /How long does it last/);
    await secretariat.press("Keep: 3 hours");
    await next(secretariat, /Deadline for answers/);
    await secretariat.press(/^Keep: 15 December 2026, 18:00/);
    const preview = await next(secretariat, /Everyone invited will be told/);
    expect(preview.text).toMatch(
      /From: 25 December 2026, 10:00 – 13:00\nTo: 26 December 2026, 15:00 – 18:00 \(Almaty, UTC\+5\)/,
    );
    await secretariat.press("Apply and tell everyone invited");
    await next(secretariat, /Rescheduled\. 3 people invited will be told/);

    const kzNotice = await next(kz, /has been rescheduled/);
    expect(kzNotice.text).toMatch(/When: 26 December 2026, 15:00 – 18:00 \(your time, Almaty, UTC\+5;/);
    const kzUpdate = parseCalendar((await next(kz, /Calendar update/)).document?.content ?? "");
    expect(kzUpdate).toMatchObject({
      method: "PUBLISH",
      uid: original.uid,
      sequence: 1,
      start: "2026-12-26T10:00:00.000Z",
      end: "2026-12-26T13:00:00.000Z",
    });
    const kgNotice = await next(kg, /has been rescheduled/);
    expect(kgNotice.text).toMatch(/When: 26 December 2026, 16:00 – 19:00 \(your time, Bishkek, UTC\+6\)/);
    await next(kg, /Calendar update/);
    const tjNotice = await next(tj, /перенесено/);
    expect(tjNotice.text).toMatch(/26 декабря 2026, 15:00 – 18:00/);
    expect(tjNotice.buttons.flat()).toContain("Участвовать онлайн");
    await tj.expectNoMessage(1000);
    expect(tj.messages().filter((m) => m.document)).toEqual([]);

    const oldReminders = outbox(s, "meeting:1:seq:0:reminder:%");
    expect(oldReminders.length).toBe(6);
    expect(oldReminders.every((r) => r.status === "cancelled")).toBe(true);
    expect(outbox(s, "meeting:1:seq:1:reminder:%").map((r) => r.status)).toEqual(Array(6).fill("pending"));

    // The new 7-day reminder (19.12 15:00 Almaty); then the old 1-day moment (24.12 10:00) passes silently.
    world.bot.setClock(at("2026-12-19T10:01:00Z"));
    expect((await next(kz, /Reminder: the meeting begins in 7 days/)).text).toMatch(
      /26 December 2026, 15:00/,
    );
    await next(kg, /Reminder: the meeting begins in 7 days/);
    world.bot.setClock(at("2026-12-24T05:01:00Z"));
    await kz.expectNoMessage(2500);
    expect(received(kz, /Reminder/)).toHaveLength(1);
    expect(received(kg, /Reminder/)).toHaveLength(1);

    // The new 1-day moment (25.12 15:00 Almaty = 10:00 UTC) while the bot restarts across it.
    world.bot.setClock(at("2026-12-25T09:59:57Z"));
    expect(await world.bot.stop()).toBe(0);
    expect(received(kz, /begins in 1 day/)).toEqual([]);
    await new Promise((r) => setTimeout(r, 3500));
    await startAgain(world.bot);
    const reminder = await next(kz, /Reminder: the meeting begins in 1 day/);
    expect(reminder.text).toMatch(/When: 26 December 2026, 15:00 – 18:00/);
    await next(kg, /Reminder: the meeting begins in 1 day/);
    // The crash comes after the bot knows both were delivered (see sendsRecorded).
    await sendsRecorded(world.bot);
    await world.bot.kill();
    await startAgain(world.bot);
    await kz.expectNoMessage(2500);
    expect(received(kz, /begins in 1 day/)).toHaveLength(1);
    expect(received(kg, /begins in 1 day/)).toHaveLength(1);
    expect(received(tj, /Напоминание/)).toEqual([]);

    // A change of venue, then the cancellation: calendars follow, the 2-hour reminder never comes.
    secretariat.command("meetings");
    await next(secretariat, /Upcoming meetings/);
    await secretariat.press(/ · Meeting of national coordinators$/);
    await next(secretariat, /Kazakhstan: attending in person/);
    await secretariat.press("Change venue or link");
    await next(secretariat, /Venue now: Almaty, Hotel Kazakhstan, Hall A/);
    secretariat.send("Almaty, Rixos Hotel, Hall B");
    await next(secretariat, /Online link now/);
    await secretariat.press("Keep the current one");
    await next(secretariat, /Venue: Almaty, Rixos Hotel, Hall B\nOnline: https:\/\/meet\.example\.org/);
    await secretariat.press("Apply and tell everyone invited");
    await next(secretariat, /Changed\. 3 people invited will be told/);
    expect((await next(kz, /venue or online link/)).text).toMatch(/Venue: Almaty, Rixos Hotel, Hall B/);
    expect(parseCalendar((await next(kz, /Calendar update/)).document?.content ?? "")).toMatchObject({
      sequence: 2,
      uid: original.uid,
    });

    secretariat.command("meetings");
    await next(secretariat, /Upcoming meetings/);
    await secretariat.press(/ · Meeting of national coordinators$/);
    await next(secretariat, /Kazakhstan: attending in person/);
    await secretariat.press("Cancel the meeting");
    const confirm = "Yes, cancel it and tell everyone invited";
    await eventually(() => secretariat.buttons().includes(confirm), 10_000, "the confirmation button");
    await secretariat.press(confirm);
    await next(secretariat, /The meeting is cancelled\. 3 people invited will be told/);
    expect((await next(kz, /has been cancelled/)).text).toMatch(/26 December 2026, 15:00 – 18:00/);
    const cancelFile = parseCalendar((await next(kz, /remove the meeting/)).document?.content ?? "");
    expect(cancelFile).toMatchObject({
      method: "PUBLISH",
      status: "CANCELLED",
      sequence: 3,
      uid: original.uid,
    });
    await next(tj, /отменено/);
    expect(outbox(s, "meeting:1:seq:2:reminder:120:%").map((r) => r.status)).toEqual([
      "cancelled",
      "cancelled",
    ]);
    world.bot.setClock(at("2026-12-26T08:30:00Z"));
    await kz.expectNoMessage(2500);
    expect(received(kz, /Reminder/)).toHaveLength(2);
    secretariat.command("meetings");
    expect((await next(secretariat, /upcoming meetings|Upcoming meetings/)).text).toMatch(
      /no upcoming meetings/,
    );
  });
});
