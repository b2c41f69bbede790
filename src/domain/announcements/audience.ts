/**
 * Who an announcement reaches: everyone; member states only; chosen states; chosen roles; those
 * invited to or attending a meeting. Only active people are counted, and never the author.
 */
import type { Kysely } from "kysely";
import { ROLES, type Role } from "../../db/schema/people.js";
import type { Database } from "../../db/schema.js";
import { DomainError } from "../errors.js";
import { meetingAudience } from "../meetings/rsvp.js";
import type { Person } from "../people/people.js";

export type Audience =
  | { kind: "everyone" }
  | { kind: "members" }
  | { kind: "states"; states: string[] }
  | { kind: "roles"; roles: Role[] }
  | { kind: "meeting"; meetingId: number; which: "invited" | "attending" };

/** Checks an audience read from a button or storage. */
export function validateAudience(audience: Audience): Audience {
  switch (audience.kind) {
    case "everyone":
    case "members":
      return { kind: audience.kind };
    case "states":
      if (!audience.states.length || audience.states.some((s) => !/^[A-Z]{2}$/.test(s)))
        throw new DomainError("audience_empty");
      return { kind: "states", states: [...new Set(audience.states)].sort() };
    case "roles":
      if (!audience.roles.length || audience.roles.some((r) => !ROLES.includes(r)))
        throw new DomainError("audience_empty");
      return { kind: "roles", roles: [...new Set(audience.roles)] };
    case "meeting":
      if (!Number.isInteger(audience.meetingId) || !["invited", "attending"].includes(audience.which)) {
        throw new DomainError("audience_empty");
      }
      return { kind: "meeting", meetingId: audience.meetingId, which: audience.which };
    default:
      throw new DomainError("audience_empty");
  }
}

/** The people the audience reaches now, in a stable order. */
export async function resolveAudience(
  db: Kysely<Database>,
  audience: Audience,
  authorId: number,
): Promise<Person[]> {
  if (audience.kind === "meeting") {
    const people = await meetingAudience(db, audience.meetingId, audience.which);
    return people.filter((p) => p.deactivated_at === null && p.id !== authorId).sort((a, b) => a.id - b.id);
  }
  let query = db
    .selectFrom("people")
    .leftJoin("states", "states.code", "people.state_code")
    .selectAll("people")
    .where("people.deactivated_at", "is", null)
    .where("people.id", "<>", authorId);
  switch (audience.kind) {
    case "everyone":
      break;
    case "members":
      query = query
        .where("states.status", "=", "member")
        .where("people.role", "in", ["coordinator", "alternate"]);
      break;
    case "states":
      query = query.where("people.state_code", "in", audience.states);
      break;
    case "roles":
      query = query.where("people.role", "in", audience.roles);
      break;
    default: {
      const unknown: never = audience;
      throw new DomainError("audience_empty", { kind: String(unknown) });
    }
  }
  return query.orderBy("people.id").execute();
}
