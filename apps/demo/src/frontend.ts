/** @module The frontend: the tutorial's page "at http://localhost:8080", an ASGI app of three static files (public/)
 * and `/config.json`, which tells the page where the backend is and, for its explanations, the backend's policy.
 */
import { fileURLToPath } from "node:url";
import { FileResponse, JSONResponse } from "@mono/asgi";
import { Route, Starlette } from "@mono/framework";

/** public/ sits beside src/ and dist/, so the same URL works from the sources (tests) and the build. */
export const PUBLIC_DIR = fileURLToPath(new URL("../public/", import.meta.url));

/** What the page learns from `/config.json`. */
export interface FrontendConfig {
  /**
   * The backend's port as bound (never 0); the page calls its own scheme and hostname at this port when
   * `backendUrl` is empty.
   * @default none (required): startDemo passes the backend server's port
   */
  readonly backendPort: number;
  /**
   * An explicit backend origin, or "" to derive it from the page's location.
   * @default none (required): startDemo passes the `backendUrl` setting, whose own default is ""
   */
  readonly backendUrl: string;
  /**
   * The backend's allowed origins, so the page can say why the browser decided as it did.
   * @default none (required): startDemo passes the `allowOrigins` setting (default: the tutorial's four origins)
   */
  readonly allowOrigins: readonly string[];
  /**
   * Whether the backend answers credentialed requests, so the page can explain a blocked credentialed call.
   * @default none (required): startDemo passes the `allowCredentials` setting (default true)
   */
  readonly allowCredentials: boolean;
  /**
   * The response headers the backend exposes to JavaScript.
   * @default none (required): startDemo passes the backend's EXPOSE_HEADERS, `["X-Total-Count"]`
   */
  readonly exposeHeaders: readonly string[];
  /**
   * Whether the backend refuses websocket handshakes from origins it does not allow, so the WebSocket card can say why.
   * @default none (required): startDemo passes the `checkWebSocketOrigin` setting (default false)
   */
  readonly checkWebSocketOrigin: boolean;
}

/** Files of public/ served at `/<name>` ("" is the page itself). */
const FILES: ReadonlyMap<string, string> = new Map([
  ["/", "index.html"],
  ["/scenarios.js", "scenarios.js"],
  ["/style.css", "style.css"],
]);

// A learner edits the page and reloads: never let the browser serve a stale copy.
const NO_STORE = { "cache-control": "no-store" };

/** The frontend as a Starlette application: the page, its script and style, and its configuration. */
export function createFrontend(config: FrontendConfig): Starlette {
  const routes = [...FILES].map(
    ([path, name]) => new Route(path, () => new FileResponse(`${PUBLIC_DIR}${name}`, { headers: NO_STORE }), { name }),
  );
  routes.push(new Route("/config.json", () => new JSONResponse(config, { headers: NO_STORE }), { name: "config" }));
  return new Starlette({ routes });
}
