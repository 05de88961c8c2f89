// Load generator of bench/ws/run.mjs: `node client.mjs echo PORT CONNECTIONS SECONDS` prints round trips/s;
// `node client.mjs idle PORT COUNT` opens COUNT idle sockets, prints "open", and holds them until stdin closes;
// `node client.mjs big PORT MB` sends one frame of MB megabytes and prints the close code the server answered.
import { connect as tcp } from "node:net";
import WebSocket from "ws";

const [mode, portText, a, b] = process.argv.slice(2);
const url = `ws://127.0.0.1:${portText}/`;
const open = () =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });

if (mode === "echo") {
  const connections = Number(a);
  const seconds = Number(b);
  const sockets = await Promise.all(Array.from({ length: connections }, open));
  const payload = "x".repeat(32);
  let count = 0;
  let running = true;
  for (const ws of sockets) {
    ws.on("message", () => {
      count += 1;
      if (running) ws.send(payload);
    });
  }
  // Warm-up second, then measure.
  for (const ws of sockets) ws.send(payload);
  await new Promise((r) => setTimeout(r, 1000));
  const start = count;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const rate = ((count - start) * 1000) / (performance.now() - t0);
  running = false;
  console.log(JSON.stringify({ rate }));
  for (const ws of sockets) ws.terminate();
} else if (mode === "idle") {
  const sockets = [];
  for (let i = 0; i < Number(a); i += 50) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, Number(a) - i) }, open))));
  }
  console.log("open");
  process.stdin.resume();
  process.stdin.on("end", () => {
    for (const ws of sockets) ws.terminate();
    process.exit(0);
  });
} else if (mode === "big") {
  // A raw client: the handshake, then one binary frame header declaring MB megabytes and as much payload as the
  // server takes before it answers.
  const size = Number(a) * 1024 * 1024;
  const socket = tcp(Number(portText), "127.0.0.1");
  socket.write(
    "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  );
  let received = Buffer.alloc(0);
  let sent = 0;
  socket.on("error", () => {});
  socket.on("data", (d) => {
    received = Buffer.concat([received, d]);
    const head = received.indexOf("\r\n\r\n");
    if (head >= 0 && sent === 0) {
      sent = 1;
      const h = Buffer.alloc(14);
      h[0] = 0x82;
      h[1] = 0x80 | 127;
      h.writeBigUInt64BE(BigInt(size), 2);
      socket.write(h);
      const chunk = Buffer.alloc(64 * 1024);
      // Stop pushing once the server has answered: a reset would discard its close frame from our receive queue.
      const answered = () => received.length > head + 4;
      const pump = () => {
        // Only the header is sent: the answer must come from it alone (and a client still writing when the server
        // closes gets a reset that can discard the close frame before it is read).
        while (sent - 1 < Math.min(size, 0) && !socket.destroyed && !answered()) {
          sent += chunk.length;
          if (!socket.write(chunk)) return socket.once("drain", pump);
        }
        if (!answered() && sent - 1 < Math.min(size, 0)) setImmediate(pump);
      };
      setImmediate(pump);
    }
  });
  socket.on("close", () => {
    const head = received.indexOf("\r\n\r\n") + 4;
    const frame = received.subarray(head);
    const code = frame.length >= 4 && frame[0] === 0x88 ? frame.readUInt16BE(2) : null;
    console.log(JSON.stringify({ code, reason: frame.subarray(4, 2 + (frame[1] ?? 0)).toString(), sentKiB: Math.round((sent - 1) / 1024) }));
  });
}
