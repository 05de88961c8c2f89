// Ports FastAPI's tests/test_param_include_in_schema.py: Cookie/Header/Path/Query parameters with
// include_in_schema=False (`.meta({ includeInSchema: false })`) are read and validated but not documented; the
// routes keep their 422 response. Bytes as FastAPI 0.142.2's (test_tutorial/reference/params_alias.py).
import { expect, test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../src/index.js";
import { PARAMS_ALIAS } from "./test_tutorial/reference/params_alias.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(PARAMS_ALIAS[name]);
}

const hidden = (): z.ZodType<string | null> => z.string().nullable().default(null).meta({ includeInSchema: false });

function app(): App {
  const app = new App();
  app.get("/hidden_cookie", { cookies: z.object({ hidden_cookie: hidden() }) }, async function hidden_cookie({ cookies }) {
    return { hidden_cookie: cookies.hidden_cookie };
  });
  app.get("/hidden_header", { headers: z.object({ hidden_header: hidden() }) }, async function hidden_header({ headers }) {
    return { hidden_header: headers.hidden_header };
  });
  const path = z.object({ hidden_path: z.string().meta({ includeInSchema: false }) });
  app.get("/hidden_path/{hidden_path}", { path }, async function hidden_path({ path }) {
    return { hidden_path: path.hidden_path };
  });
  app.get("/hidden_query", { query: z.object({ hidden_query: hidden() }) }, async function hidden_query({ query }) {
    return { hidden_query: query.hidden_query };
  });
  return app;
}

test("test_hidden_cookie", async () => {
  same(await new TestClient(app().asgi).get("/hidden_cookie"), "inc_cookie_none");
  same(await new TestClient(app().asgi).get("/hidden_cookie", { cookies: { hidden_cookie: "somevalue" } }), "inc_cookie");
});

test("test_hidden_header", async () => {
  same(await new TestClient(app().asgi).get("/hidden_header"), "inc_header_none");
  same(await new TestClient(app().asgi).get("/hidden_header", { headers: { "Hidden-Header": "somevalue" } }), "inc_header");
});

test("test_hidden_path", async () => {
  same(await new TestClient(app().asgi).get("/hidden_path/hidden_path"), "inc_path");
});

test("test_hidden_query", async () => {
  same(await new TestClient(app().asgi).get("/hidden_query"), "inc_query_none");
  same(await new TestClient(app().asgi).get("/hidden_query?hidden_query=somevalue"), "inc_query");
});

test("test_openapi_schema", async () => {
  same(await new TestClient(app().asgi).get("/openapi.json"), "inc_openapi");
});
