// fastify 5 + @fastify/cors with the tutorial's options.
import Fastify from "fastify";
import cors from "@fastify/cors";
import { ALL_METHODS, MESSAGE, ORIGINS, isMain, listenAddress, stopOn } from "./tutorial.mjs";

export async function build(withCors = true) {
  const app = Fastify({ logger: false });
  // allowedHeaders left unset: @fastify/cors then reflects Access-Control-Request-Headers, as allow_headers=["*"] does.
  if (withCors) await app.register(cors, { origin: ORIGINS, credentials: true, methods: ALL_METHODS });
  app.get("/", async () => MESSAGE);
  return app;
}

if (isMain(import.meta.url)) {
  const app = await build();
  await app.listen(listenAddress());
  stopOn(() => app.close());
}
