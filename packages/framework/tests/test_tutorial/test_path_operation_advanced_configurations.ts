// Ports FastAPI's tests/test_tutorial/test_path_operation_advanced_configurations (tutorial001 to 007): operationId,
// generateUniqueIdFunction, includeInSchema, the description cut at a form feed, openapiExtra (an extension, a whole
// request body read by hand, a YAML body documented by a model's JSON Schema), each as FastAPI 0.142.2's bytes.
import { expect, test } from "vitest";
import { z } from "zod";
import { App, docstring, HTTPException, modelJsonSchema, py, TestClient, validationErrors, type APIRoute } from "../../src/index.js";
import { OAPI } from "./reference/openapi_config.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(OAPI[name]);
}

test("test_get 001 (operationId)", async () => {
  const app = new App();
  app.get("/items/", { operationId: "some_specific_id_you_define" }, function read_items() {
    return [{ item_id: "Foo" }];
  });
  const client = new TestClient(app.asgi);
  same(await client.get("/items/"), "poac_001_get");
  same(await client.get("/openapi.json"), "poac_001_openapi");
});

test("test_get 002 (generateUniqueIdFunction)", async () => {
  const app = new App({ generateUniqueIdFunction: (route: APIRoute) => route.name });
  app.get("/items/", function read_items() {
    return [{ item_id: "Foo" }];
  });
  const client = new TestClient(app.asgi);
  same(await client.get("/items/"), "poac_002_get");
  same(await client.get("/openapi.json"), "poac_002_openapi");
});

test("test_get 003 (includeInSchema)", async () => {
  const app = new App();
  app.get("/items/", { includeInSchema: false }, function read_items() {
    return [{ item_id: "Foo" }];
  });
  const client = new TestClient(app.asgi);
  same(await client.get("/items/"), "poac_003_get");
  same(await client.get("/openapi.json"), "poac_003_openapi");
});

test("test_openapi_schema 004 (description cut at a form feed)", async () => {
  const Item = z
    .object({
      name: z.string(),
      description: z.string().nullable().default(null),
      price: z.number(),
      tax: z.number().nullable().default(null),
      tags: py.set(z.string()).default(new Set()),
    })
    .meta({ id: "Item" });
  const description = docstring(`
    Create an item with all the information:

    - **name**: each item must have a name
    - **description**: a long description
    - **price**: required
    - **tax**: if the item doesn't have tax, you can omit this
    - **tags**: a set of unique tag strings for this item
    \f
    :param item: User input.
    `);
  const app = new App();
  app.post("/items/", { body: Item, response: Item, summary: "Create an item", description }, function create_item({ body }) {
    return body;
  });
  const client = new TestClient(app.asgi);
  same(await client.post("/items/", { json: { name: "Foo", price: 42 } }), "poac_004_post");
  same(await client.get("/openapi.json"), "poac_004_openapi");
});

test("test_get 005 (openapiExtra)", async () => {
  const app = new App();
  app.get("/items/", { openapiExtra: { "x-aperture-labs-portal": "blue" } }, function read_items() {
    return [{ item_id: "portal-gun" }];
  });
  const client = new TestClient(app.asgi);
  same(await client.get("/items/"), "poac_005_get");
  same(await client.get("/openapi.json"), "poac_005_openapi");
});

function magicDataReader(rawBody: Uint8Array): Record<string, unknown> {
  return { size: rawBody.length, content: { name: "Maaaagic", price: 42, description: "Just kiddin', no magic here. ✨" } };
}

test("test_post 006 (a request body documented by hand)", async () => {
  const app = new App();
  const openapiExtra = {
    requestBody: {
      content: {
        "application/json": {
          schema: {
            required: ["name", "price"],
            type: "object",
            properties: { name: { type: "string" }, price: { type: "number" }, description: { type: "string" } },
          },
        },
      },
      required: true,
    },
  };
  app.post("/items/", { openapiExtra }, async function create_item({ request }) {
    return magicDataReader(await request.body());
  });
  const client = new TestClient(app.asgi);
  same(await client.post("/items/", { content: "this is actually not validated" }), "poac_006_post");
  same(await client.get("/openapi.json"), "poac_006_openapi");
});

/** The tutorial's YAML: `key: value` lines and `- item` lists of one level, enough for its bodies. */
function parseYaml(text: string): unknown {
  const out: Record<string, unknown> = {};
  let list: unknown[] | undefined;
  for (const line of text.split("\n").map((each) => each.trim()).filter(Boolean)) {
    const item = /^- (.*)$/.exec(line);
    if (item && list) {
      const pair = /^(\w+): (.*)$/.exec(item[1] ?? "");
      list.push(pair ? { [pair[1] ?? ""]: pair[2] } : item[1]);
      continue;
    }
    const pair = /^(\w+):(?: (.*))?$/.exec(line);
    if (!pair) throw new SyntaxError(`not YAML: ${line}`);
    list = pair[2] === undefined ? [] : undefined;
    out[pair[1] ?? ""] = list ?? pair[2];
  }
  return out;
}

function app007(): App {
  const Item = z.object({ name: z.string(), tags: z.array(z.string()) }).meta({ id: "Item" });
  const app = new App();
  const openapiExtra = { requestBody: { content: { "application/x-yaml": { schema: modelJsonSchema(Item) } }, required: true } };
  app.post("/items/", { openapiExtra }, async function create_item({ request }) {
    let data: unknown;
    try {
      data = parseYaml(new TextDecoder().decode(await request.body()));
    } catch {
      throw new HTTPException(422, "Invalid YAML");
    }
    const result = Item.safeParse(data);
    if (!result.success) throw new HTTPException(422, validationErrors(Item, data));
    return result.data;
  });
  return app;
}

test("test_post 007", async () => {
  const yaml = "\n    name: Deadpoolio\n    tags:\n    - x-force\n    - x-men\n    - x-avengers\n    ";
  same(await new TestClient(app007().asgi).post("/items/", { content: yaml }), "poac_007_post");
});

test("test_post_broken_yaml 007", async () => {
  const yaml = "\n    name: Deadpoolio\n    tags:\n    x - x-force\n    x - x-men\n    x - x-avengers\n    ";
  same(await new TestClient(app007().asgi).post("/items/", { content: yaml }), "poac_007_broken");
});

test("test_post_invalid 007", async () => {
  const yaml = "\n    name: Deadpoolio\n    tags:\n    - x-force\n    - x-men\n    - x-avengers\n    - sneaky: object\n    ";
  same(await new TestClient(app007().asgi).post("/items/", { content: yaml }), "poac_007_invalid");
});

test("test_openapi_schema 007", async () => {
  same(await new TestClient(app007().asgi).get("/openapi.json"), "poac_007_openapi");
});
