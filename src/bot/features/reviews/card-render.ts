/**
 * The review card and the summary rendered as a message: text and keyboard in the person's language.
 */
import { OFFICIAL_LANGUAGES } from "../../../domain/reference.js";
import type { Translate } from "../../i18n.js";
import { positionLabel } from "../../shared/review-labels.js";
import { shorten } from "../../shared/text.js";
import type { CardData, SummaryData } from "./card-data.js";
import { cardKeyboard, MAX_JUMPS, summaryKeyboard } from "./keyboards.js";

/** Telegram's limit is 4096 characters; keep a margin for what HTML entities expand. */
const MAX_MESSAGE = 4000;

const plain = { interpolation: { escapeValue: false } };

/** The card's text and keyboard. Over-long documents lose the end of the lead, never the item itself. */
export function renderCard(
  t: Translate,
  c: CardData,
): { text: string; keyboard: ReturnType<typeof cardKeyboard> } {
  const build = (lead: string | null, title: string) => {
    const parts = [
      t("reviews:card.heading", { title }),
      t("reviews:card.progress", { ordinal: c.ordinal, total: c.total, label: c.label }),
    ];
    // One line, in the person's own language, saying the official text is in another one.
    if (c.shownInOther && OFFICIAL_LANGUAGES.includes(c.shownInOther))
      parts.push(t(`reviews:document.note_${c.shownInOther}`));
    parts.push("");
    if (lead) parts.push(t("reviews:card.lead", { lead }));
    parts.push(
      c.letter
        ? t("reviews:card.sub_item", { letter: c.letter, text: c.text })
        : t("reviews:card.text", { text: c.text }),
    );
    parts.push("");
    if (c.kind === "state") {
      if (c.position) {
        parts.push(
          t(`reviews:card.position_${c.position.value}`, {
            state: c.stateName ?? "",
            by: c.position.by,
            at: c.position.at,
          }),
        );
        if (c.position.reason) parts.push(t("reviews:card.reason", { reason: c.position.reason }));
      } else parts.push(t("reviews:card.position_none", { state: c.stateName ?? "" }));
    } else parts.push(t("reviews:card.observer"));
    if (c.readOnly) parts.push(t("reviews:card.read_only"));
    else if (c.deadline) parts.push(t("reviews:card.deadline", { deadline: c.deadline }));
    return parts.join("\n");
  };
  let lead = c.lead;
  // The full title opens the round; on each card a short one is enough to know where one is.
  let title = shorten(c.title, 120);
  let text = build(lead, title);
  for (let i = 0; i < 3 && text.length > MAX_MESSAGE; i++) {
    title = shorten(title, 80);
    if (lead) lead = shorten(lead, Math.max(40, lead.length - (text.length - MAX_MESSAGE) - 20));
    text = build(lead, title);
  }
  const keyboard = cardKeyboard(t, {
    roundId: c.roundId,
    itemId: c.itemId,
    kind: c.kind,
    readOnly: c.readOnly,
    isFirst: c.ordinal === 1,
    isLast: c.ordinal === c.total,
    switchTo: c.switchTo,
  });
  return { text, keyboard };
}

/** The summary at the end: the state's position on every card, and a confirmation. */
export function renderSummary(
  t: Translate,
  s: SummaryData,
): { text: string; keyboard: ReturnType<typeof summaryKeyboard> } {
  const reasonRoom = Math.max(40, Math.floor(2400 / Math.max(1, s.lines.length)));
  const parts = [t("reviews:card.heading", { title: shorten(s.title, 300) }), ""];
  if (s.kind === "observer") {
    parts.push(t("reviews:summary.observer"));
  } else {
    parts.push(
      t("reviews:summary.title", { state: s.stateName ?? "", answered: s.answered, total: s.total }),
    );
    for (const line of s.lines) {
      parts.push(
        t("reviews:summary.line", { label: line.label, position: positionLabel(t, line.value), ...plain }),
      );
      if (line.reason) parts.push(t("reviews:summary.reason", { reason: shorten(line.reason, reasonRoom) }));
    }
    parts.push("");
    if (s.readOnly) parts.push(t("reviews:card.read_only"));
    else if (s.answered < s.total)
      parts.push(t("reviews:summary.incomplete", { count: s.total - s.answered }));
    else parts.push(t("reviews:summary.confirm_prompt", { deadline: s.deadline ?? "" }));
  }
  if (s.outro) parts.push("", t("reviews:summary.outro", { outro: shorten(s.outro, 600) }));
  if (s.lines.length > 0 && s.lines.length <= MAX_JUMPS) parts.push("", t("reviews:summary.jump"));
  return {
    text: parts.join("\n"),
    keyboard: summaryKeyboard(t, {
      roundId: s.roundId,
      lastItemId: s.lastItemId,
      complete: s.answered === s.total,
      readOnly: s.readOnly,
      kind: s.kind,
      items: s.lines.map((l) => ({ itemId: l.itemId, label: l.label, value: l.value })),
    }),
  };
}
