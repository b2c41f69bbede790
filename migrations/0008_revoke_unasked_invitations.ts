/**
 * Earlier versions made a secretariat invitation by themselves on every start while nobody was in
 * the secretariat, and printed its link in the log, where anyone reading the log could use it.
 * Such links are revoked. They cannot be told apart from the operator's own CLI invitations (both
 * have no author), so an operator's secretariat link not used yet is revoked too: the same
 * command makes a new one.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const now = Date.now();
    const leftovers = await trx
      .selectFrom("invitations")
      .select("id")
      .where("role", "=", "secretariat")
      .where("created_by", "is", null)
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", now)
      .execute();
    for (const { id } of leftovers) {
      await trx.updateTable("invitations").set({ revoked_at: now }).where("id", "=", id).execute();
      await trx
        .insertInto("audit_log")
        .values({
          at: now,
          actor_id: null,
          action: "invitation.revoked",
          subject: `invitation:${id}`,
          details: JSON.stringify({
            reason: "secretariat invitation made outside the chat by an earlier version",
          }),
        })
        .execute();
    }
  });
}

// Revoked links stay revoked: nothing to undo.
export async function down(): Promise<void> {}
