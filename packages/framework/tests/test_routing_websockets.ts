// Ports the websocket parts of Starlette 1.7.0's tests/test_routing.py (the HTTP parts are in test_routing.ts),
// test for test with the same names.
import { Middleware, PlainTextResponse, Response, TestClient, WebSocket, WebSocketDisconnect, type ASGIApp, type Request, type SendMessage } from "@mono/asgi";
import { expect, test } from "vitest";
import { Mount, NoMatchFound, Route, Router, Starlette, WebSocketRoute } from "../src/index.js";

const homepage = (_request: Request): Response => new Response("Hello, world", { mediaType: "text/plain" });

async function websocketEndpoint(session: WebSocket): Promise<void> {
  await session.accept();
  await session.sendText("Hello, world!");
  await session.close();
}

async function websocketParams(session: WebSocket): Promise<void> {
  await session.accept();
  await session.sendText(`Hello, ${String(session.pathParams["room"])}!`);
  await session.close();
}

async function partialWsEndpoint(websocket: WebSocket): Promise<void> {
  await websocket.accept();
  await websocket.sendJson({ url: String(websocket.url) });
  await websocket.close();
}

class PartialRoutes {
  static async asyncWsEndpoint(websocket: WebSocket): Promise<void> {
    await websocket.accept();
    await websocket.sendJson({ url: String(websocket.url) });
    await websocket.close();
  }
}

// functools.partial's counterpart: a bound function (its name is "bound partialWsEndpoint").
const app = new Router({
  routes: [
    new Route("/", homepage, { methods: ["GET"] }),
    new Mount("/partial", {
      routes: [
        new WebSocketRoute("/ws", partialWsEndpoint.bind(null)),
        new WebSocketRoute("/ws/cls", PartialRoutes.asyncWsEndpoint.bind(PartialRoutes)),
      ],
    }),
    new WebSocketRoute("/ws", websocketEndpoint),
    new WebSocketRoute("/ws/{room}", websocketParams),
  ],
});

/** What websocketConnect threw: the handshake must fail. */
async function refused(client: TestClient, url: string): Promise<unknown> {
  return client.websocketConnect(url).then(
    () => {
      throw new Error("the handshake succeeded");
    },
    (exc: unknown) => exc,
  );
}

test("test_url_path_for", () => {
  expect(String(app.urlPathFor("websocketEndpoint"))).toBe("/ws");
  expect(String(app.urlPathFor("websocketParams", { room: "lobby" }))).toBe("/ws/lobby");
  expect(() => app.urlPathFor("websocketParams")).toThrow(NoMatchFound);
});

test("test_url_for", () => {
  expect(String(app.urlPathFor("websocketEndpoint").makeAbsoluteURL("https://example.org"))).toBe("wss://example.org/ws");
  expect(String(app.urlPathFor("websocketEndpoint").makeAbsoluteURL("http://example.org"))).toBe("ws://example.org/ws");
});

test("test_router_add_websocket_route", async () => {
  const client = new TestClient(app.asgi);
  {
    await using session = await client.websocketConnect("/ws");
    expect(await session.receiveText()).toBe("Hello, world!");
  }
  await using session = await client.websocketConnect("/ws/test");
  expect(await session.receiveText()).toBe("Hello, test!");
});

test("test_router_add_websocket_route_method", async () => {
  // Router.add_websocket_route, which Starlette's test file never calls directly.
  const router = new Router();
  router.addWebsocketRoute("/ws/{room}", websocketParams, "room");
  expect(String(router.urlPathFor("room", { room: "a" }))).toBe("/ws/a");
  await using session = await new TestClient(router.asgi).websocketConnect("/ws/b");
  expect(await session.receiveText()).toBe("Hello, b!");
});

const httpEndpoint = (request: Request): Response => new Response(`URL: ${String(request.urlFor("http_endpoint"))}`, { mediaType: "text/plain" });

