/**
 * Keeps each announcement's progress message in the secretariat's chat up to date ("sent 120 of
 * 300"), edited every few seconds when its text changed, and finishes the announcement (queuing
 * its report) once nothing is left to send. Restart-safe: it reads everything from the database.
 */
import type { Api } from "grammy";
import { setProgressText } from "../../../domain/announcements/announcements.js";
import {
  announcementsInFlight,
  deliveryCounts,
  finishAnnouncement,
} from "../../../domain/announcements/delivery.js";
import { getPerson } from "../../../domain/people/people.js";
import { describeError } from "../../../logger.js";
import type { PeriodicJob } from "../../../outbox/scheduler.js";
import type { BotDeps } from "../../context.js";
import { progressText } from "./render.js";

export function announcementProgressJob(deps: BotDeps, api: Api): PeriodicJob {
  return {
    name: "announcement progress",
    cron: "*/3 * * * * *",
    async run(now) {
      for (const a of await announcementsInFlight(deps.db)) {
        const counts = await deliveryCounts(deps.db, a.id);
        const author = await getPerson(deps.db, a.created_by);
        const t = deps.translations.forLanguage(
          deps.translations.resolveLanguage(author?.language, undefined),
        );
        const text = progressText(t, a, counts);
        if (a.progress_message_id !== null && a.progress_text !== text) {
          try {
            await api.editMessageText(a.progress_chat_id, a.progress_message_id, text);
            await setProgressText(deps.db, a.id, text);
          } catch (error) {
            deps.logger.warn(
              { announcement: a.id, err: describeError(error) },
              "progress message not updated",
            );
          }
        }
        if (counts.pending + counts.sending === 0 && counts.total > 0) {
          if (await finishAnnouncement(deps.db, a, now)) {
            deps.wakeOutbox?.();
          }
        }
      }
    },
  };
}
