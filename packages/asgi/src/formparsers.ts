/** @module Mirrors starlette/formparsers.py (Starlette 1.7.0): FormParser, MultiPartParser, MultiPartException, with python-multipart's parse_options_header and parser limits. */
import { decodeLatin1, decodeUTF8, pyStrip } from "./bytes.js";
import { FormData, Headers, UploadFile } from "./datastructures.js";
import { SpooledTemporaryFile } from "./tempfile.js";
import { unquotePlus } from "./urlparse.js";

/** A form body could not be parsed within its limits or is malformed; Starlette answers it with a 400. */
export class MultiPartException extends Error {
  override name = "MultiPartException";
}

/** Malformed multipart bytes (python-multipart's `FormParserError`); the parser turns it into MultiPartException. */
class FormParserError extends Error {}

// python-multipart's limits on the headers of one part.
const MAX_HEADER_COUNT = 8;
const MAX_HEADER_SIZE = 4096 + 128;
// python-multipart's limit on the boundary.
const MAX_BOUNDARY_LENGTH = 256;
const TOKEN = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

/** The limits of `request.form()`, with Starlette's defaults. */
export interface FormOptions {
  /** Most file parts in a multipart body. @default 1000 */
  maxFiles?: number;
  /** Most fields (urlencoded pairs, or multipart parts without a filename). @default 1000 */
  maxFields?: number;
  /** Most bytes in one field: name and value of a urlencoded pair, the data of a multipart field. @default 1048576 */
  maxPartSize?: number;
}

/** Python's `str.count(sub, start, end)`. */
function pyCount(s: string, sub: string, start: number, end: number): number {
  let count = 0;
  for (let i = s.indexOf(sub, start); i !== -1 && i + sub.length <= end; i = s.indexOf(sub, i + sub.length)) count++;
  return count;
}

/** Python's `str.find(sub, start, end)`: -1 past the end. */
function pyFind(s: string, sub: string, start: number, end = s.length): number {
  const i = s.indexOf(sub, start);
  return i === -1 || i + sub.length > end ? -1 : i;
}

/** The `;`-separated parts of a header, a `;` inside quotes kept (python-multipart's `_parseparam`, as it is). */
function parseParams(value: string): string[] {
  const s = ";" + value;
  const plist: string[] = [];
  let start = 0;
  while (start < s.length && s.indexOf(";", start) === start) {
    start += 1;
    let end = pyFind(s, ";", start);
    let ind = start;
    let diff = 0;
    while (end > 0) {
      diff += pyCount(s, '"', ind, end) - pyCount(s, '\\"', ind, end);
      if (diff % 2 === 0) break;
      const next = end + 1 > s.length ? -1 : pyFind(s, ";", end + 1);
      end = ind;
      ind = next;
    }
    if (end < 0) end = s.length;
    const i = pyFind(s, "=", start, end);
    const f = i === -1 ? s.slice(start, end) : s.slice(start, i).trimEnd().toLowerCase() + "=" + s.slice(i + 1, end).trimStart();
    plist.push(pyStrip(f));
    start = end;
  }
  return plist;
}

/**
 * python-multipart's `parse_options_header` on a latin-1 string: the value (lowercased only when there are no
 * parameters, as it does) and its parameters, quotes removed, `key*` forms ignored (RFC 7578), and an IE6 full
 * Windows path in `filename` cut to its last part.
 */
export function parseOptionsHeader(value: string | null | undefined): [string, Map<string, string>] {
  const options = new Map<string, string>();
  if (value === null || value === undefined || value === "") return ["", options];
  if (!value.includes(";")) return [pyStrip(value.toLowerCase()), options];
  const [ctype = "", ...segments] = parseParams(value);
  for (const segment of segments) {
    const eq = segment.indexOf("=");
    const key = eq === -1 ? segment : segment.slice(0, eq);
    let val = eq === -1 ? "" : segment.slice(eq + 1);
    if (key.includes("*")) continue;
    if (val.length >= 2 && val.startsWith('"') && val.endsWith('"')) {
      val = val.slice(1, -1).replaceAll("\\\\", "\\").replaceAll('\\"', '"');
    }
    if (key === "filename" && (val.slice(1, 3) === ":\\" || val.startsWith("\\\\"))) {
      val = val.split("\\").at(-1) as string;
    }
    options.set(key, val);
  }
  return [ctype, options];
}

const LATIN1_NAMES = new Set(["latin-1", "latin1", "latin_1", "iso-8859-1", "iso8859-1", "iso_8859_1", "l1", "8859", "cp819"]);

