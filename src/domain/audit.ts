/**
 * The audit log: who did what, when. Append-only; every position, RSVP, invitation,
 * broadcast and role change writes one row in the same transaction as the change itself.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

export interface AuditEntry {
  at: number;
  actorId: number | null;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

/** Appends one entry; call it with the transaction that makes the change. */
export async function audit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at: entry.at,
      actor_id: entry.actorId,
      action: entry.action,
      subject: entry.subject,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

/** The entries about one subject, oldest first. */
export async function auditTrail(db: Kysely<Database>, subject: string) {
  return db.selectFrom("audit_log").selectAll().where("subject", "=", subject).orderBy("id").execute();
}
