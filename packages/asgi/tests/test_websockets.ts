// Port of Starlette 1.7.0 tests/test_websockets.py, test for test with the same names, through the TestClient.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect, test } from "vitest";

import { decodeUTF8, encodeUTF8 } from "../src/bytes.js";
import { FileResponse, Response, StreamingResponse } from "../src/responses.js";
import { WS_1000_NORMAL_CLOSURE, WS_1001_GOING_AWAY, WS_1006_ABNORMAL_CLOSURE } from "../src/status.js";
import { TestClient, WebSocketDenialResponse } from "../src/testclient.js";
import type { ASGIApp, ReceiveMessage, SendMessage } from "../src/types.js";
import { WebSocket, WebSocketDisconnect, WebSocketDisconnected, WebSocketState } from "../src/websockets.js";
import { websocketScope } from "./http_calls.js";

const utf8 = (text: string): Uint8Array => encodeUTF8(text);

/** What `websocketConnect` threw (the session must not open). */
async function refused(app: ASGIApp, url = "/"): Promise<unknown> {
  return new TestClient(app).websocketConnect(url).then(
    () => {
      throw new Error("the handshake succeeded");
    },
    (exc: unknown) => exc,
  );
}

/** What the session's exit threw: the app's error after an accepted handshake. */
async function failedAfterAccept(app: ASGIApp, during?: (session: Awaited<ReturnType<TestClient["websocketConnect"]>>) => void): Promise<unknown> {
  const session = await new TestClient(app).websocketConnect("/");
  during?.(session);
  return session.exit().then(
    () => {
      throw new Error("the app did not fail");
    },
    (exc: unknown) => exc,
  );
}

test("test_websocket_url", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    await websocket.sendJson({ url: String(websocket.url) });
    await websocket.close();
  };
  await using websocket = await new TestClient(app).websocketConnect("/123?a=abc");
  expect(await websocket.receiveJson()).toEqual({ url: "ws://testserver/123?a=abc" });
});

test("test_websocket_binary_json", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    const message = await websocket.receiveJson("binary");
    await websocket.sendJson(message, "binary");
    await websocket.close();
  };
  await using websocket = await new TestClient(app).websocketConnect("/123?a=abc");
  websocket.sendJson({ test: "data" }, "binary");
  expect(await websocket.receiveJson("binary")).toEqual({ test: "data" });
});

test("test_websocket_ensure_unicode_on_send_json", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    const message = await websocket.receiveJson("text");
    await websocket.sendJson(message, "text");
    await websocket.close();
  };
  await using websocket = await new TestClient(app).websocketConnect("/123?a=abc");
  websocket.sendJson({ test: "数据" }, "text");
  expect(await websocket.receiveText()).toBe('{"test":"数据"}');
});

test("test_websocket_query_params", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    const queryParams = Object.fromEntries(websocket.queryParams.items());
    await websocket.accept();
    await websocket.sendJson({ params: queryParams });
    await websocket.close();
  };
  await using websocket = await new TestClient(app).websocketConnect("/?a=abc&b=456");
  expect(await websocket.receiveJson()).toEqual({ params: { a: "abc", b: "456" } });
});

test("test_websocket_headers", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    const headers = Object.fromEntries(websocket.headers.items());
    await websocket.accept();
    await websocket.sendJson({ headers });
    await websocket.close();
  };
  await using websocket = await new TestClient(app).websocketConnect("/");
  // httpx 0.28 without zstandard installed offers "gzip, deflate", as our TestClient does.
  expect(await websocket.receiveJson()).toEqual({
    headers: {
      accept: "*/*",
      "accept-encoding": "gzip, deflate",
      connection: "upgrade",
      host: "testserver",
      "user-agent": "testclient",
      "sec-websocket-key": "testserver==",
      "sec-websocket-version": "13",
    },
  });
});

test("test_websocket_port", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    await websocket.sendJson({ port: websocket.url.port });
    await websocket.close();
  };
  await using websocket = await new TestClient(app).websocketConnect("ws://example.com:123/123?a=abc");
  expect(await websocket.receiveJson()).toEqual({ port: 123 });
});

