/**
 * Reference data: the states and partner organisations of the Almaty Process, with their names per language.
 * Created by `migrations/0001_reference_data.ts`.
 */

/** A state's standing in the process; the secretariat can change it. */
export type StateStatus = "member" | "prospective" | "participant";

export interface StatesTable {
  /** ISO 3166-1 alpha-2 code, upper case (e.g. "KZ"). */
  code: string;
  status: StateStatus;
  /** IANA time zone of the capital, the default for the state's people. */
  time_zone: string;
  sort_order: number;
}

export interface StateNamesTable {
  state_code: string;
  /** Language code (e.g. "ru", "en", "kk"). */
  lang: string;
  name: string;
}

export interface OrganisationsTable {
  /** Short stable code (e.g. "UNHCR"). */
  code: string;
  sort_order: number;
}

export interface OrganisationNamesTable {
  org_code: string;
  lang: string;
  name: string;
}

export interface ReferenceTables {
  states: StatesTable;
  state_names: StateNamesTable;
  organisations: OrganisationsTable;
  organisation_names: OrganisationNamesTable;
}
