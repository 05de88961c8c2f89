// Ports FastAPI's tests/test_security_oauth2*.py and test_security_openid_connect*.py: each app written with our
// API, each test's requests replayed against the answers the real FastAPI gave them (recorded by
// test_tutorial/reference/security.py): status, ordered headers (WWW-Authenticate), body (422 details of
// OAuth2PasswordRequestFormStrict) and /openapi.json (securitySchemes, operation `security` with scopes).
import { describe, test } from "vitest";
import {
  APIRouter,
  App,
  Depends,
  OAuth2,
  OAuth2AuthorizationCodeBearer,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestFormStrict,
  OpenIdConnect,
  Security,
  TestClient,
} from "../src/index.js";
import { recordedTests, replay } from "./test_tutorial/reference/exchange.js";
import { SECURITY } from "./test_tutorial/reference/security.js";

const passwordFlows = {
  password: { tokenUrl: "token", scopes: { "read:users": "Read the users", "write:users": "Create users" } },
};

/** test_security_oauth2*: the header as the user's name, and a strict login form that answers what it read. */
function oauth2App(scheme: OAuth2<boolean> | OpenIdConnect<boolean>, withLogin: boolean, handler = "read_users_me"): App {
  const app = new App();
  const getCurrentUser = Depends({ deps: { oauth_header: Security(scheme) } }, ({ deps }) =>
    deps.oauth_header === null ? null : { username: deps.oauth_header },
  );
  if (withLogin) {
    app.post("/login", { deps: { form_data: OAuth2PasswordRequestFormStrict } }, function login({ deps }) {
      return deps.form_data;
    });
  }
  // FastAPI names the operation after the handler: the modules differ only in that name.
  const handlers = {
    read_users_me: ({ deps }: { deps: { current_user: { username: string } | null } }) => deps.current_user ?? { msg: "Create an account first" },
    read_current_user: ({ deps }: { deps: { current_user: { username: string } | null } }) => deps.current_user ?? { msg: "Create an account first" },
  };
  app.get("/users/me", { deps: { current_user: getCurrentUser } }, handlers[handler as keyof typeof handlers]);
  return app;
}

/** test_security_oauth2_password_bearer_optional* and _authorization_code_bearer*: the token, or none. */
function itemsApp(scheme: OAuth2<boolean>): App {
  const app = new App();
  app.get("/items/", { deps: { token: Security(scheme) } }, async function read_items({ deps }) {
    return deps.token === null ? { msg: "Create an account first" } : { token: deps.token };
  });
  return app;
}

function scopesOpenAPIApp(): App {
  const oauth2Scheme = new OAuth2AuthorizationCodeBearer({
    authorizationUrl: "authorize",
    tokenUrl: "token",
    autoError: true,
    scopes: { read: "Read access", write: "Write access" },
  });
  const getToken = Depends({ deps: { token: oauth2Scheme } }, ({ deps }) => deps.token);
  const app = new App({ dependencies: [getToken] });
  app.get("/", {}, async function root() {
    return { message: "Hello World" };
  });
  app.get("/with-oauth2-scheme", { dependencies: [Security(oauth2Scheme, { scopes: ["read", "write"] })] }, async function read_with_oauth2_scheme() {
    return { message: "Admin Access" };
  });
  app.get("/with-get-token", { dependencies: [Security(getToken, { scopes: ["read", "write"] })] }, async function read_with_get_token() {
    return { message: "Admin Access" };
  });
  const router = new APIRouter({ dependencies: [Security(oauth2Scheme, { scopes: ["read"] })] });
  router.get("/items/", { deps: { token: oauth2Scheme } }, async function read_items({ deps }) {
    return { token: deps.token };
  });
  router.post("/items/", { deps: { token: Security(oauth2Scheme, { scopes: ["read", "write"] }) } }, async function create_item({ deps }) {
    return { token: deps.token };
  });
  app.includeRouter(router);
  return app;
}

function scopesOpenAPISimpleApp(): App {
  const oauth2Scheme = new OAuth2AuthorizationCodeBearer({
    authorizationUrl: "api/oauth/authorize",
    tokenUrl: "/api/oauth/token",
    scopes: { read: "Read access", write: "Write access" },
  });
  const getToken = Depends({ deps: { token: oauth2Scheme } }, ({ deps }) => deps.token);
  const app = new App({ dependencies: [getToken] });
  app.get("/admin", { dependencies: [Security(getToken, { scopes: ["read", "write"] })] }, async function read_admin() {
    return { message: "Admin Access" };
  });
  return app;
}

const apps: Record<string, () => App> = {
  test_security_oauth2: () => oauth2App(new OAuth2({ flows: passwordFlows }), true, "read_current_user"),
  test_security_oauth2_optional: () => oauth2App(new OAuth2({ flows: passwordFlows, autoError: false }), true),
  test_security_oauth2_optional_description: () =>
    oauth2App(new OAuth2({ flows: passwordFlows, description: "OAuth2 security scheme", autoError: false }), true),
  test_security_oauth2_password_bearer_optional: () => itemsApp(new OAuth2PasswordBearer({ tokenUrl: "/token", autoError: false })),
  test_security_oauth2_password_bearer_optional_description: () =>
    itemsApp(new OAuth2PasswordBearer({ tokenUrl: "/token", description: "OAuth2PasswordBearer security scheme", autoError: false })),
  test_security_oauth2_authorization_code_bearer: () =>
    itemsApp(new OAuth2AuthorizationCodeBearer({ authorizationUrl: "authorize", tokenUrl: "token", autoError: true })),
  test_security_oauth2_authorization_code_bearer_description: () =>
    itemsApp(new OAuth2AuthorizationCodeBearer({ authorizationUrl: "authorize", tokenUrl: "token", description: "OAuth2 Code Bearer", autoError: true })),
  test_security_oauth2_authorization_code_bearer_scopes_openapi: scopesOpenAPIApp,
  test_security_oauth2_authorization_code_bearer_scopes_openapi_simple: scopesOpenAPISimpleApp,
  test_security_openid_connect: () => oauth2App(new OpenIdConnect({ openIdConnectUrl: "/openid" }), false, "read_current_user"),
  test_security_openid_connect_description: () =>
    oauth2App(new OpenIdConnect({ openIdConnectUrl: "/openid", description: "OpenIdConnect security scheme" }), false, "read_current_user"),
  test_security_openid_connect_optional: () => oauth2App(new OpenIdConnect({ openIdConnectUrl: "/openid", autoError: false }), false, "read_current_user"),
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
