/**
 * The meetings section of the secretariat's daily digest: RSVP deadlines in the coming days with
 * the parties that have not answered, and meetings starting in the coming days with their answers.
 */
import { DIGEST_HORIZON_MS } from "../../../domain/digest.js";
import { meetingDigest } from "../../../domain/meetings/digest.js";
import { pickTitle } from "../../../domain/meetings/meetings.js";
import { partyName, partyNames } from "../../../domain/meetings/parties.js";
import { escapeHtml } from "../../i18n.js";
import type { DigestSection } from "../../shared/digest-section.js";
import { instantText, timeLeft, whenText } from "./format.js";

export function meetingsDigestSection(): DigestSection {
  return {
    name: "meetings",
    async hasNews(db, now) {
      const digest = await meetingDigest(db, now, DIGEST_HORIZON_MS);
      return digest.deadlines.length + digest.starting.length > 0;
    },
    async render({ db, now, t, lang, zone }) {
      const digest = await meetingDigest(db, now, DIGEST_HORIZON_MS);
      if (digest.deadlines.length + digest.starting.length === 0) return null;
      const names = await partyNames(db, lang);
      const lines: string[] = [];
      if (digest.deadlines.length) {
        lines.push(t("meetings:digest_deadlines"));
        for (const d of digest.deadlines) {
          lines.push(
            t("meetings:digest_deadline_line", {
              title: pickTitle(d.titles, lang),
              deadline: instantText(t, d.meeting.rsvp_deadline_at, zone, lang),
              left: timeLeft(t, d.meeting.rsvp_deadline_at, now),
              answered: d.counts.invited - d.counts.none,
              invited: d.counts.invited,
            }),
            t("meetings:digest_silent", { parties: d.silent.map((p) => partyName(names, p)).join(", ") }),
          );
        }
      }
      if (digest.starting.length) {
        if (lines.length) lines.push("");
        lines.push(t("meetings:digest_starting"));
        for (const d of digest.starting) {
          lines.push(
            `• <b>${escapeHtml(pickTitle(d.titles, lang))}</b>`,
            `  ${whenText(t, lang, d.meeting, zone)}`,
            `  ${t("meetings:counts", { ...d.counts })}`,
          );
        }
      }
      return lines.join("\n");
    },
  };
}
