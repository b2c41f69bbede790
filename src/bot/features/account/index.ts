/**
 * A member's own account: /start (welcome back), /help, /me, /language, /timezone, /cancel.
 */
import { createConversation } from "@grammyjs/conversations";
import { Composer } from "grammy";
import { affiliationName } from "../../../domain/people/affiliation.js";
import { setLanguage, setTimeZone } from "../../../domain/people/people.js";
import { effectiveTimeZone, suggestedTimeZones } from "../../../domain/people/time-zones.js";
import { describeError } from "../../../logger.js";
import { syncPersonMenu } from "../../commands.js";
import type { BotContext, BotConversation, FlowContext } from "../../context.js";
import { formatDate, formatTime, zoneLabel } from "../../dates.js";
import { answerPress } from "../../press-answers.js";
import { languageChoice, languageKeyboard } from "../../shared/language-picker.js";
import { askZone, zoneListKeyboard } from "../../shared/time-zone-question.js";
import { helpText } from "../../shared/welcome.js";

export const TIMEZONE_FLOW = "timezone";

/**
 * The answer to the /timezone message: a zone button or a typed zone name (the command's handler
 * asks, below). The flow holds only the wait, so the step that answers replays nothing before it.
 */
async function timezoneFlow(conversation: BotConversation, ctx: FlowContext): Promise<void> {
  const zone = await askZone(conversation, ctx.t);
  const setAt = await conversation.external(async (outer) => {
    const at = outer.deps.clock.now();
    if (outer.person) await setTimeZone(outer.deps.db, outer.person.id, zone, at);
    return at;
  });
  await ctx.reply(
    ctx.t("account:zone_set", {
      zone: zoneLabel(setAt, zone, ctx.t),
      time: formatTime(setAt, zone, ctx.lang),
    }),
    { parse_mode: "HTML" },
  );
}

export function accountFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const members = feature.filter(
    (ctx): ctx is BotContext & { person: NonNullable<BotContext["person"]> } => !!ctx.person,
  );

  members.use(createConversation(timezoneFlow, TIMEZONE_FLOW));

  members.command(["start", "help"], async (ctx) => {
    await ctx.reply(helpText(ctx.t, ctx.person), { parse_mode: "HTML" });
  });

  members.command("me", async (ctx) => {
    const { db, config } = ctx.deps;
    const p = ctx.person;
    const zone = await effectiveTimeZone(db, p, config.defaultTimeZone);
    const affiliation = await affiliationName(db, { stateCode: p.state_code, orgCode: p.org_code }, ctx.lang);
    await ctx.reply(
      ctx.t("account:me", {
        name: p.name,
        role: ctx.t(`roles:${p.role}`),
        affiliation: affiliation ?? ctx.t("roles:secretariat_body"),
        language: ctx.t(`languages:${ctx.lang}`),
        zone: zoneLabel(ctx.deps.clock.now(), zone, ctx.t),
        joined: formatDate(p.joined_at, zone, ctx.lang),
      }),
      { parse_mode: "HTML" },
    );
  });

  members.command("language", async (ctx) => {
    await ctx.reply(ctx.t("account:choose_language"), {
      reply_markup: languageKeyboard(ctx.deps.translations.languages),
    });
  });

  members.callbackQuery(languageChoice.pattern, async (ctx) => {
    const code = languageChoice.unpack(ctx.callbackQuery.data)?.code;
    const { translations, db, clock, config } = ctx.deps;
    if (!code || !translations.languages.includes(code)) {
      await answerPress(ctx, "common:button_stale", { alert: true });
      return;
    }
    await setLanguage(db, ctx.person.id, code, clock.now());
    const t = translations.forLanguage(code);
    await ctx.answerCallbackQuery();
    await ctx.reply(t("account:language_set", { language: t(`languages:${code}`) }));
    // The chat's menu follows the language chosen, whatever the Telegram app's language.
    try {
      await syncPersonMenu(ctx.api, translations, { ...ctx.person, language: code }, config.defaultLanguage);
    } catch (error) {
      ctx.logger.warn({ err: describeError(error) }, "command menu not refreshed");
    }
  });

  // The current zone and the list, in one message; then the flow waits for the answer.
  members.command("timezone", async (ctx) => {
    // A flow placed after this feature (a review comment, a meeting step) is waiting for its
    // answer: it is finished or cancelled first, as a command inside any flow is answered.
    if (Object.keys(ctx.conversation.active()).length > 0) {
      await ctx.reply(ctx.t("common:finish_or_cancel"));
      return;
    }
    const { db, clock, config } = ctx.deps;
    const now = clock.now();
    const zones = await suggestedTimeZones(db);
    const current = await effectiveTimeZone(db, ctx.person, config.defaultTimeZone);
    const currently = ctx.t("account:zone_current", {
      zone: zoneLabel(now, current, ctx.t),
      time: formatTime(now, current, ctx.lang),
    });
    await ctx.reply(`${currently}\n\n${ctx.t("account:zone_list")}`, {
      parse_mode: "HTML",
      reply_markup: zoneListKeyboard(zones, now, ctx.t),
    });
    await ctx.conversation.enter(TIMEZONE_FLOW);
  });

  return feature;
}
