// Property tests: whatever latin-1 a client or an app sends and whatever options are given, the middleware's
// decisions never throw, what it emits is always header bytes, and bad options are refused by name.
import { Headers, isByteString } from "@mono/asgi";
import type { ASGIApp, HTTPScope, RawHeaders, SendMessage } from "@mono/asgi";
import fc from "fast-check";
import { describe, expect, test } from "vitest";

import { ALL_METHODS, CORSMiddleware } from "../src/index.js";
import type { CORSOptions } from "../src/index.js";

const RUNS = { numRuns: 300 };

/** Any latin-1 text: every code unit 0x00-0xFF, so control bytes, \x85, \xa0 and letters like "é" too. */
const latin1 = (maxLength = 24) =>
  fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength });

/** Mostly plausible values, sometimes arbitrary latin-1. */
const originLike = fc.oneof(
  fc.constantFrom("https://example.org", "http://localhost:8080", "null", "", "*", "https://sub.example.org"),
  latin1(),
);
const methodLike = fc.oneof(fc.constantFrom(...ALL_METHODS, "get", "*", "PURGE"), latin1(8));
const headerLike = fc.oneof(fc.constantFrom("X-Example", "Content-Type", "accept", "*", " X-Pad "), latin1(12));

const patterns = fc.constantFrom<string | RegExp | null>(
  null,
  "https://.*\\.example\\.org",
  "https?://localhost(:\\d+)?",
  ".*",
  "null",
  /https:\/\/[a-z]+\.example\.org/,
  /https:\/\/example\.org/i,
);

const options: fc.Arbitrary<CORSOptions> = fc.record(
  {
    allowOrigins: fc.array(originLike, { maxLength: 4 }),
    allowMethods: fc.array(methodLike, { maxLength: 4 }),
    allowHeaders: fc.array(headerLike, { maxLength: 4 }),
    allowCredentials: fc.boolean(),
    allowOriginRegex: patterns,
    allowPrivateNetwork: fc.boolean(),
    exposeHeaders: fc.array(headerLike, { maxLength: 3 }),
    maxAge: fc.integer({ min: -1, max: 10 ** 9 }),
  },
  { requiredKeys: [] },
);

/** Request headers: the CORS ones, maybe repeated, maybe with uppercase names, plus noise. */
const requestHeaders: fc.Arbitrary<RawHeaders> = fc.array(
  fc.tuple(
    fc.constantFrom(
      "origin",
      "Origin",
      "access-control-request-method",
      "access-control-request-headers",
      "access-control-request-private-network",
      "cookie",
      "host",
    ),
    latin1(),
  ),
  { maxLength: 8 },
);

/** What an app sends as its start message's headers: any latin-1 names (Vary in any case) and values. */
const appHeaders: fc.Arbitrary<RawHeaders> = fc.array(
  fc.tuple(fc.oneof(fc.constantFrom("vary", "Vary", "access-control-allow-origin", "content-type"), latin1(10)), latin1()),
  { maxLength: 6 },
);

function scopeWith(method: string, headers: RawHeaders): HTTPScope {
  return {
    type: "http",
    asgi: { version: "3.0" },
    http_version: "1.1",
    method,
    scheme: "http",
    path: "/",
    query_string: "",
    root_path: "",
    headers,
  };
}

function allHeadersAreBytes(headers: RawHeaders): boolean {
  return headers.every(([name, value]) => isByteString(name) && isByteString(value));
}

describe("decision functions never throw", () => {
  test("isAllowedOrigin returns a boolean for any latin-1 origin", () => {
    fc.assert(
      fc.property(options, latin1(40), (opts, origin) => {
        const middleware = new CORSMiddleware(async () => {}, opts);
        expect(typeof middleware.isAllowedOrigin(origin)).toBe("boolean");
      }),
      RUNS,
    );
  });

  test("preflightResponse answers 200 OK or 400 Disallowed CORS, in header bytes, Vary first", () => {
    fc.assert(
      fc.property(options, originLike, methodLike, requestHeaders, (opts, origin, method, extra) => {
        const middleware = new CORSMiddleware(async () => {}, opts);
        const raw: RawHeaders = [["origin", origin], ["access-control-request-method", method], ...extra];
        const response = middleware.preflightResponse(new Headers({ raw }));
        expect([200, 400]).toContain(response.statusCode);
        const text = Buffer.from(response.body).toString("latin1");
        expect(response.statusCode === 200 ? text === "OK" : /^Disallowed CORS [a-z, -]+$/.test(text)).toBe(true);
        expect(allHeadersAreBytes(response.rawHeaders)).toBe(true);
        expect(response.rawHeaders[0]).toEqual([
          "vary",
          "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network",
        ]);
      }),
      RUNS,
    );
  });
});

