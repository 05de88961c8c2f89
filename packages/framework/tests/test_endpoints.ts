// Ports the WebSocketEndpoint tests of Starlette 1.7.0's tests/test_endpoints.py, test for test with the same
// names (HTTPEndpoint is not ported). The class is given to the TestClient as `WebSocketApp.asgi`.
import { decodeUTF8, encodeUTF8, TestClient, WebSocket, type WebSocketTestSession } from "@mono/asgi";
import { expect, test } from "vitest";
import { WebSocketEndpoint, WebSocketRoute } from "../src/index.js";

/** What the session's exit threw: the endpoint's error once the client spoke. */
async function failsAfter(client: TestClient, speak: (websocket: WebSocketTestSession) => void): Promise<unknown> {
  const websocket = await client.websocketConnect("/ws");
  speak(websocket);
  return websocket.exit().then(
    () => {
      throw new Error("the endpoint did not fail");
    },
    (exc: unknown) => exc,
  );
}

test("test_websocket_endpoint_on_connect", async () => {
  class WebSocketApp extends WebSocketEndpoint {
    override async onConnect(websocket: WebSocket): Promise<void> {
      expect(websocket.scope.subprotocols).toEqual(["soap", "wamp"]);
      await websocket.accept("wamp");
    }
  }
  await using websocket = await new TestClient(WebSocketApp.asgi).websocketConnect("/ws", { subprotocols: ["soap", "wamp"] });
  expect(websocket.acceptedSubprotocol).toBe("wamp");
});

test("test_websocket_endpoint_on_receive_bytes", async () => {
  class WebSocketApp extends WebSocketEndpoint {
    override encoding = "bytes" as const;

    override async onReceive(websocket: WebSocket, data: unknown): Promise<void> {
      await websocket.sendBytes(encodeUTF8("Message bytes was: " + decodeUTF8(data as Uint8Array)));
    }
  }
  const client = new TestClient(WebSocketApp.asgi);
  {
    await using websocket = await client.websocketConnect("/ws");
    websocket.sendBytes(encodeUTF8("Hello, world!"));
    expect(await websocket.receiveBytes()).toEqual(encodeUTF8("Message bytes was: Hello, world!"));
  }
  const exc = await failsAfter(client, (websocket) => websocket.sendText("Hello world"));
  expect(String(exc)).toMatch("Expected bytes websocket messages, but got text");
});

test("test_websocket_endpoint_on_receive_json", async () => {
  class WebSocketApp extends WebSocketEndpoint {
    override encoding = "json" as const;

    override async onReceive(websocket: WebSocket, data: unknown): Promise<void> {
      await websocket.sendJson({ message: data });
    }
  }
  const client = new TestClient(WebSocketApp.asgi);
  {
    await using websocket = await client.websocketConnect("/ws");
    websocket.sendJson({ hello: "world" });
    expect(await websocket.receiveJson()).toEqual({ message: { hello: "world" } });
  }
  const exc = await failsAfter(client, (websocket) => websocket.sendText("Hello world"));
  expect(String(exc)).toMatch("Malformed JSON data received.");
});

test("test_websocket_endpoint_on_receive_json_binary", async () => {
  class WebSocketApp extends WebSocketEndpoint {
    override encoding = "json" as const;

    override async onReceive(websocket: WebSocket, data: unknown): Promise<void> {
      await websocket.sendJson({ message: data }, "binary");
    }
  }
  await using websocket = await new TestClient(WebSocketApp.asgi).websocketConnect("/ws");
  websocket.sendJson({ hello: "world" }, "binary");
  expect(await websocket.receiveJson("binary")).toEqual({ message: { hello: "world" } });
});

test("test_websocket_endpoint_on_receive_text", async () => {
  class WebSocketApp extends WebSocketEndpoint {
    override encoding = "text" as const;

    override async onReceive(websocket: WebSocket, data: unknown): Promise<void> {
      await websocket.sendText(`Message text was: ${String(data)}`);
    }
  }
  const client = new TestClient(WebSocketApp.asgi);
  {
    await using websocket = await client.websocketConnect("/ws");
    websocket.sendText("Hello, world!");
    expect(await websocket.receiveText()).toBe("Message text was: Hello, world!");
  }
  const exc = await failsAfter(client, (websocket) => websocket.sendBytes(encodeUTF8("Hello world")));
  expect(String(exc)).toMatch("Expected text websocket messages, but got bytes");
});

test("test_websocket_endpoint_on_default", async () => {
  class WebSocketApp extends WebSocketEndpoint {
    override encoding = null;

    override async onReceive(websocket: WebSocket, data: unknown): Promise<void> {
      await websocket.sendText(`Message text was: ${String(data)}`);
    }
  }
  await using websocket = await new TestClient(WebSocketApp.asgi).websocketConnect("/ws");
  websocket.sendText("Hello, world!");
  expect(await websocket.receiveText()).toBe("Message text was: Hello, world!");
});

test("test_websocket_endpoint_on_disconnect", async () => {
  const codes: number[] = [];
  class WebSocketApp extends WebSocketEndpoint {
    override async onDisconnect(websocket: WebSocket, closeCode: number): Promise<void> {
      codes.push(closeCode);
      await websocket.close(closeCode);
    }
  }
  const websocket = await new TestClient(WebSocketApp.asgi).websocketConnect("/ws");
  websocket.close(1001);
  expect(await websocket.receive()).toEqual({ type: "websocket.close", code: 1001, reason: "" });
  await websocket.exit();
  expect(codes).toEqual([1001]);
});

test("test_websocket_endpoint_class_in_a_route", async () => {
  // Not in Starlette's file: a WebSocketRoute makes one instance per connection of the class it is given.
  const instances: WebSocketEndpoint[] = [];
  class Echo extends WebSocketEndpoint {
    override encoding = "text" as const;

    override async onConnect(websocket: WebSocket): Promise<void> {
      instances.push(this);
      await websocket.accept();
    }

    override async onReceive(websocket: WebSocket, data: unknown): Promise<void> {
      await websocket.sendText(String(data));
    }
  }
  const route = new WebSocketRoute("/ws", Echo);
  expect(route.name).toBe("Echo");
  const client = new TestClient(route.asgi);
  for (const word of ["a", "b"]) {
    await using websocket = await client.websocketConnect("/ws");
    websocket.sendText(word);
    expect(await websocket.receiveText()).toBe(word);
  }
  expect(instances.length).toBe(2);
  expect(instances[0]).not.toBe(instances[1]);
});
