/**
 * Delivery plumbing: drop an update seen before, keep to private chats, and count handlers in
 * flight so a shutdown can wait for them.
 */
import type { Context, MiddlewareFn } from "grammy";
import { firstDelivery } from "../../db/processed-updates.js";
import { claimSetting } from "../../domain/settings.js";
import type { BotContext } from "../context.js";

/** Telegram may deliver an update twice (a restart before the offset was confirmed): act once. */
export function dropRepeatedUpdates(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (!(await firstDelivery(ctx.deps.db, ctx.update.update_id, ctx.deps.clock.now()))) {
      ctx.logger.info("repeated update dropped");
      return;
    }
    await next();
  };
}

/** The bot works in private chats; a group is told so once, and otherwise ignored. */
export function privateChatsOnly(): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    const chat = ctx.chat;
    // Nearly every update: passed on without a promise of its own.
    if (!chat || chat.type === "private") return next();
    return answerOutsidePrivateChat(ctx, chat);
  };
}

/** A group or channel: told once that the bot works in private chats, when addressed. */
async function answerOutsidePrivateChat(
  ctx: BotContext,
  chat: NonNullable<BotContext["chat"]>,
): Promise<void> {
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: ctx.t("common:private_only"), show_alert: true });
    return;
  }
  if (chat.type === "channel") return;
  const addressed = ctx.message?.entities?.some((e) => e.type === "bot_command" || e.type === "mention");
  const joined = !!ctx.message?.new_chat_members?.some((m) => m.id === ctx.me.id);
  if (!addressed && !joined) return;
  const first = await claimSetting(ctx.deps.db, `group_told:${chat.id}`, String(ctx.deps.clock.now()));
  if (first) await ctx.reply(ctx.t("common:private_only"));
}

/**
 * One update at a time per chat (per sender where there is no chat), in the order they arrive;
 * different chats run side by side. The runner's `sequentialize` does this for any set of keys,
 * with half a dozen arrays, closures and promises per update (3% of all the garbage under load);
 * the bot needs one key, and an update whose chat has nothing in flight just runs.
 */
export class ChatQueues {
  private readonly tails = new Map<number, Promise<void>>();

  middleware<C extends Context>(): MiddlewareFn<C> {
    return (ctx, next) => {
      const key = ctx.chat?.id ?? ctx.from?.id;
      if (key === undefined) return next();
      const before = this.tails.get(key);
      const go = () => next();
      // A failed update does not hold up the next one of its chat; its error goes to its caller.
      const task = before === undefined ? go() : before.then(go, go);
      this.tails.set(key, task);
      const forget = () => {
        if (this.tails.get(key) === task) this.tails.delete(key);
      };
      task.then(forget, forget);
      return task;
    };
  }

  /** Chats with an update in flight. */
  get busy(): number {
    return this.tails.size;
  }
}

/** Counts handlers in flight; `idle()` resolves when none is running. */
export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  middleware(): MiddlewareFn<BotContext> {
    return async (_ctx, next) => {
      this.count++;
      try {
        await next();
      } finally {
        this.count--;
        if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
      }
    };
  }

  get running(): number {
    return this.count;
  }

  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}