/** An ASGI object endpoint, as Starlette's test's class instance with `__call__`. */
class WebSocketEndpointObject {
  readonly asgi: ASGIApp = async (scope, receive, send) => {
    const websocket = new WebSocket(scope, receive, send);
    await websocket.accept();
    await websocket.sendJson({ URL: String(websocket.urlFor("websocket_endpoint")) });
    await websocket.close();
  };
}

const mixedProtocolApp = new Router({
  routes: [
    new Route("/", httpEndpoint, { name: "http_endpoint" }),
    new WebSocketRoute("/", new WebSocketEndpointObject(), { name: "websocket_endpoint" }),
  ],
});

test("test_protocol_switch", async () => {
  const client = new TestClient(mixedProtocolApp.asgi);
  const response = await client.get("/");
  expect(response.status).toBe(200);
  expect(response.text).toBe("URL: http://testserver/");
  {
    await using session = await client.websocketConnect("/");
    expect(await session.receiveJson()).toEqual({ URL: "ws://testserver/" });
  }
  const exc = await refused(client, "/404");
  expect(exc).toBeInstanceOf(WebSocketDisconnect);
  expect((exc as WebSocketDisconnect).code).toBe(1000);
});

async function wsHelloworld(websocket: WebSocket): Promise<void> {
  await websocket.accept();
  await websocket.sendText("Hello, world!");
  await websocket.close();
}

test("test_standalone_ws_route_matches", async () => {
  const route = new WebSocketRoute("/", wsHelloworld);
  await using websocket = await new TestClient(route.asgi).websocketConnect("/");
  expect(await websocket.receiveText()).toBe("Hello, world!");
});

test("test_standalone_ws_route_does_not_match", async () => {
  const route = new WebSocketRoute("/", wsHelloworld);
  expect(await refused(new TestClient(route.asgi), "/invalid")).toBeInstanceOf(WebSocketDisconnect);
});

test("test_partial_async_ws_endpoint", async () => {
  const client = new TestClient(app.asgi);
  {
    await using websocket = await client.websocketConnect("/partial/ws");
    expect(await websocket.receiveJson()).toEqual({ url: "ws://testserver/partial/ws" });
  }
  await using websocket = await client.websocketConnect("/partial/ws/cls");
  expect(await websocket.receiveJson()).toEqual({ url: "ws://testserver/partial/ws/cls" });
});

test("test_websocket_route_middleware", async () => {
  class WebsocketMiddleware {
    constructor(readonly app: ASGIApp) {}

    readonly asgi: ASGIApp = async (scope, receive, send) => {
      const modifiedSend = async (msg: SendMessage): Promise<void> => {
        if (msg.type === "websocket.accept") msg.headers?.push(["X-Test", "Set by middleware"]);
        await send(msg);
      };
      await this.app(scope, receive, modifiedSend);
    };
  }
  const starlette = new Starlette({
    routes: [new WebSocketRoute("/ws", wsHelloworld, { middleware: [new Middleware(WebsocketMiddleware)] })],
  });
  await using websocket = await new TestClient(starlette.asgi).websocketConnect("/ws");
  expect(await websocket.receiveText()).toBe("Hello, world!");
  expect(websocket.extraHeaders).toEqual([["X-Test", "Set by middleware"]]);
});

test("test_websocket_route_repr", () => {
  const route = new WebSocketRoute("/ws", websocketEndpoint);
  expect(String(route)).toBe("WebSocketRoute(path='/ws', name='websocketEndpoint')");
});

test("test_websocket_route_is_not_an_http_route", async () => {
  // Not in Starlette's file: an HTTP request to a websocket-only path is a 404, a websocket to an HTTP-only path closes.
  const client = new TestClient(new Router({ routes: [new WebSocketRoute("/ws", wsHelloworld), new Route("/http", () => new PlainTextResponse("ok"))] }).asgi);
  expect((await client.get("/ws")).status).toBe(404);
  expect(await refused(client, "/http")).toBeInstanceOf(WebSocketDisconnect);
  expect(() => new WebSocketRoute("ws", wsHelloworld)).toThrow("Routed paths must start with '/'");
});
