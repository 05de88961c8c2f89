import { expect, expectTypeOf, test } from "vitest";
import { Middleware, buildMiddlewareStack, type MiddlewareOptions } from "../src/middleware.js";
import { PlainTextResponse } from "../src/responses.js";
import type { ASGIApp, ASGIMiddlewareClass, HTTPResponseStartEvent } from "../src/types.js";
import { call, text } from "./http_calls.js";

class CustomMiddleware {
  readonly asgi: ASGIApp;
  constructor(app: ASGIApp) {
    this.asgi = app;
  }
}

interface TagOptions {
  /** The header value this middleware appends. */
  tag: string;
  /** Whether to append at all. @default true */
  enabled?: boolean;
}

/** Appends `x-tag: <tag>` to the response start: the order of tags shows the order of the stack. */
class TagMiddleware {
  readonly asgi: ASGIApp;
  constructor(app: ASGIApp, options: TagOptions) {
    this.asgi = async (scope, receive, send) => {
      await app(scope, receive, async (message) => {
        if (message.type === "http.response.start" && options.enabled !== false) {
          message.headers = [...(message.headers ?? []), ["x-tag", options.tag]];
        }
        await send(message);
      });
    };
  }
}

class OptionalMiddleware {
  readonly asgi: ASGIApp;
  readonly prefix: string;
  constructor(app: ASGIApp, options?: { prefix: string }) {
    this.asgi = app;
    this.prefix = options?.prefix ?? "none";
  }
}

test("test_middleware_repr", () => {
  expect(String(new Middleware(CustomMiddleware))).toBe("Middleware(CustomMiddleware)");
  expect(String(new Middleware(TagMiddleware, { tag: "a" }))).toBe('Middleware(TagMiddleware, {"tag":"a"})');
});

test("test_middleware_iter", () => {
  const [cls, options] = new Middleware(CustomMiddleware);
  expect(cls).toBe(CustomMiddleware);
  expect(options).toEqual([]);
  const [tagCls, tagOptions] = new Middleware(TagMiddleware, { tag: "a" });
  expect(tagCls).toBe(TagMiddleware);
  expect(tagOptions).toEqual([{ tag: "a" }]);
});

test("buildMiddlewareStack: the first middleware is the outermost", async () => {
  const endpoint = new PlainTextResponse("ok").asgi;
  const app = buildMiddlewareStack(endpoint, [
    new Middleware(TagMiddleware, { tag: "outer" }),
    new Middleware(TagMiddleware, { tag: "inner" }),
    new Middleware(TagMiddleware, { tag: "off", enabled: false }),
    new Middleware(CustomMiddleware),
  ]);
  const [start, body] = await call(app);
  expect((start as HTTPResponseStartEvent).headers).toEqual([
    ["content-length", "2"],
    ["content-type", "text/plain; charset=utf-8"],
    ["x-tag", "inner"],
    ["x-tag", "outer"],
  ]);
  expect(body?.type === "http.response.body" && text(body.body)).toBe("ok");
  expect(buildMiddlewareStack(endpoint, [])).toBe(endpoint);
});

test("Middleware builds a new instance around the app with its options", () => {
  const endpoint: ASGIApp = async () => undefined;
  const withOptions = new Middleware(OptionalMiddleware, { prefix: "p" }).build(endpoint) as OptionalMiddleware;
  expect(withOptions).toBeInstanceOf(OptionalMiddleware);
  expect(withOptions.prefix).toBe("p");
  expect((new Middleware(OptionalMiddleware).build(endpoint) as OptionalMiddleware).prefix).toBe("none");
});

test("Middleware options are inferred from the class and checked", () => {
  expectTypeOf<MiddlewareOptions<typeof TagMiddleware>>().toEqualTypeOf<[options: TagOptions]>();
  expectTypeOf<MiddlewareOptions<typeof CustomMiddleware>>().toEqualTypeOf<[]>();
  expectTypeOf(new Middleware(TagMiddleware, { tag: "a" }).options).toEqualTypeOf<[options: TagOptions]>();
  // A list of differently-typed middleware is one type, as Starlette's `list[Middleware]`.
  const stack: Middleware[] = [
    new Middleware(TagMiddleware, { tag: "a" }),
    new Middleware(CustomMiddleware),
    new Middleware(OptionalMiddleware),
    new Middleware(OptionalMiddleware, { prefix: "p" }),
    new Middleware(TagMiddleware as ASGIMiddlewareClass<TagOptions>, { tag: "b" }),
  ];
  expect(stack).toHaveLength(5);
  const misuse = (): void => {
    // @ts-expect-error the options are required
    new Middleware(TagMiddleware);
    // @ts-expect-error tag must be a string
    new Middleware(TagMiddleware, { tag: 1 });
    // @ts-expect-error no such option
    new Middleware(TagMiddleware, { tag: "a", nope: true });
    // @ts-expect-error this class takes no options
    new Middleware(CustomMiddleware, {});
  };
  expect(misuse).toBeTypeOf("function");
});

test("new Middleware(cls, options) calls the class's static validateOptions, so a bad option throws there", () => {
  class Strict {
    static validateOptions(options: { size: number }): void {
      if (!Number.isInteger(options.size)) throw new TypeError(`Strict: size: expected an integer, received ${options.size}`);
    }
    constructor(
      readonly app: ASGIApp,
      readonly options: { size: number },
    ) {}
    readonly asgi: ASGIApp = (scope, receive, send) => this.app(scope, receive, send);
  }
  expect(() => new Middleware(Strict, { size: 1.5 })).toThrow("Strict: size: expected an integer, received 1.5");
  expect(String(new Middleware(Strict, { size: 2 }))).toBe('Middleware(Strict, {"size":2})');
});