/** Starlette's `_user_safe_decode`: the bytes in `codec`, or as latin-1 if they are not valid there or it is unknown. */
function userSafeDecode(bytes: Uint8Array, codec: string): string {
  const name = codec.toLowerCase();
  // WHATWG's decoders read "latin-1" and "ascii" as windows-1252; Python's are the plain ones.
  if (LATIN1_NAMES.has(name)) return decodeLatin1(bytes);
  if (name === "ascii" || name === "us-ascii") return decodeLatin1(bytes);
  if (name === "utf-8" || name === "utf8") {
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return decodeLatin1(bytes);
    }
  }
  try {
    return new TextDecoder(name, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return decodeLatin1(bytes);
  }
}

/**
 * An `application/x-www-form-urlencoded` body as python-multipart's QuerystringParser (non-strict) reads it, chunk
 * by chunk: fields split on `&` (empty ones skipped), name and value on the first `=` (a field without one has an
 * empty value), each `unquote_plus`ed from latin-1. Only the field being read is held, so a field over
 * `maxPartSize` fails before the rest of the body is read.
 */
export class FormParser {
  readonly #stream: AsyncIterable<Uint8Array>;
  readonly #maxFields: number;
  readonly #maxPartSize: number;

  constructor(_headers: Headers, stream: AsyncIterable<Uint8Array>, options: Omit<FormOptions, "maxFiles"> = {}) {
    this.#stream = stream;
    this.#maxFields = options.maxFields ?? 1000;
    this.#maxPartSize = options.maxPartSize ?? 1024 * 1024;
  }

  async parse(): Promise<FormData> {
    const items: [string, string][] = [];
    // The field being read, as the pieces seen so far; its size counts name and value, not the first "=".
    let pieces: Uint8Array[] = [];
    let size = 0;
    let hasEquals = false;
    const endField = (): void => {
      if (size > 0) this.#addField(items, decodeLatin1(pieces.length === 1 ? (pieces[0] as Uint8Array) : Buffer.concat(pieces)));
      pieces = [];
      size = 0;
      hasEquals = false;
    };
    for await (const chunk of this.#stream) {
      let start = 0;
      for (;;) {
        const amp = chunk.indexOf(0x26, start);
        const piece = chunk.subarray(start, amp === -1 ? chunk.length : amp);
        hasEquals ||= piece.includes(0x3d);
        size += piece.length;
        if (size - (hasEquals ? 1 : 0) > this.#maxPartSize) {
          throw new MultiPartException(`Field exceeded maximum size of ${Math.trunc(this.#maxPartSize / 1024)}KB.`);
        }
        if (piece.length > 0) pieces.push(piece);
        if (amp === -1) break;
        endField();
        start = amp + 1;
      }
    }
    endField();
    return new FormData(items);
  }

  #addField(items: [string, string][], field: string): void {
    if (items.length + 1 > this.#maxFields) {
      throw new MultiPartException(`Too many fields. Maximum number of fields is ${this.#maxFields}.`);
    }
    const eq = field.indexOf("=");
    items.push(eq === -1 ? [unquotePlus(field), ""] : [unquotePlus(field.slice(0, eq)), unquotePlus(field.slice(eq + 1))]);
  }
}

/** What the multipart reader reports, as python-multipart's callbacks (headers as latin-1 strings). */
interface MultipartCallbacks {
  partBegin(): void;
  header(name: string, value: string): void;
  headersFinished(): void;
  partData(data: Uint8Array): void;
  partEnd(): void;
}

/**
 * Finds each occurrence of a needle (`\r\n--boundary`) in a body that arrives in chunks, as python-multipart's
 * MultipartParser searches for its boundary: Boyer-Moore-Horspool over each chunk, with a look-behind of at most
 * `needle.length - 1` bytes, a possible start of the needle, carried across chunk borders. Data runs and matches
 * are reported in order; a run may be a view of the look-behind, valid only during the call. Ours rather than a
 * library's, so that @mono/asgi (and with it @mono/cors) installs no dependency.
 * Exported for its unit test; index.ts leaves it out of the package.
 */
export class BoundarySearch {
  readonly #needle: Buffer;
  /** How far the needle may move when the byte under its last byte is b (Horspool's bad-character table). */
  readonly #skip = new Uint16Array(256);
  readonly #lookbehind: Buffer;
  #held = 0;
  readonly #onData: (data: Buffer) => void;
  readonly #onMatch: () => void;

