/**
 * The messages review rounds queue in the outbox, built at send time in the recipient's language
 * and time zone: the invitation, the nudges, the notice of a new deadline, and the "passed to
 * government" request (the secretariat's notice that a round closed is the rounds feature's). Each returns null
 * when it is no longer needed (round closed, state finished or confirmed, deadline moved).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.js";
import { isDomainError } from "../../../domain/errors.js";
import type { Person } from "../../../domain/people/people.js";
import { getState } from "../../../domain/reference.js";
import { governmentConfirmations } from "../../../domain/reviews/government.js";
import { accessFor, type ReviewAccess, stateProgress } from "../../../domain/reviews/positions.js";
import {
  acceptsAnswers,
  countCards,
  getRound,
  REVIEW_RENDERERS,
  REVIEW_TIME_ZONE,
  type Round,
  roundText,
} from "../../../domain/reviews/rounds.js";
import type { Renderer } from "../../../outbox/dispatcher.js";
import type { BotDeps } from "../../context.js";
import { readerTime } from "../../dates.js";
import { htmlMessage, type Recipient, recipientOf } from "../../shared/outbox-message.js";
import { governmentKeyboard, startReviewKeyboard } from "./keyboards.js";

/** The person's access to the round, or null when they no longer take part. */
async function stateAccess(db: Kysely<Database>, person: Person, round: Round): Promise<ReviewAccess | null> {
  try {
    const access = await accessFor(db, person, round.id);
    return access.kind === "state" && access.stateCode ? access : null;
  } catch (error) {
    if (isDomainError(error)) return null;
    throw error;
  }
}

/** The deadline in the recipient's own time, with Almaty's (the secretariat's) when the clocks differ. */
function deadlineText(r: Recipient, at: number): string {
  return readerTime(r.t, r.lang, at, r.zone, REVIEW_TIME_ZONE);
}

function roundIdOf(params: Record<string, unknown>): number {
  return Number(params.roundId);
}

/** Every renderer of review rounds, by name. */
export function reviewRenderers(deps: BotDeps): [string, Renderer][] {
  const invitation: Renderer = async ({ db, person, params, now }) => {
    const r = await recipientOf(deps, db, person);
    const round = await getRound(db, roundIdOf(params));
    if (!r || !round || !acceptsAnswers(round, now) || round.deadline_at === null) return null;
    const access = await stateAccess(db, r.person, round);
    if (!access?.stateCode) return null;
    return htmlMessage(
      r.t("reviews:invitation", {
        state: (await getState(db, access.stateCode, r.lang))?.name ?? access.stateCode,
        title: (await roundText(db, round.id, r.docLang)).title,
        cards: await countCards(db, round.id),
        deadline: deadlineText(r, round.deadline_at),
      }),
      startReviewKeyboard(r.t, round.id),
    );
  };

  const nudge: Renderer = async ({ db, person, params, now }) => {
    const r = await recipientOf(deps, db, person);
    const round = await getRound(db, roundIdOf(params));
    if (!r || !round || !acceptsAnswers(round, now) || round.deadline_at !== Number(params.deadlineAt))
      return null;
    const access = await stateAccess(db, r.person, round);
    if (!access?.stateCode) return null;
    const progress = await stateProgress(db, round.id, access.stateCode);
    if (progress.firstUnanswered === null) return null;
    return htmlMessage(
      r.t("reviews:nudge", {
        state: (await getState(db, access.stateCode, r.lang))?.name ?? access.stateCode,
        title: (await roundText(db, round.id, r.docLang)).title,
        answered: progress.answered,
        total: progress.total,
        deadline: deadlineText(r, round.deadline_at),
      }),
      startReviewKeyboard(r.t, round.id, "reviews:button.continue"),
    );
  };

  const deadlineChanged: Renderer = async ({ db, person, params, now }) => {
    const r = await recipientOf(deps, db, person);
    const round = await getRound(db, roundIdOf(params));
    if (!r || !round || !acceptsAnswers(round, now) || round.deadline_at !== Number(params.deadlineAt))
      return null;
    if (!(await stateAccess(db, r.person, round))) return null;
    return htmlMessage(
      r.t("reviews:deadline_changed", {
        title: (await roundText(db, round.id, r.docLang)).title,
        deadline: deadlineText(r, round.deadline_at),
      }),
      startReviewKeyboard(r.t, round.id, "reviews:button.continue"),
    );
  };

  const government: Renderer = async ({ db, person, params }) => {
    const r = await recipientOf(deps, db, person);
    const round = await getRound(db, roundIdOf(params));
    if (!r || !round || round.outcome !== "adopted") return null;
    const access = await stateAccess(db, r.person, round);
    if (!access?.stateCode || (await governmentConfirmations(db, round.id)).has(access.stateCode))
      return null;
    return htmlMessage(
      r.t("reviews:government.request", {
        state: (await getState(db, access.stateCode, r.lang))?.name ?? access.stateCode,
        title: (await roundText(db, round.id, r.docLang)).title,
      }),
      governmentKeyboard(r.t, round.id),
    );
  };

  return [
    [REVIEW_RENDERERS.invitation, invitation],
    [REVIEW_RENDERERS.nudge, nudge],
    [REVIEW_RENDERERS.deadlineChanged, deadlineChanged],
    [REVIEW_RENDERERS.government, government],
  ];
}
