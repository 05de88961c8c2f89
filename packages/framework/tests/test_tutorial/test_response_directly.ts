// Ports FastAPI's tests/test_tutorial/test_response_directly (tutorial001: jsonable_encoder then a JSONResponse;
// tutorial002: an XML Response). Answers recorded from FastAPI 0.142.2 by reference/responses.py.
import { test } from "vitest";
import { z } from "zod";
import { App, JSONResponse, jsonableEncoder, py, Response, TestClient } from "../../src/index.js";
import { sameAs, sameOpenAPI } from "./reference/check.js";

const Item = z.object({ title: z.string(), timestamp: py.datetime(), description: z.string().nullable().default(null) }).meta({ id: "Item" });

function tutorial001(): App {
  const app = new App();
  app.put("/items/{id}", { path: z.object({ id: z.string() }), body: Item }, function update_item({ body }) {
    const jsonCompatibleItemData = jsonableEncoder(body);
    return new JSONResponse(jsonCompatibleItemData);
  });
  return app;
}

test("test_path_operation [rd001]", async () => {
  const client = new TestClient(tutorial001().asgi);
  sameAs(await client.put("/items/1", { json: { title: "Foo", timestamp: "2023-01-01T12:00:00", description: "A test item" } }), "rd001_put");
  sameAs(await client.put("/items/1", { json: { title: "Foo", timestamp: "2023-01-01T12:00:00+02:00" } }), "rd001_put_offset");
  sameAs(await client.put("/items/1", { json: { title: "Foo", timestamp: "yesterday" } }), "rd001_put_bad");
});

test("test_openapi_schema [rd001]", async () => {
  await sameOpenAPI(tutorial001(), "rd001");
});

function tutorial002(): App {
  const app = new App();
  app.get("/legacy/", {}, function get_legacy_data() {
    const data = `<?xml version="1.0"?>
    <shampoo>
    <Header>
        Apply shampoo here.
    </Header>
    <Body>
        You'll have to use soap here.
    </Body>
    </shampoo>
    `;
    return new Response(data, { mediaType: "application/xml" });
  });
  return app;
}

test("test_path_operation [rd002]", async () => {
  sameAs(await new TestClient(tutorial002().asgi).get("/legacy/"), "rd002_get");
});

test("test_openapi_schema [rd002]", async () => {
  await sameOpenAPI(tutorial002(), "rd002");
});
