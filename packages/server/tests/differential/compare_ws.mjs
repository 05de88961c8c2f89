#!/usr/bin/env node
// Differential check of the WebSocket protocol: the same raw handshakes and frames sent to uvicorn 0.54 (its default
// `--ws auto`, websockets' sans-I/O protocol, websockets 17.1) serving uvicorn_ws_app.py and to @mono/server serving
// the same app in JS; everything each server writes back must be byte-identical once `date` and `server` headers are
// removed. Not part of `vitest run` (it needs the Python reference):
//
//   npx pnpm@12.4.2 --filter @mono/server build && node packages/server/tests/differential/compare_ws.mjs
//
// PYREF_PYTHON names an interpreter with `pip install uvicorn==0.54.0 websockets==17.1` (default: python3).
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { constants, deflateRawSync } from "node:zlib";
import { serve } from "../../dist/index.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const PYTHON = process.env.PYREF_PYTHON ?? "python3";
const UVICORN_PORT = Number(process.env.UVICORN_PORT ?? 18556);

const monoApp = async (scope, receive, send) => {
  if (scope.type !== "websocket") return;
  const path = scope.path;
  if (path === "/raise") throw new Error("boom");
  if (path === "/return") return;
  await receive();
  if (path === "/close-before-accept") return send({ type: "websocket.close" });
  if (path === "/deny") {
    await send({ type: "websocket.http.response.start", status: 418, headers: [["X-A", "1"]] });
    await send({ type: "websocket.http.response.body", body: Buffer.from("no"), more_body: true });
    return send({ type: "websocket.http.response.body", body: Buffer.from("pe") });
  }
  if (path === "/deny-typed") {
    await send({ type: "websocket.http.response.start", status: 401, headers: [["content-type", "application/json"]] });
    return send({ type: "websocket.http.response.body", body: Buffer.from("{}") });
  }
  if (path === "/subprotocol") await send({ type: "websocket.accept", subprotocol: "chat", headers: [["X-Extra", "1"]] });
  else await send({ type: "websocket.accept" });
  if (path === "/raise-after") throw new Error("boom");
  if (path === "/accept-return") return;
  if (path === "/close-code") return send({ type: "websocket.close", code: 4001, reason: "bye" });
  if (path === "/scope") {
    const text = [
      scope.path, scope.raw_path, scope.query_string, scope.subprotocols.join(","), scope.scheme, scope.http_version,
      scope.asgi.version, scope.asgi.spec_version, scope.root_path,
      scope.headers.map(([n, v]) => `${n}=${v}`).join(";"), Object.keys(scope.extensions).join(","),
    ].join("|");
    await send({ type: "websocket.send", text: Buffer.from(text, "latin1").toString("latin1") });
  }
  for (;;) {
    const m = await receive();
    if (m.type === "websocket.disconnect") return;
    if (m.text != null) {
      if (m.text === "close") await send({ type: "websocket.close", code: 1000 });
      else await send({ type: "websocket.send", text: "echo:" + m.text });
    } else {
      await send({ type: "websocket.send", bytes: Buffer.concat([Buffer.from("echo:"), m.bytes]) });
    }
  }
};

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";
const hs = (path, extra = "", { method = "GET", key = `Sec-WebSocket-Key: ${KEY}\r\n`, version = "Sec-WebSocket-Version: 13\r\n", upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n" } = {}) =>
  `${method} ${path} HTTP/1.1\r\nHost: x\r\n${upgrade}${key}${version}${extra}\r\n`;

/** A client frame: masked unless told otherwise; `length` overrides the declared length (payload not sent). */
function frame(opcode, payload = "", { fin = true, mask = true, rsv = 0, length } = {}) {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, "utf8");
  const n = length ?? data.length;
  const head = [(fin ? 0x80 : 0) | rsv | opcode];
  const ext = [];
  if (n < 126) head.push((mask ? 0x80 : 0) | n);
  else if (n < 65536) { head.push((mask ? 0x80 : 0) | 126); ext.push(n >> 8, n & 255); }
  else { head.push((mask ? 0x80 : 0) | 127); const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); ext.push(...b); }
  const key = Buffer.from([1, 2, 3, 4]);
  const body = length !== undefined ? Buffer.alloc(0) : mask ? Buffer.from(data.map((c, i) => c ^ key[i & 3])) : data;
  return Buffer.concat([Buffer.from(head), Buffer.from(ext), mask ? key : Buffer.alloc(0), body]);
}
const close = (code, reason = "") => {
  if (code === undefined) return frame(8);
  const b = Buffer.alloc(2); b.writeUInt16BE(code);
  return frame(8, Buffer.concat([b, Buffer.from(reason, "utf8")]));
};
const TEXT = 1, BIN = 2, CONT = 0, PING = 9, PONG = 10;
const deflated = (text) => {
  const out = deflateRawSync(Buffer.from(text), { finishFlush: constants.Z_SYNC_FLUSH });
  return out.subarray(0, out.length - 4);
};
const PMD = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";

