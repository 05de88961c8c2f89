// uvicorn's tests/protocols/test_websocket.py (websockets-sansio cases), test for test with the same names, over real
// sockets; the `ws` package is the client where uvicorn's tests use websockets' client.
import type { IncomingMessage } from "node:http";
import { expect, test } from "vitest";
import WebSocket from "ws";
import type { ASGIApp, Receive, Scope, Send, WebSocketReceiveMessage } from "@mono/asgi";
import type { ServerOptions } from "../src/index.js";
import { RawClient, withServer } from "./serverFixture.js";

type Message = Record<string, unknown> & { type: string };

/** uvicorn's WebSocketResponse: dispatch each received message to a `websocket_*` handler until disconnect. */
function websocketResponse(handlers: {
  connect?: (scope: Scope, send: Send) => Promise<void>;
  receive?: (message: Message, send: Send) => Promise<void>;
  disconnect?: (message: Message) => void;
}): ASGIApp {
  return async (scope: Scope, receive: Receive, send: Send) => {
    for (;;) {
      const message = (await receive()) as Message;
      if (message.type === "websocket.connect") await handlers.connect?.(scope, send);
      else if (message.type === "websocket.receive") await handlers.receive?.(message, send);
      else if (message.type === "websocket.disconnect") {
        handlers.disconnect?.(message);
        break;
      }
    }
  };
}

const acceptApp = websocketResponse({ connect: (_scope, send) => send({ type: "websocket.accept" }) });

/** Open a `ws` client; rejects with the HTTP response when the server refuses the handshake. */
function connect(url: string, options: WebSocket.ClientOptions = {}, protocols: string[] = []): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { perMessageDeflate: false, ...options });
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => reject(Object.assign(new Error(`status ${res.statusCode}`), { response: res, body: Buffer.concat(chunks) })));
    });
    ws.once("error", reject);
  });
}

/** The close code and reason the client saw. */
function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve({ code: -1, reason: "" });
  return new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
}

