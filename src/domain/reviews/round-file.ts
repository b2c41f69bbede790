/**
 * Review-round files: a small plain-text format for a review round's document, one file per language.
 *
 * The format is described for users in `src/content/rounds/FORMAT.md`. In short: `key: value` headers
 * (`title:` required, `language:` optional), an optional `intro:` block, items `1.` `2.` … numbered
 * from 1 without gaps, optional sub-items `a)` `b)` … (or `а)` `б)` …) under an item, and an optional
 * `outro:` block after the last item. Text may be hard-wrapped: lines of a paragraph are joined with
 * spaces, blank lines separate paragraphs, lines starting with "- " stay on their own line.
 *
 * The parser is pure: it never throws on bad input, it returns every problem it finds as a message key
 * (translated in `locales/<lang>/round_file.json`) with the 1-based line and interpolation values.
 */

/** Limits on a round file; each one has its error key. */
export const ROUND_FILE_LIMITS = {
  /** `file_too_large` */
  maxFileBytes: 200 * 1024,
  /** `line_too_long` */
  maxLineLength: 4100,
  /** `title_too_long` */
  maxTitleLength: 300,
  /** `too_many_items` */
  maxItems: 100,
  /** `item_too_long`: an item's text together with its sub-items, as shown on one card */
  maxItemLength: 4000,
  /** `intro_too_long`, `outro_too_long` */
  maxSectionLength: 4000,
  /** at most this many errors are reported */
  maxErrors: 50,
} as const;

/** Message keys of parse errors, in `locales/<lang>/round_file.json`. */
export const ROUND_FILE_ERROR_KEYS = [
  "file_too_large",
  "not_text",
  "line_too_long",
  "missing_title",
  "title_too_long",
  "invalid_language",
  "unknown_key",
  "duplicate_key",
  "misplaced_key",
  "text_outside_block",
  "item_number_out_of_order",
  "too_many_items",
  "item_after_outro",
  "empty_item",
  "item_too_long",
  "sub_item_without_item",
  "sub_item_letter_out_of_order",
  "empty_sub_item",
  "intro_too_long",
  "outro_too_long",
  "no_items",
] as const;

/** A parse error's message key. */
export type RoundFileErrorKey = (typeof ROUND_FILE_ERROR_KEYS)[number];

export interface RoundSubItem {
  /** Lower-case letter as written, Latin (a–z) or Cyrillic (а–я). */
  letter: string;
  text: string;
}

export interface RoundItem {
  /** 1, 2, 3 … in file order. */
  number: number;
  text: string;
  subItems: RoundSubItem[];
}

/** A parsed round document in one language. */
export interface RoundFile {
  title: string;
  /** Lower-case language tag from the `language:` header, if given. */
  language?: string;
  intro: string | null;
  outro: string | null;
  items: RoundItem[];
}

/**
 * One problem in a file. `line` is 1-based; 0 means the file as a whole.
 * `params` holds the message's interpolation values, including `line` when it is not 0,
 * so a caller can translate with `t(\`round_file:${key}\`, params)`.
 */
export interface RoundFileError {
  line: number;
  key: RoundFileErrorKey;
  params: Record<string, string | number>;
}

export type RoundFileResult = { ok: true; round: RoundFile } | { ok: false; errors: RoundFileError[] };

const LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz";
/** The letters Russian documents use for lists: а–я without ё, й, ъ, ы, ь. */
const CYRILLIC_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя";
/** Latin letters that look like Cyrillic ones, a common copy-paste mix-up ("a)" next to "б)"). */
const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = {
  a: "а",
  c: "с",
  e: "е",
  o: "о",
  p: "р",
  x: "х",
  y: "у",
};
const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(LATIN_TO_CYRILLIC).map(([latin, cyrillic]) => [cyrillic, latin]),
);

