// Shared by the streaming chapters' tests: one answer compared with FastAPI's, as recorded by reference/streaming.py.
import { createHash } from "node:crypto";
import { expect } from "vitest";
import { STREAMING, STREAMING_OPENAPI } from "./reference/streaming.js";

interface Answer {
  status: number;
  rawHeaders: readonly (readonly [string, string])[];
  text: string;
  content: Uint8Array;
}

export function sameAsFastAPI(response: Answer, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(STREAMING[name]);
}

/** A binary body is recorded as its length and SHA-256. */
export function sameBinaryAsFastAPI(response: Answer, name: string): void {
  const body = `${response.content.length}:${createHash("sha256").update(response.content).digest("hex")}`;
  expect({ status: response.status, headers: response.rawHeaders, body }).toEqual(STREAMING[name]);
}

export function sameOpenAPI(document: unknown, name: string): void {
  expect(JSON.stringify(document)).toBe(JSON.stringify(JSON.parse(STREAMING_OPENAPI[name] as string)));
}