test("test_websocket_send_and_receive_text", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    const data = await websocket.receiveText();
    await websocket.sendText("Message was: " + data);
    await websocket.close();
  };
  await using websocket = await new TestClient(app).websocketConnect("/");
  websocket.sendText("Hello, world!");
  expect(await websocket.receiveText()).toBe("Message was: Hello, world!");
});

test("test_websocket_send_and_receive_bytes", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    const data = await websocket.receiveBytes();
    await websocket.sendBytes(utf8("Message was: " + decodeUTF8(data)));
    await websocket.close();
  };
  await using websocket = await new TestClient(app).websocketConnect("/");
  websocket.sendBytes(utf8("Hello, world!"));
  expect(await websocket.receiveBytes()).toEqual(utf8("Message was: Hello, world!"));
});

test("test_websocket_send_and_receive_json", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    const data = await websocket.receiveJson();
    await websocket.sendJson({ message: data });
    await websocket.close();
  };
  await using websocket = await new TestClient(app).websocketConnect("/");
  websocket.sendJson({ hello: "world" });
  expect(await websocket.receiveJson()).toEqual({ message: { hello: "world" } });
});

test("test_websocket_iter_text", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    for await (const data of websocket.iterText()) await websocket.sendText("Message was: " + data);
  };
  await using websocket = await new TestClient(app).websocketConnect("/");
  websocket.sendText("Hello, world!");
  expect(await websocket.receiveText()).toBe("Message was: Hello, world!");
});

test("test_websocket_iter_bytes", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    for await (const data of websocket.iterBytes()) await websocket.sendBytes(utf8("Message was: " + decodeUTF8(data)));
  };
  await using websocket = await new TestClient(app).websocketConnect("/");
  websocket.sendBytes(utf8("Hello, world!"));
  expect(await websocket.receiveBytes()).toEqual(utf8("Message was: Hello, world!"));
});

test("test_websocket_iter_json", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    for await (const data of websocket.iterJson()) await websocket.sendJson({ message: data });
  };
  await using websocket = await new TestClient(app).websocketConnect("/");
  websocket.sendJson({ hello: "world" });
  expect(await websocket.receiveJson()).toEqual({ message: { hello: "world" } });
});

test("test_websocket_concurrency_pattern", async () => {
  // A reader task feeds a queue that the writer drains, as Starlette's memory object stream does.
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    const queue: unknown[] = [];
    let wake = (): void => {};
    let done = false;
    const reader = (async () => {
      for await (const data of websocket.iterJson()) {
        queue.push(data);
        wake();
      }
      done = true;
      wake();
    })();
    for (;;) {
      while (queue.length > 0) await websocket.sendJson(queue.shift());
      if (done) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    await reader;
    await websocket.close();
  };
  await using websocket = await new TestClient(app).websocketConnect("/");
  websocket.sendJson({ hello: "world" });
  expect(await websocket.receiveJson()).toEqual({ hello: "world" });
});

test("test_client_close", async () => {
  let closeCode: number | null = null;
  let closeReason: string | null = null;
  let finished!: () => void;
  const appDone = new Promise<void>((resolve) => (finished = resolve));
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    try {
      await websocket.receiveText();
    } catch (exc: unknown) {
      if (!(exc instanceof WebSocketDisconnect)) throw exc;
      closeCode = exc.code;
      closeReason = exc.reason;
    }
    finished();
  };
  const websocket = await new TestClient(app).websocketConnect("/");
  websocket.close(WS_1001_GOING_AWAY, "Going Away");
  await websocket.exit();
  await appDone;
  expect([closeCode, closeReason]).toEqual([WS_1001_GOING_AWAY, "Going Away"]);
});

