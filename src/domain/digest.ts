/**
 * The secretariat's daily digest: once a day, at the first tick after the configured local time,
 * one message per active secretariat member is queued, if any capability has something to say.
 * The day is remembered in `settings`, so a restart neither repeats nor skips it.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { enqueue } from "../outbox/queue.js";
import { getSetting, setSetting } from "./settings.js";
import { localDateKey, wallTimeAt } from "./wall-time.js";

export const DIGEST_RENDERER = "daily_digest";
/** The digest looks this far ahead. */
export const DIGEST_HORIZON_MS = 7 * 86_400_000;
const LAST_DAY_SETTING = "digest_last_day";

export interface DigestSchedule {
  /** Local time "HH:MM". */
  digestTime: string;
  timeZone: string;
}

export const digestKey = (day: string, personId: number) => `digest:${day}:person:${personId}`;

/** Whether today's digest is due: the local time has passed and today was not considered yet. */
export async function digestDay(
  db: Kysely<Database>,
  now: number,
  s: DigestSchedule,
): Promise<string | null> {
  const [h = 0, m = 0] = s.digestTime.split(":").map(Number);
  const local = wallTimeAt(now, s.timeZone);
  if (local.hour * 60 + local.minute < h * 60 + m) return null;
  const day = localDateKey(now, s.timeZone);
  return (await getSetting(db, LAST_DAY_SETTING)) === day ? null : day;
}

/**
 * Queues today's digest to every active secretariat member when it is due and `hasNews` says
 * there is something to say; either way today is then done. Returns how many were queued.
 */
export async function queueDailyDigest(
  db: Kysely<Database>,
  now: number,
  schedule: DigestSchedule,
  hasNews: () => Promise<boolean>,
): Promise<number> {
  const day = await digestDay(db, now, schedule);
  if (!day) return 0;
  let queued = 0;
  if (await hasNews()) {
    const secretariat = await db
      .selectFrom("people")
      .select(["id", "telegram_id"])
      .where("role", "=", "secretariat")
      .where("deactivated_at", "is", null)
      .execute();
    queued = await enqueue(
      db,
      secretariat.map((p) => ({
        key: digestKey(day, p.id),
        kind: "digest",
        source: `digest:${day}`,
        personId: p.id,
        chatId: p.telegram_id,
        content: { type: "render", renderer: DIGEST_RENDERER, params: { day } },
        dueAt: now,
        expiresAt: now + 18 * 3_600_000,
      })),
      now,
    );
  }
  await setSetting(db, LAST_DAY_SETTING, day);
  return queued;
}
