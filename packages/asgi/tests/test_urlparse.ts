import { readFileSync } from "node:fs";

import fc from "fast-check";
import { expect, test } from "vitest";

import {
  isIPv4Address,
  isIPv6Address,
  parseQsl,
  quote,
  quotePlus,
  unquote,
  unquotePlus,
  urlencode,
  urlsplit,
  urlunsplit,
} from "../src/urlparse.js";

type Attempt<T> = { ok: T } | { error: string };

// Facts produced by Python 3.11 and Starlette 1.7.0 (tests/data/make_python_urls.py).
const python = JSON.parse(readFileSync(new URL("./data/python_urls.json", import.meta.url), "utf8")) as {
  urlsplit: [
    string,
    Attempt<
      [string, string, string, string, string, string | null, string | null, string | null, Attempt<number | null>, string]
    >,
  ][];
  parse_qsl: [string, [string, string][], [string, string][]][];
  unquote: [string, string][];
  quote: [string, string, string, string, string][];
  urlencode: [[string, string][], string][];
};

function attempt<T>(fn: () => T): Attempt<T> {
  try {
    return { ok: fn() };
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return { error: "ValueError" };
  }
}

test("urlsplit and its netloc parts give what Python's urlsplit gives", () => {
  expect(python.urlsplit.length).toBeGreaterThan(150);
  for (const [url, expected] of python.urlsplit) {
    const actual = attempt(() => {
      const s = urlsplit(url);
      return [
        s.scheme,
        s.netloc,
        s.path,
        s.query,
        s.fragment,
        s.username,
        s.password,
        s.hostname,
        attempt(() => s.port),
        s.geturl(),
      ];
    });
    expect(actual, JSON.stringify(url)).toEqual(expected);
  }
});

test("urlsplit keeps a path that looks like an authority out of the netloc only with a scheme and //", () => {
  expect(urlsplit("//google.com/x").netloc).toBe("google.com");
  expect(urlsplit("/path//google.com").netloc).toBe("");
  expect(urlsplit("user:pass@google.com").scheme).toBe("user");
});

test("urlunsplit adds // for schemes that use a netloc", () => {
  expect(urlunsplit({ scheme: "http", netloc: "", path: "x", query: "", fragment: "" })).toBe("http:///x");
  expect(urlunsplit({ scheme: "mailto", netloc: "", path: "a@b", query: "", fragment: "" })).toBe("mailto:a@b");
  expect(urlunsplit({ scheme: "", netloc: ":8080", path: "/p", query: "a=1", fragment: "f" })).toBe("//:8080/p?a=1#f");
});

test("parse_qsl: '+' is a space, %XX decodes as UTF-8 with U+FFFD, blank values kept or dropped as Python", () => {
  expect(python.parse_qsl.length).toBeGreaterThan(200);
  for (const [qs, keepBlank, dropBlank] of python.parse_qsl) {
    expect(parseQsl(qs, { keepBlankValues: true }), JSON.stringify(qs)).toEqual(keepBlank);
    expect(parseQsl(qs), JSON.stringify(qs)).toEqual(dropBlank);
  }
});

test("parse_qsl options: strict parsing, field limit, separator", () => {
  expect(() => parseQsl("a&b=1", { strictParsing: true })).toThrow("bad query field: 'a'");
  expect(() => parseQsl("a=1&&b=1", { strictParsing: true })).toThrow("bad query field: ''");
  expect(() => parseQsl("a=1&b=2", { maxNumFields: 1 })).toThrow("Max number of fields exceeded");
  expect(parseQsl("a=1&b=2", { maxNumFields: 2 })).toEqual([
    ["a", "1"],
    ["b", "2"],
  ]);
  expect(parseQsl("a=1;b=2", { separator: ";" })).toEqual([
    ["a", "1"],
    ["b", "2"],
  ]);
  expect(() => parseQsl("a", { separator: "" })).toThrow(TypeError);
});

test("unquote decodes only the ASCII runs, as Python's unquote", () => {
  for (const [s, expected] of python.unquote) expect(unquote(s), JSON.stringify(s)).toBe(expected);
  expect(unquotePlus("a+b%2B")).toBe("a b+");
});

test("quote, quote(safe=''), quote_plus and a RedirectResponse-style safe set give Python's bytes", () => {
  const redirectSafe = ":/%#?=@[]!$&'()*+,;\u00e9";
  for (const [s, plain, noSafe, plus, redirect] of python.quote) {
    expect(quote(s), JSON.stringify(s)).toBe(plain);
    expect(quote(s, ""), JSON.stringify(s)).toBe(noSafe);
    expect(quotePlus(s), JSON.stringify(s)).toBe(plus);
    // non-ASCII characters in `safe` are ignored, as Python's safe.encode("ascii", "ignore")
    expect(quote(s, redirectSafe), JSON.stringify(s)).toBe(redirect);
  }
});

test("quote throws on a lone surrogate, as Python's strict UTF-8 encoding", () => {
  expect(() => quote("a\ud800")).toThrow(/surrogates not allowed/);
  expect(quote("\ud83d\ude00")).toBe("%F0%9F%98%80");
});

test("urlencode joins quote_plus'd pairs; str() of non-strings as Python", () => {
  for (const [pairs, expected] of python.urlencode) expect(urlencode(pairs)).toBe(expected);
  expect(
    urlencode([
      ["a", 1],
      ["b", true],
      ["c", null],
    ]),
  ).toBe("a=1&b=True&c=None");
  expect(urlencode({ "a b": "c&d" })).toBe("a+b=c%26d");
});

test("parse_qsl(urlencode(pairs)) gives the pairs back for any well-formed strings", () => {
  const text = fc.string({ unit: "grapheme", maxLength: 12 });
  fc.assert(
    fc.property(fc.array(fc.tuple(text, text), { maxLength: 6 }), (pairs) => {
      const kept = pairs.filter(([k, v]) => k !== "" || v !== "");
      expect(parseQsl(urlencode(kept), { keepBlankValues: true })).toEqual(kept);
    }),
  );
});

test("isIPv4Address and isIPv6Address accept what Python's ipaddress accepts", () => {
  for (const ok of ["::1", "fe::2", "::ffff:1.2.3.4", "1::", "::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::"]) {
    expect(isIPv6Address(ok), ok).toBe(true);
  }
  for (const ok of ["::1:2:3:4:5:6:7", "1:2:3:4:5:6:1.2.3.4", "fe80::1%eth0", "ABCD::ef"]) {
    expect(isIPv6Address(ok), ok).toBe(true);
  }
  for (const bad of ["", ":::", "1:::2", "::ffff:999.1.1.1", "12345::", "g::1", "::1%", "::1%a%b", "1.2.3.4"]) {
    expect(isIPv6Address(bad), bad).toBe(false);
  }
  for (const bad of ["1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1::2", "1::2:", "1:2:3:4:5:6:7:8::", "::/64"]) {
    expect(isIPv6Address(bad), bad).toBe(false);
  }
  expect(isIPv4Address("1.2.3.4")).toBe(true);
  expect(isIPv4Address("0.0.0.0")).toBe(true);
  for (const bad of ["01.2.3.4", "1.2.3", "1.2.3.256", "1.2.3.4.5", "a.b.c.d", "1..2.3", " 1.2.3.4"]) {
    expect(isIPv4Address(bad), bad).toBe(false);
  }
});