describe("every response that passes through", () => {
  test("keeps header bytes, ends the lowercase Vary with Origin, and only names an allowed origin", async () => {
    await fc.assert(
      fc.asyncProperty(
        options,
        fc.constantFrom("GET", "POST", "OPTIONS", "options"),
        requestHeaders,
        fc.option(appHeaders, { nil: undefined }),
        async (opts, method, headers, sentHeaders) => {
          const start: SendMessage =
            sentHeaders === undefined
              ? { type: "http.response.start", status: 200 }
              : { type: "http.response.start", status: 200, headers: sentHeaders.map(([n, v]) => [n, v]) };
          const appList = start.type === "http.response.start" ? start.headers : undefined;
          let called = false;
          const app: ASGIApp = async (_scope, _receive, send) => {
            called = true;
            await send(start);
            await send({ type: "http.response.body", body: new Uint8Array([1, 2]) });
          };
          const middleware = new CORSMiddleware(app, opts);
          const sent: SendMessage[] = [];
          const request = new Headers({ raw: headers });
          await middleware.asgi(scopeWith(method, headers), async () => ({ type: "http.disconnect" }), async (m) => {
            sent.push(m);
          });
          const preflight =
            request.get("origin") !== undefined &&
            method === "OPTIONS" &&
            request.has("access-control-request-method");
          expect(called).toBe(!preflight);
          expect(sent.map((m) => m.type)).toEqual(["http.response.start", "http.response.body"]);
          const first = sent[0];
          if (first?.type !== "http.response.start" || first.headers === undefined) throw new Error("no start headers");
          expect(allHeadersAreBytes(first.headers)).toBe(true);
          if (preflight) return;
          // The app's own list is copied into the message, never edited behind the app's back.
          if (appList !== undefined) {
            expect(first.headers).not.toBe(appList);
            expect(appList).toEqual(sentHeaders);
          }
          const vary = first.headers.filter(([name]) => name === "vary");
          expect(vary).toHaveLength(1);
          expect(vary[0]?.[1].endsWith("Origin")).toBe(true);
          const origin = request.get("origin");
          const allowOrigin = new Headers({ raw: first.headers }).getlist("access-control-allow-origin");
          const appSetOne = (sentHeaders ?? []).some(([name]) => name === "access-control-allow-origin");
          if (origin !== undefined && !appSetOne && allowOrigin.length > 0) {
            expect(allowOrigin).toHaveLength(1);
            expect([origin, "*"]).toContain(allowOrigin[0]);
            expect(allowOrigin[0] === "*" || middleware.isAllowedOrigin(origin)).toBe(true);
          }
        },
      ),
      RUNS,
    );
  });
});

describe("options are checked when the middleware is built", () => {
  const expectations: Record<keyof CORSOptions, { wrong: fc.Arbitrary<unknown>; what: RegExp }> = {
    allowOrigins: { wrong: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.dictionary(fc.string(), fc.string())), what: /expected an array of strings/ },
    allowMethods: { wrong: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), what: /expected an array of strings/ },
    allowHeaders: { wrong: fc.oneof(fc.string(), fc.double(), fc.constant(new Set(["X-A"]))), what: /expected an array of strings/ },
    allowCredentials: { wrong: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([])), what: /expected a boolean/ },
    allowOriginRegex: { wrong: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string())), what: /expected a Python re pattern string, a RegExp or null/ },
    allowPrivateNetwork: { wrong: fc.oneof(fc.string(), fc.integer({ min: 0, max: 1 })), what: /expected a boolean/ },
    exposeHeaders: { wrong: fc.oneof(fc.string({ minLength: 1 }), fc.integer()), what: /expected an array of strings/ },
    maxAge: { wrong: fc.oneof(fc.string(), fc.double({ noInteger: true }), fc.constant(null), fc.constant(2 ** 60)), what: /expected an integer|too big|Too big/ },
    onDecision: { wrong: fc.oneof(fc.string(), fc.integer(), fc.constant({})), what: /expected a function or null/ },
    checkWebSocketOrigin: { wrong: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), what: /expected a boolean/ },
  };

  for (const [name, { wrong, what }] of Object.entries(expectations)) {
    test(`a wrong type for ${name} is refused, naming ${name}`, () => {
      fc.assert(
        fc.property(wrong, (value) => {
          const build = () => new CORSMiddleware(async () => {}, { [name]: value } as CORSOptions);
          expect(build).toThrow(TypeError);
          expect(build).toThrow(new RegExp(`^CORSMiddleware: ${name}: `));
          expect(build).toThrow(what);
        }),
        { numRuns: 50 },
      );
    });
  }

  test("a wrong element type names the option and the index", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders"),
        fc.array(fc.string(), { maxLength: 3 }),
        fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)),
        (name, before, bad) => {
          const build = () => new CORSMiddleware(async () => {}, { [name]: [...before, bad] } as CORSOptions);
          expect(build).toThrow(`CORSMiddleware: ${name}[${before.length}]: expected a string`);
        },
      ),
      { numRuns: 50 },
    );
  });

  test("text beyond latin-1 in a list option is refused, naming the option and the index", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders"),
        fc.string({ unit: fc.integer({ min: 0x100, max: 0xffff }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 4 }),
        (name, text) => {
          const build = () => new CORSMiddleware(async () => {}, { [name]: ["ok", `X-${text}`] } as CORSOptions);
          expect(build).toThrow(new RegExp(`^CORSMiddleware: ${name}\\[1\\]: expected latin-1 text`));
        },
      ),
      { numRuns: 50 },
    );
  });

  test("unknown options are refused, and Starlette's spelling gets a hint", () => {
    const build = () => new CORSMiddleware(async () => {}, { allow_origins: ["*"] } as CORSOptions);
    expect(build).toThrow('CORSMiddleware: unknown option "allow_origins" (did you mean allowOrigins?)');
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((key) => !["allowOrigins", "allowMethods", "allowHeaders", "allowCredentials", "allowOriginRegex", "allowPrivateNetwork", "exposeHeaders", "maxAge", "onDecision", "__proto__", "constructor"].includes(key)),
        (key) => {
          expect(() => new CORSMiddleware(async () => {}, { [key]: true } as CORSOptions)).toThrow(/unknown option/);
        },
      ),
      { numRuns: 50 },
    );
  });

  test("the options object itself must be an object", () => {
    for (const value of ["*", 1, [], true]) {
      expect(() => new CORSMiddleware(async () => {}, value as CORSOptions)).toThrow(/^CORSMiddleware: expected an options object/);
    }
    expect(() => new CORSMiddleware(async () => {})).not.toThrow();
    expect(() => new CORSMiddleware(async () => {}, {})).not.toThrow();
  });
});
