/**
 * The one-process guard no longer keeps the running process's id in `settings` (a lock file the
 * operating system releases does the job): the row a stopped or crashed process left is removed,
 * so it never travels inside a backup again.
 */
import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`DELETE FROM settings WHERE key = 'instance'`.execute(trx);
  });
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and typed against no schema
export async function down(_db: Kysely<any>): Promise<void> {
  // Nothing to put back: the row described a process that no longer runs.
}
