// explain()'s browser verdict against real Chromium, row by row: for each scenario the page (origin
// http://localhost:<port>, or "null" from a sandboxed iframe in it) runs fetch() against CORSMiddleware served
// by @mono/server on http://127.0.0.1:<port>; what Chromium did (did the preflight and the actual request
// reach the server, did fetch() resolve, which headers could the page read) must be what explain predicted.
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

import { Headers, Response } from "@mono/asgi";
import type { ASGIApp } from "@mono/asgi";
import { CORSMiddleware, explain } from "@mono/cors";
import type { CORSOptions, CredentialsMode } from "@mono/cors";
import { serve } from "@mono/server";
import type { ServerHandle } from "@mono/server";
import { chromium } from "playwright-core";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { CHROMIUM_ARGS, ensureChromium } from "../../../scripts/chromium.mjs";

/** What the app behind the middleware answers to every actual request (explain is told the same). */
const APP_HEADERS = { "X-Request-Id": "42", "X-Secret": "s3cret", "Cache-Control": "no-store" };

type ConfigName = keyof ReturnType<typeof configs>;

/** The middleware options under test; `page` is the page's origin, known once its server listens. */
function configs(page: string) {
  return {
    listed: { allowOrigins: [page] },
    listedWide: {
      allowOrigins: [page],
      allowMethods: ["GET", "POST", "PUT", "DELETE"],
      allowHeaders: ["X-Token"],
      exposeHeaders: ["X-Request-Id"],
      allowCredentials: true,
    },
    wildcard: { allowOrigins: ["*"], allowMethods: ["*"], allowHeaders: ["*"], exposeHeaders: ["*"] },
    wildcardCredentials: {
      allowOrigins: ["*"],
      allowMethods: ["*"],
      allowHeaders: ["*"],
      exposeHeaders: ["X-Request-Id"],
      allowCredentials: true,
    },
    regex: { allowOriginRegex: String.raw`http://localhost:\d+`, allowMethods: ["GET", "PATCH"] },
    nullOrigin: { allowOrigins: ["null"], allowMethods: ["GET", "PUT"], allowHeaders: ["X-Token"] },
    trailingSlash: { allowOrigins: [`${page}/`], allowMethods: ["GET", "PUT"] },
    exposeAll: { allowOrigins: [page], exposeHeaders: ["*"] },
    exposeAllCredentials: { allowOrigins: [page], exposeHeaders: ["*"], allowCredentials: true },
    putOnly: { allowOrigins: [page], allowMethods: ["PUT"], allowHeaders: ["X-Token"] },
  } satisfies Record<string, CORSOptions>;
}

interface Row {
  readonly config: ConfigName;
  /** `page`: the page's own origin; `sandbox`: a sandboxed iframe, whose origin is "null". */
  readonly from: "page" | "sandbox";
  readonly method: string;
  readonly headers?: Record<string, string>;
  readonly credentials?: CredentialsMode;
}

