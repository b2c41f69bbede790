/**
 * The CSV exports sent as documents, with headers and values in the secretariat member's language.
 */
import { InputFile } from "grammy";
import { type ExportLabels, historyCsv, positionsCsv } from "../../../domain/reviews/export.js";
import type { MemberContext } from "../../guards.js";
import type { Translate } from "../../i18n.js";

/** The translated words of the CSV files. */
export function exportLabels(t: Translate): ExportLabels {
  const col = (key: string) => t(`reviews:csv.${key}`);
  return {
    columns: {
      item: col("item"),
      text: col("text"),
      state_code: col("state_code"),
      state: col("state"),
      position: col("position"),
      reason: col("reason"),
      recorded_by: col("recorded_by"),
      role: col("role"),
      recorded_at_utc: col("recorded_at_utc"),
      recorded_at_almaty: col("recorded_at_almaty"),
      at_utc: col("at_utc"),
      at_almaty: col("at_almaty"),
      event: col("event"),
      affiliation: col("affiliation"),
      person: col("person"),
    },
    position: {
      support: t("reviews:position.support"),
      object: t("reviews:position.object"),
      abstain: t("reviews:position.abstain"),
      none: t("reviews:position.none"),
    },
    event: {
      opened: t("reviews:csv.event_opened"),
      position: t("reviews:csv.event_position"),
      comment: t("reviews:csv.event_comment"),
      amendment: t("reviews:csv.event_amendment"),
      completion: t("reviews:csv.event_completion"),
      closed: t("reviews:csv.event_closed"),
      government: t("reviews:csv.event_government"),
    },
    role: (role) => t(`roles:${role}`),
  };
}

/** Sends the positions or the history of a round as a CSV document. */
export async function sendExport(
  ctx: MemberContext,
  roundId: number,
  which: "positions" | "history",
): Promise<void> {
  const labels = exportLabels(ctx.t);
  const make = which === "positions" ? positionsCsv : historyCsv;
  const csv = await make(ctx.deps.db, roundId, ctx.lang, labels);
  await ctx.replyWithDocument(new InputFile(csv, `round-${roundId}-${which}.csv`), {
    caption: ctx.t(`reviews:rounds.export_${which}`, { id: roundId }),
  });
}
