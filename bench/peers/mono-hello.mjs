// Ours, bare: a hand-written ASGI hello world on @mono/server, no framework and no CORS.
// Against raw node:http this is the cost of the ASGI server alone.
import { serve } from "@mono/server";
import { BODY, listenAddress, stopOn } from "./tutorial.mjs";

const LENGTH = String(BODY.length);

async function hello(scope, receive, send) {
  if (scope.type === "lifespan") {
    for (;;) {
      const message = await receive();
      if (message.type === "lifespan.startup") await send({ type: "lifespan.startup.complete" });
      else return void (await send({ type: "lifespan.shutdown.complete" }));
    }
  }
  await send({ type: "http.response.start", status: 200, headers: [["content-type", "application/json"], ["content-length", LENGTH]] });
  await send({ type: "http.response.body", body: BODY });
}

// As uvicorn runs in the benchmark: no access log, warnings and up.
const server = await serve(hello, { ...listenAddress(), accessLog: false, logLevel: "warning" });
stopOn(() => server.close());
