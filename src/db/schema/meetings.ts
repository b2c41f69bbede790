/**
 * Tables of meetings and participation: the meeting (times in UTC ms, entered in the venue's zone),
 * its titles per language, the invited states and organisations, each party's current answer with
 * its delegation, and the append-only history of answers. Created by `migrations/0006_meetings.ts`.
 */
import type { Generated } from "kysely";

export const MEETING_KINDS = ["coordinators", "ministerial", "steering", "other"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export type MeetingStatus = "scheduled" | "cancelled";
/** Who is invited and answers: a state (its coordinators and alternates) or an organisation (its observers). */
export type PartyKind = "state" | "org";
export type Attendance = "in_person" | "online" | "declined";
export type AttendanceMode = "in_person" | "online";

export interface MeetingsTable {
  id: Generated<number>;
  /** Stable iCalendar UID, the same in every calendar file of this meeting. */
  uid: string;
  kind: MeetingKind;
  /** The venue's IANA zone: times are entered and shown beside the reader's own in it. */
  time_zone: string;
  starts_at: number;
  ends_at: number;
  venue: string | null;
  online_url: string | null;
  rsvp_deadline_at: number;
  /** JSON array of minutes before the start, e.g. [10080, 1440, 120]. */
  reminder_leads: string;
  status: MeetingStatus;
  /** iCalendar SEQUENCE: bumped on each change people are told about. */
  sequence: number;
  created_by: number | null;
  created_at: number;
  updated_at: number;
}

export interface MeetingTitlesTable {
  meeting_id: number;
  lang: string;
  title: string;
}

export interface MeetingInviteesTable {
  meeting_id: number;
  party_kind: PartyKind;
  party_code: string;
}

/** The current answer of one invited party; replaced on change, its past kept in `rsvp_history`. */
export interface RsvpsTable {
  id: Generated<number>;
  meeting_id: number;
  party_kind: PartyKind;
  party_code: string;
  attendance: Attendance;
  answered_by: number;
  answered_at: number;
}

export interface RsvpHistoryTable {
  id: Generated<number>;
  meeting_id: number;
  party_kind: PartyKind;
  party_code: string;
  attendance: Attendance;
  /** JSON array of the delegation as it was answered. */
  delegation: string;
  answered_by: number;
  answered_at: number;
}

export interface DelegationMembersTable {
  id: Generated<number>;
  rsvp_id: number;
  /** 0 is the head of delegation. */
  ordinal: number;
  name: string;
  function: string;
  mode: AttendanceMode;
}

export interface MeetingsTables {
  meetings: MeetingsTable;
  meeting_titles: MeetingTitlesTable;
  meeting_invitees: MeetingInviteesTable;
  rsvps: RsvpsTable;
  rsvp_history: RsvpHistoryTable;
  delegation_members: DelegationMembersTable;
}
