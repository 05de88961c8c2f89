/** @module re — Python 3.11's `re` as Starlette's CORSMiddleware uses it: `re.compile(allow_origin_regex)`, then `.fullmatch(origin)`. */

// How it works. `compile` parses the pattern exactly as CPython 3.11's re/_parser.py does (same errors,
// same messages and positions), then applies the flags as re/_compiler.py does. Every single-character
// construct (literal, set, escape, `.`) becomes the exact set of latin-1 code units it matches under the
// flags in force: subjects are ByteStrings, so 256 entries decide every case, case folding included. The
// tree then goes to one of two engines, both with fullmatch semantics:
//  - a JS RegExp (one native test per request) whenever JS backtracking finds the same matches as
//    Python's sre: no backreferences or conditionals, and no atomic group or possessive repeat whose
//    outcome depends on how the two engines treat empty loop iterations;
//  - otherwise a backtracking matcher over the tree that follows sre's own rules (marks that survive
//    loop iterations, a group reference to an unset group fails, sre's zero-width loop protection).
// A code unit above 0xFF is never in any set, so such a subject never matches: origins are ByteStrings.
//
// The parts, named after CPython's files:
//   re/constants.ts  re/_constants.py: limits, flags, opcodes (the parse tree), `error` (PatternError)
//   re/parser.ts     re/_parser.py: Tokenizer, State, getwidth, escapes, parse()
//   re/builtins.ts   the builtins _parser.py uses for its messages: len(), repr(), int(), isidentifier()
//   re/names.ts      unicodedata.lookup() for `\N{...}`, latin-1 only
//   re/compiler.ts   re/_compiler.py _compile: flags applied, character tests resolved to latin-1 sets
//   re/chars.ts      sre's case folding (and re/_casefix.py) and categories, over latin-1
//   re/translate.ts  not in CPython: the tree as a native RegExp, when that is exact
//   re/matcher.ts    Modules/_sre/sre_lib.h SRE(match): the backtracking matcher

import { lower } from "./re/compiler.js";
import { PatternError } from "./re/constants.js";
import { BacktrackPattern } from "./re/matcher.js";
import { parse } from "./re/parser.js";
import { RegExpPattern, translate } from "./re/translate.js";

export { PatternError };

/** A compiled pattern: `fullmatch(s)` answers what Python's `re.fullmatch(pattern, s)` answers. */
export interface CompiledPattern {
  /** The pattern as given. */
  readonly pattern: string;
  /** The JS RegExp source that does the matching, or "" when the backtracking matcher does. */
  readonly source: string;
  /** Which engine matches: a native RegExp or the sre-faithful backtracking matcher. */
  readonly engine: "regexp" | "backtrack";
  fullmatch(s: string): boolean;
}

/** Which engine `compile` uses: "auto" picks the RegExp whenever it is exact (tests force each one). */
export type Engine = "auto" | "backtrack";

/**
 * Python's `re.compile(pattern)` for a str pattern, matched with `fullmatch` semantics. Throws
 * PatternError where Python raises (same message), or for a construct this port cannot reproduce.
 */
export function compile(pattern: string, engine: Engine = "auto"): CompiledPattern {
  const { p, state } = parse(pattern);
  const ir = lower(p, state.flags, state);
  const source = engine === "auto" ? translate(ir) : null;
  if (source !== null) return new RegExpPattern(pattern, source, "u");
  return new BacktrackPattern(pattern, ir);
}

/** A JS RegExp given directly, matched against the whole string (its own syntax and flags apply). */
export function fromRegExp(re: RegExp): CompiledPattern {
  if (re.global || re.sticky) {
    throw new PatternError(`a RegExp with the g or y flag keeps state between tests; got /${re.source}/${re.flags}`);
  }
  // Anchored with lookarounds rather than ^ and $, which the m flag would turn into line anchors.
  return new RegExpPattern(re.source, `(?<![^])(?:${re.source})(?![^])`, re.flags);
}