const KEY_LINE = /^([A-Za-z][A-Za-z_-]*)\s*:\s*(.*)$/;
const ITEM_LINE = /^(\d{1,3})[.)](?:\s+(.*))?$/;
const SUB_ITEM_LINE = /^([A-Za-zА-Яа-яЁё])\)(?:\s+(.*))?$/;
const BULLET_LINE = /^[-•*]\s/;
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/;
const HEADER_KEYS = ["title", "language", "intro", "outro"] as const;
type HeaderKey = (typeof HEADER_KEYS)[number];

/** Paragraphs of text collected line by line. */
class TextBlock {
  private readonly paragraphs: string[][] = [];
  private open = false;

  constructor(readonly line: number) {}

  add(text: string): void {
    let paragraph = this.open ? this.paragraphs[this.paragraphs.length - 1] : undefined;
    if (!paragraph) {
      paragraph = [];
      this.paragraphs.push(paragraph);
      this.open = true;
    }
    paragraph.push(text);
  }

  breakParagraph(): void {
    this.open = false;
  }

  toString(): string {
    return this.paragraphs
      .map((lines) =>
        lines.reduce(
          (joined, line) => (joined === "" ? line : `${joined}${BULLET_LINE.test(line) ? "\n" : " "}${line}`),
          "",
        ),
      )
      .join("\n\n");
  }
}

interface SubItemDraft {
  letter: string;
  block: TextBlock;
}

interface ItemDraft {
  number: number;
  block: TextBlock;
  subItems: SubItemDraft[];
}

/** Where text lines go: a block, nowhere yet (an error), or nowhere after an error (silently). */
type Target = "none" | "intro" | "item" | "sub_item" | "outro" | "skip";

/** A control character other than tab, line feed, vertical tab, form feed or carriage return, or U+FFFD. */
function isNonTextChar(code: number): boolean {
  return (code < 0x20 && (code < 0x09 || code > 0x0d)) || code === 0x7f || code === 0xfffd;
}

function firstNonTextLine(text: string): number | null {
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) line++;
    else if (isNonTextChar(code)) return line;
  }
  return null;
}

function isLatin(letter: string): boolean {
  return LATIN_LETTERS.includes(letter);
}

/** Position of a sub-item letter in its alphabet's list sequence (0 for a/а), or -1. */
export function letterOrdinal(letter: string): number {
  return isLatin(letter) ? LATIN_LETTERS.indexOf(letter) : CYRILLIC_LETTERS.indexOf(letter);
}

/**
 * Decides the alphabet of an item's sub-items and rewrites look-alike letters into it:
 * "a), б), в)" written with a Latin "a" becomes "а), б), в)".
 */
function normaliseLetters(letters: readonly string[]): string[] {
  const latinOnly = letters.some((l) => isLatin(l) && !(l in LATIN_TO_CYRILLIC));
  const cyrillicOnly = letters.some((l) => !isLatin(l) && !(l in CYRILLIC_TO_LATIN));
  if (cyrillicOnly && !latinOnly) return letters.map((l) => LATIN_TO_CYRILLIC[l] ?? l);
  if (latinOnly && !cyrillicOnly) return letters.map((l) => CYRILLIC_TO_LATIN[l] ?? l);
  return [...letters];
}

/**
 * Parses a round file.
 *
 * Tolerates a UTF-8 byte-order mark, CRLF or CR line ends, tabs, trailing and repeated spaces and any
 * indentation; rejects anything structurally ambiguous. All errors are collected (up to
 * {@link ROUND_FILE_LIMITS}.maxErrors), sorted by line.
 */
