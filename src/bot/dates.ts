/**
 * Dates and times as people read them: in their language and time zone, with the zone's UTC offset.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per (style, language, zone), reused. Building an `Intl.DateTimeFormat` costs far
 * more than formatting with it (ICU loads the locale and zone data each time): measured, /timezone
 * and /me spent most of their time constructing formatters. Bounded, since zones come from people.
 */
function formatter(style: string, lang: string, timeZone: string, options: Intl.DateTimeFormatOptions) {
  const key = `${style}|${lang}|${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(lang, { timeZone, ...options });
    if (formatters.size >= 2_000) formatters.clear();
    formatters.set(key, found);
  }
  return found;
}

/** "25 December 2026, 10:00" in the person's language and zone. */
export function formatDateTime(ms: number, timeZone: string, lang: string): string {
  return formatter("datetime", lang, timeZone, {
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
  return formatter("time", lang, timeZone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
    ms,
  );
}

/** "25.12.2026" style short date in the person's language. */
export function formatDate(ms: number, timeZone: string, lang: string): string {
  return formatter("date", lang, timeZone, { day: "numeric", month: "short", year: "numeric" }).format(ms);
}

/** The zone's offset at that instant, as "UTC+5" or "UTC+5:30". */
export function utcOffsetLabel(ms: number, timeZone: string): string {
  const part = formatter("offset", "en", timeZone, { timeZoneName: "shortOffset" })
    .formatToParts(ms)
    .find((p) => p.type === "timeZoneName")?.value;
  if (!part || part === "GMT") return "UTC+0";
  return part.replace("GMT", "UTC");
}
