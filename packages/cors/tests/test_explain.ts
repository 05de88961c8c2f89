// explain(): every branch of the trace (browser steps, the middleware's three paths and each check, the exact
// response, the browser's verdict and rule), the Fetch-standard model in src/fetch.ts rule by rule, and the
// decision ladder in src/decision.ts against the real middleware's answers for random options and requests,
// and the onDecision option that hands a refused preflight's explanation to the server.
import { Headers, PlainTextResponse, TestClient } from "@mono/asgi";
import type { ASGIApp, HTTPScope, RawHeaders } from "@mono/asgi";
import fc from "fast-check";
import { describe, expect, test } from "vitest";

import { CORSMiddleware } from "../src/cors.js";
import { decide, rejectedPreflight } from "../src/decision.js";
import type { RejectedPreflight } from "../src/decision.js";
import { explain } from "../src/explain.js";
import type { Explanation } from "../src/explain.js";
import {
  browserOrigin,
  corsCheck,
  corsUnsafeRequestHeaderNames,
  isCORSSafelistedRequestHeader,
  normalizeMethod,
  preflightChecks,
  preflightNeeded,
  readableHeaders,
} from "../src/fetch.js";
import type { CORSOptions } from "../src/options.js";

const APP = "https://app.example.org";
const EVIL = "https://evil.example";
const PREFLIGHT_VARY =
  "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network";
const TEXT_OK: RawHeaders = [
  ["content-length", "2"],
  ["content-type", "text/plain; charset=utf-8"],
];

const rules = (e: Explanation) => ({
  browser: e.browser.map((r) => r.rule),
  preflight: e.preflight?.browser.map((r) => r.rule) ?? null,
  actual: e.actual?.browser.map((r) => r.rule) ?? null,
});
const checks = (e: Explanation, which: "preflight" | "actual") =>
  (e[which]?.decision.checks ?? []).map((c) => [c.name, c.result]);

describe("the request explain is given", () => {
  test("defaults: a GET of / without Origin, credentials same-origin", async () => {
    const e = await explain({});
    expect(e.request).toEqual({ origin: null, method: "GET", path: "/", headers: [], credentials: "same-origin", privateNetwork: false });
  });

  test("bad input is a TypeError naming the field", async () => {
    await expect(explain({}, { credentials: "always" as never })).rejects.toThrow(/explain: credentials: /);
    await expect(explain({}, { path: "items" })).rejects.toThrow(/explain: path: /);
    await expect(explain({}, { response: { status: 42 } })).rejects.toThrow(/explain: response\.status: /);
    await expect(explain({}, { colour: "red" } as never)).rejects.toThrow(/explain: request: .*colour/);
    await expect(explain({}, { headers: { "X-Name": "café ☕" } })).rejects.toThrow(/explain: headers.X-Name: expected latin-1 text/);
    await expect(explain({}, { method: "GET /" })).rejects.toThrow(/explain: method: expected an HTTP method token/);
  });

  test("bad options are the middleware's own TypeError, whatever the request", async () => {
    await expect(explain({ allowOrigins: "https://a.example" as never }, {})).rejects.toThrow(/CORSMiddleware: allowOrigins: expected an array/);
    await expect(explain({ maxAge: "10" as never }, { method: "TRACE" })).rejects.toThrow(/CORSMiddleware: maxAge: /);
  });

  test("fetch() uppercases six methods and sends the others as written", async () => {
    const put = await explain({ allowOrigins: [APP], allowMethods: ["PUT"] }, { origin: APP, method: "put" });
    expect(put.request.method).toBe("PUT");
    expect(put.browser[0]).toMatchObject({ ok: true, rule: "fetch/method-normalized", reason: 'fetch() normalizes "put" to PUT' });
    expect(put.verdict.readable.value).toBe(true);

    const patch = await explain({ allowOrigins: [APP], allowMethods: ["PATCH"] }, { origin: APP, method: "patch" });
    expect(patch.request.method).toBe("patch");
    expect(rules(patch).browser).toEqual(["preflight/unsafe-method"]);
    const method = patch.preflight?.decision.checks.find((c) => c.name === "method");
    expect(method).toEqual({
      name: "method",
      input: "patch",
      result: "fail",
      reason: 'not in allowMethods ["PATCH"] (compared case-sensitively); allowMethods has "PATCH", which differs in case',
    });
    expect(patch.verdict.requestSent.value).toBe(false);
    expect(patch.verdict.requestSent.ruling.rule).toBe("preflight/status-not-ok");
  });

  test("forbidden methods are refused before anything is sent", async () => {
    const e = await explain({ allowOrigins: ["*"], allowMethods: ["*"] }, { origin: APP, method: "TRACE" });
    expect(e.preflight).toBeNull();
    expect(e.actual).toBeNull();
    expect(e.verdict.preflightSent).toBe(false);
    expect(e.verdict.requestSent).toMatchObject({ value: false, ruling: { ok: false, rule: "fetch/forbidden-method" } });
    expect(e.verdict.readable.value).toBe(false);
  });

  test("forbidden request headers are dropped, as fetch() drops them", async () => {
    const e = await explain({ allowOrigins: [APP] }, { origin: APP, headers: { Cookie: "a=1", "Sec-Fetch-Site": "x", "X-Token": "t" } });
    expect(e.request.headers).toEqual([["x-token", "t"]]);
    expect(e.browser.filter((r) => r.rule === "fetch/forbidden-header-dropped").map((r) => r.reason)).toEqual([
      "Cookie is a forbidden request header: fetch() silently drops it",
      "Sec-Fetch-Site is a forbidden request header: fetch() silently drops it",
    ]);
    expect(e.preflight?.request.headers).toEqual([
      ["origin", APP],
      ["access-control-request-method", "GET"],
      ["access-control-request-headers", "x-token"],
    ]);
  });
});

