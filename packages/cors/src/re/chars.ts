/** @module re/chars — one character under the flags, restricted to latin-1: sre's case folding (Modules/_sre/sre.c, re/_casefix.py) and categories (sre_category). */

// Generated from CPython 3.11 by scripts/gen_re_fixtures.py --tables; the fixtures check every entry.

import type { Category } from "./constants.js";

/** sre's unicode_tolower for a latin-1 code unit. */
export const lowerUnicode = (c: number): number => ((c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) ? c + 32 : c);
export const lowerAscii = (c: number): number => (c >= 0x41 && c <= 0x5a ? c + 32 : c);

/** Beyond the ASCII/latin-1 upper case partner: other code points x with lower(x) == y, or in _EXTRA_CASES. */
const EXTRA_PREIMAGES: ReadonlyMap<number, readonly number[]> = new Map([
  [0x69, [0x130, 0x131]],
  [0x6b, [0x212a]],
  [0x73, [0x17f]],
  [0xb5, [0x39c, 0x3bc]],
  [0xdf, [0x1e9e]],
  [0xe5, [0x212b]],
  [0xff, [0x178]],
]);

/** Every code point that matches latin-1 `y` (a lower-case form) case-insensitively in a str pattern. */
function unicodePreimages(y: number): number[] {
  const out = [y];
  if ((y >= 0x61 && y <= 0x7a) || (y >= 0xe0 && y <= 0xfe && y !== 0xf7)) out.push(y - 32);
  out.push(...(EXTRA_PREIMAGES.get(y) ?? []));
  return out;
}

const asciiPreimages = (y: number): number[] => (y >= 0x61 && y <= 0x7a ? [y, y - 32] : [y]);

const latin1Table = (f: (c: number) => number[]): readonly number[][] => Array.from({ length: 256 }, (_, c) => f(c));
/** Per latin-1 code unit, the code points a pattern may name to match it: itself, or its case fold class. */
export const IDENTITY = latin1Table((c) => [c]);
export const ASCII_FOLDS = latin1Table((c) => asciiPreimages(lowerAscii(c)));
export const UNICODE_FOLDS = latin1Table((c) => unicodePreimages(lowerUnicode(c)));

/** A set of latin-1 code units from inclusive ranges: bits[c] is 1 for each member. */
export function bitsOf(ranges: readonly (readonly [number, number])[]): Uint8Array {
  const bits = new Uint8Array(256);
  for (const [lo, hi] of ranges) bits.fill(1, lo, hi + 1);
  return bits;
}

// \w is str.isalnum() or "_": it takes the superscript digits and vulgar fractions (isnumeric) too.
export const UNICODE_WORD = bitsOf([
  [0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a], [0xaa, 0xaa], [0xb2, 0xb3],
  [0xb5, 0xb5], [0xb9, 0xba], [0xbc, 0xbe], [0xc0, 0xd6], [0xd8, 0xf6], [0xf8, 0xff],
]);
const UNICODE_DIGIT = bitsOf([[0x30, 0x39]]);
const UNICODE_SPACE = bitsOf([[0x09, 0x0d], [0x1c, 0x20], [0x85, 0x85], [0xa0, 0xa0]]);
export const ASCII_WORD = bitsOf([[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]]);
const ASCII_SPACE = bitsOf([[0x09, 0x0d], [0x20, 0x20]]);

/** sre_category for a latin-1 code unit; `ascii` is the ASCII flag (\d is the same either way in latin-1). */
export function inCategory(cat: Category, c: number, ascii: boolean): boolean {
  switch (cat) {
    case "DIGIT":
      return UNICODE_DIGIT[c] === 1;
    case "NOT_DIGIT":
      return UNICODE_DIGIT[c] !== 1;
    case "SPACE":
      return (ascii ? ASCII_SPACE : UNICODE_SPACE)[c] === 1;
    case "NOT_SPACE":
      return (ascii ? ASCII_SPACE : UNICODE_SPACE)[c] !== 1;
    case "WORD":
      return (ascii ? ASCII_WORD : UNICODE_WORD)[c] === 1;
    case "NOT_WORD":
      return (ascii ? ASCII_WORD : UNICODE_WORD)[c] !== 1;
  }
}
