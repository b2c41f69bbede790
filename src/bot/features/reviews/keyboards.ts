/**
 * Buttons of the review: opening a round, the card's answers and moves, the text steps
 * (objection reason, comment, proposed wording) and the "passed to government" request.
 * Payloads carry ids only; every press is re-checked against the database.
 */
import { InlineKeyboard } from "grammy";
import { callbackKind } from "../../callback-data.js";
import type { Translate } from "../../i18n.js";

/** Opens a round at the first card the person's state has not answered (invitation, nudge, /review). */
export const openReview = callbackKind("rvo", ["round"]);

/**
 * A press on a review card. `action`: s support, a abstain, o object (asks the reason),
 * c comment-or-amend choice, cc comment, ca propose wording, n next/skip, p previous,
 * i back to the item, sum summary, ok confirm the summary, go first unanswered card.
 */
export const cardAction = callbackKind("rv", ["round", "item", "action"]);
export const CARD_ACTIONS = ["s", "a", "o", "c", "cc", "ca", "n", "p", "i", "sum", "ok", "go"] as const;
export type CardActionCode = (typeof CARD_ACTIONS)[number];

/** Shows the round's official text in another language (`lang`: ru or en), from a card. */
export const documentSwitch = callbackKind("rvd", ["round", "item", "lang"]);

/** Cancels the text step in progress. */
export const cancelText = callbackKind("rvx", ["action"]);

/** "Passed to government": `t` today, `d` type the date. */
export const governmentAction = callbackKind("rvg", ["round", "action"]);
/** In the government step: no note. */
export const governmentNote = callbackKind("rvgn", ["action"]);

const pack = (round: number, item: number, action: CardActionCode) =>
  cardAction.pack({ round, item, action });

export interface CardButtons {
  roundId: number;
  itemId: number;
  kind: "state" | "observer";
  readOnly: boolean;
  isFirst: boolean;
  isLast: boolean;
  /** Official languages the document can be switched to (none when shown in the person's own). */
  switchTo?: readonly string[];
}

/** The card's keyboard: answers (for a state, while open), comment, and moves. */
export function cardKeyboard(t: Translate, b: CardButtons): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (!b.readOnly) {
    if (b.kind === "state") {
      kb.text(t("reviews:button.support"), pack(b.roundId, b.itemId, "s"))
        .text(t("reviews:button.object"), pack(b.roundId, b.itemId, "o"))
        .text(t("reviews:button.abstain"), pack(b.roundId, b.itemId, "a"))
        .row()
        .text(t("reviews:button.comment_or_amend"), pack(b.roundId, b.itemId, "c"))
        .row();
    } else {
      kb.text(t("reviews:button.comment"), pack(b.roundId, b.itemId, "cc")).row();
    }
  }
  if (!b.isFirst) kb.text(t("reviews:button.back"), pack(b.roundId, b.itemId, "p"));
  kb.text(
    t(
      b.isLast
        ? "reviews:button.to_summary"
        : b.kind === "state" && !b.readOnly
          ? "reviews:button.skip"
          : "reviews:button.next",
    ),
    pack(b.roundId, b.itemId, "n"),
  );
  for (const lang of b.switchTo ?? []) {
    kb.row().text(
      t(`reviews:document.show_${lang}`),
      documentSwitch.pack({ round: b.roundId, item: b.itemId, lang }),
    );
  }
  return kb;
}

/** After "Comment or amend": a comment, a proposed wording, or back to the answers. */
export function commentChoiceKeyboard(t: Translate, roundId: number, itemId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("reviews:button.comment"), pack(roundId, itemId, "cc"))
    .text(t("reviews:button.amend"), pack(roundId, itemId, "ca"))
    .row()
    .text(t("reviews:button.back_to_item"), pack(roundId, itemId, "i"));
}

/** What a jump button shows before an item's label: the state's position at a glance. */
const POSITION_MARKS: Record<string, string> = { support: "✅", object: "❌", abstain: "⚪" };
const JUMPS_PER_ROW = 5;
/** Telegram allows 100 buttons in a keyboard; a longer round is reached with Back and Next. */
export const MAX_JUMPS = 90;

/**
 * The summary's keyboard: a button per item to open it straight away (with the state's position
 * on it), then confirm when every card is answered, else go to the first open one.
 */
export function summaryKeyboard(
  t: Translate,
  s: {
    roundId: number;
    lastItemId: number;
    complete: boolean;
    readOnly: boolean;
    kind: "state" | "observer";
    items: readonly { itemId: number; label: string; value: string | null }[];
  },
): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (s.items.length <= MAX_JUMPS) {
    s.items.forEach((item, i) => {
      const mark = s.kind === "state" ? `${POSITION_MARKS[item.value ?? ""] ?? "·"} ` : "";
      kb.text(`${mark}${item.label}`, pack(s.roundId, item.itemId, "i"));
      if ((i + 1) % JUMPS_PER_ROW === 0 || i === s.items.length - 1) kb.row();
    });
  }
  if (s.kind === "state" && !s.readOnly) {
    if (s.complete) kb.text(t("reviews:button.confirm"), pack(s.roundId, 0, "ok")).row();
    else kb.text(t("reviews:button.first_open"), pack(s.roundId, 0, "go")).row();
  }
  return kb.text(t("reviews:button.back_to_items"), pack(s.roundId, s.lastItemId, "i"));
}

export function cancelTextKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t("reviews:button.cancel"), cancelText.pack({ action: "x" }));
}

export function startReviewKeyboard(
  t: Translate,
  roundId: number,
  label = "reviews:button.start",
): InlineKeyboard {
  return new InlineKeyboard().text(t(label), openReview.pack({ round: roundId }));
}

export function governmentKeyboard(t: Translate, roundId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("reviews:button.passed_today"), governmentAction.pack({ round: roundId, action: "t" }))
    .text(t("reviews:button.passed_on_date"), governmentAction.pack({ round: roundId, action: "d" }));
}

export function noNoteKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("reviews:button.no_note"), governmentNote.pack({ action: "none" }))
    .text(t("reviews:button.cancel"), governmentNote.pack({ action: "x" }));
}
