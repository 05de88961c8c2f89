// Port of uvicorn 0.54 tests/test_lifespan.py, plus the same semantics seen through serve().
import { expect, test } from "vitest";
import type { ASGIApp, LifespanScope, Scope } from "@mono/asgi";
import { LifespanOff, LifespanOn, type LogRecord, serve, StartupFailure } from "../src/index.js";
import { Logger } from "../src/logging.js";
import { rawRequest, SIMPLE_GET_REQUEST } from "./serverFixture.js";

function capture(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  return { logger: new Logger("mono.error", "info", (r) => records.push(r)), records };
}

function errorMessages(records: LogRecord[]): string[] {
  return records.filter((r) => r.level === "error").map((r) => r.message);
}

function lifespanApp(state: { startup: boolean; shutdown: boolean }): ASGIApp {
  return async (_scope, receive, send) => {
    let message = await receive();
    expect(message.type).toBe("lifespan.startup");
    state.startup = true;
    await send({ type: "lifespan.startup.complete" });
    message = await receive();
    expect(message.type).toBe("lifespan.shutdown");
    state.shutdown = true;
    await send({ type: "lifespan.shutdown.complete" });
  };
}

test("test_lifespan_on", async () => {
  const state = { startup: false, shutdown: false };
  const lifespan = new LifespanOn(lifespanApp(state), "on", capture().logger);
  expect(state).toEqual({ startup: false, shutdown: false });
  await lifespan.startup();
  expect(state).toEqual({ startup: true, shutdown: false });
  await lifespan.shutdown();
  expect(state).toEqual({ startup: true, shutdown: true });
});

test("test_lifespan_off", async () => {
  let called = false;
  const app: ASGIApp = async () => {
    called = true;
  };
  const lifespan = new LifespanOff();
  await lifespan.startup();
  await lifespan.shutdown();
  expect(called).toBe(false);
  // And through serve(): the app never sees a lifespan scope.
  const server = await serve(app, { port: 0, lifespan: "off", logHandler: () => {} });
  await server.close();
  expect(called).toBe(false);
});

test("test_lifespan_auto", async () => {
  const state = { startup: false, shutdown: false };
  const lifespan = new LifespanOn(lifespanApp(state), "auto", capture().logger);
  await lifespan.startup();
  expect(state).toEqual({ startup: true, shutdown: false });
  await lifespan.shutdown();
  expect(state).toEqual({ startup: true, shutdown: true });
});

test("test_lifespan_auto_with_error", async () => {
  const app: ASGIApp = async (scope) => {
    if (scope.type !== "http") throw new Error("only http");
  };
  const { logger, records } = capture();
  const lifespan = new LifespanOn(app, "auto", logger);
  await lifespan.startup();
  expect(lifespan.errorOccurred).toBe(true);
  expect(lifespan.shouldExit).toBe(false);
  await lifespan.shutdown();
  expect(records.map((r) => r.message)).toContain("ASGI 'lifespan' protocol appears unsupported.");
  expect(errorMessages(records)).toEqual([]);
});

test("test_lifespan_on_with_error", async () => {
  const app: ASGIApp = async (scope) => {
    if (scope.type !== "http") throw new Error("boom");
  };
  const { logger, records } = capture();
  const lifespan = new LifespanOn(app, "on", logger);
  await lifespan.startup();
  expect(lifespan.errorOccurred).toBe(true);
  expect(lifespan.shouldExit).toBe(true);
  await lifespan.shutdown();
  expect(errorMessages(records)).toEqual(["Exception in 'lifespan' protocol\n", "Application startup failed. Exiting."]);
});

for (const mode of ["auto", "on"] as const) {
  for (const raiseException of [true, false]) {
    test(`test_lifespan_with_failed_startup[${raiseException}-${mode}]`, async () => {
      const app: ASGIApp = async (_scope, receive, send) => {
        const message = await receive();
        expect(message.type).toBe("lifespan.startup");
        await send({ type: "lifespan.startup.failed", message: "the lifespan event failed" });
        if (raiseException) throw new Error("re-raised");
      };
      const { logger, records } = capture();
      const lifespan = new LifespanOn(app, mode, logger);
      await lifespan.startup();
      expect(lifespan.startupFailed).toBe(true);
      expect(lifespan.errorOccurred).toBe(raiseException);
      expect(lifespan.shouldExit).toBe(true);
      await lifespan.shutdown();
      const errors = errorMessages(records);
      expect(errors[0]).toContain("the lifespan event failed");
      expect(errors[1]).toContain("Application startup failed. Exiting.");
    });
  }
}

test("test_lifespan_scope_asgi3app", async () => {
  let seen: Scope | null = null;
  const app: ASGIApp = async (scope) => {
    seen = structuredClone(scope);
  };
  const lifespan = new LifespanOn(app, "on", capture().logger);
  await lifespan.startup();
  expect(seen).toEqual({ type: "lifespan", asgi: { version: "3.0", spec_version: "2.0" }, state: {} });
  expect(lifespan.startupFailed).toBe(false);
  expect(lifespan.errorOccurred).toBe(false);
  expect(lifespan.shouldExit).toBe(false);
  await lifespan.shutdown();
});

