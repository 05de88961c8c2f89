/** @module The scene of FastAPI's CORS tutorial made real: the backend and the frontend, each served by @mono/server,
 * started and stopped together.
 */
import { defaultLogHandler, serve, StartupFailure, type LogHandler, type ServerHandle } from "@mono/server";
import { createBackend, EXPOSE_HEADERS } from "./backend.js";
import { createFrontend } from "./frontend.js";
import type { DemoSettings } from "./settings.js";

export interface DemoOptions {
  /**
   * Where both servers' log records go, after their message is prefixed with `[backend]` or `[frontend]`.
   * @default @mono/server's defaultLogHandler (uvicorn's format: errors to stderr, access lines to stdout)
   */
  logHandler?: LogHandler;
}

/** Both servers, running. */
export interface Demo {
  readonly settings: DemoSettings;
  readonly backend: ServerHandle;
  readonly frontend: ServerHandle;
  /** The frontend as a person opens it: its origin is in the tutorial's list when the ports are the defaults. */
  readonly pageURL: string;
  /** The same page at another origin (or null when the host has only one name): the browser then blocks the calls. */
  readonly otherPageURL: string | null;
  /** The backend as the page opened at `pageURL` calls it. */
  readonly backendURL: string;
  /** Stops both servers (gracefully: in-flight requests finish); safe to call twice. */
  close(): Promise<void>;
}

/** Seconds a stop waits for in-flight requests (a browser's idle keep-alive connections close at once). */
const GRACEFUL_SHUTDOWN = 5;

/** The names a person types for the bound interface: loopback is `localhost`, and also `127.0.0.1` (or `[::1]`). */
function namesOf(host: string): [string, string | null] {
  if (["127.0.0.1", "0.0.0.0", "::", "localhost"].includes(host)) return ["localhost", "127.0.0.1"];
  if (host === "::1") return ["localhost", "[::1]"];
  return [host.includes(":") ? `[${host}]` : host, null];
}

/** A StartupFailure says which address; the person needs to hear which setting to change. */
function bindFailure(error: unknown, setting: string, port: number): unknown {
  if (!(error instanceof StartupFailure)) return error;
  return new StartupFailure(`${error.message} Is port ${port} taken? Choose another with ${setting}.`, { cause: error });
}

/** Both servers' options but the port and log name: the bound interface, and how long a stop waits. */
interface Common {
  readonly host: string;
  readonly timeoutGracefulShutdown: number;
  readonly logAs: (name: string) => LogHandler;
}

/** The backend on its port; a bind failure names the setting that chose the port. */
async function startBackend(settings: DemoSettings, common: Common): Promise<ServerHandle> {
  const app = createBackend({
    allowOrigins: settings.allowOrigins,
    allowCredentials: settings.allowCredentials,
    checkWebSocketOrigin: settings.checkWebSocketOrigin,
  });
  const { host, timeoutGracefulShutdown, logAs } = common;
  try {
    return await serve(app.asgi, { host, timeoutGracefulShutdown, port: settings.backendPort, logHandler: logAs("backend") });
  } catch (error: unknown) {
    throw bindFailure(error, "--backend-port (DEMO_BACKEND_PORT)", settings.backendPort);
  }
}

/** The frontend, told the backend's real port; if it cannot start, the backend is stopped again. */
async function startFrontend(settings: DemoSettings, common: Common, backend: ServerHandle): Promise<ServerHandle> {
  const app = createFrontend({
    backendPort: backend.port,
    backendUrl: settings.backendUrl,
    allowOrigins: settings.allowOrigins,
    allowCredentials: settings.allowCredentials,
    exposeHeaders: EXPOSE_HEADERS,
    checkWebSocketOrigin: settings.checkWebSocketOrigin,
  });
  const { host, timeoutGracefulShutdown, logAs } = common;
  try {
    return await serve(app.asgi, { host, timeoutGracefulShutdown, port: settings.frontendPort, logHandler: logAs("frontend") });
  } catch (error: unknown) {
    await backend.close();
    throw bindFailure(error, "--frontend-port (DEMO_FRONTEND_PORT)", settings.frontendPort);
  }
}

/**
 * Starts the backend, then the frontend (which must tell the page the backend's real port, even when asked for
 * port 0). If the frontend cannot start, the backend is stopped again and the error thrown.
 */
export async function startDemo(settings: DemoSettings, options: DemoOptions = {}): Promise<Demo> {
  const handler = options.logHandler ?? defaultLogHandler;
  const logAs = (name: string): LogHandler => (record) => handler({ ...record, message: `[${name}] ${record.message}` });
  const common: Common = { host: settings.host, timeoutGracefulShutdown: GRACEFUL_SHUTDOWN, logAs };
  const backend = await startBackend(settings, common);
  const frontend = await startFrontend(settings, common, backend);

  const [name, otherName] = namesOf(settings.host);
  let closing: Promise<void> | null = null;
  return {
    settings,
    backend,
    frontend,
    pageURL: `http://${name}:${frontend.port}`,
    otherPageURL: otherName === null ? null : `http://${otherName}:${frontend.port}`,
    backendURL: settings.backendUrl || `http://${name}:${backend.port}`,
    close() {
      closing ??= Promise.all([frontend.close(), backend.close()]).then(() => undefined);
      return closing;
    },
  };
}
