/** @module Mirrors uvicorn/config.py: the server's options, validated with zod, and the defaults uvicorn 0.54 uses. */
import { getCloseMatches } from "@mono/asgi";
import { z } from "zod";
import { defaultLogHandler, type LogHandler, type LogLevel, LOG_LEVELS } from "./logging.js";

/** uvicorn's `STARTUP_FAILURE`: the exit code when the app cannot start. */
export const STARTUP_FAILURE = 3;

/** Options of `serve(app, options)`; the CLI flags map onto these one for one. */
export interface ServerOptions {
  /** Interface to bind. @default "127.0.0.1" */
  host?: string;
  /** Port to bind; 0 picks a free one (read it from the handle). @default 8000 */
  port?: number;
  /** ASGI `root_path`, for an app mounted below a URL prefix; prefixed to `path` and `raw_path`. @default "" */
  rootPath?: string;
  /** Lifespan protocol: "auto" runs it and carries on if the app raises, "on" requires it, "off" skips it. @default "auto" */
  lifespan?: "auto" | "on" | "off";
  /** Read X-Forwarded-Proto / X-Forwarded-For from trusted peers into `scheme` and `client`. @default true */
  proxyHeaders?: boolean;
  /**
   * Peers trusted for proxy headers: IPs, CIDR networks, literals, or "*".
   * @default process.env.FORWARDED_ALLOW_IPS ?? "127.0.0.1,::1"
   */
  forwardedAllowIps?: string | string[] | null;
  /** Connections or running requests above which a request gets uvicorn's 503. @default null (no limit) */
  limitConcurrency?: number | null;
  /** Responses after which the server shuts itself down (a worker is then replaced). @default null (no limit) */
  limitMaxRequests?: number | null;
  /**
   * Up to this many responses are added at random (0..N, once per server) to `limitMaxRequests`, so that workers
   * started together do not all restart together. @default 0
   */
  limitMaxRequestsJitter?: number;
  /** Seconds an idle keep-alive connection is kept open after a response. @default 5 */
  timeoutKeepAlive?: number;
  /** Seconds graceful shutdown waits for in-flight requests before closing their connections. @default null (wait) */
  timeoutGracefulShutdown?: number | null;
  /**
   * Seconds a request head (request line and header fields) may take to arrive, from the connection's start or the
   * head's first byte; past it the client gets a 408 (nothing if it sent nothing) and the connection closes. Not in
   * uvicorn (node:http's `headersTimeout`). 0 or null turns it off. @default 60
   */
  timeoutRequestHead?: number | null;
  /**
   * Seconds a request body may go without a byte arriving while the server reads it (an idle-read timeout, as
   * nginx's `client_body_timeout`); past it the client gets a 408 if no response started, the app sees
   * `http.disconnect`, and the connection closes. Not in uvicorn. 0 or null turns it off. @default 60
   */
  timeoutRequestBody?: number | null;
  /**
   * Open connections above which new ones are closed as they are accepted (node's `server.maxConnections`). Not in
   * uvicorn. 0 or null turns it off. @default 10000
   */
  limitConnections?: number | null;
  /** Threshold of the error and access loggers. @default "info" */
  logLevel?: LogLevel;
  /** Write an access line per response. @default true */
  accessLog?: boolean;
  /** Extra default response headers, `[name, value]` (names are lowercased, as uvicorn). @default [] */
  headers?: Array<[name: string, value: string]>;
  /** Send `server: mono` unless `headers` names a server. @default true */
  serverHeader?: boolean;
  /** Send a `date` header. @default true */
  dateHeader?: boolean;
  /** Listen backlog. @default 2048 */
  backlog?: number;
  /**
   * WebSocket implementation: "auto" and "websockets-sansio" are uvicorn's default (websockets' sans-I/O protocol);
   * "none" serves upgrade requests as plain HTTP. uvicorn's "websockets" (deprecated) and "wsproto" are not offered.
   * @default "auto"
   */
  ws?: "auto" | "none" | "websockets-sansio";
  /** Largest incoming WebSocket message in bytes; a frame declaring more is refused with close 1009 before its payload is read. @default 16777216 */
  wsMaxSize?: number;
  /** uvicorn's --ws-max-queue; only its deprecated "websockets" implementation uses it, so it is accepted and has no effect. @default 32 */
  wsMaxQueue?: number;
  /** Seconds between keepalive pings; null or 0 sends none. @default 20 */
  wsPingInterval?: number | null;
  /** Seconds to wait for a pong before closing with 1011; null waits forever. @default 20 */
  wsPingTimeout?: number | null;
  /** Offer permessage-deflate compression (see docs/websockets.md for its state here). @default true */
  wsPerMessageDeflate?: boolean;
  /** Where log records go; the default prints uvicorn's format to stderr (errors) and stdout (access). */
  logHandler?: LogHandler;
}

