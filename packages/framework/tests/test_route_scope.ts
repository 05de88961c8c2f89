// Ports FastAPI's tests/test_route_scope.py: the matched route is in `scope["route"]`, for HTTP and websockets.
import { expect, test } from "vitest";
import { z } from "zod";
import { WebSocketDisconnect } from "@mono/asgi";
import { App, TestClient, type APIRoute, type APIWebSocketRoute } from "../src/index.js";

function makeApp(): App {
  const app = new App();
  app.get("/users/{user_id}", { path: z.object({ user_id: z.string() }) }, async function getUser({ path, request }) {
    const route = request.scope["route"] as APIRoute;
    return { user_id: path.user_id, path: route.path };
  });
  app.websocket("/items/{item_id}", { path: z.object({ item_id: z.string() }) }, async function websocketItem({ path, websocket }) {
    const route = websocket.scope["route"] as APIWebSocketRoute;
    await websocket.accept();
    await websocket.sendJson({ item_id: path.item_id, path: route.path });
  });
  return app;
}

test("test_get", async () => {
  const response = await new TestClient(makeApp().asgi).get("/users/rick");
  expect([response.status, response.json()]).toEqual([200, { user_id: "rick", path: "/users/{user_id}" }]);
});

test("test_invalid_method_doesnt_match", async () => {
  expect((await new TestClient(makeApp().asgi).post("/users/rick")).status).toBe(405);
});

test("test_invalid_path_doesnt_match", async () => {
  expect((await new TestClient(makeApp().asgi).post("/usersx/rick")).status).toBe(404);
});

test("test_websocket", async () => {
  const websocket = await new TestClient(makeApp().asgi).websocketConnect("/items/portal-gun");
  expect(await websocket.receiveJson()).toEqual({ item_id: "portal-gun", path: "/items/{item_id}" });
  await websocket.exit();
});

test("test_websocket_invalid_path_doesnt_match", async () => {
  await expect(new TestClient(makeApp().asgi).websocketConnect("/itemsx/portal-gun")).rejects.toThrow(WebSocketDisconnect);
});
