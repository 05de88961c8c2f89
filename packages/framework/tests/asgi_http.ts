// A minimal node:http front for an ASGI app, for the tests that need a real browser on a real socket
// (the framework may not import @mono/server). HTTP only, one request body read in full, no lifespan.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ASGIApp, HTTPScope, ReceiveMessage } from "@mono/asgi";

export interface Served {
  url: string;
  close(): Promise<void>;
}

export async function serve(app: ASGIApp): Promise<Served> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const [path = "/", query = ""] = (req.url ?? "/").split("?", 2);
      const headers: [string, string][] = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        headers.push([String(req.rawHeaders[i]).toLowerCase(), Buffer.from(String(req.rawHeaders[i + 1]), "utf8").toString("latin1")]);
      }
      const scope: HTTPScope = {
        type: "http",
        asgi: { version: "3.0", spec_version: "2.5" },
        http_version: "1.1",
        method: req.method ?? "GET",
        scheme: "http",
        path: decodeURIComponent(path),
        raw_path: path,
        query_string: query,
        root_path: "",
        headers,
        client: [req.socket.remoteAddress ?? "127.0.0.1", req.socket.remotePort ?? 0],
        server: ["127.0.0.1", (server.address() as AddressInfo).port],
      };
      let sent = false;
      const receive = async (): Promise<ReceiveMessage> => {
        if (sent) return new Promise<ReceiveMessage>(() => undefined);
        sent = true;
        return { type: "http.request", body: new Uint8Array(Buffer.concat(chunks)), more_body: false };
      };
      app(scope, receive, async (message) => {
        if (message.type === "http.response.start") {
          res.writeHead(message.status, (message.headers ?? []).flat());
        } else if (message.type === "http.response.body") {
          res.write(message.body ?? new Uint8Array());
          if (!message.more_body) res.end();
        }
      }).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
