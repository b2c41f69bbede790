/**
 * Meetings: what the secretariat creates, reschedules, moves and cancels, and the rules each
 * change must pass (times in the future, the RSVP deadline before the start, a place to meet,
 * known parties). Every change is audited and bumps the iCalendar sequence.
 */
import { randomUUID } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { MEETING_KINDS, type MeetingKind, type MeetingsTable } from "../../db/schema/meetings.js";
import type { Database } from "../../db/schema.js";
import { audit } from "../audit.js";
import { DomainError } from "../errors.js";
import { isBlank } from "../free-text.js";
import { isSecretariat, type Person } from "../people/people.js";
import { isValidTimeZone } from "../people/time-zones.js";
import { type Party, partyKey } from "./parties.js";

export type { MeetingKind, Party };
export { MEETING_KINDS };

export type Meeting = Selectable<MeetingsTable>;

export const TITLE_MAX = 200;
export const VENUE_MAX = 300;
export const URL_MAX = 500;
export const MAX_LEADS = 5;
export const MIN_LEAD_MINUTES = 5;
export const MAX_LEAD_MINUTES = 60 * 1440;
export const MAX_DURATION_MINUTES = 14 * 1440;
/** 7 days, 1 day, 2 hours before the start. */
export const DEFAULT_REMINDER_LEADS: readonly number[] = [7 * 1440, 1440, 120];

/** Everything needed to create a meeting, as the secretariat entered it. */
export interface MeetingDraft {
  /** Title per language; at least one. */
  titles: Record<string, string>;
  kind: MeetingKind;
  timeZone: string;
  startsAt: number;
  durationMinutes: number;
  venue: string | null;
  onlineUrl: string | null;
  rsvpDeadlineAt: number;
  invitees: Party[];
  /** Minutes before the start. */
  reminderLeads: number[];
}

/** The start must lie ahead. */
export function checkStart(startsAt: number, now: number): void {
  if (startsAt <= now) throw new DomainError("meeting_start_past");
}

/** The RSVP deadline must lie ahead, and not after the start. */
export function checkDeadline(deadlineAt: number, startsAt: number, now: number): void {
  if (deadlineAt <= now) throw new DomainError("meeting_deadline_past");
  if (deadlineAt > startsAt) throw new DomainError("meeting_deadline_after_start");
}

export function checkDuration(minutes: number): void {
  if (!Number.isInteger(minutes) || minutes < 5 || minutes > MAX_DURATION_MINUTES)
    throw new DomainError("meeting_bad_duration", { max: MAX_DURATION_MINUTES / 1440 });
}

/** An online link must be a plain http(s) URL. */
export function checkOnlineUrl(url: string): void {
  if (url.length > URL_MAX || /\s/.test(url)) throw new DomainError("meeting_bad_url");
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("protocol");
  } catch {
    throw new DomainError("meeting_bad_url");
  }
}

/** Lead times: at most five, each between 5 minutes and 60 days, distinct; sorted longest first. */
export function normaliseLeads(leads: readonly number[]): number[] {
  const unique = [...new Set(leads.map((m) => Math.round(m)))];
  if (
    unique.length > MAX_LEADS ||
    unique.some((m) => !Number.isFinite(m) || m < MIN_LEAD_MINUTES || m > MAX_LEAD_MINUTES)
  )
    throw new DomainError("meeting_bad_leads", { max: MAX_LEADS });
  return unique.sort((a, b) => b - a);
}

/** At least one of venue and link; the venue within its limit, the link a web address. */
export function checkPlace(venue: string | null, onlineUrl: string | null): void {
  if (!venue && !onlineUrl) throw new DomainError("meeting_no_place");
  if (venue && venue.length > VENUE_MAX) throw new DomainError("meeting_text_too_long", { max: VENUE_MAX });
  if (onlineUrl) checkOnlineUrl(onlineUrl);
}

