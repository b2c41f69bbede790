/**
 * Wall-clock times as people type them ("25.12.2026 10:00", "2026-12-25 10:00") and their
 * conversion to UTC instants in an IANA time zone, with `Intl` only. Also durations ("2h",
 * "1:30", "2 дня") and lists of lead times. No knowledge of meetings here.
 */

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export type WallTimeParse =
  | { ok: true; wall: WallTime; hasTime: boolean }
  | { ok: false; reason: "unparseable" | "no_such_date" };

const DMY = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/;
const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const HM = /^(\d{1,2}):(\d{2})$/;

/**
 * Reads `DD.MM.YYYY HH:MM`, `D/M/YYYY HH:MM`, `YYYY-MM-DD HH:MM` or `YYYY-MM-DDTHH:MM`, or the date
 * alone (then `hasTime` is false and the time is 00:00). Checks that the day exists in the calendar.
 */
export function parseWallTime(input: string): WallTimeParse {
  const text = input.trim().replace(/\s*,\s*/, " ");
  const [datePart = "", timePart, ...rest] = text.split(/\s+|T(?=\d)/);
  if (rest.length > 0) return { ok: false, reason: "unparseable" };
  let year: number;
  let month: number;
  let day: number;
  const dmy = DMY.exec(datePart);
  const ymd = YMD.exec(datePart);
  if (dmy) {
    day = Number(dmy[1]);
    month = Number(dmy[2]);
    year = Number(dmy[3]);
  } else if (ymd) {
    year = Number(ymd[1]);
    month = Number(ymd[2]);
    day = Number(ymd[3]);
  } else {
    return { ok: false, reason: "unparseable" };
  }
  let hour = 0;
  let minute = 0;
  if (timePart !== undefined) {
    const hm = HM.exec(timePart);
    if (!hm) return { ok: false, reason: "unparseable" };
    hour = Number(hm[1]);
    minute = Number(hm[2]);
    if (hour > 23 || minute > 59) return { ok: false, reason: "unparseable" };
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: "no_such_date" };
  }
  return { ok: true, wall: { year, month, day, hour, minute }, hasTime: timePart !== undefined };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time in `timeZone` at the instant `ms` (seconds dropped). */
export function wallTimeAt(ms: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(ms)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
  };
}

/** The zone's offset from UTC at the instant `ms`, in milliseconds (Asia/Almaty: +5 h). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const floored = Math.floor(ms / 60_000) * 60_000;
  const w = wallTimeAt(floored, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - floored;
}

function sameWall(a: WallTime, b: WallTime): boolean {
  return (
    a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute
  );
}

/**
 * The UTC instant at which clocks in `timeZone` show `wall`. Undefined for a time that does not
 * exist there (skipped by a daylight-saving change); an ambiguous time (clocks set back) gives
 * the earlier instant.
 */
export function wallTimeToUtc(wall: WallTime, timeZone: string): number | undefined {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // Any offset valid at the wanted wall time is in force within a day of it.
  const offsets = new Set([-86_400_000, 0, 86_400_000].map((d) => zoneOffsetMs(asUtc + d, timeZone)));
  const candidates = [...offsets]
    .map((offset) => asUtc - offset)
    .filter((instant) => sameWall(wallTimeAt(instant, timeZone), wall));
  return candidates.length ? Math.min(...candidates) : undefined;
}

/** "2026-12-25": the calendar day in `timeZone` at the instant `ms`. */
export function localDateKey(ms: number, timeZone: string): string {
  const w = wallTimeAt(ms, timeZone);
  return `${w.year}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
}

const UNIT_MINUTES: readonly [RegExp, number][] = [
  [/^(d|day|days|д|дн|день|дня|дней|сут|суток)$/, 1440],
  [/^(h|hr|hrs|hour|hours|ч|час|часа|часов)$/, 60],
  [/^(m|min|mins|minute|minutes|мин|минута|минуты|минут)$/, 1],
];

/**
 * Minutes in a typed duration: "2h", "2 h 30 min", "1:30", "90 min", "1.5h", "2d", "3 дня",
 * or a bare number of hours. Undefined when it cannot be read or is not positive.
 */
export function parseDuration(input: string): number | undefined {
  const text = input
    .trim()
    .toLowerCase()
    .replace(/,(?=\d)/g, ".");
  const hm = /^(\d{1,3}):(\d{2})$/.exec(text);
  if (hm) {
    const minutes = Number(hm[1]) * 60 + Number(hm[2]);
    return Number(hm[2]) < 60 && minutes > 0 ? minutes : undefined;
  }
  if (/^\d+(\.\d+)?$/.test(text)) {
    const minutes = Math.round(Number(text) * 60);
    return minutes > 0 ? minutes : undefined;
  }
  const tokens = [...text.matchAll(/(\d+(?:\.\d+)?)\s*([a-zа-яё]+)\.?\s*/g)];
  if (
    tokens.length === 0 ||
    tokens
      .map((m) => m[0])
      .join("")
      .trim() !== text.replace(/\s+$/, "")
  ) {
    return undefined;
  }
  let total = 0;
  for (const [, amount, unit] of tokens) {
    const factor = UNIT_MINUTES.find(([re]) => re.test(unit ?? ""))?.[1];
    if (factor === undefined) return undefined;
    total += Number(amount) * factor;
  }
  const minutes = Math.round(total);
  return minutes > 0 ? minutes : undefined;
}

/** A comma- or semicolon-separated list of durations ("7d, 1d, 2h"); undefined if any item is unreadable. */
export function parseDurationList(input: string): number[] | undefined {
  const items = input
    .split(/[;,]|\s+(?:and|и)\s+/i)
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) return undefined;
  const minutes = items.map(parseDuration);
  if (minutes.some((m) => m === undefined)) return undefined;
  return minutes as number[];
}
