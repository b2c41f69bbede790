/**
 * A person's or invitation's affiliation in words: "coordinator · Kazakhstan".
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { getOrganisation, getState } from "../reference.js";

/** The name of the state or organisation in the given language, or null for the secretariat. */
export async function affiliationName(
  db: Kysely<Database>,
  a: { stateCode: string | null; orgCode: string | null },
  lang: string,
): Promise<string | null> {
  if (a.stateCode) return (await getState(db, a.stateCode, lang))?.name ?? a.stateCode;
  if (a.orgCode) return (await getOrganisation(db, a.orgCode, lang))?.name ?? a.orgCode;
  return null;
}
