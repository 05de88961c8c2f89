// Raw node:http, no CORS: the ceiling every other server is measured against.
import { createServer } from "node:http";
import { BODY, listenAddress, stopOn } from "./tutorial.mjs";

const headers = { "content-type": "application/json", "content-length": String(BODY.length) };
const server = createServer((req, res) => {
  res.writeHead(200, headers);
  res.end(BODY);
});
const { host, port } = listenAddress();
server.listen(port, host);
stopOn(() => server.close());