function nextMessage(ws: WebSocket): Promise<string | Buffer> {
  return new Promise((resolve, reject) => {
    ws.once("message", (data: Buffer, isBinary: boolean) => resolve(isBinary ? data : data.toString()));
    ws.once("close", () => reject(new Error("ConnectionClosed")));
  });
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function serve<T>(app: ASGIApp, options: ServerOptions, fn: (url: string, port: number) => Promise<T>): Promise<T> {
  return withServer(app, options, (server) => fn(`ws://127.0.0.1:${server.port}`, server.port));
}

const HANDSHAKE = (path = "/", extra = "") =>
  `GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`;

test("test_invalid_upgrade", async () => {
  const app: ASGIApp = async () => {};
  await serve(app, {}, async (_url, port) => {
    const client = await RawClient.open(port);
    client.socket.write("GET / HTTP/1.1\r\nHost: x\r\nupgrade: websocket\r\nconnection: upgrade\r\nsec-webSocket-version: 11\r\n\r\n");
    const response = await client.readResponse();
    expect(response.status).toBe(400);
    expect(response.body.toString().toLowerCase().trim()).toBe("failed to open a websocket connection: missing sec-websocket-key header.");
    client.socket.destroy();
  });
});

test("test_accept_connection", async () => {
  await serve(acceptApp, {}, async (url) => {
    const ws = await connect(url);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
    await closed(ws);
  });
});

test("test_shutdown", async () => {
  const { done } = await withServer(acceptApp, {}, async (server) => ({
    done: closed(await connect(`ws://127.0.0.1:${server.port}`)),
  }));
  // withServer closed the server while the connection was open: the client was told why.
  expect((await done).code).toBe(1012);
});

test("test_supports_permessage_deflate_extension", async () => {
  await serve(acceptApp, {}, async (url) => {
    const ws = await connect(url, { perMessageDeflate: true });
    expect(ws.extensions).toContain("permessage-deflate");
    ws.close();
    await closed(ws);
  });
});

test("compressed messages both ways, with context takeover across messages", async () => {
  const app = websocketResponse({
    connect: (_s, send) => send({ type: "websocket.accept" }),
    receive: (message, send) =>
      send(message["text"] != null ? { type: "websocket.send", text: message["text"] as string } : { type: "websocket.send", bytes: message["bytes"] as Uint8Array }),
  });
  await serve(app, {}, async (url) => {
    const ws = await connect(url, { perMessageDeflate: { threshold: 0 } });
    const compressedFrames: boolean[] = [];
    // The raw socket sees RSV1 on every data frame the server sends.
    (ws as unknown as { _socket: import("node:net").Socket })._socket.prependListener("data", (chunk: Buffer) => {
      compressedFrames.push(((chunk[0] as number) & 0x40) !== 0);
    });
    for (const text of ["hello hello hello", "hello hello hello", "é".repeat(5000)]) {
      ws.send(text);
      expect(await nextMessage(ws)).toBe(text);
    }
    const big = Buffer.alloc(100_000, 7);
    ws.send(big);
    expect(((await nextMessage(ws)) as Buffer).equals(big)).toBe(true);
    expect(compressedFrames.length).toBeGreaterThan(0);
    expect(compressedFrames[0]).toBe(true);
    ws.close(1000);
    expect((await closed(ws)).code).toBe(1000);
  });
});

test("a compressed message that inflates past --ws-max-size closes with 1009", async () => {
  const disconnect = deferred<Message>();
  const app = websocketResponse({
    connect: (_s, send) => send({ type: "websocket.accept" }),
    disconnect: (message) => disconnect.resolve(message),
  });
  await serve(app, { wsMaxSize: 1000 }, async (url) => {
    const ws = await connect(url, { perMessageDeflate: { threshold: 0 } });
    const done = closed(ws);
    // 100 kB of zeros compress to a few hundred bytes: under the limit on the wire, far over it inflated.
    ws.send(Buffer.alloc(100_000));
    expect(await done).toEqual({ code: 1009, reason: "frame exceeds limit of 1000 bytes" });
    expect(await disconnect.promise).toEqual({ type: "websocket.disconnect", code: 1009, reason: "frame exceeds limit of 1000 bytes" });
  });
});

test("test_can_disable_permessage_deflate_extension", async () => {
  await serve(acceptApp, { wsPerMessageDeflate: false }, async (url) => {
    const ws = await connect(url, { perMessageDeflate: true });
    expect(ws.extensions).toBe("");
    ws.close();
    await closed(ws);
  });
});

test("test_close_connection", async () => {
  const app = websocketResponse({ connect: (_scope, send) => send({ type: "websocket.close" }) });
  await serve(app, {}, async (url) => {
    const error = (await connect(url).catch((exc: unknown) => exc)) as { response?: IncomingMessage };
    expect(error.response?.statusCode).toBe(403);
  });
});

test("test_headers", async () => {
  let seen: Array<[string, string]> = [];
  const app = websocketResponse({
    connect: async (scope, send) => {
      seen = scope.headers as Array<[string, string]>;
      await send({ type: "websocket.accept" });
    },
  });
  await serve(app, {}, async (url) => {
    // A latin-1 header value, as websockets 17 encodes non-ASCII values.
    const username = Buffer.from("abraão", "utf8").toString("latin1");
    const ws = await connect(url, { headers: { username } });
    const headers = new Map(seen);
    expect(headers.get("host")?.startsWith("127.0.0.1")).toBe(true);
    expect(headers.get("username")).toBe(username);
    ws.close();
    await closed(ws);
  });
});

test("test_extra_headers", async () => {
  const app = websocketResponse({ connect: (_s, send) => send({ type: "websocket.accept", headers: [["extra", "header"]] }) });
  await serve(app, {}, async (url) => {
    const upgrade = deferred<IncomingMessage>();
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once("upgrade", (res) => upgrade.resolve(res));
    const res = await upgrade.promise;
    expect(res.headers["extra"]).toBe("header");
    ws.close();
    await closed(ws);
  });
});

test("test_path_and_raw_path", async () => {
  let paths: unknown[] = [];
  const app = websocketResponse({
    connect: async (scope, send) => {
      paths = [scope.path, scope.raw_path];
      await send({ type: "websocket.accept" });
    },
  });
  await serve(app, {}, async (url) => {
    const ws = await connect(`${url}/one%2Ftwo`);
    expect(paths).toEqual(["/one/two", "/one%2Ftwo"]);
    ws.close();
    await closed(ws);
  });
});

test("test_send_text_data_to_client", async () => {
  const app = websocketResponse({
    connect: async (_s, send) => {
      await send({ type: "websocket.accept" });
      await send({ type: "websocket.send", text: "123" });
    },
  });
  await serve(app, {}, async (url) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    expect(await nextMessage(ws)).toBe("123");
    ws.close();
    await closed(ws);
  });
});

