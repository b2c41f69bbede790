/**
 * The languages a refusal is said in to someone the bot does not let in: their own language when
 * the bot speaks it (chosen when they were a member, else their Telegram language); otherwise the
 * default language and English, so that a visitor whose language is not shipped can read one.
 */
import type { FlowContext } from "../context.js";
import type { Translate } from "../i18n.js";

export function refusalLanguages(ctx: Pick<FlowContext, "deps" | "person" | "from" | "t">): Translate[] {
  const { translations, config } = ctx.deps;
  const telegram = ctx.from?.language_code?.toLowerCase().split(/[-_]/)[0] ?? "";
  if (ctx.person?.language || translations.languages.includes(telegram)) return [ctx.t];
  return [...new Set([config.defaultLanguage, "en"])].map((lang) => translations.forLanguage(lang));
}

/** The text of `key` in each of the refusal's languages, one paragraph each. */
export function refusalText(ctx: Pick<FlowContext, "deps" | "person" | "from" | "t">, key: string): string {
  return refusalLanguages(ctx)
    .map((t) => t(key))
    .join("\n\n");
}
