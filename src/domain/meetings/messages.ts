/**
 * What the bot sends on its own about meetings, queued in the outbox with idempotency keys:
 * invitations, reminders to attending delegations, nudges to parties that have not answered, and
 * notices of a change. The texts are built at send time by the renderers named here.
 *
 * Keys carry the meeting's sequence, so a reschedule yields new keys while the old rows are
 * cancelled by source. Each reminder expires when the next one falls due (the last at the start),
 * so a reminder held up by downtime is sent late only while it is still the latest word.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { cancelPending, enqueue, type QueuedMessage } from "../../outbox/queue.js";
import { type Meeting, meetingInvitees, reminderLeads, upcomingMeetings } from "./meetings.js";
import { type Party, partyKey } from "./parties.js";
import { meetingAnswers, peopleActingFor } from "./rsvp.js";

/** Nudges to parties that have not answered: 3 days and 1 day before the RSVP deadline. */
export const NUDGE_LEADS: readonly number[] = [3 * 1440, 1440];

export const MEETING_RENDERERS = {
  invitation: "meeting_invitation",
  reminder: "meeting_reminder",
  nudge: "meeting_nudge",
  notice: "meeting_notice",
  calendar: "meeting_calendar",
} as const;

/** What a notice tells: the meeting moved in time, changed place, or was cancelled. */
export type MeetingChange = "rescheduled" | "place" | "cancelled";

export const meetingSources = {
  invitations: (id: number) => `meeting:${id}:invitations`,
  reminders: (id: number) => `meeting:${id}:reminders`,
  nudges: (id: number) => `meeting:${id}:nudges`,
  notices: (id: number) => `meeting:${id}:notices`,
};

export const meetingKeys = {
  invitation: (id: number, personId: number) => `meeting:${id}:invitation:person:${personId}`,
  reminder: (m: Pick<Meeting, "id" | "sequence">, lead: number, personId: number) =>
    `meeting:${m.id}:seq:${m.sequence}:reminder:${lead}:person:${personId}`,
  nudge: (m: Pick<Meeting, "id" | "sequence">, lead: number, personId: number) =>
    `meeting:${m.id}:seq:${m.sequence}:nudge:${lead}:person:${personId}`,
  notice: (m: Pick<Meeting, "id" | "sequence">, personId: number) =>
    `meeting:${m.id}:seq:${m.sequence}:notice:person:${personId}`,
  calendar: (m: Pick<Meeting, "id" | "sequence">, personId: number) =>
    `meeting:${m.id}:seq:${m.sequence}:calendar:person:${personId}`,
};

/** What a meeting was before a change, so that its notice can say what changed (from → to). */
export interface MeetingBefore {
  startsAt: number;
  endsAt: number;
  venue: string | null;
  onlineUrl: string | null;
}

/** What a meeting was, as a notice of a change needs it. */
export function meetingBefore(meeting: Meeting): MeetingBefore {
  return {
    startsAt: meeting.starts_at,
    endsAt: meeting.ends_at,
    venue: meeting.venue,
    onlineUrl: meeting.online_url,
  };
}

/** Params every meeting renderer receives. */
export interface MeetingMessageParams {
  meetingId: number;
  sequence: number;
  /** Minutes before the start (reminders) or before the RSVP deadline (nudges). */
  lead?: number;
  change?: MeetingChange;
  /** Notices: the meeting before the change (absent in rows queued by earlier versions). */
  previous?: MeetingBefore;
}

/**
 * The moments of a series of lead times before `anchor` that still lie ahead: each with the
 * instant it expires (when the next, shorter one falls due; the last at `anchor` itself).
 */
export function leadMoments(
  anchor: number,
  leads: readonly number[],
  now: number,
): { lead: number; dueAt: number; expiresAt: number }[] {
  const sorted = [...leads].sort((a, b) => b - a);
  return sorted
    .map((lead, i) => {
      const next = sorted[i + 1];
      return {
        lead,
        dueAt: anchor - lead * 60_000,
        expiresAt: next === undefined ? anchor : anchor - next * 60_000,
      };
    })
    .filter((m) => m.dueAt > now);
}

function render(renderer: string, params: MeetingMessageParams): QueuedMessage["content"] {
  return { type: "render", renderer, params: { ...params } };
}

/** Invitations to everyone acting for an invited party, while answers are open. Returns how many are new. */
export async function queueInvitations(db: Kysely<Database>, meeting: Meeting, now: number): Promise<number> {
  if (meeting.status !== "scheduled" || now >= meeting.rsvp_deadline_at) return 0;
  const people = await peopleActingFor(db, await meetingInvitees(db, meeting.id));
  return enqueue(
    db,
    people.map((p) => ({
      key: meetingKeys.invitation(meeting.id, p.id),
      kind: MEETING_RENDERERS.invitation,
      source: meetingSources.invitations(meeting.id),
      personId: p.id,
      chatId: p.telegram_id,
      content: render(MEETING_RENDERERS.invitation, { meetingId: meeting.id, sequence: meeting.sequence }),
      dueAt: now,
      expiresAt: meeting.rsvp_deadline_at,
    })),
    now,
  );
}

async function partiesByAnswer(db: Kysely<Database>, meeting: Meeting) {
  const invitees = await meetingInvitees(db, meeting.id);
  const answers = await meetingAnswers(db, meeting.id);
  const attending: Party[] = [];
  const silent: Party[] = [];
  for (const party of invitees) {
    const answer = answers.get(partyKey(party));
    if (!answer) silent.push(party);
    else if (answer.attendance !== "declined") attending.push(party);
  }
  return { attending, silent };
}

