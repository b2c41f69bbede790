/**
 * Calendar files (.ics) for meetings, made with ical-generator: one stable UID per meeting, the
 * meeting's sequence as SEQUENCE, times in UTC (so every calendar program opens them at the right
 * local time), METHOD:REQUEST for an invitation or update and METHOD:CANCEL for a cancellation.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import type { Meeting } from "./meetings.js";

export interface CalendarText {
  title: string;
  description: string;
  /** The calendar's language, as an RFC 5646 tag ("en", "ru"). */
  lang: string;
}

/** The .ics text of a meeting as it now stands; cancelled meetings give a cancellation. */
export function meetingCalendar(
  meeting: Pick<
    Meeting,
    "uid" | "sequence" | "starts_at" | "ends_at" | "venue" | "online_url" | "status" | "updated_at"
  >,
  text: CalendarText,
): string {
  const cancelled = meeting.status === "cancelled";
  const calendar = ical({
    prodId: { company: "Almaty Process", product: "coordinator-bot", language: text.lang.toUpperCase() },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
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
  });
  return calendar.toString();
}

/** The file name people see in the chat. */
export function calendarFileName(meetingId: number): string {
  return `meeting-${meetingId}.ics`;
}
