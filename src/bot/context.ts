/**
 * The context types: what every handler outside a conversation sees (`BotContext`),
 * and what the steps inside a conversation see (`FlowContext`). They are never mixed.
 */
import type { Conversation, ConversationFlavor } from "@grammyjs/conversations";
import type { Context } from "grammy";
import type { Kysely } from "kysely";
import type { Config } from "../config.js";
import type { Database } from "../db/schema.js";
import type { Person } from "../domain/people/people.js";
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

/** Per-update additions shared by both context types (set by `updateScope`). */
export interface UpdateScope {
  deps: BotDeps;
  /** A child logger tagged with the update's id. */
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
