/**
 * The compilation of positions and comments received from states (Word): the round's title,
 * deadline and states; item by item the recommendation's text in the official language, a table
 * with one row per state (position, reason or proposed wording, who recorded it and when), the
 * observers' comments apart; then the consensus summary and the "passed to government"
 * confirmations. A round still open says on its first page that it is a draft, and as of when.
 */
import type { Paragraph, Table } from "docx";
import type { RecordedComment, RecordedItem, RoundRecord, StateAnswer } from "../domain/reviews/record.js";
import { type GeneratedDocument, MIME, plain, type RoundDocumentContext, type Words } from "./context.js";
import { documentDateTime, documentDay, zoneLabel } from "./dates.js";
import { type CellContent, heading, packDocument, paragraph, table, title } from "./docx-parts.js";
import { documentFileName } from "./file-names.js";
import { answerCategory, LIGHT } from "./palette.js";

/** The compilation as a .docx file. */
export async function roundCompilationDocx(
  record: RoundRecord,
  ctx: RoundDocumentContext,
): Promise<GeneratedDocument> {
  const w = plain(ctx.t);
  const at = (ms: number) => documentDateTime(ms, ctx.timeZone, ctx.lang);
  const draft = record.status !== "closed";
  const stateName = new Map(record.states.map((s) => [s.code, s.name]));

  const children: (Paragraph | Table)[] = [
    title(w("documents:compilation.title")),
    paragraph(record.title, { bold: true, size: 24, lang: record.textLanguage }),
  ];
  if (draft)
    children.push(
      paragraph(w("documents:draft", { at: at(ctx.now) }), { bold: true, color: "C00000", size: 24 }),
    );
  if (record.status === "open") children.push(paragraph(w("documents:draft_note"), { italics: true }));
  children.push(
    paragraph(w("documents:compilation.status", { status: w(`documents:round_status.${record.status}`) })),
    paragraph(
      record.deadlineAt === null
        ? w("documents:compilation.no_deadline")
        : w("documents:compilation.deadline", { at: at(record.deadlineAt) }),
    ),
    paragraph(w("documents:compilation.states", { states: record.states.map((s) => s.name).join(", ") })),
    paragraph(w("documents:times_in", { zone: zoneLabel(ctx.now, ctx.timeZone) })),
    paragraph(w("documents:prepared", { at: at(ctx.now) }), { italics: true, color: "595959" }),
  );
  if (record.intro) children.push(paragraph(record.intro, { italics: true, lang: record.textLanguage }));

  for (const item of record.items) children.push(...itemSection(w, record, item, stateName, at));
  children.push(...summarySection(w, record, stateName));
  children.push(...governmentSection(w, record, stateName, ctx.lang));

  return {
    buffer: await packDocument({
      lang: ctx.lang,
      title: `${w("documents:compilation.title")}: ${record.title}`,
      headerText: draft
        ? `${w("documents:process")} — ${w("documents:draft_short")}`
        : w("documents:process"),
      children,
    }),
    fileName: documentFileName(
      { kind: "round", id: record.id },
      "compilation",
      "docx",
      ctx.now,
      ctx.timeZone,
    ),
    mimeType: MIME.docx,
  };
}

function commentLine(w: Words, c: RecordedComment): string {
  return w(`documents:compilation.${c.kind}`, { text: c.text });
}

function answerRow(
  w: Words,
  answer: StateAnswer,
  stateName: ReadonlyMap<string, string>,
  at: (ms: number) => string,
): (CellContent | string)[] {
  const category = answerCategory(answer);
  const texts: CellContent["paragraphs"] = [];
  if (answer.reason) texts.push({ text: w("documents:compilation.reason", { text: answer.reason }) });
  for (const c of answer.comments)
    texts.push(
      { text: commentLine(w, c) },
      {
        text: w("documents:compilation.comment_by", { who: c.author, at: at(c.at) }),
        style: { italics: true, size: 16 },
      },
    );
  return [
    stateName.get(answer.stateCode) ?? answer.stateCode,
    {
      paragraphs: [{ text: w(`documents:position.${category}`), style: { bold: true } }],
      fill: LIGHT[category],
    },
    { paragraphs: texts },
    answer.recordedBy
      ? {
          paragraphs: [
            { text: answer.recordedBy },
            {
              text: answer.role ? w(`documents:role.${answer.role}`) : "",
              style: { italics: true, size: 16 },
            },
          ],
        }
      : "",
    answer.at === null ? "" : at(answer.at),
  ];
}

