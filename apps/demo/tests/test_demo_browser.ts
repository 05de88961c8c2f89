// End to end in a real Chromium (Debian's, driven by playwright-core): the demo started by each test on loopback
// ports, the page opened from an allowed origin and from one outside the list. The browser, not the test, decides
// what is allowed; the backend's own access log says which requests reached it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LogRecord } from "@mono/server";
import { chromium, type Browser, type BrowserContext, type Page, type Response as PageResponse } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CHROMIUM_ARGS, ensureChromium } from "../../../scripts/chromium.mjs";
import { startDemo, TUTORIAL_ORIGINS, type Demo } from "../src/index.js";

// The screenshot in docs/demo.md is tracked, and every run has new random ports: a plain test run writes it to a
// temporary folder so the clone stays clean; `UPDATE_SCREENSHOT=1` refreshes the tracked one.
const UPDATE_SCREENSHOT = process.env["UPDATE_SCREENSHOT"] === "1";
const DOCS_SCREENSHOT = fileURLToPath(new URL("../../../docs/img/demo.png", import.meta.url));

let browser: Browser;

beforeAll(async () => {
  const executablePath = ensureChromium();
  // Playwright gives a launch, a navigation and an action 30 s by default: too little on a busy machine.
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout: 180_000 });
});

afterAll(async () => {
  await browser?.close();
});

type Outcome = "allowed" | "blocked" | "hidden";

interface ScenarioResult {
  outcome: Outcome;
  /** Card 2 only: whether the backend counted a preflight during the PUT (null when the page could not ask). */
  preflightSent?: boolean | null;
  data?: Record<string, unknown>;
  error?: string;
  why: string;
}

interface DemoResults {
  origin: string;
  backend: string;
  listed: boolean;
  /** How many times the scenarios ran in this page: 1, then one more per click on "Run the scenarios again". */
  run: number;
  finishedAt: string;
  scenarios: Record<string, ScenarioResult>;
}

interface Scene {
  demo: Demo;
  /** `METHOD /path` of every request the backend answered, in order. */
  backendRequests(): string[];
}

/** A free loopback port for the frontend: its origin must be in the backend's list before the backend starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** True when `error`, or an error it was caused by, is a bind refused because the address is taken. */
function addressInUse(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") return true;
  }
  return false;
}

/**
 * The demo on loopback ports, listing `http://localhost:<frontend port>` beside the tutorial's origins. freePort()
 * lets its port go before the frontend binds it, and in between any process on the machine (a second copy of this
 * suite, an outgoing connection given that local port) may take it: then the scene starts again on another port.
 */
async function startScene(allowCredentials = true, checkWebSocketOrigin = false): Promise<Scene> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startSceneOn(await freePort(), allowCredentials, checkWebSocketOrigin);
    } catch (error) {
      if (attempt >= 5 || !addressInUse(error)) throw error;
    }
  }
}

async function startSceneOn(frontendPort: number, allowCredentials: boolean, checkWebSocketOrigin: boolean): Promise<Scene> {
  const logs: LogRecord[] = [];
  const demo = await startDemo(
    {
      host: "127.0.0.1",
      backendPort: 0,
      frontendPort,
      allowOrigins: [...TUTORIAL_ORIGINS, `http://localhost:${frontendPort}`],
      allowCredentials,
      checkWebSocketOrigin,
      backendUrl: "",
    },
    { logHandler: (record) => void logs.push(record) },
  );
  const backendRequests = (): string[] =>
    logs
      .filter((record) => record.name === "mono.access" && record.message.startsWith("[backend]"))
      .map((record) => /"(\S+) (\S+) HTTP\/[\d.]+"/.exec(record.message)?.slice(1, 3).join(" ") ?? record.message);
  return { demo, backendRequests };
}

interface Visit {
  context: BrowserContext;
  page: Page;
  results: DemoResults;
  responses: PageResponse[];
}

