/**
 * What /audit's choices mean: a period as UTC instants, a scope as a state or a person, read from
 * the buttons' payloads or from the command's words (`/audit 2027-03-01 2027-03-31 KZ xlsx`).
 */
import type { AuditQuery } from "../../../domain/audit-trail.js";

const DAY_MS = 86_400_000;
const QUICK_DAYS: Record<string, number> = { d7: 7, d30: 30, d365: 365 };

export interface AuditChoices {
  period?: string;
  scope?: string;
  format?: "csv" | "xlsx";
}

function utcDay(text: string): number | undefined {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const ms = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso ? undefined : ms;
}

const compact = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, "");

/** The period's bounds: `since` inclusive, `until` exclusive; undefined when it is not one. */
export function periodBounds(period: string, now: number): { since?: number; until?: number } | undefined {
  if (period === "all") return {};
  const days = QUICK_DAYS[period];
  if (days !== undefined) return { since: now - days * DAY_MS, until: now + 1 };
  const [from, to] = period.split("-");
  const since = from ? utcDay(from) : undefined;
  const last = to ? utcDay(to) : undefined;
  if (since === undefined || last === undefined || last < since) return undefined;
  return { since, until: last + DAY_MS };
}

/** The query of a period and scope; undefined when either is not valid. */
export function auditQuery(period: string, scope: string, now: number): AuditQuery | undefined {
  const bounds = periodBounds(period, now);
  if (!bounds) return undefined;
  if (scope === "all") return bounds;
  if (/^[A-Z]{2}$/.test(scope)) return { ...bounds, state: scope };
  const person = /^p(\d{1,12})$/.exec(scope)?.[1];
  return person ? { ...bounds, personId: Number(person) } : undefined;
}

/**
 * Reads the command's words: up to two days (YYYY-MM-DD; one day means that day only), a state's
 * code or `#<person number>`, and `csv` or `xlsx`, in any order. Returns the word not understood.
 */
export function parseAuditWords(
  text: string,
): { ok: true; choices: AuditChoices } | { ok: false; word: string } {
  const days: number[] = [];
  const choices: AuditChoices = {};
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const day = utcDay(word);
    const lower = word.toLowerCase();
    if (day !== undefined && days.length < 2) days.push(day);
    else if ((lower === "csv" || lower === "xlsx") && !choices.format) choices.format = lower;
    else if (/^[A-Za-z]{2}$/.test(word) && !choices.scope) choices.scope = word.toUpperCase();
    else if (/^#\d{1,12}$/.test(word) && !choices.scope) choices.scope = `p${word.slice(1)}`;
    else return { ok: false, word };
  }
  if (days.length) {
    const [a = 0, b = a] = days;
    choices.period = `${compact(Math.min(a, b))}-${compact(Math.max(a, b))}`;
  }
  return { ok: true, choices };
}