describe("the no-Origin path", () => {
  test("the app answers, the middleware appends Vary: Origin, CORS does not apply", async () => {
    const e = await explain({ allowOrigins: [APP] }, { response: { headers: { "X-Request-Id": "1", "Set-Cookie": "a=1" } } });
    expect(e.preflight).toBeNull();
    expect(e.actual?.decision).toEqual({
      path: "no-origin",
      pathReason: "no Origin header: the app answers and CORSMiddleware only appends Vary: Origin",
      checks: [],
    });
    expect(e.actual?.appCalled).toBe(true);
    expect(e.actual?.request.headers).toEqual([]);
    expect(e.actual?.response).toEqual({
      status: 200,
      headers: [["x-request-id", "1"], ["set-cookie", "a=1"], ...TEXT_OK, ["vary", "Origin"]],
      body: "OK",
    });
    expect(e.verdict.requestSent).toMatchObject({ value: true, ruling: { rule: "fetch/no-origin" } });
    expect(e.verdict.readable.value).toBe(true);
    expect(e.verdict.readableHeaders).toMatchObject({
      value: ["content-length", "content-type", "vary", "x-request-id"],
      ruling: { rule: "basic-filter/all-but-set-cookie" },
    });
  });
});

describe("the simple path", () => {
  test("a listed origin is echoed", async () => {
    const e = await explain({ allowOrigins: [APP], exposeHeaders: ["X-Request-Id"] }, { origin: APP, response: { headers: { "X-Request-Id": "1", "X-Other": "2" } } });
    expect(e.browser.map((r) => r.rule)).toEqual(["preflight/simple-request"]);
    expect(e.preflight).toBeNull();
    expect(e.actual?.decision.path).toBe("simple");
    expect(e.actual?.decision.pathReason).toBe("Origin and method GET: the app answers and CORSMiddleware adds CORS headers to its response");
    expect(e.actual?.decision.checks).toEqual([
      { name: "origin", input: APP, result: "pass", reason: `listed in allowOrigins: Access-Control-Allow-Origin: ${APP}` },
    ]);
    expect(e.actual?.response.headers).toEqual([
      ["x-request-id", "1"],
      ["x-other", "2"],
      ...TEXT_OK,
      ["access-control-expose-headers", "X-Request-Id"],
      ["access-control-allow-origin", APP],
      ["vary", "Origin"],
    ]);
    expect(e.verdict.readable).toMatchObject({ value: true, ruling: { rule: "cors-check/allow-origin-match" } });
    expect(e.verdict.readableHeaders).toMatchObject({ value: ["content-length", "content-type", "x-request-id"], ruling: { rule: "cors-filter/exposed" } });
  });

  test('allowOrigins "*" sends "*"; with credentials it echoes the origin', async () => {
    const star = await explain({ allowOrigins: ["*"] }, { origin: APP });
    expect(star.actual?.decision.checks[0]?.reason).toBe('allowOrigins contains "*": Access-Control-Allow-Origin: *');
    expect(star.verdict.readable.ruling.rule).toBe("cors-check/allow-origin-wildcard");
    expect(star.verdict.readableHeaders).toMatchObject({ value: ["content-length", "content-type"], ruling: { rule: "cors-filter/safelist-only" } });

    const echo = await explain({ allowOrigins: ["*"], allowCredentials: true }, { origin: APP, credentials: "include" });
    expect(echo.actual?.decision.checks[0]?.reason).toBe(
      `allowOrigins contains "*" and allowCredentials: the origin is echoed, Access-Control-Allow-Origin: ${APP}`,
    );
    expect(echo.verdict.readable).toMatchObject({ value: true, ruling: { rule: "cors-check/credentials-allowed" } });
  });

  test("allowOriginRegex is matched with fullmatch", async () => {
    const options = { allowOriginRegex: String.raw`https://[a-z]+\.example\.org` };
    const yes = await explain(options, { origin: APP });
    expect(yes.actual?.decision.checks[0]?.reason).toBe(
      `fullmatches allowOriginRegex "https://[a-z]+\\\\.example\\\\.org": Access-Control-Allow-Origin: ${APP}`,
    );
    const no = await explain(options, { origin: `${APP}.evil.example` });
    expect(no.actual?.decision.checks[0]).toMatchObject({ result: "fail" });
    expect(no.actual?.decision.checks[0]?.reason).toContain('does not fullmatch allowOriginRegex "https://[a-z]+\\\\.example\\\\.org"');
  });

  test("a refused origin: the response still goes out, without Access-Control-Allow-Origin", async () => {
    const e = await explain({ allowOrigins: [`${APP}/`] }, { origin: APP });
    expect(e.actual?.decision.checks[0]).toEqual({
      name: "origin",
      input: APP,
      result: "fail",
      reason:
        `not in allowOrigins ["${APP}/"] and no allowOriginRegex (allowOrigins has "${APP}/", but browsers send "${APP}"): ` +
        "no Access-Control-Allow-Origin (the response still goes out, with Vary: Origin)",
    });
    expect(e.actual?.response.headers).toEqual([...TEXT_OK, ["vary", "Origin"]]);
    expect(e.verdict.requestSent.value).toBe(true);
    expect(e.verdict.readable).toMatchObject({ value: false, ruling: { ok: false, rule: "cors-check/allow-origin-missing" } });
    expect(e.verdict.readableHeaders.value).toEqual([]);
  });

  test("the app's own status goes through", async () => {
    const e = await explain({ allowOrigins: [APP] }, { origin: APP, path: "/missing?x=1", response: { status: 404 } });
    expect(e.actual?.request.path).toBe("/missing?x=1");
    expect(e.actual?.response.status).toBe(404);
    expect(e.verdict.readable.value).toBe(true);
  });

  test("an OPTIONS request without Access-Control-Request-Method takes the simple path", async () => {
    const e = await explain({ allowOrigins: [APP], allowMethods: ["OPTIONS"] }, { origin: APP, method: "OPTIONS" });
    expect(e.preflight?.decision.path).toBe("preflight");
    expect(e.actual?.decision.path).toBe("simple");
    expect(e.actual?.decision.pathReason).toContain("OPTIONS without Access-Control-Request-Method");
    expect(e.actual?.appCalled).toBe(true);
  });
});

