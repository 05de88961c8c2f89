// lint(): every code fires on the options it is about, with its severity, the offending value and a fix, and
// stays quiet on the neighbouring correct options. Codes are stable: the table below is the contract.
import { describe, expect, test } from "vitest";

import { ALL_METHODS, CORSMiddleware } from "../src/cors.js";
import { explain } from "../src/explain.js";
import { LINT_RULES, lint } from "../src/lint.js";
import type { Finding, LintCode } from "../src/lint.js";
import type { CORSOptions } from "../src/options.js";
import { compile } from "../src/re.js";

const APP = "https://app.example.org";
/** A config lint has nothing to say about. */
const CLEAN: CORSOptions = { allowOrigins: [APP] };

const codes = (options: CORSOptions) => lint(options).map((f) => f.code);
const only = (options: CORSOptions, code: LintCode): Finding[] => lint(options).filter((f) => f.code === code);

test("the codes, names and severities are stable", () => {
  expect(Object.entries(LINT_RULES).map(([code, r]) => `${code} ${r.name} ${r.severity}`)).toEqual([
    "CORS101 wildcard-origin-with-credentials error",
    "CORS102 null-origin warning",
    "CORS103 origin-missing-scheme error",
    "CORS104 origin-trailing-slash error",
    "CORS105 origin-with-path error",
    "CORS106 origin-uppercase error",
    "CORS107 origin-default-port error",
    "CORS108 origin-glob error",
    "CORS109 origin-not-serialized error",
    "CORS110 wildcard-origin-with-others info",
    "CORS111 no-origin-allowed warning",
    "CORS201 regex-invalid error",
    "CORS202 regex-unescaped-dot warning",
    "CORS203 regex-open-wildcard warning",
    "CORS204 regex-nested-quantifier warning",
    "CORS301 method-lowercase warning",
    "CORS302 method-dropped-by-wildcard warning",
    "CORS303 method-forbidden info",
    "CORS304 safelisted-method-missing info",
    "CORS305 method-redundant-with-wildcard info",
    "CORS401 header-safelisted info",
    "CORS402 header-forbidden info",
    "CORS403 expose-safelisted info",
    "CORS404 expose-set-cookie warning",
    "CORS405 expose-wildcard-with-credentials warning",
    "CORS501 max-age-above-browser-cap warning",
    "CORS502 max-age-negative warning",
  ]);
});

test("a clean config has no findings; every finding carries its rule, value and a one-line fix", () => {
  expect(lint(CLEAN)).toEqual([]);
  expect(lint({ allowOrigins: ["*"] })).toEqual([]);
  expect(lint({ allowOriginRegex: String.raw`https://([a-z0-9-]+\.)*example\.org` })).toEqual([]);
  const all = lint({ allowOrigins: ["*", "null", "example.org"], allowCredentials: true, allowMethods: ["get", "*"], maxAge: -5 });
  for (const f of all) {
    expect(f).toMatchObject(LINT_RULES[f.code as LintCode]);
    expect(f.fix).not.toMatch(/\n/);
    expect(f.message).not.toMatch(/\n/);
    expect(f.fix.length).toBeGreaterThan(0);
  }
});

test("lint throws the middleware's own error for options it refuses", () => {
  expect(() => lint({ allow_origins: ["*"] } as never)).toThrow(/unknown option "allow_origins" \(did you mean allowOrigins\?\)/);
});

