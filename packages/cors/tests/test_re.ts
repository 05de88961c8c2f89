import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type CompiledPattern, PatternError, compile, fromRegExp } from "../src/re.js";

interface Case {
  pattern: string;
  error?: { type: string; message: string };
  shared?: string;
  extra?: [string, boolean][];
}
interface Fixture {
  python: string;
  subjects: string[];
  names: [string, number, string][];
  cases: Case[];
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/re/cases.json", import.meta.url), "utf8")) as Fixture;

/** Names \N{...} resolves: every other name is refused, whether Python knows it (SNOWMAN) or not. */
const KNOWN_NAMES = new Set(fixture.names.map(([name]) => name));

/** The one refusal the fixture meets on purpose: \N{...} with a name outside latin-1 and its case partners. */
function refusedName(pattern: string): string | null {
  for (const [, name] of pattern.matchAll(/\\N\{([^}]+)\}/g)) {
    if (name !== undefined && !KNOWN_NAMES.has(name.toUpperCase())) return `\\N{${name}}`;
  }
  return null;
}

/** Decodes the fixture's hex string: bit i (high bit first) is Python's answer for subject i. */
function sharedAnswer(hex: string | undefined, i: number): boolean {
  const digit = parseInt(hex?.[i >> 2] ?? "0", 16);
  return ((digit >> (3 - (i & 3))) & 1) === 1;
}

function tryCompile(pattern: string, engine: "auto" | "backtrack"): CompiledPattern | PatternError {
  try {
    return compile(pattern, engine);
  } catch (error) {
    if (error instanceof PatternError) return error;
    throw error;
  }
}

/** Replays one fixture case through one engine; returns the mismatches and how many subjects ran. */
function replay(c: Case, engine: "auto" | "backtrack"): { failures: string[]; count: number } {
  const compiled = tryCompile(c.pattern, engine);
  const failures: string[] = [];
  const refused = refusedName(c.pattern);
  if (refused !== null) {
    const ok = compiled instanceof PatternError && compiled.message.startsWith(`unsupported construct ${refused}`);
    return { failures: ok ? [] : [`expected the refusal of ${refused}`], count: 1 };
  }
  if (compiled instanceof PatternError) {
    if (c.error === undefined) return { failures: [`Python compiles it; we throw ${compiled.message}`], count: 1 };
    if (compiled.message !== c.error.message) failures.push(`message ${JSON.stringify(compiled.message)} != ${JSON.stringify(c.error.message)}`);
    return { failures, count: 1 };
  }
  if (c.error !== undefined) return { failures: [`Python raises ${c.error.type}: ${c.error.message}; we compile`], count: 1 };
  let count = 0;
  const check = (s: string, want: boolean): void => {
    count++;
    if (compiled.fullmatch(s) !== want) failures.push(`${JSON.stringify(s)}: want ${want} (${compiled.engine} ${compiled.source})`);
  };
  fixture.subjects.forEach((s, i) => check(s, sharedAnswer(c.shared, i)));
  for (const [s, want] of c.extra ?? []) check(s, want);
  return { failures, count };
}

describe(`conformance with Python ${fixture.python} re.fullmatch`, () => {
  test("the fixture was made by Python 3.11 and is substantial", () => {
    expect(fixture.python).toMatch(/^3\.11\./);
    expect(fixture.cases.length).toBeGreaterThan(1000);
    expect(fixture.cases.filter((c) => c.error !== undefined).length).toBeGreaterThan(100);
  });

  // Chunks keep each test short on a busy machine; the last test checks that every case ran.
  const CHUNK = 250;
  const replayed = { auto: 0, backtrack: 0 };
  for (const engine of ["auto", "backtrack"] as const) {
    for (let from = 0; from < fixture.cases.length; from += CHUNK) {
      test(`cases ${from}..${Math.min(from + CHUNK, fixture.cases.length) - 1} through compile(p, "${engine}")`, () => {
        const failures: string[] = [];
        for (const c of fixture.cases.slice(from, from + CHUNK)) {
          const result = replay(c, engine);
          replayed[engine] += result.count;
          for (const f of result.failures.slice(0, 3)) failures.push(`${JSON.stringify(c.pattern)}: ${f}`);
        }
        expect(failures.slice(0, 40)).toEqual([]);
      });
    }
  }

  test("every case was replayed through both engines", () => {
    const single = (c: Case): boolean => c.error !== undefined || refusedName(c.pattern) !== null;
    const total = fixture.cases.reduce((n, c) => n + (single(c) ? 1 : fixture.subjects.length + (c.extra?.length ?? 0)), 0);
    const refusals = fixture.cases.filter((c) => c.error === undefined && refusedName(c.pattern) !== null);
    expect(refusals.map((c) => c.pattern)).toEqual(["\\N{SNOWMAN}"]);
    expect(total).toBeGreaterThan(500_000);
    expect(replayed).toEqual({ auto: total, backtrack: total });
    console.log(`re conformance: ${total} cases (${fixture.cases.length} patterns) replayed through each engine, all matched Python ${fixture.python}`);
  });

  test("every name and alias of a latin-1 character, and of its case partners, resolves as Python resolves it", () => {
    expect(fixture.names.length).toBeGreaterThan(300);
    for (const [name, cp, ignoreCase] of fixture.names) {
      const folded = compile(`(?i)\\N{${name}}`);
      const latin1 = Array.from({ length: 256 }, (_, c) => c);
      const ours = latin1.filter((c) => folded.fullmatch(String.fromCharCode(c)));
      expect(ours, name).toEqual(latin1.filter((c) => sharedAnswer(ignoreCase, c)));
      expect(compile(`\\N{${name.toLowerCase()}}`).fullmatch(String.fromCharCode(cp)), name).toBe(cp < 256);
    }
  });

  test("realistic origin patterns use the native RegExp engine", () => {
    for (const p of ["https://.*\\.example\\.org", "https?://(www\\.)?example\\.(com|org)(:\\d+)?", "(?i)https://example\\.org$"]) {
      expect(compile(p).engine).toBe("regexp");
    }
    expect(compile("(a)\\1").engine).toBe("backtrack");
    expect(compile("(a)?(?(1)b|c)").engine).toBe("backtrack");
    expect(compile("(?>(?:|a)*)").engine).toBe("backtrack");
  });
});

