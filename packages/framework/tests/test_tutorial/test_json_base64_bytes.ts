// Ports FastAPI's tests/test_tutorial/test_json_base64_bytes (tutorial001): bytes read from and written as base64
// (pydantic's `val_json_bytes`/`ser_json_bytes`, here `py.bytes({ valJsonBytes: "base64", serJsonBytes: "base64" })`).
// Bytes as FastAPI 0.142.2's (reference/json_base64_bytes.py), bad base64 included.
import { expect, test } from "vitest";
import { z } from "zod";
import { App, py, TestClient } from "../../src/index.js";
import { BASE64, BASE64_OPENAPI } from "./reference/json_base64_bytes.js";

function same(response: { status: number; rawHeaders: readonly (readonly [string, string])[]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(BASE64[name]);
}

const DataInput = z.object({ description: z.string(), data: py.bytes({ valJsonBytes: "base64" }) }).meta({ id: "DataInput" });
const DataOutput = z.object({ description: z.string(), data: py.bytes({ serJsonBytes: "base64" }) }).meta({ id: "DataOutput" });
const DataInputOutput = z
  .object({ description: z.string(), data: py.bytes({ valJsonBytes: "base64", serJsonBytes: "base64" }) })
  .meta({ id: "DataInputOutput" });

function makeApp(): App {
  const app = new App();
  app.post("/data", { body: DataInput }, function post_data({ body }) {
    const content = new TextDecoder().decode(body.data);
    return { description: body.description, content };
  });
  app.get("/data", { response: DataOutput }, function get_data() {
    const data = new TextEncoder().encode("hello");
    return { description: "A plumbus", data };
  });
  app.post("/data-in-out", { body: DataInputOutput, response: DataInputOutput }, function post_data_in_out({ body }) {
    return body;
  });
  return app;
}

const client = new TestClient(makeApp().asgi);

test("test_post_data", async () => {
  const response = await client.post("/data", { json: { description: "A file", data: "SGVsbG8sIFdvcmxkIQ==" } });
  expect(response.json()).toEqual({ description: "A file", content: "Hello, World!" });
  same(response, "post_data");
});

test("test_get_data", async () => {
  const response = await client.get("/data");
  expect(response.json()).toEqual({ description: "A plumbus", data: "aGVsbG8=" });
  same(response, "get_data");
});

test("test_post_data_in_out", async () => {
  same(await client.post("/data-in-out", { json: { description: "A plumbus", data: "SGVsbG8sIFdvcmxkIQ==" } }), "post_data_in_out");
});

test("base64 without padding, URL-safe or standard, written back URL-safe and padded", async () => {
  same(await client.post("/data-in-out", { json: { description: "d", data: "SGVsbG8sIFdvcmxkIQ" } }), "in_out_unpadded");
  same(await client.post("/data-in-out", { json: { description: "d", data: "__4=" } }), "in_out_urlsafe");
  same(await client.post("/data-in-out", { json: { description: "d", data: "//4=" } }), "in_out_standard");
});

test.each(["a", "!!!", "SGVs bG8=", "aaaaa", "SGVsbG8=x", "a===", "aa", "YWJ="].map((bad, i) => [bad, i] as const))(
  "bad base64 %j is pydantic's bytes_invalid_encoding",
  async (bad, i) => {
    same(await client.post("/data-in-out", { json: { description: "d", data: bad } }), `bad_${i}`);
  },
);

test("not a string, or missing", async () => {
  same(await client.post("/data", { json: { description: "d", data: 1 } }), "not_a_string");
  same(await client.post("/data", { json: { description: "d" } }), "missing");
});

test("test_openapi_schema", () => {
  expect(JSON.stringify(makeApp().openapi())).toBe(JSON.stringify(JSON.parse(BASE64_OPENAPI)));
});
