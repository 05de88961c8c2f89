// The request parser alone (packages/server/src/httpParser.ts), in ns per parse: a wrk GET head, a 5-header
// browser-like head, a POST with a small Content-Length body, and 16 pipelined wrk GETs in one chunk (per request).
// Each parse is one feedData of a prebuilt Buffer into a parser whose callbacks only count. For scale, node's own
// llhttp binding (node:_http_common's HTTPParser, what node:http runs) parses the same bytes with callbacks that
// only count. Not part of `pnpm bench`; run `taskset -c 0 node bench/micro/http-parser.mjs` after building
// @mono/server. Prints a table: min and median ns per request over batches (the machine is shared: trust the min).
import { createRequire } from "node:module";
import { HttpRequestParser } from "../../packages/server/dist/httpParser.js";

const { HTTPParser } = createRequire(import.meta.url)("_http_common");

const WRK_GET = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n";
const CASES = {
  "wrk GET": [WRK_GET, 1],
  "GET, 5 headers": [
    "GET /items/42?q=search HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n" +
      "Accept: application/json\r\nAccept-Encoding: gzip, deflate, br\r\nOrigin: http://localhost:8080\r\n\r\n",
    1,
  ],
  "POST, CL body": [
    "POST /items HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nContent-Type: application/json\r\nContent-Length: 27\r\n\r\n" +
      '{"name":"Foo","price":42.0}',
    1,
  ],
  "16 pipelined GET": [WRK_GET.repeat(16), 16],
};

let events = 0;
const callbacks = {
  onHeadersComplete: (request) => void (events += request.headers.length),
  onBody: (chunk) => void (events += chunk.length),
  onMessageComplete: () => void events++,
};

function nodeParser() {
  const parser = new HTTPParser();
  parser.initialize(HTTPParser.REQUEST, {});
  parser[HTTPParser.kOnHeadersComplete] = (major, minor, headers) => void (events += headers.length);
  parser[HTTPParser.kOnBody] = (chunk) => void (events += chunk.length);
  parser[HTTPParser.kOnMessageComplete] = () => void events++;
  return { feedData: (data) => parser.execute(data) };
}

/** [min, median] ns per request of `parser.feedData(data)`. */
function nsPerRequest(parser, data, requests, { batch = 10000, batches = 31 } = {}) {
  const times = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) parser.feedData(data);
    times.push(Number(process.hrtime.bigint() - t0) / batch / requests);
  }
  times.sort((x, y) => x - y);
  return [Math.round(times[0]), Math.round(times[times.length >> 1])];
}

const rows = [];
for (const [name, [raw, requests]] of Object.entries(CASES)) {
  const data = Buffer.from(raw, "latin1");
  const ours = new HttpRequestParser(callbacks);
  const node = nodeParser();
  nsPerRequest(ours, data, requests, { batch: 10000, batches: 5 }); // warm up
  nsPerRequest(node, data, requests, { batch: 10000, batches: 5 });
  const [min, median] = nsPerRequest(ours, data, requests);
  const [nodeMin, nodeMedian] = nsPerRequest(node, data, requests);
  rows.push({ case: name, bytes: data.length, "ns min": min, "ns median": median, "llhttp min": nodeMin, "llhttp median": nodeMedian });
}
console.table(rows);
if (events === 0) console.log("nothing parsed");
