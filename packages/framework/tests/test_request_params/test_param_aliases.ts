// Ports the alias cases of FastAPI's tests/test_request_params (test_query, test_header, test_cookie, test_body,
// test_form:
// test_required_str, test_optional_str, test_list; not their parameter models): each parameter without alias,
// with `alias`, `validation_alias` and both, read by its name, its alias and its validation alias, and its OpenAPI
// document. Bytes as FastAPI 0.142.2's (test_tutorial/reference/params_alias.py).
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../../src/index.js";
import { PARAMS_ALIAS } from "../test_tutorial/reference/params_alias.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(PARAMS_ALIAS[name]);
}

const STYLES = {
  plain: {},
  alias: { alias: "p_alias" },
  val: { validationAlias: "p_val_alias" },
  both: { alias: "p_alias", validationAlias: "p_val_alias" },
} as const;

const KINDS = {
  req: (): z.ZodType => z.string(),
  opt: (): z.ZodType => z.string().nullable().default(null),
  list: (): z.ZodType => z.array(z.string()),
} as const;

type Location = "query" | "header" | "cookie";
const GROUP = { query: "query", header: "headers", cookie: "cookies" } as const;

function app(location: Location): App {
  const app = new App();
  for (const [style, meta] of Object.entries(STYLES)) {
    for (const [kind, schema] of Object.entries(KINDS)) {
      const params = z.object({ p: schema().meta(meta) });
      // Named as FastAPI's endpoint, for the operationId and summary.
      const endpoint = { [`read_${kind}_${style}`]: (args: { query: unknown; headers: unknown; cookies: unknown }) => ({ p: (args[GROUP[location]] as { p: unknown }).p }) }[
        `read_${kind}_${style}`
      ] as (args: unknown) => unknown;
      app.get(`/${kind}-${style}`, { [GROUP[location]]: params }, endpoint as never);
    }
  }
  return app;
}

function send(client: TestClient, location: Location, url: string, list: boolean, name: string): ReturnType<TestClient["get"]> {
  if (location === "query") return client.get(list ? `${url}?${name}=hello&${name}=world` : `${url}?${name}=hello`);
  if (location === "header") return client.get(url, { headers: list ? [[name, "hello"], [name, "world"]] : { [name]: "hello" } });
  return client.get(url, { cookies: { [name]: "hello" } });
}

describe.each(["query", "header", "cookie"] as const)("%s", (location) => {
  for (const style of Object.keys(STYLES)) {
    for (const kind of Object.keys(KINDS)) {
      test(`test_${kind}_${style}`, async () => {
        const client = new TestClient(app(location).asgi);
        const url = `/${kind}-${style}`;
        same(await client.get(url), `rp_${location}_${kind}_${style}_none`);
        for (const sent of ["p", "p_alias", "p_val_alias"]) {
          same(await send(client, location, url, kind === "list", sent), `rp_${location}_${kind}_${style}_${sent}`);
        }
      });
    }
  }

  test("test_openapi_schema", async () => {
    same(await new TestClient(app(location).asgi).get("/openapi.json"), `rp_${location}_openapi`);
  });
});

type BodyLocation = "body" | "form";

function bodyApp(location: BodyLocation): App {
  const app = new App();
  for (const [style, meta] of Object.entries(STYLES)) {
    for (const [kind, schema] of Object.entries(KINDS)) {
      const fields = { p: schema().meta(meta) };
      const endpoint = { [`read_${kind}_${style}`]: (args: { body: unknown; form: unknown }) => ({ p: (args[location] as { p: unknown }).p }) }[
        `read_${kind}_${style}`
      ] as (args: unknown) => unknown;
      app.post(`/${kind}-${style}`, { [location]: fields }, endpoint as never);
    }
  }
  return app;
}

describe.each(["body", "form"] as const)("%s", (location) => {
  for (const style of Object.keys(STYLES)) {
    for (const kind of Object.keys(KINDS)) {
      test(`test_${kind}_${style}`, async () => {
        const client = new TestClient(bodyApp(location).asgi);
        const url = `/${kind}-${style}`;
        same(await client.post(url), `rp_${location}_${kind}_${style}_none`);
        for (const sent of ["p", "p_alias", "p_val_alias"]) {
          const value = kind === "list" ? ["hello", "world"] : "hello";
          const response = location === "body" ? await client.post(url, { json: { [sent]: value } }) : await client.post(url, { data: { [sent]: value } });
          same(response, `rp_${location}_${kind}_${style}_${sent}`);
        }
      });
    }
  }

  test("test_openapi_schema", async () => {
    same(await new TestClient(bodyApp(location).asgi).get("/openapi.json"), `rp_${location}_openapi`);
  });
});