/** Opens the page in a fresh context (own cookies, own preflight cache) and waits for every scenario to finish. */
async function visit(url: string): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  context.setDefaultTimeout(120_000);
  const page = await context.newPage();
  const pageErrors: Error[] = [];
  const responses: PageResponse[] = [];
  page.on("pageerror", (error) => void pageErrors.push(error));
  page.on("response", (response) => void responses.push(response));
  await page.goto(url);
  await page.waitForFunction('document.body.dataset.state === "done"', undefined, { timeout: 120_000 });
  expect(pageErrors).toEqual([]);
  const results = (await page.evaluate("window.demoResults")) as DemoResults;
  return { context, page, results, responses };
}

const SCENARIOS = ["simple-get", "preflight-put", "credentialed-get", "exposed-header", "unexposed-header"];

async function cardOf(page: Page, id: string): Promise<{ outcome: string | null; text: string }> {
  const card = page.locator(`[data-scenario="${id}"]`);
  return { outcome: await card.getAttribute("data-outcome"), text: await card.innerText() };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The frontend after its scenarios, as a PNG at least as large as the viewport, where UPDATE_SCREENSHOT says. */
async function takeScreenshot(page: Page): Promise<void> {
  const scratch = UPDATE_SCREENSHOT ? undefined : mkdtempSync(join(tmpdir(), "mono-demo-"));
  const path = scratch === undefined ? DOCS_SCREENSHOT : join(scratch, "demo.png");
  try {
    mkdirSync(dirname(path), { recursive: true });
    await page.screenshot({ path, fullPage: true });
    const png = readFileSync(path);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // IHDR: width and height, big-endian, at bytes 16..23.
    expect(png.readUInt32BE(16)).toBe(1000);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(800);
    // A blank page compresses to a few kilobytes; the rendered cards take far more.
    expect(png.length).toBeGreaterThan(20_000);
  } finally {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
}

test("test_allowed_origin_gets_every_answer", async () => {
  const scene = await startScene();
  let context: BrowserContext | undefined;
  try {
    const { demo } = scene;
    expect(demo.pageURL).toBe(`http://localhost:${demo.frontend.port}`);
    const visited = await visit(demo.pageURL);
    context = visited.context;
    const { page, results, responses } = visited;
    const backend = `http://localhost:${demo.backend.port}`;
    expect(results.origin).toBe(demo.pageURL);
    expect(results.backend).toBe(backend);
    expect(results.listed).toBe(true);
    const outcomes = Object.fromEntries(SCENARIOS.map((id) => [id, results.scenarios[id]?.outcome]));
    expect(outcomes).toEqual({
      "simple-get": "allowed",
      "preflight-put": "allowed",
      "credentialed-get": "allowed",
      "exposed-header": "allowed",
      "unexposed-header": "hidden",
    });

    // The simple GET's data reached the page, and the page shows it.
    expect(results.scenarios["simple-get"]?.data).toEqual({ status: 200, body: { message: "Hello World" } });
    expect((await cardOf(page, "simple-get")).text).toContain('"message": "Hello World"');

    // The PUT went out after its preflight, and the backend's answer reached the page.
    expect(results.scenarios["preflight-put"]?.data).toEqual({
      status: 200,
      body: { item_id: 3, name: "Meeseeks Box", price: 19.99, x_token: "tutorial-token" },
    });
    await expect.poll(() => scene.backendRequests()).toContain("GET /items");
    const seen = scene.backendRequests();
    expect(seen.indexOf("OPTIONS /items/3")).toBeGreaterThanOrEqual(0);
    expect(seen.indexOf("PUT /items/3")).toBeGreaterThan(seen.indexOf("OPTIONS /items/3"));

    // The credentialed call carried the cookie the backend had set; without credentials it carried none.
    const credentialed = results.scenarios["credentialed-get"]?.data as Record<string, unknown>;
    const cookies = await context.cookies(backend);
    const session = cookies.find((cookie) => cookie.name === "session");
    expect(session?.httpOnly).toBe(true);
    expect(credentialed).toEqual({
      cookieSet: session?.value,
      backendReadWithCredentials: session?.value,
      backendReadWithout: null,
      visibleInDocumentCookie: false,
    });
    expect(typeof session?.value).toBe("string");

    // Both headers were on the wire; JavaScript could read only the exposed one.
    expect(results.scenarios["exposed-header"]?.data).toEqual({ "X-Total-Count": "3", itemsInBody: 3 });
    const unexposed = results.scenarios["unexposed-header"]?.data as { "X-Request-Id": unknown; readableHeaders: string[] };
    expect(unexposed["X-Request-Id"]).toBeNull();
    expect(unexposed.readableHeaders).toContain("x-total-count");
    expect(unexposed.readableHeaders).not.toContain("x-request-id");
    const onTheWire = responses.filter((response) => response.url() === `${backend}/items` && response.request().method() === "GET");
    expect(onTheWire.length).toBe(2);
    for (const response of onTheWire) expect((await response.allHeaders())["x-request-id"]).toMatch(/^req-\d+$/);
    expect((await cardOf(page, "unexposed-header")).text).toContain("Hidden from JavaScript");

    await takeScreenshot(page);
    expect(results.run).toBe(1);
    expect(results.scenarios["preflight-put"]?.preflightSent).toBe(true);
    expect((await cardOf(page, "preflight-put")).text).toContain("First the browser sent OPTIONS /items/3");
    expect(await page.locator("#last-run").innerText()).toMatch(/^Run 1, finished at \S/);

    // Run again: the page says it ran, and card 2 tells the preflight Chromium answered from its cache.
    await page.locator("#run").click();
    await page.waitForFunction('window.demoResults.run === 2 && document.body.dataset.state === "done"', undefined, { timeout: 120_000 });
    const again = (await page.evaluate("window.demoResults")) as DemoResults;
    expect(await page.locator("#last-run").innerText()).toMatch(/^Run 2, finished at \S/);
    expect(Date.parse(again.finishedAt)).toBeGreaterThanOrEqual(Date.parse(results.finishedAt));
    expect(again.scenarios["preflight-put"]?.outcome).toBe("allowed");
    expect(again.scenarios["preflight-put"]?.preflightSent).toBe(false);
    const cached = await cardOf(page, "preflight-put");
    expect(cached.text).toContain("This time the browser sent no preflight");
    expect(cached.text).not.toContain("First the browser sent OPTIONS");
    // The backend's own log agrees: one preflight for two PUTs.
    await expect.poll(() => scene.backendRequests().filter((request) => request === "PUT /items/3").length).toBe(2);
    expect(scene.backendRequests().filter((request) => request === "OPTIONS /items/3")).toHaveLength(1);
  } finally {
    await context?.close();
    await scene.demo.close();
  }
});

test("test_other_origin_is_blocked", async () => {
  const scene = await startScene();
  let context: BrowserContext | undefined;
  try {
    const { demo } = scene;
    expect(demo.otherPageURL).toBe(`http://127.0.0.1:${demo.frontend.port}`);
    const visited = await visit(demo.otherPageURL as string);
    context = visited.context;
    const { page, results } = visited;
    expect(results.backend).toBe(`http://127.0.0.1:${demo.backend.port}`);
    expect(results.listed).toBe(false);
    for (const id of SCENARIOS) {
      const result = results.scenarios[id];
      expect(result?.outcome, id).toBe("blocked");
      // fetch() rejected: the page gets no data, only a TypeError.
      expect(result?.error, id).toBe("TypeError: Failed to fetch");
      expect(result?.data, id).toBeUndefined();
      const card = await cardOf(page, id);
      expect(card.outcome).toBe("blocked");
      expect(card.text).toContain("Blocked by the browser");
    }
    expect(await page.locator("#verdict").innerText()).toContain(`${demo.otherPageURL} is not in the backend's allowOrigins`);

    // Simple requests reached the backend (only their answers were withheld); the PUT never did, only its preflight.
    await expect.poll(() => scene.backendRequests()).toContain("GET /items");
    const seen = scene.backendRequests();
    expect(seen).toContain("GET /");
    expect(seen).toContain("POST /session");
    expect(seen).toContain("OPTIONS /items/3");
    expect(seen.filter((request) => request.startsWith("PUT "))).toEqual([]);
    expect(results.scenarios["preflight-put"]?.why).toContain("never sent the PUT");

    // Cards 3 to 5 each explain their own lesson, not one shared paragraph.
    const whys = SCENARIOS.map((id) => results.scenarios[id]?.why ?? "");
    expect(new Set(whys).size).toBe(SCENARIOS.length);
    expect(results.scenarios["credentialed-get"]?.why).toContain("Credentials add a condition");
    expect(results.scenarios["credentialed-get"]?.why).toContain("Access-Control-Allow-Credentials: true");
    expect(results.scenarios["exposed-header"]?.why).toContain("exposing a header counts only once the answer itself is allowed");
    expect(results.scenarios["unexposed-header"]?.why).toContain("X-Request-Id is hidden even from an allowed origin");
    expect((await cardOf(page, "exposed-header")).text).toContain("exposed or not");
  } finally {
    await context?.close();
    await scene.demo.close();
  }
});

test("test_credentials_off_blocks_the_credentialed_call", async () => {
  const scene = await startScene(false);
  let context: BrowserContext | undefined;
  try {
    const visited = await visit(scene.demo.pageURL);
    context = visited.context;
    const { results } = visited;
    const outcomes = Object.fromEntries(SCENARIOS.map((id) => [id, results.scenarios[id]?.outcome]));
    expect(outcomes).toEqual({
      "simple-get": "allowed",
      "preflight-put": "allowed",
      "credentialed-get": "blocked",
      "exposed-header": "allowed",
      "unexposed-header": "hidden",
    });
    expect(results.scenarios["credentialed-get"]?.why).toContain("allowCredentials off");
    // The request went out and the backend answered it; the browser kept the answer from the page.
    await expect.poll(() => scene.backendRequests()).toContain("POST /session");
  } finally {
    await context?.close();
    await scene.demo.close();
  }
});

/** The status line a raw handshake to the backend's /ws gets, sent as a browser at `origin` would send it. */
function handshakeStatus(port: number, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({
      host: "127.0.0.1",
      port,
      path: "/ws",
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        Origin: origin,
      },
    });
    request.once("upgrade", (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    request.once("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once("error", reject);
    request.end();
  });
}

test("test_websocket_card_cors_does_not_apply", async () => {
  // The page at the disallowed origin: every fetch blocked by the browser, yet its WebSocket opens and talks.
  const scene = await startScene();
  let context: BrowserContext | undefined;
  try {
    const other = scene.demo.otherPageURL as string;
    const visited = await visit(other);
    context = visited.context;
    const { page, results } = visited;
    expect(results.listed).toBe(false);
    for (const id of SCENARIOS) expect(results.scenarios[id]?.outcome, id).toBe("blocked");
    const socket = results.scenarios["websocket"];
    expect(socket?.outcome).toBe("open");
    expect(socket?.data).toEqual({ serverSawOrigin: other, echo: "echo: hello" });
    expect(socket?.why).toContain("cross-site WebSocket hijacking");
    const card = await cardOf(page, "websocket");
    expect(card.outcome).toBe("open");
    expect(card.text).toContain("Open: CORS does not apply");
    // The server accepted that origin's handshake: 101 Switching Protocols.
    expect(await handshakeStatus(scene.demo.backend.port, other)).toBe(101);
  } finally {
    await context?.close();
    await scene.demo.close();
  }
});

test("test_websocket_card_with_the_origin_check", async () => {
  // --check-websocket-origin: the same page's handshake is answered with HTTP 403; the allowed page still talks.
  const scene = await startScene(true, true);
  const contexts: BrowserContext[] = [];
  try {
    const other = scene.demo.otherPageURL as string;
    const refused = await visit(other);
    contexts.push(refused.context);
    const socket = refused.results.scenarios["websocket"];
    expect(socket?.outcome).toBe("refused");
    // The browser tells the page nothing but 1006 (abnormal closure).
    expect(socket?.data).toEqual({ closeCode: 1006 });
    expect(socket?.why).toContain("answered the handshake with HTTP 403");
    expect((await cardOf(refused.page, "websocket")).text).toContain("Refused by the server");
    expect(await handshakeStatus(scene.demo.backend.port, other)).toBe(403);

    const allowed = await visit(scene.demo.pageURL);
    contexts.push(allowed.context);
    expect(allowed.results.scenarios["websocket"]?.outcome).toBe("open");
    expect(allowed.results.scenarios["websocket"]?.data).toEqual({ serverSawOrigin: scene.demo.pageURL, echo: "echo: hello" });
  } finally {
    for (const context of contexts) await context.close();
    await scene.demo.close();
  }
});
