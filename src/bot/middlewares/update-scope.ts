/**
 * The first middleware every update passes, outside and inside conversations: the dependencies,
 * a child logger, the person behind the update, their language and a `t` fixed to it.
 */
import type { MiddlewareFn } from "grammy";
import { findPersonByTelegramId } from "../../domain/people/people.js";
import type { BotDeps, FlowContext } from "../context.js";

export function updateScope<C extends FlowContext>(deps: BotDeps): MiddlewareFn<C> {
  return async (ctx, next) => {
    ctx.deps = deps;
    ctx.logger = deps.logger.child({ update_id: ctx.update.update_id });
    ctx.person = ctx.from ? ((await findPersonByTelegramId(deps.db, ctx.from.id)) ?? null) : null;
    ctx.lang = deps.translations.resolveLanguage(ctx.person?.language, ctx.from?.language_code);
    ctx.t = deps.translations.forLanguage(ctx.lang);
    await next();
  };
}
