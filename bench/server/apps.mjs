// Hello-world servers for the server benchmark: `node apps.mjs mono|node <port>`.
import { createServer } from "node:http";
import { serve } from "@mono/server";

const [kind = "mono", portText = "8000"] = process.argv.slice(2);
const port = Number(portText);
const BODY = Buffer.from("Hello, world!");

if (kind === "node") {
  createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/plain", "content-length": BODY.length });
    res.end(BODY);
  }).listen(port, "127.0.0.1", () => console.log(`node:http listening on ${port}`));
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
} else {
  const headers = [
    ["content-type", "text/plain"],
    ["content-length", String(BODY.length)],
  ];
  const app = async (scope, receive, send) => {
    if (scope.type !== "http") return;
    await send({ type: "http.response.start", status: 200, headers });
    await send({ type: "http.response.body", body: BODY });
  };
  // DEADLINES=off turns off the head/body deadlines and the connection cap; HEAD_DEADLINE=<s> sets the head deadline.
  const deadlines =
    process.env.DEADLINES === "off" ? { timeoutRequestHead: 0, timeoutRequestBody: 0, limitConnections: 0 } : {};
  if (process.env.HEAD_DEADLINE) deadlines.timeoutRequestHead = Number(process.env.HEAD_DEADLINE);
  const handle = await serve(app, {
    port,
    accessLog: false,
    lifespan: "off",
    logLevel: "error",
    ...(process.env.NOPROXY ? { proxyHeaders: false } : {}),
    ...deadlines,
  });
  console.log(`@mono/server listening on ${handle.port}`);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => handle.close().then(() => process.exit(0)));
}
