// Tests of src/validation.ts: every message type of types.ts, valid as the ASGI spec allows and invalid in each
// key it defines, on the connection type it belongs to. No Starlette counterpart (uvicorn checks these inline).
import { Buffer } from "node:buffer";

import { describe, expect, test } from "vitest";

import type { Scope } from "../src/types.js";
import { ASGIMessageError, validateReceiveMessage, validateSendMessage } from "../src/validation.js";

type ScopeType = Scope["type"];
const bytes = new Uint8Array([104, 105]);

/** The error `fn` throws, asserted to be an ASGIMessageError. */
function failure(fn: () => void): ASGIMessageError {
  try {
    fn();
  } catch (exc) {
    expect(exc).toBeInstanceOf(ASGIMessageError);
    expect(exc).toBeInstanceOf(TypeError);
    return exc as ASGIMessageError;
  }
  throw new Error("expected an ASGIMessageError, nothing was thrown");
}

// Valid messages: the smallest and the fullest form of every message an app may send.
const VALID_SEND: [ScopeType, Record<string, unknown>][] = [
  ["http", { type: "http.response.start", status: 200 }],
  ["http", { type: "http.response.start", status: 100, headers: [], trailers: false }],
  ["http", { type: "http.response.start", status: 999, headers: [["Content-Type", "text/plain"], ["x-latin", "caf\xe9\t!"]], trailers: true }],
  ["http", { type: "http.response.body" }],
  ["http", { type: "http.response.body", body: bytes, more_body: true }],
  ["http", { type: "http.response.body", body: Buffer.from("node buffers are Uint8Arrays"), more_body: false }],
  ["http", { type: "http.response.trailers" }],
  ["http", { type: "http.response.trailers", headers: [["x-checksum", "abc"]], more_trailers: false }],
  ["http", { type: "http.response.pathsend", path: "/srv/static/index.html" }],
  ["http", { type: "http.response.body", body: undefined, extension_key: { anything: 1 } }],
  ["websocket", { type: "websocket.accept" }],
  ["websocket", { type: "websocket.accept", subprotocol: null, headers: [["x-a", "b"]] }],
  ["websocket", { type: "websocket.accept", subprotocol: "chat" }],
  ["websocket", { type: "websocket.send", text: "hello" }],
  ["websocket", { type: "websocket.send", bytes, text: null }],
  ["websocket", { type: "websocket.close" }],
  ["websocket", { type: "websocket.close", code: 1000, reason: "bye" }],
  ["websocket", { type: "websocket.close", code: 4000, reason: null }],
  ["websocket", { type: "websocket.http.response.start", status: 403, headers: [["content-length", "0"]] }],
  ["websocket", { type: "websocket.http.response.body", body: bytes, more_body: false }],
  ["lifespan", { type: "lifespan.startup.complete" }],
  ["lifespan", { type: "lifespan.startup.failed" }],
  ["lifespan", { type: "lifespan.startup.failed", message: "no database" }],
  ["lifespan", { type: "lifespan.shutdown.complete" }],
  ["lifespan", { type: "lifespan.shutdown.failed", message: "" }],
];

describe.each(VALID_SEND)("validateSendMessage accepts (%s) %j", (scopeType, message) => {
  test("test_valid_send_message", () => {
    expect(() => validateSendMessage(scopeType, message)).not.toThrow();
  });
});

