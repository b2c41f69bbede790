/**
 * What the daily digest says about meetings: RSVP deadlines in the coming days with the parties
 * that have not answered, and meetings starting in the coming days with their answers.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { type Meeting, meetingInvitees, meetingTitles } from "./meetings.js";
import { type Party, partyKey } from "./parties.js";
import { type AnswerCounts, answerCounts, meetingAnswers } from "./rsvp.js";

export interface MeetingDigestEntry {
  meeting: Meeting;
  titles: Record<string, string>;
  counts: AnswerCounts;
  /** Invited parties without an answer. */
  silent: Party[];
}

export interface MeetingDigest {
  /** Open RSVP deadlines within the horizon that some party has not answered. */
  deadlines: MeetingDigestEntry[];
  /** Meetings starting within the horizon. */
  starting: MeetingDigestEntry[];
}

async function entry(db: Kysely<Database>, meeting: Meeting): Promise<MeetingDigestEntry> {
  const answers = await meetingAnswers(db, meeting.id);
  const invitees = await meetingInvitees(db, meeting.id);
  return {
    meeting,
    titles: await meetingTitles(db, meeting.id),
    counts: await answerCounts(db, meeting.id),
    silent: invitees.filter((p) => !answers.has(partyKey(p))),
  };
}

/** The meetings part of the digest at `now`, looking `horizonMs` ahead. */
export async function meetingDigest(
  db: Kysely<Database>,
  now: number,
  horizonMs: number,
): Promise<MeetingDigest> {
  const scheduled = await db
    .selectFrom("meetings")
    .selectAll()
    .where("status", "=", "scheduled")
    .where((eb) =>
      eb.or([
        eb.and([eb("rsvp_deadline_at", ">", now), eb("rsvp_deadline_at", "<=", now + horizonMs)]),
        eb.and([eb("starts_at", ">", now), eb("starts_at", "<=", now + horizonMs)]),
      ]),
    )
    .orderBy("starts_at")
    .execute();
  const deadlines: MeetingDigestEntry[] = [];
  const starting: MeetingDigestEntry[] = [];
  for (const meeting of scheduled) {
    const e = await entry(db, meeting);
    if (meeting.rsvp_deadline_at > now && meeting.rsvp_deadline_at <= now + horizonMs && e.silent.length)
      deadlines.push(e);
    if (meeting.starts_at > now && meeting.starts_at <= now + horizonMs) starting.push(e);
  }
  deadlines.sort((a, b) => a.meeting.rsvp_deadline_at - b.meeting.rsvp_deadline_at);
  return { deadlines, starting };
}
