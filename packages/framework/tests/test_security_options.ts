// The security schemes check their options at construction, as FastAPI's keyword arguments are checked: a
// TypeError naming the class, the option and what was expected, or the unknown option.
import { expect, test } from "vitest";
import { APIKeyHeader, HTTPBasic, HTTPBearer, OAuth2, OAuth2AuthorizationCodeBearer, OAuth2PasswordBearer, OpenIdConnect } from "../src/index.js";

test("test_missing_required_option", () => {
  expect(() => new OAuth2PasswordBearer({} as never)).toThrow(/^OAuth2PasswordBearer: invalid options: tokenUrl: /);
  expect(() => new APIKeyHeader({} as never)).toThrow(/^APIKeyHeader: invalid options: name: /);
  expect(() => new OpenIdConnect({} as never)).toThrow(/^OpenIdConnect: invalid options: openIdConnectUrl: /);
  expect(() => new OAuth2AuthorizationCodeBearer({ tokenUrl: "token" } as never)).toThrow(/authorizationUrl: /);
});

test("test_wrong_type", () => {
  expect(() => new HTTPBasic({ realm: 1 } as never)).toThrow(/^HTTPBasic: invalid options: realm: /);
  expect(() => new HTTPBearer({ autoError: "no" } as never)).toThrow(/^HTTPBearer: invalid options: autoError: /);
  expect(() => new OAuth2PasswordBearer({ tokenUrl: "token", scopes: ["me"] } as never)).toThrow(/scopes: /);
});

test("test_unknown_option", () => {
  expect(() => new APIKeyHeader({ name: "key", auto_error: false } as never)).toThrow(/unknown option\(s\) auto_error/);
  expect(() => new OAuth2({ flow: {} } as never)).toThrow(/unknown option\(s\) flow/);
});

test("test_subclass_named", () => {
  class HTTPBearer403 extends HTTPBearer {}
  expect(() => new HTTPBearer403({ bearerFormat: 1 } as never)).toThrow(/^HTTPBearer403: invalid options: bearerFormat: /);
  expect(new HTTPBearer403({ bearerFormat: "JWT" }).model).toEqual({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
});
