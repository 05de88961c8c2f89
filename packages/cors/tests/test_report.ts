// formatExplanation and formatFindings called directly (the CLI prints their text; test_cli.ts goes through it):
// the exact text of a trace with no CORS, a request the browser refuses to send, a preflight plus actual request,
// the credentials comparison, and findings with their counts, values and fixes.
import { describe, expect, test } from "vitest";

import { explain } from "../src/explain.js";
import { LINT_RULES, lint } from "../src/lint.js";
import type { Finding } from "../src/lint.js";
import { formatExplanation, formatFindings } from "../src/report.js";

const APP = "https://app.example.org";

describe("formatExplanation", () => {
  test("a request without Origin: one exchange, the app's response, the basic filter", async () => {
    const text = formatExplanation(await explain({ allowOrigins: [APP] }, {}));
    const noOrigin = "no Origin: a same-origin or non-browser request, which CORS does not restrict  [fetch/no-origin]";
    expect(text).toBe(
      [
        'explain: GET / without Origin (credentials: "same-origin")',
        "",
        "Before sending, the browser decides:",
        "",
        "1. Actual request: GET /",
        "     (no headers)",
        "   CORSMiddleware took the no-origin path: no Origin header: the app answers and CORSMiddleware only appends Vary: Origin",
        '   The app answered: 200 "OK"',
        "     content-length: 2",
        "     content-type: text/plain; charset=utf-8",
        "     vary: Origin",
        "   The browser checks the response:",
        `     ok   ${noOrigin}`,
        "",
        "Verdict:",
        "  preflight sent:      no",
        `  actual request sent: yes  ${noOrigin}`,
        `  fetch() resolves:    yes  ${noOrigin}`,
        "  JS can read headers: content-length, content-type, vary  [basic-filter/all-but-set-cookie]",
        "",
        'With credentials: "include": the same verdict',
        "",
      ].join("\n"),
    );
  });

  test("a method fetch() refuses: no exchange and no 'not sent' line, the refusal is the verdict", async () => {
    const text = formatExplanation(await explain({ allowOrigins: [APP] }, { origin: APP, method: "TRACE" }));
    const refused = "TRACE is a forbidden method: fetch() throws a TypeError and sends nothing  [fetch/forbidden-method]";
    expect(text).toBe(
      [
        `explain: TRACE / from ${APP} (credentials: "same-origin")`,
        "",
        "Before sending, the browser decides:",
        `  FAIL ${refused}`,
        "",
        "Verdict:",
        "  preflight sent:      no",
        `  actual request sent: no   ${refused}`,
        `  fetch() resolves:    no   ${refused}`,
        "  JS can read headers: none",
        "",
        'With credentials: "include": the same verdict',
        "",
      ].join("\n"),
    );
  });

  test("a refused preflight: the page's headers, the checks aligned, the 400 and 'Actual request: not sent'", async () => {
    const e = await explain(
      { allowOrigins: [APP], allowMethods: ["GET", "PUT"] },
      { origin: APP, method: "PUT", path: "/items/1", headers: { "X-Token": "t" }, privateNetwork: true },
    );
    const lines = formatExplanation(e).split("\n");
    expect(lines.slice(0, 2)).toEqual([
      `explain: PUT /items/1 from ${APP} (credentials: "same-origin", private network)`,
      "  page sets: x-token: t",
    ]);
    const start = lines.indexOf("1. Preflight: OPTIONS /items/1");
    expect(lines.slice(start, start + 12)).toEqual([
      "1. Preflight: OPTIONS /items/1",
      `     origin: ${APP}`,
      "     access-control-request-method: PUT",
      "     access-control-request-headers: x-token",
      "     access-control-request-private-network: true",
      "   CORSMiddleware took the preflight path: Origin, method OPTIONS and Access-Control-Request-Method: a preflight, answered by CORSMiddleware without calling the app",
      `     pass origin           "${APP}": listed in allowOrigins: Access-Control-Allow-Origin: ${APP}`,
      '     pass method           "PUT": in allowMethods ["GET", "PUT"]',
      '     FAIL headers          "x-token": "x-token" is not in allowHeaders plus the safelisted ["accept", "accept-language", "content-language", "content-type"]',
      '     FAIL private-network  "true": allowPrivateNetwork is false (any value of the request header counts as asking)',
      '   CORSMiddleware answered (the app was not called): 400 "Disallowed CORS headers, private-network"',
      "     vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network",
    ]);
    expect(lines).toContain("2. Actual request: not sent");
    expect(lines).toContain("  preflight sent:      yes");
    expect(lines.find((l) => l.startsWith("  actual request sent:"))).toMatch(/^ {2}actual request sent: no {3}.+ {2}\[preflight\/status-not-ok\]$/);
    expect(lines).toContain("  JS can read headers: none");
  });

  test("what the other credentials mode changes: one indented line per conclusion, none after the colon", async () => {
    const e = await explain({ allowOrigins: ["*"] }, { origin: APP, credentials: "include" });
    const text = formatExplanation(e);
    expect(e.otherCredentials.changes.length).toBeGreaterThan(0);
    expect(text.endsWith(`With credentials: "same-origin":\n${e.otherCredentials.changes.map((c) => `  ${c}\n`).join("")}`)).toBe(true);
    expect(text).toContain('\n  fetch() resolves:    no   Access-Control-Allow-Origin is "*", which does not count when credentials mode is "include"  [cors-check/wildcard-with-credentials]\n');
  });
});

