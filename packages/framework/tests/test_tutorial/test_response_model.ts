// Ports the intent of FastAPI's tests/test_tutorial/test_response_model: the response schema filters and validates.
import { HTMLResponse, PlainTextResponse, TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App, ResponseValidationError } from "../../src/index.js";
import { expectSameAsFastAPI } from "./fastapi_reference.js";

const same = (actual: unknown, expected: unknown): void => expect(actual).toEqual(expected);

const UserIn = z.object({
  username: z.string(),
  password: z.string(),
  email: z.string(),
  full_name: z.string().nullable().default(null),
});
const UserOut = z.object({ username: z.string(), email: z.string(), full_name: z.string().nullable().default(null) });

function makeApp(): App {
  const app = new App();
  app.post("/user/", { body: UserIn, response: UserOut }, ({ body }) => body);
  // Returns less than the schema needs: a bug on the server side, so a 500.
  app.get("/broken", { response: UserOut }, () => ({ username: "x" }) as z.input<typeof UserOut>);
  app.post("/created", { status: 201 }, () => ({ ok: true }));
  app.delete("/gone", { status: 204 }, () => null);
  return app;
}

test("test_response_model_drops_extra_keys", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(
    await client.post("/user/", { json: { username: "foo", password: "secret", email: "foo@example.com" } }),
    "resp_user",
    same,
  );
  expectSameAsFastAPI(
    await client.post("/user/", { json: { username: "foo", password: "secret", email: "foo@example.com", full_name: "Grüße ☃" } }),
    "resp_user_full",
    same,
  );
});

test("test_response_validation_error_is_a_500", async () => {
  const client = new TestClient(makeApp().asgi, { raiseServerExceptions: false });
  expectSameAsFastAPI(await client.get("/broken"), "resp_broken", same);
  await expect(new TestClient(makeApp().asgi).get("/broken")).rejects.toThrow(ResponseValidationError);
});

test("test_status_codes", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.post("/created"), "resp_created", same);
  expectSameAsFastAPI(await client.delete("/gone"), "resp_gone", same);
});

test("test_response_object_passes_through", async () => {
  const app = new App();
  app.get("/plain", { response: UserOut }, () => new PlainTextResponse("as is"));
  app.get("/headers", {}, ({ response }) => {
    response.headers.set("x-extra", "1");
    response.setCookie("session", "abc");
    response.statusCode = 202;
    return { ok: true };
  });
  const client = new TestClient(app.asgi);
  expect((await client.get("/plain")).text).toBe("as is");
  const withHeaders = await client.get("/headers");
  expect(withHeaders.status).toBe(202);
  expect(withHeaders.rawHeaders).toEqual([
    ["content-length", "11"],
    ["content-type", "application/json"],
    ["x-extra", "1"],
    ["set-cookie", "session=abc; Path=/; SameSite=lax"],
  ]);
});

test("test_returning_nothing_is_null", async () => {
  const app = new App();
  app.get("/", {}, () => undefined);
  const response = await new TestClient(app.asgi).get("/");
  expect(response.status).toBe(200);
  expect(response.text).toBe("null");
});

test("test_response_class", async () => {
  // FastAPI's response_class=HTMLResponse / PlainTextResponse (bytes as FastAPI 0.142.2 sends them).
  const app = new App();
  app.get("/h", { responseClass: HTMLResponse }, function h() {
    return "<h1>hi</h1>";
  });
  app.get("/t", { responseClass: PlainTextResponse, status: 201 }, function t() {
    return "plain";
  });
  const client = new TestClient(app.asgi);
  const html = await client.get("/h");
  expect([html.status, html.rawHeaders, html.text]).toEqual([200, [["content-length", "11"], ["content-type", "text/html; charset=utf-8"]], "<h1>hi</h1>"]);
  const text = await client.get("/t");
  expect([text.status, text.rawHeaders, text.text]).toEqual([201, [["content-length", "5"], ["content-type", "text/plain; charset=utf-8"]], "plain"]);
  expect(app.openapi()["paths"]).toEqual({
    "/h": { get: { summary: "H", operationId: "h_h_get", responses: { "200": { description: "Successful Response", content: { "text/html": { schema: { type: "string" } } } } } } },
    "/t": { get: { summary: "T", operationId: "t_t_get", responses: { "201": { description: "Successful Response", content: { "text/plain": { schema: { type: "string" } } } } } } },
  });
  // @ts-expect-error an HTMLResponse takes text or bytes, not an object
  app.get("/bad", { responseClass: HTMLResponse }, () => ({ not: "html" }));
});
