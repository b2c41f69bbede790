/**
 * `npm run admin -- audit [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--state KZ] [--person <id>]
 * [--out file.csv|file.xlsx]`: the audit trail for the operator. Days are UTC days, both ends
 * included; without --out the CSV goes to standard output.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Db } from "../db/database.js";
import { auditCsv, auditXlsx } from "../documents/audit-export.js";
import { type AuditQuery, auditRecords } from "../domain/audit-trail.js";

const DAY_MS = 86_400_000;

/** Midnight UTC of a YYYY-MM-DD day, or undefined when it is not one. */
function utcDay(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text ? undefined : ms;
}

export async function auditCommand(db: Db, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      since: { type: "string" },
      until: { type: "string" },
      state: { type: "string" },
      person: { type: "string" },
      out: { type: "string" },
    },
  });
  const query: AuditQuery = {};
  for (const [name, text] of [
    ["since", values.since],
    ["until", values.until],
  ] as const) {
    if (text === undefined) continue;
    const day = utcDay(text);
    if (day === undefined) {
      console.error(`--${name} must be a day as YYYY-MM-DD, such as 2027-03-20`);
      return 2;
    }
    if (name === "since") query.since = day;
    else query.until = day + DAY_MS;
  }
  if (values.state !== undefined) {
    if (!/^[A-Za-z]{2}$/.test(values.state)) {
      console.error("--state must be a two-letter ISO code, such as KZ");
      return 2;
    }
    query.state = values.state.toUpperCase();
  }
  if (values.person !== undefined) {
    if (!/^\d+$/.test(values.person)) {
      console.error("--person must be a person's number, as `people` lists them");
      return 2;
    }
    query.personId = Number(values.person);
  }
  const out = values.out;
  if (out !== undefined && !/\.(csv|xlsx)$/i.test(out)) {
    console.error("--out must name a .csv or .xlsx file");
    return 2;
  }
  const records = await auditRecords(db, query, "en");
  if (out === undefined) {
    process.stdout.write(auditCsv(records));
    return 0;
  }
  writeFileSync(out, /\.xlsx$/i.test(out) ? await auditXlsx(records) : auditCsv(records));
  console.log(`${records.length} audit entries written to ${out}`);
  return 0;
}
