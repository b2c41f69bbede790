/**
 * Rounds made from round files (`src/content/rounds/FORMAT.md`): a new draft from one or more
 * language versions, another language attached to a draft, and the founding recommendations of
 * 7 September 2012 created once as a draft from the files shipped in `src/content/rounds/`.
 * Nothing is created unless every file parses and the versions match.
 */
import { readFileSync } from "node:fs";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { projectPath } from "../../paths.js";
import { audit } from "../audit.js";
import { DomainError } from "../errors.js";
import { isSecretariat, type Person } from "../people/people.js";
import { parseRoundFile, type RoundFile, type RoundFileError } from "./round-file.js";
import { checkTranslationsMatch, type TranslationMismatch } from "./round-translations.js";
import { getRound, roundSubject } from "./rounds.js";

/** A parsed file with the language it is in (its `language:` header, else the importer's choice). */
export interface LanguageVersion {
  lang: string;
  file: RoundFile;
}

export type ImportProblem =
  | { kind: "parse"; label: string; errors: RoundFileError[] }
  | { kind: "mismatch"; mismatches: TranslationMismatch[] };

export type ParsedVersions =
  | { ok: true; versions: LanguageVersion[] }
  | { ok: false; problems: ImportProblem[] };

/** Decodes an uploaded file as UTF-8; invalid bytes become U+FFFD, which the parser reports as not text. */
export function decodeRoundFile(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { fatal: false }).decode(bytes);
}

/**
 * Parses one or more files meant as language versions of one round and checks they match.
 * @param fallbackLang - the language of a file without a `language:` header
 */