async function checkParties(db: Kysely<Database>, parties: readonly Party[]): Promise<void> {
  if (parties.length === 0) throw new DomainError("meeting_no_invitees");
  const states = parties.filter((p) => p.kind === "state").map((p) => p.code);
  const orgs = parties.filter((p) => p.kind === "org").map((p) => p.code);
  const knownStates = states.length
    ? await db.selectFrom("states").select("code").where("code", "in", states).execute()
    : [];
  const knownOrgs = orgs.length
    ? await db.selectFrom("organisations").select("code").where("code", "in", orgs).execute()
    : [];
  if (knownStates.length !== new Set(states).size || knownOrgs.length !== new Set(orgs).size)
    throw new DomainError("meeting_unknown_party");
}

/** Checks a whole draft; throws the first rule it breaks. */
export async function validateDraft(db: Kysely<Database>, draft: MeetingDraft, now: number): Promise<void> {
  const titles = Object.entries(draft.titles).filter(([, t]) => !isBlank(t));
  if (titles.length === 0) throw new DomainError("meeting_title_missing");
  if (titles.some(([, t]) => t.length > TITLE_MAX))
    throw new DomainError("meeting_text_too_long", { max: TITLE_MAX });
  if (!MEETING_KINDS.includes(draft.kind)) throw new DomainError("button_invalid");
  if (!isValidTimeZone(draft.timeZone)) throw new DomainError("invalid_time_zone", { zone: draft.timeZone });
  checkStart(draft.startsAt, now);
  checkDuration(draft.durationMinutes);
  checkDeadline(draft.rsvpDeadlineAt, draft.startsAt, now);
  checkPlace(draft.venue, draft.onlineUrl);
  await checkParties(db, draft.invitees);
  normaliseLeads(draft.reminderLeads);
}

/** Only an active secretariat member creates and changes meetings. */
export function assertSecretariat(actor: Person): void {
  if (!isSecretariat(actor) || actor.deactivated_at !== null) throw new DomainError("not_allowed");
}

/** Creates a scheduled meeting with its titles and invitees; audited. */
export async function createMeeting(
  db: Kysely<Database>,
  actor: Person,
  draft: MeetingDraft,
  now: number,
): Promise<Meeting> {
  assertSecretariat(actor);
  await validateDraft(db, draft, now);
  const leads = normaliseLeads(draft.reminderLeads);
  return db.transaction().execute(async (trx) => {
    const meeting = await trx
      .insertInto("meetings")
      .values({
        uid: `${randomUUID()}@almaty-process`,
        kind: draft.kind,
        time_zone: draft.timeZone,
        starts_at: draft.startsAt,
        ends_at: draft.startsAt + draft.durationMinutes * 60_000,
        venue: draft.venue?.trim() || null,
        online_url: draft.onlineUrl?.trim() || null,
        rsvp_deadline_at: draft.rsvpDeadlineAt,
        reminder_leads: JSON.stringify(leads),
        status: "scheduled",
        sequence: 0,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const titles = Object.entries(draft.titles).filter(([, t]) => !isBlank(t));
    await trx
      .insertInto("meeting_titles")
      .values(titles.map(([lang, title]) => ({ meeting_id: meeting.id, lang, title: title.trim() })))
      .execute();
    const unique = new Map(draft.invitees.map((p) => [partyKey(p), p]));
    await trx
      .insertInto("meeting_invitees")
      .values(
        [...unique.values()].map((p) => ({ meeting_id: meeting.id, party_kind: p.kind, party_code: p.code })),
      )
      .execute();
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: "meeting.created",
      subject: `meeting:${meeting.id}`,
      details: {
        kind: draft.kind,
        titles: Object.fromEntries(titles),
        timeZone: draft.timeZone,
        startsAt: meeting.starts_at,
        endsAt: meeting.ends_at,
        venue: meeting.venue,
        onlineUrl: meeting.online_url,
        rsvpDeadlineAt: meeting.rsvp_deadline_at,
        invitees: [...unique.keys()],
        reminderLeads: leads,
      },
    });
    return meeting;
  });
}