export function parseRoundFile(text: string): RoundFileResult {
  const errors: RoundFileError[] = [];
  const fail = (line: number, key: RoundFileErrorKey, params: Record<string, string | number> = {}): void => {
    errors.push({ line, key, params: line > 0 ? { line, ...params } : params });
  };

  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const bytes = Buffer.byteLength(body, "utf8");
  if (bytes > ROUND_FILE_LIMITS.maxFileBytes) {
    fail(0, "file_too_large", {
      size: Math.ceil(bytes / 1024),
      max: ROUND_FILE_LIMITS.maxFileBytes / 1024,
    });
    return { ok: false, errors };
  }
  const normalised = body.replace(/\r\n?/g, "\n");
  const nonText = firstNonTextLine(normalised);
  if (nonText !== null) {
    fail(nonText, "not_text");
    return { ok: false, errors };
  }
  const lines = normalised.split("\n");

  const head: {
    title: string | null;
    titleSeen: boolean;
    language: string | undefined;
    languageSeen: boolean;
    intro: TextBlock | null;
    outro: TextBlock | null;
  } = { title: null, titleSeen: false, language: undefined, languageSeen: false, intro: null, outro: null };
  const items: ItemDraft[] = [];
  let lastNumber = 0;
  let tooManyItemsReported = false;
  let target: Target = "none";

  const currentBlock = (): TextBlock | null => {
    const item = items[items.length - 1];
    switch (target) {
      case "intro":
        return head.intro;
      case "outro":
        return head.outro;
      case "item":
        return item?.block ?? null;
      case "sub_item":
        return item?.subItems[item.subItems.length - 1]?.block ?? null;
      default:
        return null;
    }
  };

  const handleKey = (lineNo: number, key: HeaderKey, value: string): void => {
    const afterItems = items.length > 0;
    const misplaced = key === "outro" ? !afterItems : afterItems;
    const seen =
      key === "title"
        ? head.titleSeen
        : key === "language"
          ? head.languageSeen
          : (key === "intro" ? head.intro : head.outro) !== null;
    if (misplaced || seen) {
      fail(lineNo, misplaced ? "misplaced_key" : "duplicate_key", { key });
      target = "skip";
      return;
    }
    target = "none";
    switch (key) {
      case "title":
        head.titleSeen = true;
        if (value === "") fail(lineNo, "missing_title");
        else if (value.length > ROUND_FILE_LIMITS.maxTitleLength)
          fail(lineNo, "title_too_long", { length: value.length, max: ROUND_FILE_LIMITS.maxTitleLength });
        else head.title = value;
        return;
      case "language": {
        head.languageSeen = true;
        const tag = value.toLowerCase().replace(/_/g, "-");
        if (LANGUAGE_TAG.test(tag)) head.language = tag;
        else fail(lineNo, "invalid_language", { value });
        return;
      }
      case "intro":
      case "outro": {
        const block = new TextBlock(lineNo);
        if (value !== "") block.add(value);
        head[key] = block;
        target = key;
        return;
      }
    }
  };

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw.length > ROUND_FILE_LIMITS.maxLineLength) {
      fail(lineNo, "line_too_long", { length: raw.length, max: ROUND_FILE_LIMITS.maxLineLength });
    }
    const line = raw.replace(/[ \t\v\f]+/g, " ").trim();

    if (line === "") {
      currentBlock()?.breakParagraph();
      return;
    }
    if (line.startsWith("#")) return;

    if (line.startsWith("\\")) {
      const escaped = line.slice(1).trimStart();
      if (escaped !== "") addText(lineNo, escaped);
      return;
    }

    const keyMatch = KEY_LINE.exec(line);
    if (keyMatch) {
      const name = (keyMatch[1] ?? "").toLowerCase();
      const known = HEADER_KEYS.find((k) => k === name);
      if (known) {
        handleKey(lineNo, known, keyMatch[2] ?? "");
        return;
      }
      if (target === "none") {
        fail(lineNo, "unknown_key", { key: keyMatch[1] ?? "" });
        target = "skip";
        return;
      }
    }

    const itemMatch = ITEM_LINE.exec(line);
    if (itemMatch) {
      const number = Number(itemMatch[1]);
      if (head.outro) {
        fail(lineNo, "item_after_outro", { number });
        target = "skip";
        return;
      }
      if (items.length >= ROUND_FILE_LIMITS.maxItems) {
        if (!tooManyItemsReported) fail(lineNo, "too_many_items", { max: ROUND_FILE_LIMITS.maxItems });
        tooManyItemsReported = true;
        target = "skip";
        return;
      }
      if (number !== lastNumber + 1) {
        fail(lineNo, "item_number_out_of_order", { expected: lastNumber + 1, found: number });
      }
      lastNumber = number;
      const item: ItemDraft = { number, block: new TextBlock(lineNo), subItems: [] };
      items.push(item);
      if (itemMatch[2]) item.block.add(itemMatch[2]);
      target = "item";
      return;
    }

    const subMatch = SUB_ITEM_LINE.exec(line);
    if (subMatch) {
      const letter = (subMatch[1] ?? "").toLowerCase();
      const item = items[items.length - 1];
      if (target === "skip") return;
      if (!item || (target !== "item" && target !== "sub_item")) {
        fail(lineNo, "sub_item_without_item", { letter });
        target = "skip";
        return;
      }
      const subItem: SubItemDraft = { letter, block: new TextBlock(lineNo) };
      item.subItems.push(subItem);
      if (subMatch[2]) subItem.block.add(subMatch[2]);
      target = "sub_item";
      return;
    }

    addText(lineNo, line);
  });

  function addText(lineNo: number, line: string): void {
    const block = currentBlock();
    if (block) {
      block.add(line);
    } else if (target !== "skip") {
      fail(lineNo, "text_outside_block");
      target = "skip";
    }
  }

  if (!head.titleSeen) fail(1, "missing_title");
  if (items.length === 0) fail(0, "no_items");

  const roundItems: RoundItem[] = items.map((draft) => finishItem(draft, fail));
  const intro = finishSection(head.intro, "intro_too_long", fail);
  const outro = finishSection(head.outro, "outro_too_long", fail);

  if (errors.length > 0 || head.title === null) {
    const sorted = errors
      .map((error, order) => ({ error, order }))
      .sort((a, b) => a.error.line - b.error.line || a.order - b.order)
      .slice(0, ROUND_FILE_LIMITS.maxErrors)
      .map(({ error }) => error);
    return { ok: false, errors: sorted };
  }

  const round: RoundFile = { title: head.title, intro, outro, items: roundItems };
  if (head.language !== undefined) round.language = head.language;
  return { ok: true, round };
}

