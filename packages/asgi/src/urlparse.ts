/** @module Mirrors the parts of Python 3.11's urllib.parse (and the address checks of ipaddress) that Starlette's datastructures.py uses: urlsplit, urlunsplit, quote, quote_plus, unquote, unquote_plus, urlencode, parse_qsl. */

import { decodeUTF8, encodeUTF8 } from "./bytes.js";

// Splitting a URL: urlsplit / urlunsplit / SplitResult.

const SCHEME_CHARS = /^[A-Za-z0-9+\-.]+$/;
// Stripped from the start of a URL, and tab/CR/LF removed everywhere, per WHATWG (Python 3.11.4+).
const LEADING_C0_CONTROL_OR_SPACE = /^[\x00-\x20]+/;
const UNSAFE_URL_BYTES = /[\t\r\n]/g;

/** Schemes whose URLs carry a `//netloc` even when it is empty: urllib.parse.uses_netloc. */
export const USES_NETLOC: ReadonlySet<string> = new Set([
  "",
  "ftp",
  "http",
  "gopher",
  "nntp",
  "telnet",
  "imap",
  "wais",
  "file",
  "mms",
  "https",
  "shttp",
  "snews",
  "prospero",
  "rtsp",
  "rtsps",
  "rtspu",
  "rsync",
  "svn",
  "svn+ssh",
  "sftp",
  "nfs",
  "git",
  "git+ssh",
  "ws",
  "wss",
]);

/** The five parts of a URL, and the parts of its netloc. Python's `urllib.parse.SplitResult`. */
export class SplitResult {
  constructor(
    readonly scheme: string,
    readonly netloc: string,
    readonly path: string,
    readonly query: string,
    readonly fragment: string,
  ) {}

  private get userinfo(): [username: string | null, password: string | null] {
    const at = this.netloc.lastIndexOf("@");
    if (at === -1) return [null, null];
    const userinfo = this.netloc.slice(0, at);
    const colon = userinfo.indexOf(":");
    return colon === -1 ? [userinfo, null] : [userinfo.slice(0, colon), userinfo.slice(colon + 1)];
  }

  private get hostinfo(): [hostname: string, port: string | null] {
    const hostinfo = this.netloc.slice(this.netloc.lastIndexOf("@") + 1);
    let hostname: string;
    let port: string;
    const open = hostinfo.indexOf("[");
    if (open !== -1) {
      const bracketed = hostinfo.slice(open + 1);
      const close = bracketed.indexOf("]");
      hostname = close === -1 ? bracketed : bracketed.slice(0, close);
      const after = close === -1 ? "" : bracketed.slice(close + 1);
      const colon = after.indexOf(":");
      port = colon === -1 ? "" : after.slice(colon + 1);
    } else {
      const colon = hostinfo.indexOf(":");
      hostname = colon === -1 ? hostinfo : hostinfo.slice(0, colon);
      port = colon === -1 ? "" : hostinfo.slice(colon + 1);
    }
    return [hostname, port === "" ? null : port];
  }

  get username(): string | null {
    return this.userinfo[0];
  }

  get password(): string | null {
    return this.userinfo[1];
  }

  /** Lowercased, brackets removed; an IPv6 zone after "%" keeps its case. */
  get hostname(): string | null {
    const hostname = this.hostinfo[0];
    if (hostname === "") return null;
    const percent = hostname.indexOf("%");
    if (percent === -1) return hostname.toLowerCase();
    return hostname.slice(0, percent).toLowerCase() + hostname.slice(percent);
  }

  /** Throws a TypeError (Python's ValueError) for a port that is not 0-65535 in ASCII digits. */
  get port(): number | null {
    const port = this.hostinfo[1];
    if (port === null) return null;
    if (!/^[0-9]+$/.test(port)) {
      throw new TypeError(`Port could not be cast to integer value as ${reprASCII(port)}`);
    }
    const value = Number(port);
    if (value > 65535) throw new TypeError("Port out of range 0-65535");
    return value;
  }

