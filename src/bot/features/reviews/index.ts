/**
 * /review for coordinators, alternates and observers: one card per item, edited in place as the
 * person moves through the round; answers recorded for the state; the summary and its
 * confirmation at the end; and the "passed to government" confirmation after adoption.
 * Every press is re-checked in the domain: role, state taking part, round open, deadline, card.
 */
import { createConversation } from "@grammyjs/conversations";
import { Composer, InlineKeyboard } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { DomainError } from "../../../domain/errors.js";
import { type Role, setDocumentLanguage } from "../../../domain/people/people.js";
import { effectiveTimeZone } from "../../../domain/people/time-zones.js";
import { OFFICIAL_LANGUAGES } from "../../../domain/reference.js";
import { isLiveCard } from "../../../domain/reviews/card-messages.js";
import { lastEndedRound } from "../../../domain/reviews/finished.js";
import { lastPositionAuthor } from "../../../domain/reviews/position-authors.js";
import {
  assertCanAnswer,
  confirmCompletion,
  recordPosition,
  reviewableRounds,
  stateProgress,
} from "../../../domain/reviews/positions.js";
import { acceptsAnswers, countCards, REVIEW_TIME_ZONE, roundText } from "../../../domain/reviews/rounds.js";
import type { BotContext } from "../../context.js";
import { readerTime } from "../../dates.js";
import { type MemberContext, onlyRoles } from "../../guards.js";
import { escapeHtml } from "../../i18n.js";
import { answerPress } from "../../press-answers.js";
import { editInPlace } from "../../shared/edit-in-place.js";
import { positionLabel } from "../../shared/review-labels.js";
import { shorten } from "../../shared/text.js";
import { tellPositionReplaced } from "./answer-notice.js";
import { cardPlace, loadCard, loadSummary, ordinalOf, whereOf } from "./card-data.js";
import { GOVERNMENT_FLOW, governmentFlow } from "./government-flow.js";
import {
  CARD_ACTIONS,
  type CardActionCode,
  cancelText,
  cardAction,
  commentChoiceKeyboard,
  documentSwitch,
  governmentAction,
  governmentNote,
  openReview,
} from "./keyboards.js";
import { showCard, showSummary, type Toast } from "./show.js";
import { REVIEW_TEXT_FLOW, reviewTextFlow } from "./text-flow.js";

const REVIEWERS: readonly Role[] = ["coordinator", "alternate", "observer"];

/** Card actions that record something: pressed only from a view that still shows them. */
const RECORDING: ReadonlySet<string> = new Set(["s", "a", "o", "ok"]);

/**
 * Whether the pressed button is on its message as Telegram has it now (the copy sent with the
 * press). A message Telegram no longer shows the bot (date 0) is given the benefit of the doubt.
 */
function stillShown(query: {
  data?: string;
  message?: { date: number; reply_markup?: InlineKeyboardMarkup };
}): boolean {
  const message = query.message;
  if (!message || message.date === 0) return true;
  return (message.reply_markup?.inline_keyboard ?? []).some((row) =>
    row.some((button) => "callback_data" in button && button.callback_data === query.data),
  );
}

function roundIdOf(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new DomainError("button_invalid");
  return id;
}

/**
 * Opens a round for the person: its intro the first time, then the card where the state resumes;
 * once the state has answered every item, the summary to confirm (any item is a press away).
 */
async function openFor(ctx: MemberContext, roundId: number): Promise<void> {
  const w = whereOf(ctx);
  const card = await loadCard(w, roundId, "landing");
  const progress =
    card.kind === "state" && ctx.person.state_code !== null
      ? await stateProgress(w.db, roundId, ctx.person.state_code)
      : undefined;
  const firstVisit = card.kind === "observer" || progress?.answered === 0;
  if (progress && progress.firstUnanswered === null && !card.readOnly) {
    await ctx.reply(ctx.t("reviews:all_answered", { state: card.stateName ?? "" }), { parse_mode: "HTML" });
    await showSummary(ctx, roundId, "new");
    return;
  }
  if (firstVisit) {
    const text = await roundText(w.db, roundId, w.docLang);
    const intro = text.intro ? `\n\n${escapeHtml(shorten(text.intro, 3600))}` : "";
    await ctx.reply(`<b>${escapeHtml(shorten(text.title, 300))}</b>${intro}`, { parse_mode: "HTML" });
  } else if (!card.readOnly) {
    await ctx.reply(ctx.t("reviews:resuming", { ordinal: card.ordinal, total: card.total }));
  }
  await showCard(ctx, roundId, card.ordinal, "new");
}

