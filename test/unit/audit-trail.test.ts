/**
 * Every change people make leaves an audit row (who, when, what, on what), and the trail reads
 * back in words, filtered by period, state and person, as CSV and as an Excel workbook.
 */
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/database.js";
import { auditCsv, auditFileName, auditXlsx } from "../../src/documents/audit-export.js";
import { sendAnnouncement } from "../../src/domain/announcements/announcements.js";
import { acknowledge, resendToUnacknowledged } from "../../src/domain/announcements/delivery.js";
import { auditRecords } from "../../src/domain/audit-trail.js";
import { cancelMeeting, changeMeetingPlace, rescheduleMeeting } from "../../src/domain/meetings/changes.js";
import { createMeeting } from "../../src/domain/meetings/meetings.js";
import { recordRsvp } from "../../src/domain/meetings/rsvp.js";
import { createInvitation, redeemInvitation, revokeInvitation } from "../../src/domain/people/invitations.js";
import {
  changeRole,
  type Person,
  setDeactivated,
  setLanguage,
  setTimeZone,
} from "../../src/domain/people/people.js";
import { confirmPassedToGovernment, decideOutcome } from "../../src/domain/reviews/government.js";
import { seedFoundingRound } from "../../src/domain/reviews/import.js";
import {
  closeRoundEarly,
  openRound,
  setDeadline,
  setNudgeLeads,
  toggleParticipant,
} from "../../src/domain/reviews/lifecycle.js";
import { addComment, confirmCompletion, recordPosition } from "../../src/domain/reviews/positions.js";
import { listCards } from "../../src/domain/reviews/rounds.js";
import { testDatabase } from "../support/test-db.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse("2026-11-24T10:00:00Z");
let db: Db;
let telegramId = 500;

beforeEach(async () => {
  db = (await testDatabase()).db;
});
afterEach(async () => {
  await db.destroy();
});

async function join(role: Person["role"], stateCode: string | null = null, orgCode: string | null = null) {
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
    {
      telegramId,
      name: `${role} ${stateCode ?? orgCode ?? ""}`.trim(),
      telegramUsername: null,
      language: "en",
      timeZone: null,
    },
    NOW,
  );
}

