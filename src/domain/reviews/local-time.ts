/**
 * The dates the review rounds read: a deadline typed in Almaty time, and the day a government was
 * told. A thin layer over `../wall-time.ts`, which owns parsing and zone conversion.
 */
import { localDateKey, parseWallTime, wallTimeToUtc } from "../wall-time.js";

export { zoneOffsetMs } from "../wall-time.js";

/**
 * Reads "25.12.2026 18:00" or "2026-12-25 18:00" as a time in `timeZone`.
 * @returns the instant (ms UTC), or undefined when the text is not such a date and time
 */
export function parseLocalDateTime(text: string, timeZone: string): number | undefined {
  const parsed = parseWallTime(text);
  if (!parsed.ok || !parsed.hasTime || parsed.wall.year < 2000 || parsed.wall.year > 2200) return undefined;
  return wallTimeToUtc(parsed.wall, timeZone);
}

/** Reads "05.03.2027" as a calendar day `2027-03-05`, or undefined. */
export function parseDayMonthYear(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,2}\.\d{1,2}\.\d{4}$/.test(trimmed)) return undefined;
  const parsed = parseWallTime(trimmed);
  if (!parsed.ok || parsed.wall.year < 2000 || parsed.wall.year > 2200) return undefined;
  const { year, month, day } = parsed.wall;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in a zone. */
export const calendarDay = localDateKey;
