/**
 * The notice to a coordinator or an alternate whose position on a card the other one has just
 * replaced. Said at most once a day per round and pair of people, not once per card: a person who
 * goes through the whole round would otherwise send one notice per recommendation.
 */
import type { Person } from "../../../domain/people/people.js";
import { getState } from "../../../domain/reference.js";
import type { BotDeps } from "../../context.js";
import { tellAnswerReplaced } from "../../shared/answer-replaced.js";

const DAY = 86_400_000;

export async function tellPositionReplaced(
  deps: BotDeps,
  by: Person,
  roundId: number,
  replacedBy: number | null,
  now: number,
): Promise<void> {
  await tellAnswerReplaced(
    deps,
    {
      replacedBy,
      by,
      key: `review-replaced:${roundId}:${replacedBy}:${by.id}:${Math.floor(now / DAY)}`,
      text: async (t, lang) =>
        t("reviews:answer_replaced", {
          name: by.name,
          role: t(`roles:${by.role}`),
          state: (await getState(deps.db, by.state_code ?? "", lang))?.name ?? by.state_code ?? "",
          round: roundId,
        }),
    },
    now,
  );
}
