/**
 * `createBot`: the bot with every middleware and feature in order. Dependencies come in as
 * arguments; nothing here reads the environment.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { conversations } from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type MiddlewareFn, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { sqliteConversationStorage } from "../db/conversation-storage.js";
import { slowHandlerSeam } from "../test-seams.js";
import { botApiClientOptions } from "./bot-api-http.js";
import type { BotContext, BotDeps, FlowContext } from "./context.js";
import { accountFeature } from "./features/account/index.js";
import { announcementsFeature } from "./features/announcements/index.js";
import { inviteFeature } from "./features/invite/index.js";
import { joinFeature } from "./features/join/index.js";
import { meetingsFeature } from "./features/meetings/index.js";
import { peopleFeature } from "./features/people/index.js";
import { reviewsFeature } from "./features/reviews/index.js";
import { roundsFeature } from "./features/rounds/index.js";
import { unhandledFeature } from "./features/unhandled.js";
import { dropRepeatedUpdates, InFlight, privateChatsOnly } from "./middlewares/plumbing.js";
import { errorBoundary, touchSeen, updateScope } from "./middlewares/update-scope.js";

/** Retries 429 (after `retry_after`) and 5xx answers a bounded number of times. */
export function retryTransformer(): Transformer {
  return autoRetry({ maxRetryAttempts: 4, maxDelaySeconds: 60, rethrowInternalServerErrors: false });
}

export interface CreatedBot {
  bot: Bot<BotContext>;
  inFlight: InFlight;
}

export interface CreateBotOptions {
  /** Skips the getMe call (tests, benchmarks). */
  botInfo?: UserFromGetMe;
  /**
   * Installed outermost on every API client the bot uses, inside conversations too (which build
   * their own client): lets a benchmark answer Bot API calls in process, without HTTP.
   */
  apiTransformers?: readonly Transformer[];
}

/** Builds the bot with every middleware and feature in order. */
export function createBot(deps: BotDeps, options: CreateBotOptions = {}): CreatedBot {
  const bot = new Bot<BotContext>(deps.config.botToken, {
    client: botApiClientOptions(deps.config.apiRoot),
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  bot.api.config.use(retryTransformer(), ...(options.apiTransformers ?? []));
  const inFlight = new InFlight();

  bot.use(sequentialize((ctx) => (ctx.chat?.id ?? ctx.from?.id)?.toString()));
  bot.use(inFlight.middleware());
  bot.use(updateScope<BotContext>(deps));
  bot.use(errorBoundary());
  bot.use(dropRepeatedUpdates());
  bot.use(privateChatsOnly());
  if (deps.config.testSlowHandlerMs > 0) bot.use(slowHandlerSeam(deps.config.testSlowHandlerMs));
  bot.use(touchSeen());

  const insideFlows: MiddlewareFn<FlowContext>[] = [
    async (ctx, next) => {
      ctx.api.config.use(retryTransformer(), ...(options.apiTransformers ?? []));
      await next();
    },
    updateScope<FlowContext>(deps),
  ];
  bot.use(
    conversations<BotContext, FlowContext>({
      storage: sqliteConversationStorage<BotContext>(deps.db, () => deps.clock.now()),
      plugins: insideFlows,
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
  bot.use(unhandledFeature());

  bot.catch((error) => {
    deps.logger.error(
      { err: String(error.error), update_id: error.ctx.update.update_id },
      "unhandled bot error",
    );
  });

  return { bot, inFlight };
}