describe("allowOrigins", () => {
  test("CORS101 wildcard-origin-with-credentials", () => {
    expect(only({ allowOrigins: ["*"], allowCredentials: true }, "CORS101")).toEqual([
      expect.objectContaining({ severity: "error", option: "allowOrigins", value: "*", fix: 'list the trusted origins in allowOrigins (or allowOriginRegex) instead of "*"' }),
    ]);
    expect(codes({ allowOrigins: [APP], allowCredentials: true })).toEqual([]);
  });

  test("CORS102 null-origin", () => {
    expect(only({ allowOrigins: ["null"] }, "CORS102")).toMatchObject([{ severity: "warning", value: "null" }]);
    expect(codes({ allowOrigins: [APP] })).not.toContain("CORS102");
  });

  test.each([
    ["CORS103", "app.example.org", 'use "https://app.example.org"'],
    ["CORS103", "localhost:3000", 'use "http://localhost:3000"'],
    ["CORS104", `${APP}/`, `use "${APP}"`],
    ["CORS105", `${APP}/app`, `use "${APP}"`],
    ["CORS105", `${APP}?x=1`, `use "${APP}"`],
    ["CORS106", "HTTPS://app.example.org", `use "${APP}"`],
    ["CORS106", "https://App.Example.org", `use "${APP}"`],
    ["CORS107", `${APP}:443`, `use "${APP}"`],
    ["CORS107", "http://app.example.org:80", 'use "http://app.example.org"'],
    ["CORS108", "https://*.example.org", 'use allowOriginRegex: "https://[a-z0-9-]+\\\\.example\\\\.org"'],
    ["CORS109", ` ${APP}`, `use "${APP}"`],
    ["CORS109", `https://user@app.example.org`, `use "${APP}"`],
  ])("%s for %j", (code, origin, fix) => {
    const found = lint({ allowOrigins: [origin] });
    expect(found).toEqual([expect.objectContaining({ code, severity: "error", option: "allowOrigins", value: origin, fix })]);
  });

  test("an origin with several faults gets each of them", () => {
    expect(codes({ allowOrigins: ["HTTPS://App.example.org:443/"] })).toEqual(["CORS106", "CORS107", "CORS104"]);
  });

  test("origins a browser does send are quiet, other schemes are left alone", () => {
    expect(codes({ allowOrigins: [APP, "http://localhost:8000", "https://[::1]:8443", "http://127.0.0.1:5173", "chrome-extension://abcdef", "*"] })).toEqual(["CORS110"]);
  });

  test("the finding tells the truth: the middleware refuses what browsers send", async () => {
    const e = await explain({ allowOrigins: [`${APP}/`] }, { origin: APP });
    expect(e.verdict.readable.value).toBe(false);
  });

  test("CORS110 wildcard-origin-with-others", () => {
    expect(only({ allowOrigins: ["*", APP] }, "CORS110")).toMatchObject([{ severity: "info", message: `allowOrigins has "*", so "${APP}" adds nothing` }]);
    expect(only({ allowOrigins: [APP, "*", "null"] }, "CORS110")).toMatchObject([
      { severity: "info", message: `allowOrigins has "*", so "${APP}", "null" add nothing` },
    ]);
  });

  test("CORS111 no-origin-allowed", () => {
    expect(only({}, "CORS111")).toMatchObject([{ severity: "warning", option: "allowOrigins", value: null }]);
    expect(codes({ allowOriginRegex: String.raw`https://app\.example\.org` })).not.toContain("CORS111");
  });
});

describe("allowOriginRegex", () => {
  test("CORS201 regex-invalid", () => {
    const [f] = only({ allowOriginRegex: "https://(" }, "CORS201");
    expect(f).toMatchObject({ severity: "error", option: "allowOriginRegex", value: "https://(" });
    expect(f?.message).toBe('allowOriginRegex "https://(" does not compile: missing ), unterminated subpattern at position 8');
    // And the middleware does throw, as the finding says.
    expect(() => new CORSMiddleware(async () => {}, { allowOriginRegex: "https://(" })).toThrow();
  });

  test("CORS202 regex-unescaped-dot, with an origin it lets through", () => {
    const found = only({ allowOriginRegex: String.raw`https://app.example\.org` }, "CORS202");
    expect(found).toMatchObject([
      {
        severity: "warning",
        message: 'the "." at position 11 of "https://app.example\\\\.org" matches any character, e.g. "https://appxexample.org"',
        fix: 'escape it: "https://app\\\\.example\\\\.org"',
      },
    ]);
    expect(codes({ allowOriginRegex: String.raw`https://app\.example\.org` })).toEqual([]);
    expect(codes({ allowOriginRegex: String.raw`https://app[.]example\.org` })).toEqual([]);
  });

  test.each([
    [String.raw`https://.*example\.org`, "not followed by \\.", "https://evilexample.org"],
    [String.raw`.*\.example\.org`, "at the start", "http://evil.example.org"],
    [String.raw`^.+\.example\.org$`, "at the start", null],
    [String.raw`https://example\.org.*`, "at the end", "https://example.org.evil.example"],
  ])("CORS203 regex-open-wildcard: %s", (pattern, where, example) => {
    const [f] = only({ allowOriginRegex: pattern }, "CORS203");
    expect(f?.message).toContain(where);
    if (example !== null) expect(f?.message).toContain(`e.g. "${example}"`);
  });

  test.each([
    [String.raw`https://example\.org:.*`, "https://example.org:8443"],
    [String.raw`https://.*`, "https://evil.example"],
    [String.raw`http://127\.0\.0\.1:.*`, "http://127.0.0.1:8443"],
    [String.raw`HTTPS://.*foo\.org`, null],
  ])("CORS203's example is an origin a browser sends and the pattern lets through: %s", (pattern, example) => {
    const [f] = only({ allowOriginRegex: pattern }, "CORS203");
    const quoted = /e\.g\. "([^"]+)"$/.exec(f?.message ?? "")?.[1] ?? null;
    expect(quoted).toBe(example);
    if (quoted === null) return;
    expect(compile(pattern).fullmatch(quoted)).toBeTruthy();
    expect(new URL(quoted).origin).toBe(quoted);
  });

  test("CORS203 stays quiet on a subdomain wildcard between :// and an escaped dot", () => {
    expect(codes({ allowOriginRegex: String.raw`https://.*\.example\.org` })).toEqual([]);
  });

  test("CORS203 works on a JS RegExp too", () => {
    expect(codes({ allowOriginRegex: /https:\/\/example\.org.*/ })).toEqual(["CORS203"]);
  });

  test.each([String.raw`https://(a+)+\.org`, String.raw`https://(\w+\.?)+\.org`, String.raw`https://([a-z]*)*\.org`, String.raw`https://(?:(x+)y?)+\.org`])(
    "CORS204 regex-nested-quantifier: %s",
    (pattern) => {
      expect(only({ allowOriginRegex: pattern }, "CORS204")).toMatchObject([{ severity: "warning", option: "allowOriginRegex" }]);
    },
  );

  test("CORS204 stays quiet when each repetition ends in a character the inner part cannot match", () => {
    expect(codes({ allowOriginRegex: String.raw`https://([a-z0-9-]+\.)*example\.org` })).toEqual([]);
    expect(codes({ allowOriginRegex: String.raw`https://(\d+-)+x\.org` })).toEqual([]);
    expect(codes({ allowOriginRegex: String.raw`https://(a+)\.org` })).toEqual([]);
  });
});

