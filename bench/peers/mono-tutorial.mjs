// Ours, full stack: the tutorial on @mono/server + @mono/framework + @mono/cors.
import { serve } from "@mono/server";
import { tutorialApp } from "./mono-app.mjs";
import { listenAddress, stopOn } from "./tutorial.mjs";

// As uvicorn runs in the benchmark: no access log, warnings and up.
const server = await serve(tutorialApp({ cors: true }).asgi, { ...listenAddress(), accessLog: false, logLevel: "warning" });
stopOn(() => server.close());
