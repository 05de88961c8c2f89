/** @module Runtime validation of ASGI 3.0 messages (asgiref specs/www.rst 2.5, specs/lifespan.rst 2.0): what uvicorn's protocols and Starlette's TestClient check by hand, as one hand-written ladder per message type. */

import { isAbsolute } from "node:path";

import type { ReceiveMessage, Scope, SendMessage } from "./types.js";

/**
 * An ASGI message that breaks the spec: unknown `type`, a key of the wrong kind, a header that is not a
 * ByteString. It names the message type (`messageType`) and the bad key (`key`), so the error points at the line
 * of the app that built the message. A TypeError, as Python raises for a value of the wrong kind.
 */
export class ASGIMessageError extends TypeError {
  override name = "ASGIMessageError";

  constructor(
    /** The message's `type`, or `undefined` when the message has none. */
    readonly messageType: string | undefined,
    /** The key that is wrong (`"type"` for an unknown or missing type). */
    readonly key: string,
    detail: string,
  ) {
    const where = messageType === undefined ? "ASGI message" : `ASGI message ${JSON.stringify(messageType)}`;
    super(`Invalid ${where}: ${JSON.stringify(key)} ${detail}`);
  }
}

type Fields = Record<string, unknown>;
type Check = (message: Fields, type: string) => void;

/** How a value shows in an error: its JSON-ish spelling and its kind, never the whole of a long body. */
function shown(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Uint8Array) return `a ${value.constructor.name} of ${value.length} bytes`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === "string") {
    const text = value.length > 40 ? `${value.slice(0, 40)}...` : value;
    return `${JSON.stringify(text)} (string)`;
  }
  if (typeof value === "object") return `an object (${(value as object).constructor?.name ?? "null prototype"})`;
  return `${String(value)} (${typeof value})`;
}

// uvicorn's httptools protocol refuses these bytes in header names and values (HEADER_RE, HEADER_VALUE_RE):
// a CR or LF in a value would let an app split the response, so a server must never write it.
const NOT_A_BYTE = /[^\x00-\xff]/;

function checkByteString(value: unknown, type: string, key: string, what: string): void {
  if (typeof value !== "string") {
    throw new ASGIMessageError(type, key, `${what} must be a ByteString (string), got ${shown(value)}`);
  }
  const bad = value.search(NOT_A_BYTE);
  if (bad !== -1) {
    const unit = value.charCodeAt(bad).toString(16).toUpperCase().padStart(4, "0");
    throw new ASGIMessageError(
      type,
      key,
      `${what} must be a ByteString (every code unit <= 0xFF), got U+${unit} at index ${bad} of ${shown(value)}`,
    );
  }
}

// One regex per string on the hot path; the slower diagnosis runs only once a header has failed it.
const BAD_NAME_FAST = /[^\x00-\xff]|[\x00-\x1f\x7f()<>@,;:[\]={} \t\\"]/;
const BAD_VALUE_FAST = /[^\x09\x20-\x7e\x80-\xff]/;

function checkHeaders(message: Fields, type: string, key = "headers"): void {
  const headers = message[key];
  if (headers === undefined) return;
  if (!Array.isArray(headers)) {
    throw new ASGIMessageError(type, key, `must be an array of [name, value] pairs, got ${shown(headers)}`);
  }
  for (let i = 0; i < headers.length; i++) {
    const pair: unknown = headers[i];
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new ASGIMessageError(type, key, `[${i}] must be a [name, value] pair, got ${shown(pair)}`);
    }
    const name: unknown = pair[0];
    const value: unknown = pair[1];
    if (typeof name !== "string" || BAD_NAME_FAST.test(name)) {
      checkByteString(name, type, key, `[${i}][0] (header name)`);
      throw new ASGIMessageError(type, key, `[${i}][0] is not a valid header name: ${shown(name)}`);
    }
    if (typeof value !== "string" || BAD_VALUE_FAST.test(value)) {
      checkByteString(value, type, key, `[${i}][1] (header value)`);
      throw new ASGIMessageError(type, key, `[${i}][1] is not a valid header value (control character): ${shown(value)}`);
    }
  }
}

function checkStatus(message: Fields, type: string): void {
  const status = message["status"];
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 999) {
    throw new ASGIMessageError(type, "status", `must be an integer in 100..999, got ${shown(status)}`);
  }
}

function checkBytes(message: Fields, type: string, key: string, nullable: boolean): void {
  const value = message[key];
  if (value === undefined || (nullable && value === null) || value instanceof Uint8Array) return;
  const kind = nullable ? "a Uint8Array or null" : "a Uint8Array";
  throw new ASGIMessageError(type, key, `must be ${kind}, got ${shown(value)}`);
}

function checkBoolean(message: Fields, type: string, key: string): void {
  const value = message[key];
  if (value === undefined || typeof value === "boolean") return;
  throw new ASGIMessageError(type, key, `must be a boolean, got ${shown(value)}`);
}

function checkText(message: Fields, type: string, key: string, nullable: boolean): void {
  const value = message[key];
  if (value === undefined || (nullable && value === null) || typeof value === "string") return;
  throw new ASGIMessageError(type, key, `must be a string${nullable ? " or null" : ""}, got ${shown(value)}`);
}