export function reviewsFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.use(createConversation(reviewTextFlow, { id: REVIEW_TEXT_FLOW }));
  feature.use(createConversation(governmentFlow, { id: GOVERNMENT_FLOW }));

  feature.command("review", onlyRoles(REVIEWERS), async (ctx) => {
    const c = ctx as MemberContext;
    const now = c.deps.clock.now();
    // A round past its deadline takes no answers, even before the tick has closed it.
    const rounds = (await reviewableRounds(c.deps.db, c.person)).filter((r) => acceptsAnswers(r, now));
    const [only] = rounds;
    if (!only) return answerNoOpenRound(c, now);
    if (rounds.length === 1) return openFor(c, only.id);
    const kb = new InlineKeyboard();
    for (const round of rounds) {
      const title = (await roundText(c.deps.db, round.id, c.person.document_language ?? c.lang)).title;
      kb.text(shorten(title, 60), openReview.pack({ round: round.id })).row();
    }
    await ctx.reply(ctx.t("reviews:choose_round"), { reply_markup: kb });
  });

  feature.callbackQuery(openReview.pattern, onlyRoles(REVIEWERS), async (ctx) => {
    const roundId = roundIdOf(openReview.unpack(ctx.callbackQuery.data)?.round);
    const c = ctx as MemberContext;
    await openFor(c, roundId);
  });

  feature.callbackQuery(cardAction.pattern, onlyRoles(REVIEWERS), async (ctx) => {
    const c = ctx as MemberContext;
    const v = cardAction.unpack(ctx.callbackQuery.data);
    const action = CARD_ACTIONS.find((a) => a === v?.action);
    if (!v || !action) throw new DomainError("button_invalid");
    const roundId = roundIdOf(v.round);
    const itemId = Number(v.item);
    const messageId = ctx.callbackQuery.message?.message_id;
    if (messageId === undefined || !(await isLiveCard(c.deps.db, c.person.id, messageId))) {
      c.logger.info({ data: ctx.callbackQuery.data }, "review: press on a card that is not live");
      await answerPress(ctx, "reviews:card_stale", { alert: true });
      return;
    }
    if (RECORDING.has(action) && !stillShown(ctx.callbackQuery)) {
      // The live card has moved on (another item, the summary, the confirmation) since this
      // button was drawn: the same refusals as recording first, then "out of date".
      if (action !== "ok")
        await assertCanAnswer(c.deps.db, c.person, { roundId, itemId, what: "position" }, c.deps.clock.now());
      c.logger.info({ data: ctx.callbackQuery.data }, "review: press on a button the card no longer shows");
      await answerPress(ctx, "reviews:card_stale", { alert: true });
      return;
    }
    await onCardAction(c, roundId, itemId, action);
  });

  // The official text in another language: the person's document language changes, their
  // interface language does not; the card is shown again in place.
  feature.callbackQuery(documentSwitch.pattern, onlyRoles(REVIEWERS), async (ctx) => {
    const c = ctx as MemberContext;
    const v = documentSwitch.unpack(ctx.callbackQuery.data);
    const lang = OFFICIAL_LANGUAGES.find((l) => l === v?.lang);
    if (!v || !lang) throw new DomainError("button_invalid");
    const roundId = roundIdOf(v.round);
    const messageId = ctx.callbackQuery.message?.message_id;
    if (messageId === undefined || !(await isLiveCard(c.deps.db, c.person.id, messageId))) {
      await answerPress(ctx, "reviews:card_stale", { alert: true });
      return;
    }
    const ordinal = await ordinalOf(c.deps.db, lang, roundId, Number(v.item));
    if (ordinal === undefined) throw new DomainError("button_invalid");
    await setDocumentLanguage(c.deps.db, c.person.id, lang, c.deps.clock.now());
    // The person was loaded for this update (and is shared, read-only): this update goes on with the new choice.
    c.person = { ...c.person, document_language: lang };
    await showCard(c, roundId, ordinal, "edit");
  });

  // Outside their steps, the text step's and the government step's buttons are old.
  feature.callbackQuery([cancelText.pattern, governmentNote.pattern], async (ctx) => {
    await answerPress(ctx, "reviews:nothing_waiting", { alert: true });
    await ctx.editMessageReplyMarkup().catch(() => undefined);
  });

  feature.callbackQuery(governmentAction.pattern, onlyRoles(["coordinator", "alternate"]), async (ctx) => {
    const v = governmentAction.unpack(ctx.callbackQuery.data);
    const roundId = roundIdOf(v?.round);
    if (v?.action !== "t" && v?.action !== "d") throw new DomainError("button_invalid");
    await ctx.conversation.enter(GOVERNMENT_FLOW, { roundId, mode: v.action === "t" ? "today" : "date" });
  });

  return feature;
}

