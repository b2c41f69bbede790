/**
 * Dates, times, zones and numbers as people read them: in their language and time zone. A date
 * comes before its time ("20 March 2027, 10:00"), English in day-month order too; a zone is named
 * by its city in the reader's language and its offset ("Bishkek, UTC+6"), never by its IANA id;
 * a time in the reader's own zone says so ("your time"). Formatting is Intl's; where the running
 * Node lacks locale data for a language (a build with small ICU), Cyrillic languages are
 * formatted as Russian and the others with numeric dates in the region's day.month.year order,
 * never in an unrelated language.
 */
import type { Translate } from "./i18n.js";

/** Languages written in Cyrillic, whose readers all read Russian month names. */
const CYRILLIC = new Set(["ru", "kk", "ky", "tg"]);

export interface IntlChoice {
  /** The locale handed to Intl. */
  locale: string;
  /** True when month names would be in another language, so months are shown as numbers. */
  numericMonth: boolean;
}

function hasIntlData(lang: string): boolean {
  return Intl.DateTimeFormat.supportedLocalesOf([lang]).length > 0;
}

const choices = new Map<string, IntlChoice>();

/** The locale to format for `lang`: its own when Intl has it, else the fallback described above. */
export function intlLocaleFor(lang: string, supported: (lang: string) => boolean = hasIntlData): IntlChoice {
  // English as the region reads it: day before month (British conventions).
  if (lang === "en" && supported("en-GB")) return { locale: "en-GB", numericMonth: false };
  if (supported(lang)) return { locale: lang, numericMonth: false };
  if (CYRILLIC.has(lang) && supported("ru")) return { locale: "ru", numericMonth: false };
  return { locale: supported("ru") ? "ru" : "en-GB", numericMonth: true };
}