// Default headers are checked once here, as the per-response path checks only the app's.
const headerName = z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, { message: "header name must be an HTTP token" });
const headerValue = z
  .string()
  .regex(/^[^\x00-\x08\x0a-\x1f\x7f\u0100-\uffff]*$/, { message: "header value must be latin-1 without control characters" });

const optionsSchema = z.strictObject({
  host: z.string().min(1).default("127.0.0.1"),
  port: z.number().int().min(0).max(65535).default(8000),
  rootPath: z
    .string()
    .refine((s) => /^[\x00-\x7f]*$/.test(s), { message: "root path must be ASCII" })
    .default(""),
  lifespan: z.enum(["auto", "on", "off"]).default("auto"),
  proxyHeaders: z.boolean().default(true),
  forwardedAllowIps: z.union([z.string(), z.array(z.string())]).nullable().default(null),
  limitConcurrency: z.number().int().positive().nullable().default(null),
  limitMaxRequests: z.number().int().positive().nullable().default(null),
  limitMaxRequestsJitter: z.number().int().nonnegative().default(0),
  timeoutKeepAlive: z.number().positive().finite().default(5),
  timeoutGracefulShutdown: z.number().nonnegative().finite().nullable().default(null),
  timeoutRequestHead: z.number().nonnegative().finite().nullable().default(60),
  timeoutRequestBody: z.number().nonnegative().finite().nullable().default(60),
  limitConnections: z.number().int().nonnegative().nullable().default(10000),
  logLevel: z.enum(Object.keys(LOG_LEVELS) as [LogLevel, ...LogLevel[]]).default("info"),
  accessLog: z.boolean().default(true),
  headers: z.array(z.tuple([headerName, headerValue])).default([]),
  serverHeader: z.boolean().default(true),
  dateHeader: z.boolean().default(true),
  backlog: z.number().int().positive().default(2048),
  logHandler: z.custom<LogHandler>((v) => typeof v === "function", { message: "expected a function" }).optional(),
  ws: z
    .enum(["auto", "none", "websockets-sansio"], {
      message: 'expected "auto", "none" or "websockets-sansio" (uvicorn\'s "websockets" and "wsproto" are not implemented)',
    })
    .default("auto"),
  wsMaxSize: z.number().int().positive().default(16 * 1024 * 1024),
  wsMaxQueue: z.number().int().positive().default(32),
  wsPingInterval: z.number().nonnegative().finite().nullable().default(20),
  wsPingTimeout: z.number().nonnegative().finite().nullable().default(20),
  wsPerMessageDeflate: z.boolean().default(true),
});

