/**
 * What the secretariat reads in /rounds: the list of rounds and one round's card (status,
 * languages, states taking part, deadline in Almaty time, nudges, progress, outcome).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema.js";
import { getPerson } from "../../../domain/people/people.js";
import { listStates } from "../../../domain/reference.js";
import { unfinishedStates } from "../../../domain/reviews/positions.js";
import {
  countCards,
  listRounds,
  nudgeLeads,
  participants,
  REVIEW_TIME_ZONE,
  requireRound,
  roundText,
  roundTexts,
} from "../../../domain/reviews/rounds.js";
import { formatDateTime, utcOffsetLabel } from "../../dates.js";
import { escapeHtml, LANGUAGE_NAMES, type Translate } from "../../i18n.js";
import { shorten } from "../../shared/text.js";
import { listKeyboard, roundKeyboard } from "./keyboards.js";

const HOUR = 3_600_000;

/** "25 December 2026, 18:00, Almaty time (UTC+5)". */
export function almatyTime(t: Translate, ms: number, lang: string): string {
  return t("reviews:rounds.almaty_time", {
    time: formatDateTime(ms, REVIEW_TIME_ZONE, lang),
    offset: utcOffsetLabel(ms, REVIEW_TIME_ZONE),
  });
}

/** "3 days, 1 day" / "6 hours". */
export function leadsText(t: Translate, leads: readonly number[]): string {
  if (leads.length === 0) return t("reviews:rounds.no_nudges");
  return leads
    .map((ms) =>
      ms % (24 * HOUR) === 0
        ? t("reviews:rounds.days", { count: ms / (24 * HOUR) })
        : t("reviews:rounds.hours", { count: Math.round(ms / HOUR) }),
    )
    .join(", ");
}

export async function roundListView(db: Kysely<Database>, t: Translate, lang: string) {
  const rounds = await listRounds(db, lang);
  const lines = [t("reviews:rounds.title", { total: rounds.length })];
  if (rounds.length === 0) lines.push("", t("reviews:rounds.none"));
  for (const r of rounds) {
    lines.push(
      "",
      t("reviews:rounds.line", {
        id: r.id,
        status: t(`reviews:rounds.status.${r.status}`),
        title: shorten(r.title, 140),
        cards: r.cards,
        states: r.states,
      }),
    );
  }
  lines.push("", t("reviews:rounds.how_to_import"));
  const keyboard = listKeyboard(
    t,
    rounds.map((r) => ({ id: r.id, label: `#${r.id} · ${shorten(r.title, 50)}` })),
  );
  return { text: lines.join("\n"), keyboard };
}

export async function roundCardView(db: Kysely<Database>, t: Translate, lang: string, roundId: number) {
  const round = await requireRound(db, roundId);
  const states = await listStates(db, lang);
  const nameOf = (code: string) => states.find((s) => s.code === code)?.name ?? code;
  const codes = await participants(db, roundId);
  const langs = (await roundTexts(db, roundId)).map((x) => LANGUAGE_NAMES[x.lang] ?? x.lang);
  const lines = [
    t("reviews:rounds.card.heading", { id: round.id, status: t(`reviews:rounds.status.${round.status}`) }),
    `<b>${escapeHtml((await roundText(db, roundId, lang)).title)}</b>`,
    "",
    t("reviews:rounds.card.languages", { languages: langs.join(", "), cards: await countCards(db, roundId) }),
    t("reviews:rounds.card.states", {
      total: codes.length,
      states: codes.map(nameOf).join(", ") || "—",
    }),
    t("reviews:rounds.card.deadline", {
      deadline:
        round.deadline_at === null
          ? t("reviews:rounds.card.not_set")
          : almatyTime(t, round.deadline_at, lang),
    }),
    t("reviews:rounds.card.nudges", { leads: leadsText(t, nudgeLeads(round)) }),
  ];
  if (round.status !== "draft") {
    const unfinished = await unfinishedStates(db, roundId);
    lines.push(
      t("reviews:rounds.card.finished", {
        done: codes.length - unfinished.length,
        total: codes.length,
        missing: unfinished.map(nameOf).join(", ") || "—",
      }),
    );
  }
  if (round.status === "closed" && round.closed_at !== null) {
    const by = round.closed_by ? (await getPerson(db, round.closed_by))?.name : undefined;
    lines.push(
      round.close_reason === "deadline"
        ? t("reviews:rounds.card.closed_at_deadline", { at: almatyTime(t, round.closed_at, lang) })
        : t("reviews:rounds.card.closed_early", { at: almatyTime(t, round.closed_at, lang), by: by ?? "" }),
    );
    lines.push(t(`reviews:rounds.card.outcome_${round.outcome ?? "pending"}`));
  }
  if (round.status === "draft") lines.push("", t("reviews:rounds.card.draft_hint"));
  return { text: lines.join("\n"), keyboard: roundKeyboard(t, round), round };
}
