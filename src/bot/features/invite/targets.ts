/**
 * The states and organisations a role can belong to, as button targets.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.js";
import type { Role } from "../../../domain/people.js";
import { listOrganisations, listStates } from "../../../domain/reference.js";
import type { Target } from "./keyboards.js";

export async function targetsFor(db: Kysely<Database>, lang: string, role: Role): Promise<Target[]> {
  const states = (await listStates(db, lang)).map((s) => ({
    kind: "s" as const,
    code: s.code,
    name: s.name,
  }));
  if (role !== "observer") return states;
  const orgs = (await listOrganisations(db, lang)).map((o) => ({
    kind: "o" as const,
    code: o.code,
    name: o.name,
  }));
  return [...orgs, ...states];
}