test("test_send_binary_data_to_client", async () => {
  const app = websocketResponse({
    connect: async (_s, send) => {
      await send({ type: "websocket.accept" });
      await send({ type: "websocket.send", bytes: new TextEncoder().encode("123") });
    },
  });
  await serve(app, {}, async (url) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    expect(await nextMessage(ws)).toEqual(Buffer.from("123"));
    ws.close();
    await closed(ws);
  });
});

test("test_send_and_close_connection", async () => {
  const app = websocketResponse({
    connect: async (_s, send) => {
      await send({ type: "websocket.accept" });
      await send({ type: "websocket.send", text: "123" });
      await send({ type: "websocket.close" });
    },
  });
  await serve(app, {}, async (url) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const done = closed(ws);
    expect(await nextMessage(ws)).toBe("123");
    expect((await done).code).toBe(1000);
  });
});

test("test_send_text_data_to_server", async () => {
  const app = websocketResponse({
    connect: (_s, send) => send({ type: "websocket.accept" }),
    receive: (message, send) => send({ type: "websocket.send", text: message["text"] as string }),
  });
  await serve(app, {}, async (url) => {
    const ws = await connect(url);
    ws.send("abc");
    expect(await nextMessage(ws)).toBe("abc");
    ws.close();
    await closed(ws);
  });
});

test("test_send_binary_data_to_server", async () => {
  const app = websocketResponse({
    connect: (_s, send) => send({ type: "websocket.accept" }),
    receive: (message, send) => send({ type: "websocket.send", bytes: message["bytes"] as Uint8Array }),
  });
  await serve(app, {}, async (url) => {
    const ws = await connect(url);
    ws.send(Buffer.from("abc"));
    expect(await nextMessage(ws)).toEqual(Buffer.from("abc"));
    ws.close();
    await closed(ws);
  });
});

test("test_send_after_protocol_close", async () => {
  let error: unknown = null;
  const app = websocketResponse({
    connect: async (_s, send) => {
      await send({ type: "websocket.accept" });
      await send({ type: "websocket.send", text: "123" });
      await send({ type: "websocket.close" });
      error = await send({ type: "websocket.send", text: "123" }).then(() => null, (exc: unknown) => exc);
    },
  });
  await serve(app, {}, async (url) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const done = closed(ws);
    expect(await nextMessage(ws)).toBe("123");
    await done;
    expect(String(error)).toContain("Unexpected ASGI message 'websocket.send', after sending 'websocket.close'.");
  });
});

test("test_missing_handshake", async () => {
  const app: ASGIApp = async () => {};
  await serve(app, {}, async (url) => {
    const error = (await connect(url).catch((exc: unknown) => exc)) as { response?: IncomingMessage; body?: Buffer };
    expect(error.response?.statusCode).toBe(500);
    expect(error.body?.toString()).toBe("Internal Server Error");
  });
});

test("test_send_before_handshake", async () => {
  const app: ASGIApp = async (_scope, _receive, send) => {
    await send({ type: "websocket.send", text: "123" });
  };
  await serve(app, {}, async (url) => {
    const error = (await connect(url).catch((exc: unknown) => exc)) as { response?: IncomingMessage };
    expect(error.response?.statusCode).toBe(500);
  });
});

