/**
 * Renderers for outbox rows: each feature contributes the messages it queues, built at send time
 * in the recipient's language and time zone.
 */
import type { Renderer } from "../outbox/dispatcher.js";
import type { BotDeps } from "./context.js";
import { digestRenderers } from "./digest.js";
import { announcementRenderers } from "./features/announcements/render.js";
import { meetingRenderers } from "./features/meetings/renderers.js";
import { reviewRenderers } from "./features/reviews/renderers.js";
import { roundRenderers } from "./features/rounds/renderers.js";

/** Every renderer by name. Features add theirs here. */
export function buildRenderers(deps: BotDeps): Map<string, Renderer> {
  return new Map<string, Renderer>([
    ...announcementRenderers(deps.translations),
    ...reviewRenderers(deps),
    ...roundRenderers(deps),
    ...meetingRenderers(deps),
    ...digestRenderers(deps),
  ]);
}
