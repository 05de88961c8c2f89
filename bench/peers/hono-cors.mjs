// hono 4 + hono/cors on @hono/node-server with the tutorial's options.
import { Hono } from "hono";
import { cors } from "hono/cors";
import { serve } from "@hono/node-server";
import { ALL_METHODS, MESSAGE, ORIGINS, isMain, listenAddress, stopOn } from "./tutorial.mjs";

export function build(withCors = true) {
  const app = new Hono();
  // allowHeaders left empty: hono/cors then reflects Access-Control-Request-Headers, as allow_headers=["*"] does.
  if (withCors) app.use("*", cors({ origin: ORIGINS, credentials: true, allowMethods: ALL_METHODS }));
  app.get("/", (c) => c.json(MESSAGE));
  return app;
}

if (isMain(import.meta.url)) {
  const { host, port } = listenAddress();
  const server = serve({ fetch: build().fetch, hostname: host, port });
  stopOn(() => server.close());
}
