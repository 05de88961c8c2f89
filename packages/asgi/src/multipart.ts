/** @module Mirrors httpx/_multipart.py (httpx 0.28): the multipart/form-data body the TestClient sends for `files=`. */
import { randomBytes } from "node:crypto";
import { encodeUTF8 } from "./bytes.js";
import { guessType } from "./responses.js";

/** One file's content: bytes, or a string sent as UTF-8. */
export type FileContent = Uint8Array | string;
/**
 * httpx's `FileTypes`: the content alone (sent with the filename "upload"), or `[filename, content]`,
 * `[filename, content, contentType]`, `[filename, content, contentType, headers]`. A null or empty filename sends
 * none and no guessed content type; a null content type is guessed from the filename.
 */
export type FileTypes =
  | FileContent
  | readonly [string | null, FileContent]
  | readonly [string | null, FileContent, string | null]
  | readonly [string | null, FileContent, string | null, Readonly<Record<string, string>>];
/** `files=`: by field name, or pairs to send one name several times. */
export type RequestFiles = Readonly<Record<string, FileTypes>> | ReadonlyArray<readonly [string, FileTypes]>;
/** A value of a `data=` field. */
export type MultipartDataValue = string | number | boolean | null;

/** httpx's guess: `mimetypes.guess_type(filename)[0]`, else application/octet-stream; no filename, no type. */
function guessContentType(filename: string | null): string | null {
  if (filename === null || filename === "") return null;
  return guessType(filename) ?? "application/octet-stream";
}

/** httpx's `_format_form_param`: `"` and control characters %-escaped, `\` doubled (the HTML5 form encoding). */
function formatFormParam(name: string, value: string): string {
  const escaped = value.replace(/["\\\x00-\x1a\x1c-\x1f]/g, (ch) =>
    ch === '"' ? "%22" : ch === "\\" ? "\\\\" : `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
  return `${name}="${escaped}"`;
}

function primitiveToStr(value: MultipartDataValue): string {
  if (value === true) return "true";
  if (value === false) return "false";
  if (value === null) return "";
  return String(value);
}

/** The boundary of a `multipart/form-data` Content-Type the caller set, as httpx reads it, else null. */
export function boundaryFromContentType(contentType: string | undefined): string | null {
  if (contentType === undefined || !contentType.startsWith("multipart/form-data") || !contentType.includes(";")) {
    return null;
  }
  for (const section of contentType.split(";")) {
    const trimmed = section.trim();
    if (trimmed.toLowerCase().startsWith("boundary=")) return trimmed.slice("boundary=".length).replace(/^"+|"+$/g, "");
  }
  return null;
}

/**
 * httpx's MultipartStream: data fields first, then files, each `--boundary\r\n`, its headers, a blank line, its
 * bytes and `\r\n`, closed by `--boundary--\r\n`. The boundary is 32 random hex digits unless one is given.
 */
export function encodeMultipart(
  data: Readonly<Record<string, MultipartDataValue | readonly MultipartDataValue[]>>,
  files: RequestFiles,
  boundary: string | null = null,
): { contentType: string; body: Uint8Array } {
  const bound = boundary ?? randomBytes(16).toString("hex");
  const chunks: Uint8Array[] = [];
  const open = encodeUTF8(`--${bound}\r\n`);
  for (const [name, value] of Object.entries(data)) {
    const values = Array.isArray(value) ? (value as readonly MultipartDataValue[]) : [value as MultipartDataValue];
    for (const item of values) {
      chunks.push(open, encodeUTF8(`Content-Disposition: form-data; ${formatFormParam("name", name)}\r\n\r\n`));
      chunks.push(encodeUTF8(primitiveToStr(item)), encodeUTF8("\r\n"));
    }
  }
  const fileItems = Array.isArray(files)
    ? (files as ReadonlyArray<readonly [string, FileTypes]>)
    : Object.entries(files as Readonly<Record<string, FileTypes>>);
  for (const [name, value] of fileItems) {
    const tuple = typeof value === "string" || value instanceof Uint8Array ? null : value;
    const filename = tuple === null ? "upload" : tuple[0];
    const content = tuple === null ? (value as FileContent) : tuple[1];
    const contentType = (tuple !== null && tuple.length >= 3 ? tuple[2] : null) ?? guessContentType(filename);
    const headers: Record<string, string> = { ...(tuple !== null && tuple.length === 4 ? tuple[3] : {}) };
    const hasContentType = Object.keys(headers).some((key) => key.toLowerCase().includes("content-type"));
    if (contentType !== null && !hasContentType) headers["Content-Type"] = contentType;
    let head = `Content-Disposition: form-data; ${formatFormParam("name", name)}`;
    if (filename !== null && filename !== "") head += `; ${formatFormParam("filename", filename)}`;
    for (const [key, val] of Object.entries(headers)) head += `\r\n${key}: ${val}`;
    chunks.push(open, encodeUTF8(head + "\r\n\r\n"));
    chunks.push(typeof content === "string" ? encodeUTF8(content) : content, encodeUTF8("\r\n"));
  }
  chunks.push(encodeUTF8(`--${bound}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${bound}`, body: Buffer.concat(chunks) };
}
