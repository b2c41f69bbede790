import ICAL from "ical.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/database.js";
import { resolveAudience } from "../../src/domain/announcements/audience.js";
import { auditTrail } from "../../src/domain/audit.js";
import { queueDailyDigest } from "../../src/domain/digest.js";
import { meetingCalendar } from "../../src/domain/meetings/calendar.js";
import { cancelMeeting, changeMeetingPlace, rescheduleMeeting } from "../../src/domain/meetings/changes.js";
import { meetingDigest } from "../../src/domain/meetings/digest.js";
import { createMeeting, type MeetingDraft } from "../../src/domain/meetings/meetings.js";
import {
  leadMoments,
  queueAfterChange,
  queueAfterCreation,
  queueDueMeetingMessages,
  queueReminders,
} from "../../src/domain/meetings/messages.js";
import { parsePartyKey, partyKey, partyOf } from "../../src/domain/meetings/parties.js";
import {
  answerCounts,
  checkCanAnswer,
  meetingAnswers,
  meetingAudience,
  recordRsvp,
} from "../../src/domain/meetings/rsvp.js";
import { createInvitation, redeemInvitation } from "../../src/domain/people/invitations.js";
import type { Person } from "../../src/domain/people/people.js";
import { testDatabase } from "../support/test-db.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse("2026-11-24T10:00:00Z");
const START = Date.parse("2026-12-25T05:00:00Z"); // 10:00 in Almaty
let db: Db;
let telegramId = 100;

beforeEach(async () => {
  db = (await testDatabase()).db;
});
afterEach(async () => {
  await db.destroy();
});

async function join(
  role: "secretariat" | "coordinator" | "alternate" | "observer",
  stateCode: string | null = null,
  orgCode: string | null = null,
): Promise<Person> {
  const { code } = await createInvitation(db, {
    role,
    stateCode,
    orgCode,
    createdBy: null,
    ttlDays: 7,
    now: NOW,
  });
  telegramId += 1;
  return redeemInvitation(
    db,
    code,
    { telegramId, name: `P${telegramId}`, telegramUsername: null, language: "en", timeZone: null },
    NOW,
  );
}

function draft(extra: Partial<MeetingDraft> = {}): MeetingDraft {
  return {
    titles: { en: "Meeting of national coordinators", ru: "Совещание национальных координаторов" },
    kind: "coordinators",
    timeZone: "Asia/Almaty",
    startsAt: START,
    durationMinutes: 180,
    venue: "Almaty, Hotel Kazakhstan",
    onlineUrl: "https://meet.example.org/ap",
    rsvpDeadlineAt: START - 10 * DAY,
    invitees: [
      { kind: "state", code: "KZ" },
      { kind: "state", code: "KG" },
      { kind: "state", code: "TJ" },
    ],
    reminderLeads: [10080, 1440, 120],
    ...extra,
  };
}

async function outboxKeys(where: { status?: string } = {}) {
  let q = db.selectFrom("outbox").select(["idempotency_key", "status", "due_at", "expires_at", "person_id"]);
  if (where.status) q = q.where("status", "=", where.status as "pending");
  return q.orderBy("idempotency_key").execute();
}

const HEAD = { name: "Ms A. Head", function: "Deputy Minister", mode: "in_person" as const };
const MEMBER = { name: "Mr B. Member", function: "Adviser", mode: "online" as const };

