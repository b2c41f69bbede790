/**
 * The commands the bot offers, with who may use them. Help texts and Telegram's command menus
 * are both derived from this one list, so they always agree with what the handlers accept.
 */
import type { Api } from "grammy";
import type { BotCommand, LanguageCode } from "grammy/types";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { type Role, secretariatMembers } from "../domain/people/people.js";
import type { Logger } from "../logger.js";
import type { Translations } from "./i18n.js";

const EVERYONE: readonly Role[] = ["coordinator", "alternate", "observer", "secretariat"];

export interface CommandSpec {
  command: string;
  roles: readonly Role[];
}

/** In menu order. Descriptions are `commands:<command>` in the locales. */
export const COMMANDS: readonly CommandSpec[] = [
  { command: "help", roles: EVERYONE },
  { command: "invite", roles: ["secretariat"] },
  { command: "people", roles: ["secretariat"] },
  { command: "announce", roles: ["secretariat"] },
  { command: "announcements", roles: ["secretariat"] },
  { command: "rounds", roles: ["secretariat"] },
  { command: "review", roles: ["coordinator", "alternate", "observer"] },
  { command: "newmeeting", roles: ["secretariat"] },
  { command: "audit", roles: ["secretariat"] },
  { command: "meetings", roles: EVERYONE },
  { command: "me", roles: EVERYONE },
  { command: "language", roles: EVERYONE },
  { command: "timezone", roles: EVERYONE },
  { command: "cancel", roles: EVERYONE },
];

export function commandsFor(role: Role): CommandSpec[] {
  return COMMANDS.filter((c) => c.roles.includes(role));
}

function menu(translations: Translations, lang: string, role: Role): BotCommand[] {
  const t = translations.forLanguage(lang);
  return commandsFor(role).map((c) => ({ command: c.command, description: t(`commands:${c.command}`) }));
}

/**
 * Sets the menus: the default scope (per language) shows what coordinators and observers can do;
 * each secretariat member gets a chat-scoped menu in their own language.
 */
export async function syncDefaultMenus(
  api: Api,
  translations: Translations,
  defaultLanguage: string,
): Promise<void> {
  for (const lang of translations.languages) {
    await api.setMyCommands(menu(translations, lang, "coordinator"), {
      scope: { type: "default" },
      language_code: lang as LanguageCode,
    });
  }
  await api.setMyCommands(menu(translations, defaultLanguage, "coordinator"), { scope: { type: "default" } });
}

/** Gives one person the menu of their role and language (or drops a chat scope they no longer need). */
export async function syncPersonMenu(
  api: Api,
  translations: Translations,
  person: { telegram_id: number; role: Role; language: string | null; deactivated_at: number | null },
  defaultLanguage: string,
): Promise<void> {
  const scope = { type: "chat" as const, chat_id: person.telegram_id };
  if (person.role === "secretariat" && person.deactivated_at === null) {
    await api.setMyCommands(menu(translations, person.language ?? defaultLanguage, "secretariat"), { scope });
  } else {
    await api.deleteMyCommands({ scope });
  }
}

/** At start: every active secretariat member's menu, logged and skipped when Telegram refuses one. */
export async function syncAllMenus(
  api: Api,
  db: Kysely<Database>,
  translations: Translations,
  defaultLanguage: string,
  logger: Logger,
): Promise<void> {
  await syncDefaultMenus(api, translations, defaultLanguage);
  for (const person of await secretariatMembers(db)) {
    try {
      await syncPersonMenu(api, translations, person, defaultLanguage);
    } catch (error) {
      logger.warn({ person: person.id, error: String(error) }, "command menu not set");
    }
  }
}
