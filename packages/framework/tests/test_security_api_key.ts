// Ports FastAPI's tests/test_security_api_key_{cookie,header,query}{,_description,_optional}.py: each app written
// with our API, each test's requests replayed against the answers the real FastAPI gave them (recorded by
// test_tutorial/reference/security.py): status, ordered headers (WWW-Authenticate) and body, /openapi.json included.
import { describe, test } from "vitest";
import { APIKeyCookie, APIKeyHeader, APIKeyQuery, App, Depends, Security, TestClient } from "../src/index.js";
import { recordedTests, replay } from "./test_tutorial/reference/exchange.js";
import { SECURITY } from "./test_tutorial/reference/security.js";

type Scheme = APIKeyCookie<boolean> | APIKeyHeader<boolean> | APIKeyQuery<boolean>;

/** `get_current_user` makes a User of the key; `read_current_user` returns it. */
function requiredApp(apiKey: Scheme): App {
  const app = new App();
  const getCurrentUser = Depends({ deps: { oauth_header: Security(apiKey) } }, ({ deps }) => ({ username: deps.oauth_header }));
  app.get("/users/me", { deps: { current_user: getCurrentUser } }, function read_current_user({ deps }) {
    return deps.current_user;
  });
  return app;
}

/** The `_optional` apps: no key, no user, and the route says so. */
function optionalApp(apiKey: Scheme): App {
  const app = new App();
  const getCurrentUser = Depends({ deps: { oauth_header: Security(apiKey) } }, ({ deps }) =>
    deps.oauth_header === null ? null : { username: deps.oauth_header },
  );
  app.get("/users/me", { deps: { current_user: getCurrentUser } }, function read_current_user({ deps }) {
    return deps.current_user ?? { msg: "Create an account first" };
  });
  return app;
}

const apps: Record<string, () => App> = {
  test_security_api_key_cookie: () => requiredApp(new APIKeyCookie({ name: "key" })),
  test_security_api_key_cookie_description: () => requiredApp(new APIKeyCookie({ name: "key", description: "An API Cookie Key" })),
  test_security_api_key_cookie_optional: () => optionalApp(new APIKeyCookie({ name: "key", autoError: false })),
  test_security_api_key_header: () => requiredApp(new APIKeyHeader({ name: "key" })),
  test_security_api_key_header_description: () => requiredApp(new APIKeyHeader({ name: "key", description: "An API Key Header" })),
  test_security_api_key_header_optional: () => optionalApp(new APIKeyHeader({ name: "key", autoError: false })),
  test_security_api_key_query: () => requiredApp(new APIKeyQuery({ name: "key" })),
  test_security_api_key_query_description: () => requiredApp(new APIKeyQuery({ name: "key", description: "API Key Query" })),
  test_security_api_key_query_optional: () => optionalApp(new APIKeyQuery({ name: "key", autoError: false })),
};

for (const [module, makeApp] of Object.entries(apps)) {
  describe(module, () => {
    for (const name of recordedTests(SECURITY, module)) {
      test(name, async () => {
        await replay(new TestClient(makeApp().asgi), SECURITY[`${module}.${name}`]);
      });
    }
  });
}
