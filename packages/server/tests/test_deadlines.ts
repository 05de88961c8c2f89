// Deadlines uvicorn does not have (issue 16): a request head must arrive within --timeout-request-head, a body may not
// stall longer than --timeout-request-body, and --limit-connections caps open connections. Real sockets on
// 127.0.0.1; small deadlines so that the tests wait on conditions (a closed socket, a log line), never on a clock.
import { expect, test } from "vitest";
import type { ASGIApp } from "@mono/asgi";
import { parseCommandLine } from "../src/main.js";
import { configFromOptions } from "../src/index.js";
import { RawClient, SIMPLE_GET_REQUEST, sleep, withServer } from "./serverFixture.js";

const WAIT = 20000;

const echo: ASGIApp = async (scope, receive, send) => {
  if (scope.type !== "http") return;
  const chunks: Uint8Array[] = [];
  for (;;) {
    const message = await receive();
    if (message.type !== "http.request") return;
    chunks.push(message.body ?? new Uint8Array(0));
    if (!message.more_body) break;
  }
  const body = Buffer.concat(chunks);
  await send({ type: "http.response.start", status: 200, headers: [["content-length", String(body.length)]] });
  await send({ type: "http.response.body", body });
};

async function waitUntil(predicate: () => boolean, what: string, timeoutMs = WAIT): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

test("defaults: head and body deadlines of 60 s and 10000 connections; 0 turns each off; flags map onto them", () => {
  const config = configFromOptions({});
  expect([config.timeoutRequestHead, config.timeoutRequestBody, config.limitConnections]).toEqual([60, 60, 10000]);
  const off = configFromOptions({ timeoutRequestHead: 0, timeoutRequestBody: null, limitConnections: 0 });
  expect([off.timeoutRequestHead, off.timeoutRequestBody, off.limitConnections]).toEqual([null, null, null]);
  expect(() => configFromOptions({ timeoutRequestHead: -1 })).toThrow(/option "timeoutRequestHead"/);
  expect(() => configFromOptions({ limitConnections: 1.5 })).toThrow(/option "limitConnections"/);
  const line = parseCommandLine(
    ["app:app", "--timeout-request-head", "2.5", "--timeout-request-body", "0", "--limit-connections", "7"],
    {},
  );
  expect(line.options).toMatchObject({ timeoutRequestHead: 2.5, timeoutRequestBody: 0, limitConnections: 7 });
  expect(() => parseCommandLine(["app:app", "--timeout-request-head", "soon"], {})).toThrow(
    "Invalid value for '--timeout-request-head': 'soon' is not a valid float.",
  );
});

test("slowloris: every connection trickling a head is answered 408 and closed at the head deadline, each logged once, while a normal client is served", async () => {
  await withServer(echo, { timeoutRequestHead: 1 }, async (server) => {
    // Each starts its head as soon as it is connected: a connection that sent nothing would be closed silently.
    const loris = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const client = await RawClient.open(server.port);
        client.write("GET / HTTP/1.1\r\nHost: x\r\n");
        return client;
      }),
    );
    let trickling = true;
    const trickle = (async () => {
      // One header byte at a time, never the end of the line: the head never completes.
      while (trickling) {
        for (const client of loris) if (!client.closed) client.write("a");
        await sleep(50);
      }
    })();
    try {
      // A normal client keeps being served (200, well within the generous wait) while they trickle.
      do {
        const client = await RawClient.open(server.port);
        client.write(SIMPLE_GET_REQUEST);
        expect((await client.readResponse({ timeoutMs: WAIT })).status).toBe(200);
        client.close();
      } while (loris.some((client) => !client.closed));
    } finally {
      trickling = false;
      await trickle;
    }
    for (const client of loris) {
      const text = client.received;
      expect(text.slice(0, 30)).toBe("HTTP/1.1 408 Request Timeout\r\n");
      expect(text.endsWith("connection: close\r\n\r\nRequest Timeout")).toBe(true);
    }
    const logged = server.records.filter((r) => r.message === "Request head not received within 1 s, closing the connection.");
    expect(logged.length).toBe(50);
    expect(logged.every((r) => r.level === "warning")).toBe(true);
  });
});

