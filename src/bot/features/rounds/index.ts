/**
 * /rounds (secretariat): the review rounds — create one from a round file sent as a document,
 * choose the states taking part, set or extend the deadline (Almaty time), open, close early,
 * decide the outcome, see the tally (a picture, the details in words on request), get the
 * compilation (.docx) and the positions matrix (.xlsx), export CSV.
 */
import { createConversation } from "@grammyjs/conversations";
import { Composer, type Filter } from "grammy";
import { DomainError } from "../../../domain/errors.js";
import { listStates } from "../../../domain/reference.js";
import { decideOutcome } from "../../../domain/reviews/government.js";
import {
  attachVersion,
  createRoundFromVersions,
  decodeRoundFile,
  parseVersions,
} from "../../../domain/reviews/import.js";
import { closeRoundEarly, openRound, toggleParticipant } from "../../../domain/reviews/lifecycle.js";
import { getRound, participants, reviewers } from "../../../domain/reviews/rounds.js";
import type { BotContext } from "../../context.js";
import { type MemberContext, onlyRoles } from "../../guards.js";
import { answerPress } from "../../press-answers.js";
import { requestedDocumentLanguage } from "../../shared/documents.js";
import { editInPlace } from "../../shared/edit-in-place.js";
import { sendExport } from "./exports.js";
import {
  DEADLINE_FLOW,
  deadlineFlow,
  LANGUAGE_FLOW,
  languageFlow,
  NUDGES_FLOW,
  nudgesFlow,
} from "./flows.js";
import {
  confirmKeyboard,
  ROUND_ACTIONS,
  type RoundActionCode,
  roundAction,
  roundStepCancel,
  statesKeyboard,
} from "./keyboards.js";
import { sendRoundDocument, sendTallyPicture } from "./round-documents.js";
import { describeProblems, documentProblem, downloadDocument } from "./round-files.js";
import { tallyMessages } from "./tally-view.js";
import { almatyTime, roundCardView, roundListView } from "./views.js";

const secretariat = onlyRoles(["secretariat"]);

export function roundsFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.use(createConversation(deadlineFlow, { id: DEADLINE_FLOW }));
  feature.use(createConversation(nudgesFlow, { id: NUDGES_FLOW }));
  feature.use(createConversation(languageFlow, { id: LANGUAGE_FLOW }));

  feature.command("rounds", secretariat, async (ctx) => {
    const view = await roundListView(ctx.deps.db, ctx.t, ctx.lang);
    await ctx.reply(view.text, { parse_mode: "HTML", reply_markup: view.keyboard });
  });

  feature.callbackQuery(roundAction.pattern, secretariat, async (ctx) => {
    const v = roundAction.unpack(ctx.callbackQuery.data);
    const action = ROUND_ACTIONS.find((a) => a === v?.action);
    const roundId = Number(v?.round);
    if (!v || !action || !Number.isSafeInteger(roundId)) throw new DomainError("button_invalid");
    await onRoundAction(ctx as MemberContext, action, roundId, v.arg);
  });

  feature.callbackQuery(roundStepCancel.pattern, async (ctx) => {
    await answerPress(ctx, "reviews:nothing_waiting", { alert: true });
    await ctx.editMessageReplyMarkup().catch(() => undefined);
  });

  // A round file sent by the secretariat outside any step: a new draft (or, within one album, its other language).
  feature.on("message:document", async (ctx, next) => {
    if (ctx.person?.role !== "secretariat") return next();
    await importDocument(ctx as Filter<BotContext, "message:document"> & MemberContext);
  });

  return feature;
}

/** Shows a round's card; a press must be answered by the caller. */
async function showRoundCard(ctx: MemberContext, roundId: number, how: "edit" | "new"): Promise<void> {
  const view = await roundCardView(ctx.deps.db, ctx.t, ctx.lang, roundId);
  if (how === "edit") await editInPlace(ctx, view.text, view.keyboard);
  else await ctx.reply(view.text, { parse_mode: "HTML", reply_markup: view.keyboard });
}

