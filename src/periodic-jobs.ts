/**
 * The jobs the tick runs: each capability's "what has fallen due" check.
 */
import type { Api } from "grammy";
import type { BotDeps } from "./bot/context.js";
import { announcementProgressJob } from "./bot/features/announcements/progress.js";
import { closeDueRounds, queueDueNudges } from "./domain/reviews/deadlines.js";
import type { PeriodicJob } from "./outbox/scheduler.js";

/** `api` is the bot's own client, for edits the jobs make (progress messages). */
export function periodicJobs(deps: BotDeps, api: Api): PeriodicJob[] {
  const { db } = deps;
  return [
    announcementProgressJob(deps, api),
    {
      name: "review rounds: close at the deadline, nudge unfinished states",
      everyMs: 5_000,
      async run(now) {
        const closed = await closeDueRounds(db, now);
        const nudged = await queueDueNudges(db, now);
        if (closed.length || nudged) deps.logger.info({ closed, nudged }, "review rounds: due work queued");
      },
    },
    {
      name: "forget old update ids",
      everyMs: 3_600_000,
      async run(now) {
        await db
          .deleteFrom("processed_updates")
          .where("received_at", "<", now - 7 * 86_400_000)
          .execute();
      },
    },
  ];
}
