/** @module Mirrors uvicorn/main.py: the `mono-serve <module>:<export>` command line, its flags, and running one server or a supervisor. */
import cluster from "node:cluster";
import { noSuchOption } from "@mono/asgi";
import { readFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { type as osType } from "node:os";
import { parseArgs } from "node:util";
import { ConfigError, configFromOptions, type ServerOptions, STARTUP_FAILURE } from "./config.js";
import { asASGIApp, ImportFromStringError, importFromString } from "./importer.js";
import { defaultLogHandler, LOG_LEVELS, type LogLevel, Logger } from "./logging.js";
import { answerHealthChecks, Multiprocess } from "./multiprocess.js";
import { Server, StartupFailure } from "./server.js";

/** Tells `--workers` children the port the primary picked for `--port 0`. */
const WORKER_PORT_ENV = "MONO_SERVE_WORKER_PORT";

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen({ host, port: 0 }, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** uvicorn's `--version` line, "Running uvicorn 0.54.0 with CPython 3.11.2 on Linux", for this package and Node. */
export function versionLine(): string {
  const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  // platform.system()'s names: os.type() says Windows_NT where Python says Windows.
  const system = osType() === "Windows_NT" ? "Windows" : osType();
  return `Running mono-serve ${version} with Node.js ${process.versions.node} on ${system}`;
}

/** click's exit code for a usage error. */
export const USAGE_ERROR = 2;

export const HELP = `Usage: mono-serve [OPTIONS] APP

  APP is <module>:<export>: a file (extension optional) or package, then the
  exported ASGI app (a function, or an object with an asgi function).

Options:
  --host TEXT                     Bind socket to this host.  [default: 127.0.0.1]
  --port INTEGER                  Bind socket to this port. If 0, an available
                                  port will be picked.  [default: 8000]
  --workers INTEGER               Number of worker processes. Defaults to the
                                  $WEB_CONCURRENCY environment variable if
                                  available, or 1.
  --ws [auto|none|websockets-sansio]
                                  WebSocket protocol implementation.
                                  [default: auto]
  --ws-max-size INTEGER           WebSocket max size message in bytes
                                  [default: 16777216]
  --ws-max-queue INTEGER          The maximum length of the WebSocket message
                                  queue.  [default: 32]
  --ws-ping-interval FLOAT        WebSocket ping interval in seconds.
                                  [default: 20.0]
  --ws-ping-timeout FLOAT         WebSocket ping timeout in seconds.
                                  [default: 20.0]
  --ws-per-message-deflate BOOLEAN
                                  WebSocket per-message-deflate compression
                                  [default: True]
  --lifespan [auto|on|off]        Lifespan implementation.  [default: auto]
  --log-level [critical|error|warning|info|debug|trace]
                                  Log level. [default: info]
  --access-log / --no-access-log  Enable/Disable access log.
  --proxy-headers / --no-proxy-headers
                                  Enable/Disable X-Forwarded-Proto,
                                  X-Forwarded-For to populate url scheme and
                                  remote address info.
  --server-header / --no-server-header
                                  Enable/Disable default Server header.
  --date-header / --no-date-header
                                  Enable/Disable default Date header.
  --forwarded-allow-ips TEXT      Comma separated list of IP Addresses, IP
                                  Networks, or literals to trust with proxy
                                  headers. Defaults to the $FORWARDED_ALLOW_IPS
                                  environment variable if available, or
                                  '127.0.0.1,::1'. The literal '*' means trust
                                  everything.
  --root-path TEXT                Set the ASGI 'root_path' for applications
                                  submounted below a given URL path.
  --limit-concurrency INTEGER     Maximum number of concurrent connections or
                                  tasks to allow, before issuing HTTP 503
                                  responses.
  --backlog INTEGER               Maximum number of connections to hold in
                                  backlog  [default: 2048]
  --limit-max-requests INTEGER    Maximum number of requests to service before
                                  terminating the process.
  --limit-max-requests-jitter INTEGER
                                  Maximum jitter to add to limit_max_requests.
                                  Staggers worker restarts to avoid all workers
                                  restarting simultaneously.  [default: 0]
  --timeout-keep-alive INTEGER    Close Keep-Alive connections if no new data
                                  is received within this timeout (in seconds).
                                  [default: 5]
  --timeout-graceful-shutdown INTEGER
                                  Maximum number of seconds to wait for
                                  graceful shutdown.
  --timeout-worker-healthcheck INTEGER
                                  Maximum number of seconds to wait for a
                                  worker to respond to a healthcheck.
                                  [default: 5]
  --timeout-request-head FLOAT    Seconds a request head may take to arrive
                                  before a 408 and the close; 0 turns it
                                  off.  [default: 60]
  --timeout-request-body FLOAT    Seconds a request body may go without a
                                  byte arriving before a 408 and the close; 0
                                  turns it off.  [default: 60]
  --limit-connections INTEGER     Open connections above which new ones are
                                  closed at accept; 0 turns it off.
                                  [default: 10000]
  --header TEXT                   Specify custom default HTTP response headers
                                  as a Name:Value pair
  --version                       Display the mono-serve version and exit.
  --help                          Show this message and exit.
`;

/** A bad command line: printed as click prints it, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

const FLAGS = {
  host: { type: "string" },
  port: { type: "string" },
  workers: { type: "string" },
  "root-path": { type: "string" },
  lifespan: { type: "string" },
  ws: { type: "string" },
  "ws-max-size": { type: "string" },
  "ws-max-queue": { type: "string" },
  "ws-ping-interval": { type: "string" },
  "ws-ping-timeout": { type: "string" },
  "ws-per-message-deflate": { type: "string" },
  "proxy-headers": { type: "boolean" },
  "no-proxy-headers": { type: "boolean" },
  "forwarded-allow-ips": { type: "string" },
  "limit-concurrency": { type: "string" },
  "limit-max-requests": { type: "string" },
  "limit-max-requests-jitter": { type: "string" },
  "timeout-worker-healthcheck": { type: "string" },
  "timeout-keep-alive": { type: "string" },
  "timeout-graceful-shutdown": { type: "string" },
  "timeout-request-head": { type: "string" },
  "timeout-request-body": { type: "string" },
  "limit-connections": { type: "string" },
  "log-level": { type: "string" },
  "access-log": { type: "boolean" },
  "no-access-log": { type: "boolean" },
  header: { type: "string", multiple: true },
  "server-header": { type: "boolean" },
  "no-server-header": { type: "boolean" },
  "date-header": { type: "boolean" },
  "no-date-header": { type: "boolean" },
  backlog: { type: "string" },
  help: { type: "boolean" },
  version: { type: "boolean" },
} as const;

/** Which flag sets each option, to name it in errors. */
const FLAG_OF: Record<string, string> = {
  host: "--host",
  port: "--port",
  rootPath: "--root-path",
  lifespan: "--lifespan",
  ws: "--ws",
  wsMaxSize: "--ws-max-size",
  wsMaxQueue: "--ws-max-queue",
  wsPingInterval: "--ws-ping-interval",
  wsPingTimeout: "--ws-ping-timeout",
  wsPerMessageDeflate: "--ws-per-message-deflate",
  proxyHeaders: "--proxy-headers",
  forwardedAllowIps: "--forwarded-allow-ips",
  limitConcurrency: "--limit-concurrency",
  limitMaxRequests: "--limit-max-requests",
  limitMaxRequestsJitter: "--limit-max-requests-jitter",
  timeoutKeepAlive: "--timeout-keep-alive",
  timeoutGracefulShutdown: "--timeout-graceful-shutdown",
  timeoutRequestHead: "--timeout-request-head",
  timeoutRequestBody: "--timeout-request-body",
  limitConnections: "--limit-connections",
  logLevel: "--log-level",
  accessLog: "--access-log",
  headers: "--header",
  serverHeader: "--server-header",
  dateHeader: "--date-header",
  backlog: "--backlog",
};

export interface CommandLine {
  app: string;
  options: ServerOptions;
  workers: number;
  /** `--timeout-worker-healthcheck`: seconds a worker may take to answer the primary's ping. */
  timeoutWorkerHealthcheck: number;
  help: boolean;
  version: boolean;
}

function integer(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new UsageError(`Invalid value for '${flag}': '${text}' is not a valid integer.`);
  return Number(text);
}

function float(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text)) {
    throw new UsageError(`Invalid value for '${flag}': '${text}' is not a valid float.`);
  }
  return Number(text);
}

