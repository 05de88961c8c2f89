/** @module The ByteString concept: Python's `bytes` where ASGI carries short textual bytes (header names and values, `query_string`, `raw_path`), as JS strings of code units <= 0xFF, latin-1 in and out; plus the shared UTF-8 codec for bodies. */

import { Buffer } from "node:buffer";

import type { ByteString } from "./types.js";

// Below this length a plain loop beats the cost of crossing into Buffer's C++ code.
const SHORT = 64;

// Node's own latin-1 decoder: one byte to one code unit, bytes 0x80-0x9F stay U+0080-U+009F.
// Not `new TextDecoder("latin1")`: WHATWG maps that label to windows-1252, which turns 0x80 into "€".
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (start: number, end: number) => string })
  .latin1Slice;

const utf8Encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF as Python's bytes.decode("utf-8") does; not fatal: bad bytes become U+FFFD.
const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** True if every code unit of `s` is <= 0xFF, so `s` stands for bytes one for one. */
export function isByteString(s: string): s is ByteString {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0xff) return false;
  }
  return true;
}

function notLatin1(s: string, index: number): TypeError {
  const unit = s.charCodeAt(index).toString(16).toUpperCase().padStart(4, "0");
  return new TypeError(
    `'latin-1' codec can't encode character '\\u${unit.toLowerCase()}' in position ${index}: ordinal not in range(256) (U+${unit} is not a byte)`,
  );
}

/** Python's `s.encode("latin-1")`: one byte per code unit; a code unit above 0xFF throws a TypeError (never truncated). */
export function encodeLatin1(s: ByteString): Uint8Array {
  const n = s.length;
  const out = new Uint8Array(n);
  if (n <= SHORT) {
    for (let i = 0; i < n; i++) {
      const unit = s.charCodeAt(i);
      if (unit > 0xff) throw notLatin1(s, i);
      out[i] = unit;
    }
    return out;
  }
  // Buffer.write("latin1") would silently keep the low byte of U+0100 and up, so look first.
  const bad = s.search(/[^\x00-\xff]/);
  if (bad !== -1) throw notLatin1(s, bad);
  Buffer.from(out.buffer, 0, n).write(s, 0, n, "latin1");
  return out;
}

/** Python's `b.decode("latin-1")`: each byte becomes the code unit of the same value. */
export function decodeLatin1(b: Uint8Array): ByteString {
  const n = b.length;
  if (n <= SHORT) {
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(b[i] as number);
    return s;
  }
  if (latin1Slice !== undefined) return latin1Slice.call(b, 0, n);
  return Buffer.from(b.buffer, b.byteOffset, n).toString("latin1");
}

/**
 * Whether Python's `str.isspace()` is true for the code unit `unit`: the whitespace `str.strip()` removes. Not JS's
 * `trim()` set: Python adds U+001C-U+001F (the ASCII separators) and U+0085 (NEL) and leaves U+FEFF (BOM) and
 * U+180E alone. Every such character is in the BMP, so testing code units is exact (a surrogate is never one).
 */
function isPyWhitespace(unit: number): boolean {
  if (unit <= 0x20) return (unit >= 0x09 && unit <= 0x0d) || unit >= 0x1c;
  if (unit < 0x85) return false;
  if (unit <= 0xa0) return unit === 0x85 || unit === 0xa0;
  return (
    unit === 0x1680 ||
    (unit >= 0x2000 && unit <= 0x200a) ||
    unit === 0x2028 ||
    unit === 0x2029 ||
    unit === 0x202f ||
    unit === 0x205f ||
    unit === 0x3000
  );
}

/**
 * Python's `s.strip()` with no argument: `s` without the leading and trailing characters that `str.isspace()` calls
 * whitespace (U+0009-U+000D, U+001C-U+0020, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F,
 * U+3000), exact for every code point. Starlette strips header tokens, cookie chunks and comma lists with it, where
 * JS's `trim()` would keep U+001C-U+001F and U+0085 and remove U+FEFF. Returns `s` itself when there is nothing to strip.
 */
export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isPyWhitespace(s.charCodeAt(start))) start++;
  while (end > start && isPyWhitespace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** UTF-8 encoding with the shared TextEncoder (lone surrogates become U+FFFD). */
export function encodeUTF8(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}

/** UTF-8 decoding with the shared TextDecoder: invalid bytes become U+FFFD (Python's `errors="replace"`), a BOM is kept. */
export function decodeUTF8(b: Uint8Array): string {
  return utf8Decoder.decode(b);
}
