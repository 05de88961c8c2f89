// Starlette's tests/middleware/test_base.py (the tests that do not need WebSockets, exception groups, contextvars
// or anyio cancellation), with their names.
import {
  BackgroundTask,
  ClientDisconnect,
  Middleware,
  PlainTextResponse,
  Request,
  StreamingResponse,
  TestClient,
  type ASGIApp,
  type ReceiveMessage,
  Response,
  type SendMessage,
} from "@mono/asgi";
import { expect, test } from "vitest";
import { App, BaseHTTPMiddleware, Route, Starlette, type RequestResponseEndpoint } from "../../src/index.js";

class CustomMiddleware extends BaseHTTPMiddleware {
  override async dispatch(request: Request, callNext: RequestResponseEndpoint): Promise<Response> {
    const response = await callNext(request);
    response.headers.set("Custom-Header", "Example");
    return response;
  }
}

async function* faultyStream(): AsyncGenerator<string> {
  yield "Ok";
  throw new Error("Faulty Stream");
}

const app = new Starlette({
  routes: [
    new Route("/", () => new PlainTextResponse("Homepage")),
    new Route("/exc", () => {
      throw new Error("Exc");
    }),
    new Route("/exc-stream", () => new StreamingResponse(faultyStream())),
    new Route("/no-response", { asgi: async () => undefined }),
  ],
  middleware: [new Middleware(CustomMiddleware)],
});

test("test_custom_middleware", async () => {
  const client = new TestClient(app.asgi);
  const response = await client.get("/");
  expect(response.headers.get("Custom-Header")).toBe("Example");
  await expect(client.get("/exc")).rejects.toThrow("Exc");
  await expect(client.get("/exc-stream")).rejects.toThrow("Faulty Stream");
  await expect(client.get("/no-response")).rejects.toThrow("No response returned.");
});

test("test_state_data_across_multiple_middlewares", async () => {
  class AMiddleware extends BaseHTTPMiddleware {
    override async dispatch(request: Request, callNext: RequestResponseEndpoint): Promise<Response> {
      request.state.set("foo", "foo");
      return callNext(request);
    }
  }
  class BMiddleware extends BaseHTTPMiddleware {
    override async dispatch(request: Request, callNext: RequestResponseEndpoint): Promise<Response> {
      request.state.set("bar", "bar");
      const response = await callNext(request);
      response.headers.set("X-State-Foo", request.state.get("foo") as string);
      return response;
    }
  }
  class CMiddleware extends BaseHTTPMiddleware {
    override async dispatch(request: Request, callNext: RequestResponseEndpoint): Promise<Response> {
      const response = await callNext(request);
      response.headers.set("X-State-Bar", request.state.get("bar") as string);
      return response;
    }
  }
  const app = new Starlette({
    routes: [new Route("/", () => new PlainTextResponse("OK"))],
    middleware: [new Middleware(AMiddleware), new Middleware(BMiddleware), new Middleware(CMiddleware)],
  });
  const response = await new TestClient(app.asgi).get("/");
  expect(response.text).toBe("OK");
  expect(response.headers.get("X-State-Foo")).toBe("foo");
  expect(response.headers.get("X-State-Bar")).toBe("bar");
});

test("test_app_middleware_argument", async () => {
  const app = new Starlette({
    routes: [new Route("/", () => new PlainTextResponse("Homepage"))],
    middleware: [new Middleware(CustomMiddleware)],
  });
  const response = await new TestClient(app.asgi).get("/");
  expect(response.headers.get("Custom-Header")).toBe("Example");
});

test("test_fully_evaluated_response", async () => {
  class Custom extends BaseHTTPMiddleware {
    override async dispatch(request: Request, callNext: RequestResponseEndpoint): Promise<Response> {
      await callNext(request);
      return new PlainTextResponse("Custom");
    }
  }
  const app = new Starlette({ middleware: [new Middleware(Custom)] });
  const response = await new TestClient(app.asgi).get("/does_not_exist");
  expect(response.text).toBe("Custom");
});

const passthrough = (request: Request, callNext: RequestResponseEndpoint): Promise<Response> => callNext(request);

