// Ports FastAPI's tests/test_dependency_class.py: a class as a dependency (its instance is the value), an instance's
// method, sync or async, returning or yielding its value. Python's `__call__` is a `call` method here.
import { expect, test } from "vitest";
import { z } from "zod";
import { App, Depends, TestClient, type ParamsArgs } from "../src/index.js";

const spec = { query: z.object({ value: z.string() }) };
type Args = ParamsArgs<typeof spec>;

class CallableDependency {
  static readonly params = {};
  call(value: string): string {
    return value;
  }
}
class CallableGenDependency {
  static readonly params = {};
  *call(value: string): Generator<string> {
    yield value;
  }
}
class AsyncCallableDependency {
  static readonly params = {};
  async call(value: string): Promise<string> {
    return value;
  }
}
class AsyncCallableGenDependency {
  static readonly params = {};
  async *call(value: string): AsyncGenerator<string> {
    yield value;
  }
}
class MethodsDependency {
  synchronous({ query }: Args): string {
    return query.value;
  }
  async asynchronous({ query }: Args): Promise<string> {
    return query.value;
  }
  *synchronousGen({ query }: Args): Generator<string> {
    yield query.value;
  }
  async *asynchronousGen({ query }: Args): AsyncGenerator<string> {
    yield query.value;
  }
}

function makeApp(): App {
  const callableDependency = new CallableDependency();
  const callableGenDependency = new CallableGenDependency();
  const asyncCallableDependency = new AsyncCallableDependency();
  const asyncCallableGenDependency = new AsyncCallableGenDependency();
  const methods = new MethodsDependency();
  const app = new App();
  app.get("/callable-dependency-class", { query: spec.query, deps: { instance: Depends(CallableDependency) } }, ({ query, deps }) =>
    deps.instance.call(query.value),
  );
  app.get("/callable-gen-dependency-class", { query: spec.query, deps: { instance: Depends(CallableGenDependency) } }, ({ query, deps }) =>
    deps.instance.call(query.value).next().value,
  );
  app.get("/async-callable-dependency-class", { query: spec.query, deps: { instance: Depends(AsyncCallableDependency) } }, ({ query, deps }) =>
    deps.instance.call(query.value),
  );
  app.get(
    "/async-callable-gen-dependency-class",
    { query: spec.query, deps: { instance: Depends(AsyncCallableGenDependency) } },
    async ({ query, deps }) => (await deps.instance.call(query.value).next()).value,
  );
  app.get("/callable-dependency", { deps: { value: Depends(spec, ({ query }) => callableDependency.call(query.value)) } }, ({ deps }) => deps.value);
  app.get("/callable-gen-dependency", { deps: { value: Depends(spec, ({ query }) => callableGenDependency.call(query.value)) } }, ({ deps }) => deps.value);
  app.get("/async-callable-dependency", { deps: { value: Depends(spec, ({ query }) => asyncCallableDependency.call(query.value)) } }, ({ deps }) => deps.value);
  app.get(
    "/async-callable-gen-dependency",
    { deps: { value: Depends(spec, ({ query }) => asyncCallableGenDependency.call(query.value)) } },
    ({ deps }) => deps.value,
  );
  app.get("/synchronous-method-dependency", { deps: { value: Depends(spec, methods.synchronous.bind(methods)) } }, ({ deps }) => deps.value);
  app.get("/synchronous-method-gen-dependency", { deps: { value: Depends(spec, methods.synchronousGen.bind(methods)) } }, ({ deps }) => deps.value);
  app.get("/asynchronous-method-dependency", { deps: { value: Depends(spec, methods.asynchronous.bind(methods)) } }, ({ deps }) => deps.value);
  app.get("/asynchronous-method-gen-dependency", { deps: { value: Depends(spec, methods.asynchronousGen.bind(methods)) } }, ({ deps }) => deps.value);
  return app;
}

test.each([
  "/callable-dependency",
  "/callable-gen-dependency",
  "/async-callable-dependency",
  "/async-callable-gen-dependency",
  "/synchronous-method-dependency",
  "/synchronous-method-gen-dependency",
  "/asynchronous-method-dependency",
  "/asynchronous-method-gen-dependency",
  "/callable-dependency-class",
  "/callable-gen-dependency-class",
  "/async-callable-dependency-class",
  "/async-callable-gen-dependency-class",
])("test_class_dependency %s", async (route) => {
  const value = route.slice(1);
  const response = await new TestClient(makeApp().asgi).get(route, { params: { value } });
  expect([response.status, response.json()]).toEqual([200, value]);
});