describe("allowMethods", () => {
  test("CORS301 method-lowercase", () => {
    expect(only({ ...CLEAN, allowMethods: ["GET", "POST", "patch"] }, "CORS301")).toMatchObject([{ severity: "warning", value: "patch", fix: 'use "PATCH"' }]);
  });

  test("CORS302 method-dropped-by-wildcard names the eight methods of Starlette 1.7.0's ALL_METHODS", () => {
    expect(ALL_METHODS).toHaveLength(8);
    const [f] = only({ ...CLEAN, allowMethods: ["*", "PROPFIND"] }, "CORS302");
    expect(f).toMatchObject({ severity: "warning", value: "PROPFIND" });
    expect(f?.message).toBe(
      '"*" makes allowMethods ALL_METHODS (DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, QUERY: eight in Starlette 1.7.0, QUERY included), ' +
        'so "PROPFIND" beside it is dropped and preflights asking for it are refused',
    );
    expect(new CORSMiddleware(async () => {}, { allowMethods: ["*", "PROPFIND"] }).allowMethods).not.toContain("PROPFIND");
  });

  test("CORS303 method-forbidden", () => {
    expect(only({ ...CLEAN, allowMethods: ["GET", "POST", "TRACE", "connect"] }, "CORS303").map((f) => f.value)).toEqual(["TRACE", "connect"]);
  });

  test("CORS304 safelisted-method-missing, only when allowMethods is given", () => {
    expect(only({ ...CLEAN, allowMethods: ["PUT"] }, "CORS304").map((f) => f.value)).toEqual(["GET", "POST"]);
    expect(only({ ...CLEAN, allowMethods: ["GET", "PUT"] }, "CORS304").map((f) => f.value)).toEqual(["POST"]);
    expect(codes(CLEAN)).toEqual([]);
    expect(codes({ ...CLEAN, allowMethods: ["*"] })).toEqual([]);
  });

  test("CORS305 method-redundant-with-wildcard", () => {
    expect(only({ ...CLEAN, allowMethods: ["*", "QUERY"] }, "CORS305")).toMatchObject([{ severity: "info", value: "QUERY" }]);
  });
});

describe("allowHeaders and exposeHeaders", () => {
  test("CORS401 header-safelisted", () => {
    expect(only({ ...CLEAN, allowHeaders: ["content-type", "Accept", "X-Token"] }, "CORS401").map((f) => f.value)).toEqual(["content-type", "Accept"]);
  });

  test("CORS402 header-forbidden", () => {
    expect(only({ ...CLEAN, allowHeaders: ["Cookie", "Sec-CH-UA", "Proxy-Authorization", "Authorization"] }, "CORS402").map((f) => f.value)).toEqual([
      "Cookie",
      "Sec-CH-UA",
      "Proxy-Authorization",
    ]);
  });

  test("CORS403 expose-safelisted", () => {
    expect(only({ ...CLEAN, exposeHeaders: ["Content-Length", "X-Request-Id", "cache-control"] }, "CORS403").map((f) => f.value)).toEqual([
      "Content-Length",
      "cache-control",
    ]);
  });

  test("CORS404 expose-set-cookie", () => {
    expect(only({ ...CLEAN, exposeHeaders: ["Set-Cookie"] }, "CORS404")).toMatchObject([{ severity: "warning", value: "Set-Cookie" }]);
  });

  test("CORS405 expose-wildcard-with-credentials, and not without credentials", () => {
    expect(only({ ...CLEAN, exposeHeaders: ["*"], allowCredentials: true }, "CORS405")).toMatchObject([{ severity: "warning", value: "*" }]);
    expect(codes({ ...CLEAN, exposeHeaders: ["*"] })).toEqual([]);
  });
});

describe("maxAge", () => {
  test("CORS501 max-age-above-browser-cap", () => {
    expect(only({ ...CLEAN, maxAge: 86400 }, "CORS501")).toMatchObject([{ severity: "warning", value: 86400, fix: "use maxAge: 7200" }]);
    expect(codes({ ...CLEAN, maxAge: 7200 })).toEqual([]);
  });

  test("CORS502 max-age-negative", () => {
    expect(only({ ...CLEAN, maxAge: -1 }, "CORS502")).toMatchObject([{ severity: "warning", value: -1 }]);
    expect(codes({ ...CLEAN, maxAge: 0 })).toEqual([]);
  });
});
