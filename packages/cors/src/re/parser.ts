/** @module re/parser — CPython 3.11's re/_parser.py: the Tokenizer, State, getwidth, escapes, and parse() with the same errors. */

import { IDENTIFIER, cpLength, pyInt, pyRepr } from "./builtins.js";
import {
  FLAGS,
  FLAG_ASCII,
  FLAG_UNICODE,
  FLAG_VERBOSE,
  GLOBAL_FLAGS,
  MAXGROUPS,
  MAXREPEAT,
  type Node,
  PatternError,
  type RepeatKind,
  type SetItem,
  type Sub,
  TYPE_FLAGS,
  isRepeat,
  reError,
} from "./constants.js";
import { UNICODE_NAMES } from "./names.js";

const SPECIAL_CHARS = ".\\[{()*+?^$|";
const REPEAT_CHARS = "*+?{";
const DIGITS = "0123456789";
const OCTDIGITS = "01234567";
const HEXDIGITS = "0123456789abcdefABCDEF";
const WHITESPACE = " \t\n\r\v\f";

// ---------------------------------------------------------------------------------------------------
// Tokenizer (re/_parser.py Tokenizer): tokens are one code point, or a backslash and the next one

class Source {
  private readonly chars: string[];
  private index = 0;
  private nextLen = 0;
  next: string | null = null;

  constructor(readonly pattern: string) {
    this.chars = Array.from(pattern);
    this.advance();
  }

  private advance(): void {
    let index = this.index;
    const ch = this.chars[index];
    if (ch === undefined) {
      this.next = null;
      this.nextLen = 0;
      return;
    }
    let token = ch;
    let len = 1;
    if (ch === "\\") {
      index += 1;
      const escaped = this.chars[index];
      if (escaped === undefined) throw this.errorAt("bad escape (end of pattern)", this.chars.length - 1);
      token += escaped;
      len = 2;
    }
    this.index = index + 1;
    this.next = token;
    this.nextLen = len;
  }

  match(token: string): boolean {
    if (token === this.next) {
      this.advance();
      return true;
    }
    return false;
  }

  get(): string | null {
    const token = this.next;
    this.advance();
    return token;
  }

  getwhile(n: number, charset: string): string {
    let result = "";
    for (let i = 0; i < n; i++) {
      const c = this.next;
      if (c === null || c.length !== 1 || !charset.includes(c)) break;
      result += c;
      this.advance();
    }
    return result;
  }

  getuntil(terminator: string, name: string): string {
    let result = "";
    for (;;) {
      const c = this.next;
      this.advance();
      if (c === null) {
        if (!result) throw this.error("missing " + name);
        throw this.error(`missing ${terminator}, unterminated name`, cpLength(result));
      }
      if (c === terminator) {
        if (!result) throw this.error("missing " + name, 1);
        break;
      }
      result += c;
    }
    return result;
  }

  tell(): number {
    return this.index - this.nextLen;
  }

  seek(index: number): void {
    this.index = index;
    this.advance();
  }

  error(msg: string, offset = 0): PatternError {
    return this.errorAt(msg, this.tell() - offset);
  }

  errorAt(msg: string, pos: number): PatternError {
    return reError(msg, this.chars, pos);
  }

  checkgroupname(name: string, offset: number): void {
    if (!IDENTIFIER.test(name)) {
      throw this.error(`bad character in group name ${pyRepr(name)}`, cpLength(name) + offset);
    }
  }
}

/** A construct this port refuses rather than guess at (so far only `\N{...}` with a name this port does not know). */
const unsupported = (what: string, pos: number): PatternError =>
  new PatternError(`unsupported construct ${what} at position ${pos}`, pos);

// ---------------------------------------------------------------------------------------------------
// Parser state (re/_parser.py State) and widths (SubPattern.getwidth)

export class State {
  flags = 0;
  readonly groupdict = new Map<string, number>();
  readonly groupwidths: ([number, number] | null)[] = [null];
  lookbehindgroups: number | null = null;
  readonly grouprefpos = new Map<number, number>();

  get groups(): number {
    return this.groupwidths.length;
  }