describe("creating a meeting", () => {
  it("the secretariat creates a meeting; it is audited and invitations go to coordinators and alternates only", async () => {
    const admin = await join("secretariat");
    const kz = await join("coordinator", "KZ");
    const kzAlt = await join("alternate", "KZ");
    const kg = await join("coordinator", "KG");
    await join("coordinator", "TM"); // not invited
    await join("observer", "KZ"); // observers of a state answer for nobody
    const meeting = await createMeeting(db, admin, draft(), NOW);
    expect(meeting).toMatchObject({ status: "scheduled", sequence: 0, ends_at: START + 3 * HOUR });
    expect(meeting.uid).toMatch(/@almaty-process$/);
    const queued = await queueAfterCreation(db, meeting, NOW);
    expect(queued).toBe(3);
    const invitations = (await outboxKeys()).filter((r) => r.idempotency_key.includes(":invitation:"));
    expect(invitations.map((r) => r.person_id).sort()).toEqual([kz.id, kzAlt.id, kg.id].sort());
    expect(invitations.every((r) => r.expires_at === meeting.rsvp_deadline_at)).toBe(true);
    // queuing again (the periodic check) adds nothing
    expect(await queueDueMeetingMessages(db, NOW + 1000)).toBe(0);
    const trail = await auditTrail(db, `meeting:${meeting.id}`);
    expect(trail.map((e) => e.action)).toEqual(["meeting.created"]);
    expect(JSON.parse(trail[0]?.details ?? "{}")).toMatchObject({ invitees: ["s.KZ", "s.KG", "s.TJ"] });
  });

  it("refuses dates in the past, a deadline after the start, no place, a bad link, no title, unknown parties", async () => {
    const admin = await join("secretariat");
    const cases: [Partial<MeetingDraft>, string][] = [
      [{ startsAt: NOW - HOUR }, "meeting_start_past"],
      [{ rsvpDeadlineAt: START + HOUR }, "meeting_deadline_after_start"],
      [{ rsvpDeadlineAt: NOW - HOUR }, "meeting_deadline_past"],
      [{ venue: null, onlineUrl: null }, "meeting_no_place"],
      [{ onlineUrl: "javascript:alert(1)" }, "meeting_bad_url"],
      [{ onlineUrl: "not a link" }, "meeting_bad_url"],
      [{ titles: { en: " " } }, "meeting_title_missing"],
      [{ invitees: [{ kind: "state", code: "XX" }] }, "meeting_unknown_party"],
      [{ invitees: [] }, "meeting_no_invitees"],
      [{ timeZone: "Mars/Olympus" }, "invalid_time_zone"],
      [{ durationMinutes: 0 }, "meeting_bad_duration"],
      [{ reminderLeads: [1] }, "meeting_bad_leads"],
    ];
    for (const [extra, key] of cases) {
      await expect(createMeeting(db, admin, draft(extra), NOW), key).rejects.toMatchObject({ key });
    }
    expect(await db.selectFrom("meetings").selectAll().execute()).toEqual([]);
  });

  it("only the secretariat creates meetings", async () => {
    const kz = await join("coordinator", "KZ");
    await expect(createMeeting(db, kz, draft(), NOW)).rejects.toMatchObject({ key: "not_allowed" });
  });
});

