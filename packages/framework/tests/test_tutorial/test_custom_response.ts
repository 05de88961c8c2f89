// Ports FastAPI's tests/test_tutorial/test_custom_response (tutorial001-010): response_class, Response subclasses
// returned as they are, streaming and file responses, a custom render, default_response_class. Answers recorded
// from FastAPI 0.142.2 by reference/responses.py (response_class=RedirectResponse keeps the class's own 307
// unless the route sets a status).
import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResponseInit } from "@mono/asgi";
import { afterAll, beforeAll, expect, test } from "vitest";
import { z } from "zod";
import {
  App,
  FileResponse,
  HTMLResponse,
  JSONResponse,
  ORJSONResponse,
  PlainTextResponse,
  RedirectResponse,
  Response,
  StreamingResponse,
  TestClient,
  UJSONResponse,
} from "../../src/index.js";
import { sameAs, sameOpenAPI } from "./reference/check.js";

function makeApp(): App {
  const app = new App();
  app.get("/fastapi", { responseClass: RedirectResponse }, function redirect_fastapi() {
    return "https://fastapi.tiangolo.com";
  });
  app.get("/pydantic", { responseClass: RedirectResponse, status: 302 }, function redirect_pydantic() {
    return "https://docs.pydantic.dev/";
  });
  return app;
}

test("test_redirect_response_class", async () => {
  const client = new TestClient(makeApp().asgi, { followRedirects: false });
  const response = await client.get("/fastapi");
  expect([response.status, response.rawHeaders, response.text]).toEqual([
    307,
    [["content-length", "0"], ["location", "https://fastapi.tiangolo.com"]],
    "",
  ]);
});

test("test_redirect_status_code", async () => {
  const client = new TestClient(makeApp().asgi, { followRedirects: false });
  const response = await client.get("/pydantic");
  expect([response.status, response.rawHeaders]).toEqual([302, [["content-length", "0"], ["location", "https://docs.pydantic.dev/"]]]);
});

test("test_openapi_schema", () => {
  expect(makeApp().openapi()["paths"]).toEqual({
    "/fastapi": {
      get: { summary: "Redirect Fastapi", operationId: "redirect_fastapi_fastapi_get", responses: { "307": { description: "Successful Response" } } },
    },
    "/pydantic": {
      get: { summary: "Redirect Pydantic", operationId: "redirect_pydantic_pydantic_get", responses: { "302": { description: "Successful Response" } } },
    },
  });
});

// ---- the other tutorials of the chapter

test("test_get_custom_response [tutorial001]", async () => {
  const app = new App();
  app.get("/items/", { responseClass: UJSONResponse }, async function read_items() {
    return [{ item_id: "Foo" }];
  });
  sameAs(await new TestClient(app.asgi).get("/items/"), "cr001_get");
  await sameOpenAPI(app, "cr001");
});

test("test_get_custom_response [tutorial001b]", async () => {
  const app = new App();
  app.get("/items/", { responseClass: ORJSONResponse }, async function read_items() {
    return new ORJSONResponse([{ item_id: "Foo" }]);
  });
  sameAs(await new TestClient(app.asgi).get("/items/"), "cr001b_get");
  await sameOpenAPI(app, "cr001b");
});

const HTML = `
    <html>
        <head>
            <title>Some HTML in here</title>
        </head>
        <body>
            <h1>Look ma! HTML!</h1>
        </body>
    </html>
    `;

function generateHtmlResponse(): HTMLResponse {
  return new HTMLResponse(HTML, { status: 200 });
}

const htmlApps = {
  tutorial002: (app: App) =>
    app.get("/items/", { responseClass: HTMLResponse }, async function read_items() {
      return HTML;
    }),
  tutorial003: (app: App) =>
    app.get("/items/", {}, async function read_items() {
      return new HTMLResponse(HTML, { status: 200 });
    }),
  tutorial004: (app: App) =>
    app.get("/items/", { responseClass: HTMLResponse }, async function read_items() {
      return generateHtmlResponse();
    }),
};

test.each(["tutorial002", "tutorial003", "tutorial004"] as const)("test_get_custom_response [%s]", async (name) => {
  const app = new App();
  htmlApps[name](app);
  const key = { tutorial002: "cr002", tutorial003: "cr003", tutorial004: "cr004" }[name];
  sameAs(await new TestClient(app.asgi).get("/items/"), `${key}_get`);
  await sameOpenAPI(app, key);
});

test("test_get [tutorial005]", async () => {
  const app = new App();
  app.get("/", { responseClass: PlainTextResponse }, async function main() {
    return "Hello World";
  });
  sameAs(await new TestClient(app.asgi).get("/"), "cr005_get");
  await sameOpenAPI(app, "cr005");
});

test("test_get [tutorial006]", async () => {
  const app = new App();
  app.get("/typer", {}, async function redirect_typer() {
    return new RedirectResponse("https://typer.tiangolo.com");
  });
  sameAs(await new TestClient(app.asgi).get("/typer", { followRedirects: false }), "cr006_get");
  await sameOpenAPI(app, "cr006");
});