const JSON_TYPE = { "Content-Type": "application/json" };
const ROWS: Row[] = [
  { config: "listed", from: "page", method: "GET" },
  { config: "listed", from: "page", method: "POST", headers: { "Content-Type": "text/plain" } },
  { config: "listed", from: "page", method: "PUT" },
  { config: "listed", from: "page", method: "GET", headers: { "X-Token": "t" } },
  { config: "listed", from: "page", method: "GET", credentials: "include" },
  { config: "listed", from: "page", method: "POST", headers: JSON_TYPE },
  { config: "listed", from: "page", method: "patch" },
  { config: "listed", from: "sandbox", method: "GET" },
  { config: "listed", from: "page", method: "POST", headers: { "Content-Type": "text/plain; charset=utf-8" } },
  { config: "listed", from: "page", method: "GET", headers: { Accept: "a".repeat(129) } },
  { config: "listed", from: "page", method: "GET", headers: { "Accept-Language": "en;q=0.5", "Content-Language": "de/at" } },
  { config: "putOnly", from: "page", method: "GET", headers: { Range: "bytes=0-1" } },
  { config: "putOnly", from: "page", method: "GET", headers: { Range: "bytes=0-1,3-4" } },
  { config: "listedWide", from: "page", method: "GET" },
  { config: "listedWide", from: "page", method: "PUT", headers: { "X-Token": "t" }, credentials: "include" },
  { config: "listedWide", from: "page", method: "DELETE", headers: { "X-Other": "o" } },
  { config: "listedWide", from: "page", method: "PATCH" },
  { config: "listedWide", from: "page", method: "GET", credentials: "include" },
  { config: "listedWide", from: "page", method: "POST", headers: JSON_TYPE, credentials: "include" },
  { config: "listedWide", from: "page", method: "GET", headers: { Authorization: "Bearer x" } },
  { config: "listedWide", from: "sandbox", method: "GET" },
  { config: "listedWide", from: "page", method: "GET", headers: { "X-Token": "t" }, credentials: "omit" },
  { config: "wildcard", from: "page", method: "GET" },
  { config: "wildcard", from: "page", method: "GET", credentials: "include" },
  { config: "wildcard", from: "page", method: "PUT", headers: { "X-Token": "t", "X-Other": "o" } },
  { config: "wildcard", from: "page", method: "PUT", credentials: "include" },
  { config: "wildcard", from: "page", method: "QUERY", headers: { "Content-Type": "text/plain" } },
  { config: "wildcard", from: "page", method: "GET", headers: { Authorization: "Bearer x" } },
  { config: "wildcard", from: "sandbox", method: "GET" },
  { config: "wildcard", from: "sandbox", method: "PUT", headers: { "X-Token": "t" } },
  { config: "wildcard", from: "page", method: "DELETE" },
  { config: "wildcard", from: "page", method: "OPTIONS" },
  { config: "wildcardCredentials", from: "page", method: "GET", credentials: "include" },
  { config: "wildcardCredentials", from: "page", method: "GET", credentials: "omit" },
  { config: "wildcardCredentials", from: "page", method: "PUT", headers: { "X-Token": "t" }, credentials: "include" },
  { config: "wildcardCredentials", from: "sandbox", method: "GET", credentials: "include" },
  { config: "wildcardCredentials", from: "page", method: "PATCH", credentials: "include" },
  { config: "regex", from: "page", method: "GET" },
  { config: "regex", from: "page", method: "PATCH" },
  { config: "regex", from: "page", method: "PUT" },
  { config: "regex", from: "sandbox", method: "GET" },
  { config: "nullOrigin", from: "sandbox", method: "GET" },
  { config: "nullOrigin", from: "sandbox", method: "PUT", headers: { "X-Token": "t" } },
  { config: "nullOrigin", from: "page", method: "GET" },
  { config: "nullOrigin", from: "sandbox", method: "PUT", credentials: "include" },
  { config: "trailingSlash", from: "page", method: "GET" },
  { config: "trailingSlash", from: "page", method: "PUT" },
  { config: "exposeAll", from: "page", method: "GET" },
  { config: "exposeAll", from: "page", method: "GET", credentials: "include" },
  { config: "exposeAllCredentials", from: "page", method: "GET", credentials: "include" },
  { config: "exposeAllCredentials", from: "page", method: "GET" },
  { config: "putOnly", from: "page", method: "GET", headers: { "X-Token": "t" } },
  { config: "putOnly", from: "page", method: "PUT", headers: { "X-Token": "t" } },
  { config: "putOnly", from: "page", method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" } },
];

/** A request as it reached the server, outside the middleware. */
interface Arrival {
  readonly method: string;
  readonly path: string;
  readonly preflight: boolean;
}

const arrivals: Arrival[] = [];
const apis = new Map<ConfigName, { url: string; options: CORSOptions }>();
const handles: ServerHandle[] = [];
let pageServer: Server | undefined;
let pageOrigin = "";
let browser: Browser | undefined;
let page: Page | undefined;
let sandbox: Frame | undefined;

/** Records every request, then hands it to CORSMiddleware around an app that always answers the same. */
function recorded(options: CORSOptions): ASGIApp {
  const app: ASGIApp = async (scope, receive, send) => {
    await new Response("OK", { status: 200, headers: APP_HEADERS, mediaType: "text/plain" }).asgi(scope, receive, send);
  };
  const cors = new CORSMiddleware(app, options);
  return async (scope, receive, send) => {
    if (scope.type === "http") {
      const headers = new Headers({ raw: scope.headers });
      arrivals.push({ method: scope.method, path: scope.path, preflight: scope.method === "OPTIONS" && headers.has("access-control-request-method") });
    }
    await cors.asgi(scope, receive, send);
  };
}

const PAGE = `<!doctype html><title>explain vs Chromium</title>
<iframe sandbox="allow-scripts" srcdoc="<!doctype html><p>sandboxed: origin null</p>"></iframe>`;

beforeAll(async () => {
  // The globalSetup installed Chromium if it was missing; this is then a cheap check that names the fix.
  const executablePath = ensureChromium();
  pageServer = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
  });
  await new Promise<void>((resolve) => pageServer?.listen(0, "127.0.0.1", resolve));
  pageOrigin = `http://localhost:${(pageServer.address() as AddressInfo).port}`;

  for (const [name, options] of Object.entries(configs(pageOrigin)) as [ConfigName, CORSOptions][]) {
    const handle = await serve(recorded(options), { host: "127.0.0.1", port: 0, lifespan: "off", accessLog: false, logLevel: "warning" });
    handles.push(handle);
    apis.set(name, { url: handle.url, options });
  }

  // Playwright gives a launch, a navigation and a wait 30 s by default: too little on a busy machine.
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout: 180_000 });
  page = await browser.newPage();
  page.setDefaultTimeout(120_000);
  // "load" waits for the iframe too.
  await page.goto(`${pageOrigin}/`, { waitUntil: "load" });
  sandbox = page.frames().find((frame) => frame !== page?.mainFrame());
  if (sandbox === undefined) throw new Error("the sandboxed iframe did not load");
  await sandbox.waitForLoadState();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(handles.map((handle) => handle.close()));
  await new Promise<void>((resolve) => (pageServer === undefined ? resolve() : pageServer.close(() => resolve())));
});

