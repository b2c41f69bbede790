/**
 * Telegram may deliver an update twice (a restart before the offset was confirmed): it acts once.
 */
import type { MiddlewareFn } from "grammy";
import { firstDelivery } from "../../db/processed-updates.js";
import type { BotContext } from "../context.js";

export function dropRepeatedUpdates(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (!(await firstDelivery(ctx.deps.db, ctx.update.update_id, ctx.deps.clock.now()))) {
      ctx.logger.info("repeated update dropped");
      return;
    }
    await next();
  };
}
