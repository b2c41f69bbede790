/**
 * The context types: what every handler outside a conversation sees (`BotContext`),
 * and what the steps inside a conversation see (`FlowContext`). They are never mixed.
 */
import type { Conversation, ConversationFlavor } from "@grammyjs/conversations";
import { type Context, Context as GrammyContext } from "grammy";
import type { Kysely } from "kysely";
import type { Config } from "../config.js";
import type { Database } from "../db/schema.js";
import type { Person } from "../domain/people.js";
import type { Logger } from "../logger.js";
import type { Clock } from "../outbox/clock.js";
import type { Translate, Translations } from "./i18n.js";

/** What the bot needs from the rest of the process; passed into `createBot`. */
export interface BotDeps {
  config: Config;
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  translations: Translations;
  /** Wakes the outbox dispatcher after something was queued. */
  wakeOutbox?: () => void;
}

/** Per-update additions shared by both context types. */
export interface UpdateScope {
  deps: BotDeps;
  logger: Logger;
  /** The person behind the update, loaded once; null for a stranger. */
  person: Person | null;
  /** The language this update is answered in. */
  lang: string;
  t: Translate;
}

export type BotContext = ConversationFlavor<Context & UpdateScope>;
export type FlowContext = Context & UpdateScope;
export type BotConversation = Conversation<BotContext, FlowContext>;

const NOT_YET = Symbol("not worked out yet");

/**
 * grammY's context, with `msg`, `chat` and `from` worked out once per update: each of grammY's
 * getters walks a dozen fields of the update, and the middleware asks for them dozens of times per
 * update (2–3% of the CPU under load). An update never changes, so neither do they. The logger is
 * a getter here rather than a property each update defines (a closure and a shape change each).
 */
export class UpdateContext extends GrammyContext {
  /** Set by `updateScope` before anything asks for the logger. */
  deps: BotDeps | undefined;
  private childLogger: Logger | undefined;
  private knownMsg: GrammyContext["msg"] | typeof NOT_YET = NOT_YET;
  private knownChat: GrammyContext["chat"] | typeof NOT_YET = NOT_YET;
  private knownFrom: GrammyContext["from"] | typeof NOT_YET = NOT_YET;

  override get msg(): GrammyContext["msg"] {
    if (this.knownMsg === NOT_YET) this.knownMsg = super.msg;
    return this.knownMsg;
  }

  override get chat(): GrammyContext["chat"] {
    if (this.knownChat === NOT_YET) this.knownChat = super.chat;
    return this.knownChat;
  }

  override get from(): GrammyContext["from"] {
    if (this.knownFrom === NOT_YET) this.knownFrom = super.from;
    return this.knownFrom;
  }

  /** The update's child logger, made on first use: most updates log nothing. */
  get logger(): Logger | undefined {
    if (this.childLogger === undefined && this.deps !== undefined)
      this.childLogger = this.deps.logger.child({ update_id: this.update.update_id });
    return this.childLogger;
  }
}
