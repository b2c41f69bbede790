/**
 * Dates and times as people read them: in their language and time zone, with the zone's UTC offset.
 */

/** "25 December 2026, 10:00" in the person's language and zone. */
export function formatDateTime(ms: number, timeZone: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, {
    timeZone,
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(ms);
}

/** "10:00" */
export function formatTime(ms: number, timeZone: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(ms);
}

/** "25.12.2026" style short date in the person's language. */
export function formatDate(ms: number, timeZone: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { timeZone, day: "numeric", month: "short", year: "numeric" }).format(
    ms,
  );
}

/** The zone's offset at that instant, as "UTC+5" or "UTC+5:30". */
export function utcOffsetLabel(ms: number, timeZone: string): string {
  const part = new Intl.DateTimeFormat("en", { timeZone, timeZoneName: "shortOffset" })
    .formatToParts(ms)
    .find((p) => p.type === "timeZoneName")?.value;
  if (!part || part === "GMT") return "UTC+0";
  return part.replace("GMT", "UTC");
}
