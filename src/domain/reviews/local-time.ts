/**
 * Wall-clock times typed by people ("25.12.2026 18:00" in Almaty) turned into instants, and
 * instants turned back into calendar days of a zone. Pure; no clock is read here.
 */

const DAY_FIRST = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+|,\s*)(\d{1,2})[:.](\d{2})$/;
const ISO_LIKE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+|T)(\d{1,2}):(\d{2})$/;
const DATE_ONLY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** The zone's offset from UTC at that instant, in milliseconds (Almaty: +5 h). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

function validCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || year < 2000 || year > 2200) return false;
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** The instant of a wall-clock time in a zone (the later reading if a clock change makes it ambiguous). */
export function localToInstant(
  parts: { year: number; month: number; day: number; hour: number; minute: number },
  timeZone: string,
): number {
  const guess = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
  let instant = guess - zoneOffsetMs(guess, timeZone);
  instant = guess - zoneOffsetMs(instant, timeZone);
  return instant;
}

/**
 * Reads "25.12.2026 18:00" or "2026-12-25 18:00" as a time in `timeZone`.
 * @returns the instant (ms UTC), or undefined when the text is not such a date and time
 */
export function parseLocalDateTime(text: string, timeZone: string): number | undefined {
  const trimmed = text.trim();
  let m = DAY_FIRST.exec(trimmed);
  let parts: { year: number; month: number; day: number; hour: number; minute: number } | undefined;
  if (m) {
    parts = {
      day: Number(m[1]),
      month: Number(m[2]),
      year: Number(m[3]),
      hour: Number(m[4]),
      minute: Number(m[5]),
    };
  } else {
    m = ISO_LIKE.exec(trimmed);
    if (m)
      parts = {
        year: Number(m[1]),
        month: Number(m[2]),
        day: Number(m[3]),
        hour: Number(m[4]),
        minute: Number(m[5]),
      };
  }
  if (!parts) return undefined;
  if (!validCalendarDay(parts.year, parts.month, parts.day) || parts.hour > 23 || parts.minute > 59) {
    return undefined;
  }
  return localToInstant(parts, timeZone);
}

/** Reads "05.03.2027" as a calendar day `2027-03-05`, or undefined. */
export function parseDayMonthYear(text: string): string | undefined {
  const m = DATE_ONLY.exec(text.trim());
  if (!m) return undefined;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (!validCalendarDay(year, month, day)) return undefined;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in a zone. */
export function calendarDay(instant: number, timeZone: string): string {
  return new Date(instant + zoneOffsetMs(instant, timeZone)).toISOString().slice(0, 10);
}