/** The options after defaults, plus what uvicorn's `Config.load()` derives from them. */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly rootPath: string;
  readonly lifespan: "auto" | "on" | "off";
  readonly proxyHeaders: boolean;
  readonly forwardedAllowIps: string | string[];
  readonly limitConcurrency: number | null;
  readonly limitMaxRequests: number | null;
  readonly limitMaxRequestsJitter: number;
  readonly timeoutKeepAlive: number;
  readonly timeoutGracefulShutdown: number | null;
  /** Seconds, or null when off (0 given). */
  readonly timeoutRequestHead: number | null;
  readonly timeoutRequestBody: number | null;
  readonly limitConnections: number | null;
  readonly logLevel: LogLevel;
  readonly accessLog: boolean;
  readonly serverHeader: boolean;
  readonly dateHeader: boolean;
  readonly backlog: number;
  readonly logHandler: LogHandler;
  readonly ws: "auto" | "none" | "websockets-sansio";
  readonly wsMaxSize: number;
  readonly wsMaxQueue: number;
  readonly wsPingInterval: number | null;
  readonly wsPingTimeout: number | null;
  readonly wsPerMessageDeflate: boolean;
  /** `encoded_headers`: `server` first (unless given or disabled), then the `headers` option, names lowercased. */
  readonly encodedHeaders: ReadonlyArray<readonly [string, string]>;
}

/** Thrown for an invalid option; the message names the option and what was expected. */
export class ConfigError extends TypeError {
  override name = "ConfigError";

  constructor(readonly issues: ReadonlyArray<{ option: string; message: string }>) {
    super(`Invalid server options: ${issues.map(({ option, message }) => `option "${option}": ${message}`).join("; ")}`);
  }
}

/** `unknown option "colour"`, with the nearest option's name when one is close (difflib, as click's hints). */
function unknownOptions(keys: readonly string[]): string {
  const known = Object.keys(optionsSchema.shape);
  const named = keys.map((key) => {
    const meant = getCloseMatches(key, known, 1)[0];
    return meant === undefined ? `"${key}"` : `"${key}" (did you mean ${meant}?)`;
  });
  return `unknown option${keys.length === 1 ? "" : "s"} ${named.join(", ")}`;
}

export function configFromOptions(options: ServerOptions = {}): Config {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        option: issue.path.length > 0 ? issue.path.map(String).join(".") : "options",
        message: issue.code === "unrecognized_keys" ? unknownOptions(issue.keys) : issue.message,
      })),
    );
  }
  const o = parsed.data;
  const encoded = o.headers.map(([name, value]) => [name.toLowerCase(), value] as const);
  const encodedHeaders =
    o.serverHeader && !encoded.some(([name]) => name === "server") ? [["server", "mono"] as const, ...encoded] : encoded;
  return {
    host: o.host,
    port: o.port,
    rootPath: o.rootPath,
    lifespan: o.lifespan,
    proxyHeaders: o.proxyHeaders,
    forwardedAllowIps: o.forwardedAllowIps ?? process.env["FORWARDED_ALLOW_IPS"] ?? "127.0.0.1,::1",
    limitConcurrency: o.limitConcurrency,
    limitMaxRequests: o.limitMaxRequests,
    limitMaxRequestsJitter: o.limitMaxRequestsJitter,
    timeoutKeepAlive: o.timeoutKeepAlive,
    timeoutGracefulShutdown: o.timeoutGracefulShutdown,
    timeoutRequestHead: o.timeoutRequestHead || null,
    timeoutRequestBody: o.timeoutRequestBody || null,
    limitConnections: o.limitConnections || null,
    logLevel: o.logLevel,
    accessLog: o.accessLog,
    serverHeader: o.serverHeader,
    dateHeader: o.dateHeader,
    backlog: o.backlog,
    logHandler: o.logHandler ?? defaultLogHandler,
    ws: o.ws,
    wsMaxSize: o.wsMaxSize,
    wsMaxQueue: o.wsMaxQueue,
    wsPingInterval: o.wsPingInterval,
    wsPingTimeout: o.wsPingTimeout,
    wsPerMessageDeflate: o.wsPerMessageDeflate,
    encodedHeaders,
  };
}