describe("answering for a state", () => {
  it("one answer per state, changeable until the deadline, every answer in the history", async () => {
    const admin = await join("secretariat");
    const kz = await join("coordinator", "KZ");
    const kzAlt = await join("alternate", "KZ");
    const meeting = await createMeeting(db, admin, draft(), NOW);
    const party = { kind: "state" as const, code: "KZ" };
    await recordRsvp(db, {
      person: kz,
      meetingId: meeting.id,
      party,
      attendance: "in_person",
      delegation: [HEAD, MEMBER],
      now: NOW + HOUR,
    });
    const changed = await recordRsvp(db, {
      person: kzAlt,
      meetingId: meeting.id,
      party,
      attendance: "online",
      delegation: [HEAD],
      now: NOW + 2 * HOUR,
    });
    expect(changed.previous).toBe("in_person");
    const answers = await meetingAnswers(db, meeting.id);
    expect(answers.size).toBe(1);
    // attending online puts the whole delegation online
    expect(answers.get("s.KZ")).toMatchObject({
      attendance: "online",
      answeredBy: kzAlt.id,
      delegation: [{ ...HEAD, mode: "online" }],
    });
    const history = await db.selectFrom("rsvp_history").selectAll().orderBy("id").execute();
    expect(history.map((h) => [h.attendance, h.answered_by])).toEqual([
      ["in_person", kz.id],
      ["online", kzAlt.id],
    ]);
    expect(JSON.parse(history[0]?.delegation ?? "[]")).toHaveLength(2);
    const actions = (await auditTrail(db, `meeting:${meeting.id}`)).map((e) => e.action);
    expect(actions).toEqual(["meeting.created", "meeting.rsvp", "meeting.rsvp"]);
    expect(await answerCounts(db, meeting.id)).toEqual({
      invited: 3,
      in_person: 0,
      online: 1,
      declined: 0,
      none: 2,
    });
  });

  it("after the RSVP deadline the answer is read-only", async () => {
    const admin = await join("secretariat");
    const kz = await join("coordinator", "KZ");
    const meeting = await createMeeting(db, admin, draft(), NOW);
    const input = {
      person: kz,
      meetingId: meeting.id,
      party: { kind: "state" as const, code: "KZ" },
      attendance: "declined" as const,
      delegation: [],
    };
    await recordRsvp(db, { ...input, now: meeting.rsvp_deadline_at - 1 });
    await expect(
      recordRsvp(db, {
        ...input,
        attendance: "in_person",
        delegation: [HEAD],
        now: meeting.rsvp_deadline_at,
      }),
    ).rejects.toMatchObject({ key: "rsvp_closed" });
    expect((await meetingAnswers(db, meeting.id)).get("s.KZ")?.attendance).toBe("declined");
  });

  it("a coordinator cannot answer for another state, nor for a state that is not invited", async () => {
    const admin = await join("secretariat");
    const kz = await join("coordinator", "KZ");
    const tm = await join("coordinator", "TM");
    const meeting = await createMeeting(db, admin, draft(), NOW);
    await expect(
      recordRsvp(db, {
        person: kz,
        meetingId: meeting.id,
        party: { kind: "state", code: "KG" },
        attendance: "in_person",
        delegation: [HEAD],
        now: NOW,
      }),
    ).rejects.toMatchObject({ key: "rsvp_not_your_party" });
    await expect(
      checkCanAnswer(db, tm, meeting.id, { kind: "state", code: "TM" }, "in_person", NOW),
    ).rejects.toMatchObject({ key: "rsvp_not_invited" });
    await expect(
      checkCanAnswer(db, admin, meeting.id, { kind: "state", code: "KZ" }, null, NOW),
    ).rejects.toMatchObject({ key: "rsvp_not_your_party" });
    expect((await meetingAnswers(db, meeting.id)).size).toBe(0);
  });

  it("a meeting's audience: the people of every invited party, or of the attending ones", async () => {
    const admin = await join("secretariat");
    const kz = await join("coordinator", "KZ");
    const kzAlt = await join("alternate", "KZ");
    const kg = await join("coordinator", "KG");
    await join("coordinator", "TM");
    const meeting = await createMeeting(db, admin, draft(), NOW);
    await recordRsvp(db, {
      person: kzAlt,
      meetingId: meeting.id,
      party: { kind: "state", code: "KZ" },
      attendance: "online",
      delegation: [HEAD],
      now: NOW,
    });
    const ids = async (which: "invited" | "attending") =>
      (await meetingAudience(db, meeting.id, which)).map((p) => p.id);
    expect(await ids("invited")).toEqual([kz.id, kzAlt.id, kg.id]);
    expect(await ids("attending")).toEqual([kz.id, kzAlt.id]);
    // The announcement audience of the same meeting: the same people, never the author.
    const audience = async (which: "invited" | "attending") =>
      (await resolveAudience(db, { kind: "meeting", meetingId: meeting.id, which }, kzAlt.id)).map(
        (p) => p.id,
      );
    expect(await audience("invited")).toEqual([kz.id, kg.id]);
    expect(await audience("attending")).toEqual([kz.id]);
  });

  it("organisations answer through their observers", async () => {
    const admin = await join("secretariat");
    const unhcr = await join("observer", null, "UNHCR");
    expect(partyOf(unhcr)).toEqual({ kind: "org", code: "UNHCR" });
    expect(parsePartyKey(partyKey({ kind: "org", code: "UNHCR" }))).toEqual({ kind: "org", code: "UNHCR" });
    const meeting = await createMeeting(
      db,
      admin,
      draft({
        invitees: [
          { kind: "state", code: "KZ" },
          { kind: "org", code: "UNHCR" },
        ],
      }),
      NOW,
    );
    await recordRsvp(db, {
      person: unhcr,
      meetingId: meeting.id,
      party: { kind: "org", code: "UNHCR" },
      attendance: "online",
      delegation: [HEAD],
      now: NOW,
    });
    expect((await meetingAnswers(db, meeting.id)).get("o.UNHCR")?.attendance).toBe("online");
  });

  it("refuses a way of attending the meeting does not offer, and an empty delegation", async () => {
    const admin = await join("secretariat");
    const kz = await join("coordinator", "KZ");
    const meeting = await createMeeting(db, admin, draft({ venue: null }), NOW);
    const base = {
      person: kz,
      meetingId: meeting.id,
      party: { kind: "state" as const, code: "KZ" },
      now: NOW,
    };
    await expect(
      recordRsvp(db, { ...base, attendance: "in_person", delegation: [HEAD] }),
    ).rejects.toMatchObject({ key: "rsvp_attendance_unavailable" });
    await expect(recordRsvp(db, { ...base, attendance: "online", delegation: [] })).rejects.toMatchObject({
      key: "rsvp_delegation_empty",
    });
    await expect(
      recordRsvp(db, { ...base, attendance: "online", delegation: [{ ...HEAD, name: "x".repeat(201) }] }),
    ).rejects.toMatchObject({ key: "meeting_text_too_long" });
  });
});

