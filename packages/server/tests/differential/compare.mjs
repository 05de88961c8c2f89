#!/usr/bin/env node
// Differential check against the reference: the same raw requests sent to uvicorn 0.54 (httptools) serving
// uvicorn_app.py and to @mono/server serving the same app in JS; the responses must be byte-identical once the
// `date` and `server` headers are removed. Not part of `vitest run` (it needs the Python reference):
//
//   npx pnpm@12.4.2 --filter @mono/server build && node packages/server/tests/differential/compare.mjs
//
// PYREF_PYTHON overrides the interpreter (default /tmp/pyref/bin/python, which has uvicorn 0.54.0 + httptools).
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../dist/index.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const PYTHON = process.env.PYREF_PYTHON ?? "/tmp/pyref/bin/python";
const UVICORN_PORT = 18555;

const monoApp = async (scope, receive, send) => {
  if (scope.type !== "http") return;
  const path = scope.path;
  if (path === "/raise") throw new Error("boom");
  if (path === "/none") return;
  if (path === "/close-nbsp") {
    await send({ type: "http.response.start", status: 204, headers: [["connection", "close\xa0"]] });
    await send({ type: "http.response.body", body: new Uint8Array(0) });
    return;
  }
  if (path === "/headers") {
    const echo = Buffer.from(scope.headers.map(([name, value]) => `${name}=${value}`).join("\n") + "\n" + scope.http_version, "latin1");
    await send({ type: "http.response.start", status: 200, headers: [["content-length", String(echo.length)]] });
    await send({ type: "http.response.body", body: echo });
    return;
  }
  let body = Buffer.alloc(0);
  for (;;) {
    const m = await receive();
    body = Buffer.concat([body, m.body ?? Buffer.alloc(0)]);
    if (!m.more_body) break;
  }
  if (path === "/204") {
    await send({ type: "http.response.start", status: 204, headers: [] });
    await send({ type: "http.response.body", body: new Uint8Array(0) });
    return;
  }
  if (path === "/599") {
    await send({ type: "http.response.start", status: 599, headers: [["content-length", "0"]] });
    await send({ type: "http.response.body", body: new Uint8Array(0) });
    return;
  }
  const headers = [["X-Dup", "1"], ["x-b", "\xe9"], ["X-Dup", "3"]];
  await send({ type: "http.response.start", status: 200, headers });
  await send({ type: "http.response.body", body: Buffer.concat([Buffer.from("hi"), body]), more_body: true });
  await send({ type: "http.response.body", body: new Uint8Array(0), more_body: false });
};

const CASES = [
  "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
  "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET / HTTP/1.0\r\nHost: x\r\n\r\n",
  "GET /raise HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET /none HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET /204 HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET /599 HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
  "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
  "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /204 HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /204 HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n",
  "GET /caf\xe9 HTTP/1.1\r\nHost: x\r\n\r\n",
  "CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n",
  "GET / HTTP/1.1\r\n\r\n",
  "GET http://example.org/a%20b?q#f HTTP/1.1\r\nHost: x\r\n\r\n",
  // Framing and smuggling-shaped requests: what the parser accepts, and the body the app then sees.
  "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
  "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
  "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab",
  "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc",
  "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3 \r\n\r\nabc",
  "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\t\r\n\r\nabc",
  "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3 \t \r\n\r\nabc",
  "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\tx\r\n\r\nabc",
  // A head that stops inside a bad framing header: refused at once, before the client sends more (or closes).
  "POST / HTTP/1.1\r\nHost: x\r\nContent-Length:lo",
  "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 1",
  "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
  "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
  "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
  "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
  "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nTrailer: t\r\n\r\n",
  "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
  "POST / HTTP/1.0\r\nHost: x\r\nContent-Length: 2\r\n\r\nab",
  "GET / HTTP/1.1\r\nHost: x\r\nFoo: a\r\n b\r\n\r\n",
  "GET / HTTP/1.1\nHost: x\n\n",
  "GET / HTTP/1.1\r\nHost: x\nX: y\r\n\r\n",
  "get / HTTP/1.1\r\nHost: x\r\n\r\n",
  "\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: x\r\nX: a\x01b\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: x\r\nX : y\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: x\r\n: y\r\n\r\n",
  "GET /  HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET / HTTP/2.0\r\nHost: x\r\n\r\n",
  "GET / HTTP/1.1 \r\nHost: x\r\n\r\n",
  "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
  "QUERY /?a=1&b=%20 HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nq",
  "PROPFIND / HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /204 HTTP/1.0\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: x\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\n",
  "GET / HTTP/0.9\r\nHost: x\r\n\r\n",
  "GET / HTTP/1.2\r\nHost: x\r\n\r\n",
  "GET / RTSP/1.0\r\nHost: x\r\n\r\n",
  "GET /\r\nHost: x\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\t\r\n\r\nGET /204 HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\nGET /204 HTTP/1.1\r\nHost: x\r\n\r\n",
  "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
  "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3 \r\nabc\r\n0\r\n\r\n",
  "GET /a%2Fb%ZZ?x=%C3%A9 HTTP/1.1\r\nHost: x\r\n\r\n",
  "GET / HTTP/1.1\r\nHost: x\r\nX: \xe9\xff\r\n\r\n",
  // An app's `connection: close<U+00A0>` is no close token for bytes.strip(): the pipelined request is answered.
  "GET /close-nbsp HTTP/1.1\r\nHost: x\r\n\r\nGET /204 HTTP/1.1\r\nHost: x\r\n\r\n",
  // The scope's header list and http_version, echoed: case, order, duplicates, whitespace around values.
  "GET /headers HTTP/1.1\r\nHost: x\r\nX-A: 1\r\nx-a:\t 2 \t\r\nSet-Cookie:a=1 \r\nEmpty:\r\nLatin: caf\xe9 \xff\r\n\r\n",
  "GET /headers HTTP/1.0\r\nExpect: 100-continue \r\nConnection: keep-alive\r\n\r\n",
  "GET /headers HTTP/2.0\r\nHost: x\r\n\r\n",
  "GET /headers\r\nHost: x\r\n\r\n",
  "POST /headers HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nX-Trailer: t\r\n\r\n",
];

function probe(port, request) {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunks = [];
    socket.on("data", (d) => chunks.push(d));
    socket.on("error", () => {});
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.write(Buffer.from(request, "latin1"));
    setTimeout(() => socket.end(), 300);
  });
}

const normalize = (text) => text.replace(/date: [^\r]*\r\n/g, "").replace(/server: (uvicorn|mono)\r\n/g, "");

const uvicorn = spawn(
  PYTHON,
  ["-m", "uvicorn", "uvicorn_app:app", "--port", String(UVICORN_PORT), "--http", "httptools", "--log-level", "critical"],
  { cwd: HERE, stdio: "inherit" },
);
const mono = await serve(monoApp, { port: 0, lifespan: "off", logHandler: () => {} });
try {
  await new Promise((resolve) => setTimeout(resolve, 2500));
  let same = 0;
  for (const request of CASES) {
    const [a, b] = [normalize(await probe(UVICORN_PORT, request)), normalize(await probe(mono.port, request))];
    if (a === b) same += 1;
    else console.log(`DIFF ${JSON.stringify(request)}\n  uvicorn: ${JSON.stringify(a)}\n  mono:    ${JSON.stringify(b)}`);
  }
  console.log(`${same}/${CASES.length} responses byte-identical (date and server removed)`);
  process.exitCode = same === CASES.length ? 0 : 1;
} finally {
  uvicorn.kill("SIGTERM");
  await mono.close();
}
