/**
 * /invite (secretariat): choose the role, then the state or organisation; get a single-use,
 * expiring deep link to forward. Pending invitations can be revoked from the same message.
 */
import { Composer } from "grammy";
import { ROLES, type Role } from "../../../db/schema/people.js";
import { DomainError } from "../../../domain/errors.js";
import { affiliationName } from "../../../domain/people/affiliation.js";
import { createInvitation, deepLink, revokeInvitation } from "../../../domain/people/invitations.js";
import { effectiveTimeZone } from "../../../domain/people/time-zones.js";
import type { BotContext } from "../../context.js";
import { readerTime } from "../../dates.js";
import { type MemberContext, onlyRoles } from "../../guards.js";
import { answerPress } from "../../press-answers.js";
import { parseTarget, revokeInvitationChoice, targetsFor } from "../../shared/affiliation-targets.js";
import { firstTap } from "../../shared/one-tap.js";
import { inviteChoice, revokeKeyboard, roleKeyboard, targetKeyboard } from "./keyboards.js";

export function inviteFeature(): Composer<BotContext> {
  const guarded = new Composer<BotContext>();
  guarded.command("invite", onlyRoles(["secretariat"]), async (ctx) => {
    await ctx.reply(ctx.t("invite:choose_role"), { reply_markup: roleKeyboard(ctx.t) });
  });

  guarded.callbackQuery(inviteChoice.pattern, onlyRoles(["secretariat"]), async (ctx) => {
    const c = ctx as MemberContext;
    const values = inviteChoice.unpack(ctx.callbackQuery.data);
    const role = ROLES.find((r) => r === values?.role);
    if (!values || !role) throw new DomainError("button_invalid");
    if (values.target === "_") {
      if (role === "secretariat") {
        if (!(await firstTap(ctx))) return;
        return issue(c, role, { stateCode: null, orgCode: null });
      }
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(ctx.t("invite:choose_target", { role: ctx.t(`roles:${role}`) }), {
        reply_markup: targetKeyboard(role, await targetsFor(c.deps.db, c.lang, role)),
      });
      return;
    }
    const target = parseTarget(values.target);
    if (!target) throw new DomainError("button_invalid");
    if (!(await firstTap(ctx))) return;
    await issue(c, role, target);
  });

  guarded.callbackQuery(revokeInvitationChoice.pattern, onlyRoles(["secretariat"]), async (ctx) => {
    const c = ctx as MemberContext;
    const id = Number(revokeInvitationChoice.unpack(ctx.callbackQuery.data)?.id);
    if (!Number.isInteger(id)) throw new DomainError("button_invalid");
    await revokeInvitation(c.deps.db, c.person, id, c.deps.clock.now());
    await answerPress(ctx, "invite:revoked");
    await ctx.editMessageReplyMarkup();
    await ctx.reply(ctx.t("invite:revoked"));
  });

  return guarded;
}

async function issue(
  ctx: MemberContext,
  role: Role,
  target: { stateCode: string | null; orgCode: string | null },
): Promise<void> {
  const { db, clock, config } = ctx.deps;
  const now = clock.now();
  const { code, invitation } = await createInvitation(db, {
    role,
    ...target,
    createdBy: ctx.person,
    ttlDays: config.invitationTtlDays,
    now,
  });
  const affiliation = await affiliationName(db, target, ctx.lang);
  const zone = await effectiveTimeZone(db, ctx.person, config.defaultTimeZone);
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup();
  await ctx.reply(
    ctx.t("invite:created", {
      role: ctx.t(`roles:${role}`),
      affiliation: affiliation ?? ctx.t("roles:secretariat_body"),
      link: deepLink(ctx.me.username, code),
      expires: readerTime(ctx.t, ctx.lang, invitation.expires_at, zone),
    }),
    {
      parse_mode: "HTML",
      reply_markup: revokeKeyboard(ctx.t, invitation.id),
      link_preview_options: { is_disabled: true },
    },
  );
}