/** No round takes answers: how the last one ended (at its deadline, or closed early), else that none is open. */
async function answerNoOpenRound(ctx: MemberContext, now: number): Promise<void> {
  const { db, config } = ctx.deps;
  const ended = await lastEndedRound(db, ctx.person, now);
  if (!ended) {
    await ctx.reply(ctx.t("reviews:no_open_round"));
    return;
  }
  const zone = await effectiveTimeZone(db, ctx.person, config.defaultTimeZone);
  const title = (await roundText(db, ended.round.id, ctx.person.document_language ?? ctx.lang)).title;
  const when = readerTime(ctx.t, ctx.lang, ended.at, zone, REVIEW_TIME_ZONE);
  const text =
    ended.how === "deadline"
      ? ctx.t("reviews:closed_at_deadline", { title, deadline: when })
      : ctx.t("reviews:closed_early", { title, at: when });
  await ctx.reply(text, {
    parse_mode: "HTML",
    reply_markup: new InlineKeyboard().text(
      ctx.t("reviews:button.read_closed"),
      openReview.pack({ round: ended.round.id }),
    ),
  });
}

async function onCardAction(
  ctx: MemberContext,
  roundId: number,
  itemId: number,
  action: CardActionCode,
): Promise<void> {
  const { db, clock } = ctx.deps;
  const place = async () => {
    const found = await cardPlace(db, ctx.person.document_language ?? ctx.lang, roundId, itemId);
    if (found === undefined) throw new DomainError("button_invalid");
    return found;
  };
  const ordinal = async () => (await place()).ordinal;
  switch (action) {
    case "s":
    case "a": {
      const position = action === "s" ? "support" : "abstain";
      const { ordinal: at, label } = await place();
      const replacedBy = await lastPositionAuthor(db, roundId, itemId, ctx.person.state_code ?? "");
      await recordPosition(db, ctx.person, { roundId, itemId, position }, clock.now());
      await tellPositionReplaced(ctx.deps, ctx.person, roundId, replacedBy, clock.now());
      const toast: Toast = {
        key: "reviews:recorded.position",
        params: { position: positionLabel(ctx.t, position), label },
      };
      if (at >= (await countCards(db, roundId))) return showSummary(ctx, roundId, "edit", toast);
      return showCard(ctx, roundId, at + 1, "edit", toast);
    }
    case "o":
    case "cc":
    case "ca": {
      const kind = action === "o" ? "object" : action === "cc" ? "comment" : "amendment";
      await ctx.conversation.enter(REVIEW_TEXT_FLOW, { roundId, itemId, kind });
      return;
    }
    case "c": {
      await assertCanAnswer(db, ctx.person, { roundId, itemId, what: "amendment" }, clock.now());
      await ctx.answerCallbackQuery();
      await ctx.editMessageReplyMarkup({ reply_markup: commentChoiceKeyboard(ctx.t, roundId, itemId) });
      return;
    }
    case "n": {
      const at = await ordinal();
      if (at >= (await countCards(db, roundId))) return showSummary(ctx, roundId, "edit");
      return showCard(ctx, roundId, at + 1, "edit");
    }
    case "p":
      return showCard(ctx, roundId, Math.max(1, (await ordinal()) - 1), "edit");
    case "i":
      return showCard(ctx, roundId, await ordinal(), "edit");
    case "go":
      return showCard(ctx, roundId, "landing", "edit");
    case "sum":
      return showSummary(ctx, roundId, "edit");
    case "ok": {
      await confirmCompletion(db, ctx.person, roundId, clock.now());
      await answerPress(ctx, "reviews:confirmed_short");
      const summary = await loadSummary(whereOf(ctx), roundId);
      await editInPlace(
        ctx,
        ctx.t("reviews:confirmed", {
          state: summary.stateName ?? "",
          title: summary.title,
          deadline: summary.deadline ?? "",
        }),
        new InlineKeyboard().text(
          ctx.t("reviews:button.back_to_items"),
          cardAction.pack({ round: roundId, item: summary.lastItemId, action: "i" }),
        ),
      );
      return;
    }
  }
}
