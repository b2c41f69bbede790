/**
 * A meeting read whole for its list of participants: the meeting (title in one official language,
 * times in UTC with the venue's zone), and every invited party with its name in one language and
 * its current answer, the delegation in the order it was named (the head of delegation first).
 * Plain data with no ordering or formatting: the documents sort by their language's alphabet.
 */
import type { Kysely } from "kysely";
import type { Attendance, MeetingKind, MeetingStatus, PartyKind } from "../../db/schema/meetings.js";
import type { Database } from "../../db/schema.js";
import { meetingInvitees, meetingTitles, pickTitle, requireMeeting } from "./meetings.js";
import { invitableParties, partyKey } from "./parties.js";
import { type Delegate, meetingAnswers } from "./rsvp.js";

export interface RecordedAnswer {
  attendance: Attendance;
  answeredBy: string | null;
  answeredAt: number;
  /** Empty when declined; otherwise the head of delegation first. */
  delegation: Delegate[];
}

export interface RecordedParty {
  kind: PartyKind;
  code: string;
  name: string;
  /** A member state of the Process (false for other states and for organisations). */
  member: boolean;
  /** Null when the party has not answered. */
  answer: RecordedAnswer | null;
}

export interface ParticipantsRecord {
  id: number;
  title: string;
  kind: MeetingKind;
  status: MeetingStatus;
  /** The venue's IANA zone: the list shows the meeting's times in it. */
  timeZone: string;
  startsAt: number;
  endsAt: number;
  venue: string | null;
  onlineUrl: string | null;
  rsvpDeadlineAt: number;
  /** Every invited party in the fixed order (states, then organisations). */
  parties: RecordedParty[];
}

/**
 * Reads the meeting for its list of participants; refuses a meeting that does not exist
 * (`meeting_not_found`).
 * @param lang - the language of the title and of the parties' names (an official language for documents)
 */
export async function readParticipantsRecord(
  db: Kysely<Database>,
  meetingId: number,
  lang: string,
): Promise<ParticipantsRecord> {
  const meeting = await requireMeeting(db, meetingId);
  const known = new Map((await invitableParties(db, lang)).map((p) => [partyKey(p.party), p]));
  const answers = await meetingAnswers(db, meetingId);
  const invitees = await meetingInvitees(db, meetingId);
  return {
    id: meeting.id,
    title: pickTitle(await meetingTitles(db, meetingId), lang),
    kind: meeting.kind,
    status: meeting.status,
    timeZone: meeting.time_zone,
    startsAt: meeting.starts_at,
    endsAt: meeting.ends_at,
    venue: meeting.venue,
    onlineUrl: meeting.online_url,
    rsvpDeadlineAt: meeting.rsvp_deadline_at,
    parties: invitees.map((party) => {
      const key = partyKey(party);
      const answer = answers.get(key);
      return {
        kind: party.kind,
        code: party.code,
        name: known.get(key)?.name ?? party.code,
        member: known.get(key)?.member ?? false,
        answer: answer
          ? {
              attendance: answer.attendance,
              answeredBy: answer.answeredByName,
              answeredAt: answer.answeredAt,
              delegation: answer.delegation.map((d) => ({ ...d })),
            }
          : null,
      };
    }),
  };
}