  opengroup(source: Source, name: string | null): number {
    const gid = this.groups;
    this.groupwidths.push(null);
    if (this.groups > MAXGROUPS) throw source.error("too many groups", cpLength(name ?? "") + 1);
    if (name !== null) {
      const ogid = this.groupdict.get(name);
      if (ogid !== undefined) {
        const msg = `redefinition of group name ${pyRepr(name)} as group ${gid}; was group ${ogid}`;
        throw source.error(msg, cpLength(name) + 1);
      }
      this.groupdict.set(name, gid);
    }
    return gid;
  }

  closegroup(gid: number, p: Sub): void {
    this.groupwidths[gid] = getwidth(p, this);
  }

  checkgroup(gid: number): boolean {
    return gid < this.groups && this.groupwidths[gid] !== null;
  }

  checklookbehindgroup(gid: number, source: Source): void {
    if (this.lookbehindgroups !== null) {
      if (!this.checkgroup(gid)) throw source.error("cannot refer to an open group");
      if (gid >= this.lookbehindgroups) {
        throw source.error("cannot refer to group defined in the same lookbehind subpattern");
      }
    }
  }
}

/** SubPattern.getwidth: (min, max) characters a subpattern can match, saturated as Python saturates. */
export function getwidth(p: Sub, state: State): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const n of p) {
    const [i, j] = nodeWidth(n, state);
    lo += i;
    hi += j;
  }
  return [Math.min(lo, MAXREPEAT - 1), Math.min(hi, MAXREPEAT)];
}

/** One node's share of getwidth's sum, before saturation. */
function nodeWidth(n: Node, state: State): readonly [number, number] {
  if (n.op === "BRANCH") {
    let i = MAXREPEAT - 1;
    let j = 0;
    for (const alt of n.alts) {
      const [l, h] = getwidth(alt, state);
      i = Math.min(i, l);
      j = Math.max(j, h);
    }
    return [i, j];
  }
  if (n.op === "ATOMIC_GROUP" || n.op === "SUBPATTERN") return getwidth(n.p, state);
  if (isRepeat(n)) {
    const [l, h] = getwidth(n.p, state);
    return [l * n.min, h * n.max];
  }
  if (n.op === "LITERAL" || n.op === "NOT_LITERAL" || n.op === "ANY" || n.op === "IN") return [1, 1];
  if (n.op === "GROUPREF") return state.groupwidths[n.g] ?? [0, 0];
  if (n.op === "GROUPREF_EXISTS") {
    const [i, j] = getwidth(n.yes, state);
    if (n.no === null) return [0, j];
    const [l, h] = getwidth(n.no, state);
    return [Math.min(i, l), Math.max(j, h)];
  }
  return [0, 0];
}

// ---------------------------------------------------------------------------------------------------
// Escapes (re/_parser.py _class_escape and _escape)

const ESCAPES: Readonly<Record<string, number>> = {
  "\\a": 7,
  "\\b": 8,
  "\\f": 12,
  "\\n": 10,
  "\\r": 13,
  "\\t": 9,
  "\\v": 11,
  "\\\\": 92,
};

const CATEGORIES: Readonly<Record<string, Node>> = {
  "\\A": { op: "AT", at: "BEGINNING_STRING" },
  "\\b": { op: "AT", at: "BOUNDARY" },
  "\\B": { op: "AT", at: "NON_BOUNDARY" },
  "\\d": { op: "IN", items: [{ op: "CATEGORY", cat: "DIGIT" }] },
  "\\D": { op: "IN", items: [{ op: "CATEGORY", cat: "NOT_DIGIT" }] },
  "\\s": { op: "IN", items: [{ op: "CATEGORY", cat: "SPACE" }] },
  "\\S": { op: "IN", items: [{ op: "CATEGORY", cat: "NOT_SPACE" }] },
  "\\w": { op: "IN", items: [{ op: "CATEGORY", cat: "WORD" }] },
  "\\W": { op: "IN", items: [{ op: "CATEGORY", cat: "NOT_WORD" }] },
  "\\Z": { op: "AT", at: "END_STRING" },
};

const isAsciiLetter = (c: string): boolean => /^[A-Za-z]$/.test(c);

