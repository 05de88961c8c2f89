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

/** Python's `re.error` (and the ValueError/OverflowError `re.compile` raises), or a refused construct. */
export class PatternError extends Error {
  override readonly name = "PatternError";
  /** Position in the pattern (in code points, as Python counts), when Python reports one. */
  readonly pos: number | null;
  constructor(message: string, pos: number | null = null) {
    super(message);
    this.pos = pos;
  }
}

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

// ---------------------------------------------------------------------------------------------------
// Constants of CPython 3.11 (re/_constants.py, _sre.MAXREPEAT, _sre.MAXGROUPS)

const MAXREPEAT = 4294967295;
const MAXGROUPS = 1073741823;

const FLAG_TEMPLATE = 1;
const FLAG_IGNORECASE = 2;
const FLAG_LOCALE = 4;
const FLAG_MULTILINE = 8;
const FLAG_DOTALL = 16;
const FLAG_UNICODE = 32;
const FLAG_VERBOSE = 64;
const FLAG_ASCII = 256;
const TYPE_FLAGS = FLAG_ASCII | FLAG_LOCALE | FLAG_UNICODE;
const GLOBAL_FLAGS = FLAG_TEMPLATE;

const FLAGS: Readonly<Record<string, number>> = {
  i: FLAG_IGNORECASE,
  L: FLAG_LOCALE,
  m: FLAG_MULTILINE,
  s: FLAG_DOTALL,
  x: FLAG_VERBOSE,
  a: FLAG_ASCII,
  t: FLAG_TEMPLATE,
  u: FLAG_UNICODE,
};

const SPECIAL_CHARS = ".\\[{()*+?^$|";
const REPEAT_CHARS = "*+?{";
const DIGITS = "0123456789";
const OCTDIGITS = "01234567";
const HEXDIGITS = "0123456789abcdefABCDEF";
const WHITESPACE = " \t\n\r\v\f";

// ---------------------------------------------------------------------------------------------------
// The parse tree: sre's (opcode, argument) pairs as a discriminated union

type Category = "DIGIT" | "NOT_DIGIT" | "SPACE" | "NOT_SPACE" | "WORD" | "NOT_WORD";
type AtCode = "BEGINNING" | "BEGINNING_STRING" | "END" | "END_STRING" | "BOUNDARY" | "NON_BOUNDARY";
type RepeatKind = "MAX_REPEAT" | "MIN_REPEAT" | "POSSESSIVE_REPEAT";

type SetItem =
  | { readonly op: "LITERAL"; readonly c: number }
  | { readonly op: "RANGE"; readonly lo: number; readonly hi: number }
  | { readonly op: "CATEGORY"; readonly cat: Category }
  | { readonly op: "NEGATE" };

type Node =
  | { readonly op: "LITERAL" | "NOT_LITERAL"; readonly c: number }
  | { readonly op: "ANY" }
  | { readonly op: "IN"; readonly items: readonly SetItem[] }
  | { readonly op: "AT"; readonly at: AtCode }
  | { readonly op: "BRANCH"; readonly alts: readonly Sub[] }
  | { readonly op: "SUBPATTERN"; readonly group: number | null; readonly add: number; readonly del: number; readonly p: Sub }
  | { readonly op: RepeatKind; readonly min: number; readonly max: number; readonly p: Sub }
  | { readonly op: "ATOMIC_GROUP"; readonly p: Sub }
  | { readonly op: "GROUPREF"; readonly g: number }
  | { readonly op: "GROUPREF_EXISTS"; readonly g: number; readonly yes: Sub; readonly no: Sub | null }
  | { readonly op: "ASSERT" | "ASSERT_NOT"; readonly dir: 1 | -1; readonly p: Sub };

type Sub = Node[];

const isRepeat = (n: Node): n is Extract<Node, { op: RepeatKind }> =>
  n.op === "MAX_REPEAT" || n.op === "MIN_REPEAT" || n.op === "POSSESSIVE_REPEAT";

// ---------------------------------------------------------------------------------------------------
// Python's repr() of a str and str.isidentifier(), for error messages and group names

const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp < 0x7f || ch === " " || !NOT_PRINTABLE.test(ch)) out += ch;
    else if (cp <= 0xff) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp <= 0xffff) out += "\\u" + cp.toString(16).padStart(4, "0");
    else out += "\\U" + cp.toString(16).padStart(8, "0");
  }
  return out + quote;
}

const IDENTIFIER = /^[\p{XID_Start}_]\p{XID_Continue}*$/u;

/** The white space int() strips: str.isspace() less \x1c-\x1f (measured on 3.11); not JS's \s. */
const PY_SPACE = "[\\t-\\r\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const PY_INT = new RegExp(`^${PY_SPACE}*([+-]?)(\\p{Nd}(?:_?\\p{Nd})*)${PY_SPACE}*$`, "u");
const DECIMAL = /^\p{Nd}$/u;

