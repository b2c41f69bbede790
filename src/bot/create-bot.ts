/**
 * `createBot`: the bot with every middleware and feature in order. Dependencies come in as
 * arguments; nothing here reads the environment.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { Bot, BotError, type MiddlewareFn, type Transformer } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { sqliteConversationStorage } from "../db/conversation-storage.js";
import { slowHandlerSeam } from "../test-seams.js";
import { botApiClientOptions } from "./bot-api-http.js";
import { type BotContext, type BotDeps, type FlowContext, UpdateContext } from "./context.js";
import { FeatureComposer } from "./feature-composer.js";
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
import { flowsOnDemand } from "./flow-registration.js";
import { ChatQueues, dropRepeatedUpdates, InFlight, privateChatsOnly } from "./middlewares/plumbing.js";
import { errorBoundary, touchSeen, updateScope } from "./middlewares/update-scope.js";

/** Retries 429 (after `retry_after`) and 5xx answers a bounded number of times. */
export function retryTransformer(): Transformer {
  return autoRetry({ maxRetryAttempts: 4, maxDelaySeconds: 60, rethrowInternalServerErrors: false });
}

/**
 * grammY's `handleUpdate` builds a new Api for every update (a client, a proxy, a config holding
 * copies of `bot.api`'s transformers): about a tenth of the garbage an update made (allocation
 * profile). Every context here shares `bot.api` instead. That is the same client with the same
 * transformers, and nothing installs a transformer on one update's context: the flows get a
 * client of their own from the conversations plugin, and install theirs on it (see `insideFlows`).
 * Webhook replies are not used (the bot polls), so grammY's path is kept for them.
 */
class SharedApiBot extends Bot<BotContext> {
  override async handleUpdate(
    update: Update,
    webhookReplyEnvelope?: Parameters<Bot<BotContext>["handleUpdate"]>[1],
  ): Promise<void> {
    if (webhookReplyEnvelope !== undefined) return super.handleUpdate(update, webhookReplyEnvelope);
    const ctx = new UpdateContext(update, this.api, this.botInfo) as unknown as BotContext;
    try {
      await this.middleware()(ctx, () => Promise.resolve());
    } catch (error) {
      throw new BotError(error, ctx);
    }
  }
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
  /** Installed innermost on every API client (before auto-retry), to see each attempt: metrics. */
  apiObservers?: readonly Transformer[];
  /** Run for every update inside the error boundary, once repeated updates are dropped: metrics. */
  updateObservers?: readonly MiddlewareFn<BotContext>[];
}

/** Builds the bot with every middleware and feature in order. */
export function createBot(deps: BotDeps, options: CreateBotOptions = {}): CreatedBot {
  const bot = new SharedApiBot(deps.config.botToken, {
    client: botApiClientOptions(deps.config.apiRoot),
    // BotContext adds fields the middleware sets; the class supplies grammY's part.
    ContextConstructor: UpdateContext as unknown as new (
      ...args: ConstructorParameters<typeof UpdateContext>
    ) => BotContext,
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  const observers = options.apiObservers ?? [];
  bot.api.config.use(...observers, retryTransformer(), ...(options.apiTransformers ?? []));
  const inFlight = new InFlight();

  // One flat chain (see FeatureComposer): grammY would nest an async wrapper per `use`.
  const root = new FeatureComposer<BotContext>();
  root.use(new ChatQueues().middleware<BotContext>());
  root.use(inFlight.middleware());
  root.use(updateScope<BotContext>(deps));
  root.use(errorBoundary());
  root.use(dropRepeatedUpdates());
  for (const observer of options.updateObservers ?? []) root.use(observer);
  root.use(privateChatsOnly());
  if (deps.config.testSlowHandlerMs > 0) root.use(slowHandlerSeam(deps.config.testSlowHandlerMs));
  root.use(touchSeen());

  // The conversations plugin gives each step of a flow an API client of its own; these go on it.
  const flowTransformers = [...observers, retryTransformer(), ...(options.apiTransformers ?? [])];
  // One middleware rather than two: the plugin composes its list anew for every step.
  const flowScope = updateScope<FlowContext>(deps);
  const insideFlows: MiddlewareFn<FlowContext>[] = [
    (ctx, next) => {
      ctx.api.config.use(...flowTransformers);
      return flowScope(ctx, next);
    },
  ];
  root.use(
    flowsOnDemand<BotContext, FlowContext>({
      storage: sqliteConversationStorage<BotContext>(deps.db, () => deps.clock.now()),
      plugins: insideFlows,
    }),
  );

  root.command("cancel", async (ctx) => {
    const active = Object.keys(ctx.conversation.active()).length > 0;
    await ctx.conversation.exitAll();
    await ctx.reply(ctx.t(active ? "common:cancelled" : "common:nothing_to_cancel"));
  });

  root.use(joinFeature());
  root.use(accountFeature());
  root.use(inviteFeature());
  root.use(peopleFeature());
  root.use(announcementsFeature());
  root.use(reviewsFeature());
  root.use(roundsFeature());
  root.use(meetingsFeature());
  root.use(auditFeature());
  root.use(unhandledFeature());

  bot.use(root);

  bot.catch((error) => {
    deps.logger.error(
      { err: String(error.error), update_id: error.ctx.update.update_id },
      "unhandled bot error",
    );
  });

  return { bot, inFlight };
}