describe("the preflight path", () => {
  const options: CORSOptions = { allowOrigins: [APP], allowMethods: ["GET", "PUT"], allowHeaders: ["X-Token"], maxAge: 60 };

  test("every check passes: 200 OK, the app is not called, then the actual request", async () => {
    const e = await explain(options, { origin: APP, method: "PUT", headers: { "X-Token": "t", "Content-Type": "application/json" } });
    expect(e.browser.map((r) => r.rule)).toEqual(["preflight/unsafe-method"]);
    expect(e.preflight?.request).toEqual({
      method: "OPTIONS",
      path: "/",
      headers: [
        ["origin", APP],
        ["access-control-request-method", "PUT"],
        ["access-control-request-headers", "content-type,x-token"],
      ],
    });
    expect(e.preflight?.decision.path).toBe("preflight");
    expect(e.preflight?.decision.checks).toEqual([
      { name: "origin", input: APP, result: "pass", reason: `listed in allowOrigins: Access-Control-Allow-Origin: ${APP}` },
      { name: "method", input: "PUT", result: "pass", reason: 'in allowMethods ["GET", "PUT"]' },
      {
        name: "headers",
        input: "content-type,x-token",
        result: "pass",
        reason: 'every name is in allowHeaders plus the safelisted ["accept", "accept-language", "content-language", "content-type", "x-token"]',
      },
      { name: "private-network", input: null, result: "skip", reason: "no Access-Control-Request-Private-Network" },
    ]);
    expect(e.preflight?.appCalled).toBe(false);
    expect(e.preflight?.response).toEqual({
      status: 200,
      headers: [
        ["vary", PREFLIGHT_VARY],
        ["access-control-allow-methods", "GET, PUT"],
        ["access-control-max-age", "60"],
        ["access-control-allow-headers", "Accept, Accept-Language, Content-Language, Content-Type, X-Token"],
        ["access-control-allow-origin", APP],
        ...TEXT_OK,
      ],
      body: "OK",
    });
    expect(rules(e).preflight).toEqual(["cors-check/allow-origin-match", "preflight/ok-status", "preflight/method-allowed", "preflight/headers-allowed"]);
    expect(e.actual?.appCalled).toBe(true);
    expect(e.actual?.request.headers).toEqual([
      ["origin", APP],
      ["x-token", "t"],
      ["content-type", "application/json"],
    ]);
    expect(e.verdict.preflightSent).toBe(true);
    expect(e.verdict.requestSent).toMatchObject({ value: true, ruling: { rule: "preflight/passed" } });
    expect(e.verdict.readable.value).toBe(true);
  });

  test("origin, method and headers fail together: one 400 naming all three", async () => {
    const e = await explain(options, { origin: EVIL, method: "DELETE", headers: { "X-Other": "1", "X-Token": "t" } });
    expect(checks(e, "preflight")).toEqual([
      ["origin", "fail"],
      ["method", "fail"],
      ["headers", "fail"],
      ["private-network", "skip"],
    ]);
    expect(e.preflight?.decision.checks[2]?.reason).toBe(
      '"x-other" is not in allowHeaders plus the safelisted ["accept", "accept-language", "content-language", "content-type", "x-token"]',
    );
    expect(e.preflight?.response.status).toBe(400);
    expect(e.preflight?.response.body).toBe("Disallowed CORS origin, method, headers");
    expect(e.preflight?.response.headers.some(([n]) => n === "access-control-allow-origin")).toBe(false);
    expect(rules(e).preflight).toEqual(["cors-check/allow-origin-missing"]);
    expect(e.actual).toBeNull();
    expect(e.verdict).toMatchObject({ preflightSent: true, requestSent: { value: false }, readable: { value: false }, readableHeaders: { value: [] } });
  });

  test("an allowed origin with a refused method: Access-Control-Allow-Origin is there, the 400 decides", async () => {
    const e = await explain(options, { origin: APP, method: "DELETE" });
    expect(checks(e, "preflight")).toEqual([
      ["origin", "pass"],
      ["method", "fail"],
      ["headers", "skip"],
      ["private-network", "skip"],
    ]);
    expect(rules(e).preflight).toEqual(["cors-check/allow-origin-match", "preflight/status-not-ok"]);
    expect(e.verdict.requestSent.ruling.reason).toBe("the preflight answered 400; a preflight needs an ok status (200-299)");
  });

  test('allowHeaders "*" mirrors the requested headers', async () => {
    const e = await explain({ allowOrigins: ["*"], allowHeaders: ["*"] }, { origin: APP, headers: { "X-A": "1", Authorization: "b" } });
    expect(e.preflight?.decision.checks[2]).toEqual({
      name: "headers",
      input: "authorization,x-a",
      result: "pass",
      reason: 'allowHeaders contains "*": Access-Control-Allow-Headers mirrors the request',
    });
    expect(e.preflight?.response.headers).toContainEqual(["access-control-allow-headers", "authorization,x-a"]);
    expect(e.preflight?.response.headers).toContainEqual(["access-control-allow-origin", "*"]);
    expect(e.verdict.readable.value).toBe(true);
  });

  test("a GET preflighted for a custom header needs GET in allowMethods", async () => {
    const e = await explain({ allowOrigins: [APP], allowMethods: ["PUT"], allowHeaders: ["X-Token"] }, { origin: APP, headers: { "X-Token": "t" } });
    expect(e.browser.map((r) => r.rule)).toEqual(["preflight/unsafe-headers"]);
    expect(e.preflight?.response.body).toBe("Disallowed CORS method");
    expect(e.verdict.requestSent.value).toBe(false);
  });

  test("private network: asked and refused, asked and allowed", async () => {
    const refused = await explain({ allowOrigins: [APP] }, { origin: APP, privateNetwork: true });
    expect(refused.browser.map((r) => r.rule)).toEqual(["private-network/preflight"]);
    expect(refused.preflight?.request.headers).toContainEqual(["access-control-request-private-network", "true"]);
    expect(refused.preflight?.decision.checks[3]).toEqual({
      name: "private-network",
      input: "true",
      result: "fail",
      reason: "allowPrivateNetwork is false (any value of the request header counts as asking)",
    });
    expect(refused.preflight?.response.body).toBe("Disallowed CORS private-network");
    expect(refused.verdict.requestSent.value).toBe(false);

    const allowed = await explain({ allowOrigins: [APP], allowPrivateNetwork: true }, { origin: APP, privateNetwork: true });
    expect(allowed.preflight?.decision.checks[3]?.result).toBe("pass");
    expect(allowed.preflight?.response.headers).toContainEqual(["access-control-allow-private-network", "true"]);
    expect(rules(allowed).preflight?.at(-1)).toBe("private-network/allowed");
    expect(allowed.verdict.readable.value).toBe(true);
  });
});