// Invalid messages: [scope type, message, the key the error must name, a fragment of its text].
const INVALID_SEND: [ScopeType, Record<string, unknown>, string, string][] = [
  ["http", { type: "http.response.start" }, "status", "integer in 100..999"],
  ["http", { type: "http.response.start", status: "200" }, "status", '"200" (string)'],
  ["http", { type: "http.response.start", status: 200.5 }, "status", "200.5 (number)"],
  ["http", { type: "http.response.start", status: 99 }, "status", "99 (number)"],
  ["http", { type: "http.response.start", status: 1000 }, "status", "1000"],
  ["http", { type: "http.response.start", status: Number.NaN }, "status", "NaN"],
  ["http", { type: "http.response.start", status: 200, headers: { "content-type": "text/plain" } }, "headers", "array of [name, value] pairs"],
  ["http", { type: "http.response.start", status: 200, headers: [["a"]] }, "headers", "[0] must be a [name, value] pair"],
  ["http", { type: "http.response.start", status: 200, headers: [["a", "b", "c"]] }, "headers", "[0] must be a [name, value] pair"],
  ["http", { type: "http.response.start", status: 200, headers: [[bytes, "b"]] }, "headers", "[0][0] (header name) must be a ByteString (string)"],
  ["http", { type: "http.response.start", status: 200, headers: [["a", 1]] }, "headers", "[0][1] (header value) must be a ByteString (string)"],
  ["http", { type: "http.response.start", status: 200, headers: [["ok", "1"], ["x", "\u20ac"]] }, "headers", "got U+20AC at index 0"],
  ["http", { type: "http.response.start", status: 200, headers: [["n\u0101me", "v"]] }, "headers", "[0][0] (header name) must be a ByteString"],
  ["http", { type: "http.response.start", status: 200, headers: [["bad name", "v"]] }, "headers", "not a valid header name"],
  ["http", { type: "http.response.start", status: 200, headers: [["x:y", "v"]] }, "headers", "not a valid header name"],
  ["http", { type: "http.response.start", status: 200, headers: [["x", "a\r\nSet-Cookie: evil=1"]] }, "headers", "control character"],
  ["http", { type: "http.response.start", status: 200, headers: [["x", "nul\0"]] }, "headers", "control character"],
  ["http", { type: "http.response.start", status: 200, trailers: "yes" }, "trailers", "must be a boolean"],
  ["http", { type: "http.response.body", body: "text" }, "body", "must be a Uint8Array"],
  ["http", { type: "http.response.body", body: null }, "body", "must be a Uint8Array, got null"],
  ["http", { type: "http.response.body", body: [1, 2] }, "body", "an array of length 2"],
  ["http", { type: "http.response.body", body: new ArrayBuffer(2) }, "body", "ArrayBuffer"],
  ["http", { type: "http.response.body", body: bytes, more_body: 1 }, "more_body", "must be a boolean, got 1 (number)"],
  ["http", { type: "http.response.trailers", headers: "x" }, "headers", "array of [name, value] pairs"],
  ["http", { type: "http.response.trailers", more_trailers: "no" }, "more_trailers", "must be a boolean"],
  ["http", { type: "http.response.pathsend" }, "path", "absolute file path"],
  ["http", { type: "http.response.pathsend", path: "relative/file.txt" }, "path", "absolute file path"],
  ["websocket", { type: "websocket.accept", subprotocol: 1 }, "subprotocol", "must be a string or null"],
  ["websocket", { type: "websocket.accept", headers: [["a", "\n"]] }, "headers", "control character"],
  ["websocket", { type: "websocket.send" }, "bytes", 'or "text" must be set (exactly one)'],
  ["websocket", { type: "websocket.send", bytes: null, text: null }, "bytes", "exactly one"],
  ["websocket", { type: "websocket.send", bytes, text: "both" }, "bytes", 'and "text" are both set'],
  ["websocket", { type: "websocket.send", bytes: "not bytes" }, "bytes", "must be a Uint8Array or null"],
  ["websocket", { type: "websocket.send", text: bytes }, "text", "must be a string or null"],
  ["websocket", { type: "websocket.close", code: "1000" }, "code", "must be an integer"],
  ["websocket", { type: "websocket.close", code: 1000.5 }, "code", "must be an integer"],
  ["websocket", { type: "websocket.close", reason: 5 }, "reason", "must be a string or null"],
  ["websocket", { type: "websocket.http.response.start", status: 42 }, "status", "integer in 100..999"],
  ["websocket", { type: "websocket.http.response.start", status: 403, headers: [["x"]] }, "headers", "pair"],
  ["websocket", { type: "websocket.http.response.body", body: "x" }, "body", "must be a Uint8Array"],
  ["websocket", { type: "websocket.http.response.body", more_body: "x" }, "more_body", "must be a boolean"],
  ["lifespan", { type: "lifespan.startup.failed", message: 1 }, "message", "must be a string, got 1 (number)"],
  ["lifespan", { type: "lifespan.shutdown.failed", message: null }, "message", "must be a string, got null"],
];

describe.each(INVALID_SEND)("validateSendMessage refuses (%s) %j", (scopeType, message, key, text) => {
  test("test_invalid_send_message", () => {
    const error = failure(() => validateSendMessage(scopeType, message));
    expect(error.messageType).toBe(message["type"]);
    expect(error.key).toBe(key);
    expect(error.message).toContain(`Invalid ASGI message ${JSON.stringify(message["type"])}: ${JSON.stringify(key)}`);
    expect(error.message).toContain(text);
  });
});

test("test_error_text_in_full", () => {
  const error = failure(() => validateSendMessage("http", { type: "http.response.start", status: "200" }));
  expect(error.message).toBe('Invalid ASGI message "http.response.start": "status" must be an integer in 100..999, got "200" (string)');
  expect(error.name).toBe("ASGIMessageError");
  const header = failure(() =>
    validateSendMessage("http", { type: "http.response.start", status: 200, headers: [["x-price", "5 \u20ac"]] }),
  );
  expect(header.message).toBe(
    'Invalid ASGI message "http.response.start": "headers" [0][1] (header value) must be a ByteString (every code unit <= 0xFF), got U+20AC at index 2 of "5 \u20ac" (string)',
  );
});