test("test_redirect_response_class [tutorial006b, tutorial006c]", async () => {
  const client = new TestClient(makeApp().asgi, { followRedirects: false });
  sameAs(await client.get("/fastapi"), "cr006b_get");
  sameAs(await client.get("/pydantic"), "cr006c_get");
  const app006b = new App();
  app006b.get("/fastapi", { responseClass: RedirectResponse }, async function redirect_fastapi() {
    return "https://fastapi.tiangolo.com";
  });
  await sameOpenAPI(app006b, "cr006b");
  const app006c = new App();
  app006c.get("/pydantic", { responseClass: RedirectResponse, status: 302 }, async function redirect_pydantic() {
    return "https://docs.pydantic.dev/";
  });
  await sameOpenAPI(app006c, "cr006c");
});

test("test_get [tutorial007]", async () => {
  async function* fakeVideoStreamer(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < 10; i++) {
      yield new TextEncoder().encode("some fake video bytes");
      await Promise.resolve();
    }
  }
  const app = new App();
  app.get("/", {}, async function main() {
    return new StreamingResponse(fakeVideoStreamer());
  });
  sameAs(await new TestClient(app.asgi).get("/"), "cr007_get");
  await sameOpenAPI(app, "cr007");
});

// tutorial008-009b read a file: the same bytes and modification time as the recorded run, so etag and
// last-modified are FastAPI's.
let files = "";
let video = "";
beforeAll(async () => {
  files = await mkdtemp(join(tmpdir(), "custom-response-"));
  video = join(files, "large-video-file.mp4");
  await writeFile(video, "Fake video bytes");
  await utimes(video, 1700000000, 1700000000);
});
afterAll(async () => {
  await rm(files, { recursive: true, force: true });
});

test("test_get [tutorial008]", async () => {
  const app = new App();
  app.get("/", {}, function main() {
    async function* iterfile(): AsyncGenerator<Uint8Array> {
      const { createReadStream } = await import("node:fs");
      yield* createReadStream(video);
    }
    return new StreamingResponse(iterfile(), { mediaType: "video/mp4" });
  });
  sameAs(await new TestClient(app.asgi).get("/"), "cr008_get");
  await sameOpenAPI(app, "cr008");
});

test("test_get [tutorial009]", async () => {
  const app = new App();
  app.get("/", {}, async function main() {
    return new FileResponse(video);
  });
  sameAs(await new TestClient(app.asgi).get("/"), "cr009_get");
  await sameOpenAPI(app, "cr009");
});

test("test_get [tutorial009b]", async () => {
  const app = new App();
  app.get("/", { responseClass: FileResponse }, async function main() {
    return video;
  });
  sameAs(await new TestClient(app.asgi).get("/"), "cr009b_get");
  await sameOpenAPI(app, "cr009b");
});

test("test_get [tutorial009c]", async () => {
  class CustomORJSONResponse extends Response {
    static override mediaType: string | null = "application/json";

    // Python's class only overrides render; TypeScript needs the constructor to say what content it takes.
    constructor(content: unknown, init?: ResponseInit) {
      super(content as string, init);
    }

    override render(content: unknown): Uint8Array {
      return new TextEncoder().encode(JSON.stringify(content, null, 2));
    }
  }
  const app = new App();
  app.get("/", { responseClass: CustomORJSONResponse }, async function main() {
    return { message: "Hello World" };
  });
  const response = await new TestClient(app.asgi).get("/");
  sameAs(response, "cr009c_get");
  expect(response.text).toBe('{\n  "message": "Hello World"\n}');
  await sameOpenAPI(app, "cr009c");
});

test("test_get_custom_response [tutorial010]", async () => {
  const app = new App({ defaultResponseClass: HTMLResponse });
  app.get("/items/", {}, async function read_items() {
    return "<h1>Items</h1><p>This is a list of items.</p>";
  });
  sameAs(await new TestClient(app.asgi).get("/items/"), "cr010_get");
  await sameOpenAPI(app, "cr010");
});

test("test_json_response_class_with_a_response_model", async () => {
  // FastAPI gives a response class pydantic's mode="json" data: a float field is 62.0 there as with no class.
  const Item = z.object({ name: z.string(), price: z.number() }).meta({ id: "Item" });
  const app = new App({ defaultResponseClass: UJSONResponse });
  app.get("/default", { response: Item }, function read_default() {
    return { name: "Bar", price: 62 };
  });
  app.get("/explicit", { response: Item, responseClass: JSONResponse }, function read_explicit() {
    return { name: "Grüße", price: 62 };
  });
  const client = new TestClient(app.asgi);
  sameAs(await client.get("/default"), "jsonclass_default");
  sameAs(await client.get("/explicit"), "jsonclass_explicit");
  await sameOpenAPI(app, "jsonclass");
});
