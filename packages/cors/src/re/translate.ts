/** @module re/translate — not in CPython: the lowered tree as one native JS RegExp, used when JS backtracking provably finds what sre finds. */

import type { CompiledPattern } from "../re.js";
import type { At, IR } from "./compiler.js";
import { MAXREPEAT } from "./constants.js";

/** The RegExp source (for the u flag) that fullmatches what sre fullmatches, or null when no exact translation is known. */
export function translate(ir: readonly IR[]): string | null {
  return regexpFaithful(ir, false, false) ? `^(?:${new RegExpWriter().seq(ir)})$` : null;
}

/** Largest finite repeat count handed to V8; bigger counts go to the backtracking matcher. */
const REGEXP_MAX_COUNT = 1000;

/** The fewest characters a sequence can match; references and conditionals, which never reach a RegExp, count as none. */
const minWidth = (p: readonly IR[]): number => p.reduce((sum, n) => sum + nodeMinWidth(n), 0);

function nodeMinWidth(n: IR): number {
  switch (n.k) {
    case "set":
      return 1;
    case "branch":
      return Math.min(...n.alts.map(minWidth));
    case "group":
    case "atomic":
      return minWidth(n.p);
    case "repeat":
      return n.min === 0 ? 0 : minWidth(n.p) * n.min;
    default:
      return 0;
  }
}

/**
 * Whether the RegExp translation is exact. Without references, only the first match found inside an
 * atomic group or possessive repeat can differ between the engines: sre accepts one empty loop
 * iteration and stops, JS rejects it and backtracks into the body. So inside those, a greedy or lazy
 * loop must not have a body that can match empty; lookbehinds (matched backwards by JS) hold none.
 */
function regexpFaithful(p: readonly IR[], inAtomic: boolean, inBehind: boolean): boolean {
  return p.every((n) => {
    switch (n.k) {
      case "set":
      case "at":
        return true;
      case "ref":
      case "exists":
        return false;
      case "branch":
        return n.alts.every((alt) => regexpFaithful(alt, inAtomic, inBehind));
      case "group":
        return regexpFaithful(n.p, inAtomic, inBehind);
      case "atomic":
        return !inBehind && regexpFaithful(n.p, true, inBehind);
      case "repeat": {
        const counts = n.min <= REGEXP_MAX_COUNT && (n.max === MAXREPEAT || n.max <= REGEXP_MAX_COUNT);
        if (!counts) return false;
        if (n.kind === "POSSESSIVE_REPEAT") return !inBehind && regexpFaithful(n.p, true, inBehind);
        if (inAtomic && minWidth(n.p) === 0) return false;
        return regexpFaithful(n.p, inAtomic, inBehind);
      }
      case "assert":
        return regexpFaithful(n.p, false, inBehind || n.behind !== null);
    }
  });
}

const hex2 = (c: number): string => "\\x" + c.toString(16).padStart(2, "0");

/** A set as JS source: a lone character as itself (letters, digits) or `\xHH`, otherwise a class. */
function classSource(bits: Uint8Array): string {
  const members = bits.reduce((n, bit) => n + bit, 0);
  if (members === 1) {
    const c = bits.indexOf(1);
    return /^[A-Za-z0-9]$/.test(String.fromCharCode(c)) ? String.fromCharCode(c) : hex2(c);
  }
  let out = "";
  for (let c = 0; c < 256; c++) {
    if (bits[c] !== 1) continue;
    let end = c;
    while (end < 255 && bits[end + 1] === 1) end++;
    out += end === c ? hex2(c) : end === c + 1 ? hex2(c) + hex2(end) : `${hex2(c)}-${hex2(end)}`;
    c = end;
  }
  return `[${out}]`;
}

/** Writes the IR as RegExp source; counts the captures its atomic groups need for their references. */
class RegExpWriter {
  private captures = 0;

  seq(p: readonly IR[]): string {
    return p.map((n) => this.node(n)).join("");
  }

  private node(n: IR): string {
    switch (n.k) {
      case "set":
        return classSource(n.bits);
      case "at":
        return atSource(n.at, n.word);
      case "branch":
        return `(?:${n.alts.map((alt) => this.seq(alt)).join("|")})`;
      case "group":
        return `(?:${this.seq(n.p)})`;
      case "atomic":
        return this.atomic(() => this.seq(n.p));
      case "repeat":
        return this.repeat(n);
      case "assert": {
        const kind = (n.behind !== null ? "<" : "") + (n.neg ? "!" : "=");
        return `(?:(?${kind}${this.seq(n.p)}))`;
      }
      case "ref":
      case "exists":
        throw new Error("unreachable: references never reach the RegExp engine");
    }
  }

  /** `(?>X)` is `(?=(X))\N`: a lookahead keeps only its first match, the reference consumes it. */
  private atomic(body: () => string): string {
    const n = ++this.captures;
    return `(?:(?=(${body()}))\\${n})`;
  }

  private repeat(n: Extract<IR, { k: "repeat" }>): string {
    const unbounded = n.min === 0 ? "*" : n.min === 1 ? "+" : `{${n.min},}`;
    const bounded = n.min === 0 && n.max === 1 ? "?" : n.min === n.max ? `{${n.min}}` : `{${n.min},${n.max}}`;
    const quantifier = n.max === MAXREPEAT ? unbounded : bounded;
    if (n.kind === "POSSESSIVE_REPEAT") {
      // sre matches each iteration on its own (first match, no backtracking into it) and never gives one back.
      return this.atomic(() => `${this.atomic(() => this.seq(n.p))}${quantifier}`);
    }
    return `(?:${this.seq(n.p)})${quantifier}${n.kind === "MIN_REPEAT" ? "?" : ""}`;
  }
}

function atSource(at: At, word: Uint8Array): string {
  const w = classSource(word);
  switch (at) {
    case "begin":
      return "^";
    case "beginLine":
      return "(?<![^\\n])";
    case "end":
      return "(?=\\n?$)";
    case "endLine":
      return "(?![^\\n])";
    case "endString":
      return "$";
    case "boundary":
      return `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
    case "nonBoundary":
      // sre: \B never matches in an empty string.
      return `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w})(?:(?<=[^])|(?=[^])))`;
  }
}

/** A pattern matched by one native `RegExp.test`: the fast path for every realistic origin pattern. */
export class RegExpPattern implements CompiledPattern {
  readonly engine = "regexp";
  private readonly re: RegExp;

  constructor(
    readonly pattern: string,
    readonly source: string,
    flags: string,
  ) {
    this.re = new RegExp(source, flags);
  }

  fullmatch(s: string): boolean {
    try {
      return this.re.test(s);
    } catch (error) {
      // V8 runs out of backtracking stack only on subjects of millions of characters: refuse those.
      if (error instanceof RangeError) return false;
      throw error;
    }
  }
}
