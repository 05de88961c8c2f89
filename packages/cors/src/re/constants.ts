/** @module re/constants — CPython 3.11's re/_constants.py: limits, flags, opcodes (as the parse tree's union) and `error`. */

// _sre.MAXREPEAT and _sre.MAXGROUPS, which _constants.py re-exports.
export const MAXREPEAT = 4294967295;
export const MAXGROUPS = 1073741823;

export const FLAG_TEMPLATE = 1;
export const FLAG_IGNORECASE = 2;
export const FLAG_LOCALE = 4;
export const FLAG_MULTILINE = 8;
export const FLAG_DOTALL = 16;
export const FLAG_UNICODE = 32;
export const FLAG_VERBOSE = 64;
export const FLAG_ASCII = 256;
export const TYPE_FLAGS = FLAG_ASCII | FLAG_LOCALE | FLAG_UNICODE;
export const GLOBAL_FLAGS = FLAG_TEMPLATE;

/** The inline flag letters, as re/_parser.py's FLAGS. */
export const FLAGS: Readonly<Record<string, number>> = {
  i: FLAG_IGNORECASE,
  L: FLAG_LOCALE,
  m: FLAG_MULTILINE,
  s: FLAG_DOTALL,
  x: FLAG_VERBOSE,
  a: FLAG_ASCII,
  t: FLAG_TEMPLATE,
  u: FLAG_UNICODE,
};

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

/** Python's `re.error(msg, pattern, pos)`: "msg at position N", plus line and column for multi-line patterns. */
export function reError(msg: string, chars: readonly string[], pos: number): PatternError {
  let text = `${msg} at position ${pos}`;
  if (chars.includes("\n")) {
    const before = chars.slice(0, Math.max(pos, 0));
    const lineno = before.filter((c) => c === "\n").length + 1;
    const colno = pos - before.lastIndexOf("\n");
    text += ` (line ${lineno}, column ${colno})`;
  }
  return new PatternError(text, pos);
}

// ---------------------------------------------------------------------------------------------------
// The parse tree: sre's (opcode, argument) pairs as a discriminated union

/** CHCODES: the categories a set may hold (\d \D \s \S \w \W). */
export type Category = "DIGIT" | "NOT_DIGIT" | "SPACE" | "NOT_SPACE" | "WORD" | "NOT_WORD";
/** ATCODES as the parser emits them; the compiler resolves MULTILINE. */
export type AtCode = "BEGINNING" | "BEGINNING_STRING" | "END" | "END_STRING" | "BOUNDARY" | "NON_BOUNDARY";
export type RepeatKind = "MAX_REPEAT" | "MIN_REPEAT" | "POSSESSIVE_REPEAT";

export type SetItem =
  | { readonly op: "LITERAL"; readonly c: number }
  | { readonly op: "RANGE"; readonly lo: number; readonly hi: number }
  | { readonly op: "CATEGORY"; readonly cat: Category }
  | { readonly op: "NEGATE" };

export type Node =
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

/** re/_parser.py's SubPattern: a sequence of nodes. */
export type Sub = Node[];

export const isRepeat = (n: Node): n is Extract<Node, { op: RepeatKind }> =>
  n.op === "MAX_REPEAT" || n.op === "MIN_REPEAT" || n.op === "POSSESSIVE_REPEAT";