for (const mode of ["auto", "on"] as const) {
  for (const raiseException of [true, false]) {
    test(`test_lifespan_with_failed_shutdown[${raiseException}-${mode}]`, async () => {
      const app: ASGIApp = async (_scope, receive, send) => {
        expect((await receive()).type).toBe("lifespan.startup");
        await send({ type: "lifespan.startup.complete" });
        expect((await receive()).type).toBe("lifespan.shutdown");
        await send({ type: "lifespan.shutdown.failed", message: "the lifespan event failed" });
        if (raiseException) throw new Error("re-raised");
      };
      const { logger, records } = capture();
      const lifespan = new LifespanOn(app, mode, logger);
      await lifespan.startup();
      expect(lifespan.startupFailed).toBe(false);
      await lifespan.shutdown();
      expect(lifespan.shutdownFailed).toBe(true);
      expect(lifespan.errorOccurred).toBe(raiseException);
      expect(lifespan.shouldExit).toBe(true);
      const errors = errorMessages(records);
      expect(errors[0]).toContain("the lifespan event failed");
      expect(errors[1]).toContain("Application shutdown failed. Exiting.");
    });
  }
}

test("test_lifespan_state", async () => {
  const app: ASGIApp = async (scope, receive, send) => {
    expect((await receive()).type).toBe("lifespan.startup");
    await send({ type: "lifespan.startup.complete" });
    (scope as LifespanScope).state!["foo"] = 123;
    expect((await receive()).type).toBe("lifespan.shutdown");
    await send({ type: "lifespan.shutdown.complete" });
  };
  const lifespan = new LifespanOn(app, "on", capture().logger);
  await lifespan.startup();
  expect(lifespan.state).toEqual({ foo: 123 });
  await lifespan.shutdown();
});

test("invalid state transition raises in the app's send", async () => {
  let error: unknown = null;
  const app: ASGIApp = async (_scope, receive, send) => {
    await receive();
    await send({ type: "lifespan.startup.complete" });
    try {
      await send({ type: "lifespan.startup.complete" });
    } catch (exc) {
      error = exc;
    }
    await receive();
    await send({ type: "lifespan.shutdown.complete" });
  };
  const lifespan = new LifespanOn(app, "on", capture().logger);
  await lifespan.startup();
  await lifespan.shutdown();
  expect((error as Error).message).toBe("Got invalid state transition on lifespan protocol.");
});

test("serve(): startup failure rejects with StartupFailure (exit code 3) and binds nothing", async () => {
  const app: ASGIApp = async (_scope, receive, send) => {
    await receive();
    await send({ type: "lifespan.startup.failed", message: "no database" });
  };
  const records: LogRecord[] = [];
  const failure = await serve(app, { port: 0, logHandler: (r) => records.push(r) }).catch((exc: unknown) => exc);
  expect(failure).toBeInstanceOf(StartupFailure);
  expect((failure as StartupFailure).exitCode).toBe(3);
  expect(errorMessages(records)).toEqual(["no database", "Application startup failed. Exiting."]);
});

test("serve(): an app that raises on lifespan in auto mode is served without lifespan", async () => {
  const app: ASGIApp = async (scope, _receive, send) => {
    if (scope.type !== "http") throw new Error("no lifespan here");
    await send({ type: "http.response.start", status: 200, headers: [["content-length", "2"]] });
    await send({ type: "http.response.body", body: Buffer.from("ok") });
  };
  const server = await serve(app, { port: 0, lifespan: "auto", logHandler: () => {} });
  try {
    const res = await rawRequest(server.port, SIMPLE_GET_REQUEST);
    expect(res.body.toString()).toBe("ok");
  } finally {
    await server.close();
  }
});

test("serve(): shutdown runs lifespan shutdown after the last response", async () => {
  const events: string[] = [];
  const app: ASGIApp = async (scope, receive, send) => {
    if (scope.type === "lifespan") {
      await receive();
      events.push("startup");
      await send({ type: "lifespan.startup.complete" });
      await receive();
      events.push("shutdown");
      await send({ type: "lifespan.shutdown.complete" });
      return;
    }
    events.push("request");
    await send({ type: "http.response.start", status: 204 });
    await send({ type: "http.response.body" });
  };
  const server = await serve(app, { port: 0, lifespan: "on", logHandler: () => {} });
  await rawRequest(server.port, SIMPLE_GET_REQUEST);
  await server.close();
  await server.closed;
  expect(events).toEqual(["startup", "request", "shutdown"]);
});

test("auto mode: a TypeError (an app that cannot build itself) is logged as such, not only as 'unsupported'", async () => {
  class Strict {
    constructor(readonly app: ASGIApp, options: { allowOrigins?: string[] }) {
      if (!("allowOrigins" in options)) throw new TypeError('Strict: unknown option "allowOrigin"');
    }
  }
  // Built lazily on the first call, as Starlette builds its middleware stack.
  const app: ASGIApp = async (scope, receive, send) => {
    new Strict(async () => {}, { allowOrigin: ["*"] } as never);
    await send({ type: "lifespan.startup.complete" });
  };
  const { logger, records } = capture();
  const lifespan = new LifespanOn(app, "auto", logger);
  await lifespan.startup();
  expect(lifespan.shouldExit).toBe(false);
  expect(records.map((r) => [r.level, r.message])).toContainEqual([
    "warning",
    'The app raised TypeError on the lifespan scope: Strict: unknown option "allowOrigin" (if it failed while building ' +
      "itself, every request will fail the same way).",
  ]);
  expect(records.map((r) => r.message)).toContain("ASGI 'lifespan' protocol appears unsupported.");
});