export function parseVersions(
  files: readonly { label: string; text: string }[],
  fallbackLang: string,
): ParsedVersions {
  const problems: ImportProblem[] = [];
  const versions: LanguageVersion[] = [];
  for (const { label, text } of files) {
    const result = parseRoundFile(text);
    if (result.ok) versions.push({ lang: result.round.language ?? fallbackLang, file: result.round });
    else problems.push({ kind: "parse", label, errors: result.errors });
  }
  if (problems.length) return { ok: false, problems };
  const [first, ...others] = versions;
  if (first) {
    for (const other of others) {
      const mismatches = checkTranslationsMatch(
        { ...first.file, language: first.lang },
        { ...other.file, language: other.lang },
        [first.lang, other.lang],
      );
      if (mismatches.length) problems.push({ kind: "mismatch", mismatches });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, versions };
}

interface CardDraft {
  itemNumber: number;
  subIndex: number | null;
  letter: string | null;
  lead: string | null;
  text: string;
}

/** The cards of a file: an item without sub-items is one card; an item with sub-items, one per sub-item. */
function cardsOf(file: RoundFile): CardDraft[] {
  return file.items.flatMap((item): CardDraft[] =>
    item.subItems.length === 0
      ? [{ itemNumber: item.number, subIndex: null, letter: null, lead: null, text: item.text }]
      : item.subItems.map((sub, i) => ({
          itemNumber: item.number,
          subIndex: i,
          letter: sub.letter,
          lead: item.text,
          text: sub.text,
        })),
  );
}

async function insertTexts(trx: Kysely<Database>, roundId: number, version: LanguageVersion): Promise<void> {
  const { lang, file } = version;
  await trx
    .insertInto("review_round_texts")
    .values({ round_id: roundId, lang, title: file.title, intro: file.intro, outro: file.outro })
    .onConflict((oc) =>
      oc
        .columns(["round_id", "lang"])
        .doUpdateSet({ title: file.title, intro: file.intro, outro: file.outro }),
    )
    .execute();
  const items = await trx
    .selectFrom("review_items")
    .select(["id", "item_number", "sub_index"])
    .where("round_id", "=", roundId)
    .execute();
  for (const card of cardsOf(file)) {
    const item = items.find((i) => i.item_number === card.itemNumber && i.sub_index === card.subIndex);
    if (!item) throw new Error(`card ${card.itemNumber}/${card.subIndex} missing in round ${roundId}`);
    const values = { letter: card.letter, lead: card.lead, text: card.text };
    await trx
      .insertInto("review_item_texts")
      .values({ item_id: item.id, lang, ...values })
      .onConflict((oc) => oc.columns(["item_id", "lang"]).doUpdateSet(values))
      .execute();
  }
}

/**
 * Creates a draft round from matching language versions; its states are the member states.
 * With a `sourceKey` that already names a round, nothing is created and that round is returned.
 */
export async function createRoundFromVersions(
  db: Kysely<Database>,
  input: {
    versions: readonly LanguageVersion[];
    actor: Person | null;
    sourceKey?: string | null;
    now: number;
  },
): Promise<{ roundId: number; created: boolean }> {
  if (input.actor && !isSecretariat(input.actor)) throw new DomainError("not_allowed");
  const [first] = input.versions;
  if (!first) throw new DomainError("review.no_items");
  return db.transaction().execute(async (trx) => {
    if (input.sourceKey) {
      const existing = await trx
        .selectFrom("review_rounds")
        .select("id")
        .where("source_key", "=", input.sourceKey)
        .executeTakeFirst();
      if (existing) return { roundId: existing.id, created: false };
    }
    const round = await trx
      .insertInto("review_rounds")
      .values({
        source_key: input.sourceKey ?? null,
        created_by: input.actor?.id ?? null,
        created_at: input.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const cards = cardsOf(first.file);
    for (const [i, card] of cards.entries()) {
      await trx
        .insertInto("review_items")
        .values({
          round_id: round.id,
          ordinal: i + 1,
          item_number: card.itemNumber,
          sub_index: card.subIndex,
        })
        .execute();
    }
    for (const version of input.versions) await insertTexts(trx, round.id, version);
    const members = await trx.selectFrom("states").select("code").where("status", "=", "member").execute();
    if (members.length)
      await trx
        .insertInto("review_participants")
        .values(members.map((m) => ({ round_id: round.id, state_code: m.code })))
        .execute();
    await audit(trx, {
      at: input.now,
      actorId: input.actor?.id ?? null,
      action: "review.created",
      subject: roundSubject(round.id),
      details: { languages: input.versions.map((v) => v.lang), cards: cards.length, source: input.sourceKey },
    });
    return { roundId: round.id, created: true };
  });
}

/** The structure of a draft as a round file in one of its languages, to compare a new version with. */
async function storedVersion(db: Kysely<Database>, roundId: number, lang: string): Promise<RoundFile> {
  const head = await db
    .selectFrom("review_round_texts")
    .selectAll()
    .where("round_id", "=", roundId)
    .where("lang", "=", lang)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom("review_items")
    .innerJoin("review_item_texts", "review_item_texts.item_id", "review_items.id")
    .select([
      "review_items.item_number",
      "review_items.sub_index",
      "review_item_texts.letter",
      "review_item_texts.lead",
      "review_item_texts.text",
    ])
    .where("review_items.round_id", "=", roundId)
    .where("review_item_texts.lang", "=", lang)
    .orderBy("review_items.ordinal")
    .execute();
  const items: RoundFile["items"] = [];
  for (const row of rows) {
    let item = items.find((i) => i.number === row.item_number);
    if (!item) {
      item = { number: row.item_number, text: row.lead ?? row.text, subItems: [] };
      items.push(item);
    }
    if (row.sub_index !== null) item.subItems.push({ letter: row.letter ?? "", text: row.text });
  }
  return { title: head.title, language: lang, intro: head.intro, outro: head.outro, items };
}

/**
 * Attaches a language version to a draft (or replaces that language's text). It must match the
 * draft's items and sub-items; a draft in that one language only is rebuilt from the new file.
 * @returns the mismatches found (nothing is changed then), or an empty list
 */
export async function attachVersion(
  db: Kysely<Database>,
  actor: Person,
  roundId: number,
  version: LanguageVersion,
  now: number,
): Promise<TranslationMismatch[]> {
  if (!isSecretariat(actor)) throw new DomainError("not_allowed");
  const round = await getRound(db, roundId);
  if (!round) throw new DomainError("review.round_not_found");
  if (round.status !== "draft") throw new DomainError(`review.round_is_${round.status}`);
  const langs = (
    await db.selectFrom("review_round_texts").select("lang").where("round_id", "=", roundId).execute()
  ).map((r) => r.lang);
  const other = langs.find((l) => l !== version.lang);
  if (other) {
    const mismatches = checkTranslationsMatch(
      await storedVersion(db, roundId, other),
      {
        ...version.file,
        language: version.lang,
      },
      [other, version.lang],
    );
    if (mismatches.length) return mismatches;
  }
  await db.transaction().execute(async (trx) => {
    if (!other) {
      const ids = (
        await trx.selectFrom("review_items").select("id").where("round_id", "=", roundId).execute()
      ).map((r) => r.id);
      if (ids.length) await trx.deleteFrom("review_item_texts").where("item_id", "in", ids).execute();
      await trx.deleteFrom("review_items").where("round_id", "=", roundId).execute();
      for (const [i, card] of cardsOf(version.file).entries()) {
        await trx
          .insertInto("review_items")
          .values({
            round_id: roundId,
            ordinal: i + 1,
            item_number: card.itemNumber,
            sub_index: card.subIndex,
          })
          .execute();
      }
    }
    await insertTexts(trx, roundId, version);
    await audit(trx, {
      at: now,
      actorId: actor.id,
      action: "review.language_attached",
      subject: roundSubject(roundId),
      details: { language: version.lang, replaced: langs.includes(version.lang) },
    });
  });
  return [];
}

/** The source key of the founding recommendations, created once. */
export const FOUNDING_ROUND_KEY = "seed:almaty-2012";
const FOUNDING_FILES = ["almaty-2012.ru.txt", "almaty-2012.en.txt"];

/**
 * Makes the recommendations of 7 September 2012 available as a draft the secretariat can open,
 * from the data files in `src/content/rounds/`; idempotent by its source key.
 * @returns the round's id
 */
export async function seedFoundingRound(db: Kysely<Database>, now: number): Promise<number> {
  const existing = await db
    .selectFrom("review_rounds")
    .select("id")
    .where("source_key", "=", FOUNDING_ROUND_KEY)
    .executeTakeFirst();
  if (existing) return existing.id;
  const parsed = parseVersions(
    FOUNDING_FILES.map((name) => ({
      label: name,
      text: readFileSync(projectPath("src", "content", "rounds", name), "utf8"),
    })),
    "ru",
  );
  if (!parsed.ok)
    throw new Error(`the shipped founding round files do not parse: ${JSON.stringify(parsed.problems)}`);
  const { roundId } = await createRoundFromVersions(db, {
    versions: parsed.versions,
    actor: null,
    sourceKey: FOUNDING_ROUND_KEY,
    now,
  });
  return roundId;
}
