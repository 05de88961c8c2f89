/** @module re/matcher — CPython 3.11's Modules/_sre/sre_lib.h SRE(match): a backtracking matcher that follows sre op for op. */

import type { CompiledPattern } from "../re.js";
import { lowerAscii, lowerUnicode } from "./chars.js";
import type { At, Fold, IR } from "./compiler.js";
import { MAXREPEAT, type RepeatKind } from "./constants.js";

// Each IR node becomes a closure in continuation-passing style: it matches at `pos` and calls its
// continuation with each end position it can reach, in sre's order, until one returns true. Marks
// (group starts and ends), lastmark and the repeat context are sre's own state, saved and restored
// where sre_lib.h does MARK_PUSH / MARK_POP, so group references and conditionals see what sre sees.

/** SRE_REPEAT: the innermost running loop's count and where its last iteration started. */
interface Repeat {
  count: number;
  lastPtr: number;
  readonly prev: Repeat | null;
}

/** SRE_STATE for one fullmatch: the subject, the marks (beyond lastmark they count as unset) and the loop context. */
interface MatchState {
  readonly s: string;
  readonly end: number;
  marks: number[];
  lastmark: number;
  repeat: Repeat | null;
}

type Cont = (pos: number) => boolean;
type Matcher = (st: MatchState, pos: number, k: Cont) => boolean;

/** MARK: marks skipped over as lastmark grows become unset (-1). */
function setMark(st: MatchState, i: number, pos: number): void {
  if (i > st.lastmark) {
    for (let j = st.lastmark + 1; j < i; j++) st.marks[j] = -1;
    st.lastmark = i;
  }
  st.marks[i] = pos;
}

/** MARK_PUSH / MARK_POP: the marks up to lastmark, saved and restored around a failed attempt. */
const pushMarks = (st: MatchState): number[] => st.marks.slice(0, st.lastmark + 1);
function popMarks(st: MatchState, saved: readonly number[]): void {
  for (let i = 0; i < saved.length; i++) st.marks[i] = saved[i] ?? -1;
}

/** The span of group g, or null when sre considers it unset. */
function groupSpan(st: MatchState, g: number): [number, number] | null {
  const i = 2 * (g - 1);
  if (i >= st.lastmark) return null;
  const p = st.marks[i] ?? -1;
  const e = st.marks[i + 1] ?? -1;
  return p < 0 || e < 0 || e < p ? null : [p, e];
}

/** A sequence: each node's continuation is the rest of the sequence. */
function seqMatcher(p: readonly IR[]): Matcher {
  const ms = p.map(nodeMatcher);
  const build = (i: number): Matcher => {
    const head = ms[i];
    if (head === undefined) return (_st, pos, k) => k(pos);
    if (i === ms.length - 1) return head;
    const rest = build(i + 1);
    return (st, pos, k) => head(st, pos, (p1) => rest(st, p1, k));
  };
  return build(0);
}

/** One case per IR node: each returns a matcher that calls its continuation with the end position. */
function nodeMatcher(n: IR): Matcher {
  switch (n.k) {
    case "set": {
      const bits = n.bits;
      return (st, pos, k) => pos < st.end && bits[st.s.charCodeAt(pos)] === 1 && k(pos + 1);
    }
    case "at": {
      const test = atTest(n.at, n.word);
      return (st, pos, k) => test(st, pos) && k(pos);
    }
    case "branch":
      return branchMatcher(n.alts.map(seqMatcher));
    case "group":
      return groupMatcher(n.g, seqMatcher(n.p));
    case "repeat":
      return repeatMatcher(n);
    case "atomic":
      return atomicMatcher(seqMatcher(n.p));
    case "ref":
      return refMatcher(n.g, n.fold);
    case "exists":
      return existsMatcher(n.g, seqMatcher(n.yes), seqMatcher(n.no));
    case "assert":
      return assertMatcher(n.neg, n.behind ?? 0, seqMatcher(n.p));
  }
}

/** SRE(at): the anchor tests; like sre, \b and \B never match in an empty string. */
function atTest(at: At, word: Uint8Array): (st: MatchState, pos: number) => boolean {
  const isWord = (st: MatchState, i: number): boolean => i >= 0 && i < st.end && word[st.s.charCodeAt(i)] === 1;
  switch (at) {
    case "begin":
      return (_st, pos) => pos === 0;
    case "beginLine":
      return (st, pos) => pos === 0 || st.s.charCodeAt(pos - 1) === 10;
    case "end":
      return (st, pos) => pos === st.end || (pos === st.end - 1 && st.s.charCodeAt(pos) === 10);
    case "endLine":
      return (st, pos) => pos === st.end || st.s.charCodeAt(pos) === 10;
    case "endString":
      return (st, pos) => pos === st.end;
    case "boundary":
      return (st, pos) => st.end > 0 && isWord(st, pos - 1) !== isWord(st, pos);
    case "nonBoundary":
      return (st, pos) => st.end > 0 && isWord(st, pos - 1) === isWord(st, pos);
  }
}