describe("reminders and nudges", () => {
  it("each lead time expires when the next falls due, the last at the start", () => {
    expect(leadMoments(START, [120, 10080, 1440], NOW)).toEqual([
      { lead: 10080, dueAt: START - 7 * DAY, expiresAt: START - DAY },
      { lead: 1440, dueAt: START - DAY, expiresAt: START - 2 * HOUR },
      { lead: 120, dueAt: START - 2 * HOUR, expiresAt: START },
    ]);
    expect(leadMoments(START, [10080, 1440], START - 2 * DAY).map((m) => m.lead)).toEqual([1440]);
  });

  it("reminders go to the people of attending states, once per lead time and person; nudges to silent states", async () => {
    const admin = await join("secretariat");
    const kz = await join("coordinator", "KZ");
    const kzAlt = await join("alternate", "KZ");
    const kg = await join("coordinator", "KG");
    const tj = await join("coordinator", "TJ");
    const meeting = await createMeeting(db, admin, draft(), NOW);
    await recordRsvp(db, {
      person: kz,
      meetingId: meeting.id,
      party: { kind: "state", code: "KZ" },
      attendance: "in_person",
      delegation: [HEAD, MEMBER],
      now: NOW,
    });
    await recordRsvp(db, {
      person: kg,
      meetingId: meeting.id,
      party: { kind: "state", code: "KG" },
      attendance: "declined",
      delegation: [],
      now: NOW,
    });
    expect(await queueReminders(db, meeting, NOW)).toBe(6);
    expect(await queueReminders(db, meeting, NOW)).toBe(0);
    await queueDueMeetingMessages(db, NOW);
    const rows = await outboxKeys();
    const reminders = rows.filter((r) => r.idempotency_key.includes(":reminder:"));
    expect(reminders.map((r) => r.idempotency_key)).toContain(
      `meeting:${meeting.id}:seq:0:reminder:1440:person:${kz.id}`,
    );
    expect(new Set(reminders.map((r) => r.person_id))).toEqual(new Set([kz.id, kzAlt.id]));
    const oneDay = reminders.find((r) => r.idempotency_key.endsWith(`:reminder:1440:person:${kz.id}`));
    expect(oneDay).toMatchObject({ due_at: START - DAY, expires_at: START - 2 * HOUR });
    const nudges = rows.filter((r) => r.idempotency_key.includes(":nudge:"));
    expect(nudges.map((r) => r.person_id)).toEqual([tj.id, tj.id]);
    expect(nudges.map((r) => r.due_at).sort()).toEqual(
      [meeting.rsvp_deadline_at - 3 * DAY, meeting.rsvp_deadline_at - DAY].sort(),
    );
  });

  it("a reschedule cancels the old reminders and nudges and queues new ones under the new sequence", async () => {
    const admin = await join("secretariat");
    const kz = await join("coordinator", "KZ");
    const kg = await join("coordinator", "KG");
    const meeting = await createMeeting(db, admin, draft(), NOW);
    await queueAfterCreation(db, meeting, NOW);
    await recordRsvp(db, {
      person: kz,
      meetingId: meeting.id,
      party: { kind: "state", code: "KZ" },
      attendance: "in_person",
      delegation: [HEAD],
      now: NOW,
    });
    await queueReminders(db, meeting, NOW);
    const moved = await rescheduleMeeting(
      db,
      admin,
      meeting.id,
      { startsAt: START + 2 * DAY, durationMinutes: 120, rsvpDeadlineAt: START - 5 * DAY },
      NOW + HOUR,
    );
    expect(moved).toMatchObject({
      sequence: 1,
      starts_at: START + 2 * DAY,
      ends_at: START + 2 * DAY + 2 * HOUR,
    });
    const notices = await queueAfterChange(db, moved, "rescheduled", NOW + HOUR);
    expect(notices).toBe(2);
    const rows = await outboxKeys();
    const old = rows.filter((r) => r.idempotency_key.includes(":seq:0:"));
    expect(old.length).toBeGreaterThan(0);
    expect(old.every((r) => r.status === "cancelled")).toBe(true);
    const fresh = rows.filter((r) => r.idempotency_key.includes(":seq:1:reminder:"));
    expect(fresh.map((r) => r.due_at).sort()).toEqual(
      [START + 2 * DAY - 7 * DAY, START + 2 * DAY - DAY, START + 2 * DAY - 2 * HOUR].sort(),
    );
    expect(fresh.every((r) => r.person_id === kz.id && r.status === "pending")).toBe(true);
    const freshNudges = rows.filter((r) => r.idempotency_key.includes(":seq:1:nudge:"));
    expect(freshNudges.every((r) => r.person_id === kg.id)).toBe(true);
    expect(rows.filter((r) => r.idempotency_key.includes(":seq:1:notice:")).map((r) => r.person_id)).toEqual(
      expect.arrayContaining([kz.id, kg.id]),
    );
    const trail = await auditTrail(db, `meeting:${meeting.id}`);
    expect(trail.map((e) => e.action)).toContain("meeting.rescheduled");
  });

  it("a cancellation cancels everything pending and tells everyone; the meeting can then not be changed", async () => {
    const admin = await join("secretariat");
    const kz = await join("coordinator", "KZ");
    const meeting = await createMeeting(db, admin, draft(), NOW);
    await queueAfterCreation(db, meeting, NOW);
    const cancelled = await cancelMeeting(db, admin, meeting.id, NOW + HOUR);
    expect(cancelled).toMatchObject({ status: "cancelled", sequence: 1 });
    await queueAfterChange(db, cancelled, "cancelled", NOW + HOUR);
    const rows = await outboxKeys({ status: "pending" });
    expect(rows.map((r) => r.idempotency_key)).toEqual([
      `meeting:${meeting.id}:seq:1:calendar:person:${kz.id}`,
      `meeting:${meeting.id}:seq:1:notice:person:${kz.id}`,
    ]);
    await expect(
      changeMeetingPlace(db, admin, meeting.id, { venue: "x", onlineUrl: null }, NOW + 2 * HOUR),
    ).rejects.toMatchObject({ key: "meeting_cancelled" });
    await expect(
      recordRsvp(db, {
        person: kz,
        meetingId: meeting.id,
        party: { kind: "state", code: "KZ" },
        attendance: "declined",
        delegation: [],
        now: NOW + 2 * HOUR,
      }),
    ).rejects.toMatchObject({ key: "meeting_cancelled" });
    expect(await queueDueMeetingMessages(db, NOW + 3 * HOUR)).toBe(0);
  });

  it("a reschedule must keep the deadline before the start and in the future", async () => {
    const admin = await join("secretariat");
    const meeting = await createMeeting(db, admin, draft(), NOW);
    await expect(
      rescheduleMeeting(
        db,
        admin,
        meeting.id,
        { startsAt: START, durationMinutes: 60, rsvpDeadlineAt: START + 1 },
        NOW,
      ),
    ).rejects.toMatchObject({ key: "meeting_deadline_after_start" });
    await expect(
      rescheduleMeeting(
        db,
        admin,
        meeting.id,
        { startsAt: NOW - 1, durationMinutes: 60, rsvpDeadlineAt: NOW - 2 },
        NOW,
      ),
    ).rejects.toMatchObject({ key: "meeting_start_past" });
  });
});

