/** @module Mirrors the errors of Python 3.11's json/decoder.py: where and why `json.loads` refuses a document,
 * so FastAPI's `json_invalid` error carries Python's position and message. Parsing itself is `JSON.parse`;
 * this scanner only runs on text that JSON.parse refused.
 */

/** Python's `JSONDecodeError`: the message and the position (in code points, as Python counts). */
export class JSONDecodeError extends Error {
  override name = "JSONDecodeError";
  readonly msg: string;
  readonly pos: number;

  constructor(msg: string, text: string, index: number) {
    const pos = Array.from(text.slice(0, index)).length;
    super(`${msg}: char ${pos}`);
    this.msg = msg;
    this.pos = pos;
  }
}

const WHITESPACE = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const CONSTANTS = ["null", "true", "false", "NaN", "Infinity", "-Infinity"];
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);

class Scanner {
  constructor(private readonly text: string) {}

  fail(msg: string, index: number): never {
    throw new JSONDecodeError(msg, this.text, index);
  }

  ws(index: number): number {
    WHITESPACE.lastIndex = index;
    WHITESPACE.exec(this.text);
    return WHITESPACE.lastIndex;
  }

  value(index: number): number {
    const char = this.text[index];
    if (char === '"') return this.string(index);
    if (char === "{") return this.object(index + 1);
    if (char === "[") return this.array(index + 1);
    const constant = CONSTANTS.find((word) => this.text.startsWith(word, index));
    if (constant !== undefined) return index + constant.length;
    NUMBER.lastIndex = index;
    if (NUMBER.exec(this.text) !== null) return NUMBER.lastIndex;
    return this.fail("Expecting value", index);
  }

  string(start: number): number {
    let index = start + 1;
    for (;;) {
      const char = this.text[index];
      if (char === undefined) return this.fail("Unterminated string starting at", start);
      if (char === '"') return index + 1;
      if (char < " ") return this.fail("Invalid control character at", index);
      if (char !== "\\") {
        index += 1;
        continue;
      }
      const escape = this.text[index + 1];
      if (escape === undefined) return this.fail("Unterminated string starting at", start);
      if (escape === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(index + 2, index + 6))) return this.fail("Invalid \\uXXXX escape", index + 1);
        index += 6;
      } else if (ESCAPES.has(escape)) {
        index += 2;
      } else {
        return this.fail("Invalid \\escape", index);
      }
    }
  }

  object(index: number): number {
    let at = this.ws(index);
    if (this.text[at] === "}") return at + 1;
    for (;;) {
      if (this.text[at] !== '"') return this.fail("Expecting property name enclosed in double quotes", at);
      at = this.ws(this.string(at));
      if (this.text[at] !== ":") return this.fail("Expecting ':' delimiter", at);
      at = this.ws(this.value(this.ws(at + 1)));
      if (this.text[at] === "}") return at + 1;
      if (this.text[at] !== ",") return this.fail("Expecting ',' delimiter", at);
      at = this.ws(at + 1);
    }
  }

  array(index: number): number {
    let at = this.ws(index);
    if (this.text[at] === "]") return at + 1;
    for (;;) {
      at = this.ws(this.value(at));
      if (this.text[at] === "]") return at + 1;
      if (this.text[at] !== ",") return this.fail("Expecting ',' delimiter", at);
      at = this.ws(at + 1);
    }
  }

  document(): void {
    const end = this.ws(this.value(this.ws(0)));
    if (end !== this.text.length) this.fail("Extra data", end);
  }
}

/** Python's default recursion limit, which bounds how deeply `json.loads` nests arrays and objects. */
export const MAX_DEPTH = 1000;

/** Python's RecursionError: a document nested deeper than MAX_DEPTH. */
export class RecursionError extends Error {
  override name = "RecursionError";
}

/** The deepest nesting of arrays and objects in `text`, counted without recursion (strings skipped). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (char === "[" || char === "{") {
      deepest = Math.max(deepest, ++depth);
    } else if (char === "]" || char === "}") {
      depth--;
    }
  }
  return deepest;
}

/**
 * Parses `text` as JSON, throwing Python's JSONDecodeError (message and position) when it is not, and a
 * RecursionError past MAX_DEPTH levels (where Python's decoder stops too), before anything walks the value.
 */
export function loads(text: string): unknown {
  if (nestingDepth(text) > MAX_DEPTH) throw new RecursionError("maximum recursion depth exceeded while decoding a JSON document");
  try {
    return JSON.parse(text);
  } catch (error: unknown) {
    new Scanner(text).document();
    // Python takes NaN and Infinity, which JSON.parse refuses; report them where they start.
    throw new JSONDecodeError("Expecting value", text, text.search(/NaN|-?Infinity/) === -1 ? 0 : text.search(/NaN|-?Infinity/));
  }
}