test("test_duplicate_handshake", async () => {
  const app: ASGIApp = async (_scope, _receive, send) => {
    await send({ type: "websocket.accept" });
    await send({ type: "websocket.accept" });
  };
  await serve(app, {}, async (url) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    expect((await closed(ws)).code).toBe(1006);
  });
});

test("test_asgi_return_value", async () => {
  const app = (async (_scope: Scope, _receive: Receive, send: Send) => {
    await send({ type: "websocket.accept" });
    return 123;
  }) as unknown as ASGIApp;
  await serve(app, {}, async (url) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    expect((await closed(ws)).code).toBe(1006);
  });
});

test("test_close_transport_on_asgi_return", async () => {
  const app: ASGIApp = async (_scope, receive, send) => {
    const message = await receive();
    if (message.type === "websocket.connect") await send({ type: "websocket.accept" });
  };
  await serve(app, {}, async (url) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    expect((await closed(ws)).code).toBe(1006);
  });
});

for (const code of [null, 1000, 1001]) {
  for (const [id, reason] of [["none_as_reason", null], ["normal_reason", "test"], ["without_reason", false]] as const) {
    test(`test_app_close[${id}-${code}]`, async () => {
      const app = websocketResponse({
        connect: (_s, send) => send({ type: "websocket.accept" }),
        receive: async (_m, send) => {
          const reply: Message = { type: "websocket.close" };
          if (code !== null) reply["code"] = code;
          if (reason !== false) reply["reason"] = reason;
          await send(reply as never);
        },
      });
      await serve(app, {}, async (url) => {
        const ws = await connect(url);
        const done = closed(ws);
        ws.ping();
        ws.send("abc");
        const { code: gotCode, reason: gotReason } = await done;
        expect(gotCode).toBe(code ?? 1000);
        expect(gotReason).toBe(reason || "");
      });
    });
  }
}

test("test_client_close", async () => {
  const disconnect = deferred<Message>();
  const app = websocketResponse({
    connect: (_s, send) => send({ type: "websocket.accept" }),
    disconnect: (message) => disconnect.resolve(message),
  });
  await serve(app, {}, async (url) => {
    const ws = await connect(url);
    ws.ping();
    ws.send("abc");
    ws.close(1001, "custom reason");
    expect(await disconnect.promise).toEqual({ type: "websocket.disconnect", code: 1001, reason: "custom reason" });
  });
});

test("test_client_connection_lost", async () => {
  const disconnect = deferred<Message>();
  const app = websocketResponse({
    connect: (_s, send) => send({ type: "websocket.accept" }),
    disconnect: (message) => disconnect.resolve(message),
  });
  await serve(app, { wsPingInterval: 0 }, async (url) => {
    const ws = await connect(url);
    ws.terminate();
    // A dropped TCP connection after the handshake: 1005, as uvicorn reports it.
    expect(await disconnect.promise).toEqual({ type: "websocket.disconnect", code: 1005 });
  });
});

test("test_client_connection_lost_on_send", async () => {
  const gone = deferred();
  const result = deferred<unknown>();
  const app: ASGIApp = async (_scope, receive, send) => {
    const message = await receive();
    if (message.type === "websocket.connect") await send({ type: "websocket.accept" });
    await gone.promise;
    result.resolve(await send({ type: "websocket.send", text: "123" }).then(() => null, (exc: unknown) => exc));
  };
  await serve(app, {}, async (url) => {
    const ws = await connect(url);
    ws.close();
    await closed(ws);
    gone.resolve();
    const error = await result.promise;
    expect((error as Error).name).toBe("ClientDisconnected");
  });
});

test("test_connection_lost_before_handshake_complete", async () => {
  const disconnect = deferred<WebSocketReceiveMessage>();
  const connected = deferred();
  const app: ASGIApp = async (_scope, receive) => {
    await receive();
    connected.resolve();
    disconnect.resolve((await receive()) as WebSocketReceiveMessage);
  };
  await serve(app, {}, async (_url, port) => {
    const client = await RawClient.open(port);
    client.socket.write(HANDSHAKE());
    await connected.promise;
    client.socket.destroy();
    expect(await disconnect.promise).toEqual({ type: "websocket.disconnect", code: 1006 });
  });
});

