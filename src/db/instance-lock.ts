/**
 * One bot process per database. A second one would poll in competition with the first and, on
 * start, re-send the outbox rows the first is sending. The holder's pid is kept in `settings`; a
 * holder whose process no longer exists (a crash) is simply replaced, so a restart is never delayed.
 */
import { hostname } from "node:os";
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

const KEY = "instance";

interface Holder {
  pid: number;
  host: string;
  since: number;
}

/** True while a process with this pid exists on this machine. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the database for this process; returns the live holder instead when there is one. */
export async function claimInstance(
  db: Kysely<Database>,
  now: number,
  me: { pid: number; host: string } = { pid: process.pid, host: hostname() },
  alive: (pid: number) => boolean = processAlive,
): Promise<{ ok: true } | { ok: false; holder: Holder }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("settings").select("value").where("key", "=", KEY).executeTakeFirst();
    const holder = row ? (JSON.parse(row.value) as Holder) : undefined;
    if (holder && holder.host === me.host && holder.pid !== me.pid && alive(holder.pid))
      return { ok: false, holder };
    const value = JSON.stringify({ pid: me.pid, host: me.host, since: now } satisfies Holder);
    await trx
      .insertInto("settings")
      .values({ key: KEY, value })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
      .execute();
    return { ok: true };
  });
}

/** Gives the database back on a clean stop. */
export async function releaseInstance(db: Kysely<Database>, pid = process.pid): Promise<void> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", KEY).executeTakeFirst();
  if (row && (JSON.parse(row.value) as Holder).pid === pid)
    await db.deleteFrom("settings").where("key", "=", KEY).execute();
}
