// Ports FastAPI's tests/test_tutorial/test_generate_clients (tutorial001 to 003), FastAPI's callbacks tutorial
// (test_openapi_callbacks) and webhooks tutorial (test_openapi_webhooks): response models and tags as a client
// generator reads them, generateUniqueIdFunction, `callbacks` and `app.webhooks`; each as FastAPI 0.142.2's bytes.
import { expect, test } from "vitest";
import { z } from "zod";
import { APIRouter, App, docstring, py, TestClient, type APIRoute } from "../../src/index.js";
import { OAPI } from "./reference/openapi_config.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(OAPI[name]);
}

const Item = z.object({ name: z.string(), price: z.number() }).meta({ id: "Item" });
const ResponseMessage = z.object({ message: z.string() }).meta({ id: "ResponseMessage" });
const User = z.object({ username: z.string(), email: z.string() }).meta({ id: "User" });

function makeApp(tutorial: string): App {
  const tagged = tutorial !== "001";
  const app = new App(tutorial === "003" ? { generateUniqueIdFunction: (route: APIRoute) => `${route.tags[0]}-${route.name}` } : {});
  const tags = (tag: string): { tags?: string[] } => (tagged ? { tags: [tag] } : {});
  app.post("/items/", { body: Item, response: ResponseMessage, ...tags("items") }, function create_item() {
    return { message: tagged ? "Item received" : "item received" };
  });
  app.get("/items/", { response: z.array(Item), ...tags("items") }, function get_items() {
    return [
      { name: "Plumbus", price: 3 },
      { name: "Portal Gun", price: 9001 },
    ];
  });
  if (tagged) {
    app.post("/users/", { body: User, response: ResponseMessage, ...tags("users") }, function create_user() {
      return { message: "User received" };
    });
  }
  return app;
}

test.each(["001", "002", "003"])("test_post_items %s", async (tutorial) => {
  const client = new TestClient(makeApp(tutorial).asgi);
  same(await client.post("/items/", { json: { name: "Foo", price: 5 } }), `gen_${tutorial}_post_items`);
  same(await client.get("/items/"), `gen_${tutorial}_get_items`);
  same(await client.post("/users/", { json: { username: "Foo", email: "foo@example.com" } }), `gen_${tutorial}_post_users`);
  same(await client.post("/items/", { json: { name: "Foo" } }), `gen_${tutorial}_invalid`);
});

test.each(["001", "002", "003"])("test_openapi_schema %s", async (tutorial) => {
  same(await new TestClient(makeApp(tutorial).asgi).get("/openapi.json"), `gen_${tutorial}_openapi`);
});

// openapi_callbacks
function callbacksApp(): App {
  const Invoice = z
    .object({ id: z.string(), title: z.string().nullable().default(null), customer: z.string(), total: z.number() })
    .meta({ id: "Invoice" });
  const InvoiceEvent = z.object({ description: z.string(), paid: z.boolean() }).meta({ id: "InvoiceEvent" });
  const InvoiceEventReceived = z.object({ ok: z.boolean() }).meta({ id: "InvoiceEventReceived" });
  const invoicesCallbackRouter = new APIRouter();
  invoicesCallbackRouter.post(
    "{$callback_url}/invoices/{$request.body.id}",
    { body: InvoiceEvent, response: InvoiceEventReceived },
    function invoice_notification() {
      return { ok: true };
    },
  );
  const app = new App();
  const description = docstring(`
    Create an invoice.

    This will (let's imagine) let the API user (some external developer) create an
    invoice.

    And this path operation will:

    * Send the invoice to the client.
    * Collect the money from the client.
    * Send a notification back to the API user (the external developer), as a callback.
        * At this point is that the API will somehow send a POST request to the
            external API with the notification of the invoice event
            (e.g. "payment successful").
    `);
  const query = z.object({ callback_url: py.httpUrl().nullable().default(null) });
  app.post("/invoices/", { body: Invoice, query, callbacks: invoicesCallbackRouter.routes, description }, function create_invoice() {
    return { msg: "Invoice received" };
  });
  return app;
}

test("test_get", async () => {
  const client = new TestClient(callbacksApp().asgi);
  const invoice = { id: "fooinvoice", customer: "John", total: 5.3 };
  same(await client.post("/invoices/", { json: invoice }), "cb_post");
  same(await client.post("/invoices/?callback_url=https://example.com/events", { json: invoice }), "cb_post_url");
  same(await client.post("/invoices/?callback_url=not-a-url", { json: invoice }), "cb_post_bad_url");
  same(await client.post("/invoices/", { json: { id: "fooinvoice" } }), "cb_post_invalid");
});

test("test_openapi_schema callbacks", async () => {
  same(await new TestClient(callbacksApp().asgi).get("/openapi.json"), "cb_openapi");
});

// openapi_webhooks
function webhooksApp(): App {
  const Subscription = z.object({ username: z.string(), monthly_fee: z.number(), start_date: py.datetime() }).meta({ id: "Subscription" });
  const app = new App();
  const description = docstring(`
    When a new user subscribes to your service we'll send you a POST request with this
    data to the URL that you register for the event \`new-subscription\` in the dashboard.
    `);
  app.webhooks.post("new-subscription", { body: Subscription, description }, function new_subscription() {
    return null;
  });
  app.get("/users/", function read_users() {
    return ["Rick", "Morty"];
  });
  return app;
}

test("test_get webhooks", async () => {
  const client = new TestClient(webhooksApp().asgi);
  same(await client.get("/users/"), "wh_users");
  // A webhook is documented, never served.
  same(await client.post("/new-subscription"), "wh_new_subscription");
});

test("test_openapi_schema webhooks", async () => {
  same(await new TestClient(webhooksApp().asgi).get("/openapi.json"), "wh_openapi");
});

test("test_openapi_schema webhooks with parameters", async () => {
  // Not a tutorial app: a webhook's parameters are written in FastAPI's Parameter model order (`webhooks` always goes
  // through its models), a path's as built.
  const app = new App();
  const query = z.object({ q: z.string().meta({ description: "The event's kind" }), tags: z.array(z.string()).nullable().default(null) });
  app.webhooks.post("user-event", { query }, function user_event() {
    return null;
  });
  const path = z.object({ user_id: z.int() });
  app.get("/users/{user_id}", { path, query: z.object({ q: z.string().nullable().default(null) }) }, function read_user({ path }) {
    return { user_id: path.user_id };
  });
  same(await new TestClient(app.asgi).get("/openapi.json"), "wh_params_openapi");
});
