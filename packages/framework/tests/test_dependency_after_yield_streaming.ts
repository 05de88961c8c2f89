// Ports FastAPI's tests/test_dependency_after_yield_streaming.py: a dependency with yield stays open while a
// StreamingResponse is sent (its cleanup runs after), and a failure while streaming leaves the 200 already sent.
import { expect, test } from "vitest";
import { App, Depends, StreamingResponse, TestClient } from "../src/index.js";

class Session {
  data = ["foo", "bar", "baz"];
  open = true;

  *[Symbol.iterator](): Generator<string> {
    for (const item of this.data) {
      if (!this.open) throw new Error("Session closed");
      yield item;
    }
  }
}

function makeApp(): App {
  const depSession = Depends(function* depSession() {
    const session = new Session();
    try {
      yield session;
    } finally {
      session.open = false;
    }
  });
  const brokenDepSession = Depends(function* brokenDepSession() {
    const session = new Session();
    try {
      session.open = false;
      yield session;
    } finally {
      session.open = false;
    }
  });
  const app = new App();
  app.get("/data", { deps: { session: depSession } }, function getData({ deps }) {
    return [...deps.session];
  });
  app.get("/stream-simple", { deps: { session: depSession } }, function getStreamSimple() {
    return new StreamingResponse(["x", "y", "z"][Symbol.iterator]());
  });
  app.get("/stream-session", { deps: { session: depSession } }, function getStreamSession({ deps }) {
    return new StreamingResponse(deps.session[Symbol.iterator]());
  });
  app.get("/broken-session-data", { deps: { session: brokenDepSession } }, function getBrokenSessionData({ deps }) {
    return [...deps.session];
  });
  app.get("/broken-session-stream", { deps: { session: brokenDepSession } }, function getBrokenSessionStream({ deps }) {
    return new StreamingResponse(deps.session[Symbol.iterator]());
  });
  return app;
}

test("test_regular_no_stream", async () => {
  expect((await new TestClient(makeApp().asgi).get("/data")).json()).toEqual(["foo", "bar", "baz"]);
});

test("test_stream_simple", async () => {
  expect((await new TestClient(makeApp().asgi).get("/stream-simple")).text).toBe("xyz");
});

test("test_stream_session", async () => {
  expect((await new TestClient(makeApp().asgi).get("/stream-session")).text).toBe("foobarbaz");
});

test("test_broken_session_data", async () => {
  await expect(new TestClient(makeApp().asgi).get("/broken-session-data")).rejects.toThrow("Session closed");
});

test("test_broken_session_data_no_raise", async () => {
  const response = await new TestClient(makeApp().asgi, { raiseServerExceptions: false }).get("/broken-session-data");
  expect([response.status, response.text]).toEqual([500, "Internal Server Error"]);
});

test("test_broken_session_stream_raise", async () => {
  await expect(new TestClient(makeApp().asgi).get("/broken-session-stream")).rejects.toThrow("Session closed");
});

test("test_broken_session_stream_no_raise", async () => {
  const client = new TestClient(makeApp().asgi, { raiseServerExceptions: false });
  await client.start();
  const response = await client.get("/broken-session-stream");
  await client.close();
  expect([response.status, response.text]).toEqual([200, ""]);
});