/** click's BOOLEAN parameter type. */
function boolean(flag: string, text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  const norm = text.trim().toLowerCase();
  if (["1", "true", "t", "yes", "y", "on"].includes(norm)) return true;
  if (["0", "false", "f", "no", "n", "off"].includes(norm)) return false;
  throw new UsageError(`Invalid value for '${flag}': '${text}' is not a valid boolean.`);
}

function choice<T extends string>(flag: string, text: string | undefined, choices: readonly T[]): T | undefined {
  if (text === undefined) return undefined;
  const found = choices.find((c) => c === text.toLowerCase());
  if (found === undefined) {
    throw new UsageError(`Invalid value for '${flag}': '${text}' is not one of ${choices.map((c) => `'${c}'`).join(", ")}.`);
  }
  return found;
}

/** `--x` / `--no-x`: the one given last wins, as click. */
function toggle(argv: readonly string[], name: string): boolean | undefined {
  const at = argv.lastIndexOf(`--${name}`);
  const notAt = argv.lastIndexOf(`--no-${name}`);
  if (at < 0 && notAt < 0) return undefined;
  return at > notAt;
}

/**
 * click gives a value-taking option the next token whatever it looks like (`--limit-concurrency -1`); node's
 * parseArgs calls a next token starting with `-` ambiguous. Joining the space form into `--flag=value` first gives
 * click's reading. Tokens after `--` are positionals and stay as they are.
 */
