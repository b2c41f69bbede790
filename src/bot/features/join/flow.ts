/**
 * Joining by invitation: confirm the name, choose the language, confirm or change the time zone,
 * then the invitation is used and the person is in. Persisted, so a restart resumes the step.
 */

import { isDomainError } from "../../../domain/errors.js";
import { cutAtGrapheme } from "../../../domain/free-text.js";
import { affiliationName } from "../../../domain/people/affiliation.js";
import {
  checkInvitation,
  type NewcomerDetails,
  redeemInvitation,
} from "../../../domain/people/invitations.js";
import { countActiveSecretariat, isActive, type Person, type Role } from "../../../domain/people/people.js";
import { stateTimeZone, suggestedTimeZones } from "../../../domain/people/time-zones.js";
import { describeError } from "../../../logger.js";
import { syncPersonMenu } from "../../commands.js";
import type { BotConversation, FlowContext } from "../../context.js";
import { formatTime, zoneLabel } from "../../dates.js";
import type { Translate } from "../../i18n.js";
import { answerPress } from "../../press-answers.js";
import { joinLanguageChoice, languageKeyboard } from "../../shared/language-picker.js";
import { askZone, keepZoneKeyboard, zoneListKeyboard, zoneStep } from "../../shared/time-zone-question.js";
import { welcomeText } from "../../shared/welcome.js";
import { waitForButton, waitForText } from "../../waiting.js";
import { confirmNameKeyboard, nameStep, roleChangeKeyboard, roleChangeStep } from "./keyboards.js";

export const JOIN_FLOW = "join";
const MAX_NAME = 100;

interface Offer {
  role: Role;
  stateCode: string | null;
  orgCode: string | null;
  affiliation: string | null;
  defaultZone: string;
  /** The person, when they are an active member already: their role changes only if they confirm. */
  member: { person: Person; affiliation: string | null } | null;
}

/** Who will see the name: the secretariat is not asked about "other coordinators", nor is an observer. */
function confirmNameKey(role: Role): string {
  if (role === "secretariat") return "join:confirm_name_secretariat";
  if (role === "observer") return "join:confirm_name_observer";
  return "join:confirm_name";
}

/** The conversation: entered from `/start <code>` with a code already checked once. */
export async function joinFlow(conversation: BotConversation, ctx: FlowContext, code: string): Promise<void> {
  const { translations } = ctx.deps;
  const offer = await conversation.external(async (outer): Promise<Offer | { refused: string }> => {
    const check = await checkInvitation(outer.deps.db, code, outer.deps.clock.now());
    if (!check.ok) return { refused: check.reason };
    const inv = check.invitation;
    const a = { stateCode: inv.state_code, orgCode: inv.org_code };
    return {
      role: inv.role,
      stateCode: inv.state_code,
      orgCode: inv.org_code,
      affiliation: await affiliationName(outer.deps.db, a, outer.lang),
      defaultZone: await stateTimeZone(outer.deps.db, inv.state_code, outer.deps.config.defaultTimeZone),
      member:
        outer.person && isActive(outer.person)
          ? {
              person: outer.person,
              affiliation: await affiliationName(
                outer.deps.db,
                { stateCode: outer.person.state_code, orgCode: outer.person.org_code },
                outer.lang,
              ),
            }
          : null,
    };
  });
  if ("refused" in offer) {
    await ctx.reply(ctx.t(`access:${offer.refused}`));
    return;
  }

  let t: Translate = ctx.t;
  const from = ctx.from;
  if (!from) return;
  if (offer.member) return changeRole(conversation, ctx, code, offer, offer.member);
  let name = cutAtGrapheme([from.first_name, from.last_name].filter(Boolean).join(" "), MAX_NAME).trimEnd();

  await ctx.reply(
    `${t("join:invited", { role: t(`roles:${offer.role}`), affiliation: offer.affiliation ?? t("roles:secretariat_body") })}\n\n${t(confirmNameKey(offer.role), { name })}`,
    { parse_mode: "HTML", reply_markup: confirmNameKeyboard(t) },
  );
  const nameAnswer = await waitForButton(conversation, nameStep);
  await nameAnswer.ctx.answerCallbackQuery();
  if (nameAnswer.values.action === "change") {
    await ctx.reply(t("join:type_name", { max: MAX_NAME }));
    const typed = await waitForText(conversation, MAX_NAME);
    if ("text" in typed) name = typed.text;
  }

  await ctx.reply(t("join:choose_language"), {
    reply_markup: languageKeyboard(translations.languages, joinLanguageChoice),
  });
  let lang = ctx.lang;
  for (;;) {
    const pick = await waitForButton(conversation, joinLanguageChoice);
    if (translations.languages.includes(pick.values.code)) {
      lang = pick.values.code;
      await pick.ctx.answerCallbackQuery();
      await pick.ctx.editMessageReplyMarkup().catch(() => undefined);
      break;
    }
    await answerPress(pick.ctx, "common:button_stale", { alert: true, t: t });
  }
  t = translations.forLanguage(lang);

  const now = await conversation.external((outer) => outer.deps.clock.now());
  await ctx.reply(
    t("account:zone_prompt", {
      zone: zoneLabel(now, offer.defaultZone, t),
      time: formatTime(now, offer.defaultZone, lang),
    }),
    { parse_mode: "HTML", reply_markup: keepZoneKeyboard(t, offer.defaultZone, now) },
  );
  let zone = offer.defaultZone;
  const zoneAnswer = await waitForButton(conversation, zoneStep, t);
  await zoneAnswer.ctx.answerCallbackQuery();
  if (zoneAnswer.values.action === "other") {
    const zones = await conversation.external((outer) => suggestedTimeZones(outer.deps.db));
    await ctx.reply(t("account:zone_list"), { reply_markup: zoneListKeyboard(zones, now, t) });
    zone = await askZone(conversation, t);
  }

  await redeemAndWelcome(conversation, ctx, code, t, {
    telegramId: from.id,
    name,
    telegramUsername: from.username ?? null,
    language: lang,
    timeZone: zone,
  });
}

