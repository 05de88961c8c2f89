// Ports FastAPI's tests/test_tutorial/test_extra_data_types (tutorial001) and covers pydantic's other standard
// types (set, frozenset, dict with int keys, Decimal, bytes, date, datetime, timedelta) through `py.*` schemas:
// validated, reported and serialized as FastAPI 0.142.2 with pydantic 2 does.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App, py } from "../../src/index.js";
import { FASTAPI13, OPENAPI13 } from "./fastapi_reference_13.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(FASTAPI13[name]);
}

/** Same JSON value (FastAPI writes jsonable_encoder's timedelta seconds as floats, "300.0"; JS numbers print "300"). */
function sameJSON(response: { status: number; text: string }, name: string): void {
  const recorded = FASTAPI13[name];
  expect([response.status, JSON.parse(response.text)]).toEqual([recorded?.status, JSON.parse(recorded?.body ?? "null")]);
}

function makeApp(): App {
  const app = new App();
  app.put(
    "/items/{item_id}",
    {
      path: z.object({ item_id: py.uuid() }),
      body: { start_datetime: py.datetime(), end_datetime: py.datetime(), process_after: py.timedelta(), repeat_at: py.time().nullable().default(null) },
    },
    function read_items({ path, body }) {
      const startProcess = body.start_datetime.add(body.process_after);
      const duration = body.end_datetime.subtract(startProcess);
      return { item_id: path.item_id, ...body, start_process: startProcess, duration };
    },
  );
  return app;
}

const UID = "ff97dd87-a4a5-4a12-b412-cde99f33e00e";

test("test_extra_types", async () => {
  const client = new TestClient(makeApp().asgi);
  const data = { start_datetime: "2018-12-22T14:00:00+00:00", end_datetime: "2018-12-24T15:00:00+00:00", repeat_at: "15:30:00", process_after: 300 };
  sameJSON(await client.put(`/items/${UID}`, { json: data }), "edt_ok");
});

test("test_naive_datetimes_iso_durations_and_hex_uuid", async () => {
  const client = new TestClient(makeApp().asgi);
  const naive = { start_datetime: "2018-12-22T14:00:00", end_datetime: "2018-12-24T15:00:00.5", process_after: "PT1H" };
  sameJSON(await client.put("/items/ff97dd87a4a54a12b412cde99f33e00e", { json: naive }), "edt_naive_iso");
  const offset = { start_datetime: "2018-12-22T14:00:00+05:30", end_datetime: "2018-12-24T15:00:00+05:30", process_after: "P1DT2H" };
  sameJSON(await client.put(`/items/${UID}`, { json: offset }), "edt_offset");
});

test("test_extra_types_errors", async () => {
  const client = new TestClient(makeApp().asgi);
  same(await client.put("/items/x", { json: { start_datetime: "x", end_datetime: "2018-13-22", process_after: "x", repeat_at: "99:00" } }), "edt_bad");
});

test("test_openapi_schema", () => {
  expect(JSON.stringify(makeApp().openapi())).toBe(JSON.stringify(JSON.parse(OPENAPI13["edt"] as string)));
});

const Types = z
  .object({
    tags: py.set(z.string()).default(new Set()),
    frozen: py.frozenset(z.int()).default(new Set()),
    weights: py.intKeyDict(z.number()).default(new Map()),
    price: py.decimal().default(() => py.decimal().parse("0")),
    data: py.bytes().default(new Uint8Array()),
    day: py.date().nullable().default(null),
    at: py.datetime().nullable().default(null),
    wait: py.timedelta().nullable().default(null),
  })
  .meta({ id: "Types" });

function typesApp(): App {
  const app = new App();
  app.post("/types/", { body: Types, response: Types }, function create_types({ body }) {
    return body;
  });
  return app;
}

test("test_standard_types_serialized_as_pydantic", async () => {
  const client = new TestClient(typesApp().asgi);
  const response = await client.post("/types/", {
    json: { tags: ["a"], frozen: [1, 1], weights: { "1": 0.5 }, price: "1.50", data: "abc", day: "2020-01-02", at: "2020-01-02T03:04:05Z", wait: 90 },
  });
  // FastAPI's set order is Python's hash order; with one tag the bytes are the same as its.
  const recorded = JSON.parse(FASTAPI13["types_ok"]?.body ?? "{}") as Record<string, unknown>;
  expect(response.text).toBe(JSON.stringify({ ...recorded, tags: ["a"] }));
});

test("test_standard_types_errors", async () => {
  const client = new TestClient(typesApp().asgi);
  const bad = { tags: "a", frozen: 3, weights: { x: 1.0 }, price: "z", data: 3, day: "2020-01-02T10:00:00", at: [], wait: "x" };
  same(await client.post("/types/", { json: bad }), "types_bad");
  same(await client.post("/types/", { json: { weights: { "2": "y" }, tags: ["a", 3] } }), "types_bad_value");
});
