/**
 * Server-side role checks for commands and buttons. A button's payload is never trusted:
 * whoever presses it must hold the role now, or gets a refusal and nothing changes.
 */
import type { Middleware, MiddlewareFn } from "grammy";
import type { Person, Role } from "../domain/people/people.js";
import type { BotContext } from "./context.js";
import { answerRefusal } from "./press-answers.js";

export type MemberContext = BotContext & { person: Person };

/** Lets the update through only for people with one of the roles; refuses everyone else politely. */
export function onlyRoles(roles: readonly Role[]): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (ctx.person && roles.includes(ctx.person.role)) return next();
    ctx.logger.warn(
      { from: ctx.from?.id, role: ctx.person?.role, callback: ctx.callbackQuery?.data },
      "refused: role",
    );
    if (ctx.callbackQuery) {
      await answerRefusal(ctx, "not_allowed");
    } else {
      await ctx.reply(ctx.t("errors:not_allowed"));
    }
  };
}

/** Runs `middleware` for secretariat members only. */
export function secretariatOnly(...middleware: Middleware<MemberContext>[]): MiddlewareFn<BotContext>[] {
  return [onlyRoles(["secretariat"]), ...(middleware as unknown as MiddlewareFn<BotContext>[])];
}
