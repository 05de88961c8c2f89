// Ports FastAPI 0.142.2's tests/test_tutorial/test_websockets (test_tutorial001, 002 and 003) with their apps
// (docs_src/websockets_/tutorial001, tutorial002_an and tutorial003) written with this framework's API; the
// chat pages are shortened to what the tests read.
import { HTMLResponse, TestClient, WebSocket, WebSocketDisconnect, WS_1008_POLICY_VIOLATION } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App, Depends, WebSocketException } from "../../src/index.js";

const chatPage = (script: string): string => `<!DOCTYPE html>
<html>
    <head>
        <title>Chat</title>
    </head>
    <body>
        <h1>WebSocket Chat</h1>
        <ul id='messages'>
        </ul>
        <script>${script}</script>
    </body>
</html>
`;

/** The session's exit must throw WebSocketDisconnect: the handler's receive loop ends with the client's close. */
async function expectDisconnectAtExit(session: { exit(): Promise<void> }): Promise<void> {
  await expect(session.exit()).rejects.toBeInstanceOf(WebSocketDisconnect);
}

// tutorial001: an echo endpoint.

function tutorial001(): App {
  const app = new App();
  app.get("/", async function get() {
    return new HTMLResponse(chatPage('var ws = new WebSocket("ws://localhost:8000/ws");'));
  });
  app.websocket("/ws", async function websocketEndpoint({ websocket }) {
    await websocket.accept();
    for (;;) {
      const data = await websocket.receiveText();
      await websocket.sendText(`Message text was: ${data}`);
    }
  });
  return app;
}

test("test_tutorial001_test_main", async () => {
  const response = await new TestClient(tutorial001().asgi).get("/");
  expect(response.status).toBe(200);
  expect(response.text).toContain("<!DOCTYPE html>");
});

test("test_tutorial001_test_websocket", async () => {
  const websocket = await new TestClient(tutorial001().asgi).websocketConnect("/ws");
  for (const message of ["Message one", "Message two"]) {
    websocket.sendText(message);
    expect(await websocket.receiveText()).toBe(`Message text was: ${message}`);
  }
  await expectDisconnectAtExit(websocket);
});

// tutorial002_an: path, query and cookie parameters, a dependency that raises WebSocketException.

function tutorial002(): App {
  const app = new App();
  app.get("/", async function get() {
    return new HTMLResponse(chatPage('ws = new WebSocket("ws://localhost:8000/items/" + itemId + "/ws?token=" + token);'));
  });
  const getCookieOrToken = Depends(
    { cookies: z.object({ session: z.string().nullable().default(null) }), query: z.object({ token: z.string().nullable().default(null) }) },
    function getCookieOrToken({ cookies, query }) {
      if (cookies.session === null && query.token === null) throw new WebSocketException(WS_1008_POLICY_VIOLATION);
      return (cookies.session ?? query.token) as string;
    },
  );
  app.websocket(
    "/items/{item_id}/ws",
    {
      path: z.object({ item_id: z.string() }),
      query: z.object({ q: z.int().nullable().default(null) }),
      deps: { cookieOrToken: getCookieOrToken },
    },
    async function websocketEndpoint({ websocket, path, query, deps }) {
      await websocket.accept();
      for (;;) {
        const data = await websocket.receiveText();
        await websocket.sendText(`Session cookie or query token value is: ${deps.cookieOrToken}`);
        if (query.q !== null) await websocket.sendText(`Query parameter q is: ${query.q}`);
        await websocket.sendText(`Message text was: ${data}, for item ID: ${path.item_id}`);
      }
    },
  );
  return app;
}

test("test_tutorial002_test_main", async () => {
  const response = await new TestClient(tutorial002().asgi).get("/");
  expect(response.status).toBe(200);
  expect(response.text).toContain("<!DOCTYPE html>");
});

test("test_tutorial002_test_websocket_with_cookie", async () => {
  const client = new TestClient(tutorial002().asgi, { cookies: { session: "fakesession" } });
  const websocket = await client.websocketConnect("/items/foo/ws");
  for (const message of ["Message one", "Message two"]) {
    websocket.sendText(message);
    expect(await websocket.receiveText()).toBe("Session cookie or query token value is: fakesession");
    expect(await websocket.receiveText()).toBe(`Message text was: ${message}, for item ID: foo`);
  }
  await expectDisconnectAtExit(websocket);
});

