/**
 * The message review rounds queue for the secretariat, built at send time: the notice that a round
 * closed, with the head of its tally and the buttons to record the outcome. Null once the outcome
 * is recorded.
 */
import { isSecretariat } from "../../../domain/people/people.js";
import { getRound, REVIEW_RENDERERS } from "../../../domain/reviews/rounds.js";
import type { Renderer } from "../../../outbox/dispatcher.js";
import type { BotDeps } from "../../context.js";
import { htmlMessage, recipientOf } from "../../shared/outbox-message.js";
import { outcomeKeyboard } from "./keyboards.js";
import { tallyHeadText } from "./tally-view.js";

export function roundRenderers(deps: BotDeps): [string, Renderer][] {
  const closed: Renderer = async ({ db, person, params }) => {
    const r = await recipientOf(deps, db, person);
    const round = await getRound(db, Number(params.roundId));
    if (!r || !isSecretariat(r.person) || !round || round.status !== "closed" || round.outcome !== null)
      return null;
    const head = await tallyHeadText(db, r.t, r.lang, round.id);
    return htmlMessage(
      `${r.t("reviews:closed_notice", { id: round.id })}\n\n${head}`,
      outcomeKeyboard(r.t, round.id),
    );
  };

  return [[REVIEW_RENDERERS.closed, closed]];
}