/** \x, \u, \U and \N{...}: shared by both escape functions; null when `escape` is none of them. */
function hexOrNamedEscape(source: Source, escape: string): number | null {
  const c = escape[1];
  const widths: Record<string, number> = { x: 2, u: 4, U: 8 };
  const width = c === undefined ? undefined : widths[c];
  if (width !== undefined) {
    const full = escape + source.getwhile(width, HEXDIGITS);
    if (full.length !== width + 2) throw source.error(`incomplete escape ${full}`, full.length);
    const value = parseInt(full.slice(2), 16);
    if (value > 0x10ffff) throw source.error(`bad escape ${full}`, full.length);
    return value;
  }
  if (c === "N") {
    const start = source.tell() - 2;
    if (!source.match("{")) throw source.error("missing {");
    const charname = source.getuntil("}", "character name");
    const value = UNICODE_NAMES.get(charname.replace(/[a-z]+/g, (lower) => lower.toUpperCase()));
    if (value === undefined) {
      throw unsupported(`\\N{${charname}} (only the names and aliases of latin-1 characters and their case partners are known)`, start);
    }
    return value;
  }
  return null;
}

/** _class_escape: an escape inside `[...]`, where `\b` is a backspace and group references do not exist. */
function classEscape(source: Source, escape: string): Node {
  const simple = ESCAPES[escape];
  if (simple !== undefined) return { op: "LITERAL", c: simple };
  const category = CATEGORIES[escape];
  if (category !== undefined && category.op === "IN") return category;
  const hex = hexOrNamedEscape(source, escape);
  if (hex !== null) return { op: "LITERAL", c: hex };
  const c = escape.slice(1);
  if (OCTDIGITS.includes(c)) {
    const full = escape + source.getwhile(2, OCTDIGITS);
    const value = parseInt(full.slice(1), 8);
    if (value > 0o377) {
      throw source.error(`octal escape value ${full} outside of range 0-0o377`, cpLength(full));
    }
    return { op: "LITERAL", c: value };
  }
  if (!DIGITS.includes(c) && !isAsciiLetter(c)) return { op: "LITERAL", c: c.codePointAt(0) ?? 0 };
  throw source.error(`bad escape ${escape}`, cpLength(escape));
}

/** _escape: an escape outside a set. */
function escapeInPattern(source: Source, escape: string, state: State): Node {
  const category = CATEGORIES[escape];
  if (category !== undefined) return category;
  const simple = ESCAPES[escape];
  if (simple !== undefined) return { op: "LITERAL", c: simple };
  const hex = hexOrNamedEscape(source, escape);
  if (hex !== null) return { op: "LITERAL", c: hex };
  const c = escape.slice(1);
  if (c === "0") {
    const full = escape + source.getwhile(2, OCTDIGITS);
    return { op: "LITERAL", c: parseInt(full.slice(1), 8) };
  }
  if (DIGITS.includes(c)) return numericEscape(source, escape, state);
  if (!isAsciiLetter(c)) return { op: "LITERAL", c: c.codePointAt(0) ?? 0 };
  throw source.error(`bad escape ${escape}`, cpLength(escape));
}

/** `\1`..`\99` are group references, three octal digits an octal escape (Python's "sigh"). */
function numericEscape(source: Source, escape: string, state: State): Node {
  let full = escape;
  if (source.next !== null && DIGITS.includes(source.next) && source.next.length === 1) {
    full += source.get() ?? "";
    const n = source.next;
    if (OCTDIGITS.includes(full[1] ?? "x") && OCTDIGITS.includes(full[2] ?? "x") && n !== null && n.length === 1 && OCTDIGITS.includes(n)) {
      full += source.get() ?? "";
      const value = parseInt(full.slice(1), 8);
      if (value > 0o377) {
        throw source.error(`octal escape value ${full} outside of range 0-0o377`, full.length);
      }
      return { op: "LITERAL", c: value };
    }
  }
  const group = Number(full.slice(1));
  if (group < state.groups) {
    if (!state.checkgroup(group)) throw source.error("cannot refer to an open group", full.length);
    state.checklookbehindgroup(group, source);
    return { op: "GROUPREF", g: group };
  }
  throw source.error(`invalid group reference ${group}`, full.length - 1);
}

