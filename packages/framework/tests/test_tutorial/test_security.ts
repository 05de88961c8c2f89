// Ports FastAPI's tests/test_tutorial/test_security (tutorial003: OAuth2PasswordBearer with
// OAuth2PasswordRequestForm; tutorial006: HTTPBasic) and the shapes of tests/test_security_api_key_*,
// test_security_http_{basic_realm,bearer,bearer_optional,digest,base}, test_security_scopes. Status, headers
// (WWW-Authenticate), bodies and OpenAPI documents (key order included) as FastAPI 0.142.2's.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import {
  APIKeyCookie,
  APIKeyHeader,
  APIKeyQuery,
  App,
  Depends,
  HTTPBase,
  HTTPBasic,
  HTTPBearer,
  HTTPDigest,
  HTTPException,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  Security,
} from "../../src/index.js";
import { FASTAPI13, OPENAPI13 } from "./fastapi_reference_13.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(FASTAPI13[name]);
}

function sameOpenAPI(app: App, name: string): void {
  expect(JSON.stringify(app.openapi())).toBe(JSON.stringify(JSON.parse(OPENAPI13[name] as string)));
}

const fakeUsersDb: Record<string, { username: string; full_name: string; email: string; hashed_password: string; disabled: boolean }> = {
  johndoe: { username: "johndoe", full_name: "John Doe", email: "johndoe@example.com", hashed_password: "fakehashedsecret", disabled: false },
  alice: { username: "alice", full_name: "Alice Wonderson", email: "alice@example.com", hashed_password: "fakehashedsecret2", disabled: true },
};

function tutorial003(): App {
  const app = new App();
  const oauth2Scheme = new OAuth2PasswordBearer({ tokenUrl: "token" });
  const getCurrentUser = Depends({ deps: { token: oauth2Scheme } }, ({ deps }) => {
    const user = fakeUsersDb[deps.token];
    if (!user) throw new HTTPException(401, "Not authenticated", { "WWW-Authenticate": "Bearer" });
    return user;
  });
  const getCurrentActiveUser = Depends({ deps: { user: getCurrentUser } }, ({ deps }) => {
    if (deps.user.disabled) throw new HTTPException(400, "Inactive user");
    return deps.user;
  });
  app.post("/token", { deps: { form_data: OAuth2PasswordRequestForm } }, function login({ deps: { form_data } }) {
    const user = fakeUsersDb[form_data.username];
    if (!user || `fakehashed${form_data.password}` !== user.hashed_password) {
      throw new HTTPException(400, "Incorrect username or password");
    }
    return { access_token: user.username, token_type: "bearer" };
  });
  const UserOut = z.object({
    username: z.string(),
    email: z.string().nullable().default(null),
    full_name: z.string().nullable().default(null),
    disabled: z.boolean().nullable().default(null),
    hashed_password: z.string(),
  });
  app.get("/users/me", { deps: { current_user: getCurrentActiveUser } }, function read_users_me({ deps }) {
    return UserOut.parse(deps.current_user);
  });
  return app;
}

test("test_login", async () => {
  const client = new TestClient(tutorial003().asgi);
  same(await client.post("/token", { data: { username: "johndoe", password: "secret" } }), "sec3_login");
  same(await client.post("/token", { data: { username: "johndoe", password: "incorrect" } }), "sec3_login_bad_password");
  same(await client.post("/token", { data: { username: "foo", password: "secret" } }), "sec3_login_bad_username");
});

test("test_login_validation", async () => {
  const client = new TestClient(tutorial003().asgi);
  same(await client.post("/token"), "sec3_login_no_data");
  same(await client.post("/token", { data: { username: "johndoe", password: "secret", grant_type: "foo" } }), "sec3_login_bad_grant");
});

test("test_no_token", async () => {
  same(await new TestClient(tutorial003().asgi).get("/users/me"), "sec3_no_token");
});

test("test_token", async () => {
  same(await new TestClient(tutorial003().asgi).get("/users/me", { headers: { Authorization: "Bearer johndoe" } }), "sec3_token");
});

test("test_incorrect_token", async () => {
  const client = new TestClient(tutorial003().asgi);
  same(await client.get("/users/me", { headers: { Authorization: "Bearer nonexistent" } }), "sec3_incorrect_token");
  same(await client.get("/users/me", { headers: { Authorization: "Notexistent testtoken" } }), "sec3_incorrect_token_type");
});

test("test_inactive_user", async () => {
  same(await new TestClient(tutorial003().asgi).get("/users/me", { headers: { Authorization: "Bearer alice" } }), "sec3_inactive");
});

test("test_openapi_schema", () => {
  sameOpenAPI(tutorial003(), "sec3");
});

const basicAuth = (user: string, password: string): Record<string, string> => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
});

function basicApp(scheme: HTTPBasic): App {
  const app = new App();
  app.get("/users/me", { deps: { credentials: scheme } }, function read_current_user({ deps: { credentials } }) {
    return { username: credentials.username, password: credentials.password };
  });
  return app;
}

test("test_security_http_basic", async () => {
  const app = basicApp(new HTTPBasic());
  const client = new TestClient(app.asgi);
  same(await client.get("/users/me", { headers: basicAuth("john", "secret") }), "basic_ok");
  same(await client.get("/users/me"), "basic_none");
  same(await client.get("/users/me", { headers: { Authorization: "Basic notabase64token" } }), "basic_invalid_header");
  same(await client.get("/users/me", { headers: { Authorization: "Basic am9obg==" } }), "basic_no_colon");
  same(await client.get("/users/me", { headers: { Authorization: "Other foobar" } }), "basic_other_scheme");
  sameOpenAPI(app, "basic");
});