async function onRoundAction(ctx: MemberContext, action: RoundActionCode, roundId: number, arg: string) {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const round = action === "list" || action === "new" ? undefined : await getRound(db, roundId);
  if (action !== "list" && action !== "new" && !round) throw new DomainError("review.round_not_found");
  switch (action) {
    case "list": {
      const view = await roundListView(db, ctx.t, ctx.lang);
      await ctx.answerCallbackQuery();
      return editInPlace(ctx, view.text, view.keyboard);
    }
    case "new":
      await ctx.answerCallbackQuery();
      await ctx.reply(ctx.t("reviews:import.how"), { parse_mode: "HTML" });
      return;
    case "card":
      await ctx.answerCallbackQuery();
      return showRoundCard(ctx, roundId, "edit");
    case "states":
    case "tog": {
      if (round?.status !== "draft") throw new DomainError(`review.round_is_${round?.status ?? "closed"}`);
      if (action === "tog") await toggleParticipant(db, ctx.person, roundId, arg, now);
      const taking = await participants(db, roundId);
      const states = (await listStates(db, ctx.lang)).map((s) => ({
        code: s.code,
        name: s.name,
        taking: taking.includes(s.code),
      }));
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup({ reply_markup: statesKeyboard(ctx.t, roundId, states) });
      return;
    }
    case "dl":
    case "nl":
    case "lang": {
      const ok = round?.status === "draft" || (round?.status === "open" && action !== "lang");
      if (!ok) throw new DomainError(`review.round_is_${round?.status ?? "closed"}`);
      await ctx.answerCallbackQuery();
      await ctx.conversation.enter(
        action === "dl" ? DEADLINE_FLOW : action === "nl" ? NUDGES_FLOW : LANGUAGE_FLOW,
        roundId,
      );
      return;
    }
    case "open": {
      if (arg !== "yes") {
        const invited = round?.status === "draft" ? (await reviewers(db, roundId)).length : 0;
        await ctx.answerCallbackQuery();
        await ctx.reply(
          ctx.t("reviews:rounds.confirm_open", {
            states: (await participants(db, roundId)).length,
            people: invited,
            deadline: round?.deadline_at ? almatyTime(ctx.t, round.deadline_at, ctx.lang) : "—",
          }),
          { reply_markup: confirmKeyboard(ctx.t, "open", roundId) },
        );
        return;
      }
      const { invited } = await openRound(db, ctx.person, roundId, now);
      ctx.deps.wakeOutbox?.();
      await answerPress(ctx, "reviews:rounds.opened_short");
      await ctx.editMessageText(ctx.t("reviews:rounds.opened", { people: invited }));
      return showRoundCard(ctx, roundId, "new");
    }
    case "close": {
      if (arg !== "yes") {
        await ctx.answerCallbackQuery();
        await ctx.reply(ctx.t("reviews:rounds.confirm_close"), {
          reply_markup: confirmKeyboard(ctx.t, "close", roundId),
        });
        return;
      }
      await closeRoundEarly(db, ctx.person, roundId, now);
      await answerPress(ctx, "reviews:rounds.closed_short");
      await ctx.editMessageText(ctx.t("reviews:rounds.closed_ask_outcome"));
      return showRoundCard(ctx, roundId, "new");
    }
    case "adopt": {
      if (arg === "ask") {
        await ctx.answerCallbackQuery();
        await ctx.reply(ctx.t("reviews:rounds.confirm_adopt"), {
          reply_markup: confirmKeyboard(ctx.t, "adopt", roundId),
        });
        return;
      }
      if (arg !== "yes" && arg !== "no") throw new DomainError("button_invalid");
      const { requested } = await decideOutcome(db, ctx.person, roundId, arg === "yes", now);
      ctx.deps.wakeOutbox?.();
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      await ctx.reply(
        arg === "yes"
          ? ctx.t("reviews:rounds.adopted", { people: requested })
          : ctx.t("reviews:rounds.not_adopted"),
      );
      return showRoundCard(ctx, roundId, "new");
    }
    case "tally":
      await ctx.answerCallbackQuery();
      return sendTallyPicture(ctx, roundId);
    case "details": {
      const messages = await tallyMessages(db, ctx.t, ctx.lang, roundId);
      await ctx.answerCallbackQuery();
      for (const text of messages) await ctx.reply(text, { parse_mode: "HTML" });
      return;
    }
    case "docx":
    case "xlsx": {
      const language = requestedDocumentLanguage(ctx, arg);
      await ctx.answerCallbackQuery();
      return sendRoundDocument(ctx, roundId, action, language);
    }
    case "csvp":
    case "csvh":
      await ctx.answerCallbackQuery();
      return sendExport(ctx, roundId, action === "csvp" ? "positions" : "history");
  }
}

/** A document from the secretariat: a new draft round, or nothing and every problem with its line. */
async function importDocument(ctx: Filter<BotContext, "message:document"> & MemberContext): Promise<void> {
  const doc = ctx.message.document;
  const problem = documentProblem(doc);
  if (problem) {
    await ctx.reply(ctx.t(problem.key, problem.params), { parse_mode: "HTML" });
    return;
  }
  const { db, clock, config } = ctx.deps;
  const text = decodeRoundFile(await downloadDocument(ctx.api, config, doc.file_id));
  const parsed = parseVersions([{ label: doc.file_name ?? "", text }], ctx.lang);
  if (!parsed.ok) {
    await ctx.reply(describeProblems(ctx.t, parsed.problems), { parse_mode: "HTML" });
    return;
  }
  const now = clock.now();
  const album = ctx.message.media_group_id;
  const sourceKey = album ? `album:${ctx.person.id}:${album}` : null;
  const { roundId, created } = await createRoundFromVersions(db, {
    versions: parsed.versions,
    actor: ctx.person,
    sourceKey,
    now,
  });
  const [version] = parsed.versions;
  if (!created && version) {
    // The second file of an album: the other language of the draft the first one made.
    const mismatches = await attachVersion(db, ctx.person, roundId, version, now);
    if (mismatches.length) {
      await ctx.reply(describeProblems(ctx.t, [{ kind: "mismatch", mismatches }]), { parse_mode: "HTML" });
      return;
    }
    await ctx.reply(ctx.t("reviews:rounds.language_added", { language: version.lang }), {
      parse_mode: "HTML",
    });
  } else {
    await ctx.reply(
      ctx.t("reviews:import.created", {
        id: roundId,
        name: doc.file_name ?? "",
        language: version?.lang ?? "",
      }),
      { parse_mode: "HTML" },
    );
  }
  await showRoundCard(ctx, roundId, "new");
}