// ---------------------------------------------------------------------------------------------------
// The parser proper (re/_parser.py _parse_sub, _parse, _parse_flags, parse)

/** Python's parse(str, flags=0): the tree, and the state holding the flags and groups it found. */
export function parse(pattern: string): { p: Sub; state: State } {
  const source = new Source(pattern);
  const state = new State();
  const p = parseSub(source, state, false, 0);
  if ((state.flags & FLAG_ASCII) === 0) state.flags |= FLAG_UNICODE;
  else if ((state.flags & FLAG_UNICODE) !== 0) throw new PatternError("ASCII and UNICODE flags are incompatible");
  if (source.next !== null) throw source.error("unbalanced parenthesis");
  for (const [g, pos] of state.grouprefpos) {
    if (g >= state.groups) throw reError(`invalid group reference ${g}`, Array.from(pattern), pos);
  }
  return { p, state };
}

/** _parse_sub: alternatives separated by `|`, a BRANCH when there are several. */
function parseSub(source: Source, state: State, verbose: boolean, nested: number): Sub {
  const items: Sub[] = [];
  for (;;) {
    items.push(parseSeq(source, state, verbose, nested + 1, nested === 0 && items.length === 0));
    if (!source.match("|")) break;
    if (nested === 0) verbose = (state.flags & FLAG_VERBOSE) !== 0;
  }
  const [only] = items;
  if (items.length === 1 && only !== undefined) return only;
  return [{ op: "BRANCH", alts: items }];
}

/** _parse: one alternative, up to `|`, `)` or the end. */
function parseSeq(source: Source, state: State, verbose: boolean, nested: number, first = false): Sub {
  const sub: Sub = [];
  for (;;) {
    const self = source.next;
    if (self === null || self === "|" || self === ")") break;
    source.get();
    if (verbose && skipVerbose(source, self)) continue;
    if (self[0] === "\\") sub.push(escapeInPattern(source, self, state));
    else if (!SPECIAL_CHARS.includes(self)) sub.push({ op: "LITERAL", c: self.codePointAt(0) ?? 0 });
    else if (self === "[") sub.push(parseSet(source));
    else if (REPEAT_CHARS.includes(self)) parseRepeat(source, sub, self);
    else if (self === ".") sub.push({ op: "ANY" });
    else if (self === "(") {
      const verboseAfter = parseGroup(source, state, sub, verbose, nested, first);
      if (verboseAfter !== null) verbose = verboseAfter;
    } else if (self === "^") sub.push({ op: "AT", at: "BEGINNING" });
    else sub.push({ op: "AT", at: "END" });
  }
  // Unpack non-capturing groups without flags, as Python does.
  for (let i = sub.length - 1; i >= 0; i--) {
    const n = sub[i];
    if (n !== undefined && n.op === "SUBPATTERN" && n.group === null && n.add === 0 && n.del === 0) {
      sub.splice(i, 1, ...n.p);
    }
  }
  return sub;
}

/** In verbose mode, white space and a `#` comment up to the end of the line are skipped. */
function skipVerbose(source: Source, self: string): boolean {
  if (WHITESPACE.includes(self)) return true;
  if (self !== "#") return false;
  for (;;) {
    const c = source.get();
    if (c === null || c === "\n") return true;
  }
}

/** `[...]` after the `[`: a single literal collapses to LITERAL / NOT_LITERAL, as Python does. */
function parseSet(source: Source): Node {
  const here = source.tell() - 1;
  const set: SetItem[] = [];
  const negate = source.match("^");
  for (;;) {
    const self = source.get();
    if (self === null) throw source.error("unterminated character set", source.tell() - here);
    if (self === "]" && set.length > 0) break;
    const code1 = setCode(source, self);
    if (source.match("-")) {
      const that = source.get();
      if (that === null) throw source.error("unterminated character set", source.tell() - here);
      if (that === "]") {
        set.push(setItemOf(code1), { op: "LITERAL", c: 45 });
        break;
      }
      const code2 = setCode(source, that);
      if (code1.op !== "LITERAL" || code2.op !== "LITERAL" || code2.c < code1.c) {
        throw source.error(`bad character range ${self}-${that}`, cpLength(self) + 1 + cpLength(that));
      }
      set.push({ op: "RANGE", lo: code1.c, hi: code2.c });
    } else {
      set.push(setItemOf(code1));
    }
  }
  const [single] = set;
  if (set.length === 1 && single !== undefined && single.op === "LITERAL") {
    return { op: negate ? "NOT_LITERAL" : "LITERAL", c: single.c };
  }
  return { op: "IN", items: negate ? [{ op: "NEGATE" }, ...set] : set };
}

