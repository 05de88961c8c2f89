// Bad input over real sockets, frames written by hand: every malformed handshake or frame gets the answer uvicorn 0.54
// (websockets-sansio, websockets 17.1) gives, byte for byte; the expected bytes were recorded from it.
import { expect, test } from "vitest";
import type { ASGIApp, Receive, Scope, Send } from "@mono/asgi";
import type { ServerOptions } from "../src/index.js";
import { parseCommandLine } from "../src/main.js";
import { RawClient, withServer } from "./serverFixture.js";

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const handshake = (path = "/", extra = "", method = "GET") =>
  `${method} ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`;

/** Accepts, then echoes every message back; "close" asks for a close. */
const echoApp: ASGIApp = async (scope: Scope, receive: Receive, send: Send) => {
  if (scope.type !== "websocket") {
    await send({ type: "http.response.start", status: 200, headers: [["content-length", "4"]] });
    await send({ type: "http.response.body", body: new TextEncoder().encode(String(scope.type).slice(0, 4)) });
    return;
  }
  if (scope.path === "/raise") throw new Error("boom");
  await receive();
  if (scope.path === "/close") return send({ type: "websocket.close" });
  await send({ type: "websocket.accept" });
  if (scope.path === "/raise-after") throw new Error("boom");
  if (scope.path === "/scheme") await send({ type: "websocket.send", text: scope.scheme });
  for (;;) {
    const message = await receive();
    if (message.type === "websocket.disconnect") return;
    if (message.type !== "websocket.receive") continue;
    if (message.text != null) await send({ type: "websocket.send", text: message.text });
    else await send({ type: "websocket.send", bytes: message.bytes ?? new Uint8Array(0) });
  }
};

/** A client frame: masked unless told otherwise; `declared` sends only a head announcing that many bytes. */
function frame(opcode: number, payload: Buffer | string = "", options: { fin?: boolean; mask?: boolean; rsv?: number; declared?: number } = {}): Buffer {
  const { fin = true, mask = true, rsv = 0, declared } = options;
  const data = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  const n = declared ?? data.length;
  const bits = mask ? 0x80 : 0;
  let head: Buffer;
  if (n < 126) head = Buffer.from([(fin ? 0x80 : 0) | rsv | opcode, bits | n]);
  else if (n < 65536) head = Buffer.from([(fin ? 0x80 : 0) | rsv | opcode, bits | 126, n >> 8, n & 255]);
  else {
    head = Buffer.alloc(10);
    head[0] = (fin ? 0x80 : 0) | rsv | opcode;
    head[1] = bits | 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  const key = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
  if (declared !== undefined) return Buffer.concat([head, key]);
  if (!mask) return Buffer.concat([head, data]);
  return Buffer.concat([head, key, Buffer.from(data.map((c, i) => c ^ (key[i & 3] as number)))]);
}

const close = (code: number, reason = "") => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code);
  return frame(8, Buffer.concat([b, Buffer.from(reason)]));
};

/** A server frame as the server writes it: unmasked. */
function serverFrame(opcode: number, payload: Buffer | string = ""): string {
  const data = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  const head = data.length < 126 ? Buffer.from([0x80 | opcode, data.length]) : Buffer.from([0x80 | opcode, 126, data.length >> 8, data.length & 255]);
  return Buffer.concat([head, data]).toString("latin1");
}

const serverClose = (code: number, reason = "") => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code);
  return serverFrame(8, Buffer.concat([b, Buffer.from(reason)]));
};

/**
 * Handshake, then the frames; everything the server wrote after its 101 head, once it closed the connection. A string
 * among the frames waits for those bytes first (an app's echo must leave before a close frame that follows in the same
 * packet would end the connection under it, in uvicorn as here).
 */
async function exchange(frames: Array<Buffer | string>, options: ServerOptions = {}, path = "/"): Promise<string> {
  return withServer(echoApp, options, async (server) => {
    const client = await RawClient.open(server.port);
    client.write(handshake(path));
    expect(await client.waitForBytes("\r\n\r\n", 10_000)).toBe(true);
    const head = client.received.indexOf("\r\n\r\n") + 4;
    expect(client.received.startsWith("HTTP/1.1 101 Switching Protocols\r\n")).toBe(true);
    for (const f of frames) {
      if (typeof f === "string") expect(await client.waitForBytes(f, 10_000)).toBe(true);
      else client.write(f);
    }
    expect(await client.waitClosed(15_000)).toBe(true);
    return client.received.slice(head);
  });
}

