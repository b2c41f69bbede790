/**
 * Keeps `last_seen_at` fresh for people who write to the bot (at most once a minute each), so the
 * secretariat's /people shows who is active.
 */
import type { MiddlewareFn } from "grammy";
import { touchPerson } from "../../domain/people/people.js";
import type { BotContext } from "../context.js";

export function touchSeen(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (ctx.person) await touchPerson(ctx.deps.db, ctx.person, ctx.deps.clock.now());
    await next();
  };
}
