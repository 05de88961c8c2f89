// Ports FastAPI's tests/test_security_http_{base,basic,bearer,digest}*.py and test_top_level_security_scheme_in_openapi.py: each app written with our API, each
// test's requests replayed against the answers the real FastAPI gave them (recorded by
// test_tutorial/reference/security.py): status, ordered headers (WWW-Authenticate) and body, /openapi.json included.
import { describe, test } from "vitest";
import {
  App,
  HTTPBase,
  HTTPBasic,
  HTTPBearer,
  HTTPDigest,
  Security,
  TestClient,
  type HTTPAuthorizationCredentials,
  type HTTPBasicCredentials,
} from "../src/index.js";
import { recordedTests, replay } from "./test_tutorial/reference/exchange.js";
import { SECURITY } from "./test_tutorial/reference/security.js";

type TokenScheme = HTTPBase<boolean> | HTTPBearer<boolean> | HTTPDigest<boolean>;

/** `read_current_user` answers the scheme and credentials, or asks for an account when there are none. */
function tokenApp(security: TokenScheme): App {
  const app = new App();
  app.get("/users/me", { deps: { credentials: Security(security) } }, function read_current_user({ deps }) {
    const credentials = deps.credentials as HTTPAuthorizationCredentials | null;
    if (credentials === null) return { msg: "Create an account first" };
    return { scheme: credentials.scheme, credentials: credentials.credentials };
  });
  return app;
}

function basicApp(security: HTTPBasic<boolean>): App {
  const app = new App();
  app.get("/users/me", { deps: { credentials: Security(security) } }, function read_current_user({ deps }) {
    const credentials = deps.credentials as HTTPBasicCredentials | null;
    if (credentials === null) return { msg: "Create an account first" };
    return { username: credentials.username, password: credentials.password };
  });
  return app;
}

/** A scheme in a route's `dependencies`: still the operation's `security` in OpenAPI. */
function topLevelApp(): App {
  const app = new App();
  const bearerScheme = new HTTPBearer();
  app.get("/", { dependencies: [bearerScheme] }, async function get_root() {
    return { message: "Hello, World!" };
  });
  return app;
}

const apps: Record<string, () => App> = {
  test_top_level_security_scheme_in_openapi: topLevelApp,
  test_security_http_base: () => tokenApp(new HTTPBase({ scheme: "Other" })),
  test_security_http_base_description: () => tokenApp(new HTTPBase({ scheme: "Other", description: "Other Security Scheme" })),
  test_security_http_base_optional: () => tokenApp(new HTTPBase({ scheme: "Other", autoError: false })),
  test_security_http_basic_optional: () => basicApp(new HTTPBasic({ autoError: false })),
  test_security_http_basic_realm: () => basicApp(new HTTPBasic({ realm: "simple" })),
  test_security_http_basic_realm_description: () => basicApp(new HTTPBasic({ realm: "simple", description: "HTTPBasic scheme" })),
  test_security_http_bearer: () => tokenApp(new HTTPBearer()),
  test_security_http_bearer_description: () => tokenApp(new HTTPBearer({ description: "HTTP Bearer token scheme" })),
  test_security_http_bearer_optional: () => tokenApp(new HTTPBearer({ autoError: false })),
  test_security_http_digest: () => tokenApp(new HTTPDigest()),
  test_security_http_digest_description: () => tokenApp(new HTTPDigest({ description: "HTTPDigest scheme" })),
  test_security_http_digest_optional: () => tokenApp(new HTTPDigest({ autoError: false })),
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