/**
 * An active member opened another invitation: their role and the invitation's are shown, and the
 * change happens only if they confirm. Declining leaves both them and the invitation as they were,
 * so a link opened to check it before forwarding still works.
 */
async function changeRole(
  conversation: BotConversation,
  ctx: FlowContext,
  code: string,
  offer: Offer,
  member: NonNullable<Offer["member"]>,
): Promise<void> {
  const t = ctx.t;
  const { person } = member;
  const roleLine = (role: Role, affiliation: string | null) =>
    t("join:role_line", {
      role: t(`roles:${role}`),
      affiliation: affiliation ?? t("roles:secretariat_body"),
    });
  const current = roleLine(person.role, member.affiliation);
  const offered = roleLine(offer.role, offer.affiliation);
  const lastSecretariat = await conversation.external(
    async (outer) =>
      person.role === "secretariat" &&
      offer.role !== "secretariat" &&
      (await countActiveSecretariat(outer.deps.db)) <= 1,
  );
  if (lastSecretariat) {
    await ctx.reply(t("join:role_change_last_secretariat", { current, offered }), { parse_mode: "HTML" });
    return;
  }
  await ctx.reply(t("join:role_change_question", { current, offered }), {
    parse_mode: "HTML",
    reply_markup: roleChangeKeyboard(t),
  });
  const answer = await waitForButton(conversation, roleChangeStep, t);
  await answer.ctx.answerCallbackQuery();
  await answer.ctx.editMessageReplyMarkup().catch(() => undefined);
  if (answer.values.action !== "yes") {
    await ctx.reply(t("join:role_change_kept", { current }), { parse_mode: "HTML" });
    return;
  }
  await redeemAndWelcome(conversation, ctx, code, t, {
    telegramId: person.telegram_id,
    name: person.name,
    telegramUsername: ctx.from?.username ?? person.telegram_username,
    language: person.language ?? ctx.lang,
    timeZone: person.time_zone ?? offer.defaultZone,
  });
}

/** Uses the invitation (the person's record takes its role and affiliation), then welcomes them. */
async function redeemAndWelcome(
  conversation: BotConversation,
  ctx: FlowContext,
  code: string,
  t: Translate,
  details: NewcomerDetails,
): Promise<void> {
  const { translations } = ctx.deps;
  const joined = await conversation.external(
    async (outer): Promise<{ person: Person; affiliation: string | null } | { refused: string }> => {
      try {
        const person = await redeemInvitation(outer.deps.db, code, details, outer.deps.clock.now());
        const affiliation = await affiliationName(
          outer.deps.db,
          { stateCode: person.state_code, orgCode: person.org_code },
          details.language,
        );
        return { person, affiliation };
      } catch (error) {
        if (isDomainError(error)) return { refused: error.key };
        throw error;
      }
    },
  );
  if ("refused" in joined) {
    await ctx.reply(
      t(joined.refused === "last_secretariat" ? "errors:last_secretariat" : `access:${joined.refused}`),
    );
    return;
  }
  await ctx.reply(welcomeText(t, joined.person, joined.affiliation), { parse_mode: "HTML" });
  try {
    await syncPersonMenu(ctx.api, translations, joined.person, ctx.deps.config.defaultLanguage);
  } catch (error) {
    ctx.logger.warn({ err: describeError(error) }, "command menu not set after joining");
  }
}
