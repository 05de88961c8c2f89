// /docs with a security scheme, in a real Chromium: Swagger UI's Authorize button takes a username and password,
// gets a token from the app's OAuth2PasswordRequestForm route, and "Try it out" then sends it as a Bearer token.
import { chromium } from "playwright-core";
import { expect, test } from "vitest";
import { CHROMIUM_ARGS, ensureChromium } from "../../../../scripts/chromium.mjs";
import { App, Depends, HTTPException, OAuth2PasswordBearer, OAuth2PasswordRequestForm } from "../../src/index.js";
import { serve } from "../asgi_http.js";

function makeApp(): App {
  const app = new App({ title: "Secure API" });
  const oauth2Scheme = new OAuth2PasswordBearer({ tokenUrl: "token" });
  app.post("/token", { deps: { form_data: OAuth2PasswordRequestForm } }, function login({ deps: { form_data } }) {
    if (form_data.username !== "johndoe" || form_data.password !== "secret") {
      throw new HTTPException(400, "Incorrect username or password");
    }
    return { access_token: "johndoe-token", token_type: "bearer" };
  });
  const currentUser = Depends({ deps: { token: oauth2Scheme } }, ({ deps }) => {
    if (deps.token !== "johndoe-token") throw new HTTPException(401, "Not authenticated", { "WWW-Authenticate": "Bearer" });
    return { username: "johndoe" };
  });
  app.get("/users/me", { deps: { user: currentUser } }, function read_users_me({ deps }) {
    return deps.user;
  });
  return app;
}

test("test_docs_authorize_button_in_chromium", async () => {
  const served = await serve(makeApp().asgi);
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(`${served.url}/docs`);
    await page.locator("button.authorize").first().click({ timeout: 30_000 });
    await page.locator("#oauth_username").fill("johndoe");
    await page.locator("#oauth_password").fill("secret");
    const token = page.waitForResponse((response) => response.url().endsWith("/token"), { timeout: 30_000 });
    await page.locator(".auth-btn-wrapper button.authorize").click();
    expect((await token).status()).toBe(200);
    await page.locator(".auth-btn-wrapper button.btn-done").click();

    await page.locator("#operations-default-read_users_me_users_me_get .opblock-summary").click();
    await page.locator(".try-out__btn").click();
    const me = page.waitForResponse((response) => response.url().endsWith("/users/me"), { timeout: 30_000 });
    await page.locator(".execute").click();
    const answer = await me;
    expect(answer.status()).toBe(200);
    expect(answer.request().headers()["authorization"]).toBe("Bearer johndoe-token");
    expect(await answer.json()).toEqual({ username: "johndoe" });
  } finally {
    await browser.close();
    await served.close();
  }
});
