/**
 * The list of participants of a meeting (Word): the meeting's title, dates in the venue's time,
 * venue or link; then each attending state in alphabetical order with its delegation (head of
 * delegation first: name, function, in person or online), then the organisations and observers,
 * and apart at the end the parties that declined and those that did not answer.
 */
import type { Paragraph, Table } from "docx";
import type { ParticipantsRecord, RecordedParty } from "../domain/meetings/participants.js";
import { type DocumentContext, type GeneratedDocument, MIME, plain, type Words } from "./context.js";
import { documentDateTime, zoneLabel } from "./dates.js";
import { heading, packDocument, paragraph, table, title } from "./docx-parts.js";
import { documentFileName } from "./file-names.js";
import { participantsOrder } from "./participants-order.js";

/** The list of participants as a .docx file; times in the venue's zone. */
export async function participantsDocx(
  record: ParticipantsRecord,
  ctx: DocumentContext,
): Promise<GeneratedDocument> {
  const w = plain(ctx.t);
  const at = (ms: number) => documentDateTime(ms, record.timeZone, ctx.lang);
  const order = participantsOrder(record, ctx.documentLanguage);
  const children: (Paragraph | Table)[] = [
    title(w("documents:participants.title")),
    paragraph(record.title, { bold: true, size: 24, lang: ctx.documentLanguage }),
    paragraph(w(`documents:participants.kind.${record.kind}`)),
  ];
  if (record.status === "cancelled")
    children.push(paragraph(w("documents:participants.cancelled"), { bold: true, color: "C00000" }));
  children.push(
    paragraph(w("documents:participants.dates", { from: at(record.startsAt), to: at(record.endsAt) })),
    paragraph(w("documents:times_in", { zone: zoneLabel(record.startsAt, record.timeZone) })),
  );
  if (record.venue) children.push(paragraph(w("documents:participants.venue", { venue: record.venue })));
  if (record.onlineUrl)
    children.push(paragraph(w("documents:participants.online", { url: record.onlineUrl })));
  children.push(paragraph(w("documents:prepared", { at: at(ctx.now) }), { italics: true, color: "595959" }));

  children.push(heading(w("documents:participants.states"), 1));
  children.push(...delegations(w, order.states));
  children.push(heading(w("documents:participants.organisations"), 1));
  children.push(...delegations(w, order.organisations));
  children.push(heading(w("documents:participants.declined"), 1));
  children.push(...namesOnly(w, order.declined));
  children.push(heading(w("documents:participants.no_answer"), 1));
  children.push(...namesOnly(w, order.noAnswer));

  return {
    buffer: await packDocument({
      lang: ctx.lang,
      title: `${w("documents:participants.title")}: ${record.title}`,
      headerText: w("documents:process"),
      children,
    }),
    fileName: documentFileName(
      { kind: "meeting", id: record.id },
      "participants",
      "docx",
      ctx.now,
      record.timeZone,
    ),
    mimeType: MIME.docx,
  };
}

function delegations(w: Words, parties: readonly RecordedParty[]): (Paragraph | Table)[] {
  if (parties.length === 0) return [paragraph(w("documents:participants.none"), { italics: true })];
  return parties.flatMap((party) => {
    const answer = party.answer;
    if (!answer || answer.attendance === "declined") return [];
    return [
      heading(
        w("documents:participants.party_line", {
          party: party.name,
          attendance: w(`documents:participants.attendance.${answer.attendance}`),
        }),
        2,
      ),
      table(
        [1, 6, 6, 3],
        [
          w("documents:participants.col_no"),
          w("documents:participants.col_name"),
          w("documents:participants.col_function"),
          w("documents:participants.col_mode"),
        ],
        answer.delegation.map((d, i) => [
          String(i + 1),
          {
            paragraphs:
              i === 0
                ? [
                    { text: d.name, style: { bold: true } },
                    { text: w("documents:participants.head"), style: { italics: true, size: 16 } },
                  ]
                : [{ text: d.name }],
          },
          d.function,
          w(`documents:participants.mode.${d.mode}`),
        ]),
      ),
    ];
  });
}

function namesOnly(w: Words, parties: readonly RecordedParty[]): Paragraph[] {
  if (parties.length === 0) return [paragraph(w("documents:participants.none"), { italics: true })];
  return parties.map((p) => paragraph(p.name, {}, 40));
}
