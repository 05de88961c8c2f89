/** @module Mirrors uvicorn/server.py: startup (lifespan, bind), the node:net server, limits, and graceful shutdown. */
import { type AddressInfo, createServer, type Server as NetServer, type Socket } from "node:net";
import type { ASGIApp } from "@mono/asgi";
import { type Config, configFromOptions, type ServerOptions, STARTUP_FAILURE } from "./config.js";
import { HttpConnection, type ProtocolSettings, ServerState, type WebSocketUpgrade } from "./httpProtocol.js";
import { type WebSocketSettings, WebSocketsProtocol } from "./websocketsProtocol.js";
import { type Lifespan, LifespanOff, LifespanOn } from "./lifespan.js";
import { Logger } from "./logging.js";
import { ProxyHeadersMiddleware } from "./proxyHeaders.js";

/** Startup failed (lifespan startup failure, or the address could not be bound): uvicorn exits with code 3. */
export class StartupFailure extends Error {
  override name = "StartupFailure";
  readonly exitCode = STARTUP_FAILURE;
}

/** What `serve()` gives back once the server accepts connections. */
export interface ServerHandle {
  /** The bound host as given (`127.0.0.1`, `::`, ...). */
  readonly host: string;
  /** The bound port (the real one when `port: 0` was asked). */
  readonly port: number;
  /** `http://host:port`, IPv6 hosts in brackets. */
  readonly url: string;
  readonly address: AddressInfo;
  /** Graceful shutdown: stop accepting, finish in-flight responses, close idle connections, run lifespan shutdown. */
  close(): Promise<void>;
  /** Settles when the server has shut down, whoever asked (close(), a signal, --limit-max-requests). */
  readonly closed: Promise<void>;
}

/** Request line plus header fields, in bytes, before a 431: node:http's default. httptools has no limit. */
const MAX_HEADER_SIZE = 16384;

/** One server process: uvicorn's `Server`. */
export class Server {
  readonly config: Config;
  readonly state: ServerState;
  readonly logger: Logger;
  readonly accessLogger: Logger;
  /** Set by a second SIGINT: stop waiting for in-flight requests. */
  forceExit = false;
  started = false;
  private lifespan: Lifespan;
  private httpServer: NetServer | null = null;
  private shutdownPromise: Promise<void> | null = null;
  private resolveClosed!: () => void;
  readonly closed = new Promise<void>((resolve) => (this.resolveClosed = resolve));

  constructor(
    private readonly app: ASGIApp,
    options: ServerOptions | Config = {},
  ) {
    this.config = "encodedHeaders" in options ? options : configFromOptions(options);
    const config = this.config;
    this.logger = new Logger("mono.error", config.logLevel, config.logHandler);
    this.accessLogger = new Logger("mono.access", config.logLevel, config.accessLog ? config.logHandler : null);
    this.state = new ServerState(config.dateHeader, config.encodedHeaders);
    this.lifespan = config.lifespan === "off" ? new LifespanOff() : new LifespanOn(app, config.lifespan, this.logger);
    this.maxRequests =
      config.limitMaxRequests === null
        ? null
        : config.limitMaxRequests + Math.floor(Math.random() * (config.limitMaxRequestsJitter + 1));
  }

  /** Lifespan startup, then bind and listen. Throws StartupFailure where uvicorn would exit with code 3. */
  async startup(): Promise<AddressInfo> {
    const config = this.config;
    this.logger.info(`Started server process [${process.pid}]`);
    await this.lifespan.startup();
    if (this.lifespan.shouldExit) throw new StartupFailure("Application startup failed.");

    const server = this.createNetServer();
    this.httpServer = server;
    const address = await listen(server, config).catch(async (exc: unknown) => {
      this.logger.error(bindErrorMessage(exc, config));
      await this.lifespan.shutdown();
      throw new StartupFailure(`Could not bind ${config.host}:${config.port}.`, { cause: exc });
    });
    server.on("error", (exc) => this.logger.error(`Server error: ${exc.message}`, exc));
    const hostText = config.host.includes(":") ? `[${config.host}]` : config.host;
    this.logger.info(`Mono running on http://${hostText}:${address.port} (Press CTRL+C to quit)`);
    this.started = true;
    return address;
  }