function choiceFor(lang: string): IntlChoice {
  let choice = choices.get(lang);
  if (!choice) {
    choice = intlLocaleFor(lang);
    choices.set(lang, choice);
  }
  return choice;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per (style, language, zone), reused: building an `Intl.DateTimeFormat` costs far
 * more than formatting with it. Bounded, since zones come from people.
 */
function formatter(style: string, locale: string, timeZone: string, options: Intl.DateTimeFormatOptions) {
  const key = `${style}|${locale}|${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    if (formatters.size >= 2_000) formatters.clear();
    formatters.set(key, found);
  }
  return found;
}

/**
 * Russian writes an abbreviated "г." after the year; a value that ends a sentence would then end
 * in "2026 г..", so dates are shown without it ("25 декабря 2026"), as Russian interfaces do.
 */
function withoutYearMark(text: string, locale: string): string {
  return locale === "ru" ? text.replace(/\s*г\.$/, "") : text;
}

/** "25 December 2026" in the person's language and zone. */
export function formatLongDate(ms: number, timeZone: string, lang: string): string {
  const { locale, numericMonth } = choiceFor(lang);
  const text = formatter(numericMonth ? "date-long-numeric" : "date-long", locale, timeZone, {
    day: numericMonth ? "2-digit" : "numeric",
    month: numericMonth ? "2-digit" : "long",
    year: "numeric",
  }).format(ms);
  return withoutYearMark(text, locale);
}

/** "25 December 2026, 10:00" in the person's language and zone: the date, then the time. */
export function formatDateTime(ms: number, timeZone: string, lang: string): string {
  return `${formatLongDate(ms, timeZone, lang)}, ${formatTime(ms, timeZone, lang)}`;
}

/** "10:00" */
export function formatTime(ms: number, timeZone: string, lang: string): string {
  return formatter("time", choiceFor(lang).locale, timeZone, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(ms);
}

/** "25 Dec 2026" style short date in the person's language. */
export function formatDate(ms: number, timeZone: string, lang: string): string {
  const { locale, numericMonth } = choiceFor(lang);
  const text = formatter(numericMonth ? "date-numeric" : "date", locale, timeZone, {
    day: numericMonth ? "2-digit" : "numeric",
    month: numericMonth ? "2-digit" : "short",
    year: "numeric",
  }).format(ms);
  return withoutYearMark(text, locale);
}

/** "1 234 567,5" or "1,234,567.5": a number as the person's language writes it. */
export function formatNumber(value: number, lang: string): string {
  return new Intl.NumberFormat(choiceFor(lang).locale).format(value);
}

const offsetLabels = new Map<string, string>();
const QUARTER_HOUR = 15 * 60_000;

/**
 * The zone's offset at that instant, as "UTC+5" or "UTC+5:30". Offsets change only at transitions
 * that fall on a quarter hour (every zone's offset is a multiple of 15 minutes, and so are the local
 * times the changes happen at), so the label is kept per zone and quarter hour: the zone keyboard
 * asks for nine of them on every /timezone.
 */
export function utcOffsetLabel(ms: number, timeZone: string): string {
  const key = `${timeZone}|${Math.floor(ms / QUARTER_HOUR)}`;
  let label = offsetLabels.get(key);
  if (label === undefined) {
    label = offsetLabelNow(ms, timeZone);
    if (offsetLabels.size >= 2_000) offsetLabels.clear();
    offsetLabels.set(key, label);
  }
  return label;
}

function offsetLabelNow(ms: number, timeZone: string): string {
  const part = formatter("offset", "en", timeZone, { timeZoneName: "shortOffset" })
    .formatToParts(ms)
    .find((p) => p.type === "timeZoneName")?.value;
  if (!part || part === "GMT") return "UTC+0";
  return part.replace("GMT", "UTC");
}

/** The city of an IANA zone as its id spells it ("America/Argentina/Buenos_Aires" → "Buenos Aires"). */
function cityOfZone(timeZone: string): string {
  return (timeZone.split("/").pop() ?? timeZone).replace(/_/g, " ");
}

/**
 * The zone as a reader names it: "Bishkek, UTC+6" (the offset at that instant). The city is the
 * reader's word for it (`zones:<IANA id>` in the locales: the states' capitals and the partner
 * organisations' cities); other zones fall back to the city of their IANA id. UTC is just "UTC",
 * and a zone without a city (Etc/GMT-5) is just its offset.
 */
export function zoneLabel(ms: number, timeZone: string, t: Translate): string {
  const offset = utcOffsetLabel(ms, timeZone);
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return t("zones:UTC", { defaultValue: "UTC" });
  if (timeZone.startsWith("Etc/")) return offset;
  const city = t(`zones:${timeZone}`, {
    defaultValue: cityOfZone(timeZone),
    interpolation: { escapeValue: false },
  });
  return `${city}, ${offset}`;
}

/**
 * An instant in the reader's own zone, saying so: "25 December 2026, 19:00 (your time, Bishkek,
 * UTC+6)". With `otherZone` (a meeting's venue, the secretariat's Almaty time for a review
 * deadline) whose clocks show another time, that time follows: "…; Almaty, UTC+5: 18:00)", with
 * its date too when the day differs.
 */
export function readerTime(
  t: Translate,
  lang: string,
  ms: number,
  readerZone: string,
  otherZone?: string,
): string {
  const own = { time: formatDateTime(ms, readerZone, lang), zone: zoneLabel(ms, readerZone, t) };
  if (!otherZone || utcOffsetLabel(ms, otherZone) === utcOffsetLabel(ms, readerZone)) {
    return t("common:your_time", { ...own, interpolation: { escapeValue: false } });
  }
  const sameDay = formatLongDate(ms, otherZone, lang) === formatLongDate(ms, readerZone, lang);
  return t("common:your_time_with_another_zone", {
    ...own,
    otherZone: zoneLabel(ms, otherZone, t),
    otherTime: sameDay ? formatTime(ms, otherZone, lang) : formatDateTime(ms, otherZone, lang),
    interpolation: { escapeValue: false },
  });
}
