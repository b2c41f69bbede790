/**
 * Answers to meeting invitations: one per invited party, given by a person who acts for it,
 * with the delegation when attending; changeable until the RSVP deadline, then read-only.
 * The current answer is replaced; every answer is also appended to `rsvp_history` and audited.
 */
import type { Kysely } from "kysely";
import type { Attendance, AttendanceMode } from "../../db/schema/meetings.js";
import type { Database } from "../../db/schema.js";
import { audit } from "../audit.js";
import { DomainError } from "../errors.js";
import { isBlank } from "../free-text.js";
import type { Person } from "../people/people.js";
import { isInvited, type Meeting, requireMeeting } from "./meetings.js";
import { type Party, partyKey, partyOf, sameParty } from "./parties.js";

export type { Attendance, AttendanceMode };

export const ATTENDANCES: readonly Attendance[] = ["in_person", "online", "declined"];
export const DELEGATE_TEXT_MAX = 200;
export const MAX_DELEGATION = 30;

/** One member of a delegation; the first in a list is the head of delegation. */
export interface Delegate {
  name: string;
  function: string;
  mode: AttendanceMode;
}

export interface PartyAnswer {
  attendance: Attendance;
  answeredBy: number;
  answeredByName: string | null;
  answeredAt: number;
  delegation: Delegate[];
}

/** Whether the meeting offers this way of attending (in person needs a venue, online a link). */
export function attendanceOffered(meeting: Pick<Meeting, "venue" | "online_url">, a: Attendance): boolean {
  if (a === "in_person") return meeting.venue !== null;
  if (a === "online") return meeting.online_url !== null;
  return true;
}

/**
 * Checks that `person` may answer for `party` now: they act for that very party, it is invited,
 * the meeting is scheduled and its RSVP deadline has not passed. Returns the meeting.
 */
export async function checkCanAnswer(
  db: Kysely<Database>,
  person: Person,
  meetingId: number,
  party: Party,
  attendance: Attendance | null,
  now: number,
): Promise<Meeting> {
  if (person.deactivated_at !== null) throw new DomainError("not_allowed");
  if (!sameParty(partyOf(person), party)) throw new DomainError("rsvp_not_your_party");
  const meeting = await requireMeeting(db, meetingId);
  if (!(await isInvited(db, meetingId, party))) throw new DomainError("rsvp_not_invited");
  if (meeting.status === "cancelled") throw new DomainError("meeting_cancelled");
  if (now >= meeting.rsvp_deadline_at) throw new DomainError("rsvp_closed");
  if (attendance && !attendanceOffered(meeting, attendance))
    throw new DomainError("rsvp_attendance_unavailable");
  return meeting;
}

/** Cleans a delegation for the answer: trimmed, within limits, everyone online when the party attends online. */
export function normaliseDelegation(attendance: Attendance, delegation: readonly Delegate[]): Delegate[] {
  if (attendance === "declined") return [];
  if (delegation.length === 0) throw new DomainError("rsvp_delegation_empty");
  if (delegation.length > MAX_DELEGATION)
    throw new DomainError("rsvp_delegation_too_large", { max: MAX_DELEGATION });
  return delegation.map((d) => {
    const name = d.name.trim();
    const fn = d.function.trim();
    if (isBlank(name) || isBlank(fn)) throw new DomainError("rsvp_delegation_empty");
    if (name.length > DELEGATE_TEXT_MAX || fn.length > DELEGATE_TEXT_MAX)
      throw new DomainError("meeting_text_too_long", { max: DELEGATE_TEXT_MAX });
    if (d.mode !== "in_person" && d.mode !== "online") throw new DomainError("button_invalid");
    return { name, function: fn, mode: attendance === "online" ? "online" : d.mode };
  });
}

export interface RecordedAnswer {
  meeting: Meeting;
  previous: Attendance | null;
  /** Who gave the answer this one replaces (null when there was none). */
  previousBy: number | null;
  /** The history row of this answer: one per answer given, so a notice about it is sent once. */
  historyId: number;
}

/**
 * Records the party's answer (replacing the current one, appending to the history), after
 * checking again everything `checkCanAnswer` checks, inside the transaction.
 */
