// Ports FastAPI's tests/test_tutorial/test_security (tutorial001 to tutorial007) and
// test_authentication_error_status_code: the docs_src apps written with our API, each test's requests replayed
// against the answers the real FastAPI gave them (recorded by reference/security.py). The JWT tutorials (004, 005)
// sign HS256 tokens with node:crypto and hash passwords with scrypt (the tutorial's pwdlib/argon2 in Python);
// their token answers are compared by shape, the rest byte for byte.
import { createHmac, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { expect, test } from "vitest";
import { z } from "zod";
import {
  App,
  Depends,
  HTTPBasic,
  HTTPBearer,
  HTTPException,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  Security,
  TestClient,
} from "../../src/index.js";
import { recordedTests, replay } from "./reference/exchange.js";
import { SECURITY } from "./reference/security.js";

/** One vitest test per recorded FastAPI test of `module`; `makeApp` gets the test's name (a test may patch the app). */
function port(module: string, makeApp: (name: string) => App, tokens = false): void {
  for (const name of recordedTests(SECURITY, module)) {
    test(`${module.split(".")[1]} ${name}`, async () => {
      await replay(new TestClient(makeApp(name).asgi), SECURITY[`${module}.${name}`], { tokens });
    });
  }
}

// --- tutorial001: OAuth2PasswordBearer gives the token -------------------------------------------------------------

port("test_security.tutorial001", () => {
  const app = new App();
  const oauth2Scheme = new OAuth2PasswordBearer({ tokenUrl: "token" });
  // FastAPI's `Depends(oauth2_scheme)`, word for word.
  app.get("/items/", { deps: { token: Depends(oauth2Scheme) } }, async function read_items({ deps }) {
    return { token: deps.token };
  });
  return app;
});

// --- tutorial002: a user made of the token -------------------------------------------------------------------------

const User = z
  .object({
    username: z.string(),
    email: z.string().nullable().default(null),
    full_name: z.string().nullable().default(null),
    disabled: z.boolean().nullable().default(null),
  })
  .meta({ id: "User" });
type User = z.output<typeof User>;
type UserInDB = User & { hashed_password: string };

port("test_security.tutorial002", () => {
  const app = new App();
  const oauth2Scheme = new OAuth2PasswordBearer({ tokenUrl: "token" });
  const fakeDecodeToken = (token: string): User => User.parse({ username: `${token}fakedecoded`, email: "john@example.com", full_name: "John Doe" });
  const getCurrentUser = Depends({ deps: { token: oauth2Scheme } }, async ({ deps }) => fakeDecodeToken(deps.token));
  app.get("/users/me", { deps: { current_user: getCurrentUser } }, async function read_users_me({ deps }) {
    return deps.current_user;
  });
  return app;
});

// --- tutorial003: OAuth2PasswordRequestForm, the username as the token ----------------------------------------------

const UserInDB = User.extend({ hashed_password: z.string() });

port("test_security.tutorial003", () => {
  const fakeUsersDb: Record<string, z.input<typeof UserInDB>> = {
    johndoe: { username: "johndoe", full_name: "John Doe", email: "johndoe@example.com", hashed_password: "fakehashedsecret", disabled: false },
    alice: { username: "alice", full_name: "Alice Wonderson", email: "alice@example.com", hashed_password: "fakehashedsecret2", disabled: true },
  };
  const app = new App();
  const fakeHashPassword = (password: string): string => `fakehashed${password}`;
  const oauth2Scheme = new OAuth2PasswordBearer({ tokenUrl: "token" });
  const getUser = (username: string): UserInDB | undefined => {
    const user = fakeUsersDb[username];
    return user && UserInDB.parse(user);
  };
  const getCurrentUser = Depends({ deps: { token: oauth2Scheme } }, async ({ deps }) => {
    const user = getUser(deps.token);
    if (!user) throw new HTTPException(401, "Not authenticated", { "WWW-Authenticate": "Bearer" });
    return user;
  });
  const getCurrentActiveUser = Depends({ deps: { current_user: getCurrentUser } }, async ({ deps }) => {
    if (deps.current_user.disabled) throw new HTTPException(400, "Inactive user");
    return deps.current_user;
  });
  app.post("/token", { deps: { form_data: OAuth2PasswordRequestForm } }, async function login({ deps: { form_data } }) {
    const userDict = fakeUsersDb[form_data.username];
    if (!userDict) throw new HTTPException(400, "Incorrect username or password");
    const user = UserInDB.parse(userDict);
    if (fakeHashPassword(form_data.password) !== user.hashed_password) throw new HTTPException(400, "Incorrect username or password");
    return { access_token: user.username, token_type: "bearer" };
  });
  app.get("/users/me", { deps: { current_user: getCurrentActiveUser } }, async function read_users_me({ deps }) {
    return deps.current_user;
  });
  return app;
});

// --- tutorial004 and tutorial005: JWT tokens, hashed passwords, and (005) scopes --------------------------------------

const SECRET_KEY = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7";
const ACCESS_TOKEN_EXPIRE_MINUTES = 30;

class InvalidTokenError extends Error {}

/** pyjwt's `jwt.encode(payload, key, algorithm="HS256")`. */
function encodeJWT(payload: Record<string, unknown>): string {
  const head = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const signature = createHmac("sha256", SECRET_KEY).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${signature}`;
}

/** pyjwt's `jwt.decode(token, key, algorithms=["HS256"])`: the signature, `exp` and a string `sub` checked. */
function decodeJWT(token: string): Record<string, unknown> {
  const [head, body, signature, ...rest] = token.split(".");
  if (head === undefined || body === undefined || signature === undefined || rest.length > 0) throw new InvalidTokenError("Not enough segments");
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(head, "base64url").toString());
    payload = JSON.parse(Buffer.from(body, "base64url").toString());
  } catch {
    throw new InvalidTokenError("Invalid token");
  }
  if ((header as { alg?: unknown }).alg !== "HS256") throw new InvalidTokenError("The specified alg value is not allowed");
  const expected = createHmac("sha256", SECRET_KEY).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidTokenError("Signature verification failed");
  if (typeof payload !== "object" || payload === null) throw new InvalidTokenError("Invalid payload");
  const claims = payload as Record<string, unknown>;
  if (typeof claims["exp"] === "number" && claims["exp"] <= Date.now() / 1000) throw new InvalidTokenError("Signature has expired");
  if ("sub" in claims && typeof claims["sub"] !== "string") throw new InvalidTokenError("Subject must be a string");
  return claims;
}

function createAccessToken(data: Record<string, unknown>, expiresMinutes = 15): string {
  return encodeJWT({ ...data, exp: Math.floor(Date.now() / 1000) + expiresMinutes * 60 });
}

/** The tutorial's PasswordHash, as scrypt: "scrypt$<salt>$<key>". */
function getPasswordHash(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString("base64")}$${scryptSync(password, salt, 32).toString("base64")}`;
}

function verifyPassword(plainPassword: string, hashedPassword: string): boolean {
  const [, salt = "", key = ""] = hashedPassword.split("$");
  const expected = Buffer.from(key, "base64");
  const actual = scryptSync(plainPassword, Buffer.from(salt, "base64"), 32);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const hashes = { secret: getPasswordHash("secret"), secretalice: getPasswordHash("secretalice"), dummy: getPasswordHash("dummypassword") };

const Token = z.object({ access_token: z.string(), token_type: z.string() }).meta({ id: "Token" });

function jwtUsersDb(): Record<string, UserInDB> {
  return {
    johndoe: { username: "johndoe", full_name: "John Doe", email: "johndoe@example.com", hashed_password: hashes.secret, disabled: false },
    alice: { username: "alice", full_name: "Alice Chains", email: "alicechains@example.com", hashed_password: hashes.secretalice, disabled: true },
  };
}

function authenticateUser(db: Record<string, UserInDB>, username: string, password: string): UserInDB | false {
  const user = db[username];
  if (!user) {
    verifyPassword(password, hashes.dummy);
    return false;
  }
  return verifyPassword(password, user.hashed_password) && user;
}

function tutorial004(name: string): App {
  const { johndoe } = jwtUsersDb();
  const fakeUsersDb: Record<string, UserInDB> = { johndoe: johndoe as UserInDB };
  // FastAPI's test_token_inactive_user patches a disabled user into the tutorial's database.
  if (name === "test_token_inactive_user") {
    fakeUsersDb["alice"] = { username: "alice", full_name: "Alice Wonderson", email: "alice@example.com", hashed_password: hashes.secretalice, disabled: true };
  }
  const oauth2Scheme = new OAuth2PasswordBearer({ tokenUrl: "token" });
  const app = new App();
  const getCurrentUser = Depends({ deps: { token: oauth2Scheme } }, async ({ deps }) => {
    const credentialsException = new HTTPException(401, "Could not validate credentials", { "WWW-Authenticate": "Bearer" });
    let username: unknown;
    try {
      username = decodeJWT(deps.token)["sub"];
    } catch (error) {
      if (error instanceof InvalidTokenError) throw credentialsException;
      throw error;
    }
    if (typeof username !== "string") throw credentialsException;
    const user = fakeUsersDb[username];
    if (!user) throw credentialsException;
    return user;
  });
  const getCurrentActiveUser = Depends({ deps: { current_user: getCurrentUser } }, async ({ deps }) => {
    if (deps.current_user.disabled) throw new HTTPException(400, "Inactive user");
    return deps.current_user;
  });
  app.post("/token", { deps: { form_data: Depends(OAuth2PasswordRequestForm) }, response: Token }, async function login_for_access_token({ deps: { form_data } }) {
    const user = authenticateUser(fakeUsersDb, form_data.username, form_data.password);
    if (!user) throw new HTTPException(401, "Incorrect username or password", { "WWW-Authenticate": "Bearer" });
    return { access_token: createAccessToken({ sub: user.username }, ACCESS_TOKEN_EXPIRE_MINUTES), token_type: "bearer" };
  });
  app.get("/users/me/", { deps: { current_user: getCurrentActiveUser }, response: User }, async function read_users_me({ deps }) {
    return deps.current_user;
  });
  app.get("/users/me/items/", { deps: { current_user: getCurrentActiveUser } }, async function read_own_items({ deps }) {
    return [{ item_id: "Foo", owner: deps.current_user.username }];
  });
  return app;
}

function tutorial005(): App {
  const fakeUsersDb = jwtUsersDb();
  const oauth2Scheme = new OAuth2PasswordBearer({
    tokenUrl: "token",
    scopes: { me: "Read information about the current user.", items: "Read items." },
  });
  const app = new App();
  const getCurrentUser = Depends({ deps: { token: oauth2Scheme } }, async ({ deps, securityScopes }) => {
    const authenticateValue = securityScopes.scopes.length > 0 ? `Bearer scope="${securityScopes.scopeStr}"` : "Bearer";
    const credentialsException = new HTTPException(401, "Could not validate credentials", { "WWW-Authenticate": authenticateValue });
    let payload: Record<string, unknown>;
    try {
      payload = decodeJWT(deps.token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw credentialsException;
      throw error;
    }
    const username = payload["sub"];
    if (typeof username !== "string") throw credentialsException;
    const scope = payload["scope"] ?? "";
    if (typeof scope !== "string") throw credentialsException;
    const tokenScopes = scope.split(" ");
    const user = fakeUsersDb[username];
    if (!user) throw credentialsException;
    for (const needed of securityScopes.scopes) {
      if (!tokenScopes.includes(needed)) throw new HTTPException(401, "Not enough permissions", { "WWW-Authenticate": authenticateValue });
    }
    return user;
  });
  const getCurrentActiveUser = Depends({ deps: { current_user: Security(getCurrentUser, { scopes: ["me"] }) } }, async ({ deps }) => {
    if (deps.current_user.disabled) throw new HTTPException(400, "Inactive user");
    return deps.current_user;
  });
  app.post("/token", { deps: { form_data: OAuth2PasswordRequestForm }, response: Token }, async function login_for_access_token({ deps: { form_data } }) {
    const user = authenticateUser(fakeUsersDb, form_data.username, form_data.password);
    if (!user) throw new HTTPException(400, "Incorrect username or password");
    return { access_token: createAccessToken({ sub: user.username, scope: form_data.scopes.join(" ") }, ACCESS_TOKEN_EXPIRE_MINUTES), token_type: "bearer" };
  });
  app.get("/users/me/", { deps: { current_user: getCurrentActiveUser }, response: User }, async function read_users_me({ deps }) {
    return deps.current_user;
  });
  app.get("/users/me/items/", { deps: { current_user: Security(getCurrentActiveUser, { scopes: ["items"] }) } }, async function read_own_items({ deps }) {
    return [{ item_id: "Foo", owner: deps.current_user.username }];
  });
  app.get("/status/", { deps: { current_user: getCurrentUser } }, async function read_system_status() {
    return { status: "ok" };
  });
  return app;
}

port("test_security.tutorial004", tutorial004, true);
port("test_security.tutorial005", tutorial005, true);

// FastAPI's unit tests of the tutorials' helpers, on ours.
for (const tutorial of ["tutorial004", "tutorial005"]) {
  test(`${tutorial} test_verify_password`, () => {
    expect(verifyPassword("secret", jwtUsersDb()["johndoe"]?.hashed_password ?? "")).toBe(true);
    expect(verifyPassword("secreT", jwtUsersDb()["johndoe"]?.hashed_password ?? "")).toBe(false);
  });
  test(`${tutorial} test_get_password_hash`, () => {
    expect(getPasswordHash("secretalice")).toMatch(/^scrypt\$/);
  });
  test(`${tutorial} test_create_access_token`, () => {
    expect(decodeJWT(createAccessToken({ data: "foo" }))["data"]).toBe("foo");
  });
}

// --- tutorial006 and tutorial007: HTTP Basic ---------------------------------------------------------------------------

port("test_security.tutorial006", () => {
  const app = new App();
  const security = new HTTPBasic();
  app.get("/users/me", { deps: { credentials: Depends(security) } }, function read_current_user({ deps }) {
    return { username: deps.credentials.username, password: deps.credentials.password };
  });
  return app;
});

/** Python's `secrets.compare_digest` of UTF-8 bytes. */
function compareDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

port("test_security.tutorial007", () => {
  const app = new App();
  const security = new HTTPBasic();
  const getCurrentUsername = Depends({ deps: { credentials: Depends(security) } }, ({ deps }) => {
    const isCorrectUsername = compareDigest(deps.credentials.username, "stanleyjobson");
    const isCorrectPassword = compareDigest(deps.credentials.password, "swordfish");
    if (!(isCorrectUsername && isCorrectPassword)) {
      throw new HTTPException(401, "Incorrect username or password", { "WWW-Authenticate": "Basic" });
    }
    return deps.credentials.username;
  });
  app.get("/users/me", { deps: { username: getCurrentUsername } }, function read_current_user({ deps }) {
    return { username: deps.username };
  });
  return app;
});

// --- authentication_error_status_code: a scheme answering 403, as FastAPI did before 0.122 ---------------------------

class HTTPBearer403 extends HTTPBearer {
  override makeNotAuthenticatedError(): HTTPException {
    return new HTTPException(403, "Not authenticated");
  }
}

port("test_authentication_error_status_code.tutorial001", () => {
  const app = new App();
  app.get("/me", { deps: { credentials: new HTTPBearer403() } }, function read_me({ deps }) {
    return { message: "You are authenticated", token: deps.credentials.credentials };
  });
  return app;
});
