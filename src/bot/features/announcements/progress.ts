/**
 * Keeps each announcement's progress message in the secretariat's chat up to date ("sent 120 of
 * 300"), edited at most every few seconds, and finishes the announcement (queuing its report)
 * once nothing is left to send. Restart-safe: it reads everything from the database.
 */
import type { Api } from "grammy";
import {
  announcementSource,
  announcementsInFlight,
  finishAnnouncement,
} from "../../../domain/announcements.js";
import { getPerson } from "../../../domain/people.js";
import { countsBySource } from "../../../outbox/queue.js";
import type { PeriodicJob } from "../../../outbox/scheduler.js";
import type { BotDeps } from "../../context.js";
import { describeError } from "../../middlewares/update-scope.js";
import { progressText } from "./render.js";

export function announcementProgressJob(deps: BotDeps, api: Api, everyMs = 3000): PeriodicJob {
  const lastShown = new Map<number, string>();
  return {
    name: "announcement progress",
    everyMs,
    async run(now) {
      for (const a of await announcementsInFlight(deps.db)) {
        const counts = await countsBySource(deps.db, announcementSource(a.id));
        const author = await getPerson(deps.db, a.created_by);
        const t = deps.translations.forLanguage(
          deps.translations.resolveLanguage(author?.language, undefined),
        );
        const text = progressText(t, a, counts);
        if (a.progress_message_id !== null && lastShown.get(a.id) !== text) {
          try {
            await api.editMessageText(a.progress_chat_id, a.progress_message_id, text);
            lastShown.set(a.id, text);
          } catch (error) {
            deps.logger.warn(
              { announcement: a.id, err: describeError(error) },
              "progress message not updated",
            );
          }
        }
        if (counts.pending + counts.sending === 0 && counts.total > 0) {
          if (await finishAnnouncement(deps.db, a, now)) {
            lastShown.delete(a.id);
            deps.wakeOutbox?.();
          }
        }
      }
    },
  };
}