describe("credentials", () => {
  test('"*" without credentials: what changes with credentials: "include"', async () => {
    const e = await explain({ allowOrigins: ["*"], exposeHeaders: ["*"] }, { origin: APP, response: { headers: { "X-A": "1" } } });
    expect(e.verdict.readableHeaders).toMatchObject({ value: ["access-control-allow-origin", "access-control-expose-headers", "content-length", "content-type", "vary", "x-a"], ruling: { rule: "cors-filter/expose-wildcard" } });
    expect(e.otherCredentials.credentials).toBe("include");
    expect(e.otherCredentials.verdict.readable).toMatchObject({ value: false, ruling: { rule: "cors-check/wildcard-with-credentials" } });
    expect(e.otherCredentials.changes).toEqual([
      'fetch() would reject: Access-Control-Allow-Origin is "*", which does not count when credentials mode is "include"',
    ]);
  });

  test("a preflight that only passes without credentials", async () => {
    const e = await explain({ allowOrigins: ["*"], allowMethods: ["*"] }, { origin: APP, method: "PUT", credentials: "include" });
    expect(rules(e).preflight).toEqual(["cors-check/wildcard-with-credentials"]);
    expect(e.otherCredentials.credentials).toBe("same-origin");
    expect(e.otherCredentials.changes).toEqual([
      "the actual request would be sent: the preflight passed every check (cors-check/allow-origin-wildcard, preflight/ok-status, preflight/method-allowed, preflight/headers-allowed)",
      "fetch() would resolve: Access-Control-Allow-Origin is \"*\" and the request carries no credentials",
    ]);
  });

  test("a listed origin without allowCredentials refuses credentialed reads", async () => {
    const e = await explain({ allowOrigins: [APP] }, { origin: APP, credentials: "include" });
    expect(e.verdict.readable.ruling).toMatchObject({
      rule: "cors-check/credentials-not-allowed",
      reason: 'credentials mode is "include" but Access-Control-Allow-Credentials is missing, not "true"',
    });
  });

  test("exposeHeaders \"*\" exposes only the safelist to credentialed fetches", async () => {
    const e = await explain({ allowOrigins: [APP], allowCredentials: true, exposeHeaders: ["*"] }, { origin: APP, credentials: "include", response: { headers: { "X-A": "1" } } });
    expect(e.verdict.readableHeaders.value).toEqual(["content-length", "content-type"]);
    expect(e.verdict.readableHeaders.ruling.reason).toContain('"*" is a plain name with credentials');
    expect(e.otherCredentials.changes).toEqual([
      expect.stringMatching(/^readable headers would be access-control-allow-credentials, .*x-a: Access-Control-Expose-Headers is "\*"/),
    ]);
  });

  test("the same verdict either way: no changes", async () => {
    const e = await explain({ allowOrigins: [APP], allowCredentials: true }, { origin: APP });
    expect(e.otherCredentials.changes).toEqual([]);
  });

  test('Origin "null" is compared like any other origin', async () => {
    const e = await explain({ allowOrigins: ["null"], allowCredentials: true }, { origin: "null", credentials: "include" });
    expect(e.actual?.response.headers).toContainEqual(["access-control-allow-origin", "null"]);
    expect(e.verdict.readable.value).toBe(true);
  });
});

