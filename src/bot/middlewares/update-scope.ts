/**
 * The first middlewares every update passes: a child logger, the person loaded once,
 * the language and `t`, and the error boundary that answers politely when something breaks.
 */
import { GrammyError, type MiddlewareFn } from "grammy";
import { isDomainError } from "../../domain/errors.js";
import {
  cachedPersonByTelegramId,
  findPersonByTelegramId,
  NOT_CACHED,
  needsTouch,
  type Person,
  touchPerson,
} from "../../domain/people.js";
import { type BotContext, type BotDeps, type FlowContext, UpdateContext } from "../context.js";

/**
 * A flow's context (grammY's own class, made by the conversations plugin) gets its logger from
 * this one getter, which makes the child logger on first use and keeps it on the context.
 */
const FLOW_LOGGER: PropertyDescriptor = {
  get(this: FlowContext) {
    const logger = this.deps.logger.child({ update_id: this.update.update_id });
    Object.defineProperty(this, "logger", { value: logger, configurable: true });
    return logger;
  },
  configurable: true,
};

/**
 * Gives the update its deps, logger, person, language and `t`. Used outside and inside
 * conversations. The person is nearly always in memory (cachedPersonByTelegramId); then this runs
 * without a promise of its own.
 */
export function updateScope<C extends FlowContext | BotContext>(deps: BotDeps): MiddlewareFn<C> {
  const settle = (ctx: C, person: Person | null) => {
    ctx.person = person;
    ctx.lang = deps.translations.resolveLanguage(person?.language, ctx.from?.language_code);
    ctx.t = deps.translations.forLanguage(ctx.lang);
  };
  return (ctx, next) => {
    ctx.deps = deps;
    // Made on first use: most updates log nothing, and a child logger per update is garbage.
    // The bot's own contexts have the getter on their class; a flow's context gets it here.
    if (!(ctx instanceof UpdateContext)) Object.defineProperty(ctx, "logger", FLOW_LOGGER);
    const from = ctx.from;
    if (!from) {
      settle(ctx, null);
      return next();
    }
    const cached = cachedPersonByTelegramId(deps.db, from.id);
    if (cached !== NOT_CACHED) {
      settle(ctx, cached ?? null);
      return next();
    }
    return findPersonByTelegramId(deps.db, from.id).then((person) => {
      settle(ctx, person ?? null);
      return next();
    });
  };
}

/** Keeps `last_seen_at` fresh for people who write to the bot (at most once a minute each). */
export function touchSeen(): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    const person = ctx.person;
    const now = ctx.deps.clock.now();
    if (!person || !needsTouch(person, now)) return next();
    return touchPerson(ctx.deps.db, person, now).then(next);
  };
}

/**
 * The one error boundary: a domain refusal is answered with its message; anything else is
 * logged with the update and answered with an apology, so nobody is left without a reply.
 */
export function errorBoundary(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const t = ctx.t ?? ctx.deps?.translations.forLanguage(ctx.deps.config.defaultLanguage);
      if (isDomainError(error)) {
        await answerSafely(ctx, t?.(`errors:${error.key}`, error.params) ?? error.key);
        return;
      }
      ctx.logger?.error({ err: describeError(error), update: summariseUpdate(ctx) }, "update failed");
      await answerSafely(ctx, t?.("errors:unexpected") ?? "Something went wrong.");
    }
  };
}

async function answerSafely(ctx: BotContext, text: string): Promise<void> {
  try {
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text, show_alert: true });
    } else if (ctx.chat?.type === "private") {
      await ctx.reply(text, { parse_mode: "HTML" });
    }
  } catch (error) {
    ctx.logger?.warn({ err: describeError(error) }, "could not send the error answer");
  }
}

/** A loggable description of an error, without request payloads that may carry personal data. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof GrammyError)
    return { type: "telegram", method: error.method, code: error.error_code, description: error.description };
  if (error instanceof Error) return { type: error.name, message: error.message, stack: error.stack };
  return { type: typeof error, message: String(error) };
}

/** What the logs keep of an update: its kind and ids, not its text. */
export function summariseUpdate(ctx: BotContext): Record<string, unknown> {
  const kind = Object.keys(ctx.update).find((k) => k !== "update_id");
  return { kind, chat: ctx.chat?.id, from: ctx.from?.id, callback: ctx.callbackQuery?.data };
}
