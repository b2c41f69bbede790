/**
 * Dates, times and numbers as people read them: in their language and time zone, with the zone's
 * UTC offset. Formatting is Intl's; where the running Node lacks locale data for a language (a
 * build with small ICU), Cyrillic languages are formatted as Russian and the others with numeric
 * dates in the region's day.month.year order, never in an unrelated language.
 */

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

/** "25 December 2026, 10:00" in the person's language and zone. */
export function formatDateTime(ms: number, timeZone: string, lang: string): string {
  const { locale, numericMonth } = choiceFor(lang);
  return formatter(numericMonth ? "datetime-numeric" : "datetime", locale, timeZone, {
    day: numericMonth ? "2-digit" : "numeric",
    month: numericMonth ? "2-digit" : "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(ms);
}

/** "10:00" */
export function formatTime(ms: number, timeZone: string, lang: string): string {
  return formatter("time", choiceFor(lang).locale, timeZone, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(ms);
}

/** "25.12.2026" style short date in the person's language. */
export function formatDate(ms: number, timeZone: string, lang: string): string {
  const { locale, numericMonth } = choiceFor(lang);
  return formatter(numericMonth ? "date-numeric" : "date", locale, timeZone, {
    day: numericMonth ? "2-digit" : "numeric",
    month: numericMonth ? "2-digit" : "short",
    year: "numeric",
  }).format(ms);
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
