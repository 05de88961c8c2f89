// Ports Starlette's tests/middleware/test_errors.py (1.7.0: no JSON debug mode).
import { BackgroundTask, JSONResponse, Response, TestClient, type ASGIApp } from "@mono/asgi";
import { expect, test } from "vitest";
import { Route, ServerErrorMiddleware, Starlette } from "../../src/index.js";

const failing: ASGIApp = async () => {
  throw new RangeError("Something went wrong");
};

test("test_handler", async () => {
  const error500 = (): Response => new JSONResponse({ detail: "Server Error" }, { status: 500 });
  const app = new ServerErrorMiddleware(failing, { handler: error500 });
  const response = await new TestClient(app.asgi, { raiseServerExceptions: false }).get("/");
  expect(response.status).toBe(500);
  expect(response.json()).toEqual({ detail: "Server Error" });
});

test("test_plain_500", async () => {
  const app = new ServerErrorMiddleware(failing);
  const response = await new TestClient(app.asgi, { raiseServerExceptions: false }).get("/");
  expect(response.status).toBe(500);
  expect(response.rawHeaders).toEqual([
    ["content-length", "21"],
    ["content-type", "text/plain; charset=utf-8"],
  ]);
  expect(response.text).toBe("Internal Server Error");
});

test("test_debug_text", async () => {
  const app = new ServerErrorMiddleware(failing, { debug: true });
  const response = await new TestClient(app.asgi, { raiseServerExceptions: false }).get("/");
  expect(response.status).toBe(500);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
  expect(response.text).toContain("RangeError: Something went wrong");
  expect(response.text).toContain("test_errors.ts");
});

test("test_debug_html", async () => {
  const app = new ServerErrorMiddleware(failing, { debug: true });
  const response = await new TestClient(app.asgi, { raiseServerExceptions: false }).get("/", {
    headers: { Accept: "text/html, */*" },
  });
  expect(response.status).toBe(500);
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  expect(response.text).toContain("<title>Starlette Debugger</title>");
  expect(response.text).toContain("<h2>RangeError: Something went wrong</h2>");
  // The failing line is shown with its source, escaped, centred in the first (expanded) frame.
  expect(response.text).toContain('class="center-line"');
  expect(response.text).toContain("throw&nbspnew&nbspRangeError(&quot;Something&nbspwent&nbspwrong&quot;);");
});

test("test_debug_after_response_sent", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    await new Response(new Uint8Array(), { status: 204 }).asgi(scope, receive, send);
    throw new Error("Something went wrong");
  };
  const client = new TestClient(new ServerErrorMiddleware(app, { debug: true }).asgi);
  await expect(client.get("/")).rejects.toThrow("Something went wrong");
  const response = await new TestClient(new ServerErrorMiddleware(app, { debug: true }).asgi, { raiseServerExceptions: false }).get("/");
  expect(response.status).toBe(204);
});

test("test_debug_not_http", async () => {
  // Lifespan (any non-http scope) passes straight through, errors included.
  const client = new TestClient(new ServerErrorMiddleware(failing).asgi);
  await expect(client.start()).rejects.toThrow();
});

test("test_background_task", async () => {
  let accessedErrorHandler = false;
  const app = new Starlette({
    routes: [
      new Route("/", () => new Response(null, {
        status: 204,
        background: new BackgroundTask(() => {
          throw new Error("Something went wrong");
        }),
      })),
    ],
    exceptionHandlers: [
      [
        Error,
        () => {
          accessedErrorHandler = true;
        },
      ],
    ],
  });
  const response = await new TestClient(app.asgi, { raiseServerExceptions: false }).get("/");
  expect(response.status).toBe(204);
  expect(accessedErrorHandler).toBe(true);
});
