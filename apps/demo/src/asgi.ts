/** @module The backend as an importable ASGI app for a server process (FastAPI's deployment docs run `uvicorn main:app`):
 * `mono-serve apps/demo/dist/asgi.js:app`. Its settings come from the `DEMO_*` environment variables, as the demo's.
 */
import { createBackend } from "./backend.js";
import { loadSettings } from "./settings.js";

const settings = loadSettings([], process.env);

/** FastAPI's CORS tutorial app with the settings of this process's environment. */
export const app = createBackend({
  allowOrigins: settings.allowOrigins,
  allowCredentials: settings.allowCredentials,
  checkWebSocketOrigin: settings.checkWebSocketOrigin,
});