test("test_run_background_tasks_even_if_client_disconnects", async () => {
  let backgroundTaskRun = false;
  const app = new Starlette({
    middleware: [new Middleware(BaseHTTPMiddleware, passthrough)],
    routes: [
      new Route(
        "/",
        () =>
          new PlainTextResponse(null, {
            background: new BackgroundTask(async () => {
              await new Promise((resolve) => setImmediate(resolve));
              backgroundTaskRun = true;
            }),
          }),
      ),
    ],
  });
  const receive = async (): Promise<ReceiveMessage> => {
    throw new Error("Should not be called!");
  };
  const sent: SendMessage[] = [];
  await app.asgi({ type: "http", http_version: "1.1", method: "GET", path: "/", headers: [], query_string: "" } as never, receive, async (m) => {
    sent.push(m);
  });
  expect(backgroundTaskRun).toBe(true);
  expect(sent.at(-1)).toMatchObject({ type: "http.response.body", more_body: false });
});

test("test_run_background_tasks_raise_exceptions", async () => {
  const app = new Starlette({
    middleware: [new Middleware(BaseHTTPMiddleware, passthrough)],
    routes: [
      new Route(
        "/",
        () =>
          new PlainTextResponse(null, {
            background: new BackgroundTask(async () => {
              await new Promise((resolve) => setImmediate(resolve));
              throw new RangeError("TEST");
            }),
          }),
      ),
    ],
  });
  await expect(new TestClient(app.asgi).get("/")).rejects.toThrow("TEST");
});

test("test_exception_can_be_caught", async () => {
  const app = new Starlette({
    middleware: [
      new Middleware(BaseHTTPMiddleware, async (request, callNext) => {
        try {
          return await callNext(request);
        } catch (exc) {
          return new PlainTextResponse((exc as Error).message, { status: 400 });
        }
      }),
    ],
    routes: [
      new Route("/", () => {
        throw new RangeError("TEST");
      }),
    ],
  });
  const response = await new TestClient(app.asgi).get("/");
  expect(response.status).toBe(400);
  expect(response.text).toBe("TEST");
});

async function collect(request: Request): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of request.stream()) chunks.push(Buffer.from(chunk).toString("latin1"));
  return chunks;
}

function consumingApp(
  homepage: (request: Request) => Promise<void>,
  dispatch: (request: Request, callNext: RequestResponseEndpoint) => Promise<Response>,
): ASGIApp {
  const app = new Starlette({
    routes: [
      new Route(
        "/",
        async (request: Request) => {
          await homepage(request);
          return new PlainTextResponse("Homepage");
        },
        { methods: ["POST"] },
      ),
    ],
    middleware: [new Middleware(BaseHTTPMiddleware, dispatch)],
  });
  return app.asgi;
}

test("test_read_request_stream_in_app_after_middleware_calls_stream", async () => {
  const app = consumingApp(
    async (request) => expect(await collect(request)).toEqual([""]),
    async (request, callNext) => {
      expect(await collect(request)).toEqual(["a", ""]);
      return callNext(request);
    },
  );
  expect((await new TestClient(app).post("/", { content: "a" })).status).toBe(200);
});

test("test_read_request_stream_in_app_after_middleware_calls_body", async () => {
  const app = consumingApp(
    async (request) => expect(await collect(request)).toEqual(["a", ""]),
    async (request, callNext) => {
      expect(Buffer.from(await request.body()).toString()).toBe("a");
      return callNext(request);
    },
  );
  expect((await new TestClient(app).post("/", { content: "a" })).status).toBe(200);
});

test("test_read_request_body_in_app_after_middleware_calls_stream", async () => {
  const app = consumingApp(
    async (request) => expect((await request.body()).length).toBe(0),
    async (request, callNext) => {
      expect(await collect(request)).toEqual(["a", ""]);
      return callNext(request);
    },
  );
  expect((await new TestClient(app).post("/", { content: "a" })).status).toBe(200);
});

test("test_read_request_body_in_app_after_middleware_calls_body", async () => {
  const app = consumingApp(
    async (request) => expect(Buffer.from(await request.body()).toString()).toBe("a"),
    async (request, callNext) => {
      expect(Buffer.from(await request.body()).toString()).toBe("a");
      return callNext(request);
    },
  );
  expect((await new TestClient(app).post("/", { content: "a" })).status).toBe(200);
});