/** One token inside `[...]`: a class escape, or the character itself. */
function setCode(source: Source, token: string): Node {
  return token[0] === "\\" ? classEscape(source, token) : { op: "LITERAL", c: token.codePointAt(0) ?? 0 };
}

/** A class escape's node as a set member: a literal, or the category inside its IN. */
function setItemOf(code: Node): SetItem {
  if (code.op === "LITERAL") return { op: "LITERAL", c: code.c };
  if (code.op === "IN" && code.items[0] !== undefined) return code.items[0];
  throw new Error("unreachable: a class escape is a literal or a category");
}

/** `*`, `+`, `?` or `{m,n}` applied to the last item, with its lazy `?` or possessive `+` suffix. */
function parseRepeat(source: Source, sub: Sub, self: string): void {
  const here = source.tell();
  let min = 0;
  let max = MAXREPEAT;
  if (self === "?") max = 1;
  else if (self === "+") min = 1;
  else if (self === "{") {
    const counts = parseBraces(source, here);
    if (counts === null) {
      sub.push({ op: "LITERAL", c: 123 });
      return;
    }
    [min, max] = counts;
  }
  const last = sub[sub.length - 1];
  if (last === undefined || last.op === "AT") throw source.error("nothing to repeat", source.tell() - here + 1);
  if (isRepeat(last)) throw source.error("multiple repeat", source.tell() - here + 1);
  const item: Sub = last.op === "SUBPATTERN" && last.group === null && last.add === 0 && last.del === 0 ? last.p : [last];
  const op: RepeatKind = source.match("?") ? "MIN_REPEAT" : source.match("+") ? "POSSESSIVE_REPEAT" : "MAX_REPEAT";
  sub[sub.length - 1] = { op, min, max, p: item };
}

/** `{m,n}` after the `{`: the counts, or null when it is no repeat and `{` is a literal (rewound to `here`). */
function parseBraces(source: Source, here: number): [number, number] | null {
  if (source.next === "}") return null;
  let min = 0;
  let max = MAXREPEAT;
  let lo = "";
  let hi = "";
  while (source.next !== null && source.next.length === 1 && DIGITS.includes(source.next)) lo += source.get();
  if (source.match(",")) {
    while (source.next !== null && source.next.length === 1 && DIGITS.includes(source.next)) hi += source.get();
  } else {
    hi = lo;
  }
  if (!source.match("}")) {
    source.seek(here);
    return null;
  }
  if (lo) {
    min = Number(lo);
    if (min >= MAXREPEAT) throw new PatternError("the repetition number is too large");
  }
  if (hi) {
    max = Number(hi);
    if (max >= MAXREPEAT) throw new PatternError("the repetition number is too large");
    if (max < min) throw source.error("min repeat greater than max repeat", source.tell() - here);
  }
  return [min, max];
}

/** `(`...: groups, extensions and flags. Returns the new verbose setting after global flags, else null. */
function parseGroup(source: Source, state: State, sub: Sub, verbose: boolean, nested: number, first: boolean): boolean | null {
  const start = source.tell() - 1;
  const body = (group: number | null, add = 0, del = 0, atomic = false): null => {
    sub.push(parseGroupBody(source, state, verbose, nested, start, { group, add, del, atomic }));
    return null;
  };
  if (!source.match("?")) return body(state.opengroup(source, null));
  const char = source.get();
  if (char === null) throw source.error("unexpected end of pattern");
  if (char === "P") {
    const name = parsePythonExtension(source, state, sub);
    return name === null ? null : body(state.opengroup(source, name));
  }
  if (char === ":") return body(null);
  if (char === "#") return skipComment(source, start);
  if ("=!<".includes(char)) return parseLookaround(source, state, sub, verbose, nested, char, start);
  if (char === "(") return parseConditional(source, state, sub, verbose, nested, start);
  if (char === ">") return body(null, 0, 0, true);
  if (FLAGS[char] !== undefined || char === "-") {
    const flags = parseFlags(source, state, char);
    if (flags !== null) return body(null, ...flags);
    if (!first || sub.length > 0) {
      throw source.error("global flags not at the start of the expression", source.tell() - start);
    }
    return (state.flags & FLAG_VERBOSE) !== 0;
  }
  throw source.error("unknown extension ?" + char, cpLength(char) + 1);
}

