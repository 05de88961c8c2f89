/** @module Mirrors `_get_upgrade` / `_should_upgrade` of uvicorn/protocols/http/httptools_impl.py: which upgrade requests go to the WebSocket protocol. */
import type { RawHeaders } from "@mono/asgi";

const BYTES_WHITESPACE = /^[ \t\n\r\x0b\x0c]+|[ \t\n\r\x0b\x0c]+$/g;

/** Python's `bytes.lower()`: ASCII letters only. */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/** The last Connection header holds an `upgrade` token and the last Upgrade header is `websocket` (any case). */
export function isWebSocketUpgrade(headers: RawHeaders): boolean {
  let connection: string[] = [];
  let upgrade: string | null = null;
  for (const [name, value] of headers) {
    if (name === "connection") connection = value.split(",").map((t) => asciiLower(t).replace(BYTES_WHITESPACE, ""));
    else if (name === "upgrade") upgrade = asciiLower(value);
  }
  return connection.includes("upgrade") && upgrade === "websocket";
}
