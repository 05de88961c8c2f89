// Ports FastAPI's tests/test_tutorial/test_additional_status_codes (tutorial001 and its Annotated twin: a
// JSONResponse with another status). Answers recorded from FastAPI 0.142.2 by reference/responses.py.
import { test } from "vitest";
import { z } from "zod";
import { App, JSONResponse, status, TestClient } from "../../src/index.js";
import { sameAs, sameOpenAPI } from "./reference/check.js";

function makeApp(): App {
  const items: Record<string, { name: string | null; size: number | null }> = { foo: { name: "Fighters", size: 6 }, bar: { name: "Tenders", size: 3 } };
  const app = new App();
  const spec = {
    path: z.object({ item_id: z.string() }),
    body: { name: z.string().nullable().default(null), size: z.int().nullable().default(null) },
  };
  app.put("/items/{item_id}", spec, async function upsert_item({ path, body }) {
    const existing = items[path.item_id];
    if (existing !== undefined) {
      existing.name = body.name;
      existing.size = body.size;
      return existing;
    }
    const item = { name: body.name, size: body.size };
    items[path.item_id] = item;
    return new JSONResponse(item, { status: status.HTTP_201_CREATED });
  });
  return app;
}

test("test_update", async () => {
  sameAs(await new TestClient(makeApp().asgi).put("/items/foo", { json: { name: "Wrestlers" } }), "asc001_update");
});

test("test_create", async () => {
  sameAs(await new TestClient(makeApp().asgi).put("/items/red", { json: { name: "Chillies" } }), "asc001_create");
});

test("test_invalid_and_empty_bodies", async () => {
  const client = new TestClient(makeApp().asgi);
  sameAs(await client.put("/items/bar", { json: { size: "big" } }), "asc001_bad_size");
  sameAs(await client.put("/items/blue"), "asc001_no_body");
});

test("test_openapi_schema", async () => {
  await sameOpenAPI(makeApp(), "asc001");
});