test("a connection that sends nothing is closed at the head deadline without a response", async () => {
  await withServer(echo, { timeoutRequestHead: 0.3 }, async (server) => {
    const client = await RawClient.open(server.port);
    expect(await client.waitClosed(WAIT)).toBe(true);
    expect(client.received).toBe("");
    expect(server.records.filter((r) => r.message.startsWith("No request received within 0.3 s")).length).toBe(1);
  });
});

test("a head that arrives in pieces within the deadline is served; the deadline restarts with each request", async () => {
  await withServer(echo, { timeoutRequestHead: 5, timeoutKeepAlive: 60 }, async (server) => {
    const client = await RawClient.open(server.port);
    for (let round = 0; round < 2; round++) {
      for (const piece of ["GET / HT", "TP/1.1\r\nHo", "st: x\r\n", "\r\n"]) {
        client.write(piece);
        await sleep(20);
      }
      expect((await client.readResponse({ timeoutMs: WAIT })).status).toBe(200);
    }
    client.close();
  });
});

test("a body that stops arriving: 408 at the idle-read deadline, the app sees http.disconnect, logged once", async () => {
  const seen: string[] = [];
  const app: ASGIApp = async (scope, receive, send) => {
    if (scope.type !== "http") return;
    for (;;) {
      const message = await receive();
      seen.push(message.type);
      if (message.type !== "http.request") return;
      if (!message.more_body) break;
    }
    await send({ type: "http.response.start", status: 200, headers: [] });
    await send({ type: "http.response.body", body: new Uint8Array(0) });
  };
  await withServer(app, { timeoutRequestBody: 0.3 }, async (server) => {
    const client = await RawClient.open(server.port);
    client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab");
    expect(await client.waitClosed(WAIT)).toBe(true);
    expect(client.received.slice(0, 30)).toBe("HTTP/1.1 408 Request Timeout\r\n");
    await waitUntil(() => seen.includes("http.disconnect"), "http.disconnect");
    expect(server.records.filter((r) => r.message === "Request body stalled for 0.3 s, closing the connection.").length).toBe(1);
  });
});

test("a slow but steady body is not cut by the idle-read deadline", async () => {
  await withServer(echo, { timeoutRequestBody: 2 }, async (server) => {
    const client = await RawClient.open(server.port);
    client.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n");
    for (let i = 0; i < 10; i++) {
      client.write(String(i));
      await sleep(30);
    }
    const response = await client.readResponse({ timeoutMs: WAIT });
    expect([response.status, response.body.toString()]).toEqual([200, "0123456789"]);
    client.close();
  });
});

test("--limit-connections: connections over the cap are closed at accept, logged once per episode; below it they are served again", async () => {
  await withServer(echo, { limitConnections: 3, timeoutKeepAlive: 60 }, async (server) => {
    const kept = await Promise.all([0, 1, 2].map(() => RawClient.open(server.port)));
    for (const client of kept) {
      client.write(SIMPLE_GET_REQUEST);
      expect((await client.readResponse({ timeoutMs: WAIT })).status).toBe(200);
    }
    const refused = await Promise.all([0, 1, 2].map(() => RawClient.open(server.port)));
    for (const client of refused) {
      expect(await client.waitClosed(WAIT)).toBe(true);
      expect(client.received).toBe("");
    }
    const limitLines = () => server.records.filter((r) => r.message === "Exceeded connection limit of 3, closing new connections.");
    expect(limitLines().length).toBe(1);
    kept[0]!.close();
    await waitUntil(() => server.records.some((r) => r.message.startsWith("Connection limit: 3 connection(s) closed at accept")), "the episode's end");
    const again = await RawClient.open(server.port);
    again.write(SIMPLE_GET_REQUEST);
    expect((await again.readResponse({ timeoutMs: WAIT })).status).toBe(200);
    for (const client of [...kept, again]) client.close();
  });
});