test("test_send_close_on_server_shutdown", async () => {
  const disconnect = deferred<Message>();
  const app = websocketResponse({
    connect: (_s, send) => send({ type: "websocket.accept" }),
    disconnect: (message) => disconnect.resolve(message),
  });
  let done!: Promise<{ code: number; reason: string }>;
  let before: Message | null = null;
  await withServer(app, {}, async (server) => {
    const ws = await connect(`ws://127.0.0.1:${server.port}`);
    done = closed(ws);
    before = await Promise.race([disconnect.promise, Promise.resolve(null)]);
  });
  expect((await done).code).toBe(1012);
  expect(before).toBe(null);
  expect(await disconnect.promise).toEqual({ type: "websocket.disconnect", code: 1012 });
});

for (const subprotocol of ["proto1", "proto2"]) {
  test(`test_subprotocols[${subprotocol}]`, async () => {
    let advertised: string[] = [];
    const app = websocketResponse({
      connect: async (scope, send) => {
        advertised = [...(scope.subprotocols as string[])];
        await send({ type: "websocket.accept", subprotocol });
      },
    });
    await serve(app, {}, async (url) => {
      const ws = await connect(url, {}, ["proto1", "proto2"]);
      expect(ws.protocol).toBe(subprotocol);
      expect(advertised).toEqual(["proto1", "proto2"]);
      ws.close();
      await closed(ws);
    });
  });
}

const MAX_WS_BYTES = 1024 * 1024 * 16;
for (const [id, sent, max, expected] of [
  ["max=defaults sent=defaults", MAX_WS_BYTES, MAX_WS_BYTES, 0],
  ["max=defaults sent=defaults+1", MAX_WS_BYTES + 1, MAX_WS_BYTES, 1009],
  ["max=10 sent=10", 10, 10, 0],
  ["max=10 sent=11", 11, 10, 1009],
] as const) {
  test(`test_send_binary_data_to_server_bigger_than_default_on_websockets[${id}]`, async () => {
    const disconnectCode = deferred<number>();
    const app = websocketResponse({
      connect: (_s, send) => send({ type: "websocket.accept" }),
      receive: (message, send) => send({ type: "websocket.send", bytes: message["bytes"] as Uint8Array }),
      disconnect: (message) => disconnectCode.resolve(message["code"] as number),
    });
    await serve(app, { wsMaxSize: max }, async (url) => {
      const ws = await connect(url, { maxPayload: 0 });
      const payload = Buffer.alloc(sent, 1);
      ws.send(payload);
      if (expected === 0) {
        const data = (await nextMessage(ws)) as Buffer;
        expect(data.length).toBe(sent);
        expect(data.equals(payload)).toBe(true);
        ws.close();
        await closed(ws);
      } else {
        await closed(ws);
        expect(await disconnectCode.promise).toBe(expected);
      }
    });
  });
}

/** A masked client frame, written by hand. */
function frame(opcode: number, payload: Buffer | string, fin = true): Buffer {
  const data = typeof payload === "string" ? Buffer.from(payload) : payload;
  const n = data.length;
  const head = n < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | n]) : Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | 126, n >> 8, n & 255]);
  const mask = Buffer.from([9, 8, 7, 6]);
  return Buffer.concat([head, mask, Buffer.from(data.map((c, i) => c ^ (mask[i & 3] as number)))]);
}

test("test_fragmented_message_exceeding_max_size", async () => {
  await serve(acceptApp, { wsMaxSize: 2048 }, async (url) => {
    const ws = await connect(url);
    const done = closed(ws);
    const payload = Buffer.alloc(1024, 0x41);
    for (let i = 0; i < 64; i++) ws.send(payload, { fin: i === 63, binary: true });
    expect((await done).code).toBe(1009);
  });
});