const CASES = [
  // Handshakes: accepted, refused by websockets' checks, refused or denied by the app.
  [hs("/echo"), [frame(TEXT, "hi"), frame(BIN, "\x00\x01"), close(1000)]],
  [hs("/echo?x=1", "Sec-WebSocket-Protocol: chat, superchat\r\n"), [close(1001, "away")]],
  [hs("/echo", "", { key: "" })],
  [hs("/echo", "", { key: "Sec-WebSocket-Key: abc\r\n" })],
  [hs("/echo", "", { key: "Sec-WebSocket-Key: not base64!\r\n" })],
  [hs("/echo", "", { key: "Sec-WebSocket-Key: AAAA\r\n" })],
  [hs("/echo", "", { key: `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Key: ${KEY}\r\n` })],
  [hs("/echo", "", { version: "" })],
  [hs("/echo", "", { version: "Sec-WebSocket-Version: 8\r\n" })],
  [hs("/echo", "", { method: "POST" })],
  [hs("/echo", "", { method: "PUT" })],
  [hs("/echo", "", { upgrade: "Upgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n" }), [close(1000)]],
  [hs("/echo", "", { upgrade: "Upgrade: websocket\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" })],
  [hs("/echo", "", { upgrade: "Upgrade: websocket\r\nConnection: Upgrade,,\r\n" }), [close(1000)]],
  [hs("/echo", "", { upgrade: "Upgrade: websocket\r\nConnection: Upgrade;x\r\n" })],
  [hs("/echo", "", { upgrade: "Connection: Upgrade\r\n" })],
  [hs("/echo", "", { upgrade: "Upgrade: websocket\r\n" })],
  [hs("/echo", "Origin: http://a\r\nOrigin: http://b\r\n")],
  [hs("/echo", "Sec-WebSocket-Protocol: a b\r\n")],
  [hs("/echo", "Content-Length: 0\r\n"), [close(1000)]],
  [hs("/close-before-accept")],
  [hs("/deny")],
  [hs("/deny-typed")],
  [hs("/raise")],
  [hs("/return")],
  [hs("/subprotocol", "Sec-WebSocket-Protocol: chat\r\n"), [close(1000)]],
  [hs("/scope/a%20b?q=%20&x", "Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Protocol: x\r\nX-Latin: caf\xe9\r\n"), [close(1000)]],
  [hs("/close-code"), [close(4001, "bye")]],
  [hs("/accept-return")],
  [hs("/raise-after")],
  // Messages: fragmentation, control frames between fragments, text that is not UTF-8, pings.
  [hs("/echo"), [frame(TEXT, "hel", { fin: false }), frame(PING, "p"), frame(CONT, "lo", { fin: false }), frame(CONT, "!"), close(1000)]],
  [hs("/echo"), [frame(BIN, "a", { fin: false }), frame(CONT, "b"), close(1000)]],
  [hs("/echo"), [frame(PING, "payload"), close(1000)]],
  [hs("/echo"), [frame(PONG, "unsolicited"), frame(TEXT, "x"), close(1000)]],
  [hs("/echo"), [frame(TEXT, "caf\u00e9 \u{1f600}"), close(1000)]],
  [hs("/echo"), [frame(TEXT, Buffer.from([0x61, 0xff, 0x62]))]],
  [hs("/echo"), [frame(TEXT, Buffer.from([0xe2, 0x82]))]],
  [hs("/echo"), [frame(TEXT, "close")]],
  [hs("/echo"), [frame(TEXT, "x".repeat(70000)), close(1000)]],
  // Protocol errors: each closes with websockets' code and reason.
  [hs("/echo"), [frame(TEXT, "unmasked", { mask: false })]],
  [hs("/echo"), [frame(TEXT, "rsv", { rsv: 0x40 })]],
  [hs("/echo"), [frame(TEXT, "rsv", { rsv: 0x20 })]],
  [hs("/echo"), [frame(3, "op")]],
  [hs("/echo"), [frame(0xb, "op")]],
  [hs("/echo"), [frame(CONT, "orphan")]],
  [hs("/echo"), [frame(TEXT, "a", { fin: false }), frame(TEXT, "b")]],
  [hs("/echo"), [frame(PING, "p", { fin: false })]],
  [hs("/echo"), [frame(PING, "x".repeat(126))]],
  [hs("/echo"), [frame(8, "x")]],
  [hs("/echo"), [close(999)]],
  [hs("/echo"), [close(1005)]],
  [hs("/echo"), [close(1006)]],
  [hs("/echo"), [close(5000)]],
  [hs("/echo"), [close(3000, "registered")]],
  [hs("/echo"), [close(4999)]],
  [hs("/echo"), [frame(8, Buffer.from([0x03, 0xe8, 0xff]))]],
  [hs("/echo"), [close()]],
  [hs("/echo"), [frame(TEXT, "a", { fin: false }), close(1000)]],
  [hs("/echo"), [frame(BIN, "", { length: 100 * 1024 * 1024 })]],
  [hs("/echo"), [frame(BIN, "", { length: 2 ** 40 })]],
  [hs("/echo"), [frame(TEXT, "a", { fin: false }), frame(CONT, "", { length: 16 * 1024 * 1024 })]],
  [hs("/echo"), [close(1000), frame(TEXT, "after close")]],
  // permessage-deflate: what is negotiated, and compressed frames both ways.
  [hs("/echo", PMD), [close(1000)]],
  [hs("/echo", "Sec-WebSocket-Extensions: permessage-deflate\r\n"), [close(1000)]],
  [hs("/echo", "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10; client_max_window_bits=9\r\n"), [close(1000)]],
  [hs("/echo", "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover; client_no_context_takeover\r\n"), [close(1000)]],
  [hs("/echo", "Sec-WebSocket-Extensions: permessage-deflate; x=1, permessage-deflate; server_max_window_bits=15\r\n"), [close(1000)]],
  [hs("/echo", "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=16\r\n"), [close(1000)]],
  [hs("/echo", "Sec-WebSocket-Extensions: x-webkit-deflate-frame, permessage-deflate; client_max_window_bits=\"10\"\r\n"), [close(1000)]],
  [hs("/echo", "Sec-WebSocket-Extensions: ;;\r\n")],
  [hs("/echo", "Sec-WebSocket-Extensions: permessage-deflate; a=\"b c\"\r\n")],
  [hs("/echo", PMD), [frame(TEXT, deflated("hello"), { rsv: 0x40 }), frame(TEXT, "plain"), close(1000)]],
  [hs("/echo", PMD), [frame(TEXT, Buffer.from([1, 2, 3, 4, 5]), { rsv: 0x40 })]],
  [hs("/echo", PMD), [frame(PING, "p", { rsv: 0x40 })]],
  [hs("/echo", PMD), [frame(TEXT, deflated("ab").subarray(0, 2), { rsv: 0x40, fin: false }), frame(CONT, "x", { rsv: 0x40 })]],
  // Request-line and header variants.
  [hs("/echo").replace("HTTP/1.1", "HTTP/1.0"), [close(1000)]],
  [hs("/echo", "", { upgrade: "upgrade: WebSocket\r\nconnection: keep-alive, upgrade\r\n" }), [close(1000)]],
  [hs("/echo", "", { upgrade: "Upgrade: websocket\r\nConnection: keep-alive\r\n" })],
  [hs("/echo", "", { version: "Sec-WebSocket-Version:  13 \r\n" }), [close(1000)]],
  [hs("/echo", "", { version: "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Version: 13\r\n" })],
  [hs("/echo", "", { key: "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA=\r\n" })],
  [hs("/echo", "", { key: "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAA\r\n" })],
  [hs("/echo", "", { key: "Sec-WebSocket-Key: =AAAAAAAAAAAAAAAAAAAAA==\r\n" })],
  [hs("/echo", "", { key: "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==AA\r\n" })],
  [hs("/echo", "", { key: "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAA=A==\r\n" })],
  [hs("/echo", "", { key: "Sec-WebSocket-Key: caf\xe9AAAAAAAAAAAAAAAAAAA==\r\n" })],
  [hs("http://x/scope?q#f"), [close(1000)]],
  [hs("/scope#frag"), [close(1000)]],
  [hs("/echo", "Content-Length: 5\r\n") + "hello"],
  [hs("/echo", "Transfer-Encoding: chunked\r\n") + "0\r\n\r\n"],
  [hs("/echo", "Origin: http://example.com\r\n"), [close(1000)]],
  [hs("/echo", "Sec-WebSocket-Protocol: ,a,,b, \r\n"), [close(1000)]],
  [hs("/scope", "X-Pad: \t padded \t\r\n"), [close(1000)]],
  [hs("/echo", `X-Long: ${"a".repeat(8184)}\r\n`), [close(1000)]],
  [hs("/echo", `X-Long: ${"a".repeat(8185)}\r\n`), [close(1000)]],
  [hs("/echo", Array.from({ length: 124 }, (_, i) => `X-${i}: 1\r\n`).join("")), [close(1000)]],
  [hs("/echo", Array.from({ length: 123 }, (_, i) => `X-${i}: 1\r\n`).join("")), [close(1000)]],
  [hs("/caf\xe9")],
  // More frames.
  [hs("/echo"), [frame(TEXT, Buffer.from([0xe2, 0x82]), { fin: false }), frame(CONT, Buffer.from([0xac]))]],
  [hs("/echo"), [frame(TEXT, Buffer.from([0xe2]), { fin: false }), frame(CONT, Buffer.from([0x41]))]],
  [hs("/echo"), [frame(PING, "x".repeat(125)), frame(BIN, ""), close(1000)]],
  [hs("/echo"), [frame(BIN, "", { length: 2 ** 53 + 10 })]],
  [hs("/echo"), [Buffer.concat([Buffer.from([0x81, 0xfe, 0x00, 0x02, 0, 0, 0, 0]), Buffer.from("hi")]), close(1000)]],
  [hs("/echo"), [close(1000, "r".repeat(123))]],
  [hs("/echo"), [close(1000, "r".repeat(124))]],
  [hs("/echo"), [close(1000), frame(PING, "late")]],
  [hs("/close-code"), [frame(TEXT, "after server close"), close(4001, "bye")]],
  // A frame in the same packet as the handshake: httptools stops at the upgrade, uvicorn loses the rest.
  [hs("/echo") + "\x81\x82\x00\x00\x00\x00hi", [close(1000)]],
];

