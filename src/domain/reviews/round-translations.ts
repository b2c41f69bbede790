/**
 * Whether two language versions of a round file say the same thing in structure, so that they can
 * be imported together as one round.
 */
import { letterOrdinal, type RoundFile } from "./round-file.js";

/** Message keys of differences between two language versions, in the same locale files. */
export const TRANSLATION_MISMATCH_KEYS = [
  "translation_same_language",
  "translation_item_missing",
  "translation_sub_items_differ",
  "translation_intro_missing",
  "translation_outro_missing",
] as const;

/** A translation mismatch's message key. */
export type TranslationMismatchKey = (typeof TRANSLATION_MISMATCH_KEYS)[number];

/** One difference between two language versions of a round; translate like a {@link RoundFileError}. */
export interface TranslationMismatch {
  key: TranslationMismatchKey;
  params: Record<string, string | number>;
}

/**
 * Compares two language versions of a round, so that they can be imported together as one round:
 * the same item numbers, the same number of sub-items per item (letters compared by position, so
 * Russian "а, б, в" matches English "a, b, c"), and an intro and an outro in both or in neither.
 *
 * @param labels - how to name the two versions in the messages; defaults to their `language:` headers,
 *   else "1" and "2"
 * @returns the differences; an empty array when the versions match
 */
export function checkTranslationsMatch(
  a: RoundFile,
  b: RoundFile,
  labels: readonly [string, string] = [a.language ?? "1", b.language ?? "2"],
): TranslationMismatch[] {
  const [labelA, labelB] = labels;
  const mismatches: TranslationMismatch[] = [];
  if (a.language !== undefined && a.language === b.language) {
    mismatches.push({ key: "translation_same_language", params: { language: a.language } });
  }
  if ((a.intro === null) !== (b.intro === null)) {
    mismatches.push({
      key: "translation_intro_missing",
      params: { language: a.intro === null ? labelA : labelB },
    });
  }

  const itemsB = new Map(b.items.map((item) => [item.number, item]));
  const numbersA = new Set(a.items.map((item) => item.number));
  const numbers = [...new Set([...numbersA, ...itemsB.keys()])].sort((x, y) => x - y);
  for (const number of numbers) {
    const itemA = a.items.find((item) => item.number === number);
    const itemB = itemsB.get(number);
    if (!itemA || !itemB) {
      mismatches.push({
        key: "translation_item_missing",
        params: { number, language: itemA ? labelB : labelA },
      });
      continue;
    }
    const ordinalsA = itemA.subItems.map((s) => letterOrdinal(s.letter));
    const ordinalsB = itemB.subItems.map((s) => letterOrdinal(s.letter));
    if (ordinalsA.length !== ordinalsB.length || ordinalsA.some((ordinal, i) => ordinal !== ordinalsB[i])) {
      mismatches.push({
        key: "translation_sub_items_differ",
        params: {
          number,
          firstLanguage: labelA,
          first: itemA.subItems.map((s) => `${s.letter})`).join(" ") || "—",
          secondLanguage: labelB,
          second: itemB.subItems.map((s) => `${s.letter})`).join(" ") || "—",
        },
      });
    }
  }

  if ((a.outro === null) !== (b.outro === null)) {
    mismatches.push({
      key: "translation_outro_missing",
      params: { language: a.outro === null ? labelA : labelB },
    });
  }
  return mismatches;
}