test("test_unknown_or_missing_type", () => {
  let error = failure(() => validateSendMessage("http", { type: "http.response.begin", status: 200 }));
  expect([error.messageType, error.key]).toEqual(["http.response.begin", "type"]);
  expect(error.message).toBe(
    'Invalid ASGI message "http.response.begin": "type" is not a message of a "http" connection (expected one of "http.response.start", "http.response.body", "http.response.trailers", "http.response.pathsend")',
  );
  error = failure(() => validateSendMessage("http", { status: 200 }));
  expect([error.messageType, error.key]).toEqual([undefined, "type"]);
  expect(error.message).toBe('Invalid ASGI message: "type" must be a string, got undefined (undefined)');
  for (const notAnObject of [null, undefined, "http.response.start", 1, [1]]) {
    expect(failure(() => validateSendMessage("http", notAnObject)).key).toBe("type");
  }
  error = failure(() => validateSendMessage("bogus" as ScopeType, { type: "x" }));
  expect(error.message).toContain("unknown scope type");
});

test("test_message_on_the_wrong_connection", () => {
  // Each scope type takes only its own messages: an http.* message on a websocket is an unknown type there.
  expect(failure(() => validateSendMessage("websocket", { type: "http.response.start", status: 200 })).key).toBe("type");
  expect(failure(() => validateSendMessage("http", { type: "websocket.send", text: "x" })).key).toBe("type");
  expect(failure(() => validateSendMessage("lifespan", { type: "http.response.body" })).key).toBe("type");
  expect(failure(() => validateSendMessage("http", { type: "lifespan.startup.complete" })).key).toBe("type");
  // Receive messages are not send messages.
  expect(failure(() => validateSendMessage("http", { type: "http.request" })).key).toBe("type");
  expect(failure(() => validateSendMessage("http", { type: "http.response.debug", info: {} })).key).toBe("type");
});

const VALID_RECEIVE: [ScopeType, Record<string, unknown>][] = [
  ["http", { type: "http.request" }],
  ["http", { type: "http.request", body: bytes, more_body: false }],
  ["http", { type: "http.disconnect" }],
  ["websocket", { type: "websocket.connect" }],
  ["websocket", { type: "websocket.receive", text: "hi" }],
  ["websocket", { type: "websocket.receive", bytes, text: null }],
  ["websocket", { type: "websocket.disconnect", code: 1000 }],
  ["websocket", { type: "websocket.disconnect", code: 1006, reason: null }],
  ["lifespan", { type: "lifespan.startup" }],
  ["lifespan", { type: "lifespan.shutdown" }],
];

describe.each(VALID_RECEIVE)("validateReceiveMessage accepts (%s) %j", (scopeType, message) => {
  test("test_valid_receive_message", () => {
    expect(() => validateReceiveMessage(scopeType, message)).not.toThrow();
  });
});

const INVALID_RECEIVE: [ScopeType, Record<string, unknown>, string][] = [
  ["http", { type: "http.request", body: "x" }, "body"],
  ["http", { type: "http.request", more_body: "true" }, "more_body"],
  ["http", { type: "http.response.start", status: 200 }, "type"],
  ["websocket", { type: "websocket.receive" }, "bytes"],
  ["websocket", { type: "websocket.receive", bytes, text: "x" }, "bytes"],
  ["websocket", { type: "websocket.disconnect" }, "code"],
  ["websocket", { type: "websocket.disconnect", code: 1000, reason: 1 }, "reason"],
  ["lifespan", { type: "lifespan.startup.complete" }, "type"],
];

describe.each(INVALID_RECEIVE)("validateReceiveMessage refuses (%s) %j", (scopeType, message, key) => {
  test("test_invalid_receive_message", () => {
    const error = failure(() => validateReceiveMessage(scopeType, message));
    expect([error.messageType, error.key]).toEqual([message["type"], key]);
  });
});

test("test_asgi_message_error_fields", () => {
  const error = new ASGIMessageError("http.response.body", "body", "must be a Uint8Array");
  expect(error).toBeInstanceOf(TypeError);
  expect([error.name, error.messageType, error.key]).toEqual(["ASGIMessageError", "http.response.body", "body"]);
  expect(error.message).toBe('Invalid ASGI message "http.response.body": "body" must be a Uint8Array');
  expect(new ASGIMessageError(undefined, "type", "is missing").message).toBe('Invalid ASGI message: "type" is missing');
});

test("test_long_values_are_shortened_in_errors", () => {
  const long = "x".repeat(100);
  const error = failure(() => validateSendMessage("http", { type: "http.response.start", status: long }));
  expect(error.message).toContain(`"${"x".repeat(40)}..." (string)`);
  expect(error.message).not.toContain("x".repeat(41));
});