  /** uvicorn's `create_protocol`: one HttpConnection per accepted socket, which then owns it. */
  private createNetServer(): NetServer {
    const settings = this.protocolSettings();
    const server = createServer((socket: Socket) => void new HttpConnection(socket, settings));
    this.state.onResponse = () => this.checkMaxRequests();
    const limit = this.config.limitConnections;
    if (limit !== null) {
      server.maxConnections = limit;
      server.on("drop", () => this.onDrop(limit));
    }
    this.startSweep();
    return server;
  }

  /** Connections closed at accept since the cap was last reached; null while under the cap. */
  private dropped: number | null = null;

  /** node closes a connection over `maxConnections` as it is accepted: log the first, count the rest. */
  private onDrop(limit: number): void {
    if (this.dropped === null) {
      this.dropped = 0;
      this.logger.warning(`Exceeded connection limit of ${limit}, closing new connections.`);
    }
    this.dropped += 1;
  }

  private sweepTimer: NodeJS.Timeout | null = null;

  /**
   * One timer per server, not per connection or per read: every quarter of the shortest deadline (at most each
   * second) it advances the coarse clock connections stamp on each read and visits every connection. A read costs
   * one field write; a deadline never fires early and at most two periods late (see `deadlineSlack`).
   */
  private startSweep(): void {
    const config = this.config;
    if (config.timeoutRequestHead === null && config.timeoutRequestBody === null && config.limitConnections === null) {
      return;
    }
    const interval = sweepInterval(config);
    const state = this.state;
    state.clock = Math.floor(performance.now());
    this.sweepTimer = setInterval(() => {
      const now = (state.clock = Math.floor(performance.now()));
      for (const connection of state.connections) connection.checkDeadlines?.(now);
      if (this.dropped !== null && state.connections.size < (config.limitConnections ?? Infinity)) {
        this.logger.warning(`Connection limit: ${this.dropped} connection(s) closed at accept, accepting again.`);
        this.dropped = null;
      }
    }, interval).unref();
  }

  /** What every connection shares: the app (behind the proxy-headers middleware when on), limits, loggers, state. */
  private protocolSettings(): ProtocolSettings {
    const config = this.config;
    const app = config.proxyHeaders
      ? new ProxyHeadersMiddleware(this.app, { trustedHosts: config.forwardedAllowIps }).asgi
      : this.app;
    return {
      app,
      rootPath: config.rootPath,
      limitConcurrency: config.limitConcurrency,
      timeoutKeepAlive: config.timeoutKeepAlive * 1000,
      maxHeaderSize: MAX_HEADER_SIZE,
      timeoutRequestHead: (config.timeoutRequestHead ?? 0) * 1000,
      timeoutRequestBody: (config.timeoutRequestBody ?? 0) * 1000,
      deadlineSlack: sweepInterval(config),
      logger: this.logger,
      accessLogger: this.accessLogger,
      state: this.state,
      appState: this.lifespan.state,
      webSocket: this.webSocketUpgrade(app),
    };
  }

  /** uvicorn's `limit_max_requests` property: the limit plus a jitter drawn once, 0..N inclusive as randint. */
  private readonly maxRequests: number | null;

  /** `--ws`: the protocol an upgraded connection is handed to (uvicorn's `ws_protocol_class`), or null for none. */
  private webSocketUpgrade(app: ASGIApp): WebSocketUpgrade | null {
    const config = this.config;
    if (config.ws === "none") return null;
    const settings: WebSocketSettings = {
      app,
      rootPath: config.rootPath,
      logger: this.logger,
      state: this.state,
      appState: this.lifespan.state,
      maxSize: config.wsMaxSize,
      pingInterval: config.wsPingInterval === null ? null : config.wsPingInterval * 1000,
      pingTimeout: config.wsPingTimeout === null ? null : config.wsPingTimeout * 1000,
      perMessageDeflate: config.wsPerMessageDeflate,
    };
    return (socket, request) => new WebSocketsProtocol(socket, settings).start(request);
  }

  private checkMaxRequests(): void {
    const max = this.maxRequests;
    if (max !== null && this.state.totalRequests >= max && this.shutdownPromise === null) {
      this.logger.info(`Maximum request limit of ${max} exceeded. Terminating process.`);
      void this.shutdown();
    }
  }

