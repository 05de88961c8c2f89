// Compares an answer of ours with the one FastAPI 0.142.2 gave (recorded by responses.py): status, the ordered
// header list and the body text; and an app's /openapi.json bytes with FastAPI's.
import { TestClient } from "@mono/asgi";
import { expect } from "vitest";
import type { App } from "../../../src/index.js";
import { RESPONSES } from "./responses.js";

export function sameAs(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  const recorded = RESPONSES[name];
  if (recorded === undefined) throw new Error(`nothing recorded as ${name}`);
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(recorded);
}

/** The document's bytes; where they differ, the message shows the first difference with some context. */
export async function sameOpenAPI(app: App, name: string): Promise<void> {
  const response = await new TestClient(app.asgi).get("/openapi.json");
  const expected = RESPONSES[`${name}_openapi`]?.body ?? "";
  let at = 0;
  while (at < expected.length && response.text[at] === expected[at]) at++;
  const around = (text: string): string => text.slice(Math.max(0, at - 120), at + 120);
  if (response.text !== expected) {
    throw new Error(`/openapi.json differs from FastAPI's at ${at}:\n  ours:    ${around(response.text)}\n  FastAPI: ${around(expected)}`);
  }
  sameAs(response, `${name}_openapi`);
}