function probe(port, [request, frames = []]) {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunks = [];
    let idle;
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(() => socket.destroy(), 1200);
    };
    let headDone = false;
    let queue = [...frames];
    const sendNext = () => {
      const next = queue.shift();
      if (next === undefined || socket.destroyed) return;
      socket.write(next);
      setTimeout(sendNext, 120);
    };
    socket.on("data", (d) => {
      chunks.push(d);
      armIdle();
      if (!headDone && Buffer.concat(chunks).includes("\r\n\r\n")) {
        headDone = true;
        if (Buffer.concat(chunks).toString("latin1").startsWith("HTTP/1.1 101")) setTimeout(sendNext, 100);
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(idle);
      resolve(Buffer.concat(chunks).toString("latin1"));
    });
    socket.write(Buffer.from(request, "latin1"));
    armIdle();
  });
}

const normalize = (text) => text.replace(/^(date|server): [^\r]*\r\n/gim, "");

const uvicorn = spawn(
  PYTHON,
  ["-m", "uvicorn", "uvicorn_ws_app:app", "--port", String(UVICORN_PORT), "--ws", "websockets-sansio", "--log-level", "critical"],
  { cwd: HERE, stdio: "inherit" },
);
const mono = await serve(monoApp, { port: 0, lifespan: "off", logHandler: () => {} });
try {
  await new Promise((resolve) => setTimeout(resolve, 2500));
  let same = 0;
  const only = process.env.CASE === undefined ? null : Number(process.env.CASE);
  for (const [i, c] of CASES.entries()) {
    if (only !== null && i !== only) continue;
    const [a, b] = await Promise.all([probe(UVICORN_PORT, c), probe(mono.port, c)]);
    if (normalize(a) === normalize(b)) same += 1;
    else console.log(`DIFF #${i} ${JSON.stringify(c[0]).slice(0, 160)}\n  uvicorn: ${JSON.stringify(normalize(a)).slice(0, 600)}\n  mono:    ${JSON.stringify(normalize(b)).slice(0, 600)}`);
  }
  console.log(`${same}/${only === null ? CASES.length : 1} exchanges byte-identical (date and server headers removed)`);
  process.exitCode = same === (only === null ? CASES.length : 1) ? 0 : 1;
} finally {
  uvicorn.kill("SIGTERM");
  await mono.close();
}