export async function recordRsvp(
  db: Kysely<Database>,
  input: {
    person: Person;
    meetingId: number;
    party: Party;
    attendance: Attendance;
    delegation: readonly Delegate[];
    now: number;
  },
): Promise<RecordedAnswer> {
  const { person, meetingId, party, attendance, now } = input;
  if (!ATTENDANCES.includes(attendance)) throw new DomainError("button_invalid");
  const delegation = normaliseDelegation(attendance, input.delegation);
  return db.transaction().execute(async (trx) => {
    const meeting = await checkCanAnswer(trx, person, meetingId, party, attendance, now);
    const current = await trx
      .selectFrom("rsvps")
      .select(["id", "attendance", "answered_by"])
      .where("meeting_id", "=", meetingId)
      .where("party_kind", "=", party.kind)
      .where("party_code", "=", party.code)
      .executeTakeFirst();
    let rsvpId: number;
    if (current) {
      rsvpId = current.id;
      await trx
        .updateTable("rsvps")
        .set({ attendance, answered_by: person.id, answered_at: now })
        .where("id", "=", current.id)
        .execute();
      await trx.deleteFrom("delegation_members").where("rsvp_id", "=", current.id).execute();
    } else {
      const row = await trx
        .insertInto("rsvps")
        .values({
          meeting_id: meetingId,
          party_kind: party.kind,
          party_code: party.code,
          attendance,
          answered_by: person.id,
          answered_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      rsvpId = row.id;
    }
    if (delegation.length) {
      await trx
        .insertInto("delegation_members")
        .values(delegation.map((d, ordinal) => ({ rsvp_id: rsvpId, ordinal, ...d })))
        .execute();
    }
    const history = await trx
      .insertInto("rsvp_history")
      .values({
        meeting_id: meetingId,
        party_kind: party.kind,
        party_code: party.code,
        attendance,
        delegation: JSON.stringify(delegation),
        answered_by: person.id,
        answered_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await audit(trx, {
      at: now,
      actorId: person.id,
      action: "meeting.rsvp",
      subject: `meeting:${meetingId}`,
      details: { party: partyKey(party), attendance, previous: current?.attendance ?? null, delegation },
    });
    return {
      meeting,
      previous: current?.attendance ?? null,
      previousBy: current?.answered_by ?? null,
      historyId: history.id,
    };
  });
}

/** The party's current answer with its delegation, or undefined when it has not answered. */
export async function partyAnswer(
  db: Kysely<Database>,
  meetingId: number,
  party: Party,
): Promise<PartyAnswer | undefined> {
  const all = await meetingAnswers(db, meetingId);
  return all.get(partyKey(party));
}

/** Every answer of a meeting, by party key. */
export async function meetingAnswers(
  db: Kysely<Database>,
  meetingId: number,
): Promise<Map<string, PartyAnswer>> {
  const rows = await db
    .selectFrom("rsvps")
    .leftJoin("people", "people.id", "rsvps.answered_by")
    .select([
      "rsvps.id",
      "rsvps.party_kind",
      "rsvps.party_code",
      "rsvps.attendance",
      "rsvps.answered_by",
      "rsvps.answered_at",
      "people.name as answered_by_name",
    ])
    .where("rsvps.meeting_id", "=", meetingId)
    .execute();
  const members = rows.length
    ? await db
        .selectFrom("delegation_members")
        .selectAll()
        .where(
          "rsvp_id",
          "in",
          rows.map((r) => r.id),
        )
        .orderBy("rsvp_id")
        .orderBy("ordinal")
        .execute()
    : [];
  const answers = new Map<string, PartyAnswer>();
  for (const r of rows) {
    answers.set(partyKey({ kind: r.party_kind, code: r.party_code }), {
      attendance: r.attendance,
      answeredBy: r.answered_by,
      answeredByName: r.answered_by_name,
      answeredAt: r.answered_at,
      delegation: members
        .filter((m) => m.rsvp_id === r.id)
        .map((m) => ({ name: m.name, function: m.function, mode: m.mode })),
    });
  }
  return answers;
}

/** How many parties attend in person, online, declined, or have not answered. */
export interface AnswerCounts {
  invited: number;
  in_person: number;
  online: number;
  declined: number;
  none: number;
}

export async function answerCounts(db: Kysely<Database>, meetingId: number): Promise<AnswerCounts> {
  const invited = await db
    .selectFrom("meeting_invitees")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("meeting_id", "=", meetingId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom("rsvps")
    .innerJoin("meeting_invitees", (j) =>
      j
        .onRef("meeting_invitees.meeting_id", "=", "rsvps.meeting_id")
        .onRef("meeting_invitees.party_kind", "=", "rsvps.party_kind")
        .onRef("meeting_invitees.party_code", "=", "rsvps.party_code"),
    )
    .select(["rsvps.attendance", (eb) => eb.fn.countAll<number>().as("n")])
    .where("rsvps.meeting_id", "=", meetingId)
    .groupBy("rsvps.attendance")
    .execute();
  const counts: AnswerCounts = { invited: Number(invited.n), in_person: 0, online: 0, declined: 0, none: 0 };
  for (const r of rows) counts[r.attendance] = Number(r.n);
  counts.none = counts.invited - counts.in_person - counts.online - counts.declined;
  return counts;
}

/** The people who act for each party: active coordinators and alternates of states, observers of organisations. */
export async function peopleActingFor(db: Kysely<Database>, parties: readonly Party[]): Promise<Person[]> {
  const states = parties.filter((p) => p.kind === "state").map((p) => p.code);
  const orgs = parties.filter((p) => p.kind === "org").map((p) => p.code);
  if (states.length === 0 && orgs.length === 0) return [];
  return db
    .selectFrom("people")
    .selectAll()
    .where("deactivated_at", "is", null)
    .where((eb) => {
      const any = [];
      if (states.length)
        any.push(eb.and([eb("role", "in", ["coordinator", "alternate"]), eb("state_code", "in", states)]));
      if (orgs.length) any.push(eb.and([eb("role", "=", "observer"), eb("org_code", "in", orgs)]));
      return eb.or(any);
    })
    .orderBy("id")
    .execute();
}

/**
 * The people of a meeting's parties: everyone acting for an invited party, or only for the
 * parties that attend (in person or online). For announcements to a meeting's audience.
 */
export async function meetingAudience(
  db: Kysely<Database>,
  meetingId: number,
  which: "invited" | "attending",
): Promise<Person[]> {
  const invitees = await db
    .selectFrom("meeting_invitees")
    .select(["party_kind", "party_code"])
    .where("meeting_id", "=", meetingId)
    .execute();
  let parties: Party[] = invitees.map((r) => ({ kind: r.party_kind, code: r.party_code }));
  if (which === "attending") {
    const answers = await meetingAnswers(db, meetingId);
    parties = parties.filter((p) => {
      const a = answers.get(partyKey(p));
      return a !== undefined && a.attendance !== "declined";
    });
  }
  return peopleActingFor(db, parties);
}