type Fail = (line: number, key: RoundFileErrorKey, params?: Record<string, string | number>) => void;

function finishItem(draft: ItemDraft, fail: Fail): RoundItem {
  const { number } = draft;
  const text = draft.block.toString();
  if (text === "") fail(draft.block.line, "empty_item", { number });

  const letters = normaliseLetters(draft.subItems.map((s) => s.letter));
  const sequence = letters[0] !== undefined && !isLatin(letters[0]) ? CYRILLIC_LETTERS : LATIN_LETTERS;
  let orderReported = false;
  const subItems = draft.subItems.map((sub, i): RoundSubItem => {
    const letter = letters[i] ?? sub.letter;
    const expected = sequence[i] ?? "";
    if (letter !== expected && !orderReported) {
      fail(sub.block.line, "sub_item_letter_out_of_order", { number, expected, found: sub.letter });
      orderReported = true;
    }
    const subText = sub.block.toString();
    if (subText === "") fail(sub.block.line, "empty_sub_item", { number, letter: sub.letter });
    return { letter, text: subText };
  });

  const length = [text, ...subItems.map((s) => `${s.letter}) ${s.text}`)].join("\n").length;
  if (length > ROUND_FILE_LIMITS.maxItemLength) {
    fail(draft.block.line, "item_too_long", { number, length, max: ROUND_FILE_LIMITS.maxItemLength });
  }
  return { number, text, subItems };
}

function finishSection(
  block: TextBlock | null,
  tooLong: "intro_too_long" | "outro_too_long",
  fail: Fail,
): string | null {
  if (!block) return null;
  const text = block.toString();
  if (text.length > ROUND_FILE_LIMITS.maxSectionLength) {
    fail(block.line, tooLong, { length: text.length, max: ROUND_FILE_LIMITS.maxSectionLength });
  }
  return text === "" ? null : text;
}