test("the table has at least 40 rows and covers every config", () => {
  expect(ROWS.length).toBeGreaterThanOrEqual(40);
  expect(new Set(ROWS.map((row) => row.config))).toEqual(new Set(Object.keys(configs("http://localhost"))));
});

interface Observed {
  readonly resolved: boolean;
  readonly headers: string[];
  readonly error: string | null;
}

test.each(ROWS.map((row, index) => ({ credentials: "same-origin" as CredentialsMode, headers: {}, ...row, index })))(
  "row $index: $config, $method from $from, credentials $credentials, headers $headers",
  async ({ index, config, from, method, headers, credentials }) => {
    const api = apis.get(config);
    const frame = from === "page" ? page?.mainFrame() : sandbox;
    if (api === undefined || frame === undefined) throw new Error("beforeAll did not finish");
    // A path per row: no preflight cache entry or HTTP cache entry carries over between rows.
    const path = `/row/${index}`;
    const hasBody = !["GET", "HEAD"].includes(method.toUpperCase());
    const observed: Observed = await frame.evaluate(
      async ({ url, method, headers, credentials, hasBody }) => {
        try {
          const res = await fetch(url, { method, headers, credentials, ...(hasBody ? { body: "x" } : {}) });
          await res.text();
          return { resolved: true, headers: [...res.headers.keys()], error: null };
        } catch (error) {
          return { resolved: false, headers: [], error: String(error) };
        }
      },
      { url: `${api.url}${path}`, method, headers, credentials, hasBody },
    );

    const predicted = await explain(api.options, {
      origin: from === "page" ? pageOrigin : "null",
      method,
      path,
      headers,
      credentials,
      response: { headers: APP_HEADERS },
    });
    const here = arrivals.filter((a) => a.path === path);
    const seen = {
      preflightSent: here.some((a) => a.preflight),
      requestSent: here.some((a) => !a.preflight),
      resolved: observed.resolved,
      // The server adds date and server; compare the headers the middleware and the app sent.
      readableHeaders: observed.headers.filter((name) => predicted.actual?.response.headers.some(([n]) => n === name)).sort(),
    };
    const why = [...predicted.browser, ...(predicted.preflight?.browser ?? []), ...(predicted.actual?.browser ?? [])];
    expect(seen, `Chromium: ${observed.error ?? "resolved"}; explain: ${why.map((r) => r.rule).join(" > ")}`).toEqual({
      preflightSent: predicted.verdict.preflightSent,
      requestSent: predicted.verdict.requestSent.value,
      resolved: predicted.verdict.readable.value,
      readableHeaders: [...predicted.verdict.readableHeaders.value],
    });
  },
);