/** The whole answer to one raw request, `Date:` values blanked; null header lists are compared whole. */
async function answer(request: string, options: ServerOptions = {}): Promise<string> {
  return withServer(echoApp, options, async (server) => {
    const client = await RawClient.open(server.port);
    client.write(request);
    expect(await client.waitClosed(15_000)).toBe(true);
    return client.received.replace(/^(date): [^\r]*\r\n/gim, "$1: X\r\n");
  });
}

const rejection = (status: string, text: string, extra = "") =>
  `HTTP/1.1 ${status}\r\nDate: X\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
  `Content-Type: text/plain; charset=utf-8\r\n${extra}\r\n${text}`;

test("a fragmented message with a ping between its fragments is reassembled; the ping is answered at once", async () => {
  const out = await exchange([frame(1, "hel", { fin: false }), frame(9, "p"), frame(0, "lo", { fin: false }), frame(0, "!"), serverFrame(1, "hello!"), close(1000)]);
  expect(out).toBe(serverFrame(10, "p") + serverFrame(1, "hello!") + serverClose(1000));
});

test("ping payloads come back in the pong; unsolicited pongs are ignored", async () => {
  const out = await exchange([frame(9, "payload"), frame(10, "stray"), frame(2, "\x00\x01"), serverFrame(2, "\x00\x01"), close(1001, "away")]);
  expect(out).toBe(serverFrame(10, "payload") + serverFrame(2, "\x00\x01") + serverClose(1001, "away"));
});

test("an empty close frame is echoed empty; the app sees 1005", async () => {
  let disconnect: unknown = null;
  const app: ASGIApp = async (_scope, receive, send) => {
    await receive();
    await send({ type: "websocket.accept" });
    disconnect = await receive();
  };
  await withServer(app, {}, async (server) => {
    const client = await RawClient.open(server.port);
    client.write(handshake());
    expect(await client.waitForBytes("\r\n\r\n", 10_000)).toBe(true);
    const head = client.received.indexOf("\r\n\r\n") + 4;
    client.write(frame(8));
    expect(await client.waitClosed(15_000)).toBe(true);
    expect(client.received.slice(head)).toBe(serverFrame(8));
  });
  expect(disconnect).toEqual({ type: "websocket.disconnect", code: 1005, reason: "" });
});

test("a websocket.send whose bytes are not bytes throws, naming the key", async () => {
  let error: unknown = null;
  const app: ASGIApp = async (_scope, receive, send) => {
    await receive();
    await send({ type: "websocket.accept" });
    error = await send({ type: "websocket.send", bytes: "text" as unknown as Uint8Array }).then(() => null, (exc: unknown) => exc);
  };
  await withServer(app, {}, async (server) => {
    const client = await RawClient.open(server.port);
    client.write(handshake());
    expect(await client.waitClosed(15_000)).toBe(true);
  });
  expect(String(error)).toContain("bytes");
});

test("text that is not UTF-8 closes with 1007 and no reason", async () => {
  expect(await exchange([frame(1, Buffer.from([0x61, 0xff]))])).toBe(serverClose(1007));
});

for (const [name, bad, reason] of [
  ["an unmasked client frame", frame(1, "x", { mask: false }), "incorrect masking"],
  ["RSV1 without an extension", frame(1, "x", { rsv: 0x40 }), "reserved bits must be 0"],
  ["RSV2", frame(2, "x", { rsv: 0x20 }), "reserved bits must be 0"],
  ["RSV3", frame(2, "x", { rsv: 0x10 }), "reserved bits must be 0"],
  ["an unknown data opcode", frame(3, "x"), "invalid opcode"],
  ["an unknown control opcode", frame(0xb, "x"), "invalid opcode"],
  ["a continuation with nothing to continue", frame(0, "x"), "unexpected continuation frame"],
  ["a fragmented ping", frame(9, "x", { fin: false }), "fragmented control frame"],
  ["a ping over 125 bytes", frame(9, "x".repeat(126)), "control frame too long"],
  ["a one-byte close frame", frame(8, "x"), "close frame too short"],
  ["close code 999", close(999), "invalid status code"],
  ["close code 1005", close(1005), "invalid status code"],
  ["close code 1006", close(1006), "invalid status code"],
  ["close code 5000", close(5000), "invalid status code"],
] as const) {
  test(`${name} closes with 1002 "${reason}"`, async () => {
    expect(await exchange([bad])).toBe(serverClose(1002, reason));
  });
}

test("a new message inside a fragmented one closes with 1002", async () => {
  expect(await exchange([frame(1, "a", { fin: false }), frame(1, "b")])).toBe(serverClose(1002, "expected a continuation frame"));
});

test("a close frame inside a fragmented message closes with 1002", async () => {
  expect(await exchange([frame(1, "a", { fin: false }), close(1000)])).toBe(serverClose(1002, "incomplete fragmented message"));
});

test("a close reason that is not UTF-8 closes with 1007 naming the position", async () => {
  expect(await exchange([frame(8, Buffer.from([0x03, 0xe8, 0xff]))])).toBe(serverClose(1007, "invalid start byte at position 0"));
});

test("registered and private close codes are echoed", async () => {
  expect(await exchange([close(3000, "registered")])).toBe(serverClose(3000, "registered"));
  expect(await exchange([close(4999)])).toBe(serverClose(4999));
});

test("a 100 MB frame is refused from its header: close 1009 before any payload is sent", async () => {
  const out = await exchange([frame(2, "", { declared: 100 * 1024 * 1024 })]);
  expect(out).toBe(serverClose(1009, "frame with 104857600 bytes exceeds limit of 16777216 bytes"));
});

test("a fragment taking a message over --ws-max-size is refused with the bytes read so far", async () => {
  const out = await exchange([frame(1, "abc", { fin: false }), frame(0, "", { declared: 8 })], { wsMaxSize: 10 });
  expect(out).toBe(serverClose(1009, "frame with 8 bytes after reading 3 bytes exceeds limit of 10 bytes"));
});

test("handshake without Sec-WebSocket-Key: websockets' 400", async () => {
  const request = "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n";
  expect(await answer(request)).toBe(rejection("400 Bad Request", "Failed to open a WebSocket connection: missing Sec-WebSocket-Key header.\n"));
});

test("handshake with a key that is not base64: the 400 names binascii's error", async () => {
  const request = handshake().replace(KEY, "abc");
  expect(await answer(request)).toBe(
    rejection("400 Bad Request", "Failed to open a WebSocket connection: invalid Sec-WebSocket-Key header: abc; Incorrect padding.\n"),
  );
});

test("handshake with a key of the wrong length: 400", async () => {
  expect(await answer(handshake().replace(KEY, "AAAA"))).toBe(
    rejection("400 Bad Request", "Failed to open a WebSocket connection: invalid Sec-WebSocket-Key header: AAAA.\n"),
  );
});

test("handshake with version 8: 400", async () => {
  expect(await answer(handshake().replace("Version: 13", "Version: 8"))).toBe(
    rejection("400 Bad Request", "Failed to open a WebSocket connection: invalid Sec-WebSocket-Version header: 8.\n"),
  );
});

test("a POST upgrade: 405 with Allow: GET", async () => {
  expect(await answer(handshake("/", "", "POST"))).toBe(
    rejection("405 Method Not Allowed", "Failed to open a WebSocket connection: unsupported HTTP method: POST.\n", "Allow: GET\r\n"),
  );
});

test("two Upgrade headers: 426 with websockets' advice", async () => {
  const text =
    "Failed to open a WebSocket connection: invalid Upgrade header: websocket, websocket.\n\n" +
    "You cannot access a WebSocket server directly with a browser. You need a WebSocket client.\n";
  expect(await answer(handshake("/", "Upgrade: websocket\r\n"))).toBe(rejection("426 Upgrade Required", text, "Upgrade: websocket\r\n"));
});

test("websocket.close before accept: 403 with an empty body", async () => {
  expect(await answer(handshake("/close"))).toBe(rejection("403 Forbidden", ""));
});

test("an app error before accept: 500", async () => {
  expect(await answer(handshake("/raise"))).toBe(rejection("500 Internal Server Error", "Internal Server Error"));
});

test("an app error after accept drops the TCP connection without a close frame, as uvicorn", async () => {
  expect(await exchange([], {}, "/raise-after")).toBe("");
});

test("--ws none serves an upgrade request as plain HTTP", async () => {
  await withServer(echoApp, { ws: "none" }, async (server) => {
    const client = await RawClient.open(server.port);
    client.write(handshake());
    const response = await client.readResponse();
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe("http");
    expect(server.records.some((r) => r.message === "Unsupported upgrade request.")).toBe(true);
    client.socket.destroy();
  });
});

test("test_http2_upgrade_request: an h2c upgrade is served as plain HTTP with the WebSocket protocol on", async () => {
  await withServer(echoApp, {}, async (server) => {
    const client = await RawClient.open(server.port);
    client.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n");
    const response = await client.readResponse();
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe("http");
    client.socket.destroy();
  });
});

test("--root-path prefixes path and raw_path of the websocket scope", async () => {
  let seen: unknown[] = [];
  const app: ASGIApp = async (scope, receive, send) => {
    seen = [scope.root_path, scope.path, scope.raw_path, scope.query_string];
    await receive();
    await send({ type: "websocket.close" });
  };
  await withServer(app, { rootPath: "/api" }, async (server) => {
    const client = await RawClient.open(server.port);
    client.write(handshake("/a%20b?x=1"));
    expect(await client.waitClosed(15_000)).toBe(true);
  });
  expect(seen).toEqual(["/api", "/api/a b", "/api/a%20b", "x=1"]);
});

test("websocket scope header values lose surrounding spaces and tabs, as websockets re-parses them", async () => {
  let headers: unknown = null;
  const app: ASGIApp = async (scope, receive, send) => {
    headers = scope.headers;
    await receive();
    await send({ type: "websocket.close" });
  };
  await withServer(app, {}, async (server) => {
    const client = await RawClient.open(server.port);
    client.write(handshake("/", "X-Pad: \t padded \t\r\n"));
    expect(await client.waitClosed(15_000)).toBe(true);
  });
  expect(headers).toContainEqual(["x-pad", "padded"]);
});

test("X-Forwarded-Proto from a trusted proxy makes the scheme wss", async () => {
  await withServer(echoApp, {}, async (server) => {
    const client = await RawClient.open(server.port);
    client.write(handshake("/scheme", "X-Forwarded-Proto: https\r\n"));
    expect(await client.waitForBytes(serverFrame(1, "wss"), 10_000)).toBe(true);
    client.socket.destroy();
  });
});

test("--limit-concurrency counts open WebSockets", async () => {
  await withServer(echoApp, { limitConcurrency: 1 }, async (server) => {
    const ws = await RawClient.open(server.port);
    ws.write(handshake());
    expect(await ws.waitForBytes("\r\n\r\n", 10_000)).toBe(true);
    const http = await RawClient.open(server.port);
    http.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    expect((await http.readResponse()).status).toBe(503);
    http.socket.destroy();
    ws.socket.destroy();
  });
});

test("the --ws flags parse as uvicorn's", () => {
  const { options } = parseCommandLine([
    "app:app", "--ws", "websockets-sansio", "--ws-max-size", "1024", "--ws-max-queue", "8",
    "--ws-ping-interval", "2.5", "--ws-ping-timeout", "1", "--ws-per-message-deflate", "false",
  ]);
  expect(options).toMatchObject({
    ws: "websockets-sansio", wsMaxSize: 1024, wsMaxQueue: 8, wsPingInterval: 2.5, wsPingTimeout: 1, wsPerMessageDeflate: false,
  });
  expect(() => parseCommandLine(["app:app", "--ws", "wsproto"])).toThrow(/not implemented here/);
  expect(() => parseCommandLine(["app:app", "--ws", "h2"])).toThrow("Invalid value for '--ws'");
});
