// Ports FastAPI's tests/test_stream_status_code.py: a generator route's status is the route's `status`, overridden
// by a dependency's `response.status_code`, for server-sent events, JSON lines and raw streams alike.
// Answers and OpenAPI compared with FastAPI 0.142.2's (reference/streaming.py; the `responses=` extras left out).
import { expect, test } from "vitest";
import { z } from "zod";
import { App, Depends, EventSourceResponse, StreamingResponse, TestClient } from "../src/index.js";
import { sameAsFastAPI, sameOpenAPI } from "./test_tutorial/streaming_compare.js";

const setAccepted = Depends(function set_accepted({ response }) {
  response.statusCode = 202;
});
const Message = z.record(z.string(), z.string());

function makeApp(): App {
  const app = new App();
  app.post("/sse", { responseClass: EventSourceResponse, status: 201, streamItem: Message }, async function* sse() {
    yield { message: "created" };
  });
  app.post("/jsonl", { status: 201, streamItem: Message }, async function* jsonl() {
    yield { message: "created" };
  });
  app.post("/raw", { responseClass: StreamingResponse, status: 201 }, async function* raw() {
    yield "accepted";
  });
  app.post("/sse-dependency", { responseClass: EventSourceResponse, deps: { accepted: setAccepted }, streamItem: Message }, async function* sse_dependency() {
    yield { message: "accepted" };
  });
  app.post("/jsonl-dependency", { deps: { accepted: setAccepted }, streamItem: Message }, async function* jsonl_dependency() {
    yield { message: "accepted" };
  });
  app.post("/raw-dependency", { responseClass: StreamingResponse, deps: { accepted: setAccepted } }, async function* raw_dependency() {
    yield "accepted";
  });
  return app;
}

test.each([
  ["/sse", 201],
  ["/jsonl", 201],
  ["/raw", 201],
  ["/sse-dependency", 202],
  ["/jsonl-dependency", 202],
  ["/raw-dependency", 202],
])("test_status_code %s", async (path, status) => {
  const response = await new TestClient(makeApp().asgi).post(path);
  expect(response.status).toBe(status);
  sameAsFastAPI(response, `status_${path.slice(1)}`);
});

test("test_openapi", () => {
  sameOpenAPI(makeApp().openapi(), "status");
});
