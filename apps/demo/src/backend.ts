/** @module The backend: FastAPI's CORS tutorial app (docs_src/cors/tutorial001.py) in TypeScript, plus one endpoint
 * for each thing CORS governs: a preflighted PUT, a credentialed (cookie) call, and an exposed beside an unexposed header;
 * and one thing it does not govern, a WebSocket.
 */
import { randomBytes } from "node:crypto";
import type { Receive, Scope, Send } from "@mono/asgi";
import { CORSMiddleware, type CORSOptions } from "@mono/cors";
import { App } from "@mono/framework";
import { z } from "zod";
import { TUTORIAL_ORIGINS } from "./settings.js";

/** Response headers the page's JavaScript may read beyond the safelisted ones: `X-Total-Count`, not `X-Request-Id`. */
export const EXPOSE_HEADERS: readonly string[] = Object.freeze(["X-Total-Count"]);

/** The cookie the credentialed scenario sets and reads back. */
export const SESSION_COOKIE = "session";

/** How the tutorial's CORSMiddleware is configured. */
export interface BackendOptions {
  /** CORSMiddleware's `allowOrigins`. @default the tutorial's four origins */
  allowOrigins?: readonly string[];
  /** CORSMiddleware's `allowCredentials`. @default true */
  allowCredentials?: boolean;
  /** CORSMiddleware's `checkWebSocketOrigin` (an opt-in of @mono/cors, off as in Starlette). @default false */
  checkWebSocketOrigin?: boolean;
}

const Item = z.object({ name: z.string().min(1), price: z.number().nonnegative() });

/** The backend's CORSMiddleware options: the tutorial's, with `exposeHeaders` for the header scenario. */
export function backendCORSOptions(options: BackendOptions = {}): CORSOptions {
  return {
    allowOrigins: options.allowOrigins ?? TUTORIAL_ORIGINS,
    allowCredentials: options.allowCredentials ?? true,
    allowMethods: ["*"],
    allowHeaders: ["*"],
    exposeHeaders: EXPOSE_HEADERS,
    checkWebSocketOrigin: options.checkWebSocketOrigin ?? false,
  };
}

/**
 * The tutorial's app: `GET /` says hello, behind CORSMiddleware with the tutorial's options
 * (`allowMethods` and `allowHeaders` `["*"]`), plus `exposeHeaders` for the header scenario. It reads as
 * tutorial001.py does; the endpoints the scenarios call are added by addScenarioEndpoints.
 */
export function createBackend(options: BackendOptions = {}): App {
  const app = new BackendApp({ title: "CORS demo backend", description: "FastAPI's CORS tutorial app, with one endpoint per CORS rule." });

  app.addMiddleware(CORSMiddleware, backendCORSOptions(options));

  app.get("/", {}, function main() {
    return { message: "Hello World" };
  });

  addScenarioEndpoints(app);
  return app;
}

/**
 * The backend App, counting the preflights that reach it, so the page can tell a preflight sent from one the browser
 * answered from its cache. CORSMiddleware answers a preflight before any route, so the count is taken in front of
 * the middleware stack (middleware outside CORSMiddleware would be the order the framework warns about).
 */
class BackendApp extends App {
  preflights = 0;

  protected override call(scope: Scope, receive: Receive, send: Send): Promise<void> {
    if (scope.type === "http" && scope.method === "OPTIONS" && scope.headers.some(([name]) => name === "access-control-request-method")) {
      this.preflights += 1;
    }
    return super.call(scope, receive, send);
  }
}

/** One endpoint per thing CORS governs, beyond the tutorial: what the frontend's scenarios call. */
function addScenarioEndpoints(app: BackendApp): void {
  addItemEndpoints(app);
  addSessionEndpoints(app);
  addEchoSocket(app);
  // A simple GET: the page reads it before and after its PUT to learn whether a preflight went out.
  app.get("/preflights", {}, function preflights() {
    return { count: app.preflights };
  });
}

/**
 * The WebSocket card: `/ws` accepts any page (CORSMiddleware lets websocket scopes through unless
 * `checkWebSocketOrigin` is on), tells it the `Origin` it came with, then echoes each text message.
 */
function addEchoSocket(app: App): void {
  app.websocket("/ws", {}, async function echo({ websocket }) {
    await websocket.accept();
    await websocket.sendJson({ origin: websocket.headers.get("origin") ?? null });
    for await (const text of websocket.iterText()) await websocket.sendText(`echo: ${text}`);
  });
}

/** The preflighted PUT, and the list whose answer carries an exposed beside an unexposed header. */
function addItemEndpoints(app: App): void {
  const items = new Map<number, z.output<typeof Item>>([
    [1, { name: "Portal Gun", price: 42 }],
    [2, { name: "Plumbus", price: 32 }],
  ]);
  let requests = 0;

  // PUT, a JSON body and a custom header: three reasons for the browser to ask first (a preflight).
  app.put(
    "/items/{item_id:int}",
    { path: z.object({ item_id: z.int() }), headers: z.object({ x_token: z.string().min(1) }), body: Item },
    function updateItem({ path, headers, body }) {
      items.set(path.item_id, body);
      return { item_id: path.item_id, ...body, x_token: headers.x_token };
    },
  );

  // Both headers go out on every answer; only the one in exposeHeaders reaches the page's JavaScript.
  app.get("/items", {}, function listItems({ response }) {
    requests += 1;
    response.headers.set("X-Total-Count", String(items.size));
    response.headers.set("X-Request-Id", `req-${requests}`);
    return [...items].map(([id, item]) => ({ item_id: id, ...item }));
  });
}

/** The credentialed scenario: a cookie set by one call, read back by the next. */
function addSessionEndpoints(app: App): void {
  // HttpOnly: the page's JavaScript cannot read the cookie, yet the browser sends it when asked to.
  app.post("/session", {}, function login({ response }) {
    const session = randomBytes(6).toString("hex");
    response.setCookie(SESSION_COOKIE, session, { httponly: true, samesite: "lax" });
    return { session };
  });

  app.get("/session", { cookies: z.object({ session: z.string().nullable().default(null) }) }, function whoAmI({ cookies }) {
    return { session: cookies.session };
  });
}