/** Value of a decimal digit of any script: Unicode encodes each script's 0-9 as one run of ten. */
function digitValue(cp: number): number {
  let start = cp;
  while (DECIMAL.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/** Python's int() on a group number: surrounding white space, a sign, decimal digits, single underscores. */
function pyInt(s: string): number | null {
  const m = PY_INT.exec(s);
  if (m === null) return null;
  let value = 0;
  for (const ch of (m[2] ?? "").replaceAll("_", "")) value = value * 10 + digitValue(ch.codePointAt(0) ?? 0);
  return m[1] === "-" ? -value : value;
}

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

const cpLength = (s: string): number => Array.from(s).length;

/** Python's `re.error(msg, pattern, pos)`: "msg at position N", plus line and column for multi-line patterns. */
function reError(msg: string, chars: readonly string[], pos: number): PatternError {
  let text = `${msg} at position ${pos}`;
  if (chars.includes("\n")) {
    const before = chars.slice(0, Math.max(pos, 0));
    const lineno = before.filter((c) => c === "\n").length + 1;
    const colno = pos - before.lastIndexOf("\n");
    text += ` (line ${lineno}, column ${colno})`;
  }
  return new PatternError(text, pos);
}

const unsupported = (what: string, pos: number): PatternError =>
  new PatternError(`unsupported construct ${what} at position ${pos}`, pos);

// ---------------------------------------------------------------------------------------------------
// Parser state (re/_parser.py State) and widths (SubPattern.getwidth)

class State {
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
function getwidth(p: Sub, state: State): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const n of p) {
    let i = 0;
    let j = 0;
    if (n.op === "BRANCH") {
      i = MAXREPEAT - 1;
      for (const alt of n.alts) {
        const [l, h] = getwidth(alt, state);
        i = Math.min(i, l);
        j = Math.max(j, h);
      }
    } else if (n.op === "ATOMIC_GROUP" || n.op === "SUBPATTERN") {
      [i, j] = getwidth(n.p, state);
    } else if (isRepeat(n)) {
      const [l, h] = getwidth(n.p, state);
      i = l * n.min;
      j = h * n.max;
    } else if (n.op === "LITERAL" || n.op === "NOT_LITERAL" || n.op === "ANY" || n.op === "IN") {
      i = j = 1;
    } else if (n.op === "GROUPREF") {
      [i, j] = state.groupwidths[n.g] ?? [0, 0];
    } else if (n.op === "GROUPREF_EXISTS") {
      [i, j] = getwidth(n.yes, state);
      if (n.no !== null) {
        const [l, h] = getwidth(n.no, state);
        i = Math.min(i, l);
        j = Math.max(j, h);
      } else {
        i = 0;
      }
    }
    lo += i;
    hi += j;
  }
  return [Math.min(lo, MAXREPEAT - 1), Math.min(hi, MAXREPEAT)];
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

function parseSeq(source: Source, state: State, verbose: boolean, nested: number, first = false): Sub {
  const sub: Sub = [];
  for (;;) {
    const self = source.next;
    if (self === null || self === "|" || self === ")") break;
    source.get();
    if (verbose) {
      if (WHITESPACE.includes(self)) continue;
      if (self === "#") {
        for (;;) {
          const c = source.get();
          if (c === null || c === "\n") break;
        }
        continue;
      }
    }
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

function parseSet(source: Source): Node {
  const here = source.tell() - 1;
  const set: SetItem[] = [];
  const negate = source.match("^");
  for (;;) {
    const self = source.get();
    if (self === null) throw source.error("unterminated character set", source.tell() - here);
    if (self === "]" && set.length > 0) break;
    const code1 = self[0] === "\\" ? classEscape(source, self) : ({ op: "LITERAL", c: self.codePointAt(0) ?? 0 } as Node);
    if (source.match("-")) {
      const that = source.get();
      if (that === null) throw source.error("unterminated character set", source.tell() - here);
      if (that === "]") {
        set.push(setItemOf(code1), { op: "LITERAL", c: 45 });
        break;
      }
      const code2 = that[0] === "\\" ? classEscape(source, that) : ({ op: "LITERAL", c: that.codePointAt(0) ?? 0 } as Node);
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

function setItemOf(code: Node): SetItem {
  if (code.op === "LITERAL") return { op: "LITERAL", c: code.c };
  if (code.op === "IN" && code.items[0] !== undefined) return code.items[0];
  throw new Error("unreachable: a class escape is a literal or a category");
}

function parseRepeat(source: Source, sub: Sub, self: string): void {
  const here = source.tell();
  let min = 0;
  let max = MAXREPEAT;
  if (self === "?") max = 1;
  else if (self === "+") min = 1;
  else if (self === "{") {
    if (source.next === "}") {
      sub.push({ op: "LITERAL", c: 123 });
      return;
    }
    let lo = "";
    let hi = "";
    while (source.next !== null && source.next.length === 1 && DIGITS.includes(source.next)) lo += source.get();
    if (source.match(",")) {
      while (source.next !== null && source.next.length === 1 && DIGITS.includes(source.next)) hi += source.get();
    } else {
      hi = lo;
    }
    if (!source.match("}")) {
      sub.push({ op: "LITERAL", c: 123 });
      source.seek(here);
      return;
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
  }
  const last = sub[sub.length - 1];
  if (last === undefined || last.op === "AT") throw source.error("nothing to repeat", source.tell() - here + 1);
  if (isRepeat(last)) throw source.error("multiple repeat", source.tell() - here + 1);
  const item: Sub = last.op === "SUBPATTERN" && last.group === null && last.add === 0 && last.del === 0 ? last.p : [last];
  const op: RepeatKind = source.match("?") ? "MIN_REPEAT" : source.match("+") ? "POSSESSIVE_REPEAT" : "MAX_REPEAT";
  sub[sub.length - 1] = { op, min, max, p: item };
}

/** `(`...: groups, extensions and flags. Returns the new verbose setting after global flags, else null. */
function parseGroup(source: Source, state: State, sub: Sub, verbose: boolean, nested: number, first: boolean): boolean | null {
  const start = source.tell() - 1;
  let capture = true;
  let atomic = false;
  let name: string | null = null;
  let addFlags = 0;
  let delFlags = 0;
  if (source.match("?")) {
    const char = source.get();
    if (char === null) throw source.error("unexpected end of pattern");
    if (char === "P") {
      name = parsePythonExtension(source, state, sub);
      if (name === null) return null;
    } else if (char === ":") {
      capture = false;
    } else if (char === "#") {
      for (;;) {
        if (source.next === null) throw source.error("missing ), unterminated comment", source.tell() - start);
        if (source.get() === ")") break;
      }
      return null;
    } else if ("=!<".includes(char)) {
      parseLookaround(source, state, sub, verbose, nested, char, start);
      return null;
    } else if (char === "(") {
      parseConditional(source, state, sub, verbose, nested, start);
      return null;
    } else if (char === ">") {
      capture = false;
      atomic = true;
    } else if (FLAGS[char] !== undefined || char === "-") {
      const flags = parseFlags(source, state, char);
      if (flags === null) {
        if (!first || sub.length > 0) {
          throw source.error("global flags not at the start of the expression", source.tell() - start);
        }
        return (state.flags & FLAG_VERBOSE) !== 0;
      }
      [addFlags, delFlags] = flags;
      capture = false;
    } else {
      throw source.error("unknown extension ?" + char, cpLength(char) + 1);
    }
  }
  const group = capture ? state.opengroup(source, name) : null;
  const subVerbose = (verbose || (addFlags & FLAG_VERBOSE) !== 0) && (delFlags & FLAG_VERBOSE) === 0;
  const p = parseSub(source, state, subVerbose, nested + 1);
  if (!source.match(")")) throw source.error("missing ), unterminated subpattern", source.tell() - start);
  if (group !== null) state.closegroup(group, p);
  sub.push(atomic ? { op: "ATOMIC_GROUP", p } : { op: "SUBPATTERN", group, add: addFlags, del: delFlags, p });
  return null;
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

function parseLookaround(source: Source, state: State, sub: Sub, verbose: boolean, nested: number, opener: string, start: number): void {
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
}

function parseConditional(source: Source, state: State, sub: Sub, verbose: boolean, nested: number, start: number): void {
  const condname = source.getuntil(")", "group name");
  let condgroup: number;
  if (IDENTIFIER.test(condname)) {
    const gid = state.groupdict.get(condname);
    if (gid === undefined) throw source.error(`unknown group name ${pyRepr(condname)}`, cpLength(condname) + 1);
    condgroup = gid;
  } else {
    const n = pyInt(condname);
    if (n === null || n < 0) throw source.error(`bad character in group name ${pyRepr(condname)}`, cpLength(condname) + 1);
    if (n === 0) throw source.error("bad group number", cpLength(condname) + 1);
    if (n >= MAXGROUPS) throw source.error(`invalid group reference ${n}`, cpLength(condname) + 1);
    condgroup = n;
    if (!state.grouprefpos.has(n)) state.grouprefpos.set(n, source.tell() - cpLength(condname) - 1);
  }
  state.checklookbehindgroup(condgroup, source);
  const yes = parseSeq(source, state, verbose, nested + 1);
  let no: Sub | null = null;
  if (source.match("|")) {
    no = parseSeq(source, state, verbose, nested + 1);
    if (source.next === "|") throw source.error("conditional backref with more than two branches");
  }
  if (!source.match(")")) throw source.error("missing ), unterminated subpattern", source.tell() - start);
  sub.push({ op: "GROUPREF_EXISTS", g: condgroup, yes, no });
}

/** Returns null for global flags `(?x)` (already applied to state), else the scoped [add, del]. */
function parseFlags(source: Source, state: State, first: string): [number, number] | null {
  let char: string | null = first;
  let addFlags = 0;
  let delFlags = 0;
  if (char !== "-") {
    for (;;) {
      const flag = FLAGS[char] ?? 0;
      if (char === "L") throw source.error("bad inline flags: cannot use 'L' flag with a str pattern");
      addFlags |= flag;
      if ((flag & TYPE_FLAGS) !== 0 && (addFlags & TYPE_FLAGS) !== flag) {
        throw source.error("bad inline flags: flags 'a', 'u' and 'L' are incompatible");
      }
      char = source.get();
      if (char === null) throw source.error("missing -, : or )");
      if (")-:".includes(char)) break;
      if (FLAGS[char] === undefined) {
        throw source.error(/^\p{L}$/u.test(char) ? "unknown flag" : "missing -, : or )", cpLength(char));
      }
    }
  }
  if (char === ")") {
    state.flags |= addFlags;
    return null;
  }
  if ((addFlags & GLOBAL_FLAGS) !== 0) throw source.error("bad inline flags: cannot turn on global flag", 1);
  if (char === "-") {
    char = source.get();
    if (char === null) throw source.error("missing flag");
    if (FLAGS[char] === undefined) throw source.error(/^\p{L}$/u.test(char) ? "unknown flag" : "missing flag", cpLength(char));
    for (;;) {
      const flag = FLAGS[char] ?? 0;
      if ((flag & TYPE_FLAGS) !== 0) throw source.error("bad inline flags: cannot turn off flags 'a', 'u' and 'L'");
      delFlags |= flag;
      char = source.get();
      if (char === null) throw source.error("missing :");
      if (char === ":") break;
      if (FLAGS[char] === undefined) throw source.error(/^\p{L}$/u.test(char) ? "unknown flag" : "missing :", cpLength(char));
    }
  }
  if ((delFlags & GLOBAL_FLAGS) !== 0) throw source.error("bad inline flags: cannot turn off global flag", 1);
  if ((addFlags & delFlags) !== 0) throw source.error("bad inline flags: flag turned on and off", 1);
  return [addFlags, delFlags];
}

function parse(pattern: string): { p: Sub; state: State } {
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

// ---------------------------------------------------------------------------------------------------
// Characters: Python's case folding and categories restricted to latin-1 (generated from CPython 3.11
// by scripts/gen_re_fixtures.py --tables; the fixtures check every entry)

/** sre's unicode_tolower for a latin-1 code unit. */
const lowerUnicode = (c: number): number => ((c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c <= 0xde && c !== 0xd7) ? c + 32 : c);
const lowerAscii = (c: number): number => (c >= 0x41 && c <= 0x5a ? c + 32 : c);

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
const IDENTITY = latin1Table((c) => [c]);
const ASCII_FOLDS = latin1Table((c) => asciiPreimages(lowerAscii(c)));
const UNICODE_FOLDS = latin1Table((c) => unicodePreimages(lowerUnicode(c)));

function bitsOf(ranges: readonly (readonly [number, number])[]): Uint8Array {
  const bits = new Uint8Array(256);
  for (const [lo, hi] of ranges) bits.fill(1, lo, hi + 1);
  return bits;
}

// \w is str.isalnum() or "_": it takes the superscript digits and vulgar fractions (isnumeric) too.
const UNICODE_WORD = bitsOf([
  [0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a], [0xaa, 0xaa], [0xb2, 0xb3],
  [0xb5, 0xb5], [0xb9, 0xba], [0xbc, 0xbe], [0xc0, 0xd6], [0xd8, 0xf6], [0xf8, 0xff],
]);
const UNICODE_DIGIT = bitsOf([[0x30, 0x39]]);
const UNICODE_SPACE = bitsOf([[0x09, 0x0d], [0x1c, 0x20], [0x85, 0x85], [0xa0, 0xa0]]);
const ASCII_WORD = bitsOf([[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]]);
const ASCII_SPACE = bitsOf([[0x09, 0x0d], [0x20, 0x20]]);

function inCategory(cat: Category, c: number, ascii: boolean): boolean {
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

/** Names \N{...} may use: latin-1 characters, their formal aliases, and the code points that fold to them (generated). */
const UNICODE_NAMES: ReadonlyMap<string, number> = new Map(
  `
20:SPACE|21:EXCLAMATION MARK|22:QUOTATION MARK|23:NUMBER SIGN|24:DOLLAR SIGN|25:PERCENT SIGN|26:AMPERSAND
27:APOSTROPHE|28:LEFT PARENTHESIS|29:RIGHT PARENTHESIS|2a:ASTERISK|2b:PLUS SIGN|2c:COMMA|2d:HYPHEN-MINUS
2e:FULL STOP|2f:SOLIDUS|30:DIGIT ZERO|31:DIGIT ONE|32:DIGIT TWO|33:DIGIT THREE|34:DIGIT FOUR|35:DIGIT FIVE
36:DIGIT SIX|37:DIGIT SEVEN|38:DIGIT EIGHT|39:DIGIT NINE|3a:COLON|3b:SEMICOLON|3c:LESS-THAN SIGN
3d:EQUALS SIGN|3e:GREATER-THAN SIGN|3f:QUESTION MARK|40:COMMERCIAL AT|41:LATIN CAPITAL LETTER A
42:LATIN CAPITAL LETTER B|43:LATIN CAPITAL LETTER C|44:LATIN CAPITAL LETTER D|45:LATIN CAPITAL LETTER E
46:LATIN CAPITAL LETTER F|47:LATIN CAPITAL LETTER G|48:LATIN CAPITAL LETTER H|49:LATIN CAPITAL LETTER I
4a:LATIN CAPITAL LETTER J|4b:LATIN CAPITAL LETTER K|4c:LATIN CAPITAL LETTER L|4d:LATIN CAPITAL LETTER M
4e:LATIN CAPITAL LETTER N|4f:LATIN CAPITAL LETTER O|50:LATIN CAPITAL LETTER P|51:LATIN CAPITAL LETTER Q
52:LATIN CAPITAL LETTER R|53:LATIN CAPITAL LETTER S|54:LATIN CAPITAL LETTER T|55:LATIN CAPITAL LETTER U
56:LATIN CAPITAL LETTER V|57:LATIN CAPITAL LETTER W|58:LATIN CAPITAL LETTER X|59:LATIN CAPITAL LETTER Y
5a:LATIN CAPITAL LETTER Z|5b:LEFT SQUARE BRACKET|5c:REVERSE SOLIDUS|5d:RIGHT SQUARE BRACKET
5e:CIRCUMFLEX ACCENT|5f:LOW LINE|60:GRAVE ACCENT|61:LATIN SMALL LETTER A|62:LATIN SMALL LETTER B
63:LATIN SMALL LETTER C|64:LATIN SMALL LETTER D|65:LATIN SMALL LETTER E|66:LATIN SMALL LETTER F
67:LATIN SMALL LETTER G|68:LATIN SMALL LETTER H|69:LATIN SMALL LETTER I|6a:LATIN SMALL LETTER J
6b:LATIN SMALL LETTER K|6c:LATIN SMALL LETTER L|6d:LATIN SMALL LETTER M|6e:LATIN SMALL LETTER N
6f:LATIN SMALL LETTER O|70:LATIN SMALL LETTER P|71:LATIN SMALL LETTER Q|72:LATIN SMALL LETTER R
73:LATIN SMALL LETTER S|74:LATIN SMALL LETTER T|75:LATIN SMALL LETTER U|76:LATIN SMALL LETTER V
77:LATIN SMALL LETTER W|78:LATIN SMALL LETTER X|79:LATIN SMALL LETTER Y|7a:LATIN SMALL LETTER Z
7b:LEFT CURLY BRACKET|7c:VERTICAL LINE|7d:RIGHT CURLY BRACKET|7e:TILDE|a0:NO-BREAK SPACE
a1:INVERTED EXCLAMATION MARK|a2:CENT SIGN|a3:POUND SIGN|a4:CURRENCY SIGN|a5:YEN SIGN|a6:BROKEN BAR
a7:SECTION SIGN|a8:DIAERESIS|a9:COPYRIGHT SIGN|aa:FEMININE ORDINAL INDICATOR
ab:LEFT-POINTING DOUBLE ANGLE QUOTATION MARK|ac:NOT SIGN|ad:SOFT HYPHEN|ae:REGISTERED SIGN|af:MACRON
b0:DEGREE SIGN|b1:PLUS-MINUS SIGN|b2:SUPERSCRIPT TWO|b3:SUPERSCRIPT THREE|b4:ACUTE ACCENT|b5:MICRO SIGN
b6:PILCROW SIGN|b7:MIDDLE DOT|b8:CEDILLA|b9:SUPERSCRIPT ONE|ba:MASCULINE ORDINAL INDICATOR
bb:RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK|bc:VULGAR FRACTION ONE QUARTER|bd:VULGAR FRACTION ONE HALF
be:VULGAR FRACTION THREE QUARTERS|bf:INVERTED QUESTION MARK|c0:LATIN CAPITAL LETTER A WITH GRAVE
c1:LATIN CAPITAL LETTER A WITH ACUTE|c2:LATIN CAPITAL LETTER A WITH CIRCUMFLEX
c3:LATIN CAPITAL LETTER A WITH TILDE|c4:LATIN CAPITAL LETTER A WITH DIAERESIS
c5:LATIN CAPITAL LETTER A WITH RING ABOVE|c6:LATIN CAPITAL LETTER AE|c7:LATIN CAPITAL LETTER C WITH CEDILLA
c8:LATIN CAPITAL LETTER E WITH GRAVE|c9:LATIN CAPITAL LETTER E WITH ACUTE
ca:LATIN CAPITAL LETTER E WITH CIRCUMFLEX|cb:LATIN CAPITAL LETTER E WITH DIAERESIS
cc:LATIN CAPITAL LETTER I WITH GRAVE|cd:LATIN CAPITAL LETTER I WITH ACUTE
ce:LATIN CAPITAL LETTER I WITH CIRCUMFLEX|cf:LATIN CAPITAL LETTER I WITH DIAERESIS|d0:LATIN CAPITAL LETTER ETH
d1:LATIN CAPITAL LETTER N WITH TILDE|d2:LATIN CAPITAL LETTER O WITH GRAVE|d3:LATIN CAPITAL LETTER O WITH ACUTE
d4:LATIN CAPITAL LETTER O WITH CIRCUMFLEX|d5:LATIN CAPITAL LETTER O WITH TILDE
d6:LATIN CAPITAL LETTER O WITH DIAERESIS|d7:MULTIPLICATION SIGN|d8:LATIN CAPITAL LETTER O WITH STROKE
d9:LATIN CAPITAL LETTER U WITH GRAVE|da:LATIN CAPITAL LETTER U WITH ACUTE
db:LATIN CAPITAL LETTER U WITH CIRCUMFLEX|dc:LATIN CAPITAL LETTER U WITH DIAERESIS
dd:LATIN CAPITAL LETTER Y WITH ACUTE|de:LATIN CAPITAL LETTER THORN|df:LATIN SMALL LETTER SHARP S
e0:LATIN SMALL LETTER A WITH GRAVE|e1:LATIN SMALL LETTER A WITH ACUTE|e2:LATIN SMALL LETTER A WITH CIRCUMFLEX
e3:LATIN SMALL LETTER A WITH TILDE|e4:LATIN SMALL LETTER A WITH DIAERESIS
e5:LATIN SMALL LETTER A WITH RING ABOVE|e6:LATIN SMALL LETTER AE|e7:LATIN SMALL LETTER C WITH CEDILLA
e8:LATIN SMALL LETTER E WITH GRAVE|e9:LATIN SMALL LETTER E WITH ACUTE|ea:LATIN SMALL LETTER E WITH CIRCUMFLEX
eb:LATIN SMALL LETTER E WITH DIAERESIS|ec:LATIN SMALL LETTER I WITH GRAVE|ed:LATIN SMALL LETTER I WITH ACUTE
ee:LATIN SMALL LETTER I WITH CIRCUMFLEX|ef:LATIN SMALL LETTER I WITH DIAERESIS|f0:LATIN SMALL LETTER ETH
f1:LATIN SMALL LETTER N WITH TILDE|f2:LATIN SMALL LETTER O WITH GRAVE|f3:LATIN SMALL LETTER O WITH ACUTE
f4:LATIN SMALL LETTER O WITH CIRCUMFLEX|f5:LATIN SMALL LETTER O WITH TILDE
f6:LATIN SMALL LETTER O WITH DIAERESIS|f7:DIVISION SIGN|f8:LATIN SMALL LETTER O WITH STROKE
f9:LATIN SMALL LETTER U WITH GRAVE|fa:LATIN SMALL LETTER U WITH ACUTE|fb:LATIN SMALL LETTER U WITH CIRCUMFLEX
fc:LATIN SMALL LETTER U WITH DIAERESIS|fd:LATIN SMALL LETTER Y WITH ACUTE|fe:LATIN SMALL LETTER THORN
ff:LATIN SMALL LETTER Y WITH DIAERESIS|130:LATIN CAPITAL LETTER I WITH DOT ABOVE
131:LATIN SMALL LETTER DOTLESS I|17f:LATIN SMALL LETTER LONG S|178:LATIN CAPITAL LETTER Y WITH DIAERESIS
39c:GREEK CAPITAL LETTER MU|3bc:GREEK SMALL LETTER MU|1e9e:LATIN CAPITAL LETTER SHARP S|212a:KELVIN SIGN
212b:ANGSTROM SIGN|0:NULL|0:NUL|1:START OF HEADING|1:SOH|2:START OF TEXT|2:STX|3:END OF TEXT|3:ETX
4:END OF TRANSMISSION|4:EOT|5:ENQUIRY|5:ENQ|6:ACKNOWLEDGE|6:ACK|7:ALERT|7:BEL|8:BACKSPACE|8:BS
9:CHARACTER TABULATION|9:HORIZONTAL TABULATION|9:HT|9:TAB|a:LINE FEED|a:NEW LINE|a:END OF LINE|a:LF|a:NL|a:EOL
b:LINE TABULATION|b:VERTICAL TABULATION|b:VT|c:FORM FEED|c:FF|d:CARRIAGE RETURN|d:CR|e:SHIFT OUT
e:LOCKING-SHIFT ONE|e:SO|f:SHIFT IN|f:LOCKING-SHIFT ZERO|f:SI|10:DATA LINK ESCAPE|10:DLE|11:DEVICE CONTROL ONE
11:DC1|12:DEVICE CONTROL TWO|12:DC2|13:DEVICE CONTROL THREE|13:DC3|14:DEVICE CONTROL FOUR|14:DC4
15:NEGATIVE ACKNOWLEDGE|15:NAK|16:SYNCHRONOUS IDLE|16:SYN|17:END OF TRANSMISSION BLOCK|17:ETB|18:CANCEL|18:CAN
19:END OF MEDIUM|19:EOM|1a:SUBSTITUTE|1a:SUB|1b:ESCAPE|1b:ESC|1c:INFORMATION SEPARATOR FOUR|1c:FILE SEPARATOR
1c:FS|1d:INFORMATION SEPARATOR THREE|1d:GROUP SEPARATOR|1d:GS|1e:INFORMATION SEPARATOR TWO|1e:RECORD SEPARATOR
1e:RS|1f:INFORMATION SEPARATOR ONE|1f:UNIT SEPARATOR|1f:US|20:SP|7f:DELETE|7f:DEL|80:PADDING CHARACTER|80:PAD
81:HIGH OCTET PRESET|81:HOP|82:BREAK PERMITTED HERE|82:BPH|83:NO BREAK HERE|83:NBH|84:INDEX|84:IND
85:NEXT LINE|85:NEL|86:START OF SELECTED AREA|86:SSA|87:END OF SELECTED AREA|87:ESA
88:CHARACTER TABULATION SET|88:HORIZONTAL TABULATION SET|88:HTS|89:CHARACTER TABULATION WITH JUSTIFICATION
89:HORIZONTAL TABULATION WITH JUSTIFICATION|89:HTJ|8a:LINE TABULATION SET|8a:VERTICAL TABULATION SET|8a:VTS
8b:PARTIAL LINE FORWARD|8b:PARTIAL LINE DOWN|8b:PLD|8c:PARTIAL LINE BACKWARD|8c:PARTIAL LINE UP|8c:PLU
8d:REVERSE LINE FEED|8d:REVERSE INDEX|8d:RI|8e:SINGLE SHIFT TWO|8e:SINGLE-SHIFT-2|8e:SS2|8f:SINGLE SHIFT THREE
8f:SINGLE-SHIFT-3|8f:SS3|90:DEVICE CONTROL STRING|90:DCS|91:PRIVATE USE ONE|91:PRIVATE USE-1|91:PU1
92:PRIVATE USE TWO|92:PRIVATE USE-2|92:PU2|93:SET TRANSMIT STATE|93:STS|94:CANCEL CHARACTER|94:CCH
95:MESSAGE WAITING|95:MW|96:START OF GUARDED AREA|96:START OF PROTECTED AREA|96:SPA|97:END OF GUARDED AREA
97:END OF PROTECTED AREA|97:EPA|98:START OF STRING|98:SOS|99:SINGLE GRAPHIC CHARACTER INTRODUCER|99:SGC
9a:SINGLE CHARACTER INTRODUCER|9a:SCI|9b:CONTROL SEQUENCE INTRODUCER|9b:CSI|9c:STRING TERMINATOR|9c:ST
9d:OPERATING SYSTEM COMMAND|9d:OSC|9e:PRIVACY MESSAGE|9e:PM|9f:APPLICATION PROGRAM COMMAND|9f:APC|a0:NBSP
ad:SHY
`.split(/[|\n]/).filter((entry) => entry.length > 0).map((entry) => {
    const [hex = "", name = ""] = entry.split(":");
    return [name, parseInt(hex, 16)] as const;
  }),
);

// ---------------------------------------------------------------------------------------------------
// Lowering: apply the flags (re/_compiler.py _compile) and resolve every character test to latin-1 bits

type At = "begin" | "beginLine" | "end" | "endLine" | "endString" | "boundary" | "nonBoundary";
type Fold = "none" | "ascii" | "unicode";

type IR =
  | { readonly k: "set"; readonly bits: Uint8Array }
  | { readonly k: "at"; readonly at: At; readonly word: Uint8Array }
  | { readonly k: "branch"; readonly alts: readonly IR[][] }
  | { readonly k: "group"; readonly g: number; readonly p: IR[] }
  | { readonly k: "repeat"; readonly kind: RepeatKind; readonly min: number; readonly max: number; readonly p: IR[] }
  | { readonly k: "atomic"; readonly p: IR[] }
  | { readonly k: "ref"; readonly g: number; readonly fold: Fold }
  | { readonly k: "exists"; readonly g: number; readonly yes: IR[]; readonly no: IR[] }
  | { readonly k: "assert"; readonly neg: boolean; readonly behind: number | null; readonly p: IR[] };

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

function lower(p: Sub, flags: number, state: State): IR[] {
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
    case "ASSERT_NOT": {
      let behind: number | null = null;
      if (n.dir < 0) {
        const [lo, hi] = getwidth(n.p, state);
        if (lo !== hi) throw new PatternError("look-behind requires fixed-width pattern");
        behind = lo;
      }
      return [{ k: "assert", neg: n.op === "ASSERT_NOT", behind, p: lower(n.p, flags, state) }];
    }
  }
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

// ---------------------------------------------------------------------------------------------------
// Engine 1: a JS RegExp, used when JS backtracking provably finds what sre finds

/** Largest finite repeat count handed to V8; bigger counts go to the backtracking matcher. */
const REGEXP_MAX_COUNT = 1000;

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

// ---------------------------------------------------------------------------------------------------
// Engine 2: a backtracking matcher that follows sre (Modules/_sre/sre_lib.h SRE(match)) op for op

interface Repeat {
  count: number;
  lastPtr: number;
  readonly prev: Repeat | null;
}

interface MatchState {
  readonly s: string;
  readonly end: number;
  marks: number[];
  lastmark: number;
  repeat: Repeat | null;
}

type Cont = (pos: number) => boolean;
type Matcher = (st: MatchState, pos: number, k: Cont) => boolean;

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
    case "group": {
      const body = seqMatcher(n.p);
      const i = 2 * (n.g - 1);
      return (st, pos, k) => {
        setMark(st, i, pos);
        return body(st, pos, (p) => {
          setMark(st, i + 1, p);
          return k(p);
        });
      };
    }
    case "repeat":
      return repeatMatcher(n);
    case "atomic": {
      const body = seqMatcher(n.p);
      return (st, pos, k) => {
        let end = -1;
        return body(st, pos, (p) => ((end = p), true)) && k(end);
      };
    }
    case "ref":
      return refMatcher(n.g, n.fold);
    case "exists": {
      const yes = seqMatcher(n.yes);
      const no = seqMatcher(n.no);
      return (st, pos, k) => (groupSpan(st, n.g) !== null ? yes : no)(st, pos, k);
    }
    case "assert":
      return assertMatcher(n.neg, n.behind ?? 0, seqMatcher(n.p));
  }
}

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

/** REPEAT_ONE, MIN_REPEAT_ONE, POSSESSIVE_REPEAT_ONE: a repeated single-character test. */
function singleRepeat(kind: RepeatKind, min: number, max: number, bits: Uint8Array): Matcher {
  const count = (st: MatchState, pos: number, limit: number): number => {
    const stop = limit === MAXREPEAT ? st.end : Math.min(st.end, pos + limit);
    let p = pos;
    while (p < stop && bits[st.s.charCodeAt(p)] === 1) p++;
    return p - pos;
  };
  const retry = (st: MatchState, pos: number, k: Cont): boolean => {
    const lastmark = st.lastmark;
    const saved = st.repeat !== null ? pushMarks(st) : null;
    if (k(pos)) return true;
    if (saved !== null) popMarks(st, saved);
    st.lastmark = lastmark;
    return false;
  };
  if (kind === "POSSESSIVE_REPEAT") {
    return (st, pos, k) => {
      const n = count(st, pos, max);
      return n >= min && k(pos + n);
    };
  }
  if (kind === "MAX_REPEAT") {
    return (st, pos, k) => {
      for (let n = count(st, pos, max); n >= min; n--) if (retry(st, pos + n, k)) return true;
      return false;
    };
  }
  return (st, pos, k) => {
    let n = min === 0 ? 0 : count(st, pos, min);
    if (n < min) return false;
    for (;;) {
      if (retry(st, pos + n, k)) return true;
      if (max !== MAXREPEAT && n >= max) return false;
      if (count(st, pos + n, 1) === 0) return false;
      n++;
    }
  };
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

// ---------------------------------------------------------------------------------------------------
// Public API

class RegExpPattern implements CompiledPattern {
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

class BacktrackPattern implements CompiledPattern {
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

/** Which engine `compile` uses: "auto" picks the RegExp whenever it is exact (tests force each one). */
export type Engine = "auto" | "backtrack";

/**
 * Python's `re.compile(pattern)` for a str pattern, matched with `fullmatch` semantics. Throws
 * PatternError where Python raises (same message), or for a construct this port cannot reproduce.
 */
export function compile(pattern: string, engine: Engine = "auto"): CompiledPattern {
  const { p, state } = parse(pattern);
  const ir = lower(p, state.flags, state);
  if (engine === "auto" && regexpFaithful(ir, false, false)) {
    return new RegExpPattern(pattern, `^(?:${new RegExpWriter().seq(ir)})$`, "u");
  }
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
