/**
 * The review rounds' section of the secretariat's daily digest: deadlines in the coming days and
 * the states that have not finished.
 */
import { DIGEST_HORIZON_MS } from "../../../domain/digest.js";
import { getState } from "../../../domain/reference.js";
import { roundDigest } from "../../../domain/reviews/digest.js";
import { REVIEW_TIME_ZONE, roundText } from "../../../domain/reviews/rounds.js";
import { readerTime } from "../../dates.js";
import { escapeHtml } from "../../i18n.js";
import type { DigestSection } from "../../shared/digest-section.js";

export function roundsDigestSection(): DigestSection {
  return {
    name: "review rounds",
    async hasNews(db, now) {
      return (await roundDigest(db, now, DIGEST_HORIZON_MS)).length > 0;
    },
    async render({ db, now, t, lang, zone }) {
      const entries = await roundDigest(db, now, DIGEST_HORIZON_MS);
      if (!entries.length) return null;
      const lines = [t("reviews:digest_title")];
      for (const { round, unfinished } of entries) {
        const title = (await roundText(db, round.id, lang)).title;
        const names = await Promise.all(
          unfinished.map(async (code) => (await getState(db, code, lang))?.name ?? code),
        );
        lines.push(
          t("reviews:digest_line", {
            title,
            deadline: readerTime(t, lang, round.deadline_at ?? now, zone, REVIEW_TIME_ZONE),
            interpolation: { escapeValue: true },
          }),
          names.length
            ? t("reviews:digest_unfinished", {
                states: names.map(escapeHtml).join(", "),
                interpolation: { escapeValue: false },
              })
            : t("reviews:digest_all_finished"),
        );
      }
      return lines.join("\n");
    },
  };
}
