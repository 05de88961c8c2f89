/** @module Mirrors websockets/server.py (ServerProtocol.accept, process_request, reject) with the header grammar of websockets/headers.py and the Response of websockets/http11.py: the opening handshake as uvicorn's default WebSocket implementation answers it. */
import { createHash } from "node:crypto";
import type { RawHeaders } from "@mono/asgi";
import { statusPhrase } from "./httpStatus.js";
import { type ExtensionOffer, negotiateDeflate, type PerMessageDeflate } from "./wsDeflate.js";

/** The request websockets parses, as uvicorn rebuilds it: method, target, headers (names lowercased). */
export interface HandshakeRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: RawHeaders;
}

/** websockets' `Response`: status, reason phrase, ordered headers (names as websockets spells them), body. */
export interface HandshakeResponse {
  readonly status: number;
  readonly reason: string;
  readonly headers: Array<[string, string]>;
  readonly body: Buffer;
  /** The negotiated permessage-deflate of a 101, if any. */
  readonly extension?: PerMessageDeflate | null;
}

/** A handshake that cannot go on; `message` is `str(exc)` with websockets' `; cause` chain. */
class InvalidHandshake extends Error {}

/** `InvalidHeader.__str__`. */
function invalidHeader(name: string, value: string | null = null): InvalidHandshake {
  if (value === null) return new InvalidHandshake(`missing ${name} header`);
  if (value === "") return new InvalidHandshake(`empty ${name} header`);
  return new InvalidHandshake(`invalid ${name} header: ${value}`);
}