test("test_read_request_stream_in_dispatch_after_app_calls_stream", async () => {
  const app = consumingApp(
    async (request) => expect(await collect(request)).toEqual(["a", ""]),
    async (request, callNext) => {
      const response = await callNext(request);
      await expect(collect(request)).rejects.toThrow("Stream consumed");
      return response;
    },
  );
  expect((await new TestClient(app).post("/", { content: "a" })).status).toBe(200);
});

test("test_read_request_stream_in_dispatch_after_app_calls_body", async () => {
  const app = consumingApp(
    async (request) => expect(Buffer.from(await request.body()).toString()).toBe("a"),
    async (request, callNext) => {
      const response = await callNext(request);
      await expect(collect(request)).rejects.toThrow("Stream consumed");
      return response;
    },
  );
  expect((await new TestClient(app).post("/", { content: "a" })).status).toBe(200);
});

test("test_read_request_stream_in_dispatch_after_app_calls_body_with_middleware_calling_body_before_call_next", async () => {
  const app = consumingApp(
    async (request) => expect(Buffer.from(await request.body()).toString()).toBe("a"),
    async (request, callNext) => {
      expect(Buffer.from(await request.body()).toString()).toBe("a");
      const response = await callNext(request);
      expect(await collect(request)).toEqual(["a", ""]);
      return response;
    },
  );
  expect((await new TestClient(app).post("/", { content: "a" })).status).toBe(200);
});

test("test_read_request_body_in_dispatch_after_app_calls_body_with_middleware_calling_body_before_call_next", async () => {
  const app = consumingApp(
    async (request) => expect(Buffer.from(await request.body()).toString()).toBe("a"),
    async (request, callNext) => {
      expect(Buffer.from(await request.body()).toString()).toBe("a");
      const response = await callNext(request);
      expect(Buffer.from(await request.body()).toString()).toBe("a");
      return response;
    },
  );
  expect((await new TestClient(app).post("/", { content: "a" })).status).toBe(200);
});

test("a streaming body passes through call_next chunk by chunk", async () => {
  async function* numbers(): AsyncGenerator<string> {
    for (let i = 0; i < 3; i++) yield String(i);
  }
  const app = new Starlette({
    routes: [new Route("/", () => new StreamingResponse(numbers(), { mediaType: "text/plain" }))],
    middleware: [new Middleware(CustomMiddleware)],
  });
  const response = await new TestClient(app.asgi).get("/");
  expect(response.text).toBe("012");
  expect(response.headers.get("custom-header")).toBe("Example");
  const bodies = response.messages.filter((m) => m.type === "http.response.body");
  expect(bodies.map((m) => (m as { more_body?: boolean }).more_body)).toEqual([true, true, true, false]);
});

test("app.middleware('http', ...) is FastAPI's @app.middleware('http')", async () => {
  const app = new App();
  app.get("/items/", () => ({ ok: true }));
  app.middleware("http", async (request, callNext) => {
    const start = performance.now();
    const response = await callNext(request);
    response.headers.set("X-Process-Time", String((performance.now() - start) / 1000));
    return response;
  });
  const response = await new TestClient(app.asgi).get("/items/");
  expect(response.json()).toEqual({ ok: true });
  expect(Number(response.headers.get("x-process-time"))).toBeGreaterThanOrEqual(0);
});

const minimalScope = { type: "http", method: "POST", path: "/", headers: [], query_string: "" } as never;

function receiveFrom(messages: ReceiveMessage[]): () => Promise<ReceiveMessage> {
  return async () => {
    const next = messages.shift();
    if (next === undefined) throw new Error("Should not be called, would hang");
    return next;
  };
}

test("test_read_request_disconnected_client", async () => {
  const endpoint: ASGIApp = async (scope, receive, send) => {
    const message = await receive();
    expect(message.type).toBe("http.disconnect");
    await new Response().asgi(scope, receive, send);
  };
  class ConsumingMiddleware extends BaseHTTPMiddleware {
    override async dispatch(request: Request, callNext: RequestResponseEndpoint): Promise<Response> {
      const response = await callNext(request);
      expect(await request.isDisconnected()).toBe(true);
      return response;
    }
  }
  const statuses: number[] = [];
  await new ConsumingMiddleware(endpoint).asgi(minimalScope, receiveFrom([{ type: "http.disconnect" }]), async (m) => {
    if (m.type === "http.response.start") statuses.push(m.status);
  });
  expect(statuses).toEqual([200]);
});