/** MARK before and after the body: group g's start and end are marks 2(g-1) and 2(g-1)+1. */
function groupMatcher(g: number, body: Matcher): Matcher {
  const i = 2 * (g - 1);
  return (st, pos, k) => {
    setMark(st, i, pos);
    return body(st, pos, (p) => {
      setMark(st, i + 1, p);
      return k(p);
    });
  };
}

/** ATOMIC_GROUP: the body's first match only; the continuation never backtracks into it. */
function atomicMatcher(body: Matcher): Matcher {
  return (st, pos, k) => {
    let end = -1;
    return body(st, pos, (p) => ((end = p), true)) && k(end);
  };
}

/** GROUPREF_EXISTS: `yes` when group g is set, else `no`. */
function existsMatcher(g: number, yes: Matcher, no: Matcher): Matcher {
  return (st, pos, k) => (groupSpan(st, g) !== null ? yes : no)(st, pos, k);
}

function branchMatcher(alts: readonly Matcher[]): Matcher {
  return (st, pos, k) => {
    const lastmark = st.lastmark;
    const saved = st.repeat !== null ? pushMarks(st) : null;
    for (const alt of alts) {
      if (alt(st, pos, k)) return true;
      if (saved !== null) popMarks(st, saved);
      st.lastmark = lastmark;
    }
    return false;
  };
}

function refMatcher(g: number, fold: Fold): Matcher {
  const norm = fold === "none" ? (c: number) => c : fold === "ascii" ? lowerAscii : lowerUnicode;
  return (st, pos, k) => {
    const span = groupSpan(st, g);
    if (span === null) return false;
    let ptr = pos;
    for (let p = span[0]; p < span[1]; p++, ptr++) {
      if (ptr >= st.end || norm(st.s.charCodeAt(ptr)) !== norm(st.s.charCodeAt(p))) return false;
    }
    return k(ptr);
  };
}

function assertMatcher(neg: boolean, back: number, body: Matcher): Matcher {
  const found: Cont = () => true;
  if (!neg) return (st, pos, k) => pos >= back && body(st, pos - back, found) && k(pos);
  return (st, pos, k) => {
    if (pos >= back) {
      const lastmark = st.lastmark;
      const saved = st.repeat !== null ? pushMarks(st) : null;
      if (body(st, pos - back, found)) return false;
      if (saved !== null) popMarks(st, saved);
      st.lastmark = lastmark;
    }
    return k(pos);
  };
}

function repeatMatcher(n: Extract<IR, { k: "repeat" }>): Matcher {
  const [only] = n.p;
  if (n.p.length === 1 && only !== undefined && only.k === "set") return singleRepeat(n.kind, n.min, n.max, only.bits);
  const body = seqMatcher(n.p);
  if (n.kind === "POSSESSIVE_REPEAT") return possessiveRepeat(n.min, n.max, body);
  const { min, max } = n;
  const greedy = n.kind === "MAX_REPEAT";
  return (st, pos, k) => {
    const rep: Repeat = { count: -1, lastPtr: -1, prev: st.repeat };
    const until = (ptr: number): boolean => (greedy ? maxUntil : minUntil)(st, ptr, rep, min, max, body, until, k);
    st.repeat = rep;
    const ok = until(pos);
    st.repeat = rep.prev;
    return ok;
  };
}

type Until = (st: MatchState, ptr: number, rep: Repeat, min: number, max: number, body: Matcher, until: Cont, k: Cont) => boolean;

/** MAX_UNTIL: one more iteration if allowed and the last one was not empty, else the tail. */
const maxUntil: Until = (st, ptr, rep, min, max, body, until, k) => {
  const count = rep.count + 1;
  if (count < min) {
    rep.count = count;
    if (body(st, ptr, until)) return true;
    rep.count = count - 1;
    return false;
  }
  if ((count < max || max === MAXREPEAT) && ptr !== rep.lastPtr) {
    rep.count = count;
    const lastmark = st.lastmark;
    const saved = pushMarks(st);
    const lastPtr = rep.lastPtr;
    rep.lastPtr = ptr;
    const ok = body(st, ptr, until);
    rep.lastPtr = lastPtr;
    if (ok) return true;
    popMarks(st, saved);
    st.lastmark = lastmark;
    rep.count = count - 1;
  }
  st.repeat = rep.prev;
  const ok = k(ptr);
  st.repeat = rep;
  return ok;
};

