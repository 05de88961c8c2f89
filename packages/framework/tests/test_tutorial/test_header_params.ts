// Ports the intent of FastAPI's tests/test_tutorial/test_header_params and test_cookie_params: bytes compared with FastAPI's.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App } from "../../src/index.js";
import { expectSameAsFastAPI } from "./fastapi_reference.js";

const same = (actual: unknown, expected: unknown): void => expect(actual).toEqual(expected);

function makeApp(): App {
  const app = new App();
  app.get("/items/", { headers: z.object({ user_agent: z.string().nullable().default(null) }) }, ({ headers }) => ({
    "User-Agent": headers.user_agent,
  }));
  app.get("/tokens/", { headers: z.object({ x_token: z.array(z.string()).nullable().default(null) }) }, ({ headers }) => ({
    "X-Token values": headers.x_token,
  }));
  app.get("/ads/", { cookies: z.object({ ads_id: z.string().nullable().default(null) }) }, ({ cookies }) => ({ ads_id: cookies.ads_id }));
  return app;
}

test("test_header_params", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.get("/items/"), "hdr_default", same);
  expectSameAsFastAPI(await client.get("/items/", { headers: { "User-Agent": "FastAPI test" } }), "hdr_custom", same);
});

test("test_duplicate_headers_as_a_list", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.get("/tokens/"), "hdr_tokens_none", same);
  expectSameAsFastAPI(await client.get("/tokens/", { headers: [["X-Token", "foo"], ["X-Token", "bar"]] }), "hdr_tokens", same);
});

test("test_cookie_params", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.get("/ads/"), "cookie_none", same);
  expectSameAsFastAPI(await client.get("/ads/", { cookies: { ads_id: "ads_track" } }), "cookie_set", same);
});
