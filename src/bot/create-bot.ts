/**
 * `createBot`: the bot with every middleware and feature in order. Dependencies come in as
 * arguments; nothing here reads the environment.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { conversations } from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Middleware, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import nodeFetch from "node-fetch";
import { sqliteConversationStorage } from "../db/conversation-storage.js";
import type { SendBudget } from "../outbox/send-budget.js";
import type { BotContext, BotDeps, FlowContext } from "./context.js";
import { accountFeature } from "./features/account/index.js";
import { announcementsFeature } from "./features/announcements/index.js";
import { auditFeature } from "./features/audit/index.js";
import { inviteFeature } from "./features/invite/index.js";
import { joinFeature } from "./features/join/index.js";
import { meetingsFeature } from "./features/meetings/index.js";
import { peopleFeature } from "./features/people/index.js";
import { reviewsFeature } from "./features/reviews/index.js";
import { roundsFeature } from "./features/rounds/index.js";
import { unhandledFeature } from "./features/unhandled.js";
import { errorBoundary } from "./middlewares/error-boundary.js";
import { InFlight } from "./middlewares/in-flight.js";
import { touchSeen } from "./middlewares/last-seen.js";
import { PressEtiquette } from "./middlewares/press-etiquette.js";
import { privateChatsOnly } from "./middlewares/private-chats.js";
import { dropRepeatedUpdates } from "./middlewares/repeated-updates.js";
import { updateScope } from "./middlewares/update-scope.js";

/**
 * Retries 429 (after `retry_after`) and 5xx answers a bounded number of times. A network failure
 * is not retried here: the runner asks for updates again every few seconds by itself, and a reply
 * that cannot reach Telegram fails at once instead of waiting with its chat's later updates.
 */
export function retryTransformer(): Transformer {
  return autoRetry({ maxRetryAttempts: 4, maxDelaySeconds: 60, rethrowHttpErrors: true });
}

/** The key updates are put in order by: one chat's updates one after another, chats side by side. */
export function chatKey(ctx: { chat?: { id: number }; from?: { id: number } }): string | undefined {
  return (ctx.chat?.id ?? ctx.from?.id)?.toString();
}

export interface CreatedBot {
  bot: Bot<BotContext>;
  inFlight: InFlight;
}

export interface CreateBotOptions {
  /** Skips the getMe call (tests, benchmarks). */
  botInfo?: UserFromGetMe;
  /**
   * Installed nearest the network on the bot's client, to see every real call (the connection's
   * health, metrics). Not inside flows: the conversations plugin answers a flow's earlier calls
   * from its log on every step, and those are not calls to Telegram.
   */
  apiTransformers?: readonly Transformer[];
  /** The one budget of everything the bot sends; without it, replies are not held back. */
  budget?: SendBudget;
  /** Installed after the plumbing and before the features (every update that reaches them passes). */
  middleware?: readonly Middleware<BotContext>[];
}

/** Builds the bot with every middleware and feature in order. */
export function createBot(deps: BotDeps, options: CreateBotOptions = {}): CreatedBot {
  const bot = new Bot<BotContext>(deps.config.botToken, {
    client: {
      apiRoot: deps.config.apiRoot,
      ...(options.budget ? { fetch: options.budget.fetch(nodeFetch) as unknown as typeof nodeFetch } : {}),
    },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  const etiquette = new PressEtiquette();
  const budget = options.budget ? [options.budget.transformer()] : [];
  bot.api.config.use(
    ...(options.apiTransformers ?? []),
    ...budget,
    etiquette.transformer(),
    retryTransformer(),
  );
  const inFlight = new InFlight();

  bot.use(sequentialize(chatKey));
  bot.use(inFlight.middleware());
  bot.use(updateScope<BotContext>(deps));
  bot.use(etiquette.middleware());
  bot.use(errorBoundary(etiquette));
  bot.use(dropRepeatedUpdates());
  bot.use(privateChatsOnly());
  for (const middleware of options.middleware ?? []) bot.use(middleware);
  bot.use(touchSeen());

  // Plugins and transformers of the bot are not inherited inside conversations: installed again.
  bot.use(
    conversations<BotContext, FlowContext>({
      storage: sqliteConversationStorage<BotContext>(deps.db, () => deps.clock.now()),
      plugins: [
        async (ctx, next) => {
          ctx.api.config.use(...budget, etiquette.flowTransformer(), retryTransformer());
          await next();
        },
        updateScope<FlowContext>(deps),
      ],
    }),
  );

  bot.command("cancel", async (ctx) => {
    const active = Object.keys(ctx.conversation.active()).length > 0;
    await ctx.conversation.exitAll();
    await ctx.reply(ctx.t(active ? "common:cancelled" : "common:nothing_to_cancel"));
  });

  bot.use(joinFeature());
  bot.use(accountFeature());
  bot.use(inviteFeature());
  bot.use(peopleFeature());
  bot.use(announcementsFeature());
  bot.use(reviewsFeature());
  bot.use(roundsFeature());
  bot.use(meetingsFeature());
  bot.use(auditFeature());
  bot.use(unhandledFeature());

  bot.catch((error) => {
    deps.logger.error(
      { err: String(error.error), update_id: error.ctx.update.update_id },
      "unhandled bot error",
    );
  });

  return { bot, inFlight };
}
