/**
 * How long each document takes to make: the compilation (.docx), the positions matrix (.xlsx) and
 * the tally picture (.png) of a round of 10 states × 9 recommendations where every state answers
 * and comments on every item (and an observer on each), and the list of participants (.docx,
 * .xlsx) of a meeting with 10 delegations of 5 people. Reading the data from the database is
 * timed apart from generating the file. Best and median of several runs, after one warm-up.
 */

import { createTranslations } from "../src/bot/i18n.js";
import { participantsDocx } from "../src/documents/participants-docx.js";
import { participantsXlsx } from "../src/documents/participants-xlsx.js";
import { positionsMatrixXlsx } from "../src/documents/positions-matrix.js";
import { roundCompilationDocx } from "../src/documents/round-compilation.js";
import { tallyPicturePng } from "../src/documents/tally-picture.js";
import { readParticipantsRecord } from "../src/domain/meetings/participants.js";
import { readRoundRecord } from "../src/domain/reviews/record.js";
import { busyMeeting, busyRound, TEN_STATES } from "../test/support/documents-data.js";
import { testDatabase } from "../test/support/test-db.js";

const RUNS = 7;
const NOW = Date.parse("2026-12-02T05:00:00Z");

export interface DocumentTiming {
  name: string;
  bestMs: number;
  medianMs: number;
  bytes: number;
}

async function time(name: string, make: () => Promise<{ length: number }>): Promise<DocumentTiming> {
  await make();
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    bytes = (await make()).length;
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { name, bestMs: samples[0] ?? 0, medianMs: samples[Math.floor(RUNS / 2)] ?? 0, bytes };
}

export async function documentRun(): Promise<DocumentTiming[]> {
  const { db } = await testDatabase();
  try {
    const roundId = await busyRound(db, NOW);
    const meetingId = await busyMeeting(db, TEN_STATES, 5, NOW);
    const t = (await createTranslations("ru")).forLanguage("en");
    const ctx = { t, lang: "en", documentLanguage: "ru", timeZone: "Asia/Almaty", now: NOW + 86_400_000 };
    const round = await readRoundRecord(db, roundId, { text: "ru", names: "ru" });
    const meeting = await readParticipantsRecord(db, meetingId, "ru");
    return [
      await time("read round record", async () => ({
        length: (await readRoundRecord(db, roundId, { text: "ru", names: "ru" })).history.length,
      })),
      await time("compilation .docx", async () => (await roundCompilationDocx(round, ctx)).buffer),
      await time("positions matrix .xlsx", async () => (await positionsMatrixXlsx(round, ctx)).buffer),
      await time("tally picture .png", async () => tallyPicturePng(round, ctx).buffer),
      await time("read meeting record", async () => ({
        length: (await readParticipantsRecord(db, meetingId, "ru")).parties.length,
      })),
      await time("participants .docx", async () => (await participantsDocx(meeting, ctx)).buffer),
      await time("participants .xlsx", async () => (await participantsXlsx(meeting, ctx)).buffer),
    ];
  } finally {
    await db.destroy();
  }
}

export async function documentFigures(log: (line: string) => void): Promise<void> {
  const timings = await documentRun();
  log(
    `documents: a round of 10 states × 9 items, each answered and commented (${timings[0]?.bytes ?? 0} history rows); a meeting of 10 delegations × 5 people; best and median of ${RUNS} runs`,
  );
  for (const r of timings) {
    const size = r.name.startsWith("read") ? "" : `, ${(r.bytes / 1024).toFixed(0)} KiB`;
    log(
      `documents.${r.name.replace(/[ .]+/g, "_")}: best ${r.bestMs.toFixed(0)} ms, median ${r.medianMs.toFixed(0)} ms${size}`,
    );
  }
}
