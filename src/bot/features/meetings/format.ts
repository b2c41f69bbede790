/**
 * How meetings read in the chat: the card (title, kind, when in the reader's own zone, said so,
 * with the venue's time beside it, where), answers and delegations, lead times and time left.
 * Shared by the handlers and the outbox renderers, so an invitation and a reminder describe a
 * meeting alike.
 */
import type { Meeting } from "../../../domain/meetings/meetings.js";
import { pickTitle } from "../../../domain/meetings/meetings.js";
import type { Attendance, Delegate } from "../../../domain/meetings/rsvp.js";
import { localDateKey } from "../../../domain/wall-time.js";
import { formatDateTime, formatTime, readerTime, utcOffsetLabel, zoneLabel } from "../../dates.js";
import { escapeHtml, type Translate } from "../../i18n.js";

type MeetingTimes = Pick<Meeting, "starts_at" | "ends_at" | "time_zone">;

/** "25 December 2026, 10:00–13:00", or both full ends when it runs over several days. */
export function timeRange(startsAt: number, endsAt: number, zone: string, lang: string): string {
  const start = formatDateTime(startsAt, zone, lang);
  const end =
    localDateKey(startsAt, zone) === localDateKey(endsAt, zone)
      ? formatTime(endsAt, zone, lang)
      : formatDateTime(endsAt, zone, lang);
  return `${start} – ${end}`;
}

/** When, in the reader's own zone (said so), with the venue's time beside it when the clocks differ. */
export function whenText(t: Translate, lang: string, m: MeetingTimes, readerZone: string): string {
  const own = timeRange(m.starts_at, m.ends_at, readerZone, lang);
  const zone = zoneLabel(m.starts_at, readerZone, t);
  if (utcOffsetLabel(m.starts_at, readerZone) === utcOffsetLabel(m.starts_at, m.time_zone)) {
    return t("meetings:when_same", { range: own, zone });
  }
  return t("meetings:when_both", {
    range: own,
    zone,
    venueRange: timeRange(m.starts_at, m.ends_at, m.time_zone, lang),
    venueZone: zoneLabel(m.starts_at, m.time_zone, t),
  });
}

/** An instant in the reader's own zone: "15 December 2026, 23:59 (your time, Bishkek, UTC+6)". */
export function instantText(t: Translate, ms: number, zone: string, lang: string): string {
  return readerTime(t, lang, ms, zone);
}

/** An instant in the venue's zone, named: "15 December 2026, 23:59 (Almaty, UTC+5)". */
export function venueInstantText(t: Translate, ms: number, zone: string, lang: string): string {
  return `${formatDateTime(ms, zone, lang)} (${zoneLabel(ms, zone, t)})`;
}

/** The RSVP deadline in the reader's own time, with the venue's beside it when the clocks differ. */
export function deadlineTime(t: Translate, lang: string, meeting: Meeting, readerZone: string): string {
  return readerTime(t, lang, meeting.rsvp_deadline_at, readerZone, meeting.time_zone);
}

export function kindLabel(t: Translate, kind: Meeting["kind"]): string {
  return t(`meetings:kinds.${kind}`);
}

/** The card: title, kind, when, venue and link. */
export function meetingCard(
  t: Translate,
  lang: string,
  meeting: Meeting,
  titles: Record<string, string>,
  readerZone: string,
): string {
  const lines = [
    `<b>${escapeHtml(pickTitle(titles, lang))}</b>`,
    `<i>${kindLabel(t, meeting.kind)}</i>`,
    whenText(t, lang, meeting, readerZone),
  ];
  if (meeting.venue) lines.push(t("meetings:venue_line", { venue: meeting.venue }));
  if (meeting.online_url) lines.push(t("meetings:online_line", { url: meeting.online_url }));
  return lines.join("\n");
}

/** "Please answer by …", to a party that has not answered yet. */
export function deadlineText(t: Translate, lang: string, meeting: Meeting, readerZone: string): string {
  return t("meetings:deadline_line", { deadline: deadlineTime(t, lang, meeting, readerZone) });
}

/** "You can change the answer … until …", to a party that has answered. */
export function changeUntilText(t: Translate, lang: string, meeting: Meeting, readerZone: string): string {
  return t("meetings:change_until", { deadline: deadlineTime(t, lang, meeting, readerZone) });
}

/** "Answers are due by …", for the secretariat, who does not answer. */
export function dueByText(t: Translate, lang: string, meeting: Meeting, readerZone: string): string {
  return t("meetings:roster_deadline", { deadline: deadlineTime(t, lang, meeting, readerZone) });
}

export function attendanceLabel(t: Translate, attendance: Attendance | null | undefined): string {
  return t(`meetings:status_${attendance ?? "none"}`);
}

/** The delegation, one line each, the head first. */
export function delegationLines(t: Translate, delegation: readonly Delegate[]): string {
  return delegation
    .map((d, i) =>
      t(i === 0 ? "meetings:delegate_head" : "meetings:delegate_member", {
        n: i + 1,
        name: d.name,
        function: d.function,
        mode: t(`meetings:mode_${d.mode}`),
      }),
    )
    .join("\n");
}

/** "7 days", "2 hours", "1 day 12 hours", "30 minutes". */
export function durationLabel(t: Translate, minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(t("meetings:days", { count: days }));
  if (hours) parts.push(t("meetings:hours", { count: hours }));
  if (mins || parts.length === 0) parts.push(t("meetings:minutes", { count: mins }));
  return parts.join(" ");
}

/** Time left until `target`, rounded to what matters: days, else hours, else minutes. */
export function timeLeft(t: Translate, target: number, now: number): string {
  const minutes = Math.max(0, Math.round((target - now) / 60_000));
  if (minutes >= 1410) return t("meetings:days", { count: Math.round(minutes / 1440) });
  if (minutes >= 60) return t("meetings:hours", { count: Math.round(minutes / 60) });
  return t("meetings:minutes", { count: Math.max(1, minutes) });
}

export function leadsLabel(t: Translate, leads: readonly number[]): string {
  return leads.length ? leads.map((m) => durationLabel(t, m)).join(", ") : t("meetings:no_reminders");
}
