/**
 * The calendar file a person receives, in their language: the meeting's title, kind and place
 * in the description. The rules of the file itself (UID, sequence, method) are in the domain.
 */
import { calendarFileName, meetingCalendar } from "../../../domain/meetings/calendar.js";
import { type Meeting, pickTitle } from "../../../domain/meetings/meetings.js";
import type { Translate } from "../../i18n.js";
import { kindLabel } from "./format.js";

export interface CalendarFile {
  filename: string;
  ics: string;
}

/**
 * The .ics of the meeting as it now stands (a cancellation once cancelled); with the
 * secretariat's address (`organizerEmail`) a scheduling message from the secretariat.
 */
export function calendarFile(
  t: Translate,
  lang: string,
  meeting: Meeting,
  titles: Record<string, string>,
  organizerEmail: string | undefined,
): CalendarFile {
  const description = [kindLabel(t, meeting.kind), meeting.venue, meeting.online_url]
    .filter((line): line is string => !!line)
    .join("\n");
  const organizer = organizerEmail
    ? { name: t("meetings:calendar_organizer"), email: organizerEmail }
    : undefined;
  return {
    filename: calendarFileName(meeting.id),
    ics: meetingCalendar(meeting, { title: pickTitle(titles, lang), description, lang }, organizer),
  };
}
