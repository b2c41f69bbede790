/**
 * The jobs the scheduler runs, with when each runs: each capability's "what has fallen due" check.
 * Each job asks the database by the process clock, so it may run late or twice without harm.
 */
import type { Api } from "grammy";
import type { BotDeps } from "./bot/context.js";
import { digestHasNews } from "./bot/digest.js";
import { announcementProgressJob } from "./bot/features/announcements/progress.js";
import { forgetProcessedUpdates } from "./db/processed-updates.js";
import { queueDailyDigest } from "./domain/digest.js";
import { queueDueMeetingMessages } from "./domain/meetings/messages.js";
import { closeDueRounds, queueDueNudges } from "./domain/reviews/deadlines.js";
import { inviteLateReviewers } from "./domain/reviews/lifecycle.js";
import type { PeriodicJob } from "./outbox/scheduler.js";

/** `api` is the bot's own client, for edits the jobs make (progress messages). */
export function periodicJobs(deps: BotDeps, api: Api): PeriodicJob[] {
  const { db, config, logger } = deps;
  const [hour, minute] = config.digestTime.split(":").map(Number);
  const digest = async (now: number) => {
    const schedule = { digestTime: config.digestTime, timeZone: config.defaultTimeZone };
    const queued = await queueDailyDigest(db, now, schedule, () => digestHasNews(db, now));
    if (queued) logger.info({ queued }, "digest queued");
  };
  return [
    announcementProgressJob(deps, api),
    {
      name: "review rounds: close at the deadline, nudge unfinished states",
      cron: "*/5 * * * * *",
      async run(now) {
        const closed = await closeDueRounds(db, now);
        const nudged = await queueDueNudges(db, now);
        const invited = await inviteLateReviewers(db, now);
        if (closed.length || nudged || invited) {
          logger.info({ closed, nudged, invited }, "review rounds: due work queued");
        }
      },
    },
    {
      // Invitations for people who joined since, reminders and nudges as answers now stand.
      name: "meeting invitations, reminders and nudges",
      cron: "*/30 * * * * *",
      async run(now) {
        const queued = await queueDueMeetingMessages(db, now);
        if (queued) logger.info({ queued }, "meetings: messages queued");
      },
    },
    {
      name: "secretariat daily digest",
      cron: `0 ${minute} ${hour} * * *`,
      timeZone: config.defaultTimeZone,
      run: digest,
    },
    {
      // The digest's day is recorded once done: this only catches a day missed while the bot was down.
      name: "secretariat daily digest, catching up",
      cron: "30 * * * * *",
      run: digest,
    },
    {
      name: "forget old update ids",
      cron: "0 0 * * * *",
      async run(now) {
        await forgetProcessedUpdates(db, now, 7 * 86_400_000);
      },
    },
  ];
}
