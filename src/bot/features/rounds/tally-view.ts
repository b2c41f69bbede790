/**
 * The tally as messages for the secretariat: a head (consensus, who has not finished, summary
 * confirmations, "passed to government"), then one block per card with each state's position,
 * the states' comments and proposed wordings, and the observers' comments apart.
 * Split into messages under Telegram's length limit.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.js";
import { listOrganisations, listStates } from "../../../domain/reference.js";
import type { CommentRow } from "../../../domain/reviews/positions.js";
import { REVIEW_TIME_ZONE } from "../../../domain/reviews/rounds.js";
import { computeTally, type RoundTally } from "../../../domain/reviews/tally.js";
import { formatDate, intlLocaleFor } from "../../dates.js";
import type { Translate } from "../../i18n.js";
import { positionLabel } from "../../shared/review-labels.js";

/** "01.12.2026, 11:00" in Almaty time: the tally's heading says the zone once. */
function shortTime(ms: number, lang: string): string {
  return new Intl.DateTimeFormat(intlLocaleFor(lang).locale, {
    timeZone: REVIEW_TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(ms);
}

const CHUNK = 3800;

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

/** The head of the tally: consensus and who is missing; also the notice when a round closes. */
export function tallyHead(t: Translate, tally: RoundTally, names: Names, lang: string): string {
  const lines = [t("reviews:tally.heading", { title: tally.title })];
  const withoutConsensus = tally.cards.filter((c) => !c.consensus).map((c) => c.card.label);
  lines.push(
    tally.consensus
      ? t("reviews:tally.consensus_all", { total: tally.cards.length })
      : t("reviews:tally.consensus_partial", {
          held: tally.cards.length - withoutConsensus.length,
          total: tally.cards.length,
          items: withoutConsensus.join(", "),
        }),
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

function commentLine(t: Translate, c: CommentRow, names: Names, lang: string): string {
  return t(`reviews:tally.${c.kind}`, {
    who: names.person(c.person_id),
    where: c.state_code ? names.state(c.state_code) : names.org(c.org_code),
    at: shortTime(c.at, lang),
    text: c.text,
  });
}

/** The whole tally as a few messages. */
export async function tallyMessages(
  db: Kysely<Database>,
  t: Translate,
  lang: string,
  roundId: number,
): Promise<string[]> {
  const tally = await computeTally(db, roundId, lang);
  const names = await namesFor(db, tally, lang);
  const blocks = [tallyHead(t, tally, names, lang)];
  for (const card of tally.cards) {
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
      if (position?.reason) lines.push(t("reviews:tally.reason", { reason: position.reason }));
    }
    for (const c of card.comments) lines.push(commentLine(t, c, names, lang));
    if (card.observerComments.length) {
      lines.push(t("reviews:tally.observers"));
      for (const c of card.observerComments) lines.push(commentLine(t, c, names, lang));
    }
    blocks.push(lines.join("\n"));
  }
  return chunk(blocks);
}

/** Packs blocks into messages under the limit; a block too long for one message is split by lines. */
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

/** The head alone, for the notice that a round has closed. */
export async function tallyHeadText(db: Kysely<Database>, t: Translate, lang: string, roundId: number) {
  const tally = await computeTally(db, roundId, lang);
  return tallyHead(t, tally, await namesFor(db, tally, lang), lang);
}
