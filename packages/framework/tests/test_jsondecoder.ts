// Python 3.11's json.loads errors (message and position), as FastAPI reports them in `json_invalid`.
import { expect, test } from "vitest";
import { JSONDecodeError, loads, MAX_DEPTH, RecursionError } from "../src/fastapi/jsondecoder.js";

// [document, Python's message, Python's position], from running json.loads on each.
const CASES: [string, string, number][] = [
  ['{"name": "Foo", "price": }', "Expecting value", 25],
  ["{bad", "Expecting property name enclosed in double quotes", 1],
  ["[1,", "Expecting value", 3],
  ["abc", "Expecting value", 0],
  ["", "Expecting value", 0],
  ["  ", "Expecting value", 2],
  ['{"a":1,}', "Expecting property name enclosed in double quotes", 7],
  ["[1,]", "Expecting value", 3],
  ['{"a" 1}', "Expecting ':' delimiter", 5],
  ['{"a":1 "b":2}', "Expecting ',' delimiter", 7],
  ['"abc', "Unterminated string starting at", 0],
  ['"a\\x"', "Invalid \\escape", 2],
  ['{"a":1} x', "Extra data", 8],
  ['"\u0001"', "Invalid control character at", 1],
  ["[1 2]", "Expecting ',' delimiter", 3],
  ['{"é":"😀", }', "Expecting property name enclosed in double quotes", 10],
];

test("test_json_decode_errors_match_python", () => {
  for (const [text, msg, pos] of CASES) {
    let error: unknown;
    try {
      loads(text);
    } catch (caught) {
      error = caught;
    }
    expect(error, text).toBeInstanceOf(JSONDecodeError);
    expect([(error as JSONDecodeError).msg, (error as JSONDecodeError).pos], text).toEqual([msg, pos]);
  }
});

test("test_valid_json_parses", () => {
  expect(loads('{"a":[1,2.5,"x",null,true]}')).toEqual({ a: [1, 2.5, "x", null, true] });
});

test("test_nesting_past_pythons_recursion_limit", () => {
  const ok = `${"[".repeat(MAX_DEPTH)}${"]".repeat(MAX_DEPTH)}`;
  expect(() => loads(ok)).not.toThrow();
  expect(() => loads(`[${ok}]`)).toThrow(RecursionError);
  // Brackets inside strings do not count.
  expect(loads(`["${"[".repeat(2000)}\\""]`)).toEqual([`${"[".repeat(2000)}"`]);
});
