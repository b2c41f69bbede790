/**
 * Round files sent to the bot as documents: checked (size, plain text), downloaded from Telegram,
 * parsed, and every problem explained with its line. The download URL holds the bot token, so it
 * is never logged or put in an error message.
 */
import type { Api } from "grammy";
import type { Document } from "grammy/types";
import type { Config } from "../../../config.js";
import type { ImportProblem } from "../../../domain/reviews/import.js";
import { ROUND_FILE_LIMITS } from "../../../domain/reviews/round-file.js";
import type { Translate } from "../../i18n.js";

const MAX_LISTED = 25;

/** Why a document cannot be a round file before downloading it (a message key), or null. */
export function documentProblem(
  doc: Document,
): { key: string; params: Record<string, string | number> } | null {
  const name = doc.file_name ?? "";
  const textual = (doc.mime_type ?? "").startsWith("text/") || /\.txt$/i.test(name);
  if (!textual) return { key: "reviews:import.not_text_file", params: { name } };
  if ((doc.file_size ?? 0) > ROUND_FILE_LIMITS.maxFileBytes)
    return {
      key: "round_file:file_too_large",
      params: { size: Math.ceil((doc.file_size ?? 0) / 1024), max: ROUND_FILE_LIMITS.maxFileBytes / 1024 },
    };
  return null;
}

/** Downloads a document the person sent. */
export async function downloadDocument(api: Api, config: Config, fileId: string): Promise<Uint8Array> {
  const file = await api.getFile(fileId);
  if (!file.file_path) throw new Error("Telegram gave no path for the file");
  const response = await fetch(`${config.apiRoot}/file/bot${config.botToken}/${file.file_path}`);
  if (!response.ok) throw new Error(`file download failed with HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > ROUND_FILE_LIMITS.maxFileBytes + 3) throw new Error("file larger than announced");
  return bytes;
}

/** Every problem of an import, one per line, translated; long lists are cut with a count of the rest. */
export function describeProblems(t: Translate, problems: readonly ImportProblem[]): string {
  const lines: string[] = [];
  for (const problem of problems) {
    if (problem.kind === "parse") {
      lines.push(t("reviews:import.file_problems", { name: problem.label }));
      for (const e of problem.errors) lines.push(`• ${t(`round_file:${e.key}`, e.params)}`);
    } else {
      lines.push(t("reviews:import.versions_differ"));
      for (const m of problem.mismatches) lines.push(`• ${t(`round_file:${m.key}`, m.params)}`);
    }
  }
  const shown = lines.slice(0, MAX_LISTED);
  if (lines.length > MAX_LISTED) shown.push(t("reviews:import.more", { rest: lines.length - MAX_LISTED }));
  return [t("reviews:import.nothing_created"), ...shown].join("\n");
}