  /** uvicorn's `shutdown`; safe to call more than once. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.runShutdown().finally(() => this.resolveClosed());
    return this.shutdownPromise;
  }

  private async runShutdown(): Promise<void> {
    this.logger.info("Shutting down");
    const server = this.httpServer;
    const serverClosed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const connection of [...this.state.connections]) connection.shutdown();

    const timeout = this.config.timeoutGracefulShutdown;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<boolean>((resolve) => {
      if (timeout !== null) timer = setTimeout(() => resolve(false), timeout * 1000);
    });
    const finished = await Promise.race([this.waitTasksToComplete().then(() => true), expired]);
    clearTimeout(timer);
    if (!finished) {
      // JavaScript cannot cancel the app's promise as uvicorn cancels its task: its connection goes instead, so
      // the app sees http.disconnect and its sends become no-ops.
      this.logger.error(`Cancel ${this.state.activeTasks} running task(s), timeout graceful shutdown exceeded`);
      this.stopWaiting = true;
      for (const connection of [...this.state.connections]) connection.abort();
    }
    await serverClosed;
    // The deadlines kept running while in-flight requests finished: a stalled client cannot hold the shutdown.
    if (this.sweepTimer !== null) clearInterval(this.sweepTimer);
    if (!this.forceExit) await this.lifespan.shutdown();
    this.logger.info(`Finished server process [${process.pid}]`);
  }

  /** Ends the waiting loops: set by the graceful-shutdown timeout and by a forced exit. */
  private stopWaiting = false;

  private async waitTasksToComplete(): Promise<void> {
    const state = this.state;
    const waiting = () => !this.forceExit && !this.stopWaiting;
    if (state.connections.size > 0 && waiting()) {
      this.logger.info("Waiting for connections to close. (CTRL+C to force quit)");
      while (state.connections.size > 0 && waiting()) await sleep(10);
    }
    if (state.activeTasks > 0 && waiting()) {
      this.logger.info("Waiting for background tasks to complete. (CTRL+C to force quit)");
      while (state.activeTasks > 0 && waiting()) await sleep(10);
    }
  }

  /** A second SIGINT: drop every connection now. */
  abortConnections(): void {
    this.forceExit = true;
    for (const connection of [...this.state.connections]) connection.abort();
  }
}

/** Every quarter of the shortest deadline, at most each second (and at least every 10 ms). */
function sweepInterval(config: Config): number {
  const deadlines = [config.timeoutRequestHead, config.timeoutRequestBody].filter((t): t is number => t !== null);
  return Math.min(1000, Math.max(10, (Math.min(...deadlines, 4) * 1000) / 4));
}

function listen(server: NetServer, config: Config): Promise<AddressInfo> {
  return new Promise<AddressInfo>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: config.host, port: config.port, backlog: config.backlog }, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * uvicorn logs the OSError (`[Errno 98] error while attempting to bind on address ('127.0.0.1', 8000): address
 * already in use`); the same line here, with Node's code, and for a port in use what to do about it.
 */
function bindErrorMessage(exc: unknown, config: Config): string {
  if (!(exc instanceof Error)) return String(exc);
  const code = (exc as { code?: unknown }).code;
  const address = `('${config.host}', ${config.port})`;
  if (code === "EADDRINUSE") {
    return (
      `[${code}] error while attempting to bind on address ${address}: address already in use; ` +
      `another server has port ${config.port}: stop it, or choose another port with --port (0 picks a free one).`
    );
  }
  if (code === "EACCES") return `[${code}] error while attempting to bind on address ${address}: permission denied.`;
  return exc.message;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Serve an ASGI app: validate the options (a bad one throws at once, naming it), run lifespan startup, bind,
 * and resolve once connections are accepted. Signals are not captured here; the CLI does that.
 */
export async function serve(app: ASGIApp, options: ServerOptions = {}): Promise<ServerHandle> {
  if (typeof app !== "function") throw new TypeError("serve(app): app must be an ASGI function (scope, receive, send)");
  const server = new Server(app, options);
  const address = await server.startup();
  const host = server.config.host;
  return {
    host,
    port: address.port,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    address,
    close: () => server.shutdown(),
    closed: server.closed,
  };
}
