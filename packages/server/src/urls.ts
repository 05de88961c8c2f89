/** @module Python's urllib.parse.unquote and quote as uvicorn uses them: the percent-decoded `path`, and the path in access lines. */
import type { HTTPScope } from "@mono/asgi";

const utf8 = new TextDecoder("utf-8");
const HEX = /^[0-9A-Fa-f]{2}$/;

/** `urllib.parse.unquote(s)`: %XX to bytes, then UTF-8 with U+FFFD for bad sequences; a stray % stays. */
export function unquote(s: string): string {
  const bytes: number[] = [];
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && HEX.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      if (bytes.length > 0) out += utf8.decode(new Uint8Array(bytes.splice(0)));
      out += s[i];
    }
  }
  if (bytes.length > 0) out += utf8.decode(new Uint8Array(bytes));
  return out;
}

const ALWAYS_SAFE = /[A-Za-z0-9_.\-~/]/;
const encoder = new TextEncoder();

/** `urllib.parse.quote(s)` with its default `safe="/"`. */
export function quote(s: string): string {
  if (/^[A-Za-z0-9_.\-~/]*$/.test(s)) return s;
  let out = "";
  for (const byte of encoder.encode(s)) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && ALWAYS_SAFE.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** uvicorn's `get_path_with_query_string`, for the access log. */
export function getPathWithQueryString(scope: HTTPScope): string {
  const path = quote(scope.path);
  return scope.query_string ? `${path}?${scope.query_string}` : path;
}