function itemSection(
  w: Words,
  record: RoundRecord,
  item: RecordedItem,
  stateName: ReadonlyMap<string, string>,
  at: (ms: number) => string,
): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [heading(w("documents:compilation.item", { label: item.label }), 2)];
  if (item.lead) out.push(paragraph(item.lead, { italics: true, lang: record.textLanguage }));
  out.push(paragraph(item.text, { lang: record.textLanguage }));
  out.push(
    table(
      [3, 2, 6, 3, 3],
      [
        w("documents:compilation.col_state"),
        w("documents:compilation.col_position"),
        w("documents:compilation.col_reason"),
        w("documents:compilation.col_recorded"),
        w("documents:compilation.col_when"),
      ],
      item.answers.map((a) => answerRow(w, a, stateName, at)),
    ),
  );
  if (item.observerComments.length) {
    out.push(heading(w("documents:compilation.observers"), 3));
    for (const c of item.observerComments)
      out.push(
        paragraph(
          w("documents:compilation.observer_comment", { who: c.author, where: c.affiliation, at: at(c.at) }),
          {
            bold: true,
          },
          40,
        ),
        paragraph(c.text),
      );
  }
  return out;
}

function summarySection(
  w: Words,
  record: RoundRecord,
  stateName: ReadonlyMap<string, string>,
): (Paragraph | Table)[] {
  const without = record.items.filter((i) => !i.consensus).map((i) => i.label);
  return [
    heading(w("documents:compilation.summary"), 1),
    paragraph(
      record.consensus
        ? w("documents:compilation.consensus_all", { total: record.items.length })
        : w("documents:compilation.consensus_partial", {
            held: record.items.length - without.length,
            total: record.items.length,
            items: without.join(", "),
          }),
      { bold: true },
    ),
    paragraph(
      record.unfinished.length
        ? w("documents:compilation.unfinished", {
            states: record.unfinished.map((c) => stateName.get(c) ?? c).join(", "),
          })
        : w("documents:compilation.all_finished"),
    ),
    table(
      [2, 2, 2, 2, 2, 3],
      [
        w("documents:compilation.col_item"),
        w("documents:position.support"),
        w("documents:position.object"),
        w("documents:position.abstain"),
        w("documents:position.none"),
        w("documents:compilation.col_consensus"),
      ],
      record.items.map((i) => [
        i.label,
        String(i.counts.support),
        String(i.counts.object),
        String(i.counts.abstain),
        String(i.counts.none),
        {
          paragraphs: [
            {
              text: w(i.consensus ? "documents:consensus_yes" : "documents:consensus_no"),
              style: { bold: true },
            },
          ],
          fill: i.consensus ? LIGHT.support : LIGHT.object,
        },
      ]),
    ),
  ];
}

function governmentSection(
  w: Words,
  record: RoundRecord,
  stateName: ReadonlyMap<string, string>,
  lang: string,
): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    heading(w("documents:compilation.government"), 1),
    paragraph(
      w("documents:compilation.outcome", { outcome: w(`documents:outcome.${record.outcome ?? "none"}`) }),
    ),
  ];
  if (record.outcome !== "adopted") {
    out.push(paragraph(w("documents:compilation.government_not_requested"), { italics: true }));
    return out;
  }
  const confirmed = new Map(record.government.map((g) => [g.stateCode, g]));
  out.push(
    table(
      [3, 3, 5, 3],
      [
        w("documents:compilation.col_state"),
        w("documents:compilation.col_passed_on"),
        w("documents:compilation.col_note"),
        w("documents:compilation.col_confirmed_by"),
      ],
      record.states.map((s) => {
        const g = confirmed.get(s.code);
        return g
          ? [stateName.get(s.code) ?? s.code, documentDay(g.passedOn, lang), g.note ?? "", g.confirmedBy]
          : [
              stateName.get(s.code) ?? s.code,
              {
                paragraphs: [
                  { text: w("documents:compilation.government_waiting"), style: { italics: true } },
                ],
              },
              "",
              "",
            ];
      }),
    ),
  );
  return out;
}
