/**
 * The states and organisations a role can belong to, offered as buttons by /invite and by /people
 * (changing someone's state), and the revoke button of a pending invitation, shown by both and
 * handled by the invite feature.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import type { Role } from "../../domain/people/people.js";
import { listOrganisations, listStates } from "../../domain/reference.js";
import { callbackKind } from "../callback-data.js";

export const revokeInvitationChoice = callbackKind("invr", ["id"]);

export interface Target {
  kind: "s" | "o";
  code: string;
  name: string;
}

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

/** A target as a button field: `s.<state>`, `o.<organisation>`, `-` (secretariat). */
export function packTarget(target: Target): string {
  return `${target.kind}.${target.code}`;
}

/** Splits a target field; undefined when malformed. */
export function parseTarget(
  target: string,
): { stateCode: string | null; orgCode: string | null } | undefined {
  if (target === "-") return { stateCode: null, orgCode: null };
  const m = /^([so])\.([A-Z]{2,8})$/.exec(target);
  if (!m) return undefined;
  return m[1] === "s"
    ? { stateCode: m[2] ?? null, orgCode: null }
    : { stateCode: null, orgCode: m[2] ?? null };
}
