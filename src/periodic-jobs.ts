/**
 * The jobs the tick runs: each capability's "what has fallen due" check.
 */
import type { BotDeps } from "./bot/context.js";
import { closeDueRounds, queueDueNudges } from "./domain/reviews/deadlines.js";
import type { PeriodicJob } from "./outbox/scheduler.js";

export function periodicJobs(deps: BotDeps): PeriodicJob[] {
  const { db } = deps;
  return [
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
