/** @module re/compiler — CPython 3.11's re/_compiler.py _compile: the flags applied to the tree, every character test resolved to latin-1 bits. */

import { ASCII_FOLDS, ASCII_WORD, IDENTITY, UNICODE_FOLDS, UNICODE_WORD, bitsOf, inCategory } from "./chars.js";
import {
  type AtCode,
  FLAG_ASCII,
  FLAG_DOTALL,
  FLAG_IGNORECASE,
  FLAG_MULTILINE,
  FLAG_TEMPLATE,
  type Node,
  PatternError,
  type RepeatKind,
  type SetItem,
  type Sub,
  TYPE_FLAGS,
} from "./constants.js";
import { type State, getwidth } from "./parser.js";

// Both engines take this lowered tree (IR): flags are gone, each character test is a 256-entry set,
// anchors know whether they are per line, and a lookbehind carries its fixed width.

export type At = "begin" | "beginLine" | "end" | "endLine" | "endString" | "boundary" | "nonBoundary";
export type Fold = "none" | "ascii" | "unicode";

export type IR =
  | { readonly k: "set"; readonly bits: Uint8Array }
  | { readonly k: "at"; readonly at: At; readonly word: Uint8Array }
  | { readonly k: "branch"; readonly alts: readonly IR[][] }
  | { readonly k: "group"; readonly g: number; readonly p: IR[] }
  | { readonly k: "repeat"; readonly kind: RepeatKind; readonly min: number; readonly max: number; readonly p: IR[] }
  | { readonly k: "atomic"; readonly p: IR[] }
  | { readonly k: "ref"; readonly g: number; readonly fold: Fold }
  | { readonly k: "exists"; readonly g: number; readonly yes: IR[]; readonly no: IR[] }
  | { readonly k: "assert"; readonly neg: boolean; readonly behind: number | null; readonly p: IR[] };

/** _combine_flags: a scoped group's flags; turning on a type flag (a, u, L) replaces the one in force. */
function combineFlags(flags: number, add: number, del: number): number {
  if ((add & TYPE_FLAGS) !== 0) flags &= ~TYPE_FLAGS;
  return (flags | add) & ~del;
}

/** The latin-1 code units a one-character test matches: Python's IN / LITERAL ops under `flags`. */
function charBits(items: readonly SetItem[], flags: number): Uint8Array {
  const ascii = (flags & FLAG_ASCII) !== 0;
  const ignore = (flags & FLAG_IGNORECASE) !== 0;
  const negate = items.some((item) => item.op === "NEGATE");
  const bits = new Uint8Array(256);
  for (let ch = 0; ch < 256; ch++) {
    const candidates = (!ignore ? IDENTITY : ascii ? ASCII_FOLDS : UNICODE_FOLDS)[ch] ?? [ch];
    const member = items.some((item) => {
      if (item.op === "LITERAL") return candidates.includes(item.c);
      if (item.op === "RANGE") return candidates.some((x) => item.lo <= x && x <= item.hi);
      if (item.op === "CATEGORY") return inCategory(item.cat, ch, ascii);
      return false;
    });
    bits[ch] = member !== negate ? 1 : 0;
  }
  return bits;
}

/** _compile over a subpattern under `flags`: the IR both engines match. */
export function lower(p: Sub, flags: number, state: State): IR[] {
  const out: IR[] = [];
  for (const n of p) out.push(...lowerNode(n, flags, state));
  return out;
}

/** One case per parse-tree op, as _compile's ladder; returns a list because flag groups dissolve. */
function lowerNode(n: Node, flags: number, state: State): IR[] {
  const fold: Fold = (flags & FLAG_IGNORECASE) === 0 ? "none" : (flags & FLAG_ASCII) !== 0 ? "ascii" : "unicode";
  switch (n.op) {
    case "LITERAL":
      return [{ k: "set", bits: charBits([{ op: "LITERAL", c: n.c }], flags) }];
    case "NOT_LITERAL":
      return [{ k: "set", bits: charBits([{ op: "NEGATE" }, { op: "LITERAL", c: n.c }], flags) }];
    case "IN":
      return [{ k: "set", bits: charBits(n.items, flags) }];
    case "ANY":
      return [{ k: "set", bits: (flags & FLAG_DOTALL) !== 0 ? bitsOf([[0, 255]]) : bitsOf([[0, 9], [11, 255]]) }];
    case "AT":
      return [{ k: "at", at: atCode(n.at, flags), word: (flags & FLAG_ASCII) !== 0 ? ASCII_WORD : UNICODE_WORD }];
    case "BRANCH":
      return [{ k: "branch", alts: n.alts.map((alt) => lower(alt, flags, state)) }];
    case "SUBPATTERN": {
      const inner = lower(n.p, combineFlags(flags, n.add, n.del), state);
      return n.group === null ? inner : [{ k: "group", g: n.group, p: inner }];
    }
    case "MAX_REPEAT":
    case "MIN_REPEAT":
    case "POSSESSIVE_REPEAT":
      if ((flags & FLAG_TEMPLATE) !== 0) throw new PatternError(`internal: unsupported template operator ${n.op}`);
      return [{ k: "repeat", kind: n.op, min: n.min, max: n.max, p: lower(n.p, flags, state) }];
    case "ATOMIC_GROUP":
      return [{ k: "atomic", p: lower(n.p, flags, state) }];
    case "GROUPREF":
      return [{ k: "ref", g: n.g, fold }];
    case "GROUPREF_EXISTS":
      return [{ k: "exists", g: n.g, yes: lower(n.yes, flags, state), no: n.no === null ? [] : lower(n.no, flags, state) }];
    case "ASSERT":
    case "ASSERT_NOT":
      return [lowerAssert(n, flags, state)];
  }
}

/** A lookbehind must have a fixed width: _compile measures it and raises here, at compile time. */
function lowerAssert(n: Extract<Node, { op: "ASSERT" | "ASSERT_NOT" }>, flags: number, state: State): IR {
  let behind: number | null = null;
  if (n.dir < 0) {
    const [lo, hi] = getwidth(n.p, state);
    if (lo !== hi) throw new PatternError("look-behind requires fixed-width pattern");
    behind = lo;
  }
  return { k: "assert", neg: n.op === "ASSERT_NOT", behind, p: lower(n.p, flags, state) };
}

function atCode(at: AtCode, flags: number): At {
  const multiline = (flags & FLAG_MULTILINE) !== 0;
  switch (at) {
    case "BEGINNING":
      return multiline ? "beginLine" : "begin";
    case "BEGINNING_STRING":
      return "begin";
    case "END":
      return multiline ? "endLine" : "end";
    case "END_STRING":
      return "endString";
    case "BOUNDARY":
      return "boundary";
    case "NON_BOUNDARY":
      return "nonBoundary";
  }
}