/** Everything people do that changes something, once each. */
async function everyKindOfChange() {
  const secretariat = await join("secretariat");
  const kz = await join("coordinator", "KZ");
  const kg = await join("coordinator", "KG");
  const unhcr = await join("observer", null, "UNHCR");
  const t = (h: number) => NOW + h * HOUR;

  // Invitations: made by the secretariat, used (joining), revoked.
  const { invitation } = await createInvitation(db, {
    role: "alternate",
    stateCode: "TJ",
    orgCode: null,
    createdBy: secretariat,
    ttlDays: 7,
    now: t(1),
  });
  await revokeInvitation(db, secretariat, invitation.id, t(2));
  // Roles, states, deactivation; a person's own settings.
  await changeRole(db, secretariat, kg.id, { role: "alternate", stateCode: "KG", orgCode: null }, t(3));
  await setDeactivated(db, secretariat, unhcr.id, true, t(4));
  await setDeactivated(db, secretariat, unhcr.id, false, t(5));
  await setLanguage(db, kz.id, "ru", t(6));
  await setTimeZone(db, kz.id, "Asia/Almaty", t(6));

  // A review round from creation to adoption, with a position, comments and the government step.
  const roundId = await seedFoundingRound(db, t(7));
  await toggleParticipant(db, secretariat, roundId, "UZ", t(7));
  await toggleParticipant(db, secretariat, roundId, "UZ", t(7));
  await setDeadline(db, secretariat, roundId, NOW + 10 * DAY, t(8));
  await setNudgeLeads(db, secretariat, roundId, [DAY], t(8));
  await openRound(db, secretariat, roundId, t(9));
  const cards = await listCards(db, roundId, "en");
  const seventhB = cards.find((c) => c.itemNumber === 7 && c.subIndex === 1) ?? cards[0];
  for (const card of cards)
    await recordPosition(
      db,
      kz,
      {
        roundId,
        itemId: card.id,
        position: card === seventhB ? "object" : "support",
        reason: "Needs a national consultation first",
      },
      t(10),
    );
  await addComment(
    db,
    kz,
    { roundId, itemId: cards[0]?.id ?? 0, kind: "amendment", text: "Add “and stateless persons”." },
    t(10),
  );
  await addComment(
    db,
    unhcr,
    { roundId, itemId: cards[0]?.id ?? 0, kind: "comment", text: "We support this." },
    t(10),
  );
  await confirmCompletion(db, kz, roundId, t(11));
  await closeRoundEarly(db, secretariat, roundId, t(12));
  await decideOutcome(db, secretariat, roundId, true, t(12));
  await confirmPassedToGovernment(
    db,
    kz,
    { roundId, passedOn: "2026-11-25", note: null, timeZone: "Asia/Almaty" },
    t(13),
  );

  // A meeting: created, answered with a delegation, rescheduled, moved, cancelled.
  const start = NOW + 30 * DAY;
  const meeting = await createMeeting(
    db,
    secretariat,
    {
      titles: { en: "Meeting of national coordinators", ru: "Совещание национальных координаторов" },
      kind: "coordinators",
      timeZone: "Asia/Almaty",
      startsAt: start,
      durationMinutes: 180,
      venue: "Almaty",
      onlineUrl: null,
      rsvpDeadlineAt: start - 10 * DAY,
      invitees: [
        { kind: "state", code: "KZ" },
        { kind: "state", code: "KG" },
      ],
      reminderLeads: [1440],
    },
    t(14),
  );
  await recordRsvp(db, {
    person: kz,
    meetingId: meeting.id,
    party: { kind: "state", code: "KZ" },
    attendance: "in_person",
    delegation: [{ name: "Ms A. Head", function: "Deputy Minister", mode: "in_person" }],
    now: t(15),
  });
  await rescheduleMeeting(
    db,
    secretariat,
    meeting.id,
    { startsAt: start + DAY, durationMinutes: 120, rsvpDeadlineAt: start - 5 * DAY },
    t(16),
  );
  await changeMeetingPlace(db, secretariat, meeting.id, { venue: "Bishkek", onlineUrl: null }, t(17));
  await cancelMeeting(db, secretariat, meeting.id, t(18));

  // An announcement asking for an acknowledgement: sent, acknowledged, re-sent to the rest.
  const { announcement } = await sendAnnouncement(
    db,
    secretariat,
    {
      versions: { en: { kind: "text", text: "Agenda attached." } },
      defaultLang: "en",
      audience: { kind: "everyone" },
      ackRequested: true,
    },
    { chatId: secretariat.telegram_id, messageId: null },
    t(19),
  );
  await acknowledge(db, kz, announcement.id, t(20));
  await resendToUnacknowledged(db, secretariat, announcement.id, t(21));
  return { secretariat, kz, kg, unhcr, roundId, meetingId: meeting.id, seventhB };
}

