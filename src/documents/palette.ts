/**
 * How a state's answer on an item is classed and coloured in the documents: the tally picture
 * fills its cells with the strong colour, the positions matrix with the light one (text stays
 * readable on it). One definition, so the picture and the spreadsheet never disagree.
 */
import type { StateAnswer } from "../domain/reviews/record.js";

/** A position, or "comment" when the state only commented, or "none" when it did neither. */
export type AnswerCategory = "support" | "object" | "abstain" | "comment" | "none";

export const ANSWER_CATEGORIES: readonly AnswerCategory[] = [
  "support",
  "object",
  "abstain",
  "comment",
  "none",
];

/** Colours as RRGGBB. */
export const STRONG: Record<AnswerCategory, string> = {
  support: "2E7D32",
  object: "C62828",
  abstain: "F9A825",
  comment: "1565C0",
  none: "D6D6D6",
};

export const LIGHT: Record<AnswerCategory, string> = {
  support: "C8E6C9",
  object: "FFCDD2",
  abstain: "FFF3B0",
  comment: "BBDEFB",
  none: "EEEEEE",
};

export function answerCategory(answer: Pick<StateAnswer, "position" | "comments">): AnswerCategory {
  return answer.position ?? (answer.comments.length > 0 ? "comment" : "none");
}
