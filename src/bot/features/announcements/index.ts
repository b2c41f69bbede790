/**
 * Announcements: /announce (secretariat), the recipients' Acknowledge button, and /announcements
 * with each broadcast's first words and figures, who acknowledged (out of those who received it),
 * and a re-send to those who have not.
 */
import { createConversation } from "@grammyjs/conversations";
import { Composer } from "grammy";
import {
  getAnnouncement,
  recentAnnouncements,
  versionFor,
} from "../../../domain/announcements/announcements.js";
import type { Audience } from "../../../domain/announcements/audience.js";
import {
  acknowledge,
  deliveryCounts,
  recipientOutcomes,
  resendToUnacknowledged,
} from "../../../domain/announcements/delivery.js";
import { DomainError } from "../../../domain/errors.js";
import { affiliationName } from "../../../domain/people/affiliation.js";
import { effectiveTimeZone } from "../../../domain/people/time-zones.js";
import type { BotContext } from "../../context.js";
import { formatDate, formatDateTime } from "../../dates.js";
import { type MemberContext, onlyRoles } from "../../guards.js";
import { escapeHtml } from "../../i18n.js";
import { answerPress } from "../../press-answers.js";
import { isolateDirection } from "../../shared/text.js";
import { audienceText, contentWords } from "./describe.js";
import { ANNOUNCE_FLOW, announceFlow } from "./flow.js";
import {
  ackButtonRow,
  acknowledgeChoice,
  announcementsAction,
  confirmResendKeyboard,
  detailKeyboard,
  listKeyboard,
  resendConfirm,
} from "./keyboards.js";

async function listView(ctx: MemberContext) {
  const { db, config } = ctx.deps;
  const zone = await effectiveTimeZone(db, ctx.person, config.defaultTimeZone);
  const items = await Promise.all(
    (await recentAnnouncements(db)).map(async (a) => {
      const counts = await deliveryCounts(db, a.id);
      return {
        id: a.id,
        label: ctx.t("announcements:list_item", {
          id: a.id,
          date: formatDate(a.created_at, zone, ctx.lang),
          sent: counts.sent,
          total: a.recipients,
          words: contentWords(ctx.t, await versionFor(db, a, a.default_lang)),
          interpolation: { escapeValue: false },
        }),
      };
    }),
  );
  return {
    text: ctx.t(items.length ? "announcements:list_title" : "announcements:list_empty"),
    keyboard: listKeyboard(items),
  };
}

async function detailView(ctx: MemberContext, id: number) {
  const { db, config } = ctx.deps;
  const a = await getAnnouncement(db, id);
  if (!a) throw new DomainError("button_invalid");
  const outcomes = await recipientOutcomes(db, id);
  const zone = await effectiveTimeZone(db, ctx.person, config.defaultTimeZone);
  const received = outcomes.filter((o) => o.status === "sent").length;
  const text = ctx.t("announcements:detail", {
    id,
    date: formatDateTime(a.created_at, zone, ctx.lang),
    audience: await audienceText(db, ctx.t, ctx.lang, JSON.parse(a.audience) as Audience),
    total: a.recipients,
    sent: received,
    blocked: outcomes.filter((o) => o.status === "blocked").length,
    failed: outcomes.filter((o) => o.status === "failed" || o.status === "cancelled").length,
    pending: outcomes.filter((o) => o.status === "pending" || o.status === "sending").length,
  });
  const acks = a.ack_requested
    ? `\n${ctx.t("announcements:detail_acks", { count: outcomes.filter((o) => o.acknowledgedAt !== null).length, total: received })}`
    : "";
  return {
    text: text + acks,
    keyboard: detailKeyboard(ctx.t, id, !!a.ack_requested),
    announcement: a,
    outcomes,
  };
}