describe("the audit trail", () => {
  it("has a row for every kind of change, each with who, when and on what", async () => {
    const { secretariat } = await everyKindOfChange();
    const rows = await db.selectFrom("audit_log").selectAll().orderBy("id").execute();
    const actions = [...new Set(rows.map((r) => r.action))].sort();
    expect(actions).toEqual([
      "announcement.acknowledged",
      "announcement.resent",
      "announcement.sent",
      "invitation.created",
      "invitation.revoked",
      "meeting.cancelled",
      "meeting.created",
      "meeting.place_changed",
      "meeting.rescheduled",
      "meeting.rsvp",
      "person.deactivated",
      "person.joined",
      "person.language",
      "person.reactivated",
      "person.role",
      "person.time_zone",
      "review.adopted",
      "review.amendment",
      "review.closed",
      "review.comment",
      "review.completed",
      "review.created",
      "review.deadline",
      "review.nudge_leads",
      "review.opened",
      "review.participant_added",
      "review.participant_removed",
      "review.passed_to_government",
      "review.position",
    ]);
    for (const row of rows) {
      expect(row.subject).toMatch(/^(person|invitation|review_round|meeting|announcement):\d+$/);
      expect(row.at).toBeGreaterThanOrEqual(NOW);
    }
    // Only the bot's own seeding and the operator's invitations have no person behind them.
    const anonymous = rows.filter((r) => r.actor_id === null).map((r) => r.action);
    expect([...new Set(anonymous)].sort()).toEqual(["invitation.created", "review.created"]);
    expect(
      rows.filter((r) => r.action === "invitation.created" && r.actor_id === secretariat.id),
    ).toHaveLength(1);
  });

  it("reads back in words: who changed Kazakhstan's position on item 7b, and when", async () => {
    const { kz, kg, roundId, seventhB } = await everyKindOfChange();
    const forKz = await auditRecords(db, { state: "KZ" });
    const objection = forKz.find((r) => r.action === "review.position" && r.details.item === seventhB?.id);
    expect(objection).toMatchObject({
      at: NOW + 10 * HOUR,
      actor: { id: kz.id, name: "coordinator KZ", role: "coordinator", state: "KZ" },
      subjectText: expect.stringMatching(new RegExp(`^round #${roundId} «.+»$`)),
    });
    expect(objection?.detailsText).toBe(
      'item 7b; state KZ; position object; reason "Needs a national consultation first"',
    );
    // Kazakhstan's view has its own people, answers and positions, and nothing only about Kyrgyzstan.
    expect(
      forKz.some(
        (r) =>
          r.action === "meeting.rsvp" &&
          r.detailsText.startsWith("state KZ; attendance in_person; previous —; delegation "),
      ),
    ).toBe(true);
    expect(forKz.some((r) => r.action === "person.role")).toBe(false);
    const forKg = await auditRecords(db, { state: "kg" });
    expect(forKg.find((r) => r.action === "person.role")?.detailsText).toBe(
      "from (role coordinator, state KG); to (role alternate, state KG)",
    );
    // One person: what they did and what was done to them.
    const aboutKg = await auditRecords(db, { personId: kg.id });
    expect(aboutKg.map((r) => r.action)).toEqual(["person.joined", "person.role"]);
    expect(aboutKg[1]?.subjectText).toBe(`person #${kg.id} coordinator KG (alternate, KG)`);
    // A period: [since, until).
    const window = await auditRecords(db, { since: NOW + 16 * HOUR, until: NOW + 18 * HOUR });
    expect(window.map((r) => r.action)).toEqual(["meeting.rescheduled", "meeting.place_changed"]);
    expect(window[0]?.subjectText).toMatch(/^meeting #\d+ «Meeting of national coordinators»$/);
    expect(window[0]?.detailsText).toMatch(/^from \(startsAt 2026-12-24T10:00:00\.000Z, /);
  });

  it("exports as CSV and as an Excel workbook with the same rows", async () => {
    await everyKindOfChange();
    const records = await auditRecords(db, { state: "KZ" });
    const csv = auditCsv(records);
    expect(csv.startsWith("\uFEFFwhen (UTC),who,role,state or organisation,action,on what,details\n")).toBe(
      true,
    );
    expect(csv).toContain("2026-11-24T20:00:00.000Z,coordinator KZ (#2),coordinator,KZ,review.position,");
    expect(csv.trim().split("\n")).toHaveLength(records.length + 1);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await auditXlsx(records)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Audit");
    expect(sheet?.rowCount).toBe(records.length + 1);
    expect(sheet?.getRow(1).getCell(7).value).toBe("details");
    const last = records.at(-1);
    expect(sheet?.getRow(records.length + 1).getCell(5).value).toBe(last?.action);
    expect(
      auditFileName(
        { since: Date.parse("2026-11-24T00:00:00Z"), until: Date.parse("2026-11-25T00:00:00Z"), state: "kz" },
        "xlsx",
      ),
    ).toBe("audit-2026-11-24--2026-11-24-KZ.xlsx");
  });
});