interface GroupKind {
  /** The group number to close when it captures, else null. */
  readonly group: number | null;
  readonly add: number;
  readonly del: number;
  readonly atomic: boolean;
}

/** The subpattern of a group up to its `)`, wrapped as the group's kind asks. */
function parseGroupBody(source: Source, state: State, verbose: boolean, nested: number, start: number, kind: GroupKind): Node {
  const { group, add, del } = kind;
  const subVerbose = (verbose || (add & FLAG_VERBOSE) !== 0) && (del & FLAG_VERBOSE) === 0;
  const p = parseSub(source, state, subVerbose, nested + 1);
  if (!source.match(")")) throw source.error("missing ), unterminated subpattern", source.tell() - start);
  if (group !== null) state.closegroup(group, p);
  return kind.atomic ? { op: "ATOMIC_GROUP", p } : { op: "SUBPATTERN", group, add, del, p };
}

/** `(?#...)`: skipped up to its `)`. */
function skipComment(source: Source, start: number): null {
  for (;;) {
    if (source.next === null) throw source.error("missing ), unterminated comment", source.tell() - start);
    if (source.get() === ")") return null;
  }
}

/** `(?P<name>` returns the name of the group to open; `(?P=name)` appends the reference and returns null. */
function parsePythonExtension(source: Source, state: State, sub: Sub): string | null {
  if (source.match("<")) {
    const name = source.getuntil(">", "group name");
    source.checkgroupname(name, 1);
    return name;
  }
  if (source.match("=")) {
    const ref = source.getuntil(")", "group name");
    source.checkgroupname(ref, 1);
    const gid = state.groupdict.get(ref);
    if (gid === undefined) throw source.error(`unknown group name ${pyRepr(ref)}`, cpLength(ref) + 1);
    if (!state.checkgroup(gid)) throw source.error("cannot refer to an open group", cpLength(ref) + 1);
    state.checklookbehindgroup(gid, source);
    sub.push({ op: "GROUPREF", g: gid });
    return null;
  }
  const c = source.get();
  if (c === null) throw source.error("unexpected end of pattern");
  throw source.error("unknown extension ?P" + c, cpLength(c) + 2);
}

/** `(?=`, `(?!`, `(?<=`, `(?<!`: inside a lookbehind, a reference may only name a group defined before it. */
function parseLookaround(source: Source, state: State, sub: Sub, verbose: boolean, nested: number, opener: string, start: number): null {
  let char = opener;
  let dir: 1 | -1 = 1;
  let outerLookbehind: number | null = null;
  if (char === "<") {
    const c = source.get();
    if (c === null) throw source.error("unexpected end of pattern");
    if (!"=!".includes(c)) throw source.error("unknown extension ?<" + c, cpLength(c) + 2);
    char = c;
    dir = -1;
    outerLookbehind = state.lookbehindgroups;
    if (outerLookbehind === null) state.lookbehindgroups = state.groups;
  }
  const p = parseSub(source, state, verbose, nested + 1);
  if (dir < 0 && outerLookbehind === null) state.lookbehindgroups = null;
  if (!source.match(")")) throw source.error("missing ), unterminated subpattern", source.tell() - start);
  sub.push({ op: char === "=" ? "ASSERT" : "ASSERT_NOT", dir, p });
  return null;
}

