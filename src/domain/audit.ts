/**
 * The audit log: who did what, when. Append-only; every position, RSVP, invitation,
 * broadcast and role change writes one row in the same transaction as the change itself.
 */
import type { Kysely } from "kysely";
import { compiledOnce } from "../db/compiled-query.js";
import type { Database } from "../db/schema.js";

export interface AuditEntry {
  at: number;
  actorId: number | null;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

// Written with every change a person makes (language and zone presses too): compiled once.
const insertEntry = compiledOnce(
  [-1, -2, "?action", "?subject", "?details"] as [number, number | null, string, string, string],
  (db, at, actorId, action, subject, details) =>
    db.insertInto("audit_log").values({ at, actor_id: actorId, action, subject, details }),
);

/** Appends one entry; call it with the transaction that makes the change. */
export async function audit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await insertEntry(
    db,
    entry.at,
    entry.actorId,
    entry.action,
    entry.subject,
    JSON.stringify(entry.details ?? {}),
  );
}

/** The entries about one subject, oldest first. */
export async function auditTrail(db: Kysely<Database>, subject: string) {
  return db.selectFrom("audit_log").selectAll().where("subject", "=", subject).orderBy("id").execute();
}