test("test_security_http_basic_realm_description", async () => {
  const app = basicApp(new HTTPBasic({ realm: "simple", description: "HTTPBasic scheme" }));
  const client = new TestClient(app.asgi);
  same(await client.get("/users/me"), "basic_realm_none");
  same(await client.get("/users/me", { headers: basicAuth("john", "secret") }), "basic_realm_ok");
  sameOpenAPI(app, "basic_realm");
});

function apiKeyApp(): App {
  const app = new App();
  app.get("/query", { deps: { key: Security(new APIKeyQuery({ name: "key", autoError: false })) } }, function q({ deps }) {
    return { key: deps.key };
  });
  app.get("/header", { deps: { key: Security(new APIKeyHeader({ name: "key", description: "An API Key Header" })) } }, function h({ deps }) {
    return { key: deps.key };
  });
  app.get("/cookie", { deps: { key: Security(new APIKeyCookie({ name: "key" })) } }, function ck({ deps }) {
    return { key: deps.key };
  });
  return app;
}

test("test_security_api_key", async () => {
  const app = apiKeyApp();
  const client = new TestClient(app.asgi);
  same(await client.get("/query"), "apikey_query_none");
  same(await client.get("/query?key=secret"), "apikey_query");
  same(await client.get("/header"), "apikey_header_none");
  same(await client.get("/header", { headers: { key: "secret" } }), "apikey_header");
  same(await client.get("/cookie"), "apikey_cookie_none");
  same(await client.get("/cookie", { cookies: { key: "secret" } }), "apikey_cookie");
  sameOpenAPI(app, "apikey");
});

function httpApp(): App {
  const app = new App();
  const show = ({ deps }: { deps: { credentials: { scheme: string; credentials: string } } }) => ({
    scheme: deps.credentials.scheme,
    credentials: deps.credentials.credentials,
  });
  app.get("/bearer", { deps: { credentials: Security(new HTTPBearer({ bearerFormat: "JWT" })) } }, function b(args) {
    return show(args);
  });
  const optional = Security(new HTTPBearer({ autoError: false, schemeName: "Optional" }));
  app.get("/bearer-optional", { deps: { credentials: optional } }, function bo({ deps }) {
    if (deps.credentials === null) return { msg: "Create an account first" };
    return { scheme: deps.credentials.scheme, credentials: deps.credentials.credentials };
  });
  app.get("/digest", { deps: { credentials: Security(new HTTPDigest()) } }, function d(args) {
    return show(args);
  });
  app.get("/base", { deps: { credentials: Security(new HTTPBase({ scheme: "Other" })) } }, function bs(args) {
    return show(args);
  });
  return app;
}

test("test_security_http_bearer_digest_base", async () => {
  const app = httpApp();
  const client = new TestClient(app.asgi);
  same(await client.get("/bearer", { headers: { Authorization: "Bearer foobar" } }), "bearer_ok");
  same(await client.get("/bearer"), "bearer_none");
  same(await client.get("/bearer", { headers: { Authorization: "Basic notreally" } }), "bearer_other");
  same(await client.get("/bearer", { headers: { Authorization: "Bearer" } }), "bearer_no_credentials");
  same(await client.get("/bearer-optional"), "bearer_optional_none");
  same(await client.get("/bearer-optional", { headers: { Authorization: "Basic notreally" } }), "bearer_optional_other");
  same(await client.get("/digest", { headers: { Authorization: "Digest foobar" } }), "digest_ok");
  same(await client.get("/digest"), "digest_none");
  same(await client.get("/digest", { headers: { Authorization: "Other foobar" } }), "digest_other");
  same(await client.get("/base", { headers: { Authorization: "Other foobar" } }), "base_ok");
  same(await client.get("/base"), "base_none");
  sameOpenAPI(app, "http");
});

function scopesApp(): App {
  const app = new App();
  const oauth2 = new OAuth2PasswordBearer({
    tokenUrl: "token",
    scopes: { me: "Read information about the current user.", items: "Read items." },
  });
  const getUser = Depends({ deps: { token: oauth2 } }, ({ deps, securityScopes }) => ({
    token: deps.token,
    scopes: securityScopes.scopes,
    scope_str: securityScopes.scopeStr,
  }));
  const getActive = Depends({ deps: { user: Security(getUser, { scopes: ["me"] }) } }, ({ deps }) => deps.user);
  app.get("/users/me/items/", { deps: { user: Security(getActive, { scopes: ["items"] }) } }, function read_own_items({ deps }) {
    return deps.user;
  });
  app.get("/users/me", { deps: { user: getActive } }, function read_me({ deps }) {
    return deps.user;
  });
  app.get("/status/", { deps: { user: getUser } }, function read_system_status() {
    return { status: "ok" };
  });
  return app;
}

test("test_security_scopes", async () => {
  const app = scopesApp();
  const client = new TestClient(app.asgi);
  same(await client.get("/users/me/items/", { headers: { Authorization: "Bearer tok" } }), "scopes_items");
  same(await client.get("/users/me", { headers: { Authorization: "Bearer tok" } }), "scopes_me");
  same(await client.get("/users/me"), "scopes_none");
  sameOpenAPI(app, "scopes");
});