for (const opcode of ["TEXT", "BINARY"] as const) {
  test(`test_fragmented_message_reassembly[${opcode}]`, async () => {
    const received = deferred<unknown>();
    const app: ASGIApp = async (scope, receive, send) => {
      expect(scope.type).toBe("websocket");
      expect((await receive()).type).toBe("websocket.connect");
      await send({ type: "websocket.accept" });
      const message = (await receive()) as Message;
      expect(message.type).toBe("websocket.receive");
      received.resolve(opcode === "TEXT" ? message["text"] : message["bytes"]);
      await send({ type: "websocket.close" });
    };
    await serve(app, {}, async (url) => {
      const ws = await connect(url);
      const fragment = opcode === "TEXT" ? "A".repeat(512) : Buffer.alloc(512, 0x41);
      for (let i = 0; i < 6; i++) ws.send(fragment, { fin: i === 5, binary: opcode === "BINARY" });
      await closed(ws);
      const got = await received.promise;
      if (opcode === "TEXT") expect(got).toBe("A".repeat(512 * 6));
      else expect(Buffer.from(got as Uint8Array).equals(Buffer.alloc(512 * 6, 0x41))).toBe(true);
    });
  });
}

test("test_server_reject_connection", async () => {
  const disconnected = deferred<unknown>();
  const app: ASGIApp = async (scope, receive, send) => {
    expect(scope.type).toBe("websocket");
    expect((await receive()).type).toBe("websocket.connect");
    await send({ type: "websocket.close" });
    disconnected.resolve(await receive());
  };
  await serve(app, {}, async (url) => {
    const error = (await connect(url).catch((exc: unknown) => exc)) as { response?: IncomingMessage };
    expect(error.response?.statusCode).toBe(403);
  });
  expect(await disconnected.promise).toEqual({ type: "websocket.disconnect", code: 1006 });
});