  /** Python's `_replace(**kwargs)`. */
  replace(parts: Partial<Pick<SplitResult, "scheme" | "netloc" | "path" | "query" | "fragment">>): SplitResult {
    return new SplitResult(
      parts.scheme ?? this.scheme,
      parts.netloc ?? this.netloc,
      parts.path ?? this.path,
      parts.query ?? this.query,
      parts.fragment ?? this.fragment,
    );
  }

  /** Python's `geturl()`. */
  geturl(): string {
    return urlunsplit(this);
  }
}

function reprASCII(s: string): string {
  return s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function splitnetloc(url: string, start: number): [netloc: string, rest: string] {
  let delim = url.length;
  for (const c of "/?#") {
    const found = url.indexOf(c, start);
    if (found >= 0 && found < delim) delim = found;
  }
  return [url.slice(start, delim), url.slice(delim)];
}

function checknetloc(netloc: string): void {
  if (netloc === "" || /^[\x00-\x7f]*$/.test(netloc)) return;
  const n = netloc.replace(/[@:#?]/g, "");
  const normalized = n.normalize("NFKC");
  if (n === normalized) return;
  for (const c of "/?#@:") {
    if (normalized.includes(c)) {
      throw new TypeError(`netloc '${netloc}' contains invalid characters under NFKC normalization`);
    }
  }
}

function checkBracketedHost(hostname: string): void {
  if (hostname.startsWith("v")) {
    if (!/^v[a-fA-F0-9]+\.[^\n]+$/.test(hostname)) throw new TypeError("IPvFuture address is invalid");
  } else if (isIPv4Address(hostname)) {
    throw new TypeError("An IPv4 address cannot be in brackets");
  } else if (!isIPv6Address(hostname)) {
    throw new TypeError(`${reprASCII(hostname)} does not appear to be an IPv4 or IPv6 address`);
  }
}

/**
 * Python's `urlsplit(url)`: no normalisation, no percent-decoding. Throws a TypeError where Python raises
 * ValueError (an unbalanced or invalid bracketed host, a netloc that NFKC turns into a delimiter).
 */
export function urlsplit(input: string): SplitResult {
  let url = input.replace(LEADING_C0_CONTROL_OR_SPACE, "").replace(UNSAFE_URL_BYTES, "");
  let scheme = "";
  let netloc = "";
  let query = "";
  let fragment = "";
  const colon = url.indexOf(":");
  if (colon > 0 && /^[A-Za-z]/.test(url) && SCHEME_CHARS.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    url = url.slice(colon + 1);
  }
  if (url.startsWith("//")) {
    [netloc, url] = splitnetloc(url, 2);
    const open = netloc.includes("[");
    const close = netloc.includes("]");
    if (open !== close) throw new TypeError("Invalid IPv6 URL");
    if (open && close) {
      const afterOpen = netloc.slice(netloc.indexOf("[") + 1);
      const end = afterOpen.indexOf("]");
      checkBracketedHost(end === -1 ? afterOpen : afterOpen.slice(0, end));
    }
  }
  const hash = url.indexOf("#");
  if (hash !== -1) {
    fragment = url.slice(hash + 1);
    url = url.slice(0, hash);
  }
  const question = url.indexOf("?");
  if (question !== -1) {
    query = url.slice(question + 1);
    url = url.slice(0, question);
  }
  checknetloc(netloc);
  return new SplitResult(scheme, netloc, url, query, fragment);
}

/** Python's `urlunsplit((scheme, netloc, path, query, fragment))`. */
export function urlunsplit(parts: Pick<SplitResult, "scheme" | "netloc" | "path" | "query" | "fragment">): string {
  const { scheme, netloc, query, fragment } = parts;
  let url = parts.path;
  if (netloc !== "" || (scheme !== "" && USES_NETLOC.has(scheme) && !url.startsWith("//"))) {
    if (url !== "" && !url.startsWith("/")) url = `/${url}`;
    url = `//${netloc}${url}`;
  }
  if (scheme !== "") url = `${scheme}:${url}`;
  if (query !== "") url = `${url}?${query}`;
  if (fragment !== "") url = `${url}#${fragment}`;
  return url;
}

// Addresses: the checks of Python's ipaddress.IPv4Address / IPv6Address constructors.

/** Python's `ipaddress.IPv4Address(s)` accepts `s`: four decimal octets 0-255, no leading zeros. */
export function isIPv4Address(s: string): boolean {
  const octets = s.split(".");
  if (octets.length !== 4) return false;
  return octets.every((o) => /^[0-9]{1,3}$/.test(o) && (o === "0" || o[0] !== "0") && Number(o) <= 255);
}

const HEXTET = /^[0-9a-fA-F]{1,4}$/;

/** Python's `ipaddress.IPv6Address(s)` accepts `s` (a `%zone` suffix and an IPv4 tail included). */
export function isIPv6Address(s: string): boolean {
  if (s.includes("/")) return false;
  const percent = s.indexOf("%");
  let address = s;
  if (percent !== -1) {
    const zone = s.slice(percent + 1);
    if (zone === "" || zone.includes("%")) return false;
    address = s.slice(0, percent);
  }
  if (address === "") return false;
  const parts = address.split(":");
  if (parts.length < 3) return false;
  const last = parts[parts.length - 1] as string;
  if (last.includes(".")) {
    if (!isIPv4Address(last)) return false;
    parts.splice(parts.length - 1, 1, "0", "0");
  }
  if (parts.length > 9) return false;
  let skip = -1;
  for (let i = 1; i < parts.length - 1; i++) {
    if (parts[i] === "") {
      if (skip !== -1) return false;
      skip = i;
    }
  }
  if (skip !== -1) {
    let hi = skip;
    let lo = parts.length - skip - 1;
    if (parts[0] === "" && --hi !== 0) return false;
    if (parts[parts.length - 1] === "" && --lo !== 0) return false;
    if (8 - (hi + lo) < 1) return false;
    return parts.slice(0, hi).every((p) => HEXTET.test(p)) && parts.slice(parts.length - lo).every((p) => HEXTET.test(p));
  }
  return parts.length === 8 && parts.every((p) => HEXTET.test(p));
}

// Quoting: quote / quote_plus / urlencode.

// Python's _ALWAYS_SAFE: letters, digits and "_.-~".
const ALWAYS_SAFE = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~") ALWAYS_SAFE[c.charCodeAt(0)] = 1;
const HEX = "0123456789ABCDEF";

// In a /u regex a surrogate range matches only surrogates that are not half of a pair.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

function strictUTF8(s: string): Uint8Array {
  if (LONE_SURROGATE.test(s)) {
    const chars = Array.from(s);
    const at = chars.findIndex((c) => LONE_SURROGATE.test(c));
    const unit = (chars[at] as string).charCodeAt(0).toString(16);
    throw new TypeError(`'utf-8' codec can't encode character '\\u${unit}' in position ${at}: surrogates not allowed`);
  }
  return encodeUTF8(s);
}

/**
 * Python's `quote(string, safe)`: UTF-8 bytes, each outside letters, digits, "_.-~" and the ASCII characters of
 * `safe` becomes %XX. A lone surrogate throws, as Python's strict encoding.
 */
export function quote(string: string, safe = "/"): string {
  if (string === "") return string;
  const table = ALWAYS_SAFE.slice();
  for (const c of safe) {
    const code = c.charCodeAt(0);
    if (c.length === 1 && code < 128) table[code] = 1;
  }
  let out = "";
  let plain = true;
  for (let i = 0; i < string.length; i++) {
    const code = string.charCodeAt(i);
    if (code >= 128 || table[code] !== 1) {
      plain = false;
      break;
    }
  }
  if (plain) return string;
  for (const byte of strictUTF8(string)) {
    out += byte < 128 && table[byte] === 1 ? String.fromCharCode(byte) : `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}

/** Python's `quote_plus(string, safe="")`: as `quote`, with spaces as "+". */
export function quotePlus(string: string, safe = ""): string {
  if (!string.includes(" ")) return quote(string, safe);
  return quote(string, `${safe} `).replace(/ /g, "+");
}

/** Python's `str()` of a key or value in urlencode: `True`, `None`, numbers as they print. */
function pyStr(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  return String(value);
}

/** Python's `urlencode(query)` (doseq=False, quote_via=quote_plus): `k=v` pairs joined with "&". */
export function urlencode(query: Iterable<readonly [unknown, unknown]> | Readonly<Record<string, unknown>>): string {
  const pairs = Symbol.iterator in query ? (query as Iterable<readonly [unknown, unknown]>) : Object.entries(query);
  const parts: string[] = [];
  for (const [k, v] of pairs) parts.push(`${quotePlus(pyStr(k))}=${quotePlus(pyStr(v))}`);
  return parts.join("&");
}

// Unquoting: unquote / unquote_plus / parse_qsl.

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/** Python's `unquote_to_bytes` on a run of ASCII: %XX (two hex digits) to its byte, anything else kept. */
function unquoteASCIIRun(run: string): string {
  const bytes = new Uint8Array(run.length);
  let n = 0;
  for (let i = 0; i < run.length; i++) {
    const code = run.charCodeAt(i);
    if (code === 0x25 && i + 2 < run.length) {
      const hi = hexValue(run.charCodeAt(i + 1));
      const lo = hexValue(run.charCodeAt(i + 2));
      if (hi !== -1 && lo !== -1) {
        bytes[n++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    bytes[n++] = code;
  }
  return decodeUTF8(bytes.subarray(0, n));
}

/**
 * Python's `unquote(string)` (encoding="utf-8", errors="replace"): each run of ASCII characters is
 * percent-decoded to bytes and decoded as UTF-8 with U+FFFD for bad bytes; other characters are kept as they are.
 */
export function unquote(string: string): string {
  if (!string.includes("%")) return string;
  let out = "";
  let start = 0;
  while (start < string.length) {
    let end = start;
    const ascii = string.charCodeAt(start) < 0x80;
    while (end < string.length && string.charCodeAt(end) < 0x80 === ascii) end++;
    const run = string.slice(start, end);
    out += ascii ? unquoteASCIIRun(run) : run;
    start = end;
  }
  return out;
}

/** Python's `unquote_plus(string)`: "+" is a space, then `unquote`. */
export function unquotePlus(string: string): string {
  return unquote(string.replace(/\+/g, " "));
}

/** Options of `parseQsl`, Python's keyword arguments. */
export interface ParseQslOptions {
  /** Keep `a=` and `a` as `["a", ""]` instead of dropping them. Starlette always passes true. @default false */
  keepBlankValues?: boolean;
  /** Throw on a field without "=" (or an empty field) instead of skipping or keeping it. @default false */
  strictParsing?: boolean;
  /** Throw if there are more fields than this. @default undefined (no limit) */
  maxNumFields?: number;
  /** What separates fields. @default "&" */
  separator?: string;
}

/** Python's `parse_qsl(qs, ...)`: `[name, value]` pairs, "+" as space and %XX as UTF-8 (bad bytes U+FFFD). */
export function parseQsl(qs: string, options: ParseQslOptions = {}): [string, string][] {
  const { keepBlankValues = false, strictParsing = false, maxNumFields, separator = "&" } = options;
  if (separator === "") throw new TypeError("Separator must be of type string or bytes.");
  const fields = qs === "" ? [] : qs.split(separator);
  if (maxNumFields !== undefined && maxNumFields < fields.length) {
    throw new TypeError("Max number of fields exceeded");
  }
  const pairs: [string, string][] = [];
  for (const field of fields) {
    if (field === "" && !strictParsing) continue;
    const eq = field.indexOf("=");
    if (eq === -1 && strictParsing) throw new TypeError(`bad query field: ${reprASCII(field)}`);
    if (eq === -1 && !keepBlankValues) continue;
    const name = eq === -1 ? field : field.slice(0, eq);
    const value = eq === -1 ? "" : field.slice(eq + 1);
    if (value !== "" || keepBlankValues) pairs.push([unquotePlus(name), unquotePlus(value)]);
  }
  return pairs;
}
