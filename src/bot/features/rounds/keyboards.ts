/**
 * Buttons of /rounds (secretariat): the list, a round's card and its actions.
 */
import { InlineKeyboard } from "grammy";
import type { Round } from "../../../domain/reviews/rounds.js";
import { callbackKind } from "../../callback-data.js";
import type { Translate } from "../../i18n.js";

/**
 * `action`: list, card, states, tog (arg: state code), dl (deadline), nl (nudges), lang (add a
 * language version), open / close / adopt (arg: ask, yes, no), tally (the picture), details (the
 * tally's text), docx (the compilation) and xlsx (the positions matrix) with arg "-" for the
 * person's document language or ru / en, csvp, csvh, new.
 */
export const roundAction = callbackKind("rr", ["action", "round", "arg"]);

export const ROUND_ACTIONS = [
  "list",
  "card",
  "states",
  "tog",
  "dl",
  "nl",
  "lang",
  "open",
  "close",
  "adopt",
  "tally",
  "details",
  "docx",
  "xlsx",
  "csvp",
  "csvh",
  "new",
] as const;
export type RoundActionCode = (typeof ROUND_ACTIONS)[number];

/** Cancels a step of /rounds (deadline, nudges, language version). */
export const roundStepCancel = callbackKind("rrx", ["action"]);

const pack = (action: RoundActionCode, round: number, arg = "-") => roundAction.pack({ action, round, arg });

export function listKeyboard(t: Translate, rounds: readonly { id: number; label: string }[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const r of rounds) kb.text(r.label, pack("card", r.id)).row();
  return kb.text(t("reviews:rounds.new"), pack("new", 0));
}

/** The actions that fit the round's state. */
export function roundKeyboard(t: Translate, round: Round): InlineKeyboard {
  const kb = new InlineKeyboard();
  const id = round.id;
  if (round.status === "draft") {
    kb.text(t("reviews:rounds.button.states"), pack("states", id))
      .text(t("reviews:rounds.button.deadline"), pack("dl", id))
      .row()
      .text(t("reviews:rounds.button.nudges"), pack("nl", id))
      .text(t("reviews:rounds.button.language"), pack("lang", id))
      .row()
      .text(t("reviews:rounds.button.open"), pack("open", id, "ask"))
      .row();
  } else {
    kb.text(t("reviews:rounds.button.tally"), pack("tally", id)).row();
    if (round.status === "open") {
      kb.text(t("reviews:rounds.button.extend"), pack("dl", id))
        .text(t("reviews:rounds.button.nudges"), pack("nl", id))
        .row()
        .text(t("reviews:rounds.button.close"), pack("close", id, "ask"))
        .row();
    }
    kb.text(t("document_chat:compilation_button"), pack("docx", id))
      .text(t("document_chat:matrix_button"), pack("xlsx", id))
      .row();
    kb.text(t("reviews:rounds.button.csv_positions"), pack("csvp", id))
      .text(t("reviews:rounds.button.csv_history"), pack("csvh", id))
      .row();
    if (round.status === "closed" && round.outcome === null) kb.row(...outcomeButtons(t, id));
  }
  return kb.text(t("reviews:rounds.button.all_rounds"), pack("list", 0));
}

function outcomeButtons(t: Translate, roundId: number) {
  return [
    InlineKeyboard.text(t("reviews:rounds.button.adopted"), pack("adopt", roundId, "ask")),
    InlineKeyboard.text(t("reviews:rounds.button.not_adopted"), pack("adopt", roundId, "no")),
  ];
}

/** Asked when a round is closed (by hand or at its deadline): adopted or not, and the tally. */
export function outcomeKeyboard(t: Translate, roundId: number): InlineKeyboard {
  return new InlineKeyboard()
    .row(...outcomeButtons(t, roundId))
    .row()
    .text(t("reviews:rounds.button.tally"), pack("tally", roundId));
}

/** Under the tally's picture: the detailed text, item by item. */
export function tallyPictureKeyboard(t: Translate, roundId: number): InlineKeyboard {
  return new InlineKeyboard().text(t("document_chat:show_details"), pack("details", roundId));
}

/** The payload asking for a round's document (`docx` or `xlsx`) in an official language. */
export function roundDocumentData(format: "docx" | "xlsx", roundId: number, lang: string): string {
  return pack(format, roundId, lang);
}

export function statesKeyboard(
  t: Translate,
  roundId: number,
  states: readonly { code: string; name: string; taking: boolean }[],
): InlineKeyboard {
  const kb = new InlineKeyboard();
  states.forEach((s, i) => {
    kb.text(`${s.taking ? "✅" : "▫️"} ${s.name}`, pack("tog", roundId, s.code));
    if (i % 2 === 1) kb.row();
  });
  return kb.row().text(t("reviews:rounds.button.done"), pack("card", roundId));
}

/** "Yes" for `action` (open, close, adopt) or back to the round. */
export function confirmKeyboard(
  t: Translate,
  action: "open" | "close" | "adopt",
  roundId: number,
): InlineKeyboard {
  return new InlineKeyboard()
    .text(t(`reviews:rounds.button.confirm_${action}`), pack(action, roundId, "yes"))
    .row()
    .text(t("reviews:rounds.button.back"), pack("card", roundId));
}

export function stepCancelKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t("reviews:button.cancel"), roundStepCancel.pack({ action: "x" }));
}

export function noNudgesKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("reviews:rounds.button.no_nudges"), roundStepCancel.pack({ action: "none" }))
    .text(t("reviews:button.cancel"), roundStepCancel.pack({ action: "x" }));
}
