// Replays every case that scripts/gen_conformance.py recorded from Starlette 1.7.0's CORSMiddleware and
// requires our port to send exactly the same ASGI messages: type, status, ordered header names and values,
// body bytes, more_body and every other key in the same order, whether the inner app ran, and the same error.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

import type { ASGIApp, Receive, Scope, Send, SendMessage } from "@mono/asgi";
import { describe, expect, test } from "vitest";

import { CORSMiddleware } from "../src/index.js";
import type { CORSOptions } from "../src/index.js";

type Encoded = [key: string, value: unknown][];
type Step = [step: "send", message: Encoded] | [step: "raise", text: string];

interface Fixture {
  starlette: string;
  python: string;
  responses: { http: Step[][]; websocket: Step[][]; lifespan: Step[][] };
  configs: { options: CORSOptions; constructError: string | null }[];
  cases: Case[];
  unencodable: { options: CORSOptions; starletteError: string | null }[];
}

interface Outcome {
  called: boolean;
  sent: Encoded[];
  error: string | null;
}

interface Case extends Outcome {
  config: number;
  scopeType: "http" | "websocket" | "lifespan";
  method: string;
  headers: [string, string][];
  response: number;
}

const fixture = JSON.parse(
  gunzipSync(readFileSync(new URL("./fixtures/conformance.json.gz", import.meta.url))).toString("utf8"),
) as Fixture;

/** The error the scripted app raises, named as Python names it so the recorded text compares equal. */
class RuntimeError extends Error {
  override name = "RuntimeError";
}

function encodeValue(key: string, value: unknown): unknown {
  if (key === "headers" && Array.isArray(value)) return value.map((pair: [string, string]) => [pair[0], pair[1]]);
  if (value instanceof Uint8Array) return { b64: Buffer.from(value).toString("base64") };
  return value;
}

function encodeMessage(message: object): Encoded {
  return Object.entries(message).map(([key, value]) => [key, encodeValue(key, value)]);
}

function decodeMessage(encoded: Encoded): SendMessage {
  const message: Record<string, unknown> = {};
  for (const [key, value] of encoded) {
    if (key === "headers") message[key] = (value as [string, string][]).map((pair) => [pair[0], pair[1]]);
    else if (typeof value === "object" && value !== null && "b64" in value) {
      message[key] = new Uint8Array(Buffer.from((value as { b64: string }).b64, "base64"));
    } else message[key] = value;
  }
  return message as SendMessage;
}

function scopeFor(c: Case): Scope {
  const headers = c.headers.map(([name, value]): [string, string] => [name, value]);
  const common = {
    asgi: { version: "3.0" as const, spec_version: "2.5" },
    scheme: "http",
    path: "/",
    raw_path: "/",
    query_string: "",
    root_path: "",
    headers,
    client: ["testclient", 50000] as [string, number],
    server: ["testserver", 80] as [string, number],
  };
  if (c.scopeType === "lifespan") return { type: "lifespan", asgi: { version: "3.0" } };
  if (c.scopeType === "websocket") return { ...common, type: "websocket", http_version: "1.1", subprotocols: [] };
  return { ...common, type: "http", http_version: "1.1", method: c.method };
}

/** One middleware per configuration, reused by its cases (as the generator does), around a scripted app. */
class Harness {
  script: Step[] = [];
  called = false;
  readonly middleware: CORSMiddleware;

  constructor(options: CORSOptions) {
    const app: ASGIApp = async (_scope, _receive, send) => {
      this.called = true;
      for (const step of this.script) {
        if (step[0] === "raise") throw new RuntimeError(step[1]);
        await send(decodeMessage(step[1]));
      }
    };
    this.middleware = new CORSMiddleware(app, options);
  }

  async run(c: Case): Promise<Outcome> {
    this.script = fixture.responses[c.scopeType][c.response] ?? [];
    this.called = false;
    const sent: Encoded[] = [];
    const receive: Receive = async () => ({ type: "http.request", body: new Uint8Array(), more_body: false });
    const send: Send = async (message) => {
      sent.push(encodeMessage(message));
    };
    let error: string | null = null;
    try {
      await this.middleware.asgi(scopeFor(c), receive, send);
    } catch (err) {
      error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    return { called: this.called, sent, error };
  }
}

function casesOf(config: number): Case[] {
  return fixture.cases.filter((c) => c.config === config);
}

describe("conformance with Starlette 1.7.0's CORSMiddleware", () => {
  test("the fixture was recorded from Starlette 1.7.0 and holds thousands of cases", () => {
    expect(fixture.starlette).toBe("1.7.0");
    expect(fixture.cases.length).toBeGreaterThan(10_000);
  });

  test(`all ${fixture.cases.length} cases send the same messages, run the app alike and raise the same errors`, async () => {
    const byConfig = new Map<number, Case[]>();
    for (const c of fixture.cases) byConfig.set(c.config, [...(byConfig.get(c.config) ?? []), c]);
    let compared = 0;
    const mismatches: { options: CORSOptions; case: Case; actual: Outcome }[] = [];
    for (const [index, cases] of byConfig) {
      const config = fixture.configs[index];
      if (config === undefined) throw new Error(`case refers to missing configuration ${index}`);
      const harness = new Harness(config.options);
      for (const c of cases) {
        const actual = await harness.run(c);
        compared++;
        const expectedOutcome: Outcome = { called: c.called, sent: c.sent, error: c.error };
        if (JSON.stringify(actual) !== JSON.stringify(expectedOutcome)) {
          mismatches.push({ options: config.options, case: c, actual });
        }
      }
    }
    expect(compared).toBe(fixture.cases.length);
    if (mismatches.length > 0) {
      const first = mismatches[0];
      console.error(`${mismatches.length} of ${compared} cases differ; first:`, JSON.stringify(first, null, 1));
      expect({ called: first?.actual.called, sent: first?.actual.sent, error: first?.actual.error }).toEqual({
        called: first?.case.called,
        sent: first?.case.sent,
        error: first?.case.error,
      });
    }
    expect(mismatches.length).toBe(0);
  });

  test("a pattern Python's re refuses is refused when the middleware is built", () => {
    const refused = fixture.configs.filter((config) => config.constructError !== null);
    expect(refused.length).toBeGreaterThan(10);
    for (const config of refused) {
      expect(casesOf(fixture.configs.indexOf(config))).toEqual([]);
      expect(() => new CORSMiddleware(async () => {}, config.options), JSON.stringify(config.options)).toThrow();
    }
  });

  test("every pattern Python's re accepts is accepted", () => {
    for (const config of fixture.configs.filter((c) => c.constructError === null)) {
      expect(() => new CORSMiddleware(async () => {}, config.options)).not.toThrow();
    }
  });

  test("option values beyond latin-1: Starlette fails at a request, we refuse them up front", () => {
    const failing = fixture.unencodable.filter((u) => u.starletteError !== null);
    // allowOrigins entries are only compared, so Starlette never fails on them; the other three it does.
    expect(failing.map((u) => Object.keys(u.options)[0])).toEqual(["allowMethods", "allowHeaders", "exposeHeaders"]);
    for (const u of failing) expect(u.starletteError).toMatch(/^UnicodeEncodeError: 'latin-1' codec can't encode/);
    for (const u of fixture.unencodable) {
      const name = Object.keys(u.options)[0] ?? "";
      expect(() => new CORSMiddleware(async () => {}, u.options)).toThrow(new RegExp(`${name}\\[\\d\\]: expected latin-1`));
    }
  });
});