describe("the Fetch standard model (src/fetch.ts)", () => {
  test("method normalization", () => {
    expect(["get", "Delete", "options", "patch", "query", "PURGE"].map(normalizeMethod)).toEqual(["GET", "DELETE", "OPTIONS", "patch", "query", "PURGE"]);
  });

  test("CORS-safelisted request headers", () => {
    expect(isCORSSafelistedRequestHeader("Accept", "text/html")).toBe(true);
    expect(isCORSSafelistedRequestHeader("Accept", "a".repeat(129))).toBe(false);
    expect(isCORSSafelistedRequestHeader("Accept", "text/(html)")).toBe(false);
    expect(isCORSSafelistedRequestHeader("Accept-Language", "en-GB;q=0.8")).toBe(true);
    expect(isCORSSafelistedRequestHeader("Content-Language", "de/at")).toBe(false);
    expect(isCORSSafelistedRequestHeader("Content-Type", "text/plain; charset=utf-8")).toBe(true);
    expect(isCORSSafelistedRequestHeader("Content-Type", "MULTIPART/form-data; boundary=x")).toBe(true);
    expect(isCORSSafelistedRequestHeader("Content-Type", "application/json")).toBe(false);
    expect(isCORSSafelistedRequestHeader("Range", "bytes=0-")).toBe(true);
    expect(isCORSSafelistedRequestHeader("Range", "bytes=0-1,3-4")).toBe(false);
    expect(isCORSSafelistedRequestHeader("X-Token", "t")).toBe(false);
  });

  // Only reachable with repeated names (a Headers object would combine them): the rule is modelled as written.
  test("CORS-unsafe request-header names: lowercased, sorted, unique; over 1024 safelisted bytes all count", () => {
    expect(corsUnsafeRequestHeaderNames([["X-B", "1"], ["Accept", "a"], ["x-a", "2"], ["X-A", "3"]])).toEqual(["x-a", "x-b"]);
    const long = "a".repeat(128);
    const many: [string, string][] = [["Accept", long], ["Accept-Language", "a".repeat(128)], ["Content-Language", long], ["Content-Type", `text/plain;${"a".repeat(100)}`]];
    expect(corsUnsafeRequestHeaderNames(many)).toEqual([]);
    expect(corsUnsafeRequestHeaderNames([...many, ...Array.from({ length: 5 }, (): [string, string] => ["Accept", long])])).toEqual(["accept", "accept-language", "content-language", "content-type"]);
  });

  test("preflight needed: unsafe method, unsafe headers, private network, or not", () => {
    expect(preflightNeeded("PUT", [], false)).toMatchObject({ needed: true, ruling: { rule: "preflight/unsafe-method" } });
    expect(preflightNeeded("POST", ["x-a"], false)).toMatchObject({ needed: true, ruling: { rule: "preflight/unsafe-headers" } });
    expect(preflightNeeded("GET", [], true)).toMatchObject({ needed: true, ruling: { rule: "private-network/preflight" } });
    expect(preflightNeeded("HEAD", [], false)).toMatchObject({ needed: false, ruling: { ok: true, rule: "preflight/simple-request" } });
  });

  test("the CORS check, rule by rule", () => {
    const omit = { origin: APP, credentials: "omit" } as const;
    const include = { origin: APP, credentials: "include" } as const;
    expect(corsCheck(omit, []).rule).toBe("cors-check/allow-origin-missing");
    expect(corsCheck(omit, [["Access-Control-Allow-Origin", "*"]]).rule).toBe("cors-check/allow-origin-wildcard");
    expect(corsCheck(include, [["access-control-allow-origin", "*"]]).rule).toBe("cors-check/wildcard-with-credentials");
    expect(corsCheck(omit, [["access-control-allow-origin", EVIL]])).toMatchObject({ ok: false, rule: "cors-check/allow-origin-mismatch" });
    // Two headers combine to "a, b", which is no origin.
    expect(corsCheck(omit, [["access-control-allow-origin", APP], ["access-control-allow-origin", APP]]).ok).toBe(false);
    expect(corsCheck(omit, [["access-control-allow-origin", APP]]).rule).toBe("cors-check/allow-origin-match");
    expect(corsCheck(include, [["access-control-allow-origin", APP], ["access-control-allow-credentials", "True"]])).toMatchObject({
      ok: false,
      rule: "cors-check/credentials-not-allowed",
      reason: 'credentials mode is "include" but Access-Control-Allow-Credentials is "True", not "true"',
    });
    expect(corsCheck(include, [["access-control-allow-origin", APP], ["access-control-allow-credentials", "true"]]).rule).toBe("cors-check/credentials-allowed");
  });

  test("the CORS-preflight fetch's checks on a 200 (what Starlette never sends, but a browser checks)", () => {
    const base = { origin: APP, credentials: "omit" as const, method: "PUT", unsafeHeaders: ["x-a"], privateNetwork: false };
    const ok: [string, string][] = [["access-control-allow-origin", APP]];
    const last = (r: ReturnType<typeof preflightChecks>) => [r.at(-1)?.rule, r.at(-1)?.ok];
    expect(last(preflightChecks(base, 200, [...ok, ["access-control-allow-methods", "GET"]]))).toEqual(["preflight/method-not-allowed", false]);
    expect(last(preflightChecks(base, 200, [...ok, ["access-control-allow-methods", "*"], ["access-control-allow-headers", "*"]]))).toEqual(["preflight/headers-allowed", true]);
    const include = { ...base, credentials: "include" as const };
    expect(last(preflightChecks(include, 200, [...ok, ["access-control-allow-credentials", "true"], ["access-control-allow-methods", "*"]]))).toEqual(["preflight/method-not-allowed", false]);
    expect(last(preflightChecks({ ...base, method: "POST" }, 200, [...ok, ["access-control-allow-headers", "X-B"]]))).toEqual(["preflight/headers-not-allowed", false]);
    expect(last(preflightChecks({ ...base, unsafeHeaders: ["authorization"] }, 200, [...ok, ["access-control-allow-methods", "PUT"], ["access-control-allow-headers", "*"]]))).toEqual(["preflight/headers-not-allowed", false]);
    expect(last(preflightChecks({ ...base, privateNetwork: true }, 204, [...ok, ["access-control-allow-methods", "PUT"], ["access-control-allow-headers", "x-a"]]))).toEqual(["private-network/not-allowed", false]);
    expect(last(preflightChecks(base, 301, ok))).toEqual(["preflight/status-not-ok", false]);
  });

  test("readable headers: basic filter, safelist, exposed names, wildcard", () => {
    const headers: [string, string][] = [["Content-Type", "t"], ["Set-Cookie", "a"], ["X-A", "1"], ["Expires", "0"], ["access-control-expose-headers", "x-a, set-cookie"]];
    expect(readableHeaders("omit", false, headers).names).toEqual(["access-control-expose-headers", "content-type", "expires", "x-a"]);
    expect(readableHeaders("omit", true, headers).names).toEqual(["content-type", "expires", "x-a"]);
    expect(readableHeaders("omit", true, headers.slice(0, 4)).ruling.rule).toBe("cors-filter/safelist-only");
    expect(readableHeaders("omit", true, headers.slice(0, 4)).names).toEqual(["content-type", "expires"]);
    const star: [string, string][] = [...headers.slice(0, 4), ["access-control-expose-headers", "*"]];
    expect(readableHeaders("same-origin", true, star).names).toEqual(["access-control-expose-headers", "content-type", "expires", "x-a"]);
    expect(readableHeaders("include", true, star).names).toEqual(["content-type", "expires"]);
  });

  test("the origin a browser sends for a URL", () => {
    expect(browserOrigin("HTTPS://App.Example.org:443/path/")).toBe("https://app.example.org");
    expect(browserOrigin("http://localhost:8000")).toBe("http://localhost:8000");
    expect(browserOrigin("null")).toBe("null");
    expect(browserOrigin("app.example.org")).toBeNull();
    expect(browserOrigin("https://")).toBeNull();
  });
});