class InvalidMethod extends InvalidHandshake {}
class InvalidUpgrade extends InvalidHandshake {}

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const TOKEN = /[-!#$%&'*+.^_`|~0-9a-zA-Z]+/y;
const PROTOCOL = /[-!#$%&'*+.^_`|~0-9a-zA-Z]+(?:\/[-!#$%&'*+.^_`|~0-9a-zA-Z]+)?/y;
const OWS = /[\t ]*/y;

/** websockets' `accept_key`. */
export function acceptKey(key: string): string {
  return createHash("sha1").update(key + GUID, "latin1").digest("base64");
}

/** `Headers.get_all`: every value of a header, case-insensitively. */
function getAll(headers: RawHeaders, name: string): string[] {
  const out: string[] = [];
  for (const [n, v] of headers) if (n.toLowerCase() === name) out.push(v);
  return out;
}

function matchAt(re: RegExp, header: string, pos: number): string | null {
  re.lastIndex = pos;
  const m = re.exec(header);
  return m === null ? null : m[0];
}

function parseOWS(header: string, pos: number): number {
  return pos + (matchAt(OWS, header, pos) as string).length;
}

const QUOTED = /"(?:[\x09\x20-\x21\x23-\x5b\x5d-\x7e]|\\[\x09\x20-\x7e\x80-\xff])*"/y;
const TOKEN_FULL = /^[-!#$%&'*+.^_`|~0-9a-zA-Z]+$/;

/** websockets' `parse_extension`: `name; param; param=value, ...` with its InvalidHeaderFormat texts. */
function parseExtensions(header: string): ExtensionOffer[] {
  const name = "Sec-WebSocket-Extensions";
  const fail = (error: string, pos: number) => invalidHeader(name, `${error} at ${pos} in ${header}`);
  const token = (pos: number): string => {
    const found = matchAt(TOKEN, header, pos);
    if (found === null) throw fail("expected token", pos);
    return found;
  };
  const offers: ExtensionOffer[] = [];
  let pos = 0;
  while (header[pos] === ",") pos = parseOWS(header, pos + 1);
  for (;;) {
    const extension = token(pos);
    pos = parseOWS(header, pos + extension.length);
    const params: Array<[string, string | null]> = [];
    while (header[pos] === ";") {
      pos = parseOWS(header, pos + 1);
      const param = token(pos);
      pos = parseOWS(header, pos + param.length);
      let value: string | null = null;
      if (header[pos] === "=") {
        pos = parseOWS(header, pos + 1);
        if (header[pos] === '"') {
          const before = pos;
          const quoted = matchAt(QUOTED, header, pos);
          if (quoted === null) throw fail("expected quoted string", pos);
          value = quoted.slice(1, -1).replace(/\\([\x09\x20-\x7e\x80-\xff])/g, "$1");
          pos += quoted.length;
          if (!TOKEN_FULL.test(value)) throw fail("invalid quoted header content", before);
        } else {
          value = token(pos);
          pos += value.length;
        }
        pos = parseOWS(header, pos);
      }
      params.push([param, value]);
    }
    offers.push([extension, params]);
    if (pos === header.length) break;
    if (header[pos] !== ",") throw fail("expected comma", pos);
    pos = parseOWS(header, pos + 1);
    while (header[pos] === ",") pos = parseOWS(header, pos + 1);
    if (pos === header.length) break;
  }
  return offers;
}

/** websockets' `parse_list` of `1#item`, each item a token (or an Upgrade protocol); `InvalidHeaderFormat` texts. */
function parseList(header: string, name: string, item: RegExp, expected: string): string[] {
  const fail = (error: string, pos: number) => invalidHeader(name, `${error} at ${pos} in ${header}`);
  let pos = 0;
  while (header[pos] === ",") pos = parseOWS(header, pos + 1);
  const items: string[] = [];
  for (;;) {
    const found = matchAt(item, header, pos);
    if (found === null) throw fail(expected, pos);
    items.push(found);
    pos = parseOWS(header, pos + found.length);
    if (pos === header.length) break;
    if (header[pos] !== ",") throw fail("expected comma", pos);
    pos = parseOWS(header, pos + 1);
    while (header[pos] === ",") pos = parseOWS(header, pos + 1);
    if (pos === header.length) break;
  }
  return items;
}

/** `Headers.__getitem__` for a header that must appear once. */
function single(headers: RawHeaders, name: string, display: string): string {
  const values = getAll(headers, name);
  if (values.length === 0) throw invalidHeader(display);
  if (values.length > 1) throw invalidHeader(display, "multiple values");
  return values[0] as string;
}

const B64 = /[A-Za-z0-9+/]/;

/**
 * `base64.b64decode(key.encode(), validate=True)` on CPython 3.11 (binascii's strict mode): the decoded length, or
 * binascii's error text, which websockets appends to its message as the exception's cause.
 */
export function strictBase64Length(key: string): number | string {
  const bytes = Buffer.from(key, "utf8");
  if (bytes.length > 0 && bytes[0] === 0x3d) return "Leading padding not allowed";
  let quadPos = 0;
  let pads = 0;
  let paddingStarted = false;
  let dataChars = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i] as number;
    if (c === 0x3d) {
      paddingStarted = true;
      pads += 1;
      if (quadPos >= 2 && quadPos + pads >= 4) {
        if (i + 1 < bytes.length) return "Excess data after padding";
        return Math.floor(dataChars / 4) * 3 + (quadPos === 2 ? 1 : 2);
      }
      continue;
    }
    if (c >= 0x80 || !B64.test(String.fromCharCode(c))) return "Only base64 data is allowed";
    if (paddingStarted) return "Discontinuous padding not allowed";
    pads = 0;
    dataChars += 1;
    quadPos = (quadPos + 1) % 4;
  }
  if (quadPos === 1) {
    return `Invalid base64-encoded string: number of data characters (${dataChars}) cannot be 1 more than a multiple of 4`;
  }
  if (quadPos !== 0) return "Incorrect padding";
  return (dataChars / 4) * 3;
}

interface Processed {
  accept: string;
  extensions: { header: string; extension: PerMessageDeflate } | null;
}

/** `process_request`: the Sec-WebSocket-Accept value and negotiated extension, or a throw naming what is wrong. */
function processRequest(request: HandshakeRequest, deflate: boolean): Processed {
  if (request.method !== "GET") throw new InvalidMethod(`unsupported HTTP method: ${request.method}`);
  const headers = request.headers;
  const connection = getAll(headers, "connection").flatMap((v) => parseList(v, "Connection", TOKEN, "expected token"));
  if (!connection.some((v) => v.toLowerCase() === "upgrade")) {
    throw new InvalidUpgrade(invalidHeader("Connection", connection.length > 0 ? connection.join(", ") : null).message);
  }
  const upgrade = getAll(headers, "upgrade").flatMap((v) => parseList(v, "Upgrade", PROTOCOL, "expected protocol"));
  if (!(upgrade.length === 1 && (upgrade[0] as string).toLowerCase() === "websocket")) {
    throw new InvalidUpgrade(invalidHeader("Upgrade", upgrade.length > 0 ? upgrade.join(", ") : null).message);
  }
  const key = single(headers, "sec-websocket-key", "Sec-WebSocket-Key");
  const decoded = strictBase64Length(key);
  if (typeof decoded === "string") throw new InvalidHandshake(`${invalidHeader("Sec-WebSocket-Key", key).message}; ${decoded}`);
  if (decoded !== 16) throw invalidHeader("Sec-WebSocket-Key", key);
  const version = single(headers, "sec-websocket-version", "Sec-WebSocket-Version");
  if (version !== "13") throw invalidHeader("Sec-WebSocket-Version", version);
  // process_origin: with no allowed origins configured only a repeated Origin is an error.
  if (getAll(headers, "origin").length > 1) throw invalidHeader("Origin", "multiple values");
  // process_extensions reads the offers only when an extension is available (--ws-per-message-deflate).
  const offered = getAll(headers, "sec-websocket-extensions");
  const extensions = deflate && offered.length > 0 ? negotiateDeflate(offered.flatMap(parseExtensions)) : null;
  // process_subprotocol parses the offers even though uvicorn leaves the choice to the app.
  for (const value of getAll(headers, "sec-websocket-protocol")) {
    parseList(value, "Sec-WebSocket-Protocol", TOKEN, "expected token");
  }
  return { accept: acceptKey(key), extensions };
}

/** `email.utils.formatdate(usegmt=True)`. */
export function httpDate(): string {
  return new Date().toUTCString();
}

/** `ServerProtocol.reject`: a short text/plain answer that closes the connection. */
export function reject(status: number, text: string): HandshakeResponse {
  const body = Buffer.from(text, "utf8");
  return {
    status,
    reason: statusPhrase(status),
    headers: [
      ["Date", httpDate()],
      ["Connection", "close"],
      ["Content-Length", String(body.length)],
      ["Content-Type", "text/plain; charset=utf-8"],
    ],
    body,
  };
}

const FAILED = "Failed to open a WebSocket connection";

/** `ServerProtocol.accept`: the 101 to send once the app accepts, or the 4xx that refuses the request now. */
export function accept(request: HandshakeRequest, deflate: boolean): HandshakeResponse {
  let processed: Processed;
  try {
    processed = processRequest(request, deflate);
  } catch (exc) {
    if (exc instanceof InvalidMethod) {
      const response = reject(405, `${FAILED}: ${exc.message}.\n`);
      response.headers.push(["Allow", "GET"]);
      return response;
    }
    if (exc instanceof InvalidUpgrade) {
      const text = `${FAILED}: ${exc.message}.\n\nYou cannot access a WebSocket server directly with a browser. You need a WebSocket client.\n`;
      const response = reject(426, text);
      response.headers.push(["Upgrade", "websocket"]);
      return response;
    }
    if (exc instanceof InvalidHandshake) return reject(400, `${FAILED}: ${exc.message}.\n`);
    return reject(500, `${FAILED}.\nSee server log for more information.\n`);
  }
  const headers: Array<[string, string]> = [
    ["Date", httpDate()],
    ["Upgrade", "websocket"],
    ["Connection", "Upgrade"],
    ["Sec-WebSocket-Accept", processed.accept],
  ];
  if (processed.extensions !== null) headers.push(["Sec-WebSocket-Extensions", processed.extensions.header]);
  return {
    status: 101,
    reason: "Switching Protocols",
    headers,
    body: Buffer.alloc(0),
    extension: processed.extensions?.extension ?? null,
  };
}

/** `Response.serialize`. */
export function serializeResponse(response: HandshakeResponse): Buffer {
  let head = `HTTP/1.1 ${response.status} ${response.reason}\r\n`;
  for (const [name, value] of response.headers) head += `${name}: ${value}\r\n`;
  return Buffer.concat([Buffer.from(head + "\r\n", "latin1"), response.body]);
}

/** websockets' `Headers.__setitem__` check on a value: no control characters but HTAB, no DEL. */
export function isValidHeaderValue(value: string): boolean {
  return /^[\x09\x20-\x7e\x80-\xff]*$/.test(value);
}

/** websockets' MAX_NUM_HEADERS and MAX_LINE_LENGTH (a line counted with its CRLF). */
const MAX_NUM_HEADERS = 128;
const MAX_LINE_LENGTH = 8192;

/**
 * websockets' `Request.parse` refuses what uvicorn hands it when the target is not ASCII, a line is too long, there
 * are too many headers, or the request has a body (a Transfer-Encoding, a Content-Length other than 0): then uvicorn
 * answers nothing at all (the handshake never produces an event, and what websockets queued is never written).
 * True when that happens.
 */
export function requestUnparseable(request: HandshakeRequest): boolean {
  if (!/^[\x00-\x7f]*$/.test(request.path)) return true;
  if (request.method.length + request.path.length + 12 > MAX_LINE_LENGTH) return true;
  if (request.headers.length > MAX_NUM_HEADERS) return true;
  for (const [name, value] of request.headers) if (name.length + value.length + 4 > MAX_LINE_LENGTH) return true;
  if (getAll(request.headers, "transfer-encoding").length > 0) return true;
  const lengths = getAll(request.headers, "content-length");
  if (lengths.length === 0) return false;
  if (lengths.length > 1) return true;
  const text = (lengths[0] as string).trim();
  return !/^[+-]?\d+(_\d+)*$/.test(text) || Number(text.replace(/_/g, "")) !== 0;
}

/** websockets' `parse_headers` strips spaces and tabs around each value; the scope's headers are those values. */
export function stripHeaderValues(headers: RawHeaders): RawHeaders {
  return headers.map(([name, value]) => [name, value.replace(/^[ \t]+|[ \t]+$/g, "")]);
}
