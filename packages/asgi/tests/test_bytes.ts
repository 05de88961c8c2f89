import { readFileSync } from "node:fs";

import fc from "fast-check";
import { expect, test } from "vitest";

import { decodeLatin1, decodeUTF8, encodeLatin1, encodeUTF8, isByteString, pyStrip } from "../src/bytes.js";

// Facts produced by Python 3.11 (tests/data/make_python_text.py).
const python = JSON.parse(readFileSync(new URL("./data/python_text.json", import.meta.url), "utf8")) as {
  utf8_replace: [number[], string][];
  isspace: number[];
  strip_removes: number[];
  strip: [string, string][];
};

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
const allByteString = String.fromCharCode(...allBytes);

test("encodeLatin1 maps each code unit to the byte of the same value", () => {
  expect(encodeLatin1("")).toEqual(new Uint8Array(0));
  expect(Array.from(encodeLatin1("a\u00e9\u00ff\u0080"))).toEqual([0x61, 0xe9, 0xff, 0x80]);
  expect(Array.from(encodeLatin1(allByteString))).toEqual(Array.from(allBytes));
});

test("encodeLatin1 returns a plain Uint8Array that owns its memory", () => {
  for (const s of ["short", "x".repeat(1000)]) {
    const b = encodeLatin1(s);
    expect(b.constructor).toBe(Uint8Array);
    expect(b.byteOffset).toBe(0);
    expect(b.buffer.byteLength).toBe(s.length);
  }
});

test("encodeLatin1 rejects a code unit above 0xFF instead of truncating it, short or long", () => {
  expect(() => encodeLatin1("\u0100")).toThrow(TypeError);
  expect(() => encodeLatin1("caf\u00e9\u20ac")).toThrow(/position 4: ordinal not in range\(256\)/);
  const long = "a".repeat(5000) + "\u0141" + "b".repeat(10);
  expect(() => encodeLatin1(long)).toThrow(/'\\u0141' in position 5000/);
  expect(() => encodeLatin1("a".repeat(100) + "\ud83d\ude00")).toThrow(TypeError);
});

test("decodeLatin1 keeps 0x80-0x9F as U+0080-U+009F (latin-1, not windows-1252)", () => {
  const c1 = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
  const expected = Array.from(c1);
  // Short input takes the loop, long input Node's latin-1 slice: both must keep the C1 controls.
  expect(Array.from(decodeLatin1(c1), (c) => c.charCodeAt(0))).toEqual(expected);
  const long = new Uint8Array(4096).fill(0x80);
  long.set(c1, 1000);
  const decoded = decodeLatin1(long);
  expect(decoded.length).toBe(4096);
  expect(Array.from(decoded.slice(1000, 1032), (c) => c.charCodeAt(0))).toEqual(expected);
  expect(decoded.charCodeAt(0)).toBe(0x80);
  expect(decoded).not.toContain("\u20ac");
});

test("decodeLatin1 of every byte value, short and long", () => {
  expect(decodeLatin1(allBytes)).toBe(allByteString);
  const big = new Uint8Array(1 << 16);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
  const s = decodeLatin1(big);
  expect(s.length).toBe(big.length);
  for (let i = 0; i < big.length; i += 997) expect(s.charCodeAt(i)).toBe(big[i]);
});

test("decodeLatin1 honours a view's offset and length", () => {
  const backing = encodeLatin1("xx" + "abc".repeat(40) + "yy");
  expect(decodeLatin1(backing.subarray(2, 5))).toBe("abc");
  expect(decodeLatin1(backing.subarray(2, 122))).toBe("abc".repeat(40));
});

test("isByteString", () => {
  expect(isByteString("")).toBe(true);
  expect(isByteString(allByteString)).toBe(true);
  expect(isByteString("\u0100")).toBe(false);
  expect(isByteString("abc\u20ac")).toBe(false);
  expect(isByteString("\ud83d\ude00")).toBe(false);
});

test("latin-1 roundtrip: decode(encode(s)) == s for every ByteString and encode(decode(b)) == b for every byte array", () => {
  const byteString = fc
    .array(fc.integer({ min: 0, max: 255 }), { maxLength: 200 })
    .map((units) => String.fromCharCode(...units));
  fc.assert(
    fc.property(byteString, (s) => {
      expect(isByteString(s)).toBe(true);
      expect(decodeLatin1(encodeLatin1(s))).toBe(s);
    }),
  );
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
      expect(encodeLatin1(decodeLatin1(b))).toEqual(b);
    }),
  );
});

test("encodeLatin1 throws exactly when isByteString is false", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 80 }), (s) => {
      if (isByteString(s)) expect(encodeLatin1(s).length).toBe(s.length);
      else expect(() => encodeLatin1(s)).toThrow(TypeError);
    }),
  );
});

test("UTF-8 roundtrip for every well-formed string", () => {
  fc.assert(
    fc.property(fc.string({ unit: "grapheme", maxLength: 50 }), (s) => {
      expect(decodeUTF8(encodeUTF8(s))).toBe(s);
    }),
  );
});

test("decodeUTF8 keeps a BOM, as Python's bytes.decode('utf-8')", () => {
  expect(decodeUTF8(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61))).toBe("\ufeffa");
});

test("decodeUTF8 replaces bad bytes exactly as Python's decode('utf-8', 'replace')", () => {
  expect(python.utf8_replace.length).toBeGreaterThan(300);
  for (const [bytes, expected] of python.utf8_replace) {
    expect(decodeUTF8(Uint8Array.from(bytes)), JSON.stringify(bytes)).toBe(expected);
  }
});

test("encodeUTF8 encodes multi-byte characters", () => {
  expect(Array.from(encodeUTF8("é€😀"))).toEqual([0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
});

test("pyStrip removes exactly the code points Python's str.strip() removes, of all 0x110000", () => {
  // The fixture asks strip() itself; isspace() must be the same set, or the doc comment of pyStrip is wrong.
  expect(python.strip_removes).toEqual(python.isspace);
  expect(python.isspace).toHaveLength(29);
  // Every code point once at each end (one short string each, a few times cheaper than the fixture's pattern); the
  // fixture's whole pattern, inner copy and doubled end included, for the ones removed.
  const removed: number[] = [];
  const mangled: number[] = [];
  for (let cp = 0; cp < 0x110000; cp++) {
    const c = String.fromCodePoint(cp);
    const s = c + "a" + c;
    const stripped = pyStrip(s);
    if (stripped === s) continue;
    if (stripped === "a") removed.push(cp);
    else mangled.push(cp);
  }
  expect(removed).toEqual(python.strip_removes);
  expect(mangled).toEqual([]);
  for (const cp of removed) {
    const c = String.fromCodePoint(cp);
    expect([cp, pyStrip(`${c}a${c}b${c}${c}`)]).toEqual([cp, `a${c}b`]);
  }
});

test("pyStrip agrees with Python on whole strings, and differs from trim() where Python does", () => {
  for (const [input, expected] of python.strip) expect([input, pyStrip(input)]).toEqual([input, expected]);
  expect(pyStrip("\x1cx-a\x85")).toBe("x-a");
  expect("\x1cx-a\x85".trim()).toBe("\x1cx-a\x85");
  expect(pyStrip("\ufeffx")).toBe("\ufeffx");
  expect("\ufeffx".trim()).toBe("x");
});

test("pyStrip of nothing but whitespace is empty, and inner whitespace stays", () => {
  expect(pyStrip("")).toBe("");
  expect(pyStrip(" \t\x1c\x85\xa0\u3000")).toBe("");
  expect(pyStrip("\x1f x \x1c y \x85")).toBe("x \x1c y");
});