test("test_client_disconnect_on_send", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    await websocket.sendText("Hello, world!");
  };
  const receive = async (): Promise<ReceiveMessage> => ({ type: "websocket.connect" });
  const send = async (message: SendMessage): Promise<void> => {
    if (message.type === "websocket.accept") return;
    // The error a server's send gives once the client has gone (Python's OSError; here a Node errno error).
    throw Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
  };
  const exc = await app(websocketScope({ path: "/" }), receive, send).catch((error: unknown) => error);
  expect(exc).toBeInstanceOf(WebSocketDisconnect);
  expect((exc as WebSocketDisconnect).code).toBe(WS_1006_ABNORMAL_CLOSURE);

  // uvicorn's ClientDisconnected (an OSError), as @mono/server throws it, is a disconnect too.
  class ClientDisconnected extends Error {
    override name = "ClientDisconnected";
  }
  const serverSend = async (message: SendMessage): Promise<void> => {
    if (message.type !== "websocket.accept") throw new ClientDisconnected();
  };
  const fromServer = await app(websocketScope({ path: "/" }), receive, serverSend).catch((error: unknown) => error);
  expect((fromServer as WebSocketDisconnect).code).toBe(WS_1006_ABNORMAL_CLOSURE);

  // Any other error of the server's send is the app's to see, as it is.
  const other = new TypeError("not a disconnect");
  const failingSend = async (message: SendMessage): Promise<void> => {
    if (message.type !== "websocket.accept") throw other;
  };
  expect(await app(websocketScope({ path: "/" }), receive, failingSend).catch((error: unknown) => error)).toBe(other);
});

test("test_application_close", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    await websocket.close(WS_1001_GOING_AWAY);
  };
  await using websocket = await new TestClient(app).websocketConnect("/");
  const exc = await websocket.receiveText().catch((error: unknown) => error);
  expect(exc).toBeInstanceOf(WebSocketDisconnect);
  expect((exc as WebSocketDisconnect).code).toBe(WS_1001_GOING_AWAY);
});

test("test_rejected_connection", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    const msg = await websocket.receive();
    expect(msg).toEqual({ type: "websocket.connect" });
    await websocket.close(WS_1001_GOING_AWAY);
  };
  const exc = await refused(app);
  expect(exc).toBeInstanceOf(WebSocketDisconnect);
  expect((exc as WebSocketDisconnect).code).toBe(WS_1001_GOING_AWAY);
});

test("test_send_denial_response", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    const msg = await websocket.receive();
    expect(msg).toEqual({ type: "websocket.connect" });
    await websocket.sendDenialResponse(new Response("foo", { status: 404 }));
  };
  const exc = await refused(app);
  expect(exc).toBeInstanceOf(WebSocketDenialResponse);
  expect((exc as WebSocketDenialResponse).status).toBe(404);
  expect((exc as WebSocketDenialResponse).content).toEqual(utf8("foo"));
});

test("test_send_denial_response_with_streaming_response", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    const message = await websocket.receive();
    expect(message).toEqual({ type: "websocket.connect" });
    async function* content(): AsyncGenerator<Uint8Array> {
      yield utf8("hello");
      yield utf8("world");
    }
    await websocket.sendDenialResponse(new StreamingResponse(content(), { status: 403 }));
  };
  const exc = await refused(app);
  expect(exc).toBeInstanceOf(WebSocketDenialResponse);
  expect((exc as WebSocketDenialResponse).status).toBe(403);
  expect((exc as WebSocketDenialResponse).content).toEqual(utf8("helloworld"));
});

