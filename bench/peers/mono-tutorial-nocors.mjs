// Ours without CORS: the same tutorial app with no CORSMiddleware, to price CORS on our stack.
import { serve } from "@mono/server";
import { tutorialApp } from "./mono-app.mjs";
import { listenAddress, stopOn } from "./tutorial.mjs";

const server = await serve(tutorialApp({ cors: false }).asgi, { ...listenAddress(), accessLog: false, logLevel: "warning" });
stopOn(() => server.close());
