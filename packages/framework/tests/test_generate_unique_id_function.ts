// Ports FastAPI's tests/test_generate_unique_id_function.py: the operationId (and the names FastAPI derives from it,
// Body_<id> and the response titles) from the App's, a router's, an include's or a route's generateUniqueIdFunction,
// the closest one winning, in callbacks too; and the warning for a duplicate operationId. Documents byte for byte as
// FastAPI 0.142.2's.
import { expect, test } from "vitest";
import { z } from "zod";
import { APIRouter, App, TestClient, type APIRoute } from "../src/index.js";
import { OAPI_TESTS } from "./test_tutorial/reference/openapi_tests.js";

const MODULE = "test_generate_unique_id_function";

async function sameOpenAPI(app: App, test: string): Promise<void> {
  const response = await new TestClient(app.asgi).get("/openapi.json");
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(OAPI_TESTS[`${MODULE}.${test}.0`]);
}

const customGenerateUniqueId = (route: APIRoute): string => `foo_${route.name}`;
const customGenerateUniqueId2 = (route: APIRoute): string => `bar_${route.name}`;
const customGenerateUniqueId3 = (route: APIRoute): string => `baz_${route.name}`;

const Item = z.object({ name: z.string(), price: z.number() }).meta({ id: "Item" });
const Message = z.object({ title: z.string(), description: z.string() }).meta({ id: "Message" });

/** The tests' route: two body parameters, a list response and a documented 404. */
function spec(extra: { generateUniqueIdFunction?: (route: APIRoute) => string; callbacks?: APIRouter["routes"] } = {}) {
  return { body: { item1: Item, item2: Item }, response: z.array(Item), responses: { 404: { model: z.array(Message) } }, ...extra };
}

function handler({ body }: { body: { item1: z.output<typeof Item>; item2: z.output<typeof Item> } }): z.output<typeof Item>[] {
  return [body.item1, body.item2];
}

test("test_top_level_generate_unique_id", async () => {
  const app = new App({ generateUniqueIdFunction: customGenerateUniqueId });
  const router = new APIRouter();
  app.post("/", spec(), function post_root(args) {
    return handler(args);
  });
  router.post("/router", spec(), function post_router(args) {
    return handler(args);
  });
  app.includeRouter(router);
  await sameOpenAPI(app, "test_top_level_generate_unique_id");
});

test("test_router_overrides_generate_unique_id", async () => {
  const app = new App({ generateUniqueIdFunction: customGenerateUniqueId });
  const router = new APIRouter({ generateUniqueIdFunction: customGenerateUniqueId2 });
  app.post("/", spec(), function post_root(args) {
    return handler(args);
  });
  router.post("/router", spec(), function post_router(args) {
    return handler(args);
  });
  app.includeRouter(router);
  await sameOpenAPI(app, "test_router_overrides_generate_unique_id");
});

test("test_router_include_overrides_generate_unique_id", async () => {
  const app = new App({ generateUniqueIdFunction: customGenerateUniqueId });
  const router = new APIRouter({ generateUniqueIdFunction: customGenerateUniqueId2 });
  app.post("/", spec(), function post_root(args) {
    return handler(args);
  });
  router.post("/router", spec(), function post_router(args) {
    return handler(args);
  });
  app.includeRouter(router, { generateUniqueIdFunction: customGenerateUniqueId3 });
  await sameOpenAPI(app, "test_router_include_overrides_generate_unique_id");
});

test("test_subrouter_top_level_include_overrides_generate_unique_id", async () => {
  const app = new App({ generateUniqueIdFunction: customGenerateUniqueId });
  const router = new APIRouter();
  const subRouter = new APIRouter({ generateUniqueIdFunction: customGenerateUniqueId2 });
  app.post("/", spec(), function post_root(args) {
    return handler(args);
  });
  router.post("/router", spec(), function post_router(args) {
    return handler(args);
  });
  subRouter.post("/subrouter", spec(), function post_subrouter(args) {
    return handler(args);
  });
  router.includeRouter(subRouter);
  app.includeRouter(router, { generateUniqueIdFunction: customGenerateUniqueId3 });
  await sameOpenAPI(app, "test_subrouter_top_level_include_overrides_generate_unique_id");
});

test("test_router_path_operation_overrides_generate_unique_id", async () => {
  const app = new App({ generateUniqueIdFunction: customGenerateUniqueId });
  const router = new APIRouter({ generateUniqueIdFunction: customGenerateUniqueId2 });
  app.post("/", spec(), function post_root(args) {
    return handler(args);
  });
  router.post("/router", spec({ generateUniqueIdFunction: customGenerateUniqueId3 }), function post_router(args) {
    return handler(args);
  });
  app.includeRouter(router);
  await sameOpenAPI(app, "test_router_path_operation_overrides_generate_unique_id");
});

test("test_app_path_operation_overrides_generate_unique_id", async () => {
  const app = new App({ generateUniqueIdFunction: customGenerateUniqueId });
  const router = new APIRouter({ generateUniqueIdFunction: customGenerateUniqueId2 });
  app.post("/", spec({ generateUniqueIdFunction: customGenerateUniqueId3 }), function post_root(args) {
    return handler(args);
  });
  router.post("/router", spec(), function post_router(args) {
    return handler(args);
  });
  app.includeRouter(router);
  await sameOpenAPI(app, "test_app_path_operation_overrides_generate_unique_id");
});

test("test_callback_override_generate_unique_id", async () => {
  const app = new App({ generateUniqueIdFunction: customGenerateUniqueId });
  const callbackRouter = new APIRouter({ generateUniqueIdFunction: customGenerateUniqueId2 });
  callbackRouter.post("/post-callback", spec({ generateUniqueIdFunction: customGenerateUniqueId3 }), function post_callback(args) {
    return handler(args);
  });
  app.post("/", spec({ generateUniqueIdFunction: customGenerateUniqueId3, callbacks: callbackRouter.routes }), function post_root(args) {
    return handler(args);
  });
  app.post("/tocallback", spec(), function post_with_callback(args) {
    return handler(args);
  });
  await sameOpenAPI(app, "test_callback_override_generate_unique_id");
});

test("test_warn_duplicate_operation_id", async () => {
  const app = new App({ generateUniqueIdFunction: () => "foo" });
  app.post("/", { body: Item }, function post_root({ body }) {
    return body;
  });
  app.post("/second", { body: Item }, function post_second({ body }) {
    return body;
  });
  app.post("/third", { body: Item }, function post_third({ body }) {
    return body;
  });
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => {
    if (warning.name === "UserWarning") warnings.push(warning.message);
  };
  process.on("warning", onWarning);
  try {
    await sameOpenAPI(app, "test_warn_duplicate_operation_id");
    // process "warning" events are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("warning", onWarning);
  }
  expect(warnings.length).toBeGreaterThanOrEqual(2);
  expect(warnings[0]).toContain("Duplicate Operation ID foo for function post_second");
});