test("test_read_request_disconnected_after_consuming_steam", async () => {
  const endpoint: ASGIApp = async (scope, receive, send) => {
    const first = await receive();
    expect(first).toMatchObject({ type: "http.request", body: new TextEncoder().encode("hi") });
    expect((first as { more_body?: boolean }).more_body ?? false).toBe(false);
    expect(await receive()).toEqual({ type: "http.disconnect" });
    await new Response().asgi(scope, receive, send);
  };
  class ConsumingMiddleware extends BaseHTTPMiddleware {
    override async dispatch(request: Request, callNext: RequestResponseEndpoint): Promise<Response> {
      await request.body();
      expect(await request.isDisconnected()).toBe(true);
      return callNext(request);
    }
  }
  const statuses: number[] = [];
  const messages: ReceiveMessage[] = [
    { type: "http.request", body: new TextEncoder().encode("hi") },
    { type: "http.disconnect" },
  ];
  await new ConsumingMiddleware(endpoint).asgi(minimalScope, receiveFrom(messages), async (m) => {
    if (m.type === "http.response.start") statuses.push(m.status);
  });
  expect(statuses).toEqual([200]);
});

test("test_downstream_middleware_modifies_receive", async () => {
  const endpoint: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    expect(Buffer.from(await request.body()).toString()).toBe("foo foo ");
    await new Response().asgi(scope, receive, send);
  };
  class ConsumingMiddleware extends BaseHTTPMiddleware {
    override async dispatch(request: Request, callNext: RequestResponseEndpoint): Promise<Response> {
      expect(Buffer.from(await request.body()).toString()).toBe("foo ");
      return callNext(request);
    }
  }
  const modifying =
    (app: ASGIApp): ASGIApp =>
    (scope, receive, send) =>
      app(
        scope,
        async () => {
          const message = await receive();
          if (message.type === "http.request") return { ...message, body: Buffer.concat([message.body ?? new Uint8Array(), message.body ?? new Uint8Array()]) };
          return message;
        },
        send,
      );
  const response = await new TestClient(new ConsumingMiddleware(modifying(endpoint)).asgi).post("/", { content: "foo " });
  expect(response.status).toBe(200);
});

test("test_pr_1519_comment_1236166180_example", async () => {
  const bodies: string[] = [];
  class LogRequestBodySize extends BaseHTTPMiddleware {
    override async dispatch(request: Request, callNext: RequestResponseEndpoint): Promise<Response> {
      await request.body();
      return callNext(request);
    }
  }
  const replaceBody =
    (app: ASGIApp): ASGIApp =>
    (scope, receive, send) =>
      app(
        scope,
        async () => {
          const message = await receive();
          if (message.type !== "http.request") return message;
          return { ...message, body: Buffer.concat([message.body ?? new Uint8Array(), Buffer.from("-foo")]) };
        },
        send,
      );
  const starlette = new Starlette({
    routes: [
      new Route(
        "/",
        async (request: Request) => {
          bodies.push(Buffer.from(await request.body()).toString());
          return new Response();
        },
        { methods: ["POST"] },
      ),
    ],
  });
  const app = new LogRequestBodySize(replaceBody(starlette.asgi));
  const response = await new TestClient(app.asgi).post("/", { content: "Hello, World!" });
  expect(response.status).toBe(200);
  expect(bodies).toEqual(["Hello, World!-foo"]);
});