/** MIN_UNTIL: the tail first, then one more iteration unless the last one was empty. */
const minUntil: Until = (st, ptr, rep, min, max, body, until, k) => {
  const count = rep.count + 1;
  if (count < min) {
    rep.count = count;
    if (body(st, ptr, until)) return true;
    rep.count = count - 1;
    return false;
  }
  st.repeat = rep.prev;
  const lastmark = st.lastmark;
  const saved = st.repeat !== null ? pushMarks(st) : null;
  const ok = k(ptr);
  st.repeat = rep;
  if (ok) return true;
  if (saved !== null) popMarks(st, saved);
  st.lastmark = lastmark;
  if ((count >= max && max !== MAXREPEAT) || ptr === rep.lastPtr) return false;
  rep.count = count;
  const lastPtr = rep.lastPtr;
  rep.lastPtr = ptr;
  const again = body(st, ptr, until);
  rep.lastPtr = lastPtr;
  if (again) return true;
  rep.count = count - 1;
  return false;
};

/** REPEAT_ONE, MIN_REPEAT_ONE, POSSESSIVE_REPEAT_ONE: a repeated single-character test, with no stack per character. */
function singleRepeat(kind: RepeatKind, min: number, max: number, bits: Uint8Array): Matcher {
  if (kind === "POSSESSIVE_REPEAT") {
    return (st, pos, k) => {
      const n = countOne(st, pos, max, bits);
      return n >= min && k(pos + n);
    };
  }
  if (kind === "MAX_REPEAT") {
    return (st, pos, k) => {
      for (let n = countOne(st, pos, max, bits); n >= min; n--) if (tailOne(st, pos + n, k)) return true;
      return false;
    };
  }
  return (st, pos, k) => {
    let n = min === 0 ? 0 : countOne(st, pos, min, bits);
    if (n < min) return false;
    for (;;) {
      if (tailOne(st, pos + n, k)) return true;
      if (max !== MAXREPEAT && n >= max) return false;
      if (countOne(st, pos + n, 1, bits) === 0) return false;
      n++;
    }
  };
}

/** SRE(count): how many characters from `pos`, at most `limit`, are in the set. */
function countOne(st: MatchState, pos: number, limit: number, bits: Uint8Array): number {
  const stop = limit === MAXREPEAT ? st.end : Math.min(st.end, pos + limit);
  let p = pos;
  while (p < stop && bits[st.s.charCodeAt(p)] === 1) p++;
  return p - pos;
}

/** The tail after one count of a *_REPEAT_ONE; a failed tail gives back the marks it set. */
function tailOne(st: MatchState, pos: number, k: Cont): boolean {
  const lastmark = st.lastmark;
  const saved = st.repeat !== null ? pushMarks(st) : null;
  if (k(pos)) return true;
  if (saved !== null) popMarks(st, saved);
  st.lastmark = lastmark;
  return false;
}

/** POSSESSIVE_REPEAT: each iteration is matched on its own; an empty iteration ends the loop. */
function possessiveRepeat(min: number, max: number, body: Matcher): Matcher {
  return (st, pos, k) => {
    let ptr = pos;
    let count = 0;
    let end = -1;
    const done: Cont = (p) => ((end = p), true);
    while (count < min) {
      if (!body(st, ptr, done)) return false;
      ptr = end;
      count++;
    }
    let prev = -1;
    while ((count < max || max === MAXREPEAT) && ptr !== prev) {
      const lastmark = st.lastmark;
      const saved = pushMarks(st);
      prev = ptr;
      if (body(st, ptr, done)) {
        count++;
        ptr = end;
      } else {
        popMarks(st, saved);
        st.lastmark = lastmark;
        ptr = prev;
        break;
      }
    }
    return k(ptr);
  };
}

/** A pattern matched by the backtracking matcher: references, conditionals, and what no RegExp reproduces. */
export class BacktrackPattern implements CompiledPattern {
  readonly engine = "backtrack";
  readonly source = "";
  private readonly matcher: Matcher;

  constructor(
    readonly pattern: string,
    ir: readonly IR[],
  ) {
    this.matcher = seqMatcher(ir);
  }

  fullmatch(s: string): boolean {
    const st: MatchState = { s, end: s.length, marks: [], lastmark: -1, repeat: null };
    try {
      return this.matcher(st, 0, (pos) => pos === s.length);
    } catch (error) {
      // The matcher recurses once per step; a subject long enough to exhaust the stack (thousands of
      // loop iterations, far beyond any origin) is refused rather than crashing the request.
      if (error instanceof RangeError) return false;
      throw error;
    }
  }
}
