/**
 * The audit log made readable: the entries of a period, optionally about one state or one person,
 * each with who did it (name, role, state or organisation), what, on what (described, not an id),
 * and the details in words. The secretariat's /audit and the operator's `audit` command both read
 * it through here; the file formats are in documents/audit-export.ts.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

export interface AuditQuery {
  /** Inclusive, epoch ms. */
  since?: number;
  /** Exclusive, epoch ms. */
  until?: number;
  /** ISO code: entries by its people, about its positions, answers, people or invitations. */
  state?: string;
  /** `people.id`: entries by this person or about them. */
  personId?: number;
}

export interface AuditActor {
  id: number;
  name: string;
  role: string;
  state: string | null;
  org: string | null;
}

export interface AuditRecord {
  id: number;
  at: number;
  /** Null for the bot itself (a deadline passing) or the operator's command line. */
  actor: AuditActor | null;
  action: string;
  subject: string;
  /** The subject in words: `round #1 «Recommendations…»`, `person #4 Aigerim Nurlanovna`. */
  subjectText: string;
  details: Record<string, unknown>;
  /** The details in words: `item 7в; state KZ; position object; reason "…"`. */
  detailsText: string;
}

type Subjects = Map<string, { text: string; state: string | null }>;

function idsOf(subjects: readonly string[], kind: string): number[] {
  const prefix = `${kind}:`;
  return [
    ...new Set(subjects.filter((s) => s.startsWith(prefix)).map((s) => Number(s.slice(prefix.length)))),
  ];
}

function pickText<T extends { lang: string }>(rows: readonly T[], lang: string): T | undefined {
  return rows.find((r) => r.lang === lang) ?? rows.find((r) => r.lang === "en") ?? rows[0];
}

/** The subjects of the entries, described in `lang` where the data has that language. */
async function describeSubjects(
  db: Kysely<Database>,
  subjects: readonly string[],
  lang: string,
): Promise<Subjects> {
  const out: Subjects = new Map();
  const people = idsOf(subjects, "person");
  if (people.length)
    for (const p of await db
      .selectFrom("people")
      .select(["id", "name", "role", "state_code", "org_code"])
      .where("id", "in", people)
      .execute())
      out.set(`person:${p.id}`, {
        text: `person #${p.id} ${p.name} (${[p.role, p.state_code ?? p.org_code].filter(Boolean).join(", ")})`,
        state: p.state_code,
      });
  const invitations = idsOf(subjects, "invitation");
  if (invitations.length)
    for (const i of await db
      .selectFrom("invitations")
      .select(["id", "role", "state_code", "org_code"])
      .where("id", "in", invitations)
      .execute())
      out.set(`invitation:${i.id}`, {
        text: `invitation #${i.id} (${[i.role, i.state_code ?? i.org_code].filter(Boolean).join(", ")})`,
        state: i.state_code,
      });
  const meetings = idsOf(subjects, "meeting");
  if (meetings.length) {
    const titles = await db
      .selectFrom("meeting_titles")
      .select(["meeting_id", "lang", "title"])
      .where("meeting_id", "in", meetings)
      .execute();
    for (const id of meetings) {
      const title = pickText(
        titles.filter((t) => t.meeting_id === id),
        lang,
      );
      out.set(`meeting:${id}`, { text: `meeting #${id}${title ? ` «${title.title}»` : ""}`, state: null });
    }
  }
  const rounds = idsOf(subjects, "review_round");
  if (rounds.length) {
    const titles = await db
      .selectFrom("review_round_texts")
      .select(["round_id", "lang", "title"])
      .where("round_id", "in", rounds)
      .execute();
    for (const id of rounds) {
      const title = pickText(
        titles.filter((t) => t.round_id === id),
        lang,
      );
      out.set(`review_round:${id}`, { text: `round #${id}${title ? ` «${title.title}»` : ""}`, state: null });
    }
  }
  for (const id of idsOf(subjects, "announcement"))
    out.set(`announcement:${id}`, { text: `announcement #${id}`, state: null });
  return out;
}

/** Item labels as people name them ("3", "7в"), by item id. */
async function itemLabels(
  db: Kysely<Database>,
  ids: readonly number[],
  lang: string,
): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const items = await db
    .selectFrom("review_items")
    .select(["id", "item_number"])
    .where("id", "in", [...ids])
    .execute();
  const letters = await db
    .selectFrom("review_item_texts")
    .select(["item_id", "lang", "letter"])
    .where("item_id", "in", [...ids])
    .execute();
  return new Map(
    items.map((item) => {
      const texts = letters.filter((l) => l.item_id === item.id);
      const letter = (texts.find((t) => t.lang === lang) ?? texts.find((t) => t.lang === "ru") ?? texts[0])
        ?.letter;
      return [item.id, `${item.item_number}${letter ?? ""}`];
    }),
  );
}

