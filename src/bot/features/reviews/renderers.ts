/**
 * The messages review rounds queue in the outbox, built at send time in the recipient's language
 * and time zone: the invitation, the nudges, the notice of a new deadline, the notice to the
 * secretariat that a round closed, and the "passed to government" request. Each returns null
 * when it is no longer needed (round closed, state finished or confirmed, deadline moved).
 */
import type { InlineKeyboard } from "grammy";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.js";
import { isDomainError } from "../../../domain/errors.js";
import { effectiveTimeZone, isSecretariat, type Person } from "../../../domain/people.js";
import { getState } from "../../../domain/reference.js";
import { governmentConfirmations } from "../../../domain/reviews/government.js";
import { accessFor, type ReviewAccess, stateProgress } from "../../../domain/reviews/positions.js";
import {
  acceptsAnswers,
  countCards,
  getRound,
  REVIEW_RENDERERS,
  type Round,
  roundText,
} from "../../../domain/reviews/rounds.js";
import type { ReadyMessage } from "../../../outbox/content.js";
import type { Renderer } from "../../../outbox/dispatcher.js";
import type { BotDeps } from "../../context.js";
import { formatDateTime, utcOffsetLabel } from "../../dates.js";
import type { Translate } from "../../i18n.js";
import { outcomeKeyboard } from "../rounds/keyboards.js";
import { tallyHeadText } from "../rounds/tally-view.js";
import { governmentKeyboard, startReviewKeyboard } from "./keyboards.js";

interface Recipient {
  person: Person;
  lang: string;
  /** The language the round's title is shown in: the person's document language, else `lang`. */
  docLang: string;
  t: Translate;
  zone: string;
}

async function recipient(
  deps: BotDeps,
  db: Kysely<Database>,
  person: Person | null,
): Promise<Recipient | null> {
  if (!person) return null;
  const lang = deps.translations.resolveLanguage(person.language, undefined);
  return {
    person,
    lang,
    docLang: person.document_language ?? lang,
    t: deps.translations.forLanguage(lang),
    zone: await effectiveTimeZone(db, person, deps.config.defaultTimeZone),
  };
}

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

function deadlineText(r: Recipient, at: number): string {
  return `${formatDateTime(at, r.zone, r.lang)} (${r.zone}, ${utcOffsetLabel(at, r.zone)})`;
}

function text(body: string, keyboard?: InlineKeyboard): ReadyMessage {
  return {
    type: "text",
    text: body,
    parseMode: "HTML",
    ...(keyboard ? { buttons: keyboard.inline_keyboard } : {}),
  };
}

function roundIdOf(params: Record<string, unknown>): number {
  return Number(params.roundId);
}

/** Every renderer of review rounds, by name. */
export function reviewRenderers(deps: BotDeps): [string, Renderer][] {
  const invitation: Renderer = async ({ db, person, params, now }) => {
    const r = await recipient(deps, db, person);
    const round = await getRound(db, roundIdOf(params));
    if (!r || !round || !acceptsAnswers(round, now) || round.deadline_at === null) return null;
    const access = await stateAccess(db, r.person, round);
    if (!access?.stateCode) return null;
    return text(
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
    const r = await recipient(deps, db, person);
    const round = await getRound(db, roundIdOf(params));
    if (!r || !round || !acceptsAnswers(round, now) || round.deadline_at !== Number(params.deadlineAt))
      return null;
    const access = await stateAccess(db, r.person, round);
    if (!access?.stateCode) return null;
    const progress = await stateProgress(db, round.id, access.stateCode);
    if (progress.firstUnanswered === null) return null;
    return text(
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
    const r = await recipient(deps, db, person);
    const round = await getRound(db, roundIdOf(params));
    if (!r || !round || !acceptsAnswers(round, now) || round.deadline_at !== Number(params.deadlineAt))
      return null;
    if (!(await stateAccess(db, r.person, round))) return null;
    return text(
      r.t("reviews:deadline_changed", {
        title: (await roundText(db, round.id, r.docLang)).title,
        deadline: deadlineText(r, round.deadline_at),
      }),
      startReviewKeyboard(r.t, round.id, "reviews:button.continue"),
    );
  };

  const closed: Renderer = async ({ db, person, params }) => {
    const r = await recipient(deps, db, person);
    const round = await getRound(db, roundIdOf(params));
    if (!r || !isSecretariat(r.person) || !round || round.status !== "closed" || round.outcome !== null)
      return null;
    const head = await tallyHeadText(db, r.t, r.lang, round.id);
    return text(
      `${r.t("reviews:closed_notice", { id: round.id })}\n\n${head}`,
      outcomeKeyboard(r.t, round.id),
    );
  };

  const government: Renderer = async ({ db, person, params }) => {
    const r = await recipient(deps, db, person);
    const round = await getRound(db, roundIdOf(params));
    if (!r || !round || round.outcome !== "adopted") return null;
    const access = await stateAccess(db, r.person, round);
    if (!access?.stateCode || (await governmentConfirmations(db, round.id)).has(access.stateCode))
      return null;
    return text(
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
    [REVIEW_RENDERERS.closed, closed],
    [REVIEW_RENDERERS.government, government],
  ];
}
