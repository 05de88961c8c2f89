/** One request a FastAPI test sent and what FastAPI answered, as the reference generators record them. */
import { expect } from "vitest";
import type { TestClient } from "../../../src/index.js";

export interface Exchange {
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** The request headers the test chose (httpx's defaults left out). */
  headers: [string, string][];
  /** The request body, latin-1. */
  body: string;
  status: number;
  rawHeaders: [string, string][];
  text: string;
}

/**
 * What a replay does with answers that cannot be the same bytes: an OAuth2 token endpoint's `access_token` (a JWT
 * with a fresh `exp`) is compared by shape, and the token then stands for ours in the requests that follow.
 */
export interface ReplayOptions {
  /** @default false */
  tokens?: boolean;
}

/** Sends each recorded request to `client`; each answer must be FastAPI's: status, ordered raw headers, body. */
export async function replay(client: TestClient, exchanges: readonly Exchange[] | undefined, options: ReplayOptions = {}): Promise<void> {
  expect(exchanges?.length, "recorded exchanges").toBeGreaterThan(0);
  const tokens = new Map<string, string>();
  for (const exchange of exchanges ?? []) {
    const headers = exchange.headers.map(([name, value]): [string, string] => [name, swapTokens(value, tokens)]);
    const response = await client.request(exchange.method, exchange.path, {
      headers,
      content: exchange.body ? Buffer.from(exchange.body, "latin1") : null,
    });
    const answer = { request: `${exchange.method} ${exchange.path}`, status: response.status, headers: response.rawHeaders, body: response.text };
    const expected = { request: `${exchange.method} ${exchange.path}`, status: exchange.status, headers: exchange.rawHeaders, body: exchange.text };
    const theirs = options.tokens ? (jsonOrText(exchange.text) as { access_token?: unknown } | null) : null;
    if (typeof theirs?.access_token === "string") {
      const ours = jsonOrText(response.text) as { access_token?: unknown } | null;
      expect(typeof ours?.access_token, answer.request).toBe("string");
      if (typeof ours?.access_token !== "string") return;
      tokens.set(theirs.access_token, ours.access_token);
      answer.body = response.text.replace(ours.access_token, "<token>");
      expected.body = exchange.text.replace(theirs.access_token, "<token>");
      answer.headers = answer.headers.filter(([name]) => name !== "content-length");
      expected.headers = expected.headers.filter(([name]) => name !== "content-length");
    }
    if (answer.body !== expected.body) {
      expect(jsonOrText(answer.body), answer.request).toEqual(jsonOrText(expected.body));
      // Same JSON, other bytes (key order): show where they part, not the whole documents.
      let at = 0;
      while (answer.body[at] === expected.body[at]) at += 1;
      expect(answer.body.slice(Math.max(0, at - 80), at + 120), answer.request).toBe(expected.body.slice(Math.max(0, at - 80), at + 120));
    }
    expect(answer).toEqual(expected);
  }
}

/** A JSON body parsed, so that a difference shows as a readable diff before the byte comparison. */
function jsonOrText(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function swapTokens(value: string, tokens: ReadonlyMap<string, string>): string {
  for (const [theirs, ours] of tokens) value = value.replace(theirs, ours);
  return value;
}

/** The names of the tests recorded for one of FastAPI's test modules, e.g. "test_security_http_bearer". */
export function recordedTests(recorded: Readonly<Record<string, readonly Exchange[]>>, module: string): string[] {
  const names = Object.keys(recorded)
    .filter((key) => key.startsWith(`${module}.`) && (recorded[key]?.length ?? 0) > 0)
    .map((key) => key.slice(module.length + 1));
  expect(names.length, `tests recorded for ${module}`).toBeGreaterThan(0);
  return names;
}