describe("errors", () => {
  test("PatternError carries Python's message and position", () => {
    const error = tryCompile("(?P<a>x)(?P<a>y)", "auto");
    expect(error).toBeInstanceOf(PatternError);
    expect((error as PatternError).message).toBe("redefinition of group name 'a' as group 2; was group 1 at position 12");
    expect((error as PatternError).pos).toBe(12);
  });

  test("refused constructs name themselves", () => {
    expect(() => compile("\\N{SNOWMAN}")).toThrow(/unsupported construct \\N\{SNOWMAN\}/);
  });

  test("fromRegExp rejects g and y and anchors the whole string", () => {
    expect(() => fromRegExp(/a/g)).toThrow(PatternError);
    expect(() => fromRegExp(/a/y)).toThrow(PatternError);
    const m = fromRegExp(/https:\/\/.*\.example\.org|null/m);
    expect(m.fullmatch("https://a.example.org")).toBe(true);
    expect(m.fullmatch("null")).toBe(true);
    expect(m.fullmatch("null\nhttps://a.example.org")).toBe(false);
    expect(m.fullmatch("https://a.example.org\n")).toBe(false);
  });
});

describe("limits", () => {
  test("the backtracking matcher answers long subjects, and refuses (false) beyond its stack", () => {
    const compiled = compile("(?:(a)|b)*\\1");
    expect(compiled.engine).toBe("backtrack");
    expect(compiled.fullmatch(`${"ab".repeat(100)}a`)).toBe(true);
    expect(compiled.fullmatch(`${"ab".repeat(100)}b`)).toBe(false);
    expect(() => compiled.fullmatch(`${"ab".repeat(200_000)}a`)).not.toThrow();
    expect(compiled.fullmatch(`${"ab".repeat(200_000)}a`)).toBe(false);
  });

  test("single-character loops need no stack per character", () => {
    const compiled = compile("(\\w+)\\.\\1", "backtrack");
    const half = "a".repeat(100_000);
    expect(compiled.fullmatch(`${half}.${half}`)).toBe(true);
  });
});

describe("properties", () => {
  const latin1 = fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)), maxLength: 40 });
  const patterns = [
    "https://.*\\.example\\.org",
    "(?i)https?://(www\\.)?ex\\w+\\.(com|org)(:\\d+)?",
    "(a|b)*\\1",
    "(?:(a)|b)+(?(1)x|y)",
    "(?>a*|b)+c",
    "(?s).*\\b.*",
    "(?m)^.*$",
  ];

  test("fullmatch never throws on a latin-1 string, and both engines agree", () => {
    const pairs = patterns.map((p) => [compile(p), compile(p, "backtrack")] as const);
    fc.assert(
      fc.property(latin1, (s) => {
        for (const [auto, backtrack] of pairs) expect(auto.fullmatch(s)).toBe(backtrack.fullmatch(s));
      }),
    );
  });

  test("fullmatch of any JS string is false when it holds a code unit above 0xFF", () => {
    const compiled = compile("(?s).*");
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0x100, max: 0xffff }), (s, c) => {
        expect(compiled.fullmatch(s + String.fromCharCode(c))).toBe(false);
      }),
    );
  });

  test("a random pattern either throws PatternError or compiles to a fullmatch that never throws", () => {
    const piece = fc.constantFrom("a", "b", "(", ")", "[", "]", "{", "}", "*", "+", "?", "|", "\\", "^", "$", ".", "-", ",", "1", "2",
      "(?", "(?P<n>", "(?P=n)", "(?<=", "(?<!", "(?=", "(?!", "(?>", "(?(1)", "(?i)", "(?x)", "(?-i:", "\\1", "\\w", "\\b", "\\N{", "\\x4", "\\u00e9", "#", " ", "\n", "é");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), latin1, (pieces, s) => {
        let compiled: CompiledPattern;
        try {
          compiled = compile(pieces.join(""));
        } catch (error) {
          expect(error).toBeInstanceOf(PatternError);
          return;
        }
        expect(typeof compiled.fullmatch(s)).toBe("boolean");
      }),
      { numRuns: 2000 },
    );
  });
});
