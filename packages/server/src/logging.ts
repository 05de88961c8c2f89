/** @module Mirrors uvicorn/logging.py and the LOGGING_CONFIG of uvicorn/config.py: an error logger on stderr, an access logger on stdout, uvicorn's line format. */
import { format } from "node:util";
import { statusPhrase } from "./httpStatus.js";

export const LOG_LEVELS = {
  critical: 50,
  error: 40,
  warning: 30,
  info: 20,
  debug: 10,
  trace: 5,
} as const;

export type LogLevel = keyof typeof LOG_LEVELS;

/** One log event, handed to a `LogHandler` before any formatting. */
export interface LogRecord {
  /** `"mono.error"` (uvicorn.error: lifecycle, warnings, tracebacks) or `"mono.access"` (uvicorn.access). */
  readonly name: "mono.error" | "mono.access";
  readonly level: LogLevel;
  /** The message with its arguments already substituted (the access line without level prefix). */
  readonly message: string;
  /** The exception whose traceback uvicorn would print (`exc_info`). */
  readonly error?: unknown;
}

export type LogHandler = (record: LogRecord) => void;

/** `INFO:     ` — uvicorn's DefaultFormatter pads the level name so messages line up. */
export function levelPrefix(level: LogLevel): string {
  const name = level.toUpperCase();
  return `${name}:${" ".repeat(Math.max(0, 8 - name.length))}`;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return format("%o", error);
}

/** What uvicorn's default LOGGING_CONFIG prints: errors to stderr, access lines to stdout. */
export const defaultLogHandler: LogHandler = (record) => {
  let line = `${levelPrefix(record.level)} ${record.message}`;
  if (record.error !== undefined) line += `\n${describeError(record.error)}`;
  (record.name === "mono.access" ? process.stdout : process.stderr).write(`${line}\n`);
};

/** A named logger with a threshold, like `logging.getLogger("uvicorn.error")` after `--log-level`. */
export class Logger {
  readonly threshold: number;

  constructor(
    readonly name: LogRecord["name"],
    level: LogLevel,
    private readonly handler: LogHandler | null,
  ) {
    this.threshold = handler === null ? Number.POSITIVE_INFINITY : LOG_LEVELS[level];
  }

  isEnabledFor(level: LogLevel): boolean {
    return LOG_LEVELS[level] >= this.threshold;
  }

  log(level: LogLevel, message: string, error?: unknown): void {
    if (this.handler === null || LOG_LEVELS[level] < this.threshold) return;
    this.handler(error === undefined ? { name: this.name, level, message } : { name: this.name, level, message, error });
  }

  trace(message: string): void {
    this.log("trace", message);
  }
  debug(message: string): void {
    this.log("debug", message);
  }
  info(message: string): void {
    this.log("info", message);
  }
  warning(message: string): void {
    this.log("warning", message);
  }
  error(message: string, error?: unknown): void {
    this.log("error", message, error);
  }
}

/** uvicorn's AccessFormatter without colours: `127.0.0.1:50000 - "GET /path?q HTTP/1.1" 200 OK`. */
export function accessLine(
  clientAddr: string,
  method: string,
  pathWithQuery: string,
  httpVersion: string,
  statusCode: number,
): string {
  return `${clientAddr} - "${method} ${pathWithQuery} HTTP/${httpVersion}" ${statusCode} ${statusPhrase(statusCode)}`;
}
