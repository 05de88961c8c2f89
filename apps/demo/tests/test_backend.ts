// The demo's own endpoints, one per thing CORS governs, through the in-process TestClient: what the backend
// answers. What the browser then does with those answers is tests/test_demo_browser.ts.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { createBackend, EXPOSE_HEADERS, TUTORIAL_ORIGINS } from "../src/index.js";

const FRONTEND = "http://localhost:8080";

test("test_backend_uses_the_tutorial_options", () => {
  expect(TUTORIAL_ORIGINS).toEqual([
    "http://localhost.tiangolo.com",
    "https://localhost.tiangolo.com",
    "http://localhost",
    "http://localhost:8080",
  ]);
  expect(EXPOSE_HEADERS).toEqual(["X-Total-Count"]);
});

test("test_preflighted_put", async () => {
  const client = new TestClient(createBackend().asgi);
  const preflight = await client.options("/items/3", {
    headers: { Origin: FRONTEND, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type,x-token" },
  });
  expect(preflight.status).toBe(200);
  expect(preflight.text).toBe("OK");
  expect(preflight.headers.get("access-control-allow-origin")).toBe(FRONTEND);
  expect(preflight.headers.get("access-control-allow-methods")).toContain("PUT");
  expect(preflight.headers.get("access-control-allow-headers")).toBe("content-type,x-token");
  expect(preflight.headers.get("access-control-allow-credentials")).toBe("true");

  const put = await client.put("/items/3", {
    headers: { Origin: FRONTEND, "X-Token": "tutorial-token" },
    json: { name: "Meeseeks Box", price: 19.99 },
  });
  expect(put.status).toBe(200);
  expect(put.text).toBe('{"item_id":3,"name":"Meeseeks Box","price":19.99,"x_token":"tutorial-token"}');
  expect(put.headers.get("access-control-allow-origin")).toBe(FRONTEND);
  // The item is stored: the list now holds it.
  const list = await client.get("/items");
  expect(list.json()).toContainEqual({ item_id: 3, name: "Meeseeks Box", price: 19.99 });
  expect(list.headers.get("x-total-count")).toBe("3");
});

test("test_put_without_x_token_is_a_422", async () => {
  const client = new TestClient(createBackend().asgi);
  const response = await client.put("/items/3", { headers: { Origin: FRONTEND }, json: { name: "Box", price: 1 } });
  expect(response.status).toBe(422);
  expect(response.json()).toEqual({
    detail: [{ type: "missing", loc: ["header", "x-token"], msg: "Field required", input: null }],
  });
  // Even an error carries the CORS headers, so the page can read why.
  expect(response.headers.get("access-control-allow-origin")).toBe(FRONTEND);
});

test("test_credentialed_session_cookie", async () => {
  const client = new TestClient(createBackend().asgi);
  const login = await client.post("/session", { headers: { Origin: FRONTEND } });
  expect(login.status).toBe(200);
  const session = (login.json() as { session: string }).session;
  expect(session).toMatch(/^[0-9a-f]{12}$/);
  expect(login.headers.get("set-cookie")).toBe(`session=${session}; HttpOnly; Path=/; SameSite=lax`);
  expect(login.headers.get("access-control-allow-credentials")).toBe("true");
  expect(login.headers.get("access-control-allow-origin")).toBe(FRONTEND);

  // The TestClient keeps the cookie, as a browser asked for credentials: "include" does.
  const back = await client.get("/session", { headers: { Origin: FRONTEND } });
  expect(back.json()).toEqual({ session });
  const fresh = new TestClient(createBackend().asgi);
  expect((await fresh.get("/session", { headers: { Origin: FRONTEND } })).json()).toEqual({ session: null });
});

test("test_exposed_and_unexposed_headers", async () => {
  const client = new TestClient(createBackend().asgi);
  const response = await client.get("/items", { headers: { Origin: FRONTEND } });
  expect(response.status).toBe(200);
  expect(response.headers.get("x-total-count")).toBe("2");
  expect(response.headers.get("x-request-id")).toBe("req-1");
  // Both go out; only X-Total-Count is named for the browser to show.
  expect(response.headers.get("access-control-expose-headers")).toBe("X-Total-Count");
  expect(response.json()).toEqual([
    { item_id: 1, name: "Portal Gun", price: 42 },
    { item_id: 2, name: "Plumbus", price: 32 },
  ]);
});

test("test_credentials_off", async () => {
  const client = new TestClient(createBackend({ allowCredentials: false }).asgi);
  const response = await client.get("/session", { headers: { Origin: FRONTEND } });
  expect(response.status).toBe(200);
  expect(response.headers.get("access-control-allow-origin")).toBe(FRONTEND);
  expect(response.headers.has("access-control-allow-credentials")).toBe(false);
});

test("test_custom_origins", async () => {
  const client = new TestClient(createBackend({ allowOrigins: ["http://localhost:5173"] }).asgi);
  const allowed = await client.get("/", { headers: { Origin: "http://localhost:5173" } });
  expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
  const other = await client.get("/", { headers: { Origin: FRONTEND } });
  expect(other.status).toBe(200);
  expect(other.headers.has("access-control-allow-origin")).toBe(false);
});

test("test_each_backend_keeps_its_own_items", async () => {
  const first = new TestClient(createBackend().asgi);
  await first.put("/items/9", { headers: { "X-Token": "t" }, json: { name: "Extra", price: 0 } });
  expect((await first.get("/items")).headers.get("x-total-count")).toBe("3");
  expect((await new TestClient(createBackend().asgi).get("/items")).headers.get("x-total-count")).toBe("2");
});

test("test_websocket_is_not_covered_by_cors", async () => {
  // An origin the backend does not allow still gets its socket: CORSMiddleware lets websocket scopes through.
  const client = new TestClient(createBackend().asgi);
  await using websocket = await client.websocketConnect("/ws", { headers: { origin: "http://127.0.0.1:8080" } });
  expect(await websocket.receiveJson()).toEqual({ origin: "http://127.0.0.1:8080" });
  websocket.sendText("hello");
  expect(await websocket.receiveText()).toBe("echo: hello");
});

test("test_websocket_origin_check", async () => {
  // With checkWebSocketOrigin, the same handshake is closed before accept (a server answers it with HTTP 403).
  const client = new TestClient(createBackend({ checkWebSocketOrigin: true }).asgi);
  const refused = await client.websocketConnect("/ws", { headers: { origin: "http://127.0.0.1:8080" } }).catch((error: unknown) => error);
  expect(refused).toMatchObject({ name: "WebSocketDisconnect", code: 1008 });
  await using websocket = await client.websocketConnect("/ws", { headers: { origin: FRONTEND } });
  expect(await websocket.receiveJson()).toEqual({ origin: FRONTEND });
});
