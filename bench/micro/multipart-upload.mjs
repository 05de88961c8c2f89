// The memory goal for uploads: a 100 MB multipart body read by request.form() streams to disk, and the
// process's RSS grows by less than 64 MiB. The body is made chunk by chunk (64 KiB, as a socket delivers it) and
// never held whole; RSS is sampled after every chunk. Not part of `pnpm bench`; run
// `node bench/micro/multipart-upload.mjs [--mb 100]` after building @mono/asgi. Exits 1 when the goal is missed.
import { createHash } from "node:crypto";
import { Request } from "@mono/asgi";

const MB = Number(process.argv[process.argv.indexOf("--mb") + 1] ?? 100) || 100;
const CHUNK = 64 * 1024;
const BOUNDARY = "a7f7ac8d4e2e437c877bb7b8d7cc549c";
const head = Buffer.from(
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="field"\r\n\r\nvalue\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
);
const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
const fileSize = MB * 1024 * 1024;
const block = Buffer.alloc(CHUNK);
for (let i = 0; i < CHUNK; i++) block[i] = (i * 31 + 7) & 0xff;

let sent = 0;
let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
};
const expected = createHash("sha256");
async function receive() {
  sample();
  if (sent === 0) {
    sent = 1;
    return { type: "http.request", body: head, more_body: true };
  }
  const offset = sent - 1;
  if (offset >= fileSize) return { type: "http.request", body: tail, more_body: false };
  const size = Math.min(CHUNK, fileSize - offset);
  const body = Buffer.from(block.subarray(0, size));
  expected.update(body);
  sent += size;
  return { type: "http.request", body, more_body: true };
}

const scope = {
  type: "http", asgi: { version: "3.0" }, http_version: "1.1", method: "POST", scheme: "http", path: "/", raw_path: "/",
  query_string: "", root_path: "", headers: [["content-type", `multipart/form-data; boundary=${BOUNDARY}`]],
};
const before = process.memoryUsage().rss;
const started = performance.now();
const request = new Request(scope, receive);
const form = await request.form();
const seconds = (performance.now() - started) / 1000;
sample();
const upload = form.get("file");
const rolled = upload.file.rolled;
const actual = createHash("sha256");
for (let chunk = await upload.read(1 << 20); chunk.length > 0; chunk = await upload.read(1 << 20)) actual.update(chunk);
await form.close();
const growth = (peak - before) / 1024 / 1024;
const same = actual.digest("hex") === expected.digest("hex");
console.log(
  `multipart upload of ${MB} MB: ${seconds.toFixed(2)} s (${(MB / seconds).toFixed(0)} MB/s), on disk: ${rolled}, ` +
    `size ${upload.size}, content intact: ${same}, RSS growth ${growth.toFixed(1)} MiB (goal < 64 MiB)`,
);
process.exitCode = same && upload.size === fileSize && rolled && growth < 64 ? 0 : 1;
