/**
 * The operator's document exports, the same files the secretariat gets in the chat:
 *   export-round <id> --format docx|xlsx|png [--language ru|en] --out <file>
 *   export-participants <meetingId> --format docx|xlsx [--language ru|en] --out <file>
 * The language (Russian by default) is both the official language of the texts and the language
 * of the headings; round times are Almaty time, a meeting's the venue's.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Kysely } from "kysely";
import { createTranslations } from "../bot/i18n.js";
import type { Database } from "../db/schema.js";
import type { GeneratedDocument } from "../documents/context.js";
import { participantsDocx } from "../documents/participants-docx.js";
import { participantsXlsx } from "../documents/participants-xlsx.js";
import { positionsMatrixXlsx } from "../documents/positions-matrix.js";
import { roundCompilationDocx } from "../documents/round-compilation.js";
import { tallyPicturePng } from "../documents/tally-picture.js";
import { isDomainError } from "../domain/errors.js";
import { readParticipantsRecord } from "../domain/meetings/participants.js";
import { OFFICIAL_LANGUAGES } from "../domain/reference.js";
import { readRoundRecord } from "../domain/reviews/record.js";
import { REVIEW_TIME_ZONE } from "../domain/reviews/rounds.js";
import type { Clock } from "../outbox/clock.js";

export const EXPORT_USAGE = `  export-round <id> --format <docx|xlsx|png> [--language <ru|en>] --out <file>
    (the compilation of positions, the positions matrix or the tally picture of a review round)
  export-participants <meetingId> --format <docx|xlsx> [--language <ru|en>] --out <file>
    (the list of participants of a meeting)`;

interface ExportRequest {
  id: number;
  format: string;
  language: string;
  out: string;
}

/** The id, format, language and output file from the arguments, or the problem with them. */
function readRequest(args: string[], formats: readonly string[]): ExportRequest | string {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: "string" }, language: { type: "string" }, out: { type: "string" } },
    allowPositionals: true,
  });
  const id = Number(positionals[0]);
  const language = (values.language ?? "ru").toLowerCase();
  if (positionals.length !== 1 || !Number.isSafeInteger(id) || id <= 0) return "give one id (a number)";
  if (!values.format || !formats.includes(values.format))
    return `--format must be one of ${formats.join(", ")}`;
  if (!OFFICIAL_LANGUAGES.includes(language))
    return `--language must be one of ${OFFICIAL_LANGUAGES.join(", ")}`;
  if (!values.out) return "--out <file> is required";
  return { id, format: values.format, language, out: values.out };
}

async function run(
  args: string[],
  what: "round" | "meeting",
  formats: readonly string[],
  make: (request: ExportRequest) => Promise<GeneratedDocument>,
): Promise<number> {
  const request = readRequest(args, formats);
  if (typeof request === "string") {
    console.error(request);
    console.error(`usage:\n${EXPORT_USAGE}`);
    return 2;
  }
  let document: GeneratedDocument;
  try {
    document = await make(request);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    console.error(`nothing written: there is no ${what} #${request.id}`);
    return 1;
  }
  writeFileSync(request.out, document.buffer);
  console.log(
    `${request.out} written (${document.buffer.length} bytes; suggested name ${document.fileName})`,
  );
  return 0;
}

export async function exportRound(db: Kysely<Database>, args: string[], clock: Clock): Promise<number> {
  return run(args, "round", ["docx", "xlsx", "png"], async ({ id, format, language }) => {
    const record = await readRoundRecord(db, id, { text: language, names: language });
    const t = (await createTranslations(language)).forLanguage(language);
    const context = {
      t,
      lang: language,
      documentLanguage: language,
      timeZone: REVIEW_TIME_ZONE,
      now: clock.now(),
    };
    if (format === "docx") return roundCompilationDocx(record, context);
    if (format === "xlsx") return positionsMatrixXlsx(record, context);
    return tallyPicturePng(record, context);
  });
}

export async function exportParticipants(
  db: Kysely<Database>,
  args: string[],
  clock: Clock,
): Promise<number> {
  return run(args, "meeting", ["docx", "xlsx"], async ({ id, format, language }) => {
    const record = await readParticipantsRecord(db, id, language);
    const t = (await createTranslations(language)).forLanguage(language);
    const context = { t, lang: language, documentLanguage: language, now: clock.now() };
    return format === "docx" ? participantsDocx(record, context) : participantsXlsx(record, context);
  });
}