export function announcementsFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature
    .filter((ctx) => ctx.person?.role === "secretariat")
    .use(createConversation(announceFlow, ANNOUNCE_FLOW));

  feature.command("announce", onlyRoles(["secretariat"]), async (ctx) => {
    await ctx.conversation.enter(ANNOUNCE_FLOW);
  });

  feature.callbackQuery(
    acknowledgeChoice.pattern,
    onlyRoles(["coordinator", "alternate", "observer", "secretariat"]),
    async (ctx) => {
      const c = ctx as MemberContext;
      const id = Number(acknowledgeChoice.unpack(ctx.callbackQuery.data)?.id);
      if (!Number.isInteger(id) || id <= 0) {
        await answerPress(ctx, "announcements:preview_button");
        return;
      }
      const result = await acknowledge(c.deps.db, c.person, id, c.deps.clock.now());
      await answerPress(
        ctx,
        result === "recorded" ? "announcements:ack_thanks" : "announcements:ack_already",
      );
      if (result === "recorded") {
        await ctx
          .editMessageReplyMarkup({ reply_markup: { inline_keyboard: ackButtonRow(ctx.t, id, true) } })
          .catch(() => undefined);
      }
    },
  );

  feature.command("announcements", onlyRoles(["secretariat"]), async (ctx) => {
    const view = await listView(ctx as MemberContext);
    await ctx.reply(view.text, { reply_markup: view.keyboard });
  });

  feature.callbackQuery(resendConfirm.pattern, onlyRoles(["secretariat"]), async (ctx) => {
    const c = ctx as MemberContext;
    const v = resendConfirm.unpack(ctx.callbackQuery.data);
    const id = Number(v?.id);
    const round = Number(v?.round);
    if (!Number.isInteger(id) || !Number.isInteger(round) || round < 1)
      throw new DomainError("button_invalid");
    const count = await resendToUnacknowledged(c.deps.db, c.person, id, c.deps.clock.now(), round);
    c.deps.wakeOutbox?.();
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    await ctx.reply(ctx.t("announcements:resent", { count }));
  });

  feature.callbackQuery(announcementsAction.pattern, onlyRoles(["secretariat"]), async (ctx) => {
    const c = ctx as MemberContext;
    const v = announcementsAction.unpack(ctx.callbackQuery.data);
    const id = Number(v?.id);
    if (!v || !Number.isInteger(id)) throw new DomainError("button_invalid");
    switch (v.action) {
      case "list": {
        const view = await listView(c);
        await ctx.answerCallbackQuery();
        await ctx.editMessageText(view.text, { reply_markup: view.keyboard });
        return;
      }
      case "show": {
        const view = await detailView(c, id);
        await ctx.answerCallbackQuery();
        await ctx.editMessageText(view.text, { parse_mode: "HTML", reply_markup: view.keyboard });
        return;
      }
      case "acks": {
        const view = await detailView(c, id);
        const lines = await Promise.all(
          view.outcomes.map(async (o) => {
            const where = await affiliationName(
              c.deps.db,
              { stateCode: o.stateCode, orgCode: o.orgCode },
              c.lang,
            );
            return `${o.acknowledgedAt !== null ? "✓" : "…"} ${escapeHtml(isolateDirection(o.name))}${where ? ` (${escapeHtml(where)})` : ""}`;
          }),
        );
        await ctx.answerCallbackQuery();
        await ctx.reply(`${ctx.t("announcements:acks_title", { id })}\n${lines.join("\n")}`, {
          parse_mode: "HTML",
        });
        return;
      }
      case "resend": {
        const view = await detailView(c, id);
        const waiting = view.outcomes.filter((o) => o.status === "sent" && o.acknowledgedAt === null).length;
        await ctx.answerCallbackQuery();
        if (waiting === 0) {
          await ctx.reply(ctx.t("announcements:resend_nobody"));
          return;
        }
        const round = view.announcement.resends + 1;
        await ctx.editMessageReplyMarkup({ reply_markup: confirmResendKeyboard(ctx.t, id, waiting, round) });
        return;
      }
      default:
        throw new DomainError("button_invalid");
    }
  });

  return feature;
}