describe("calendar files", () => {
  it("a third-party parser reads the right UTC instant, a stable UID, the sequence, and the cancellation", async () => {
    const admin = await join("secretariat");
    const meeting = await createMeeting(db, admin, draft(), NOW);
    const text = { title: "Meeting of national coordinators", description: "Almaty", lang: "en" };
    const parse = (ics: string) => {
      const component = new ICAL.Component(ICAL.parse(ics));
      const event = new ICAL.Event(component.getFirstSubcomponent("vevent") ?? undefined);
      return { component, event };
    };
    // Without an organizer address: a published event, which every calendar program adds as such.
    const invite = parse(meetingCalendar(meeting, text));
    expect(invite.component.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(invite.event.component.getFirstPropertyValue("organizer")).toBeNull();
    expect(invite.event.startDate.toJSDate().toISOString()).toBe("2026-12-25T05:00:00.000Z");
    expect(invite.event.endDate.toJSDate().toISOString()).toBe("2026-12-25T08:00:00.000Z");
    expect(invite.event.summary).toBe("Meeting of national coordinators");
    expect(invite.event.location).toContain("Hotel Kazakhstan");
    expect(invite.event.uid).toBe(meeting.uid);
    expect(invite.event.sequence).toBe(0);

    const cancelled = await cancelMeeting(db, admin, meeting.id, NOW + HOUR);
    const cancel = parse(meetingCalendar(cancelled, text));
    expect(cancel.component.getFirstPropertyValue("method")).toBe("PUBLISH");
    expect(cancel.event.uid).toBe(meeting.uid);
    expect(cancel.event.sequence).toBe(1);
    expect(cancel.event.component.getFirstPropertyValue("status")).toBe("CANCELLED");

    // With the secretariat's address, scheduling messages from it: a request, then a cancellation.
    const organizer = { name: "Secretariat of the Almaty Process", email: "secretariat@example.org" };
    const request = parse(meetingCalendar(meeting, text, organizer));
    expect(request.component.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(request.event.component.getFirstPropertyValue("organizer")).toBe("mailto:secretariat@example.org");
    const withdrawn = parse(meetingCalendar(cancelled, text, organizer));
    expect(withdrawn.component.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(withdrawn.event.uid).toBe(meeting.uid);
    expect(withdrawn.event.component.getFirstPropertyValue("organizer")).toBe(
      "mailto:secretariat@example.org",
    );
  });
});

describe("daily digest", () => {
  const schedule = { digestTime: "09:00", timeZone: "Asia/Almaty" };

  it("is queued once a day after the local time, to each secretariat member, only when there is news", async () => {
    const admin = await join("secretariat");
    const admin2 = await join("secretariat");
    const hasNews = async () => {
      const d = await meetingDigest(db, NOW, 7 * DAY);
      return d.deadlines.length + d.starting.length > 0;
    };
    // nothing to say: nothing queued, and the day is done
    const beforeNine = Date.parse("2026-11-24T03:59:00Z"); // 08:59 in Almaty
    expect(await queueDailyDigest(db, beforeNine, schedule, hasNews)).toBe(0);
    const nine = Date.parse("2026-11-24T04:00:00Z");
    expect(await queueDailyDigest(db, nine, schedule, hasNews)).toBe(0);
    expect(await outboxKeys()).toEqual([]);

    await createMeeting(db, admin, draft({ rsvpDeadlineAt: Date.parse("2026-11-27T12:00:00Z") }), NOW);
    expect(await queueDailyDigest(db, nine + HOUR, schedule, hasNews)).toBe(0); // today already considered
    const nextDay = nine + DAY;
    expect(await queueDailyDigest(db, nextDay, schedule, hasNews)).toBe(2);
    expect(await queueDailyDigest(db, nextDay + 60_000, schedule, hasNews)).toBe(0);
    expect((await outboxKeys()).map((r) => r.idempotency_key)).toEqual([
      `digest:2026-11-25:person:${admin.id}`,
      `digest:2026-11-25:person:${admin2.id}`,
    ]);
  });

  it("lists open deadlines with the states that have not answered", async () => {
    const admin = await join("secretariat");
    const kz = await join("coordinator", "KZ");
    const meeting = await createMeeting(db, admin, draft({ rsvpDeadlineAt: NOW + 2 * DAY }), NOW);
    await recordRsvp(db, {
      person: kz,
      meetingId: meeting.id,
      party: { kind: "state", code: "KZ" },
      attendance: "declined",
      delegation: [],
      now: NOW,
    });
    const digest = await meetingDigest(db, NOW, 7 * DAY);
    expect(digest.deadlines.map((d) => d.silent.map((p) => p.code))).toEqual([["KG", "TJ"]]);
    expect(digest.starting).toEqual([]);
  });
});
