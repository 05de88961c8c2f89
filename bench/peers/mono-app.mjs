// Ours: FastAPI's CORS tutorial written with @mono/framework + @mono/cors, as apps/demo would write it.
// mono-tutorial.mjs serves it with CORS, mono-tutorial-nocors.mjs without (the cost of CORS is the difference).
import { App } from "@mono/framework";
import { CORSMiddleware } from "@mono/cors";
import { ORIGINS } from "./tutorial.mjs";

export function tutorialApp({ cors = true } = {}) {
  const app = new App();
  if (cors) {
    app.addMiddleware(CORSMiddleware, {
      allowOrigins: ORIGINS,
      allowCredentials: true,
      allowMethods: ["*"],
      allowHeaders: ["*"],
    });
  }
  app.get("/", {}, async function main() {
    return { message: "Hello World" };
  });
  return app;
}
