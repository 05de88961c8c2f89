/** @module The public face of @mono/server: uvicorn 0.54's behaviour for any ASGI app, on node:net sockets. */
export { serve, Server, StartupFailure, type ServerHandle } from "./server.js";
export { type ServerOptions, type Config, ConfigError, configFromOptions, STARTUP_FAILURE } from "./config.js";
export { ProxyHeadersMiddleware, TrustedHosts, type ProxyHeadersOptions } from "./proxyHeaders.js";
export { type LogHandler, type LogRecord, type LogLevel, LOG_LEVELS, defaultLogHandler } from "./logging.js";
export { ClientDisconnected } from "./websocketsProtocol.js";
export { LifespanOn, LifespanOff, type Lifespan } from "./lifespan.js";
// Kept for callers of earlier releases; the table lives in @mono/asgi.
export { HTTP_STATUS_PHRASES } from "@mono/asgi";