/** uvicorn's `wsresponse`: a plain HTTP GET carrying the upgrade headers; the answer read as HTTP. */
async function wsresponse(port: number) {
  const client = await RawClient.open(port);
  client.socket.write(
    "GET / HTTP/1.1\r\nHost: x\r\nconnection: upgrade\r\nupgrade: websocket\r\n" +
      "Sec-WebSocket-Key: x3JJHMbDL1EzLkh9GBhXDw==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  );
  const response = await client.readResponse();
  client.socket.destroy();
  return response;
}

function header(response: { headers: Array<[string, string]> }, name: string): string | undefined {
  return response.headers.find(([n]) => n.toLowerCase() === name)?.[1];
}

test("test_server_reject_connection_with_response", async () => {
  const disconnected = deferred<unknown>();
  const app: ASGIApp = async (scope, receive, send) => {
    expect(scope.extensions).toHaveProperty(["websocket.http.response"]);
    expect((await receive()).type).toBe("websocket.connect");
    await send({ type: "websocket.http.response.start", status: 400, headers: [["content-length", "7"]] });
    await send({ type: "websocket.http.response.body", body: new TextEncoder().encode("goodbye") });
    disconnected.resolve(await receive());
  };
  await serve(app, {}, async (_url, port) => {
    const response = await wsresponse(port);
    expect(response.status).toBe(400);
    expect(response.body.toString()).toBe("goodbye");
  });
  expect(await disconnected.promise).toEqual({ type: "websocket.disconnect", code: 1006 });
});

test("test_server_reject_connection_with_multibody_response", async () => {
  const disconnected = deferred<unknown>();
  const app: ASGIApp = async (_scope, receive, send) => {
    expect((await receive()).type).toBe("websocket.connect");
    await send({
      type: "websocket.http.response.start",
      status: 400,
      headers: [["Content-Length", "20"], ["Content-Type", "text/plain"]],
    });
    await send({ type: "websocket.http.response.body", body: Buffer.alloc(10, "x"), more_body: true });
    await send({ type: "websocket.http.response.body", body: Buffer.alloc(10, "y") });
    disconnected.resolve(await receive());
  };
  await serve(app, {}, async (_url, port) => {
    const response = await wsresponse(port);
    expect(response.status).toBe(400);
    expect(response.body.toString()).toBe("x".repeat(10) + "y".repeat(10));
  });
  expect(await disconnected.promise).toEqual({ type: "websocket.disconnect", code: 1006 });
});

test("test_server_reject_connection_with_invalid_status", async () => {
  const app: ASGIApp = async (_scope, receive, send) => {
    expect((await receive()).type).toBe("websocket.connect");
    await send({
      type: "websocket.http.response.start",
      status: 700,
      headers: [["Content-Length", "0"], ["Content-Type", "text/plain"]],
    });
  };
  await serve(app, {}, async (_url, port) => {
    const response = await wsresponse(port);
    expect(response.status).toBe(500);
    expect(response.body.toString()).toBe("Internal Server Error");
    expect(header(response, "content-length")).toBe("21");
    expect(header(response, "connection")).toBe("close");
  });
});

test("test_server_reject_connection_with_body_nolength", async () => {
  const app: ASGIApp = async (_scope, receive, send) => {
    expect((await receive()).type).toBe("websocket.connect");
    await send({ type: "websocket.http.response.start", status: 403, headers: [] });
    await send({ type: "websocket.http.response.body", body: new TextEncoder().encode("hardbody") });
  };
  await serve(app, {}, async (_url, port) => {
    const response = await wsresponse(port);
    expect(response.status).toBe(403);
    expect(response.body.toString()).toBe("hardbody");
    expect(header(response, "content-length")).toBe("8");
  });
});

test("test_server_can_read_messages_in_buffer_after_close", async () => {
  const frames: string[] = [];
  const disconnect = deferred<Message>();
  const accepted = deferred();
  const release = deferred();
  const app = websocketResponse({
    connect: async (_s, send) => {
      await send({ type: "websocket.accept" });
      accepted.resolve();
      // Read nothing until the client's close frame is in: the messages before it still arrive.
      await release.promise;
    },
    receive: async (message) => void frames.push(Buffer.from(message["bytes"] as Uint8Array).toString()),
    disconnect: (message) => disconnect.resolve(message),
  });
  await serve(app, {}, async (url) => {
    const ws = await connect(url);
    await accepted.promise;
    const done = closed(ws);
    for (let i = 0; i < 3; i++) ws.send(Buffer.from("abc"));
    ws.close(1000);
    release.resolve();
    expect((await done).code).toBe(1000);
    expect(await disconnect.promise).toEqual({ type: "websocket.disconnect", code: 1000, reason: "" });
  });
  expect(frames).toEqual(["abc", "abc", "abc"]);
});

test("test_shutdown_waits_for_app_task_to_complete", async () => {
  let appCompleted = false;
  const disconnected = deferred();
  const app: ASGIApp = async (_scope, receive, send) => {
    expect((await receive()).type).toBe("websocket.connect");
    await send({ type: "websocket.accept" });
    expect((await receive()).type).toBe("websocket.disconnect");
    disconnected.resolve();
    await new Promise((resolve) => setTimeout(resolve, 300));
    appCompleted = true;
  };
  await serve(app, {}, async (url) => {
    const ws = await connect(url);
    ws.close();
    await disconnected.promise;
  });
  expect(appCompleted).toBe(true);
});

test("test_frame_after_close_handshake_is_ignored", async () => {
  await serve(acceptApp, {}, async (url, port) => {
    const client = await RawClient.open(port);
    client.socket.write(HANDSHAKE());
    expect(await client.waitForBytes("\r\n\r\n")).toBe(true);
    client.socket.write(Buffer.concat([frame(8, Buffer.from([0x03, 0xe8])), Buffer.from([0x8a, 0x80, 0, 0, 0, 0])]));
    expect(await client.waitClosed(10_000)).toBe(true);
    // The server is unharmed and serves the next client.
    const ws = await connect(url);
    ws.close();
    await closed(ws);
  });
});

test("test_default_server_headers", async () => {
  await serve(acceptApp, {}, async (url) => {
    const upgrade = deferred<IncomingMessage>();
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once("upgrade", (res) => upgrade.resolve(res));
    const res = await upgrade.promise;
    expect(res.headers["server"]).toBe("mono");
    expect(res.headers["date"]).toBeDefined();
    ws.close();
    await closed(ws);
  });
});

test("test_no_server_headers", async () => {
  await serve(acceptApp, { serverHeader: false }, async (url) => {
    const upgrade = deferred<IncomingMessage>();
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once("upgrade", (res) => upgrade.resolve(res));
    expect((await upgrade.promise).headers["server"]).toBeUndefined();
    ws.close();
    await closed(ws);
  });
});

test("test_multiple_server_header", async () => {
  const app = websocketResponse({
    connect: (_s, send) =>
      send({ type: "websocket.accept", headers: [["Server", "over-ridden"], ["Server", "another-value"]] }),
  });
  await serve(app, {}, async (url) => {
    const upgrade = deferred<IncomingMessage>();
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once("upgrade", (res) => upgrade.resolve(res));
    const raw = (await upgrade.promise).rawHeaders;
    const servers = raw.filter((_v, i) => i % 2 === 1 && raw[i - 1]?.toLowerCase() === "server");
    expect(servers).toEqual(["mono", "over-ridden", "another-value"]);
    ws.close();
    await closed(ws);
  });
});

test("test_lifespan_state", async () => {
  const actualStates: unknown[] = [];
  const app: ASGIApp = async (scope, receive, send) => {
    if (scope.type === "lifespan") {
      await receive();
      const state = scope.state as Record<string, unknown>;
      state["a"] = 123;
      state["b"] = [1];
      await send({ type: "lifespan.startup.complete" });
      await receive();
      await send({ type: "lifespan.shutdown.complete" });
      return;
    }
    return websocketResponse({
      connect: async (s, sendWs) => {
        const state = s.state as { a: number; b: number[] };
        actualStates.push(structuredClone(state));
        state.a = 456;
        state.b.push(2);
        await sendWs({ type: "websocket.accept" });
      },
    })(scope, receive, send);
  };
  await serve(app, { lifespan: "on" }, async (url) => {
    for (let i = 0; i < 2; i++) {
      const ws = await connect(url);
      ws.close();
      await closed(ws);
    }
  });
  expect(actualStates).toEqual([
    { a: 123, b: [1] },
    { a: 123, b: [1, 2] },
  ]);
});

const loopApp = websocketResponse({ connect: (_s, send) => send({ type: "websocket.accept" }) });

test("test_server_keepalive_ping_pong", async () => {
  await serve(loopApp, { wsPingInterval: 0.1, wsPingTimeout: 5 }, async (url) => {
    const ws = await connect(url);
    // The client answers pings; after two of them the connection is still open.
    for (let i = 0; i < 2; i++) await new Promise((resolve) => ws.once("ping", resolve));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
    await closed(ws);
  });
});

test("test_server_keepalive_ping_timeout", async () => {
  await serve(loopApp, { wsPingInterval: 0.1, wsPingTimeout: 0.1 }, async (url) => {
    // A client that never answers pings.
    const ws = await connect(url, { autoPong: false });
    expect(await closed(ws)).toEqual({ code: 1011, reason: "keepalive ping timeout" });
  });
});

test("test_server_keepalive_disabled", async () => {
  await serve(loopApp, { wsPingInterval: null }, async (url) => {
    const ws = await connect(url, { autoPong: false });
    let pinged = false;
    ws.on("ping", () => (pinged = true));
    // A message round trip through a server whose pings would have been due long before.
    const echo = await serve(loopApp, { wsPingInterval: 0.01 }, async (url2) => {
      const other = await connect(url2);
      await new Promise((resolve) => other.once("ping", resolve));
      other.close();
      await closed(other);
      return true;
    });
    expect(echo).toBe(true);
    expect(pinged).toBe(false);
    ws.close();
    await closed(ws);
  });
});
