/**
 * File handling of the fake Telegram server: resolving InputFile parameters (attach:// uploads,
 * direct file parts or file_ids), guessing MIME types from file names like Telegram does for
 * documents, and building Document / PhotoSize objects (photos must really be images).
 */
import type { Document, PhotoSize } from "grammy/types";
import type { FakeState, FileKind, StoredFile } from "./fake-telegram-state.js";
import { badRequest, type Params } from "./fake-telegram-types.js";

const MIME: Record<string, string> = {
  pdf: "application/pdf",
  csv: "text/csv",
  txt: "text/plain",
  md: "text/markdown",
  html: "text/html",
  ics: "text/calendar",
  json: "application/json",
  xml: "application/xml",
  zip: "application/zip",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
};

/** MIME type Telegram would report for a file name (application/octet-stream if unknown). */
export function mimeFor(filename: string): string {
  const ext = filename.includes(".") ? (filename.split(".").pop() ?? "").toLowerCase() : "";
  return MIME[ext] ?? "application/octet-stream";
}

/** Resolve an InputFile parameter into a stored file (new upload or existing file_id). */
export function resolveInputFile(state: FakeState, p: Params, field: string, kind: FileKind): StoredFile {
  const ref = p.str(field);
  const part = ref?.startsWith("attach://") ? p.files.get(ref.slice("attach://".length)) : p.files.get(field);
  if (part) {
    if (part.content.length === 0) throw badRequest("file must be non-empty");
    const declared = part.contentType.split(";")[0]?.trim() ?? "";
    const mime =
      declared && declared !== "application/octet-stream" && declared !== "text/plain"
        ? declared
        : mimeFor(part.filename);
    return state.storeFile(kind, part.content, part.filename, mime);
  }
  if (!ref || ref.startsWith("attach://")) throw badRequest(`there is no ${field} in the request`);
  if (/^https?:\/\//i.test(ref)) throw badRequest("wrong file identifier/HTTP URL specified");
  const existing = state.files.get(ref);
  if (!existing) throw badRequest("wrong file identifier/HTTP URL specified");
  if (existing.kind !== kind) {
    const name = (k: string): string => k[0]?.toUpperCase() + k.slice(1);
    throw badRequest(`can't use file of type ${name(existing.kind)} as ${name(kind)}`);
  }
  return existing;
}

/** The Document object of a stored file. */
export function documentOf(file: StoredFile): Document {
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    ...(file.filename !== undefined ? { file_name: file.filename } : {}),
    ...(file.mimeType !== undefined ? { mime_type: file.mimeType } : {}),
    file_size: file.content.length,
  };
}

/** Width and height of a PNG/JPEG/GIF/WEBP image, or undefined when the bytes are not an image. */
export function imageSize(b: Buffer): { width: number; height: number } | undefined {
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47)
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length >= 10 && b.toString("latin1", 0, 3) === "GIF")
    return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  if (b.length >= 30 && b.toString("latin1", 0, 4) === "RIFF" && b.toString("latin1", 8, 12) === "WEBP") {
    return { width: 512, height: 512 };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    for (let i = 2; i + 9 < b.length; ) {
      if (b[i] !== 0xff) return { width: 800, height: 600 };
      const marker = b[i + 1] ?? 0;
      if (marker >= 0xc0 && marker <= 0xc3)
        return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
      i += 2 + b.readUInt16BE(i + 2);
    }
    return { width: 800, height: 600 };
  }
  return undefined;
}

/** PhotoSize[] for a stored photo (a thumbnail-sized entry plus the full size), like Telegram. */
export function photoSizesOf(state: FakeState, file: StoredFile): PhotoSize[] {
  const size = imageSize(file.content);
  if (!size) throw badRequest("IMAGE_PROCESS_FAILED");
  const full: PhotoSize = {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    file_size: file.content.length,
    width: size.width,
    height: size.height,
  };
  const longest = Math.max(size.width, size.height);
  if (longest <= 90) return [full];
  const scale = 90 / longest;
  const small: StoredFile = {
    ...file,
    file_id: `${file.file_id}_s`,
    file_unique_id: `${file.file_unique_id}_s`,
    file_path: `${file.file_path.replace(/\.[^./]*$/, "")}_s.jpg`,
  };
  state.files.set(small.file_id, small);
  const thumb: PhotoSize = {
    file_id: small.file_id,
    file_unique_id: small.file_unique_id,
    file_size: file.content.length,
    width: Math.max(1, Math.round(size.width * scale)),
    height: Math.max(1, Math.round(size.height * scale)),
  };
  return [thumb, full];
}

/** A valid 1x1 PNG, used when a simulated user sends a photo without content. */
export const TINY_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
