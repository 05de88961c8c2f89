// Ports the websocket parts of Starlette 1.7.0's tests/test_applications.py and tests/test_exceptions.py, test
// for test with the same names: a WebSocketException closes with its code, an HTTPException before accept is a
// denial response, a registered handler gets the WebSocket, an unhandled error reaches the client.
import {
  JSONResponse,
  TestClient,
  WebSocket,
  WebSocketDenialResponse,
  WS_1003_UNSUPPORTED_DATA,
  WS_1013_TRY_AGAIN_LATER,
  type Request,
} from "@mono/asgi";
import { expect, test } from "vitest";
import { HTTPException, Route, Router, Starlette, WebSocketException, WebSocketRoute } from "../src/index.js";

async function websocketEndpoint(session: WebSocket): Promise<void> {
  await session.accept();
  await session.sendText("Hello, world!");
  await session.close();
}

async function websocketRaiseWebsocketException(websocket: WebSocket): Promise<void> {
  await websocket.accept();
  throw new WebSocketException(WS_1003_UNSUPPORTED_DATA);
}

async function websocketRaiseHttpException(_websocket: WebSocket): Promise<void> {
  throw new HTTPException(401, "Unauthorized");
}

class CustomWSException extends Error {}

async function websocketRaiseCustom(websocket: WebSocket): Promise<void> {
  await websocket.accept();
  throw new CustomWSException();
}

async function websocketState(websocket: WebSocket): Promise<void> {
  await websocket.accept();
  await websocket.sendJson({ count: websocket.state["count"] });
  await websocket.close();
}

const customWsExceptionHandler = async (websocket: WebSocket, _exc: CustomWSException): Promise<void> => {
  await websocket.close(WS_1013_TRY_AGAIN_LATER);
};

const httpException = (_request: Request, exc: HTTPException): JSONResponse =>
  new JSONResponse({ detail: exc.detail }, { status: exc.statusCode, headers: exc.headers });

function makeApp(): Starlette {
  return new Starlette({
    routes: [
      new WebSocketRoute("/ws", websocketEndpoint),
      new WebSocketRoute("/ws-raise-websocket", websocketRaiseWebsocketException),
      new WebSocketRoute("/ws-raise-http", websocketRaiseHttpException),
      new WebSocketRoute("/ws-raise-custom", websocketRaiseCustom),
      new WebSocketRoute("/ws-state", websocketState),
    ],
    exceptionHandlers: [
      [HTTPException, httpException],
      [CustomWSException, customWsExceptionHandler],
    ],
    lifespan: async function* () {
      yield { count: 1 };
    },
  });
}

test("test_websocket_route", async () => {
  await using session = await new TestClient(makeApp().asgi).websocketConnect("/ws");
  expect(await session.receiveText()).toBe("Hello, world!");
});

test("test_websocket_raise_websocket_exception", async () => {
  await using session = await new TestClient(makeApp().asgi).websocketConnect("/ws-raise-websocket");
  expect(await session.receive()).toEqual({ type: "websocket.close", code: WS_1003_UNSUPPORTED_DATA, reason: "" });
});

test("test_websocket_state", async () => {
  await using client = new TestClient(makeApp().asgi);
  await client.start();
  await using session = await client.websocketConnect("/ws-state");
  expect(await session.receiveJson()).toEqual({ count: 1 });
});

test("test_websocket_raise_http_exception", async () => {
  const exc = await new TestClient(makeApp().asgi).websocketConnect("/ws-raise-http").catch((error: unknown) => error);
  expect(exc).toBeInstanceOf(WebSocketDenialResponse);
  expect((exc as WebSocketDenialResponse).status).toBe(401);
  expect((exc as WebSocketDenialResponse).text).toBe('{"detail":"Unauthorized"}');
});

test("test_websocket_raise_custom_exception", async () => {
  await using session = await new TestClient(makeApp().asgi).websocketConnect("/ws-raise-custom");
  expect(await session.receive()).toEqual({ type: "websocket.close", code: WS_1013_TRY_AGAIN_LATER, reason: "" });
});

test("test_app_add_websocket_route", async () => {
  const app = new Starlette({ routes: [new WebSocketRoute("/ws", websocketEndpoint)] });
  await using session = await new TestClient(app.asgi).websocketConnect("/ws");
  expect(await session.receiveText()).toBe("Hello, world!");
});

test("test_websockets_should_raise", async () => {
  // tests/test_exceptions.py: a plain error is not handled; the TestClient throws it.
  const raiseRuntimeError = async (): Promise<void> => {
    throw new Error("runtime error");
  };
  const raiseHttp = async (): Promise<never> => raiseRuntimeError().then(() => {
    throw new Error("unreachable");
  });
  const router = new Router({ routes: [new Route("/runtime_error", raiseHttp), new WebSocketRoute("/runtime_error", raiseRuntimeError)] });
  const app = new Starlette({ routes: [...router.routes] });
  await expect(new TestClient(app.asgi).websocketConnect("/runtime_error")).rejects.toThrow("runtime error");
});

test("test_websocket_str", () => {
  expect(new WebSocketException(1008).message).toBe("1008: ");
  expect(new WebSocketException(1008, "Policy Violation").message).toBe("1008: Policy Violation");
});

test("test_websocket_exception_before_accept_closes", async () => {
  // Not in Starlette's files: before accept, the handler's close is the refusal (a server answers HTTP 403).
  const refuse = async (): Promise<void> => {
    throw new WebSocketException(4001, "go away");
  };
  const app = new Starlette({ routes: [new WebSocketRoute("/", refuse)] });
  const exc = await new TestClient(app.asgi).websocketConnect("/").catch((error: unknown) => error);
  expect(exc).toMatchObject({ name: "WebSocketDisconnect", code: 4001, reason: "go away" });
});
