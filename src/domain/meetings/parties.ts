/**
 * Parties to a meeting: the invited states and organisations, who answers for each, and their
 * names in a reader's language.
 */
import type { Kysely } from "kysely";
import type { PartyKind } from "../../db/schema/meetings.js";
import type { Database } from "../../db/schema.js";
import type { Person } from "../people/people.js";
import { listOrganisations, listStates } from "../reference.js";

/** An invited state or organisation. */
export interface Party {
  kind: PartyKind;
  code: string;
}

/** "s.KZ" / "o.UNHCR": a party in button payloads and logs. */
export function partyKey(party: Party): string {
  return `${party.kind === "state" ? "s" : "o"}.${party.code}`;
}

/** Reads a party key; undefined when malformed. */
export function parsePartyKey(key: string): Party | undefined {
  const m = /^([so])\.([A-Z]{2,8})$/.exec(key);
  if (!m?.[2]) return undefined;
  return { kind: m[1] === "s" ? "state" : "org", code: m[2] };
}

export function sameParty(a: Party | null | undefined, b: Party | null | undefined): boolean {
  return !!a && !!b && a.kind === b.kind && a.code === b.code;
}

/**
 * The party a person answers for: coordinators and alternates for their state, observers of a
 * partner organisation for that organisation. Observers attached to a state and the secretariat
 * answer for nobody.
 */
export function partyOf(person: Pick<Person, "role" | "state_code" | "org_code">): Party | null {
  if ((person.role === "coordinator" || person.role === "alternate") && person.state_code)
    return { kind: "state", code: person.state_code };
  if (person.role === "observer" && person.org_code) return { kind: "org", code: person.org_code };
  return null;
}

/** Every state and organisation that can be invited, with its name in `lang`, states first. */
export async function invitableParties(
  db: Kysely<Database>,
  lang: string,
): Promise<{ party: Party; name: string; member: boolean }[]> {
  const states = await listStates(db, lang);
  const orgs = await listOrganisations(db, lang);
  return [
    ...states.map((s) => ({
      party: { kind: "state" as const, code: s.code },
      name: s.name,
      member: s.status === "member",
    })),
    ...orgs.map((o) => ({ party: { kind: "org" as const, code: o.code }, name: o.name, member: false })),
  ];
}

/** Names of all parties in `lang`, by party key. */
export async function partyNames(db: Kysely<Database>, lang: string): Promise<Map<string, string>> {
  return new Map((await invitableParties(db, lang)).map((p) => [partyKey(p.party), p.name]));
}

/** A party's display name from `partyNames`, else its code. */
export function partyName(names: ReadonlyMap<string, string>, party: Party): string {
  return names.get(partyKey(party)) ?? party.code;
}