/** `(?(group)yes|no)`: two branches at most. */
function parseConditional(source: Source, state: State, sub: Sub, verbose: boolean, nested: number, start: number): null {
  const condgroup = parseCondition(source, state);
  state.checklookbehindgroup(condgroup, source);
  const yes = parseSeq(source, state, verbose, nested + 1);
  let no: Sub | null = null;
  if (source.match("|")) {
    no = parseSeq(source, state, verbose, nested + 1);
    if (source.next === "|") throw source.error("conditional backref with more than two branches");
  }
  if (!source.match(")")) throw source.error("missing ), unterminated subpattern", source.tell() - start);
  sub.push({ op: "GROUPREF_EXISTS", g: condgroup, yes, no });
  return null;
}

/** The `name` or number of `(?(name)`: a number may name a group defined later, checked at the end of parse. */
function parseCondition(source: Source, state: State): number {
  const condname = source.getuntil(")", "group name");
  if (IDENTIFIER.test(condname)) {
    const gid = state.groupdict.get(condname);
    if (gid === undefined) throw source.error(`unknown group name ${pyRepr(condname)}`, cpLength(condname) + 1);
    return gid;
  }
  const n = pyInt(condname);
  if (n === null || n < 0) throw source.error(`bad character in group name ${pyRepr(condname)}`, cpLength(condname) + 1);
  if (n === 0) throw source.error("bad group number", cpLength(condname) + 1);
  if (n >= MAXGROUPS) throw source.error(`invalid group reference ${n}`, cpLength(condname) + 1);
  if (!state.grouprefpos.has(n)) state.grouprefpos.set(n, source.tell() - cpLength(condname) - 1);
  return n;
}

/** Returns null for global flags `(?x)` (already applied to state), else the scoped [add, del]. */
function parseFlags(source: Source, state: State, first: string): [number, number] | null {
  let char = first;
  let addFlags = 0;
  if (char !== "-") [addFlags, char] = parseFlagsOn(source, char);
  if (char === ")") {
    state.flags |= addFlags;
    return null;
  }
  if ((addFlags & GLOBAL_FLAGS) !== 0) throw source.error("bad inline flags: cannot turn on global flag", 1);
  const delFlags = char === "-" ? parseFlagsOff(source) : 0;
  if ((delFlags & GLOBAL_FLAGS) !== 0) throw source.error("bad inline flags: cannot turn off global flag", 1);
  if ((addFlags & delFlags) !== 0) throw source.error("bad inline flags: flag turned on and off", 1);
  return [addFlags, delFlags];
}

/** The letters before `)`, `-` or `:`: the flags they turn on, and that terminator. */
function parseFlagsOn(source: Source, first: string): [number, string] {
  let char: string | null = first;
  let addFlags = 0;
  for (;;) {
    const flag = FLAGS[char] ?? 0;
    if (char === "L") throw source.error("bad inline flags: cannot use 'L' flag with a str pattern");
    addFlags |= flag;
    if ((flag & TYPE_FLAGS) !== 0 && (addFlags & TYPE_FLAGS) !== flag) {
      throw source.error("bad inline flags: flags 'a', 'u' and 'L' are incompatible");
    }
    char = source.get();
    if (char === null) throw source.error("missing -, : or )");
    if (")-:".includes(char)) return [addFlags, char];
    if (FLAGS[char] === undefined) {
      throw source.error(/^\p{L}$/u.test(char) ? "unknown flag" : "missing -, : or )", cpLength(char));
    }
  }
}

/** The letters after `-` up to `:`: the flags they turn off. */
function parseFlagsOff(source: Source): number {
  let char = source.get();
  if (char === null) throw source.error("missing flag");
  if (FLAGS[char] === undefined) throw source.error(/^\p{L}$/u.test(char) ? "unknown flag" : "missing flag", cpLength(char));
  let delFlags = 0;
  for (;;) {
    const flag = FLAGS[char] ?? 0;
    if ((flag & TYPE_FLAGS) !== 0) throw source.error("bad inline flags: cannot turn off flags 'a', 'u' and 'L'");
    delFlags |= flag;
    char = source.get();
    if (char === null) throw source.error("missing :");
    if (char === ":") return delFlags;
    if (FLAGS[char] === undefined) throw source.error(/^\p{L}$/u.test(char) ? "unknown flag" : "missing :", cpLength(char));
  }
}
