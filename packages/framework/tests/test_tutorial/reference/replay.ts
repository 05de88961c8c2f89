// Replays a request recorded by params.py against our app and compares the answer with FastAPI's: status, the
// ordered raw headers and the body text.
import { expect } from "vitest";
import { TestClient, type RequestOptions } from "@mono/asgi";

/** One recorded exchange; an `_openapi` entry holds only the document (`body`). */
export interface Recorded {
  request?: { method: string; url: string; options: { headers?: [string, string][]; cookies?: Record<string, string>; json?: unknown; content?: string } };
  status?: number;
  headers?: [string, string][];
  body: string;
}

function entry(table: Record<string, Recorded>, name: string): Recorded {
  const recorded = table[name];
  if (recorded === undefined) throw new Error(`no recorded answer named ${name}`);
  return recorded;
}

/** Sends the recorded request `name` to `app` and expects FastAPI's answer byte for byte. */
export async function replay(app: { asgi: TestClient["app"] }, table: Record<string, Recorded>, name: string): Promise<void> {
  const recorded = entry(table, name);
  const request = recorded.request;
  if (request === undefined) throw new Error(`${name} holds no request`);
  const client = new TestClient(app.asgi, { raiseServerExceptions: false });
  // As params.py does, cookies go in the client's jar: per-request cookies would not follow a redirect (httpx).
  const { cookies, ...options } = request.options;
  for (const [key, value] of Object.entries(cookies ?? {})) client.cookies.set(key, value);
  const response = await client.request(request.method, request.url, options as RequestOptions);
  expect({ name, status: response.status, headers: response.rawHeaders, body: response.text }).toEqual({
    name,
    status: recorded.status,
    headers: recorded.headers,
    body: recorded.body,
  });
}

/** Every recorded request of `tutorial` whose name is listed, in order, against the same app. */
export async function replayAll(app: { asgi: TestClient["app"] }, table: Record<string, Recorded>, tutorial: string, names: readonly string[]): Promise<void> {
  for (const name of names) await replay(app, table, `${tutorial}_${name}`);
}

/** The app's OpenAPI document against FastAPI's (compared as JSON values: JS writes 0.0 as 0). */
export function sameOpenAPI(app: { openapi(): unknown }, table: Record<string, Recorded>, tutorial: string): void {
  expect(JSON.stringify(app.openapi())).toBe(JSON.stringify(JSON.parse(entry(table, `${tutorial}_openapi`).body)));
}
