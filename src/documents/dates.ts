/**
 * Dates and times as a document's reader reads them: in the reader's language, day before month in
 * English too ("20 March 2027, 10:00"), with the zone named once as a city and offset
 * ("Almaty, UTC+5"). Built on the bot's Intl choices (`intlLocaleFor`), so a Node without a
 * language's data falls back the same way the chat does.
 */
import { intlLocaleFor, utcOffsetLabel } from "../bot/dates.js";
import { zoneOffsetMs } from "../domain/wall-time.js";

const formats = new Map<string, Intl.DateTimeFormat>();

function format(kind: "date" | "time", lang: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${lang}|${timeZone}`;
  let found = formats.get(key);
  if (!found) {
    const { locale, numericMonth } = intlLocaleFor(lang);
    // English in day-month order: British conventions, as the secretariat's documents use.
    const tag = locale === "en" ? "en-GB" : locale;
    found =
      kind === "date"
        ? new Intl.DateTimeFormat(tag, {
            timeZone,
            day: numericMonth ? "2-digit" : "numeric",
            month: numericMonth ? "2-digit" : "long",
            year: "numeric",
          })
        : new Intl.DateTimeFormat(tag, { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    if (formats.size >= 500) formats.clear();
    formats.set(key, found);
  }
  return found;
}

/** "20 March 2027" in the zone. */
export function documentDate(ms: number, timeZone: string, lang: string): string {
  return format("date", lang, timeZone).format(ms);
}

/** "20 March 2027, 10:00" in the zone. */
export function documentDateTime(ms: number, timeZone: string, lang: string): string {
  return `${documentDate(ms, timeZone, lang)}, ${format("time", lang, timeZone).format(ms)}`;
}

/** A calendar day kept as `YYYY-MM-DD` (a "passed to government" day): "5 March 2027". */
export function documentDay(day: string, lang: string): string {
  const ms = Date.parse(`${day}T12:00:00Z`);
  return Number.isNaN(ms) ? day : documentDate(ms, "UTC", lang);
}

/** "Almaty, UTC+5": the zone's city (from its IANA name) and its offset at that instant. */
export function zoneLabel(ms: number, timeZone: string): string {
  const city = (timeZone.split("/").pop() ?? timeZone).replace(/_/g, " ");
  return `${city}, ${utcOffsetLabel(ms, timeZone)}`;
}

/**
 * The wall time in the zone as a Date whose UTC fields are that wall time: what a spreadsheet cell
 * needs, since spreadsheet dates carry no zone (the column header names it).
 */
export function wallClockDate(ms: number, timeZone: string): Date {
  // Whole seconds: a spreadsheet shows minutes, and milliseconds would only add noise to a filter.
  return new Date(Math.floor((ms + zoneOffsetMs(ms, timeZone)) / 1000) * 1000);
}
