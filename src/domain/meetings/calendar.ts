/**
 * Calendar files (.ics) for meetings, made with ical-generator: one stable UID per meeting, the
 * meeting's sequence as SEQUENCE, times in UTC (so every calendar program opens them at the right
 * local time).
 *
 * Without an organizer address the file is published (METHOD:PUBLISH): Outlook, Google, Apple
 * and Thunderbird open it as a plain event to add, and a later file with the same UID and a higher
 * SEQUENCE updates it, or cancels it with STATUS:CANCELLED. A scheduling message
 * (METHOD:REQUEST, METHOD:CANCEL) needs an ORGANIZER, else Outlook cannot open it as a meeting;
 * with the secretariat's address configured (SECRETARIAT_EMAIL) the files are such messages from it.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { Meeting } from "./meetings.js";

export interface CalendarText {
  title: string;
  description: string;
  /** The calendar's language, as an RFC 5646 tag ("en", "ru"). */
  lang: string;
}

/** Who sends the invitations, when the secretariat has an address to receive the answers. */
export interface CalendarOrganizer {
  name: string;
  email: string;
}

/** The .ics text of a meeting as it now stands; cancelled meetings give a cancellation of the same UID. */
export function meetingCalendar(
  meeting: Pick<
    Meeting,
    "uid" | "sequence" | "starts_at" | "ends_at" | "venue" | "online_url" | "status" | "updated_at"
  >,
  text: CalendarText,
  organizer?: CalendarOrganizer,
): string {
  const cancelled = meeting.status === "cancelled";
  const method = !organizer
    ? ICalCalendarMethod.PUBLISH
    : cancelled
      ? ICalCalendarMethod.CANCEL
      : ICalCalendarMethod.REQUEST;
  const calendar = ical({
    prodId: { company: "Almaty Process", product: "coordinator-bot", language: text.lang.toUpperCase() },
    method,
    // No calendar name: with X-WR-CALNAME some programs import the file as a new calendar.
  });
  const location = [meeting.venue, meeting.online_url].filter(Boolean).join(" · ");
  calendar.createEvent({
    id: meeting.uid,
    sequence: meeting.sequence,
    stamp: new Date(meeting.updated_at),
    start: new Date(meeting.starts_at),
    end: new Date(meeting.ends_at),
    summary: text.title,
    description: text.description,
    location: location || null,
    url: meeting.online_url,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: organizer ? { name: organizer.name, email: organizer.email } : null,
  });
  return calendar.toString();
}

/** The file name people see in the chat. */
export function calendarFileName(meetingId: number): string {
  return `meeting-${meetingId}.ics`;
}