function joinOptionValues(argv: readonly string[]): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === "--") {
      args.push(...argv.slice(i));
      break;
    }
    const flag = FLAGS[token.slice(2) as keyof typeof FLAGS] as { type: string } | undefined;
    const value = argv[i + 1];
    if (token.startsWith("--") && flag?.type === "string" && value !== undefined) {
      args.push(`${token}=${value}`);
      i += 1;
    } else {
      args.push(token);
    }
  }
  return args;
}

/** node:util parseArgs over FLAGS, its errors turned into click's texts. */
function parseFlags(args: string[]) {
  try {
    return parseArgs({ args, options: FLAGS, allowPositionals: true, strict: true });
  } catch (exc) {
    const message = exc instanceof Error ? exc.message : String(exc);
    const unknown = /Unknown option '([^']+)'/.exec(message);
    if (unknown) throw new UsageError(noSuchOption(unknown[1] as string, Object.keys(FLAGS)));
    const missing = /Option '(--[a-z-]+)[^']*' argument missing/.exec(message);
    if (missing) throw new UsageError(`Option '${missing[1]}' requires an argument.`);
    throw new UsageError(message);
  }
}

type FlagValues = ReturnType<typeof parseFlags>["values"];

/** The parsed flags as serve() options; `args` (joined) tells which of an `--x` / `--no-x` pair came last. */
function optionsFromFlags(v: FlagValues, args: readonly string[]): ServerOptions {
  const options: ServerOptions = {};
  const set = <K extends keyof ServerOptions>(key: K, value: ServerOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set("host", v.host);
  set("port", integer("--port", v.port));
  set("rootPath", v["root-path"]);
  set("lifespan", choice("--lifespan", v.lifespan, ["auto", "on", "off"] as const));
  if (v.ws === "websockets" || v.ws === "wsproto") {
    throw new UsageError(`Invalid value for '--ws': '${v.ws}' is uvicorn's, not implemented here; use 'auto' (websockets-sansio) or 'none'.`);
  }
  set("ws", choice("--ws", v.ws, ["auto", "none", "websockets-sansio"] as const));
  set("wsMaxSize", integer("--ws-max-size", v["ws-max-size"]));
  set("wsMaxQueue", integer("--ws-max-queue", v["ws-max-queue"]));
  set("wsPingInterval", float("--ws-ping-interval", v["ws-ping-interval"]));
  set("wsPingTimeout", float("--ws-ping-timeout", v["ws-ping-timeout"]));
  set("wsPerMessageDeflate", boolean("--ws-per-message-deflate", v["ws-per-message-deflate"]));
  set("proxyHeaders", toggle(args, "proxy-headers"));
  set("forwardedAllowIps", v["forwarded-allow-ips"]);
  set("limitConcurrency", integer("--limit-concurrency", v["limit-concurrency"]));
  set("limitMaxRequests", integer("--limit-max-requests", v["limit-max-requests"]));
  set("limitMaxRequestsJitter", integer("--limit-max-requests-jitter", v["limit-max-requests-jitter"]));
  set("timeoutKeepAlive", integer("--timeout-keep-alive", v["timeout-keep-alive"]));
  set("timeoutGracefulShutdown", integer("--timeout-graceful-shutdown", v["timeout-graceful-shutdown"]));
  set("timeoutRequestHead", float("--timeout-request-head", v["timeout-request-head"]));
  set("timeoutRequestBody", float("--timeout-request-body", v["timeout-request-body"]));
  set("limitConnections", integer("--limit-connections", v["limit-connections"]));
  set("logLevel", choice("--log-level", v["log-level"], Object.keys(LOG_LEVELS) as LogLevel[]));
  set("accessLog", toggle(args, "access-log"));
  set("serverHeader", toggle(args, "server-header"));
  set("dateHeader", toggle(args, "date-header"));
  set("backlog", integer("--backlog", v.backlog));
  if (v.header !== undefined) options.headers = v.header.map(headerPair);
  return options;
}

function headerPair(header: string): [string, string] {
  const colon = header.indexOf(":");
  if (colon < 0) throw new UsageError(`Invalid value for '--header': '${header}' is not a Name:Value pair.`);
  return [header.slice(0, colon), header.slice(colon + 1)];
}

/** Validate now, so a bad value fails before anything starts and names its flag. */
function validateOptions(options: ServerOptions): void {
  try {
    configFromOptions(options);
  } catch (exc) {
    if (exc instanceof ConfigError) {
      const problems = exc.issues.map(({ option, message }) => `Invalid value for '${FLAG_OF[option] ?? option}': ${message}`);
      throw new UsageError(problems.join("\n"));
    }
    throw exc;
  }
}

/** Parse argv (without `node` and the script) into serve() options; throws UsageError naming the bad flag. */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CommandLine {
  const args = joinOptionValues(argv);
  const { values, positionals } = parseFlags(args);
  if (values.help || values.version) {
    return { app: "", options: {}, workers: 1, timeoutWorkerHealthcheck: 5, help: values.help === true, version: !values.help };
  }
  if (positionals.length === 0) throw new UsageError("Missing argument 'APP'.");
  if (positionals.length > 1) throw new UsageError(`Got unexpected extra argument (${positionals[1]})`);
  const options = optionsFromFlags(values, args);
  const workers = integer("--workers", values.workers ?? env["WEB_CONCURRENCY"]) ?? 1;
  if (workers < 1) throw new UsageError(`Invalid value for '--workers': ${workers} is not >= 1.`);
  const timeoutWorkerHealthcheck = integer("--timeout-worker-healthcheck", values["timeout-worker-healthcheck"]) ?? 5;
  if (timeoutWorkerHealthcheck < 1) {
    throw new UsageError(`Invalid value for '--timeout-worker-healthcheck': ${timeoutWorkerHealthcheck} is not >= 1.`);
  }
  validateOptions(options);
  return { app: positionals[0] as string, options, workers, timeoutWorkerHealthcheck, help: false, version: false };
}

/**
 * How the process should end: an exit code, or a signal to re-raise once everything is closed. uvicorn restores the
 * default handlers and raises the signals it caught, so after SIGTERM the process dies of SIGTERM (status 143 in a
 * shell); a SIGINT it raises becomes a KeyboardInterrupt that its `main` swallows, so SIGINT ends with 0.
 */
export type ExitStatus = number | "SIGTERM";

/** Run one server in this process until a signal (or --limit-max-requests) stops it; resolves to how to exit. */
export async function runServer(appStr: string, options: ServerOptions): Promise<ExitStatus> {
  const config = configFromOptions(options);
  const logger = new Logger("mono.error", config.logLevel, config.logHandler);
  let app;
  try {
    app = asASGIApp(await importFromString(appStr), appStr);
  } catch (exc) {
    if (!(exc instanceof ImportFromStringError)) throw exc;
    logger.error(`Error loading ASGI app. ${exc.message}`);
    return STARTUP_FAILURE;
  }
  const server = new Server(app, config);
  let lastSignal: NodeJS.Signals | null = null;
  // uvicorn's handle_exit: the first SIGINT/SIGTERM starts a graceful shutdown, a second SIGINT forces it.
  const onSignal = (signal: NodeJS.Signals) => {
    if (lastSignal !== null && signal === "SIGINT") server.abortConnections();
    lastSignal = signal;
    if (server.started) void server.shutdown();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    await server.startup();
    if (lastSignal !== null) void server.shutdown();
    await server.closed;
    // uvicorn re-raises the caught signals last first: the last one decides.
    return lastSignal === "SIGTERM" ? "SIGTERM" : 0;
  } catch (exc) {
    if (exc instanceof StartupFailure) return STARTUP_FAILURE;
    throw exc;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** The `mono-serve` entry point: resolves to the exit code, or to the signal the process should end by. */
export async function main(argv: readonly string[]): Promise<ExitStatus> {
  let commandLine: CommandLine;
  try {
    commandLine = parseCommandLine(argv);
  } catch (exc) {
    if (!(exc instanceof UsageError)) throw exc;
    process.stderr.write(`Usage: mono-serve [OPTIONS] APP\nTry 'mono-serve --help' for help.\n\nError: ${exc.message}\n`);
    return USAGE_ERROR;
  }
  if (commandLine.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (commandLine.version) {
    process.stdout.write(`${versionLine()}\n`);
    return 0;
  }
  if (commandLine.workers > 1 && cluster.isPrimary) {
    const level = commandLine.options.logLevel ?? "info";
    // Workers asking node:cluster for port 0 would each get a different port: pick one for all of them.
    const port = commandLine.options.port === 0 ? await freePort(commandLine.options.host ?? "127.0.0.1") : null;
    const env = port === null ? {} : { [WORKER_PORT_ENV]: String(port) };
    const logger = new Logger("mono.error", level, defaultLogHandler);
    return new Multiprocess(commandLine.workers, logger, env, commandLine.timeoutWorkerHealthcheck).run();
  }
  if (cluster.isWorker) answerHealthChecks();
  const workerPort = cluster.isWorker ? process.env[WORKER_PORT_ENV] : undefined;
  const options = workerPort === undefined ? commandLine.options : { ...commandLine.options, port: Number(workerPort) };
  return runServer(commandLine.app, options);
}