export async function getMeeting(db: Kysely<Database>, id: number): Promise<Meeting | undefined> {
  return db.selectFrom("meetings").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The meeting, or a refusal when there is no such meeting. */
export async function requireMeeting(db: Kysely<Database>, id: number): Promise<Meeting> {
  const meeting = Number.isInteger(id) ? await getMeeting(db, id) : undefined;
  if (!meeting) throw new DomainError("meeting_not_found");
  return meeting;
}

export function reminderLeads(meeting: Pick<Meeting, "reminder_leads">): number[] {
  const parsed = JSON.parse(meeting.reminder_leads) as unknown;
  return Array.isArray(parsed) ? parsed.filter((n): n is number => typeof n === "number") : [];
}

/** Titles by language. */
export async function meetingTitles(
  db: Kysely<Database>,
  meetingId: number,
): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom("meeting_titles")
    .select(["lang", "title"])
    .where("meeting_id", "=", meetingId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.lang, r.title]));
}

/**
 * The title in `lang`, else (for English) Russian, else Russian then English — titles are given
 * in the official languages, and every coordinator of the region reads Russian — else any.
 */
export function pickTitle(titles: Record<string, string>, lang: string): string {
  const next = lang === "en" ? titles.ru : (titles.ru ?? titles.en);
  return titles[lang] ?? next ?? Object.values(titles)[0] ?? "";
}

/** The invited parties in the fixed order: states as in the founding text, then organisations. */
export async function meetingInvitees(db: Kysely<Database>, meetingId: number): Promise<Party[]> {
  const rows = await db
    .selectFrom("meeting_invitees")
    .leftJoin("states", (j) =>
      j
        .onRef("states.code", "=", "meeting_invitees.party_code")
        .on("meeting_invitees.party_kind", "=", "state"),
    )
    .leftJoin("organisations", (j) =>
      j
        .onRef("organisations.code", "=", "meeting_invitees.party_code")
        .on("meeting_invitees.party_kind", "=", "org"),
    )
    .select(["meeting_invitees.party_kind", "meeting_invitees.party_code"])
    .where("meeting_invitees.meeting_id", "=", meetingId)
    .orderBy("meeting_invitees.party_kind", "desc")
    .orderBy("states.sort_order")
    .orderBy("organisations.sort_order")
    .execute();
  return rows.map((r) => ({ kind: r.party_kind, code: r.party_code }));
}

export async function isInvited(db: Kysely<Database>, meetingId: number, party: Party): Promise<boolean> {
  const row = await db
    .selectFrom("meeting_invitees")
    .select("meeting_id")
    .where("meeting_id", "=", meetingId)
    .where("party_kind", "=", party.kind)
    .where("party_code", "=", party.code)
    .executeTakeFirst();
  return !!row;
}

/** Scheduled meetings that have not ended yet, soonest first. */
export async function upcomingMeetings(db: Kysely<Database>, now: number): Promise<Meeting[]> {
  return db
    .selectFrom("meetings")
    .selectAll()
    .where("status", "=", "scheduled")
    .where("ends_at", ">", now)
    .orderBy("starts_at")
    .orderBy("id")
    .execute();
}

/** Upcoming meetings a party is invited to, soonest first. */
export async function upcomingMeetingsFor(
  db: Kysely<Database>,
  party: Party,
  now: number,
): Promise<Meeting[]> {
  return db
    .selectFrom("meetings")
    .innerJoin("meeting_invitees", "meeting_invitees.meeting_id", "meetings.id")
    .selectAll("meetings")
    .where("meetings.status", "=", "scheduled")
    .where("meetings.ends_at", ">", now)
    .where("meeting_invitees.party_kind", "=", party.kind)
    .where("meeting_invitees.party_code", "=", party.code)
    .orderBy("meetings.starts_at")
    .orderBy("meetings.id")
    .execute();
}
