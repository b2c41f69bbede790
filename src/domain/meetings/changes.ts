/**
 * Changes to a scheduled meeting by the secretariat: reschedule (with its RSVP deadline), change
 * the venue or link, cancel. Each is checked, audited, and bumps the iCalendar sequence; the
 * caller then queues the notices (`queueAfterChange`).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { audit } from "../audit.js";
import { DomainError } from "../errors.js";
import type { Person } from "../people/people.js";
import {
  assertSecretariat,
  checkDeadline,
  checkDuration,
  checkPlace,
  checkStart,
  type Meeting,
  requireMeeting,
} from "./meetings.js";

/** A change the secretariat may still make: the meeting exists, is scheduled and has not started. */
async function changeable(trx: Kysely<Database>, meetingId: number, now: number): Promise<Meeting> {
  const meeting = await requireMeeting(trx, meetingId);
  if (meeting.status === "cancelled") throw new DomainError("meeting_cancelled");
  if (meeting.starts_at <= now) throw new DomainError("meeting_started");
  return meeting;
}

/** Moves the meeting (and its RSVP deadline); the sequence goes up. Returns the meeting as it now is. */
export async function rescheduleMeeting(
  db: Kysely<Database>,
  actor: Person,
  meetingId: number,
  change: { startsAt: number; durationMinutes: number; rsvpDeadlineAt: number },
  now: number,
): Promise<Meeting> {
  assertSecretariat(actor);
  checkStart(change.startsAt, now);
  checkDuration(change.durationMinutes);
  checkDeadline(change.rsvpDeadlineAt, change.startsAt, now);
  return db.transaction().execute(async (trx) => {
    const before = await changeable(trx, meetingId, now);
    const after = await trx
      .updateTable("meetings")
      .set({
        starts_at: change.startsAt,
        ends_at: change.startsAt + change.durationMinutes * 60_000,
        rsvp_deadline_at: change.rsvpDeadlineAt,
        sequence: before.sequence + 1,
        updated_at: now,
      })
      .where("id", "=", meetingId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: "meeting.rescheduled",
      subject: `meeting:${meetingId}`,
      details: {
        from: { startsAt: before.starts_at, endsAt: before.ends_at, rsvpDeadlineAt: before.rsvp_deadline_at },
        to: { startsAt: after.starts_at, endsAt: after.ends_at, rsvpDeadlineAt: after.rsvp_deadline_at },
        sequence: after.sequence,
      },
    });
    return after;
  });
}

/** Changes the venue and/or the online link (at least one stays); the sequence goes up. */
export async function changeMeetingPlace(
  db: Kysely<Database>,
  actor: Person,
  meetingId: number,
  place: { venue: string | null; onlineUrl: string | null },
  now: number,
): Promise<Meeting> {
  assertSecretariat(actor);
  const venue = place.venue?.trim() || null;
  const onlineUrl = place.onlineUrl?.trim() || null;
  checkPlace(venue, onlineUrl);
  return db.transaction().execute(async (trx) => {
    const before = await changeable(trx, meetingId, now);
    const after = await trx
      .updateTable("meetings")
      .set({ venue, online_url: onlineUrl, sequence: before.sequence + 1, updated_at: now })
      .where("id", "=", meetingId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: "meeting.place_changed",
      subject: `meeting:${meetingId}`,
      details: {
        from: { venue: before.venue, onlineUrl: before.online_url },
        to: { venue, onlineUrl },
        sequence: after.sequence,
      },
    });
    return after;
  });
}

/** Cancels the meeting; the sequence goes up so calendars take the cancellation. */
export async function cancelMeeting(
  db: Kysely<Database>,
  actor: Person,
  meetingId: number,
  now: number,
): Promise<Meeting> {
  assertSecretariat(actor);
  return db.transaction().execute(async (trx) => {
    const before = await changeable(trx, meetingId, now);
    const after = await trx
      .updateTable("meetings")
      .set({ status: "cancelled", sequence: before.sequence + 1, updated_at: now })
      .where("id", "=", meetingId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: "meeting.cancelled",
      subject: `meeting:${meetingId}`,
      details: { sequence: after.sequence },
    });
    return after;
  });
}
