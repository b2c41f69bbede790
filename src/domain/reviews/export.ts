/**
 * CSV exports of a round for spreadsheets: the current positions (one row per card and state) and
 * the full history (every position, comment, proposed wording, confirmation, in time order).
 * UTF-8 with a byte-order mark so that spreadsheet programs show Cyrillic; made with csv-stringify.
 * Column headers and values come translated from the caller.
 */
import { stringify } from "csv-stringify/sync";
import type { Kysely } from "kysely";
import type { PositionValue } from "../../db/schema/reviews.js";
import type { Database } from "../../db/schema.js";
import { listOrganisations, listStates } from "../reference.js";
import { zoneOffsetMs } from "./local-time.js";
import { currentPositions, roundComments } from "./positions.js";
import { listCards, participants, REVIEW_TIME_ZONE, requireRound } from "./rounds.js";

export const POSITION_COLUMNS = [
  "item",
  "text",
  "state_code",
  "state",
  "position",
  "reason",
  "recorded_by",
  "role",
  "recorded_at_utc",
  "recorded_at_almaty",
] as const;

export const HISTORY_COLUMNS = [
  "at_utc",
  "at_almaty",
  "event",
  "item",
  "state_code",
  "affiliation",
  "person",
  "role",
  "position",
  "text",
] as const;

export type HistoryEvent =
  | "opened"
  | "position"
  | "comment"
  | "amendment"
  | "completion"
  | "closed"
  | "government";

/** Translated words for the export. */
export interface ExportLabels {
  columns: Record<(typeof POSITION_COLUMNS)[number] | (typeof HISTORY_COLUMNS)[number], string>;
  position: Record<PositionValue | "none", string>;
  event: Record<HistoryEvent, string>;
  role: (role: string) => string;
}

function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** "2026-12-25 18:00" in Almaty time. */
function almaty(ms: number): string {
  return new Date(ms + zoneOffsetMs(ms, REVIEW_TIME_ZONE)).toISOString().slice(0, 16).replace("T", " ");
}

function toCsv(columns: readonly string[], labels: ExportLabels, rows: Record<string, string>[]): Buffer {
  const text = stringify(rows, {
    bom: true,
    header: true,
    columns: columns.map((key) => ({ key, header: labels.columns[key as keyof ExportLabels["columns"]] })),
    record_delimiter: "windows",
  });
  return Buffer.from(text, "utf8");
}

async function names(db: Kysely<Database>, lang: string) {
  const people = await db.selectFrom("people").select(["id", "name"]).execute();
  return {
    person: new Map(people.map((p) => [p.id, p.name])),
    state: new Map((await listStates(db, lang)).map((s) => [s.code, s.name])),
    org: new Map((await listOrganisations(db, lang)).map((o) => [o.code, o.name])),
  };
}

/** One row per card and state taking part, with the current position ("not answered" when none). */
export async function positionsCsv(
  db: Kysely<Database>,
  roundId: number,
  lang: string,
  labels: ExportLabels,
): Promise<Buffer> {
  await requireRound(db, roundId);
  const cards = await listCards(db, roundId, lang);
  const codes = await participants(db, roundId);
  const current = await currentPositions(db, roundId);
  const n = await names(db, lang);
  const rows = cards.flatMap((card) =>
    codes.map((code) => {
      const p = current.find((c) => c.item_id === card.id && c.state_code === code);
      return {
        item: card.label,
        text: card.lead ? `${card.lead}\n${card.text}` : card.text,
        state_code: code,
        state: n.state.get(code) ?? code,
        position: labels.position[p?.position ?? "none"],
        reason: p?.reason ?? "",
        recorded_by: p ? (n.person.get(p.person_id) ?? "") : "",
        role: p ? labels.role(p.person_role) : "",
        recorded_at_utc: p ? isoUtc(p.at) : "",
        recorded_at_almaty: p ? almaty(p.at) : "",
      };
    }),
  );
  return toCsv(POSITION_COLUMNS, labels, rows);
}

/** Every recorded event of the round in time order; nothing is left out and nothing is merged. */
export async function historyCsv(
  db: Kysely<Database>,
  roundId: number,
  lang: string,
  labels: ExportLabels,
): Promise<Buffer> {
  const round = await requireRound(db, roundId);
  const cards = new Map((await listCards(db, roundId, lang)).map((c) => [c.id, c.label]));
  const n = await names(db, lang);
  const events: { at: number; order: number; row: Record<string, string> }[] = [];
  const push = (at: number, order: number, row: Partial<Record<(typeof HISTORY_COLUMNS)[number], string>>) =>
    events.push({ at, order, row: { at_utc: isoUtc(at), at_almaty: almaty(at), ...row } });

  if (round.opened_at !== null)
    push(round.opened_at, 0, {
      event: labels.event.opened,
      person: round.opened_by ? (n.person.get(round.opened_by) ?? "") : "",
    });
  const positions = await db
    .selectFrom("review_positions")
    .selectAll()
    .where("round_id", "=", roundId)
    .orderBy("id")
    .execute();
  for (const p of positions)
    push(p.at, p.id, {
      event: labels.event.position,
      item: cards.get(p.item_id) ?? "",
      state_code: p.state_code,
      affiliation: n.state.get(p.state_code) ?? p.state_code,
      person: n.person.get(p.person_id) ?? "",
      role: labels.role(p.person_role),
      position: labels.position[p.position],
      text: p.reason ?? "",
    });
  for (const c of await roundComments(db, roundId))
    push(c.at, c.id, {
      event: labels.event[c.kind],
      item: cards.get(c.item_id) ?? "",
      state_code: c.state_code ?? "",
      affiliation: c.state_code
        ? (n.state.get(c.state_code) ?? c.state_code)
        : c.org_code
          ? (n.org.get(c.org_code) ?? c.org_code)
          : "",
      person: n.person.get(c.person_id) ?? "",
      role: labels.role(c.person_role),
      text: c.text,
    });
  const done = await db
    .selectFrom("review_completions")
    .selectAll()
    .where("round_id", "=", roundId)
    .orderBy("id")
    .execute();
  for (const c of done)
    push(c.at, c.id, {
      event: labels.event.completion,
      state_code: c.state_code,
      affiliation: n.state.get(c.state_code) ?? c.state_code,
      person: n.person.get(c.person_id) ?? "",
    });
  if (round.closed_at !== null)
    push(round.closed_at, Number.MAX_SAFE_INTEGER, {
      event: labels.event.closed,
      person: round.closed_by ? (n.person.get(round.closed_by) ?? "") : "",
    });
  const confirmations = await db
    .selectFrom("government_confirmations")
    .selectAll()
    .where("round_id", "=", roundId)
    .orderBy("id")
    .execute();
  for (const g of confirmations)
    push(g.at, g.id, {
      event: labels.event.government,
      state_code: g.state_code,
      affiliation: n.state.get(g.state_code) ?? g.state_code,
      person: n.person.get(g.person_id) ?? "",
      text: g.note ? `${g.passed_on} — ${g.note}` : g.passed_on,
    });

  events.sort((a, b) => a.at - b.at || a.order - b.order);
  return toCsv(
    HISTORY_COLUMNS,
    labels,
    events.map((e) => e.row),
  );
}
