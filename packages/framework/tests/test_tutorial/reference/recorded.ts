/** Compares a TestClient answer with what FastAPI answered (status, ordered raw header list, body text). */
import { expect } from "vitest";
import type { Recorded } from "../fastapi_reference.js";

export interface Answer {
  status: number;
  rawHeaders: [string, string][];
  text: string;
}

/** Where two texts first differ, with a little context on each side: "" when they are the same. */
function firstDifference(actual: string, expected: string): string {
  if (actual === expected) return "";
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at += 1;
  const around = (text: string): string => JSON.stringify(text.slice(Math.max(0, at - 60), at + 100));
  return `at ${at} (lengths ${actual.length} vs ${expected.length}): got ${around(actual)}, FastAPI ${around(expected)}`;
}

/** Fails naming the recording, the status and headers in full, and the body by its first difference only. */
export function expectRecorded(response: Answer, recorded: Record<string, Recorded>, name: string): void {
  const expected = recorded[name];
  if (expected === undefined) throw new Error(`no recording named ${name}`);
  expect({ name, status: response.status, headers: response.rawHeaders, body: firstDifference(response.text, expected.body) }).toEqual({
    name,
    status: expected.status,
    headers: expected.headers,
    body: "",
  });
}
