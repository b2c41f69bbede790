/**
 * Reference data: the states and partner organisations of the Almaty Process, with display names.
 *
 * Names fall back from the requested language to English, then Russian, then the code itself,
 * so a missing translation never leaves a blank in the chat.
 */
import type { Kysely } from "kysely";
import type { StateStatus } from "../db/schema/reference.js";
import type { Database } from "../db/schema.js";

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

interface Named {
  code: string;
  names: ReadonlyMap<string, string>;
}

/** The states and organisations as stored, with their names in every language. */
interface ReferenceSnapshot {
  states: readonly (Named & { status: StateStatus; timeZone: string })[];
  organisations: readonly Named[];
}

const loaded = new WeakMap<Kysely<Database>, Promise<ReferenceSnapshot>>();

function namesOf(rows: readonly { owner: string; lang: string; name: string }[], code: string) {
  return new Map(rows.filter((r) => r.owner === code).map((r) => [r.lang, r.name]));
}

async function loadSnapshot(db: Kysely<Database>): Promise<ReferenceSnapshot> {
  const [states, stateNames, orgs, orgNames] = await Promise.all([
    db.selectFrom("states").select(["code", "status", "time_zone"]).orderBy("sort_order").execute(),
    db.selectFrom("state_names").select(["state_code as owner", "lang", "name"]).execute(),
    db.selectFrom("organisations").select("code").orderBy("sort_order").execute(),
    db.selectFrom("organisation_names").select(["org_code as owner", "lang", "name"]).execute(),
  ]);
  return {
    states: states.map((s) => ({
      code: s.code,
      status: s.status,
      timeZone: s.time_zone,
      names: namesOf(stateNames, s.code),
    })),
    organisations: orgs.map((o) => ({ code: o.code, names: namesOf(orgNames, o.code) })),
  };
}

/**
 * The states and organisations, read once per database handle: they change only by migration,
 * never while the bot runs, and nearly every reply names one.
 */
export function referenceData(db: Kysely<Database>): Promise<ReferenceSnapshot> {
  let snapshot = loaded.get(db);
  if (!snapshot) {
    snapshot = loadSnapshot(db);
    loaded.set(db, snapshot);
    snapshot.catch(() => loaded.delete(db));
  }
  return snapshot;
}

async function queryStates(
  db: Kysely<Database>,
  lang: string,
  filter: { code?: string; status?: StateStatus },
): Promise<StateView[]> {
  const { states } = await referenceData(db);
  return states
    .filter(
      (s) =>
        (filter.code === undefined || s.code === filter.code) &&
        (filter.status === undefined || s.status === filter.status),
    )
    .map((s) => ({
      code: s.code,
      status: s.status,
      timeZone: s.timeZone,
      name: pickName(s.names, lang, s.code),
    }));
}

async function queryOrganisations(
  db: Kysely<Database>,
  lang: string,
  code?: string,
): Promise<OrganisationView[]> {
  const { organisations } = await referenceData(db);
  return organisations
    .filter((o) => code === undefined || o.code === code)
    .map((o) => ({ code: o.code, name: pickName(o.names, lang, o.code) }));
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
