/**
 * /people (secretariat): everyone by state and organisation with role, language and last activity;
 * change a role or affiliation, deactivate or reactivate, revoke pending invitations.
 */
import { Composer } from "grammy";
import { ROLES } from "../../../db/schema/people.js";
import { DomainError } from "../../../domain/errors.js";
import { affiliationName } from "../../../domain/people/affiliation.js";
import { listPendingInvitations } from "../../../domain/people/invitations.js";
import { changeRole, getPerson, listPeople, setDeactivated } from "../../../domain/people/people.js";
import { effectiveTimeZone } from "../../../domain/people/time-zones.js";
import { describeError } from "../../../logger.js";
import { syncPersonMenu } from "../../commands.js";
import type { BotContext } from "../../context.js";
import { formatDate, formatDateTime, zoneLabel } from "../../dates.js";
import { type MemberContext, onlyRoles } from "../../guards.js";
import { parseTarget, targetsFor } from "../../shared/affiliation-targets.js";
import {
  affiliationKeyboard,
  cardKeyboard,
  confirmDeactivateKeyboard,
  listKeyboard,
  PAGE_SIZE,
  pendingKeyboard,
  peopleAction,
  rolesKeyboard,
} from "./keyboards.js";

async function listView(ctx: MemberContext, page: number) {
  const { db, config } = ctx.deps;
  const people = await listPeople(db, ctx.lang);
  const zone = await effectiveTimeZone(db, ctx.person, config.defaultTimeZone);
  const lines: string[] = [ctx.t("people:title", { count: people.length })];
  let group: string | undefined;
  for (const p of people) {
    const heading = p.state_name ?? p.org_name ?? ctx.t("roles:secretariat_body");
    if (heading !== group) {
      lines.push("", `<b>${heading}</b>`);
      group = heading;
    }
    lines.push(
      ctx.t(p.deactivated_at ? "people:line_inactive" : "people:line", {
        name: p.name,
        role: ctx.t(`roles:${p.role}`),
        language: p.language ?? "—",
        seen: formatDate(p.last_seen_at, zone, ctx.lang),
      }),
    );
  }
  const safePage = Math.max(0, Math.min(page, Math.floor(Math.max(people.length - 1, 0) / PAGE_SIZE)));
  const shown = people.slice(safePage * PAGE_SIZE, (safePage + 1) * PAGE_SIZE);
  return { text: lines.join("\n"), keyboard: listKeyboard(ctx.t, shown, safePage, people.length) };
}

/** The person's chat menu after a change of theirs (role, deactivation); a refusal is only logged. */
async function refreshMenu(ctx: MemberContext, personId: number): Promise<void> {
  const { db, translations, config } = ctx.deps;
  const person = await getPerson(db, personId);
  if (!person) return;
  try {
    await syncPersonMenu(ctx.api, translations, person, config.defaultLanguage);
  } catch (error) {
    ctx.logger.warn({ err: describeError(error) }, "command menu not refreshed");
  }
}

async function cardView(ctx: MemberContext, personId: number, page: number) {
  const { db, config } = ctx.deps;
  const person = await getPerson(db, personId);
  if (!person) throw new DomainError("person_not_found");
  const zone = await effectiveTimeZone(db, ctx.person, config.defaultTimeZone);
  const affiliation = await affiliationName(
    db,
    { stateCode: person.state_code, orgCode: person.org_code },
    ctx.lang,
  );
  const text = ctx.t("people:card", {
    name: person.name,
    role: ctx.t(`roles:${person.role}`),
    affiliation: affiliation ?? ctx.t("roles:secretariat_body"),
    language: person.language ?? "—",
    zone: person.time_zone ? zoneLabel(ctx.deps.clock.now(), person.time_zone, ctx.t) : "—",
    joined: formatDate(person.joined_at, zone, ctx.lang),
    seen: formatDateTime(person.last_seen_at, zone, ctx.lang),
    status: ctx.t(
      person.deactivated_at
        ? "people:status_inactive"
        : person.bot_blocked_at
          ? "people:status_blocked"
          : "people:status_active",
    ),
  });
  return { text, keyboard: cardKeyboard(ctx.t, person, page), person };
}

export function peopleFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("people", onlyRoles(["secretariat"]), async (ctx) => {
    const view = await listView(ctx as MemberContext, 0);
    await ctx.reply(view.text, { parse_mode: "HTML", reply_markup: view.keyboard });
  });

  feature.callbackQuery(peopleAction.pattern, onlyRoles(["secretariat"]), async (ctx) => {
    const c = ctx as MemberContext;
    const v = peopleAction.unpack(ctx.callbackQuery.data);
    const id = Number(v?.id);
    if (!v || !Number.isInteger(id)) throw new DomainError("button_invalid");
    const { db, clock, translations, config } = c.deps;
    const show = async (view: { text: string; keyboard: ReturnType<typeof cardKeyboard> }) => {
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(view.text, { parse_mode: "HTML", reply_markup: view.keyboard });
    };
    switch (v.action) {
      case "list":
        return show(await listView(c, Number(v.arg) || 0));
      case "card":
        return show(await cardView(c, id, Number(v.arg) || 0));
      case "role":
        await ctx.answerCallbackQuery();
        await ctx.editMessageReplyMarkup({ reply_markup: rolesKeyboard(ctx.t, id) });
        return;
      case "aff": {
        const [roleText, ...rest] = v.arg.split(".");
        const role = ROLES.find((r) => r === roleText);
        if (!role) throw new DomainError("button_invalid");
        if (rest.length === 0) {
          await ctx.answerCallbackQuery();
          await ctx.editMessageReplyMarkup({
            reply_markup: affiliationKeyboard(id, role, await targetsFor(db, c.lang, role)),
          });
          return;
        }
        const target = parseTarget(rest.join("."));
        if (!target) throw new DomainError("button_invalid");
        const changed = await changeRole(db, c.person, id, { role, ...target }, clock.now());
        try {
          await syncPersonMenu(ctx.api, translations, changed, config.defaultLanguage);
        } catch (error) {
          c.logger.warn({ err: describeError(error) }, "command menu not refreshed after role change");
        }
        await show(await cardView(c, id, 0));
        return;
      }
      case "off":
        if (v.arg !== "yes") {
          await ctx.answerCallbackQuery();
          await ctx.editMessageReplyMarkup({ reply_markup: confirmDeactivateKeyboard(ctx.t, id) });
          return;
        }
        await setDeactivated(db, c.person, id, true, clock.now());
        await refreshMenu(c, id);
        return show(await cardView(c, id, 0));
      case "on":
        await setDeactivated(db, c.person, id, false, clock.now());
        await refreshMenu(c, id);
        return show(await cardView(c, id, 0));
      case "pending": {
        const pending = await listPendingInvitations(db, clock.now());
        const zone = await effectiveTimeZone(db, c.person, config.defaultTimeZone);
        const labelled = await Promise.all(
          pending.map(async (inv) => ({
            id: inv.id,
            label: `${ctx.t(`roles:${inv.role}`)} · ${(await affiliationName(db, { stateCode: inv.state_code, orgCode: inv.org_code }, c.lang)) ?? ctx.t("roles:secretariat_body")} · ${formatDate(inv.expires_at, zone, c.lang)}`,
          })),
        );
        await ctx.answerCallbackQuery();
        await ctx.editMessageText(ctx.t("people:pending_title", { count: pending.length }), {
          reply_markup: pendingKeyboard(ctx.t, labelled),
        });
        return;
      }
      default:
        throw new DomainError("button_invalid");
    }
  });

  return feature;
}
