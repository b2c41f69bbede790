/**
 * How a recorded position is named, in the reviews' cards and in the secretariat's tallies.
 */
import type { PositionValue } from "../../db/schema/reviews.js";
import type { Translate } from "../i18n.js";

export function positionLabel(t: Translate, value: PositionValue | null): string {
  return t(`reviews:position.${value ?? "none"}`);
}
