/**
 * The commands the bot offers, with who may use them. Help texts and Telegram's command menus
 * are both derived from this one list, so they always agree with what the handlers accept.
 * Every member's chat has a menu of its own, of their role in the language they chose (which
 * need not be their Telegram app's); the default menus, per Telegram language, are what
 * strangers and people without a chat menu see.
 */
import { createHash } from "node:crypto";
import type { Api } from "grammy";
import type { BotCommand, LanguageCode } from "grammy/types";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { listPeople, type Role } from "../domain/people/people.js";
import { getSetting, setSetting } from "../domain/settings.js";
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

/**
 * Gives one person the menu of their role in their chosen language, whatever their role (or drops
 * the chat's menu once they are deactivated). Called when they join, choose a language, or the
 * secretariat changes their role or deactivates them.
 */
export async function syncPersonMenu(
  api: Api,
  translations: Translations,
  person: { telegram_id: number; role: Role; language: string | null; deactivated_at: number | null },
  defaultLanguage: string,
): Promise<void> {
  const scope = { type: "chat" as const, chat_id: person.telegram_id };
  if (person.deactivated_at === null) {
    const lang = person.language ? translations.resolveLanguage(person.language, undefined) : defaultLanguage;
    await api.setMyCommands(menu(translations, lang, person.role), { scope });
  } else {
    await api.deleteMyCommands({ scope });
  }
}

/** A fingerprint of every menu in every language: when it changes, the chats' menus are set again. */
function menusFingerprint(translations: Translations): string {
  const roles: Role[] = ["coordinator", "alternate", "observer", "secretariat"];
  const all = translations.languages.map((lang) => roles.map((role) => menu(translations, lang, role)));
  return createHash("sha256").update(JSON.stringify(all)).digest("hex").slice(0, 16);
}

const MENUS_SETTING = "command_menus";

/**
 * At start: the default menus, and, when the menus differ from those last given to every chat
 * (a new command or wording, or the first start of a version with a menu per chat), every
 * person's chat menu. A menu Telegram refuses is logged and skipped.
 */
export async function syncAllMenus(
  api: Api,
  db: Kysely<Database>,
  translations: Translations,
  defaultLanguage: string,
  logger: Logger,
): Promise<void> {
  await syncDefaultMenus(api, translations, defaultLanguage);
  const fingerprint = menusFingerprint(translations);
  if ((await getSetting(db, MENUS_SETTING)) === fingerprint) return;
  for (const person of await listPeople(db, defaultLanguage)) {
    try {
      await syncPersonMenu(api, translations, person, defaultLanguage);
    } catch (error) {
      // A chat Telegram no longer knows (blocked, deleted): its menu follows the person's next change.
      logger.warn({ person: person.id, error: String(error) }, "command menu not set");
    }
  }
  await setSetting(db, MENUS_SETTING, fingerprint);
}