test("test_send_denial_response_with_file_response", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mono-ws-denial-"));
  try {
    const filePath = join(dir, "denial.txt");
    await writeFile(filePath, "test content");
    const app: ASGIApp = async (scope, receive, send) => {
      const websocket = new WebSocket(scope, receive, send);
      const msg = await websocket.receive();
      expect(msg).toEqual({ type: "websocket.connect" });
      await websocket.sendDenialResponse(new FileResponse(filePath, { status: 401 }));
    };
    const exc = await refused(app);
    expect(exc).toBeInstanceOf(WebSocketDenialResponse);
    expect((exc as WebSocketDenialResponse).status).toBe(401);
    expect((exc as WebSocketDenialResponse).content).toEqual(utf8("test content"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("test_send_response_multi", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    const msg = await websocket.receive();
    expect(msg).toEqual({ type: "websocket.connect" });
    await websocket.send({
      type: "websocket.http.response.start",
      status: 404,
      headers: [
        ["content-type", "text/plain"],
        ["foo", "bar"],
      ],
    });
    await websocket.send({ type: "websocket.http.response.body", body: utf8("hard"), more_body: true });
    await websocket.send({ type: "websocket.http.response.body", body: utf8("body") });
  };
  const exc = (await refused(app)) as WebSocketDenialResponse;
  expect(exc).toBeInstanceOf(WebSocketDenialResponse);
  expect(exc.status).toBe(404);
  expect(exc.content).toEqual(utf8("hardbody"));
  expect(exc.response.headers.get("foo")).toBe("bar");
});

test("test_send_response_unsupported", async () => {
  let raised: unknown = null;
  const app: ASGIApp = async (scope, receive, send) => {
    delete (scope.extensions as Record<string, unknown>)["websocket.http.response"];
    const websocket = new WebSocket(scope, receive, send);
    const msg = await websocket.receive();
    expect(msg).toEqual({ type: "websocket.connect" });
    raised = await websocket.sendDenialResponse(new Response("foo", { status: 404 })).catch((exc: unknown) => exc);
    await websocket.close();
  };
  const exc = await refused(app);
  expect(String(raised)).toMatch("The server doesn't support the Websocket Denial Response extension.");
  expect(exc).toBeInstanceOf(WebSocketDisconnect);
  expect((exc as WebSocketDisconnect).code).toBe(WS_1000_NORMAL_CLOSURE);
});

test("test_send_response_duplicate_start", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    const msg = await websocket.receive();
    expect(msg).toEqual({ type: "websocket.connect" });
    const response = new Response("foo", { status: 404 });
    await websocket.send({ type: "websocket.http.response.start", status: response.statusCode, headers: response.rawHeaders });
    await websocket.send({ type: "websocket.http.response.start", status: response.statusCode, headers: response.rawHeaders });
  };
  const exc = await refused(app);
  expect(exc).toBeInstanceOf(Error);
  expect((exc as Error).message).toBe(`Expected ASGI message "websocket.http.response.body", but got 'websocket.http.response.start'`);
});

test("test_subprotocol", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    expect(websocket.scope.subprotocols).toEqual(["soap", "wamp"]);
    await websocket.accept("wamp");
    await websocket.close();
  };
  await using websocket = await new TestClient(app).websocketConnect("/", { subprotocols: ["soap", "wamp"] });
  expect(websocket.acceptedSubprotocol).toBe("wamp");
});

test("test_additional_headers", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept(null, [["additional", "header"]]);
    await websocket.close();
  };
  await using websocket = await new TestClient(app).websocketConnect("/");
  expect(websocket.extraHeaders).toEqual([["additional", "header"]]);
});

test("test_no_additional_headers", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    await websocket.close();
  };
  await using websocket = await new TestClient(app).websocketConnect("/");
  expect(websocket.extraHeaders).toEqual([]);
});

test("test_websocket_exception", async () => {
  class Failed extends Error {}
  const app: ASGIApp = async () => {
    throw new Failed("assert False");
  };
  expect(await refused(app, "/123?a=abc")).toBeInstanceOf(Failed);
});

test("test_duplicate_close", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    await websocket.close();
    await websocket.close();
  };
  const exc = await failedAfterAccept(app);
  expect(exc).toBeInstanceOf(WebSocketDisconnected);
  expect((exc as Error).message).toBe('Cannot call "send" once a close message has been sent.');
});

test("test_duplicate_disconnect", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    const message = await websocket.receive();
    expect(message.type).toBe("websocket.disconnect");
    await websocket.receive();
  };
  const exc = await failedAfterAccept(app);
  expect(exc).toBeInstanceOf(WebSocketDisconnected);
  expect((exc as Error).message).toBe('Cannot call "receive" once a disconnect message has been received.');
});