/** Reminders still ahead for the people of the attending parties. Returns how many are new. */
export async function queueReminders(db: Kysely<Database>, meeting: Meeting, now: number): Promise<number> {
  if (meeting.status !== "scheduled") return 0;
  const moments = leadMoments(meeting.starts_at, reminderLeads(meeting), now);
  if (moments.length === 0) return 0;
  const { attending } = await partiesByAnswer(db, meeting);
  const people = await peopleActingFor(db, attending);
  const rows: QueuedMessage[] = moments.flatMap((m) =>
    people.map((p) => ({
      key: meetingKeys.reminder(meeting, m.lead, p.id),
      kind: MEETING_RENDERERS.reminder,
      source: meetingSources.reminders(meeting.id),
      personId: p.id,
      chatId: p.telegram_id,
      content: render(MEETING_RENDERERS.reminder, {
        meetingId: meeting.id,
        sequence: meeting.sequence,
        lead: m.lead,
      }),
      dueAt: m.dueAt,
      expiresAt: m.expiresAt,
    })),
  );
  return enqueue(db, rows, now);
}

/** Nudges still ahead for the people of the parties that have not answered. Returns how many are new. */
export async function queueNudges(db: Kysely<Database>, meeting: Meeting, now: number): Promise<number> {
  if (meeting.status !== "scheduled") return 0;
  const moments = leadMoments(meeting.rsvp_deadline_at, NUDGE_LEADS, now);
  if (moments.length === 0) return 0;
  const { silent } = await partiesByAnswer(db, meeting);
  const people = await peopleActingFor(db, silent);
  const rows: QueuedMessage[] = moments.flatMap((m) =>
    people.map((p) => ({
      key: meetingKeys.nudge(meeting, m.lead, p.id),
      kind: MEETING_RENDERERS.nudge,
      source: meetingSources.nudges(meeting.id),
      personId: p.id,
      chatId: p.telegram_id,
      content: render(MEETING_RENDERERS.nudge, {
        meetingId: meeting.id,
        sequence: meeting.sequence,
        lead: m.lead,
      }),
      dueAt: m.dueAt,
      expiresAt: m.expiresAt,
    })),
  );
  return enqueue(db, rows, now);
}

/** After creation: invitations now, nudges for later. */
export async function queueAfterCreation(
  db: Kysely<Database>,
  meeting: Meeting,
  now: number,
): Promise<number> {
  const invitations = await queueInvitations(db, meeting, now);
  await queueNudges(db, meeting, now);
  return invitations;
}

/**
 * After a reschedule, a change of place or a cancellation: the old schedule's reminders and
 * nudges are cancelled (never sent), everyone invited is told (what changed, from `previous`),
 * the people of attending parties get the calendar update (same UID, higher sequence), and the
 * new schedule is queued. Returns how many notices were queued.
 */
export async function queueAfterChange(
  db: Kysely<Database>,
  meeting: Meeting,
  change: MeetingChange,
  now: number,
  previous?: MeetingBefore,
): Promise<number> {
  const reason =
    meeting.status === "cancelled" ? "meeting cancelled" : `meeting changed (seq ${meeting.sequence})`;
  await cancelPending(db, { source: meetingSources.reminders(meeting.id) }, reason, now);
  await cancelPending(db, { source: meetingSources.nudges(meeting.id) }, reason, now);
  await cancelPending(db, { source: meetingSources.notices(meeting.id) }, "superseded", now);
  if (meeting.status === "cancelled")
    await cancelPending(db, { source: meetingSources.invitations(meeting.id) }, reason, now);
  const people = await peopleActingFor(db, await meetingInvitees(db, meeting.id));
  const params: MeetingMessageParams = {
    meetingId: meeting.id,
    sequence: meeting.sequence,
    change,
    ...(previous ? { previous } : {}),
  };
  const notices = await enqueue(
    db,
    people.flatMap((p) => [
      {
        key: meetingKeys.notice(meeting, p.id),
        kind: MEETING_RENDERERS.notice,
        source: meetingSources.notices(meeting.id),
        personId: p.id,
        chatId: p.telegram_id,
        content: render(MEETING_RENDERERS.notice, params),
        dueAt: now,
        expiresAt: meeting.ends_at,
      },
      {
        key: meetingKeys.calendar(meeting, p.id),
        kind: MEETING_RENDERERS.calendar,
        source: meetingSources.notices(meeting.id),
        personId: p.id,
        chatId: p.telegram_id,
        content: render(MEETING_RENDERERS.calendar, params),
        dueAt: now,
        expiresAt: meeting.ends_at,
      },
    ]),
    now,
  );
  if (meeting.status === "scheduled") {
    await queueReminders(db, meeting, now);
    await queueNudges(db, meeting, now);
  }
  return notices / 2;
}

/**
 * The periodic check: for every upcoming meeting, invitations for people who joined since,
 * and the reminders and nudges that follow from the answers as they now stand.
 */
export async function queueDueMeetingMessages(db: Kysely<Database>, now: number): Promise<number> {
  let queued = 0;
  for (const meeting of await upcomingMeetings(db, now)) {
    queued += await queueInvitations(db, meeting, now);
    queued += await queueReminders(db, meeting, now);
    queued += await queueNudges(db, meeting, now);
  }
  return queued;
}