describe("formatFindings", () => {
  const finding = (code: "CORS104" | "CORS304" | "CORS502", option: Finding["option"], value: Finding["value"], message: string, fix: string): Finding => ({
    code,
    ...LINT_RULES[code],
    option,
    value,
    message,
    fix,
  });

  test("no findings: one line", () => {
    expect(formatFindings([])).toBe("lint: no findings\n");
  });

  test("each finding: severity padded to 7, code, name, option and JSON value; then message and fix, indented", () => {
    const findings = [
      finding("CORS104", "allowOrigins", `${APP}/`, "the message", "the fix"),
      finding("CORS502", "maxAge", -1, "a negative number", "use maxAge: 0"),
      finding("CORS304", "allowMethods", null, "no value to show", "add it"),
    ];
    expect(formatFindings(findings)).toBe(
      [
        "lint: 3 findings (1 error, 1 warning, 1 info)",
        "",
        `error   CORS104 origin-trailing-slash  allowOrigins: "${APP}/"`,
        "        the message",
        "        fix: the fix",
        "",
        "warning CORS502 max-age-negative  maxAge: -1",
        "        a negative number",
        "        fix: use maxAge: 0",
        "",
        "info    CORS304 safelisted-method-missing  allowMethods",
        "        no value to show",
        "        fix: add it",
        "",
      ].join("\n"),
    );
  });

  test("the counts agree in number: 1 finding, 2 errors, 0 warnings", () => {
    expect(formatFindings(lint({ allowOrigins: [APP], maxAge: -1 })).split("\n", 1)[0]).toBe("lint: 1 finding (0 errors, 1 warning, 0 info)");
    const two = lint({ allowOrigins: [`${APP}/`, "example.org"] });
    expect(two.map((f) => f.severity)).toEqual(["error", "error"]);
    expect(formatFindings(two).split("\n", 1)[0]).toBe("lint: 2 findings (2 errors, 0 warnings, 0 info)");
  });

  test("prints lint()'s findings in lint()'s order", () => {
    const findings = lint({ allowOrigins: ["*", "null"], allowHeaders: ["Accept"], allowCredentials: true });
    const heads = formatFindings(findings)
      .split("\n")
      .filter((l) => /^(error|warning|info) /.test(l));
    expect(heads).toEqual(findings.map((f) => `${f.severity.padEnd(7)} ${f.code} ${f.name}  ${f.option}: ${JSON.stringify(f.value)}`));
    expect(heads.map((h) => h.split(/ +/)[1])).toEqual(["CORS101", "CORS110", "CORS102", "CORS401"]);
  });
});
