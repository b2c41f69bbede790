/**
 * Time zones: which IANA names are valid, the zones offered as buttons (the capitals of the
 * states the process knows, plus a few where partner organisations sit), and the zone a person's
 * times are shown in (their own, else their state's, else the default).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { referenceData } from "../reference.js";
import type { Person } from "./people.js";

// Geneva (UNHCR, IOM) keeps Zurich time; "Europe/Geneva" is not an IANA zone.
const EXTRA_ZONES = ["Europe/Zurich", "UTC"];

/** The canonical name of a valid IANA zone ("asia/bishkek" → "Asia/Bishkek"), or undefined. */
function canonicalZone(zone: string): string | undefined {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){0,2}$/.test(zone) && zone !== "UTC") return undefined;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** True for IANA names the runtime knows (Asia/Almaty), case as given. */
export function isValidTimeZone(zone: string): boolean {
  return canonicalZone(zone) !== undefined;
}

/** Normalises a typed zone name ("asia/bishkek" → "Asia/Bishkek") or returns undefined. */
export function canonicalTimeZone(input: string): string | undefined {
  return canonicalZone(input.trim());
}

/** The zones offered as buttons, in the states' order. */
export async function suggestedTimeZones(db: Kysely<Database>): Promise<string[]> {
  const { states } = await referenceData(db);
  return [...new Set([...states.map((s) => s.timeZone), ...EXTRA_ZONES])];
}

/** The zone a person of this state starts with. */
export async function stateTimeZone(
  db: Kysely<Database>,
  stateCode: string | null,
  fallback: string,
): Promise<string> {
  if (!stateCode) return fallback;
  const { states } = await referenceData(db);
  return states.find((s) => s.code === stateCode)?.timeZone ?? fallback;
}

/** The person's own zone, else their state's, else the default. */
export async function effectiveTimeZone(
  db: Kysely<Database>,
  person: Pick<Person, "time_zone" | "state_code">,
  fallback: string,
): Promise<string> {
  if (person.time_zone) return person.time_zone;
  return stateTimeZone(db, person.state_code, fallback);
}
