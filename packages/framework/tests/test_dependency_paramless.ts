// Ports FastAPI's tests/test_dependency_paramless.py: Security scopes reach a dependency used for its effect only
// (`dependencies: [Security(dep, { scopes })]`) as they reach one whose value is used.
import { expect, test } from "vitest";
import { App, HTTPException, OAuth2PasswordBearer, Security, TestClient } from "../src/index.js";

function makeApp(): App {
  const oauth2Scheme = new OAuth2PasswordBearer({ tokenUrl: "token" });
  const processAuth = Security({ deps: { credentials: Security(oauth2Scheme) } }, function processAuth({ deps, securityScopes }) {
    // As the Python test says: not a real check of the token's scopes, only that the asked scopes arrive.
    if (!securityScopes.scopes.includes("a") || !securityScopes.scopes.includes("b")) throw new HTTPException(401, "a or b not in scopes");
    return { token: deps.credentials, scopes: securityScopes.scopes };
  });
  const app = new App();
  app.get("/get-credentials", { deps: { credentials: Security(processAuth, { scopes: ["a", "b"] }) } }, function getCredentials({ deps }) {
    return deps.credentials;
  });
  app.get("/parameterless-with-scopes", { dependencies: [Security(processAuth, { scopes: ["a", "b"] })] }, function getParameterlessWithScopes() {
    return { status: "ok" };
  });
  app.get("/parameterless-without-scopes", { dependencies: [Security(processAuth)] }, function getParameterlessWithoutScopes() {
    return { status: "ok" };
  });
  return app;
}

const bearer = { headers: { authorization: "Bearer token" } };

test("test_get_credentials", async () => {
  const response = await new TestClient(makeApp().asgi).get("/get-credentials", bearer);
  expect([response.status, response.json()]).toEqual([200, { token: "token", scopes: ["a", "b"] }]);
});

test("test_parameterless_with_scopes", async () => {
  const response = await new TestClient(makeApp().asgi).get("/parameterless-with-scopes", bearer);
  expect([response.status, response.json()]).toEqual([200, { status: "ok" }]);
});

test("test_parameterless_without_scopes", async () => {
  const response = await new TestClient(makeApp().asgi).get("/parameterless-without-scopes", bearer);
  expect([response.status, response.json()]).toEqual([401, { detail: "a or b not in scopes" }]);
});