test("test_tutorial002_test_websocket_with_header", async () => {
  const websocket = await new TestClient(tutorial002().asgi).websocketConnect("/items/bar/ws?token=some-token");
  for (const message of ["Message one", "Message two"]) {
    websocket.sendText(message);
    expect(await websocket.receiveText()).toBe("Session cookie or query token value is: some-token");
    expect(await websocket.receiveText()).toBe(`Message text was: ${message}, for item ID: bar`);
  }
  await expectDisconnectAtExit(websocket);
});

test("test_tutorial002_test_websocket_with_header_and_query", async () => {
  const websocket = await new TestClient(tutorial002().asgi).websocketConnect("/items/2/ws?q=3&token=some-token");
  for (const message of ["Message one", "Message two"]) {
    websocket.sendText(message);
    expect(await websocket.receiveText()).toBe("Session cookie or query token value is: some-token");
    expect(await websocket.receiveText()).toBe("Query parameter q is: 3");
    expect(await websocket.receiveText()).toBe(`Message text was: ${message}, for item ID: 2`);
  }
  await expectDisconnectAtExit(websocket);
});

test("test_tutorial002_test_websocket_no_credentials", async () => {
  const exc = await new TestClient(tutorial002().asgi).websocketConnect("/items/foo/ws").catch((error: unknown) => error);
  expect(exc).toBeInstanceOf(WebSocketDisconnect);
  // FastAPI 0.142.2: code 1008, reason "".
  expect([(exc as WebSocketDisconnect).code, (exc as WebSocketDisconnect).reason]).toEqual([1008, ""]);
});

test("test_tutorial002_test_websocket_invalid_data", async () => {
  const exc = await new TestClient(tutorial002().asgi).websocketConnect("/items/foo/ws?q=bar&token=some-token").catch((error: unknown) => error);
  expect(exc).toBeInstanceOf(WebSocketDisconnect);
  expect((exc as WebSocketDisconnect).code).toBe(1008);
  // FastAPI 0.142.2 puts this list itself in the reason; here it is its JSON text.
  expect(JSON.parse((exc as WebSocketDisconnect).reason)).toEqual([
    { type: "int_parsing", loc: ["query", "q"], msg: "Input should be a valid integer, unable to parse string as an integer", input: "bar" },
  ]);
});

// tutorial003: a connection manager that broadcasts to every client.

class ConnectionManager {
  readonly activeConnections: WebSocket[] = [];

  async connect(websocket: WebSocket): Promise<void> {
    await websocket.accept();
    this.activeConnections.push(websocket);
  }

  disconnect(websocket: WebSocket): void {
    this.activeConnections.splice(this.activeConnections.indexOf(websocket), 1);
  }

  async sendPersonalMessage(message: string, websocket: WebSocket): Promise<void> {
    await websocket.sendText(message);
  }

  async broadcast(message: string): Promise<void> {
    for (const connection of this.activeConnections) await connection.sendText(message);
  }
}

const html003 = chatPage("var ws = new WebSocket(`ws://localhost:8000/ws/${client_id}`);");

function tutorial003(): App {
  const app = new App();
  const manager = new ConnectionManager();
  app.get("/", async function get() {
    return new HTMLResponse(html003);
  });
  app.websocket("/ws/{client_id}", { path: z.object({ client_id: z.int() }) }, async function websocketEndpoint({ websocket, path }) {
    await manager.connect(websocket);
    try {
      for (;;) {
        const data = await websocket.receiveText();
        await manager.sendPersonalMessage(`You wrote: ${data}`, websocket);
        await manager.broadcast(`Client #${path.client_id} says: ${data}`);
      }
    } catch (exc: unknown) {
      if (!(exc instanceof WebSocketDisconnect)) throw exc;
      manager.disconnect(websocket);
      await manager.broadcast(`Client #${path.client_id} left the chat`);
    }
  });
  return app;
}

test("test_tutorial003_test_get", async () => {
  const response = await new TestClient(tutorial003().asgi).get("/");
  expect(response.text).toBe(html003);
});

test("test_tutorial003_test_websocket_handle_disconnection", async () => {
  const client = new TestClient(tutorial003().asgi);
  await using connection = await client.websocketConnect("/ws/1234");
  await using connectionTwo = await client.websocketConnect("/ws/5678");
  connection.sendText("Hello from 1234");
  expect(await connection.receiveText()).toBe("You wrote: Hello from 1234");
  // No sleep: receiveText waits for the broadcast.
  const client1Says = "Client #1234 says: Hello from 1234";
  expect(await connectionTwo.receiveText()).toBe(client1Says);
  expect(await connection.receiveText()).toBe(client1Says);
  connectionTwo.close();
  expect(await connection.receiveText()).toBe("Client #5678 left the chat");
});