function checkCode(message: Fields, type: string, required: boolean): void {
  const code = message["code"];
  if (code === undefined && !required) return;
  if (typeof code !== "number" || !Number.isInteger(code)) {
    throw new ASGIMessageError(type, "code", `must be an integer, got ${shown(code)}`);
  }
}

/** websocket.send / websocket.receive: "Exactly one of bytes or text must be non-None." */
function checkBytesOrText(message: Fields, type: string): void {
  checkBytes(message, type, "bytes", true);
  checkText(message, type, "text", true);
  const hasBytes = message["bytes"] !== undefined && message["bytes"] !== null;
  const hasText = message["text"] !== undefined && message["text"] !== null;
  if (hasBytes === hasText) {
    const detail = hasBytes ? "and \"text\" are both set; exactly one may be" : "or \"text\" must be set (exactly one)";
    throw new ASGIMessageError(type, "bytes", detail);
  }
}

function checkBody(message: Fields, type: string): void {
  checkBytes(message, type, "body", false);
  checkBoolean(message, type, "more_body");
}

function checkFailure(message: Fields, type: string): void {
  checkText(message, type, "message", false);
}

const nothing: Check = () => {};

/** What an app may `send()`, by scope type, with the checks of each message. */
const SEND_CHECKS: Record<Scope["type"], ReadonlyMap<string, Check>> = {
  http: new Map<string, Check>([
    [
      "http.response.start",
      (m, t) => {
        checkStatus(m, t);
        checkHeaders(m, t);
        checkBoolean(m, t, "trailers");
      },
    ],
    ["http.response.body", checkBody],
    [
      "http.response.trailers",
      (m, t) => {
        checkHeaders(m, t);
        checkBoolean(m, t, "more_trailers");
      },
    ],
    [
      "http.response.pathsend",
      (m, t) => {
        const path = m["path"];
        if (typeof path !== "string" || !isAbsolute(path)) {
          throw new ASGIMessageError(t, "path", `must be an absolute file path (string), got ${shown(path)}`);
        }
      },
    ],
  ]),
  websocket: new Map<string, Check>([
    [
      "websocket.accept",
      (m, t) => {
        checkText(m, t, "subprotocol", true);
        checkHeaders(m, t);
      },
    ],
    ["websocket.send", checkBytesOrText],
    [
      "websocket.close",
      (m, t) => {
        checkCode(m, t, false);
        checkText(m, t, "reason", true);
      },
    ],
    [
      "websocket.http.response.start",
      (m, t) => {
        checkStatus(m, t);
        checkHeaders(m, t);
      },
    ],
    ["websocket.http.response.body", checkBody],
  ]),
  lifespan: new Map<string, Check>([
    ["lifespan.startup.complete", nothing],
    ["lifespan.startup.failed", checkFailure],
    ["lifespan.shutdown.complete", nothing],
    ["lifespan.shutdown.failed", checkFailure],
  ]),
};

/** What a server may hand an app through `receive()`, by scope type. */
const RECEIVE_CHECKS: Record<Scope["type"], ReadonlyMap<string, Check>> = {
  http: new Map<string, Check>([
    ["http.request", checkBody],
    ["http.disconnect", nothing],
  ]),
  websocket: new Map<string, Check>([
    ["websocket.connect", nothing],
    ["websocket.receive", checkBytesOrText],
    [
      "websocket.disconnect",
      (m, t) => {
        checkCode(m, t, true);
        checkText(m, t, "reason", true);
      },
    ],
  ]),
  lifespan: new Map<string, Check>([
    ["lifespan.startup", nothing],
    ["lifespan.shutdown", nothing],
  ]),
};

function validate(
  checks: Record<Scope["type"], ReadonlyMap<string, Check>>,
  scopeType: Scope["type"],
  message: unknown,
): void {
  if (typeof message !== "object" || message === null || Array.isArray(message)) {
    throw new ASGIMessageError(undefined, "type", `is missing: a message must be an object, got ${shown(message)}`);
  }
  const fields = message as Fields;
  const type = fields["type"];
  if (typeof type !== "string") {
    throw new ASGIMessageError(undefined, "type", `must be a string, got ${shown(type)}`);
  }
  const byType = checks[scopeType];
  if (byType === undefined) {
    throw new ASGIMessageError(type, "type", `cannot be checked for an unknown scope type ${shown(scopeType)}`);
  }
  const check = byType.get(type);
  if (check === undefined) {
    const expected = [...byType.keys()].map((k) => JSON.stringify(k)).join(", ");
    throw new ASGIMessageError(type, "type", `is not a message of a ${JSON.stringify(scopeType)} connection (expected one of ${expected})`);
  }
  check(fields, type);
}

/**
 * Check a message an app gave `send()` on a connection of `scopeType`, as a server must before acting on it.
 * Throws ASGIMessageError naming the type and the bad key; unknown extra keys are allowed (extensions).
 * A key set to `undefined` counts as absent, as an optional property in TypeScript.
 */
export function validateSendMessage(
  scopeType: Scope["type"],
  message: unknown,
): asserts message is SendMessage {
  validate(SEND_CHECKS, scopeType, message);
}

/** Check a message a server hands an app through `receive()` (for servers, test doubles and middleware). */
export function validateReceiveMessage(
  scopeType: Scope["type"],
  message: unknown,
): asserts message is ReceiveMessage {
  validate(RECEIVE_CHECKS, scopeType, message);
}
