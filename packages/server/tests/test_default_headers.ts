// Port of uvicorn 0.54 tests/test_default_headers.py.
import { expect, test } from "vitest";
import type { ASGIApp } from "@mono/asgi";
import type { ServerOptions } from "../src/index.js";
import { rawRequest, SIMPLE_GET_REQUEST, withServer } from "./serverFixture.js";

const app: ASGIApp = async (scope, _receive, send) => {
  expect(scope.type).toBe("http");
  await send({ type: "http.response.start", status: 200, headers: [] });
  await send({ type: "http.response.body", body: new Uint8Array(0), more_body: false });
};

async function headersFor(options: ServerOptions): Promise<Array<[string, string]>> {
  return withServer(app, options, async ({ port }) => (await rawRequest(port, SIMPLE_GET_REQUEST)).headers);
}

const DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;

test("test_default_default_headers", async () => {
  const headers = await headersFor({});
  expect(headers.map(([n]) => n)).toEqual(["date", "server", "transfer-encoding"]);
  expect(headers[0]?.[1]).toMatch(DATE);
  expect(headers[1]).toEqual(["server", "mono"]);
});

test("test_override_server_header", async () => {
  const headers = await headersFor({ headers: [["Server", "over-ridden"]] });
  expect(headers.filter(([n]) => n === "server")).toEqual([["server", "over-ridden"]]);
  expect(headers[0]?.[0]).toBe("date");
});

test("test_disable_default_server_header", async () => {
  const headers = await headersFor({ serverHeader: false });
  expect(headers.some(([n]) => n === "server")).toBe(false);
});

test("test_override_server_header_multiple_times", async () => {
  const headers = await headersFor({
    headers: [
      ["Server", "over-ridden"],
      ["Server", "another-value"],
    ],
  });
  expect(headers.filter(([n]) => n === "server")).toEqual([
    ["server", "over-ridden"],
    ["server", "another-value"],
  ]);
});

test("test_add_additional_header", async () => {
  const headers = await headersFor({ headers: [["X-Additional", "new-value"]] });
  expect(headers.slice(1, 3)).toEqual([
    ["server", "mono"],
    ["x-additional", "new-value"],
  ]);
  expect(headers[0]?.[0]).toBe("date");
});

test("test_disable_default_date_header", async () => {
  const headers = await headersFor({ dateHeader: false });
  expect(headers.some(([n]) => n === "date")).toBe(false);
});
