/**
 * The tally in words for the secretariat: the caption under the tally's picture (the consensus
 * summary), and on request the details — a head (consensus, who has not finished, summary
 * confirmations, "passed to government"), then one block per item with each state's position, the
 * states' comments and proposed wordings, and the observers' comments apart. The details are split
 * into messages between items, never inside one: an item too long for a message has its longest
 * texts shortened (the compilation has them in full).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.js";
import { listOrganisations, listStates } from "../../../domain/reference.js";
import type { CommentRow } from "../../../domain/reviews/positions.js";
import type { RoundRecord } from "../../../domain/reviews/record.js";
import { REVIEW_TIME_ZONE } from "../../../domain/reviews/rounds.js";
import { type CardTally, computeTally, type RoundTally } from "../../../domain/reviews/tally.js";
import { formatDate, intlLocaleFor } from "../../dates.js";
import type { Translate } from "../../i18n.js";
import { positionLabel } from "../../shared/review-labels.js";
import { shorten } from "../../shared/text.js";

/** "01.12.2026, 11:00" in Almaty time, day before month in every language (English too). */
function shortTime(ms: number, lang: string): string {
  const { locale } = intlLocaleFor(lang);
  return new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, {
    timeZone: REVIEW_TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(ms);
}

/** Telegram takes 4096 characters in a message and 1024 in a caption; the HTML tags leave margin. */
const CHUNK = 4000;
const CAPTION_MAX = 1024;
/** Quoted texts of an item too long for one message are cut to the first of these that fits. */
const TEXT_CAPS = [Number.POSITIVE_INFINITY, 1000, 400, 150];

interface Names {
  state(code: string | null): string;
  org(code: string | null): string;
  person(id: number): string;
}

async function namesFor(db: Kysely<Database>, tally: RoundTally, lang: string): Promise<Names> {
  const states = new Map((await listStates(db, lang)).map((s) => [s.code, s.name]));
  const orgs = new Map((await listOrganisations(db, lang)).map((o) => [o.code, o.name]));
  return {
    state: (code) => (code ? (states.get(code) ?? code) : ""),
    org: (code) => (code ? (orgs.get(code) ?? code) : ""),
    person: (id) => tally.people.get(id) ?? "",
  };
}

/** Whether consensus holds on every item, and if not where; a closed round has none, not "none yet". */
function consensusLine(t: Translate, closed: boolean, total: number, without: readonly string[]): string {
  if (without.length === 0) return t("reviews:tally.consensus_all", { total });
  return t(closed ? "reviews:tally.consensus_partial_closed" : "reviews:tally.consensus_partial", {
    held: total - without.length,
    total,
    items: shorten(without.join(", "), 300),
  });
}

/** The head of the tally: consensus and who is missing; also the notice when a round closes. */
export function tallyHead(t: Translate, tally: RoundTally, names: Names, lang: string): string {
  const lines = [t("reviews:tally.heading", { title: tally.title })];
  lines.push(
    consensusLine(
      t,
      tally.round.status === "closed",
      tally.cards.length,
      tally.cards.filter((c) => !c.consensus).map((c) => c.card.label),
    ),
  );
  lines.push(
    tally.unfinished.length
      ? t("reviews:tally.unfinished", { states: tally.unfinished.map(names.state).join(", ") })
      : t("reviews:tally.all_finished"),
  );
  const confirmed = [...tally.completions].map(
    ([code, at]) => `${names.state(code)} (${shortTime(at, lang)})`,
  );
  if (confirmed.length) lines.push(t("reviews:tally.confirmed", { states: confirmed.join("; ") }));
  if (tally.round.outcome === "adopted") {
    const passed = tally.states
      .filter((s) => tally.government.has(s.code))
      .map((s) => {
        const g = tally.government.get(s.code);
        const day = g ? formatDate(Date.parse(`${g.passed_on}T12:00:00Z`), "UTC", lang) : "";
        return g?.note ? `${names.state(s.code)} — ${day} («${g.note}»)` : `${names.state(s.code)} — ${day}`;
      });
    const waiting = tally.states.filter((s) => !tally.government.has(s.code)).map((s) => names.state(s.code));
    lines.push(
      t("reviews:tally.government", {
        passed: passed.join("; ") || "—",
        waiting: waiting.join(", ") || "—",
      }),
    );
  }
  return lines.join("\n");
}

function commentLine(t: Translate, c: CommentRow, names: Names, lang: string, cap: number): string {
  return t(`reviews:tally.${c.kind}`, {
    who: names.person(c.person_id),
    where: c.state_code ? names.state(c.state_code) : names.org(c.org_code),
    at: shortTime(c.at, lang),
    text: shorten(c.text, cap),
  });
}

/** One item's block, each quoted text cut to `cap` characters (with a note when one was cut). */
function itemBlock(t: Translate, card: CardTally, names: Names, lang: string, cap: number): string {
  let cut = false;
  const quoted = (text: string) => {
    if (text.length > cap) cut = true;
    return shorten(text, cap);
  };
  const lines = [
    t("reviews:tally.item", {
      label: card.card.label,
      support: card.counts.support,
      object: card.counts.object,
      abstain: card.counts.abstain,
      none: card.counts.none,
      consensus: t(card.consensus ? "reviews:tally.consensus_yes" : "reviews:tally.consensus_no"),
    }),
  ];
  for (const { stateCode, position } of card.byState) {
    lines.push(
      position
        ? t("reviews:tally.state_position", {
            state: names.state(stateCode),
            position: positionLabel(t, position.position),
            who: names.person(position.person_id),
            at: shortTime(position.at, lang),
          })
        : t("reviews:tally.state_none", { state: names.state(stateCode) }),
    );
    if (position?.reason) lines.push(t("reviews:tally.reason", { reason: quoted(position.reason) }));
  }
  const comment = (c: CommentRow) => {
    if (c.text.length > cap) cut = true;
    return commentLine(t, c, names, lang, cap);
  };
  for (const c of card.comments) lines.push(comment(c));
  if (card.observerComments.length) {
    lines.push(t("reviews:tally.observers"));
    for (const c of card.observerComments) lines.push(comment(c));
  }
  if (cut) lines.push(t("reviews:tally.shortened"));
  return lines.join("\n");
}

/**
 * An item as blocks that each fit a message: whole when it fits, else with its texts shortened;
 * only an item with more answers and comments than a message can hold at all goes on over
 * several messages, each continuation headed with the item's label.
 */
function itemBlocks(t: Translate, card: CardTally, names: Names, lang: string): string[] {
  let block = "";
  for (const cap of TEXT_CAPS) {
    block = itemBlock(t, card, names, lang, cap);
    if (block.length <= CHUNK) return [block];
  }
  const continued = t("reviews:tally.item_continued", { label: card.card.label });
  const pieces: string[] = [];
  let current = "";
  for (const line of block.split("\n")) {
    if (current && current.length + 1 + line.length > CHUNK) {
      pieces.push(current);
      current = continued;
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) pieces.push(current);
  return pieces;
}

/** The whole tally as a few messages, split between items. */
export async function tallyMessages(
  db: Kysely<Database>,
  t: Translate,
  lang: string,
  roundId: number,
): Promise<string[]> {
  const tally = await computeTally(db, roundId, lang);
  const names = await namesFor(db, tally, lang);
  const blocks = [tallyHead(t, tally, names, lang)];
  for (const card of tally.cards) blocks.push(...itemBlocks(t, card, names, lang));
  return chunk(blocks);
}

/**
 * Packs blocks into messages under the limit, a block never split between two messages; only a
 * block longer than a message by itself (none of the tally's items is) is split by lines.
 */
export function chunk(blocks: readonly string[]): string[] {
  const messages: string[] = [];
  let current = "";
  const add = (piece: string, separator: string) => {
    if (current && current.length + piece.length + separator.length > CHUNK) {
      messages.push(current);
      current = "";
    }
    current = current ? `${current}${separator}${piece}` : piece;
  };
  for (const block of blocks) {
    if (block.length <= CHUNK) add(block, "\n\n");
    else for (const [i, line] of block.split("\n").entries()) add(line, i === 0 ? "\n\n" : "\n");
  }
  if (current) messages.push(current);
  return messages;
}

/** The caption under the tally's picture: the round, whether consensus holds, who has not finished. */
export function tallyCaption(t: Translate, record: RoundRecord): string {
  const names = new Map(record.states.map((s) => [s.code, s.name]));
  const lines = [
    t("document_chat:tally_caption", { id: record.id, title: shorten(record.title, 100) }),
    consensusLine(
      t,
      record.status === "closed",
      record.items.length,
      record.items.filter((i) => !i.consensus).map((i) => i.label),
    ),
    record.unfinished.length
      ? t("reviews:tally.unfinished", {
          states: shorten(record.unfinished.map((c) => names.get(c) ?? c).join(", "), 300),
        })
      : t("reviews:tally.all_finished"),
  ];
  while (lines.length > 1 && lines.join("\n").length > CAPTION_MAX) lines.pop();
  return lines.join("\n");
}

/** The head alone, for the notice that a round has closed. */
export async function tallyHeadText(db: Kysely<Database>, t: Translate, lang: string, roundId: number) {
  const tally = await computeTally(db, roundId, lang);
  return tallyHead(t, tally, await namesFor(db, tally, lang), lang);
}