describe("the middleware's decisions (src/decision.ts)", () => {
  const scope = (method: string, headers: RawHeaders): HTTPScope => ({
    type: "http",
    asgi: { version: "3.0" },
    http_version: "1.1",
    method,
    scheme: "http",
    path: "/items",
    query_string: "",
    root_path: "",
    headers,
  });

  test("rejectedPreflight: the explanation onDecision receives", async () => {
    const middleware = new CORSMiddleware(async () => {}, { allowOrigins: [APP] });
    const raw: RawHeaders = [["origin", EVIL], ["access-control-request-method", "PUT"]];
    const headers = new Headers({ raw });
    const response = middleware.preflightResponse(headers);
    const rejection = rejectedPreflight(middleware, scope("OPTIONS", raw), headers, response.statusCode, response.rawHeaders);
    expect(rejection).toMatchObject({
      path: "/items",
      origin: EVIL,
      requestedMethod: "PUT",
      requestedHeaders: null,
      requestedPrivateNetwork: null,
      failures: ["origin", "method"],
      status: 400,
      summary:
        `CORS preflight refused (400): PUT /items from ${EVIL}: origin "${EVIL}": not in allowOrigins ["${APP}"] and no allowOriginRegex; ` +
        'method "PUT": not in allowMethods ["GET"] (compared case-sensitively)',
    });
    expect(rejection.headers).toEqual(response.rawHeaders);
    expect(rejection.checks.map((c) => c.result)).toEqual(["fail", "fail", "skip", "skip"]);
  });

  test("requested header names are stripped as Python's str.strip() strips them, in the answer and its explanation", async () => {
    const seen: RejectedPreflight[] = [];
    const middleware = new CORSMiddleware(async () => {}, {
      allowOrigins: [APP],
      allowHeaders: ["X-A"],
      onDecision: (rejection) => void seen.push(rejection),
    });
    const client = new TestClient(middleware.asgi);
    const ask = (acrh: string) =>
      client.options("/items", {
        headers: { Origin: APP, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": acrh },
      });
    const raw = (acrh: string): RawHeaders => [
      ["origin", APP],
      ["access-control-request-method", "GET"],
      ["access-control-request-headers", acrh],
    ];

    // \x85 (NEL) is whitespace to Python, not to JS's trim(): allowed, and explained as allowed.
    expect((await ask("x-a\x85")).status).toBe(200);
    expect(middleware.firstDisallowedHeader("x-a\x85")).toBeNull();
    const decision = decide(middleware, "OPTIONS", new Headers({ raw: raw("x-a\x85") }));
    expect(decision.checks.map((c) => c.result)).toEqual(["pass", "pass", "pass", "skip"]);
    expect(seen).toEqual([]);

    // x-a\x1c is x-a once stripped: the name refused, and blamed, is x-b.
    const response = await ask("x-a\x1c, x-b");
    expect([response.status, response.text]).toEqual([400, "Disallowed CORS headers"]);
    expect(middleware.firstDisallowedHeader("x-a\x1c, x-b")).toBe("x-b");
    expect(seen.map((r) => r.checks.find((c) => c.name === "headers")?.reason)).toEqual([
      '"x-b" is not in allowHeaders plus the safelisted ["accept", "accept-language", "content-language", "content-type", "x-a"]',
    ]);
  });

  test("isAllowedMethod compares case-sensitively with allowMethods, \"*\" standing for the eight", () => {
    const listed = new CORSMiddleware(async () => {}, { allowMethods: ["GET", "patch"] });
    expect(["GET", "get", "patch", "PATCH", "POST"].map((m) => listed.isAllowedMethod(m))).toEqual([true, false, true, false, false]);
    const all = new CORSMiddleware(async () => {}, { allowMethods: ["*"] });
    expect(["QUERY", "DELETE", "PURGE", "*"].map((m) => all.isAllowedMethod(m))).toEqual([true, true, false, false]);
  });

  const latin1 = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 10 });
  const optionsArb: fc.Arbitrary<CORSOptions> = fc.record({
    allowOrigins: fc.array(fc.constantFrom("*", APP, "null", EVIL), { maxLength: 3 }),
    allowMethods: fc.array(fc.constantFrom("*", "GET", "PUT", "patch", "PURGE"), { maxLength: 3 }),
    allowHeaders: fc.array(fc.constantFrom("*", "X-A", "x-b", "Content-Type"), { maxLength: 3 }),
    allowCredentials: fc.boolean(),
    allowOriginRegex: fc.constantFrom(null, String.raw`https://.*\.example\.org`, "null"),
    allowPrivateNetwork: fc.boolean(),
  });
  // Tokens padded with whitespace Python's str.strip() removes: some JS's trim() keeps (\x1c-\x1f, \x85), some it removes too.
  const pyWhitespace = fc.string({ unit: fc.constantFrom(" ", "\t", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0"), maxLength: 2 });
  const headerToken = fc.constantFrom("x-a", "X-A", "x-b", "x-c", "content-type", "Accept", "");
  const headerList = fc
    .array(fc.tuple(pyWhitespace, headerToken, pyWhitespace), { minLength: 1, maxLength: 3 })
    .map((tokens) => tokens.map((t) => t.join("")).join(","));
  const requestArb = fc.record({
    method: fc.constantFrom("OPTIONS", "GET", "PUT"),
    origin: fc.option(fc.oneof(fc.constantFrom(APP, EVIL, "null", "https://x.example.org"), latin1), { nil: undefined }),
    acrm: fc.option(fc.oneof(fc.constantFrom("GET", "PUT", "patch", "PURGE", "QUERY"), latin1), { nil: undefined }),
    acrh: fc.option(fc.oneof(fc.constantFrom("x-a", "X-A, x-b", "content-type,x-c", " x-b ,accept", ""), latin1, headerList), {
      nil: undefined,
    }),
    acrpn: fc.option(fc.constantFrom("true", "false", ""), { nil: undefined }),
  });

  test("decide() names exactly the failures the middleware's 400 lists, and the path it takes", async () => {
    await fc.assert(
      fc.asyncProperty(optionsArb, requestArb, async (options, req) => {
        let appCalled = false;
        const middleware = new CORSMiddleware(async (_s, _r, send) => {
          appCalled = true;
          await send({ type: "http.response.start", status: 204, headers: [] });
          await send({ type: "http.response.body", body: new Uint8Array() });
        }, options);
        const raw: RawHeaders = [];
        if (req.origin !== undefined) raw.push(["origin", req.origin]);
        if (req.acrm !== undefined) raw.push(["access-control-request-method", req.acrm]);
        if (req.acrh !== undefined) raw.push(["access-control-request-headers", req.acrh]);
        if (req.acrpn !== undefined) raw.push(["access-control-request-private-network", req.acrpn]);
        const decision = decide(middleware, req.method, new Headers({ raw }));
        let status = 0;
        let body = "";
        let responseHeaders: RawHeaders = [];
        await middleware.asgi(scope(req.method, raw), async () => ({ type: "http.request" }), async (m) => {
          if (m.type === "http.response.start") {
            status = m.status;
            responseHeaders = m.headers ?? [];
          }
          if (m.type === "http.response.body") body += new TextDecoder().decode(m.body);
        });
        expect(appCalled).toBe(decision.path !== "preflight");
        const failed = decision.checks.filter((c) => c.result === "fail").map((c) => c.name);
        if (decision.path === "preflight") {
          expect(status).toBe(failed.length === 0 ? 200 : 400);
          expect(body).toBe(failed.length === 0 ? "OK" : `Disallowed CORS ${failed.join(", ")}`);
          const headersCheck = decision.checks.find((c) => c.name === "headers");
          if (headersCheck?.result === "fail" && req.origin !== undefined && req.acrm !== undefined && req.acrh !== undefined) {
            // The name blamed is one the middleware refuses on its own, found in the first token it refuses.
            const refuses = (value: string): boolean => {
              const alone = middleware.preflightResponse(
                new Headers({
                  raw: [
                    ["origin", req.origin as string],
                    ["access-control-request-method", req.acrm as string],
                    ["access-control-request-headers", value],
                  ],
                }),
              );
              return new TextDecoder().decode(alone.body).includes("headers");
            };
            const blamed = JSON.parse(/^"(?:[^"\\]|\\.)*"/.exec(headersCheck.reason)?.[0] ?? "null") as string | null;
            expect(blamed, headersCheck.reason).not.toBeNull();
            expect(refuses(blamed as string), JSON.stringify(blamed)).toBe(true);
            const firstRefused = req.acrh.split(",").find(refuses);
            expect(firstRefused?.toLowerCase()).toContain(blamed);
          }
        } else if (decision.path === "simple") {
          const allowOrigin = responseHeaders.find(([n]) => n === "access-control-allow-origin");
          expect(allowOrigin !== undefined).toBe(failed.length === 0);
        } else {
          expect(decision.checks).toEqual([]);
        }
      }),
      { numRuns: 600 },
    );
  });
});

describe("onDecision (opt-in, never changes a response)", () => {
  const refused: Record<string, string> = { Origin: EVIL, "Access-Control-Request-Method": "PUT" };
  const app = async (...[scope, receive, send]: Parameters<ASGIApp>) => {
    await new PlainTextResponse("Homepage").asgi(scope, receive, send);
  };

  test("off by default", () => {
    expect(new CORSMiddleware(app, {}).onDecision).toBeNull();
  });

  test("called once per refused preflight, after the 400 has been sent", async () => {
    const events: string[] = [];
    const seen: RejectedPreflight[] = [];
    const middleware = new CORSMiddleware(app, {
      allowOrigins: [APP],
      allowMethods: ["GET", "PUT"],
      onDecision: (rejection) => {
        events.push("onDecision");
        seen.push(rejection);
      },
    });
    const logged: ASGIApp = (scope, receive, send) =>
      middleware.asgi(scope, receive, async (message) => {
        events.push(message.type);
        await send(message);
      });
    const client = new TestClient(logged);
    const response = await client.options("/items", { headers: refused });
    expect(response.status).toBe(400);
    expect(events).toEqual(["http.response.start", "http.response.body", "onDecision"]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ path: "/items", origin: EVIL, requestedMethod: "PUT", failures: ["origin"], status: 400 });
    expect(seen[0]?.headers).toEqual(response.rawHeaders);
    expect(seen[0]?.summary).toBe(
      `CORS preflight refused (400): PUT /items from ${EVIL}: origin "${EVIL}": not in allowOrigins ["${APP}"] and no allowOriginRegex`,
    );
  });

  test("not called for an allowed preflight, a simple request or a request without Origin", async () => {
    let calls = 0;
    const client = new TestClient(new CORSMiddleware(app, { allowOrigins: [APP], onDecision: () => void calls++ }).asgi);
    expect((await client.options("/", { headers: { Origin: APP, "Access-Control-Request-Method": "GET" } })).status).toBe(200);
    expect((await client.get("/", { headers: { Origin: EVIL } })).status).toBe(200);
    expect((await client.get("/")).status).toBe(200);
    expect(calls).toBe(0);
  });

  test("the response is the same message for message with and without it; an async callback is awaited", async () => {
    let done = false;
    const withHook = new TestClient(
      new CORSMiddleware(app, { allowOrigins: [APP], onDecision: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        done = true;
      } }).asgi,
    );
    const without = new TestClient(new CORSMiddleware(app, { allowOrigins: [APP] }).asgi);
    const a = await withHook.options("/", { headers: refused });
    expect(done).toBe(true);
    const b = await without.options("/", { headers: refused });
    expect(a.messages).toEqual(b.messages);
  });

  test("anything but a function or null is refused at construction", () => {
    expect(() => new CORSMiddleware(app, { onDecision: "log" as never })).toThrow(/CORSMiddleware: onDecision: expected a function or null/);
  });

  test("explain never calls it", async () => {
    let calls = 0;
    const e = await explain({ allowOrigins: [APP], onDecision: () => void calls++ }, { origin: EVIL, method: "PUT" });
    expect(e.preflight?.response.status).toBe(400);
    expect(calls).toBe(0);
  });
});