test("test_websocket_scope_interface", () => {
  // Starlette's WebSocket is a Mapping over its scope; here the scope is `websocket.scope`, kept as given.
  const mockReceive = async (): Promise<ReceiveMessage> => ({ type: "websocket.connect" });
  const mockSend = async (): Promise<void> => {};
  const scope = websocketScope({ path: "/abc/" });
  const websocket = new WebSocket(scope, mockReceive, mockSend);
  expect(websocket.scope).toBe(scope);
  expect(websocket.scope.type).toBe("websocket");
  expect(websocket).not.toBe(new WebSocket(websocketScope({ path: "/abc/" }), mockReceive, mockSend));
  expect(new Set([websocket]).has(websocket)).toBe(true);
  expect(() => new WebSocket({ ...scope, type: "http" } as never, mockReceive, mockSend)).toThrow(TypeError);
});

test("test_websocket_close_reason", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    await websocket.close(WS_1001_GOING_AWAY, "Going Away");
  };
  await using websocket = await new TestClient(app).websocketConnect("/");
  const exc = await websocket.receiveText().catch((error: unknown) => error);
  expect(exc).toBeInstanceOf(WebSocketDisconnect);
  expect([(exc as WebSocketDisconnect).code, (exc as WebSocketDisconnect).reason]).toEqual([WS_1001_GOING_AWAY, "Going Away"]);
});

test("test_send_json_invalid_mode", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    await websocket.sendJson({}, "invalid" as "text");
  };
  expect(String(await failedAfterAccept(app))).toMatch('The "mode" argument should be "text" or "binary".');
});

test("test_receive_json_invalid_mode", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    await websocket.receiveJson("invalid" as "text");
  };
  expect(String(await failedAfterAccept(app))).toMatch('The "mode" argument should be "text" or "binary".');
});

const NOT_CONNECTED = 'WebSocket is not connected. Need to call "accept" first.';

test("test_receive_text_before_accept", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    await new WebSocket(scope, receive, send).receiveText();
  };
  const exc = await refused(app);
  expect(exc).toBeInstanceOf(WebSocketDisconnected);
  expect((exc as Error).message).toBe(NOT_CONNECTED);
});

test("test_receive_bytes_before_accept", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    await new WebSocket(scope, receive, send).receiveBytes();
  };
  const exc = await refused(app);
  expect(exc).toBeInstanceOf(WebSocketDisconnected);
  expect((exc as Error).message).toBe(NOT_CONNECTED);
});

test("test_receive_json_before_accept", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    await new WebSocket(scope, receive, send).receiveJson();
  };
  const exc = await refused(app);
  expect(exc).toBeInstanceOf(WebSocketDisconnected);
  expect((exc as Error).message).toBe(NOT_CONNECTED);
});

test("test_send_before_accept", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    await new WebSocket(scope, receive, send).send({ type: "websocket.send" });
  };
  expect(String(await refused(app))).toMatch(
    `Expected ASGI message "websocket.accept", "websocket.close" or "websocket.http.response.start", but got 'websocket.send'`,
  );
});

test("test_send_wrong_message_type", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.send({ type: "websocket.accept" });
    await websocket.send({ type: "websocket.accept" });
  };
  expect(String(await failedAfterAccept(app))).toMatch(
    `Expected ASGI message "websocket.send" or "websocket.close", but got 'websocket.accept'`,
  );
});

test("test_receive_before_accept", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    websocket.clientState = WebSocketState.CONNECTING;
    await websocket.receive();
  };
  const exc = await failedAfterAccept(app, (session) => session.send({ type: "websocket.send" } as unknown as ReceiveMessage));
  expect(String(exc)).toMatch(`Expected ASGI message "websocket.connect", but got 'websocket.send'`);
});

test("test_receive_wrong_message_type", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    await websocket.receive();
  };
  const exc = await failedAfterAccept(app, (session) => session.send({ type: "websocket.connect" }));
  expect(String(exc)).toMatch(`Expected ASGI message "websocket.receive" or "websocket.disconnect", but got 'websocket.connect'`);
});

test("test_receive_text_of_a_binary_message", async () => {
  // Not in Starlette's file: `message["text"]` of a binary message raises KeyError there; here an Error says so.
  const app: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    await websocket.receiveText();
  };
  const exc = await failedAfterAccept(app, (session) => session.sendBytes(utf8("x")));
  expect(String(exc)).toMatch("KeyError: 'text' (a binary message arrived)");
});
