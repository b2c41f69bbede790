/**
 * Reference data: the states and partner organisations of the Almaty Process, with display names.
 *
 * Names fall back from the requested language to English, then Russian, then the code itself,
 * so a missing translation never leaves a blank in the chat.
 */
import type { Kysely } from "kysely";
import type { StateStatus } from "../db/schema/reference.js";
import type { Database } from "../db/schema.js";
import { readThrough } from "../db/table-versions.js";

/**
 * The languages official documents (review rounds, meeting titles) are issued in, in order of
 * preference for a reader of another language: Russian, the working language of the Process that
 * every coordinator of the region reads, then English.
 */
export const OFFICIAL_LANGUAGES: readonly string[] = ["ru", "en"];

/** A state as shown to people: its code, status, default time zone and name in one language. */
export interface StateView {
  /** ISO 3166-1 alpha-2 code. */
  code: string;
  status: StateStatus;
  /** IANA time zone of the capital. */
  timeZone: string;
  /** Display name in the requested language, or the best fallback. */
  name: string;
}

/** A partner organisation as shown to people. */
export interface OrganisationView {
  code: string;
  /** Display name in the requested language, or the best fallback. */
  name: string;
}

const FALLBACK_LANGS = ["en", "ru"] as const;

/** The primary language subtag in lower case: "en-GB" → "en", "RU" → "ru". */
function primaryLang(lang: string): string {
  return (lang.split(/[-_]/)[0] ?? "").toLowerCase();
}

function pickName(names: ReadonlyMap<string, string>, lang: string, code: string): string {
  for (const candidate of [primaryLang(lang), ...FALLBACK_LANGS]) {
    const name = names.get(candidate);
    if (name !== undefined && name !== "") return name;
  }
  return code;
}

function namesByOwner<T extends { owner: string; lang: string; name: string }>(
  rows: readonly T[],
): Map<string, Map<string, string>> {
  const byOwner = new Map<string, Map<string, string>>();
  for (const row of rows) {
    let names = byOwner.get(row.owner);
    if (!names) {
      names = new Map();
      byOwner.set(row.owner, names);
    }
    names.set(row.lang, row.name);
  }
  return byOwner;
}

function wantedLangs(lang: string): string[] {
  return [...new Set([primaryLang(lang), ...FALLBACK_LANGS])];
}

/** Reference data changes only by migration; it is read on most updates, so it is cached. */
async function queryStates(
  db: Kysely<Database>,
  lang: string,
  filter: { code?: string; status?: StateStatus },
): Promise<StateView[]> {
  const key = `${lang}|${filter.code ?? ""}|${filter.status ?? ""}`;
  const states = await readThrough(db, "states", ["states", "state_names"], key, () =>
    loadStates(db, lang, filter),
  );
  return states.slice();
}

async function loadStates(
  db: Kysely<Database>,
  lang: string,
  filter: { code?: string; status?: StateStatus },
): Promise<StateView[]> {
  let statesQuery = db.selectFrom("states").select(["code", "status", "time_zone"]).orderBy("sort_order");
  if (filter.code !== undefined) statesQuery = statesQuery.where("code", "=", filter.code);
  if (filter.status !== undefined) statesQuery = statesQuery.where("status", "=", filter.status);
  const states = await statesQuery.execute();
  if (states.length === 0) return [];

  const names = namesByOwner(
    await db
      .selectFrom("state_names")
      .select(["state_code as owner", "lang", "name"])
      .where("lang", "in", wantedLangs(lang))
      .where(
        "state_code",
        "in",
        states.map((s) => s.code),
      )
      .execute(),
  );
  return states.map((s) => ({
    code: s.code,
    status: s.status,
    timeZone: s.time_zone,
    name: pickName(names.get(s.code) ?? new Map(), lang, s.code),
  }));
}

async function queryOrganisations(
  db: Kysely<Database>,
  lang: string,
  code?: string,
): Promise<OrganisationView[]> {
  const key = `${lang}|${code ?? ""}`;
  const orgs = await readThrough(db, "organisations", ["organisations", "organisation_names"], key, () =>
    loadOrganisations(db, lang, code),
  );
  return orgs.slice();
}

async function loadOrganisations(
  db: Kysely<Database>,
  lang: string,
  code?: string,
): Promise<OrganisationView[]> {
  let orgsQuery = db.selectFrom("organisations").select("code").orderBy("sort_order");
  if (code !== undefined) orgsQuery = orgsQuery.where("code", "=", code);
  const orgs = await orgsQuery.execute();
  if (orgs.length === 0) return [];

  const names = namesByOwner(
    await db
      .selectFrom("organisation_names")
      .select(["org_code as owner", "lang", "name"])
      .where("lang", "in", wantedLangs(lang))
      .where(
        "org_code",
        "in",
        orgs.map((o) => o.code),
      )
      .execute(),
  );
  return orgs.map((o) => ({ code: o.code, name: pickName(names.get(o.code) ?? new Map(), lang, o.code) }));
}

/**
 * Lists the states in their fixed order (members first, as in the founding text).
 *
 * @param lang - language of the names; a regional subtag is ignored ("ru-KZ" → "ru")
 * @param options.status - only states with this status
 */
export function listStates(
  db: Kysely<Database>,
  lang: string,
  options: { status?: StateStatus } = {},
): Promise<StateView[]> {
  return queryStates(db, lang, options.status === undefined ? {} : { status: options.status });
}

/**
 * Finds one state by its ISO code (case-insensitive).
 *
 * @returns the state, or `undefined` if there is no such state
 */
export async function getState(
  db: Kysely<Database>,
  code: string,
  lang: string,
): Promise<StateView | undefined> {
  const [state] = await queryStates(db, lang, { code: code.toUpperCase() });
  return state;
}

/** Lists the partner organisations in their fixed order. */
export function listOrganisations(db: Kysely<Database>, lang: string): Promise<OrganisationView[]> {
  return queryOrganisations(db, lang);
}

/**
 * Finds one partner organisation by its code (case-insensitive, e.g. "unhcr").
 *
 * @returns the organisation, or `undefined` if there is no such organisation
 */
export async function getOrganisation(
  db: Kysely<Database>,
  code: string,
  lang: string,
): Promise<OrganisationView | undefined> {
  const [org] = await queryOrganisations(db, lang, code.toUpperCase());
  return org;
}