/** A timestamp-like detail (`deadlineAt`, `startsAt`, `expiresAt`, `from`/`to` of a deadline). */
function isInstant(key: string, value: unknown): value is number {
  return (
    typeof value === "number" &&
    value > 100_000_000_000 &&
    (/At$/.test(key) || key === "from" || key === "to")
  );
}

function detailValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (isInstant(key, value)) return new Date(value).toISOString();
  if (typeof value === "string") return /[\s;"]/.test(value) ? JSON.stringify(value) : value;
  if (typeof value === "object" && !Array.isArray(value)) {
    const inner = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `${k} ${detailValue(k, v)}`);
    return `(${inner.join(", ")})`;
  }
  if (Array.isArray(value)) return value.length ? value.map((v) => detailValue(key, v)).join(", ") : "—";
  return String(value);
}

/** The details in words; internal row ids are left out. */
export function describeDetails(
  details: Record<string, unknown>,
  labels: ReadonlyMap<number, string>,
): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (key === "row") continue;
    // A meeting's party key (parties.ts): `s.KZ` or `o.UNHCR`.
    if (key === "party" && typeof value === "string" && /^[so]\./.test(value)) {
      parts.push(`${value.startsWith("s.") ? "state" : "organisation"} ${value.slice(2)}`);
      continue;
    }
    if (key === "item" && typeof value === "number") {
      parts.push(`item ${labels.get(value) ?? `#${value}`}`);
      continue;
    }
    parts.push(`${key} ${detailValue(key, value)}`);
  }
  return parts.join("; ");
}

/** The states an entry concerns, for the state filter. */
function statesOf(record: Omit<AuditRecord, "detailsText" | "subjectText">, subjects: Subjects): Set<string> {
  const states = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === "string" && v) states.add(v.toUpperCase());
  };
  add(record.actor?.state);
  add(subjects.get(record.subject)?.state);
  const d = record.details;
  add(d.state);
  if (typeof d.party === "string" && d.party.startsWith("s.")) add(d.party.slice(2));
  for (const side of [d.from, d.to])
    if (side && typeof side === "object") add((side as Record<string, unknown>).state);
  return states;
}

/** The entries matching `query`, oldest first, made readable. */
export async function auditRecords(
  db: Kysely<Database>,
  query: AuditQuery = {},
  lang = "en",
): Promise<AuditRecord[]> {
  let q = db
    .selectFrom("audit_log")
    .leftJoin("people", "people.id", "audit_log.actor_id")
    .select([
      "audit_log.id",
      "audit_log.at",
      "audit_log.actor_id",
      "audit_log.action",
      "audit_log.subject",
      "audit_log.details",
      "people.name",
      "people.role",
      "people.state_code",
      "people.org_code",
    ]);
  if (query.since !== undefined) q = q.where("audit_log.at", ">=", query.since);
  if (query.until !== undefined) q = q.where("audit_log.at", "<", query.until);
  if (query.personId !== undefined) {
    const id = query.personId;
    q = q.where((eb) =>
      eb.or([eb("audit_log.actor_id", "=", id), eb("audit_log.subject", "=", `person:${id}`)]),
    );
  }
  const rows = await q.orderBy("audit_log.id").execute();
  const subjects = await describeSubjects(
    db,
    rows.map((r) => r.subject),
    lang,
  );
  const parsed = rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor:
      r.actor_id === null || r.name === null
        ? null
        : { id: r.actor_id, name: r.name, role: r.role ?? "", state: r.state_code, org: r.org_code },
    action: r.action,
    subject: r.subject,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
  const state = query.state?.toUpperCase();
  const chosen = state ? parsed.filter((r) => statesOf(r, subjects).has(state)) : parsed;
  const items = chosen.flatMap((r) => (typeof r.details.item === "number" ? [r.details.item] : []));
  const labels = await itemLabels(db, [...new Set(items)], lang);
  return chosen.map((r) => ({
    ...r,
    subjectText: subjects.get(r.subject)?.text ?? r.subject,
    detailsText: describeDetails(r.details, labels),
  }));
}
