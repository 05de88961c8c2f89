// The handling_errors tutorial apps (FastAPI's docs_src, tutorial001-006) against FastAPI 0.142.2's recorded answers
// (reference/handling_errors.py): what test_handling_errors.ts does not pin yet — the OpenAPI documents, and the
// router's own 404 going through a replaced HTTPException handler.
import type { Request } from "@mono/asgi";
import { test } from "vitest";
import { z } from "zod";
import {
  App,
  HTTPException,
  JSONResponse,
  PlainTextResponse,
  RequestValidationError,
  TestClient,
  httpExceptionHandler,
  jsonableEncoder,
  requestValidationExceptionHandler,
} from "../../src/index.js";
import { HANDLING_ERRORS } from "./reference/handling_errors.js";
import { expectRecorded, type Answer } from "./reference/recorded.js";

const same = (response: Answer, name: string): void => expectRecorded(response, HANDLING_ERRORS, name);
const items: Record<string, string> = { foo: "The Foo Wrestlers" };

function tutorial001(): App {
  const app = new App();
  app.get("/items/{item_id}", { path: z.object({ item_id: z.string() }) }, async function readItem({ path }) {
    const item = items[path.item_id];
    if (item === undefined) throw new HTTPException(404, "Item not found");
    return { item };
  });
  return app;
}

function tutorial002(): App {
  const app = new App();
  app.get("/items-header/{item_id}", { path: z.object({ item_id: z.string() }) }, async function readItemHeader({ path }) {
    const item = items[path.item_id];
    if (item === undefined) throw new HTTPException(404, "Item not found", { "X-Error": "There goes my error" });
    return { item };
  });
  return app;
}

class UnicornException extends Error {
  constructor(readonly unicorn: string) {
    super(unicorn);
  }
}

function tutorial003(): App {
  const app = new App();
  app.addExceptionHandler(UnicornException, async function unicornExceptionHandler(_request, exc) {
    return new JSONResponse({ message: `Oops! ${exc.unicorn} did something. There goes a rainbow...` }, { status: 418 });
  });
  app.get("/unicorns/{name}", { path: z.object({ name: z.string() }) }, async function readUnicorn({ path }) {
    if (path.name === "yolo") throw new UnicornException(path.name);
    return { unicorn_name: path.name };
  });
  return app;
}

function readItemApp(app: App): App {
  app.get("/items/{item_id}", { path: z.object({ item_id: z.int() }) }, async function readItem({ path }) {
    if (path.item_id === 3) throw new HTTPException(418, "Nope! I don't like 3.");
    return { item_id: path.item_id };
  });
  return app;
}

/** Python's repr of a tuple of strings and ints: ('path', 'item_id'). */
const pyTuple = (loc: readonly (string | number)[]): string =>
  `(${loc.map((part) => (typeof part === "number" ? String(part) : `'${part}'`)).join(", ")}${loc.length === 1 ? "," : ""})`;

function tutorial004(): App {
  const app = new App();
  app.addExceptionHandler(HTTPException, async function httpExceptionHandler(_request, exc) {
    return new PlainTextResponse(String(exc.detail), { status: exc.statusCode });
  });
  app.addExceptionHandler(RequestValidationError, async function validationExceptionHandler(_request, exc) {
    let message = "Validation errors:";
    for (const error of exc.errors()) message += `\nField: ${pyTuple(error.loc)}, Error: ${error.msg}`;
    return new PlainTextResponse(message, { status: 400 });
  });
  return readItemApp(app);
}

function tutorial005(): App {
  const app = new App();
  app.addExceptionHandler(RequestValidationError, async function validationExceptionHandler(_request, exc) {
    return new JSONResponse(jsonableEncoder({ detail: exc.errors(), body: exc.body }), { status: 422 });
  });
  const Item = z.object({ title: z.string(), size: z.int() }).meta({ id: "Item" });
  app.post("/items/", { body: Item }, async function createItem({ body }) {
    return body;
  });
  return app;
}

function tutorial006(): App {
  const app = new App();
  app.addExceptionHandler(HTTPException, async function customHttpExceptionHandler(request: Request, exc) {
    return httpExceptionHandler(request, exc);
  });
  app.addExceptionHandler(RequestValidationError, async function validationExceptionHandler(request: Request, exc) {
    return requestValidationExceptionHandler(request, exc);
  });
  return readItemApp(app);
}

test.each([
  [tutorial001, "get", "/items/foo", "t001_foo"],
  [tutorial001, "get", "/items/bar", "t001_bar"],
  [tutorial001, "get", "/openapi.json", "t001_openapi"],
  [tutorial002, "get", "/items-header/foo", "t002_foo"],
  [tutorial002, "get", "/items-header/bar", "t002_bar"],
  [tutorial002, "get", "/openapi.json", "t002_openapi"],
  [tutorial003, "get", "/unicorns/shinzo", "t003_shinzo"],
  [tutorial003, "get", "/unicorns/yolo", "t003_yolo"],
  [tutorial003, "get", "/openapi.json", "t003_openapi"],
  [tutorial004, "get", "/items/foo", "t004_foo"],
  [tutorial004, "get", "/items/3", "t004_3"],
  [tutorial004, "get", "/items/2", "t004_2"],
  [tutorial004, "get", "/nope", "t004_missing"],
  [tutorial004, "get", "/openapi.json", "t004_openapi"],
  [tutorial006, "get", "/items/foo", "t006_foo"],
  [tutorial006, "get", "/items/3", "t006_3"],
  [tutorial006, "get", "/items/2", "t006_2"],
  [tutorial006, "get", "/openapi.json", "t006_openapi"],
] as const)("%#: %s %s %s", async (makeApp, _method, url, name) => {
  same(await new TestClient(makeApp().asgi).get(url), name);
});

test("tutorial005: the invalid body is sent back with the errors", async () => {
  const client = new TestClient(tutorial005().asgi);
  same(await client.post("/items/", { json: { title: "towel", size: "XL" } }), "t005_invalid");
  same(await client.post("/items/", { json: { title: "towel", size: 5 } }), "t005_valid");
  same(await client.get("/openapi.json"), "t005_openapi");
});