  constructor(needle: Uint8Array, onData: (data: Buffer) => void, onMatch: () => void) {
    if (needle.length === 0) throw new RangeError("The needle cannot be empty");
    this.#needle = Buffer.from(needle);
    this.#lookbehind = Buffer.alloc(needle.length - 1);
    this.#onData = onData;
    this.#onMatch = onMatch;
    this.#skip.fill(needle.length);
    for (let i = 0; i < needle.length - 1; i++) this.#skip[needle[i] as number] = needle.length - 1 - i;
  }

  /** Positions below 0 are in the look-behind: the haystack is the look-behind, then the chunk. */
  push(chunk: Uint8Array): void {
    const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const needle = this.#needle;
    const last = needle.length - 1;
    const lastByte = needle[last];
    let start = -this.#held;
    let pos = start;
    while (pos + last < data.length) {
      const byte = pos + last < 0 ? (this.#lookbehind[this.#held + pos + last] as number) : (data[pos + last] as number);
      if (byte === lastByte && this.#matchesAt(data, pos, last)) {
        this.#report(data, start, pos);
        this.#onMatch();
        start = pos += needle.length;
      } else {
        pos += this.#skip[byte] as number;
      }
    }
    // Every place before pos is ruled out; from pos on, the needle would run past the chunk. Keep the first
    // tail that begins it.
    while (pos < data.length && !this.#matchesAt(data, pos, data.length - pos)) pos++;
    this.#report(data, start, pos);
    if (pos < 0) {
      this.#lookbehind.copyWithin(0, this.#held + pos, this.#held);
      data.copy(this.#lookbehind, -pos);
    } else {
      data.copy(this.#lookbehind, 0, pos);
    }
    this.#held = data.length - pos;
  }

  /** The end of the body: the held-back tail did not begin a needle, it is data. */
  end(): void {
    const held = this.#held;
    this.#held = 0;
    if (held > 0) this.#onData(this.#lookbehind.subarray(0, held));
  }

  /** Whether the haystack from pos equals the needle's first `length` bytes. */
  #matchesAt(data: Buffer, pos: number, length: number): boolean {
    for (let i = 0; i < length; i++) {
      const at = pos + i < 0 ? this.#lookbehind[this.#held + pos + i] : data[pos + i];
      if (at !== this.#needle[i]) return false;
    }
    return true;
  }

  /** The haystack from `from` to `to` as data: its look-behind part, then its chunk part. */
  #report(data: Buffer, from: number, to: number): void {
    if (from < 0 && to > from) this.#onData(this.#lookbehind.subarray(this.#held + from, this.#held + Math.min(to, 0)));
    if (to > 0 && to > from) this.#onData(data.subarray(Math.max(from, 0), to));
  }
}

const enum State {
  Preamble,
  AfterBoundary,
  Headers,
  Data,
  End,
}

/**
 * A synchronous multipart/form-data reader: a BoundarySearch finds each `\r\n--boundary`, this reads what lies
 * between as python-multipart does (only CR/LF before the first boundary, `\r\n` or `--` after
 * each one (else the boundary was part data), at most 8 header lines of at most 4224 bytes per part, names made of token characters). Memory is
 * bounded: one header line, and the boundary search's look-behind.
 */
class MultipartReader {
  readonly #search: BoundarySearch;
  readonly #callbacks: MultipartCallbacks;
  readonly #needle: string;
  #state = State.Preamble;
  #priorState = State.Preamble;
  #afterBoundary = "";
  #headerLine = "";
  #headerCount = 0;
  #started = false;
  #seenBytes = false;

  constructor(boundary: string, callbacks: MultipartCallbacks) {
    if (boundary.length > MAX_BOUNDARY_LENGTH) {
      throw new FormParserError(`Boundary length ${boundary.length} exceeds maximum of ${MAX_BOUNDARY_LENGTH}`);
    }
    this.#callbacks = callbacks;
    this.#needle = "\r\n--" + boundary;
    this.#search = new BoundarySearch(
      Buffer.from(this.#needle, "latin1"),
      (data) => this.#feed(data),
      () => this.#onBoundary(),
    );
  }

  write(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#seenBytes = true;
    // A boundary at the very start has no CRLF before it: give it one.
    if (!this.#started) {
      this.#started = true;
      this.#search.push(Buffer.from("\r\n"));
    }
    this.#search.push(chunk);
  }

  /**
   * Whether the body reached its closing boundary. python-multipart 0.0.32's finalize does not check it, so a body
   * cut short is no error: Starlette answers with the parts that were complete, and so do we.
   */
  finalize(): boolean {
    this.#search.end();
    return !this.#seenBytes || this.#state === State.End;
  }

  #onBoundary(): void {
    switch (this.#state) {
      case State.Data:
      case State.Preamble:
        break;
      case State.AfterBoundary:
        // "\r\n--boundary" then less than two bytes, then another one: the first was part data.
        if (this.#dataBeforeBoundary()) break;
        throw new FormParserError("Did not find CR at end of boundary");
      case State.End:
        return;
      default:
        throw new FormParserError("Boundary found inside the headers of a part");
    }
    this.#priorState = this.#state;
    this.#state = State.AfterBoundary;
    this.#afterBoundary = "";
  }

  /**
   * A boundary not followed by CRLF or "--" is part data, as python-multipart reads it: when it came inside a
   * part, its bytes and those after it go to the part and true is answered.
   */
  #dataBeforeBoundary(): boolean {
    if (this.#priorState !== State.Data) return false;
    this.#state = State.Data;
    this.#callbacks.partData(Buffer.from(this.#needle + this.#afterBoundary, "latin1"));
    return true;
  }

  #feed(data: Buffer): void {
    switch (this.#state) {
      case State.Preamble:
        for (const byte of data) if (byte !== 13 && byte !== 10) throw new FormParserError("Expected boundary");
        return;
      case State.AfterBoundary:
        return this.#feedAfterBoundary(data);
      case State.Headers:
        return this.#feedHeaders(data);
      case State.Data:
        return this.#callbacks.partData(data);
      case State.End:
        return;
    }
  }

  #feedAfterBoundary(data: Buffer): void {
    const take = 2 - this.#afterBoundary.length;
    this.#afterBoundary += data.toString("latin1", 0, take);
    if (this.#afterBoundary.length < 2) return;
    if (this.#afterBoundary === "\r\n" || this.#afterBoundary === "--") {
      if (this.#priorState === State.Data) this.#callbacks.partEnd();
      if (this.#afterBoundary === "--") {
        this.#state = State.End;
      } else {
        this.#state = State.Headers;
        this.#headerCount = 0;
        this.#headerLine = "";
        this.#callbacks.partBegin();
      }
    } else if (!this.#dataBeforeBoundary()) {
      throw new FormParserError("Did not find CR at end of boundary");
    }
    if (data.length > take) this.#feed(data.subarray(take));
  }

  #feedHeaders(data: Buffer): void {
    let text = this.#headerLine + data.toString("latin1");
    for (let eol = text.indexOf("\r\n"); eol !== -1; eol = text.indexOf("\r\n")) {
      const line = text.slice(0, eol);
      text = text.slice(eol + 2);
      if (line === "") {
        this.#headerLine = "";
        this.#state = State.Data;
        this.#callbacks.headersFinished();
        if (text.length > 0) this.#callbacks.partData(Buffer.from(text, "latin1"));
        return;
      }
      this.#headerLineDone(line);
    }
    // The line so far, with room for the CR of a CRLF split across chunks.
    if (text.length > MAX_HEADER_SIZE + 1) throw new FormParserError("Maximum header size exceeded");
    this.#headerLine = text;
  }

  #headerLineDone(line: string): void {
    if (++this.#headerCount > MAX_HEADER_COUNT) throw new FormParserError("Maximum header count exceeded");
    if (line.length > MAX_HEADER_SIZE) throw new FormParserError("Maximum header size exceeded");
    const colon = line.indexOf(":");
    const name = colon === -1 ? line : line.slice(0, colon);
    if (colon === -1 || !TOKEN.test(name)) throw new FormParserError("Invalid header field");
    const value = line.slice(colon + 1).replace(/^ +/, "");
    if (value.includes("\r")) throw new FormParserError("Did not find LF character at end of header");
    this.#callbacks.header(name, value);
  }
}

interface MultipartPart {
  contentDisposition: string | null;
  fieldName: string;
  data: Uint8Array[];
  dataSize: number;
  file: UploadFile | null;
  itemHeaders: [string, string][];
}

function newPart(): MultipartPart {
  return { contentDisposition: null, fieldName: "", data: [], dataSize: 0, file: null, itemHeaders: [] };
}

/** Python's `bytes.lower()`: ASCII letters only. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/**
 * A `multipart/form-data` body as Starlette reads it: fields decoded in the body's `charset` (utf-8 by default,
 * latin-1 when that fails), each part with a `filename` an UploadFile over a SpooledTemporaryFile that moves to
 * disk past 1 MiB. The file data of each chunk is written before the next chunk is read, so memory holds about
 * one chunk whatever the upload's size.
 */
export class MultiPartParser {
  /** Bytes of a file kept in memory before it moves to disk. */
  static spoolMaxSize = 1024 * 1024;
  readonly #headers: Headers;
  readonly #stream: AsyncIterable<Uint8Array>;
  readonly #maxFiles: number;
  readonly #maxFields: number;
  readonly #maxPartSize: number;
  readonly #items: [string, string | UploadFile][] = [];
  #currentFiles = 0;
  #currentFields = 0;
  #part: MultipartPart = newPart();
  #charset = "utf-8";
  #toWrite: [UploadFile, Uint8Array][] = [];
  #toFinish: UploadFile[] = [];
  readonly #toCloseOnError: UploadFile[] = [];

  constructor(headers: Headers, stream: AsyncIterable<Uint8Array>, options: FormOptions = {}) {
    this.#headers = headers;
    this.#stream = stream;
    this.#maxFiles = options.maxFiles ?? 1000;
    this.#maxFields = options.maxFields ?? 1000;
    this.#maxPartSize = options.maxPartSize ?? 1024 * 1024;
  }

  async parse(): Promise<FormData> {
    const [, params] = parseOptionsHeader(this.#headers.get("content-type"));
    this.#charset = params.get("charset") ?? "utf-8";
    const boundary = params.get("boundary");
    if (boundary === undefined) throw new MultiPartException("Missing boundary in multipart.");
    try {
      const reader = new MultipartReader(boundary, this.#callbacks);
      for await (const chunk of this.#stream) {
        reader.write(chunk);
        await this.#flushFiles();
      }
      if (!reader.finalize()) await this.#closeUnfinishedFile();
    } catch (error) {
      for (const file of this.#toCloseOnError) await file.close();
      if (error instanceof FormParserError) throw new MultiPartException("Invalid multipart data.", { cause: error });
      throw error;
    }
    return new FormData(this.#items);
  }

  /** A body cut inside a file part leaves that file out of the form: close it, so its temp file goes. */
  async #closeUnfinishedFile(): Promise<void> {
    const file = this.#part.file;
    if (file && !this.#items.some(([, value]) => value === file)) await file.close();
  }

  /** The file writes of the last chunk, done in order, then each finished file rewound. */
  async #flushFiles(): Promise<void> {
    const toWrite = this.#toWrite;
    const toFinish = this.#toFinish;
    this.#toWrite = [];
    this.#toFinish = [];
    for (const [file, data] of toWrite) await file.write(data);
    for (const file of toFinish) await file.seek(0);
  }

  readonly #callbacks: MultipartCallbacks = {
    partBegin: () => {
      this.#part = newPart();
    },
    header: (name, value) => {
      const field = asciiLower(name);
      if (field === "content-disposition") this.#part.contentDisposition = value;
      this.#part.itemHeaders.push([field, value]);
    },
    headersFinished: () => this.#onHeadersFinished(),
    partData: (data) => {
      const part = this.#part;
      if (part.file !== null) {
        // The boundary search hands out views of its reused look-behind buffer: keep a copy.
        this.#toWrite.push([part.file, Uint8Array.prototype.slice.call(data)]);
        return;
      }
      if (part.dataSize + data.length > this.#maxPartSize) {
        throw new MultiPartException(`Part exceeded maximum size of ${Math.trunc(this.#maxPartSize / 1024)}KB.`);
      }
      part.data.push(Uint8Array.prototype.slice.call(data));
      part.dataSize += data.length;
    },
    partEnd: () => {
      const part = this.#part;
      if (part.file === null) {
        this.#items.push([part.fieldName, userSafeDecode(Buffer.concat(part.data), this.#charset)]);
      } else {
        this.#toFinish.push(part.file);
        this.#items.push([part.fieldName, part.file]);
      }
    },
  };

  #onHeadersFinished(): void {
    const part = this.#part;
    const [, options] = parseOptionsHeader(part.contentDisposition);
    const name = options.get("name");
    if (name === undefined) {
      throw new MultiPartException('The Content-Disposition header field "name" must be provided.');
    }
    part.fieldName = userSafeDecode(Buffer.from(name, "latin1"), this.#charset);
    const filename = options.get("filename");
    if (filename !== undefined) {
      if (++this.#currentFiles > this.#maxFiles) {
        throw new MultiPartException(`Too many files. Maximum number of files is ${this.#maxFiles}.`);
      }
      part.file = new UploadFile(new SpooledTemporaryFile(MultiPartParser.spoolMaxSize), {
        size: 0,
        filename: userSafeDecode(Buffer.from(filename, "latin1"), this.#charset),
        headers: new Headers({ raw: part.itemHeaders }),
      });
      this.#toCloseOnError.push(part.file);
    } else {
      if (++this.#currentFields > this.#maxFields) {
        throw new MultiPartException(`Too many fields. Maximum number of fields is ${this.#maxFields}.`);
      }
      part.file = null;
    }
  }
}
