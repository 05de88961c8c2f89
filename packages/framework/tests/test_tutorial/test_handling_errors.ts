// Ports the intent of FastAPI's tests/test_tutorial/test_handling_errors (tutorials 001-006): bytes compared with FastAPI's.
import { JSONResponse, PlainTextResponse, TestClient, type Request } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import {
  App,
  HTTPException,
  RequestValidationError,
  httpExceptionHandler,
  jsonableEncoder,
  requestValidationExceptionHandler,
} from "../../src/index.js";
import { expectSameAsFastAPI } from "./fastapi_reference.js";

const same = (actual: unknown, expected: unknown): void => expect(actual).toEqual(expected);
const items: Record<string, string> = { foo: "The Foo Wrestlers" };

class UnicornException extends Error {
  constructor(readonly unicorn: string) {
    super(unicorn);
  }
}

function makeApp(): App {
  const app = new App();
  app.get("/items/{item_id}", { path: z.object({ item_id: z.string() }) }, ({ path }) => {
    const item = items[path.item_id];
    if (item === undefined) throw new HTTPException(404, "Item not found");
    return { item };
  });
  app.get("/items-header/{item_id}", { path: z.object({ item_id: z.string() }) }, ({ path }) => {
    const item = items[path.item_id];
    if (item === undefined) throw new HTTPException(404, "Item not found", { "X-Error": "There goes my error" });
    return { item };
  });
  app.addExceptionHandler(UnicornException, (_request, exc) =>
    new JSONResponse({ message: `Oops! ${exc.unicorn} did something. There goes a rainbow...` }, { status: 418 }),
  );
  app.get("/unicorns/{name}", { path: z.object({ name: z.string() }) }, ({ path }) => {
    if (path.name === "yolo") throw new UnicornException(path.name);
    return { unicorn_name: path.name };
  });
  app.get("/detail-obj", {}, () => {
    throw new HTTPException(400, { msg: "bad", codes: [1, 2] });
  });
  return app;
}

test("test_http_exception", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.get("/items/foo"), "err_item", same);
  expectSameAsFastAPI(await client.get("/items/bar"), "err_item_404", same);
  expectSameAsFastAPI(await client.get("/items-header/bar"), "err_header", same);
  expectSameAsFastAPI(await client.get("/detail-obj"), "err_detail_obj", same);
});

test("test_custom_exception_handler", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.get("/unicorns/yolo"), "err_unicorn", same);
  expectSameAsFastAPI(await client.get("/unicorns/shinny"), "err_unicorn_ok", same);
});

test("test_default_404_and_405_are_json", async () => {
  const client = new TestClient(makeApp().asgi);
  let response = await client.get("/nope");
  expect(response.rawHeaders).toEqual([
    ["content-length", "22"],
    ["content-type", "application/json"],
  ]);
  expect(response.text).toBe('{"detail":"Not Found"}');
  response = await client.post("/items/foo");
  expect(response.status).toBe(405);
  expect(response.rawHeaders).toEqual([
    ["allow", "GET"],
    ["content-length", "31"],
    ["content-type", "application/json"],
  ]);
  expect(response.text).toBe('{"detail":"Method Not Allowed"}');
});

/** Python's repr of a loc tuple, as tutorial004 prints it. */
const pyTuple = (loc: (string | number)[]): string => `(${loc.map((part) => (typeof part === "string" ? `'${part}'` : String(part))).join(", ")})`;

function itemsApp(): App {
  const app = new App();
  app.get("/items/{item_id}", { path: z.object({ item_id: z.int() }) }, ({ path }) => {
    if (path.item_id === 3) throw new HTTPException(418, "Nope! I don't like 3.");
    return { item_id: path.item_id };
  });
  return app;
}

test("test_override_default_handlers", async () => {
  const app = itemsApp();
  app.addExceptionHandler(HTTPException, (_request, exc) => new PlainTextResponse(String(exc.detail), { status: exc.statusCode }));
  app.addExceptionHandler(RequestValidationError, (_request, exc) => {
    let message = "Validation errors:";
    for (const error of exc.errors()) message += `\nField: ${pyTuple(error.loc)}, Error: ${error.msg}`;
    return new PlainTextResponse(message, { status: 400 });
  });
  const client = new TestClient(app.asgi);
  expectSameAsFastAPI(await client.get("/items/foo"), "err4_bad", same);
  expectSameAsFastAPI(await client.get("/items/3"), "err4_3", same);
  expectSameAsFastAPI(await client.get("/items/2"), "err4_ok", same);
});

test("test_validation_error_body", async () => {
  const app = new App();
  app.addExceptionHandler(RequestValidationError, (_request, exc) =>
    new JSONResponse(jsonableEncoder({ detail: exc.errors(), body: exc.body }), { status: 422 }),
  );
  app.post("/items/", { body: z.object({ title: z.string(), size: z.int() }) }, ({ body }) => body);
  const client = new TestClient(app.asgi);
  expectSameAsFastAPI(await client.post("/items/", { json: { title: "towel", size: "XL" } }), "err5_bad", same);
  expectSameAsFastAPI(await client.post("/items/", { json: { title: "towel", size: 5 } }), "err5_ok", same);
});

test("test_reuse_default_handlers", async () => {
  const seen: string[] = [];
  const app = itemsApp();
  app.addExceptionHandler(HTTPException, (request: Request, exc) => {
    seen.push(`OMG! An HTTP error!: ${exc.statusCode}`);
    return httpExceptionHandler(request, exc);
  });
  app.addExceptionHandler(RequestValidationError, (request: Request, exc) => {
    seen.push(`OMG! The client sent invalid data!: ${exc.errors().length}`);
    return requestValidationExceptionHandler(request, exc);
  });
  const client = new TestClient(app.asgi);
  expectSameAsFastAPI(await client.get("/items/foo"), "err6_bad", same);
  expectSameAsFastAPI(await client.get("/items/3"), "err6_3", same);
  expectSameAsFastAPI(await client.get("/items/2"), "err6_ok", same);
  expect(seen).toEqual(["OMG! The client sent invalid data!: 1", "OMG! An HTTP error!: 418"]);
});

test("test_unhandled_error_is_a_plain_500", async () => {
  const app = new App();
  app.get("/boom", {}, () => {
    throw new Error("boom");
  });
  const response = await new TestClient(app.asgi, { raiseServerExceptions: false }).get("/boom");
  expect(response.status).toBe(500);
  expect(response.rawHeaders).toEqual([
    ["content-length", "21"],
    ["content-type", "text/plain; charset=utf-8"],
  ]);
  expect(response.text).toBe("Internal Server Error");
});
