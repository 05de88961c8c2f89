// Ports FastAPI's tests/test_security_scopes.py, test_security_scopes_dont_propagate.py,
// test_security_scopes_sub_dependency.py and test_dependency_security_overrides.py: SecurityScopes as each
// Security(...) use sees it, and the per-request cache of dependencies used with different scopes. Where the
// upstream test sends requests without fixtures, they are replayed against the real FastAPI's recorded answers.
import { expect, test } from "vitest";
import { App, Depends, Security, TestClient } from "../src/index.js";
import { replay } from "./test_tutorial/reference/exchange.js";
import { SECURITY } from "./test_tutorial/reference/security.js";

test("test_security_scopes_dependency_called_once", async () => {
  const callCounter = { count: 0 };
  const getDb = Depends(() => {
    callCounter.count += 1;
    return `db_${callCounter.count}`;
  });
  const getUser = Depends({ deps: { db: getDb } }, () => "user");
  const app = new App();
  app.get("/", { deps: { db: getDb, user: Security(getUser, { scopes: ["read"] }) } }, function endpoint({ deps }) {
    return { db: deps.db };
  });
  const response = await new TestClient(app.asgi).get("/");
  expect(response.status).toBe(200);
  expect(callCounter.count).toBe(1);
});

test("test_security_scopes_dont_propagate", async () => {
  const security1 = Depends(async ({ securityScopes }) => securityScopes.scopes);
  const security2 = Depends(async ({ securityScopes }) => securityScopes.scopes);
  const dep3 = Depends(
    { deps: { dep1: Security(security1, { scopes: ["scope1"] }), dep2: Security(security2, { scopes: ["scope2"] }) } },
    async ({ deps }) => ({ dep1: deps.dep1, dep2: deps.dep2 }),
  );
  const app = new App();
  app.get("/scopes", { deps: { dep3: Security(dep3, { scopes: ["scope3"] }) } }, function get_scopes({ deps }) {
    return deps.dep3;
  });
  await replay(new TestClient(app.asgi), SECURITY["test_security_scopes_dont_propagate.test_security_scopes_dont_propagate"]);
});

test("test_security_scopes_sub_dependency_caching", async () => {
  const callCounts = { get_db_session: 0, get_current_user: 0, get_user_me: 0, get_user_items: 0 };
  const getDbSession = Depends(() => {
    callCounts.get_db_session += 1;
    return `db_session_${callCounts.get_db_session}`;
  });
  const getCurrentUser = Depends({ deps: { db_session: getDbSession } }, ({ deps, securityScopes }) => {
    callCounts.get_current_user += 1;
    return { user: `user_${callCounts.get_current_user}`, scopes: securityScopes.scopes, db_session: deps.db_session };
  });
  const getUserMe = Depends({ deps: { current_user: Security(getCurrentUser, { scopes: ["me"] }) } }, ({ deps }) => {
    callCounts.get_user_me += 1;
    return { user_me: `user_me_${callCounts.get_user_me}`, current_user: deps.current_user };
  });
  const getUserItems = Depends({ deps: { user_me: getUserMe } }, ({ deps }) => {
    callCounts.get_user_items += 1;
    return { user_items: `user_items_${callCounts.get_user_items}`, user_me: deps.user_me };
  });
  const app = new App();
  app.get("/", { deps: { user_me: getUserMe, user_items: Security(getUserItems, { scopes: ["items"] }) } }, function path_operation({ deps }) {
    return { user_me: deps.user_me, user_items: deps.user_items };
  });
  const response = await new TestClient(app.asgi).get("/");
  expect(response.status).toBe(200);
  expect(callCounts).toEqual({ get_db_session: 1, get_current_user: 2, get_user_me: 2, get_user_items: 1 });
  expect(response.text).toBe(
    JSON.stringify({
      user_me: { user_me: "user_me_1", current_user: { user: "user_1", scopes: ["me"], db_session: "db_session_1" } },
      user_items: {
        user_items: "user_items_1",
        user_me: { user_me: "user_me_2", current_user: { user: "user_2", scopes: ["items", "me"], db_session: "db_session_1" } },
      },
    }),
  );
});

// test_dependency_security_overrides: an override of a Security(...) dependency still gets the route's scopes.
const getUser = Depends(({ securityScopes }) => ["john", securityScopes.scopes] as const);
const getUserOverride = Depends(({ securityScopes }) => ["alice", securityScopes.scopes] as const);
const getData = Depends(() => [1, 2, 3]);
const getDataOverride = Depends(() => [3, 4, 5]);

function overridesApp(): App {
  const app = new App();
  app.get("/user", { deps: { user_data: Security(getUser, { scopes: ["foo", "bar"] }), data: getData } }, function read_user({ deps }) {
    return { user: deps.user_data[0], scopes: deps.user_data[1], data: deps.data };
  });
  return app;
}

test("test_normal", async () => {
  await replay(new TestClient(overridesApp().asgi), SECURITY["test_dependency_security_overrides.test_normal"]);
});

test("test_override_data", async () => {
  const app = overridesApp();
  app.dependencyOverrides.set(getData, getDataOverride);
  await replay(new TestClient(app.asgi), SECURITY["test_dependency_security_overrides.test_override_data"]);
});

test("test_override_security", async () => {
  const app = overridesApp();
  app.dependencyOverrides.set(getUser, getUserOverride);
  await replay(new TestClient(app.asgi), SECURITY["test_dependency_security_overrides.test_override_security"]);
});
