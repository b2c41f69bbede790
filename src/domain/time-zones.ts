/**
 * The time zones offered as buttons: the capitals of the states the process knows, plus a few
 * where partner organisations sit. Any other IANA name can be typed.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { readThrough } from "../db/table-versions.js";

// Geneva (UNHCR, IOM) keeps Zurich time; "Europe/Geneva" is not an IANA zone.
const EXTRA_ZONES = ["Europe/Zurich", "UTC"];

/** The zones offered as buttons, in the states' order. */
export async function suggestedTimeZones(db: Kysely<Database>): Promise<string[]> {
  const zones = await readThrough(db, "suggested-zones", ["states"], "", async () => {
    const rows = await db.selectFrom("states").select("time_zone").orderBy("sort_order").execute();
    return [...new Set([...rows.map((r) => r.time_zone), ...EXTRA_ZONES])];
  });
  return zones.slice();
}

/** The zone a person of this state starts with. */
export async function stateTimeZone(
  db: Kysely<Database>,
  stateCode: string | null,
  fallback: string,
): Promise<string> {
  if (!stateCode) return fallback;
  // Asked on most replies that show a time; the states table is written almost never.
  const zone = await readThrough(db, "state-time-zone", ["states"], stateCode, async () => {
    const row = await db
      .selectFrom("states")
      .select("time_zone")
      .where("code", "=", stateCode)
      .executeTakeFirst();
    return row?.time_zone ?? null;
  });
  return zone ?? fallback;
}
