/**
 * /audit (secretariat): the audit trail of a period, optionally about one state or one person, as
 * an Excel or CSV file. Steps by button (period, whose entries, format), or at once in words:
 * `/audit 2027-03-01 2027-03-31 KZ xlsx` (UTC days; a state's code or `#<person number>`).
 */
import { Composer, type InlineKeyboard, InputFile } from "grammy";
import {
  type AuditColumnLabels,
  auditCsv,
  auditFileName,
  auditXlsx,
} from "../../../documents/audit-export.js";
import { type AuditQuery, auditRecords } from "../../../domain/audit-trail.js";
import { DomainError } from "../../../domain/errors.js";
import { getPerson } from "../../../domain/people/people.js";
import { getState, listStates } from "../../../domain/reference.js";
import type { BotContext } from "../../context.js";
import { type MemberContext, onlyRoles } from "../../guards.js";
import type { Translate } from "../../i18n.js";
import { type AuditChoices, auditQuery, parseAuditWords } from "./choices.js";
import { auditChoice, formatKeyboard, periodKeyboard, scopeKeyboard } from "./keyboards.js";

type Show = (text: string, keyboard: InlineKeyboard) => Promise<unknown>;

function columnLabels(t: Translate): AuditColumnLabels {
  const col = (key: keyof AuditColumnLabels) =>
    t(`audit:col_${key}`, { interpolation: { escapeValue: false } });
  return {
    at: col("at"),
    who: col("who"),
    role: col("role"),
    affiliation: col("affiliation"),
    action: col("action"),
    subject: col("subject"),
    details: col("details"),
  };
}

/** The period in words. */
function periodText(t: Translate, period: string, query: AuditQuery): string {
  if (period === "all" || period === "d7" || period === "d30" || period === "d365")
    return t(`audit:period_${period}`);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return t("audit:period_days", { since: day(query.since ?? 0), until: day((query.until ?? 1) - 1) });
}

/** Whose entries, in words; undefined when the state or person does not exist. */
async function scopeText(ctx: MemberContext, query: AuditQuery): Promise<string | undefined> {
  const { db } = ctx.deps;
  if (query.state) return (await getState(db, query.state, ctx.lang))?.name;
  if (query.personId !== undefined) {
    const person = await getPerson(db, query.personId);
    // Not escaped here: it is escaped once, where it goes into the message.
    const plain = { interpolation: { escapeValue: false } };
    return person && ctx.t("audit:scope_person", { id: person.id, name: person.name, ...plain });
  }
  return ctx.t("audit:scope_all");
}

/** Asks for the next missing choice, or sends the file once all are made. */
async function advance(ctx: MemberContext, choices: AuditChoices, show: Show): Promise<void> {
  const { t } = ctx;
  const { db, clock } = ctx.deps;
  if (!choices.period) {
    await show(t("audit:choose_period"), periodKeyboard(t));
    return;
  }
  const query = auditQuery(choices.period, choices.scope ?? "all", clock.now());
  if (!query) throw new DomainError("button_invalid");
  const when = periodText(t, choices.period, query);
  if (!choices.scope) {
    await show(
      t("audit:choose_scope", { period: when }),
      scopeKeyboard(t, choices.period, await listStates(db, ctx.lang)),
    );
    return;
  }
  const whose = await scopeText(ctx, query);
  if (whose === undefined) {
    await ctx.reply(t("audit:unknown_scope"), { parse_mode: "HTML" });
    return;
  }
  if (!choices.format) {
    await show(
      t("audit:choose_format", { period: when, scope: whose }),
      formatKeyboard(t, choices.period, choices.scope),
    );
    return;
  }
  const records = await auditRecords(db, query, ctx.lang);
  if (!records.length) {
    await ctx.reply(t("audit:nothing", { period: when, scope: whose }), { parse_mode: "HTML" });
    return;
  }
  const labels = columnLabels(t);
  const file =
    choices.format === "xlsx"
      ? await auditXlsx(records, labels, t("audit:sheet", { interpolation: { escapeValue: false } }))
      : auditCsv(records, labels);
  await ctx.replyWithDocument(new InputFile(Buffer.from(file), auditFileName(query, choices.format)), {
    caption: t("audit:caption", { period: when, scope: whose, count: records.length }),
    parse_mode: "HTML",
  });
}

export function auditFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const secretariat = onlyRoles(["secretariat"]);

  feature.command("audit", secretariat, async (ctx) => {
    const words = parseAuditWords(typeof ctx.match === "string" ? ctx.match : "");
    if (!words.ok) {
      await ctx.reply(ctx.t("audit:bad_word", { word: words.word }), { parse_mode: "HTML" });
      return;
    }
    // Typed days without a state or person mean everyone's entries.
    const choices = words.choices.period ? { scope: "all", ...words.choices } : words.choices;
    await advance(ctx as MemberContext, choices, (text, keyboard) =>
      ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard }),
    );
  });

  feature.callbackQuery(auditChoice.pattern, secretariat, async (ctx) => {
    const v = auditChoice.unpack(ctx.callbackQuery.data);
    if (!v || (v.format !== "-" && v.format !== "csv" && v.format !== "xlsx"))
      throw new DomainError("button_invalid");
    const chosen = (value: string) => (value === "-" ? undefined : value);
    const format = v.format === "-" ? undefined : v.format;
    await ctx.answerCallbackQuery();
    await advance(
      ctx as MemberContext,
      { period: chosen(v.period), scope: chosen(v.scope), ...(format ? { format } : {}) },
      (text, keyboard) => ctx.editMessageText(text, { parse_mode: "HTML", reply_markup: keyboard }),
    );
  });

  return feature;
}