test("test_multiple_middlewares_stacked_client_disconnected", async () => {
  const orderedEvents: string[] = [];
  const unorderedEvents: string[] = [];
  class MyMiddleware extends BaseHTTPMiddleware {
    constructor(
      app: ASGIApp,
      readonly version: number,
    ) {
      super(app);
    }

    override async dispatch(request: Request, callNext: RequestResponseEndpoint): Promise<Response> {
      orderedEvents.push(`${this.version}:STARTED`);
      const response = await callNext(request);
      orderedEvents.push(`${this.version}:COMPLETED`);
      expect(response.background).toBeNull();
      response.background = new BackgroundTask(() => {
        unorderedEvents.push(`${this.version}:BACKGROUND`);
      });
      return response;
    }
  }
  const app = new Starlette({
    routes: [
      new Route("/", async (request: Request) => {
        await expect(request.body()).rejects.toBeInstanceOf(ClientDisconnect);
        return new Response(new Uint8Array(0));
      }),
    ],
    middleware: Array.from({ length: 10 }, (_, i) => new Middleware(MyMiddleware, i + 1)),
  });
  const sent: SendMessage[] = [];
  await app.asgi(
    { type: "http", method: "GET", path: "/", headers: [], query_string: "" } as never,
    receiveFrom([{ type: "http.disconnect" }]),
    async (message) => {
      sent.push(message);
    },
  );
  const versions = Array.from({ length: 10 }, (_, i) => i + 1);
  expect(orderedEvents).toEqual([
    ...versions.map((v) => `${v}:STARTED`),
    ...versions.reverse().map((v) => `${v}:COMPLETED`),
  ]);
  expect(unorderedEvents.sort()).toEqual(versions.map((v) => `${v}:BACKGROUND`).sort());
  expect(sent).toEqual([
    { type: "http.response.start", status: 200, headers: [["content-length", "0"]] },
    { type: "http.response.body", body: new Uint8Array(0), more_body: false },
  ]);
});

for (const sendBody of [true, false]) {
  test(`test_poll_for_disconnect_repeated[${sendBody ? "True" : "False"}]`, async () => {
    const appPollDisconnect: ASGIApp = async (scope, receive, send) => {
      for (let i = 0; i < 2; i++) {
        let message = await receive();
        while (message.type === "http.request") message = await receive();
        expect(message.type).toBe("http.disconnect");
      }
      await new Response("good!").asgi(scope, receive, send);
    };
    const app = new BaseHTTPMiddleware(appPollDisconnect, passthrough);
    // The key: one http.disconnect only.
    const messages: ReceiveMessage[] = sendBody
      ? [
          { type: "http.request", body: new TextEncoder().encode("hello"), more_body: true },
          { type: "http.request", body: new Uint8Array(0), more_body: false },
          { type: "http.disconnect" },
        ]
      : [{ type: "http.disconnect" }];
    const sent: SendMessage[] = [];
    await app.asgi(minimalScope, receiveFrom(messages), async (message) => {
      sent.push(message);
    });
    expect(sent).toEqual([
      { type: "http.response.start", status: 200, headers: [["content-length", "5"]] },
      { type: "http.response.body", body: new TextEncoder().encode("good!"), more_body: true },
      { type: "http.response.body", body: new Uint8Array(0), more_body: false },
    ]);
  });
}

test("test_asgi_pathsend_events", async () => {
  const { mkdtemp, writeFile } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = await mkdtemp(join(tmpdir(), "pathsend-"));
  const path = join(dir, "example.txt");
  await writeFile(path, "<file content>");
  const { FileResponse } = await import("@mono/asgi");
  const app = new Starlette({
    middleware: [new Middleware(BaseHTTPMiddleware, passthrough)],
    routes: [new Route("/", () => new FileResponse(path))],
  });
  const events: SendMessage[] = [];
  await app.asgi(
    { type: "http", method: "GET", path: "/", headers: [], query_string: "", extensions: { "http.response.pathsend": {} } } as never,
    async () => {
      throw new Error("Should not be called!");
    },
    async (message) => {
      events.push(message);
    },
  );
  expect(events.map((e) => e.type)).toEqual(["http.response.start", "http.response.pathsend"]);
});

test("test_error_context_propagation", async () => {
  const app = new Starlette({
    routes: [
      new Route("/exception-without-context", () => {
        throw new Error("Exception");
      }),
      new Route("/exception-with-cause", () => {
        throw new Error("Outer exception", { cause: new Error("Inner exception") });
      }),
    ],
    middleware: [new Middleware(BaseHTTPMiddleware, passthrough)],
  });
  const client = new TestClient(app.asgi);
  await expect(client.get("/exception-without-context")).rejects.toThrow("Exception");
  const withCause = await client.get("/exception-with-cause").catch((error: unknown) => error as Error);
  expect((withCause as Error).message).toBe("Outer exception");
  expect(((withCause as Error).cause as Error).message).toBe("Inner exception");
});
