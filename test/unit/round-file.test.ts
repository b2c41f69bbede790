import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  parseRoundFile,
  ROUND_FILE_ERROR_KEYS,
  ROUND_FILE_LIMITS,
  type RoundFile,
  type RoundFileErrorKey,
  type RoundFileResult,
} from "../../src/domain/reviews/round-file.js";
import {
  checkTranslationsMatch,
  TRANSLATION_MISMATCH_KEYS,
} from "../../src/domain/reviews/round-translations.js";

const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const read = (path: string): string => readFileSync(root(path), "utf8");

function parsed(text: string): RoundFile {
  const result = parseRoundFile(text);
  if (!result.ok) throw new Error(`expected a valid file, got ${JSON.stringify(result.errors)}`);
  return result.round;
}

function errorsOf(result: RoundFileResult): { line: number; key: RoundFileErrorKey }[] {
  if (result.ok) throw new Error("expected errors, the file parsed");
  return result.errors.map(({ line, key }) => ({ line, key }));
}

function firstError(text: string) {
  const result = parseRoundFile(text);
  if (result.ok) throw new Error("expected errors, the file parsed");
  const [error] = result.errors;
  if (!error) throw new Error("no error reported");
  return error;
}

describe("the shipped 2012 recommendations", () => {
  const ru = parsed(read("src/content/rounds/almaty-2012.ru.txt"));
  const en = parsed(read("src/content/rounds/almaty-2012.en.txt"));

  it("parse in both languages with seven items", () => {
    expect(ru.language).toBe("ru");
    expect(en.language).toBe("en");
    expect(ru.items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(en.items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(ru.title).toMatch(/^Рекомендации по подготовке к официальному началу «Алматинского процесса»/);
    expect(en.title).toMatch(/^Recommendations on preparations for the formal launch/);
  });

  it("have item 7 with three sub-items: а/б/в in Russian, a/b/c in English", () => {
    expect(ru.items[6]?.subItems.map((s) => s.letter)).toEqual(["а", "б", "в"]);
    expect(en.items[6]?.subItems.map((s) => s.letter)).toEqual(["a", "b", "c"]);
    expect(ru.items.slice(0, 6).every((i) => i.subItems.length === 0)).toBe(true);
  });

  it("keep the intro, the list of initial members and the outro", () => {
    expect(ru.intro).toMatch(/^Принято участниками первой встречи/);
    expect(ru.intro).toMatch(/Мы согласились о применении следующих рекомендаций:$/);
    expect(en.intro).toMatch(/We have agreed to apply the following recommendations:$/);
    expect(ru.items[3]?.text).toContain(
      "членами Процесса:\n- Казахстан\n- Кыргызстан\n- Таджикистан\n- Туркменистан\n\nЧленство",
    );
    expect(en.items[3]?.text).toContain("\n- Kazakhstan\n- Kyrgyzstan\n- Tajikistan\n- Turkmenistan\n\n");
    expect(ru.outro).toMatch(/^Каждый представитель примет настоящие рекомендации/);
    expect(en.outro).toMatch(/^Each representative will bring these recommendations/);
  });

  it("carry none of the extraction typos of the seed", () => {
    const all = [
      ru.title,
      ru.intro,
      ru.outro,
      ...ru.items.flatMap((i) => [i.text, ...i.subItems.map((s) => s.text)]),
    ]
      .filter((t): t is string => t !== null)
      .join("\n");
    for (const typo of [
      "следуюшие",
      "резултате",
      "сложнымих",
      "значительнымиугрозами",
      "этапы следующие",
      "  ",
    ]) {
      expect(all).not.toContain(typo);
    }
  });

  it("match each other structurally", () => {
    expect(checkTranslationsMatch(ru, en)).toEqual([]);
  });
});

describe("parseRoundFile", () => {
  it("parses headers, intro paragraphs, wrapped items, bullets and sub-items", () => {
    const round = parsed(
      [
        "# a comment",
        "Title:   Test round  ",
        "language: EN",
        "",
        "intro: First paragraph",
        "continues here.",
        "",
        "Second paragraph.",
        "1. First item",
        "   wrapped over two lines",
        "2) Second item:",
        "   - one",
        "   - two",
        "",
        "   After the list.",
        "3. Third",
        "   A) alpha",
        "   b)   beta",
        "      continued",
        "outro:",
        "The end.",
      ].join("\n"),
    );
    expect(round).toEqual({
      title: "Test round",
      language: "en",
      intro: "First paragraph continues here.\n\nSecond paragraph.",
      outro: "The end.",
      items: [
        { number: 1, text: "First item wrapped over two lines", subItems: [] },
        { number: 2, text: "Second item:\n- one\n- two\n\nAfter the list.", subItems: [] },
        {
          number: 3,
          text: "Third",
          subItems: [
            { letter: "a", text: "alpha" },
            { letter: "b", text: "beta continued" },
          ],
        },
      ],
    });
  });

  it("tolerates CRLF line ends, a byte-order mark, tabs and stray spaces", () => {
    const text =
      "\uFEFFtitle: T\r\nintro:\r\n\tSome  \t text\r\n1.\tOne\r\n   a)  x\r\n   b) y\r\n2. Two\r\n";
    const round = parsed(text);
    expect(round.title).toBe("T");
    expect(round.intro).toBe("Some text");
    expect(round.items[0]).toEqual({
      number: 1,
      text: "One",
      subItems: [
        { letter: "a", text: "x" },
        { letter: "b", text: "y" },
      ],
    });
    expect(parsed("title: T\r1. One\r2. Two").items).toHaveLength(2);
  });

  it("returns null intro and outro when absent or empty, and no language when not given", () => {
    const round = parsed("title: T\nintro:\n\n1. One\noutro:\n");
    expect(round.intro).toBeNull();
    expect(round.outro).toBeNull();
    expect(round).not.toHaveProperty("language");
  });

  it("reads a Latin look-alike 'a)' before Cyrillic б) as Cyrillic а)", () => {
    const round = parsed("title: T\n1. One\na) x\nб) y\nв) z\n");
    expect(round.items[0]?.subItems.map((s) => s.letter)).toEqual(["а", "б", "в"]);
  });

  it("treats a backslashed line as text and ignores comments inside blocks", () => {
    const round = parsed("title: T\nintro:\n\\1. not an item\n# hidden\n\\a) not a sub-item\n1. One\n");
    expect(round.intro).toBe("1. not an item a) not a sub-item");
    expect(round.items).toHaveLength(1);
  });

  it("treats unknown 'word:' lines inside a block as text", () => {
    expect(parsed("title: T\n1. One\nNote: see annex\n").items[0]?.text).toBe("One Note: see annex");
  });

  it.each<[string, string, RoundFileErrorKey, number]>([
    ["no title", "intro: x\n1. One\n", "missing_title", 1],
    ["an empty title", "\n\ntitle:\n1. One\n", "missing_title", 3],
    ["text before any block", "title: T\nstray text\n1. One\n", "text_outside_block", 2],
    ["an unknown heading", "title: T\nsubject: x\n1. One\n", "unknown_key", 2],
    ["a repeated heading", "title: T\ntitle: U\n1. One\n", "duplicate_key", 2],
    ["intro after the items", "title: T\n1. One\nintro: x\n", "misplaced_key", 3],
    ["outro before the items", "title: T\noutro: x\n1. One\n", "misplaced_key", 2],
    ["a bad language code", "title: T\nlanguage: English!\n1. One\n", "invalid_language", 2],
    ["items not starting at 1", "title: T\n2. Two\n", "item_number_out_of_order", 2],
    ["a skipped item number", "title: T\n1. One\n2. Two\n4. Four\n", "item_number_out_of_order", 4],
    ["an item after the outro", "title: T\n1. One\noutro: bye\n2. Two\n", "item_after_outro", 4],
    ["an empty item", "title: T\n1.\n2. Two\n", "empty_item", 2],
    ["a sub-item in the intro", "title: T\nintro:\nа) x\n1. One\n", "sub_item_without_item", 3],
    ["a sub-item in the outro", "title: T\n1. One\noutro:\nb) x\n", "sub_item_without_item", 4],
    ["sub-items out of order", "title: T\n1. One\na) x\nc) y\n", "sub_item_letter_out_of_order", 4],
    ["sub-items not starting at a", "title: T\n1. One\nb) x\n", "sub_item_letter_out_of_order", 3],
    ["mixed alphabets", "title: T\n1. One\nа) x\nб) y\nc) z\n", "sub_item_letter_out_of_order", 5],
    ["an empty sub-item", "title: T\n1. One\na)\nb) y\n", "empty_sub_item", 3],
    ["no items", "title: T\nintro: x\n", "no_items", 0],
    ["a binary file", "title: T\n1. One\u0000\u0001\n", "not_text", 2],
    ["undecodable bytes", "title: T\n1. On\uFFFDe\n", "not_text", 2],
  ])("rejects %s", (_, text, key, line) => {
    expect(errorsOf(parseRoundFile(text))).toContainEqual({ line, key });
  });

  it("names the expected and found numbers and letters", () => {
    expect(firstError("title: T\n1. One\n3. Three\n").params).toEqual({ line: 3, expected: 2, found: 3 });
    expect(firstError("title: T\n1. One\nа) x\nг) y\n").params).toEqual({
      line: 4,
      number: 1,
      expected: "б",
      found: "г",
    });
  });

  it("reports several errors sorted by line", () => {
    const keys = errorsOf(parseRoundFile("stray\ntitle: T\n2. Two\n3.\n"));
    expect(keys).toEqual([
      { line: 1, key: "text_outside_block" },
      { line: 3, key: "item_number_out_of_order" },
      { line: 4, key: "empty_item" },
    ]);
  });

  it("enforces the size limits", () => {
    const big = `title: T\n1. One\n${"x".repeat(ROUND_FILE_LIMITS.maxFileBytes)}`;
    expect(firstError(big)).toMatchObject({ line: 0, key: "file_too_large", params: { max: 200 } });

    const longLine = `title: T\n1. ${"x".repeat(ROUND_FILE_LIMITS.maxLineLength)}\n`;
    expect(errorsOf(parseRoundFile(longLine))).toContainEqual({ line: 2, key: "line_too_long" });

    const longItem = `title: T\n1. One\n2. ${"word ".repeat(700)}\n${"word ".repeat(200)}\n`;
    expect(firstError(longItem)).toMatchObject({
      line: 3,
      key: "item_too_long",
      params: { number: 2, max: 4000 },
    });

    const longTitle = `title: ${"t".repeat(301)}\n1. One\n`;
    expect(firstError(longTitle)).toMatchObject({ line: 1, key: "title_too_long" });

    const longIntro = `title: T\nintro:\n${"word ".repeat(500)}\n${"word ".repeat(500)}\n1. One\n`;
    expect(firstError(longIntro)).toMatchObject({ line: 2, key: "intro_too_long" });

    const items = Array.from({ length: 101 }, (_, i) => `${i + 1}. Item`).join("\n");
    expect(errorsOf(parseRoundFile(`title: T\n${items}\n`))).toEqual([{ line: 102, key: "too_many_items" }]);
    expect(parsed(`title: T\n${items.split("\n").slice(0, 100).join("\n")}`).items).toHaveLength(100);
  });

  it("accepts a file exactly at the size limit", () => {
    const head = "title: T\n1. One\n";
    const filler = `# ${"x".repeat(97)}\n`.repeat(
      Math.floor((ROUND_FILE_LIMITS.maxFileBytes - head.length) / 100),
    );
    const text = `\uFEFF${head}${filler}`.padEnd(ROUND_FILE_LIMITS.maxFileBytes + 1, "#");
    expect(Buffer.byteLength(text.slice(1))).toBe(ROUND_FILE_LIMITS.maxFileBytes);
    expect(parseRoundFile(text).ok).toBe(true);
    expect(parseRoundFile(`${text}#`).ok).toBe(false);
  });
});

describe("checkTranslationsMatch", () => {
  const base = "title: T\nintro: i\n1. One\n2. Two\na) x\nb) y\noutro: o\n";

  it("accepts Cyrillic and Latin letters at the same positions", () => {
    const ru = parsed("title: Т\nlanguage: ru\nintro: и\n1. Один\n2. Два\nа) х\nб) у\noutro: о\n");
    expect(checkTranslationsMatch(ru, parsed(base))).toEqual([]);
  });

  it("reports missing items, differing sub-items, missing intro or outro and the same language", () => {
    const a = parsed("title: T\nlanguage: en\nintro: i\n1. One\n2. Two\na) x\nb) y\n3. Three\noutro: o\n");
    const b = parsed("title: T\nlanguage: en\n1. One\n2. Two\na) x\n");
    expect(checkTranslationsMatch(a, b, ["first", "second"])).toEqual([
      { key: "translation_same_language", params: { language: "en" } },
      { key: "translation_intro_missing", params: { language: "second" } },
      {
        key: "translation_sub_items_differ",
        params: { number: 2, firstLanguage: "first", first: "a) b)", secondLanguage: "second", second: "a)" },
      },
      { key: "translation_item_missing", params: { number: 3, language: "second" } },
      { key: "translation_outro_missing", params: { language: "second" } },
    ]);
  });

  it("labels the versions by their language headers, else 1 and 2", () => {
    const a = parsed("title: T\n1. One\n");
    const b = parsed("title: T\n1. One\n2. Two\n");
    expect(checkTranslationsMatch(a, b)).toEqual([
      { key: "translation_item_missing", params: { number: 2, language: "1" } },
    ]);
  });
});

describe("locales/*/round_file.json", () => {
  const variables = (message: string): string[] =>
    [...message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? "").sort();
  const en = JSON.parse(read("locales/en/round_file.json")) as Record<string, string>;
  const ru = JSON.parse(read("locales/ru/round_file.json")) as Record<string, string>;
  const keys: string[] = [...ROUND_FILE_ERROR_KEYS, ...TRANSLATION_MISMATCH_KEYS];

  it("translate every error key, and nothing else, in English and Russian", () => {
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
    expect(Object.keys(ru).sort()).toEqual([...keys].sort());
  });

  it("use the same interpolation variables in both languages", () => {
    for (const key of keys) {
      expect(variables(ru[key] ?? ""), key).toEqual(variables(en[key] ?? ""));
    }
  });

  it("use only variables that the parser provides", () => {
    const samples: string[] = [
      "stray\ntitle:\n2.\nb)\nlanguage: !!\nsubject: x\n",
      "title: T\ntitle: U\n1. One\nintro: x\noutro: o\n2. Two\n",
      `title: ${"t".repeat(301)}\nintro:\n${"w ".repeat(2100)}\n1. ${"w ".repeat(2100)}\na) x\nc)\noutro:\n${"w ".repeat(2100)}`,
      "title: T\n1. One\u0000",
      "x".repeat(ROUND_FILE_LIMITS.maxFileBytes + 1),
      `title: T\n${Array.from({ length: 101 }, (_, i) => `${i + 1}. x`).join("\n")}`,
      `title: T\n1. ${"x".repeat(ROUND_FILE_LIMITS.maxLineLength + 1)}`,
      "title: T\nintro:\na) x\n1. x",
      "title: T\nlanguage: !!\nsubject: x\n",
    ];
    const seen = new Set<string>();
    for (const sample of samples) {
      const result = parseRoundFile(sample);
      if (result.ok) continue;
      for (const error of result.errors) {
        seen.add(error.key);
        expect(Object.keys(error.params).sort(), error.key).toEqual(variables(en[error.key] ?? ""));
      }
    }
    expect([...seen].sort()).toEqual([...ROUND_FILE_ERROR_KEYS].sort());
  });
});
