/**
 * The jobs the tick runs: each capability's "what has fallen due" check.
 */
import type { Api } from "grammy";
import type { BotDeps } from "./bot/context.js";
import { digestHasNews } from "./bot/digest.js";
import { announcementProgressJob } from "./bot/features/announcements/progress.js";
import { forgetProcessedUpdates } from "./db/processed-updates.js";
import { queueDailyDigest } from "./domain/digest.js";
import { queueDueMeetingMessages } from "./domain/meeting-messages.js";
import { closeDueRounds, queueDueNudges } from "./domain/reviews/deadlines.js";
import { inviteLateReviewers } from "./domain/reviews/lifecycle.js";
import type { PeriodicJob } from "./outbox/scheduler.js";

/** `api` is the bot's own client, for edits the jobs make (progress messages). */
export function periodicJobs(deps: BotDeps, api: Api): PeriodicJob[] {
  const { db, config, logger } = deps;
  return [
    announcementProgressJob(deps, api),
    {
      name: "review rounds: close at the deadline, nudge unfinished states",
      everyMs: 5_000,
      async run(now) {
        const closed = await closeDueRounds(db, now);
        const nudged = await queueDueNudges(db, now);
        const invited = await inviteLateReviewers(db, now);
        if (closed.length || nudged || invited) {
          deps.logger.info({ closed, nudged, invited }, "review rounds: due work queued");
        }
      },
    },
    {
      name: "forget old update ids",
      everyMs: 3_600_000,
      async run(now) {
        await forgetProcessedUpdates(db, now, 7 * 86_400_000);
      },
    },
    {
      // Invitations for people who joined since, reminders and nudges as answers now stand.
      name: "meeting invitations, reminders and nudges",
      everyMs: 30_000,
      async run(now) {
        const queued = await queueDueMeetingMessages(db, now);
        if (queued) logger.info({ queued }, "meetings: messages queued");
      },
    },
    {
      name: "secretariat daily digest",
      everyMs: 30_000,
      async run(now) {
        const schedule = { digestTime: config.digestTime, timeZone: config.defaultTimeZone };
        const queued = await queueDailyDigest(db, now, schedule, () => digestHasNews(db, now));
        if (queued) logger.info({ queued }, "digest queued");
      },
    },
  ];
}
