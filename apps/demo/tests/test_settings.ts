// The settings: DEMO_* variables, flags over them, validated with the framework's settings helper; every bad value
// stops start-up with a message naming the flag or variable it came from.
import { expect, test } from "vitest";
import { DemoSettingsError, HELP, loadSettings, parseCommandLine, TUTORIAL_ORIGINS } from "../src/index.js";

function failure(run: () => unknown): DemoSettingsError {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof DemoSettingsError) return error;
    throw error;
  }
  throw new Error("expected a DemoSettingsError");
}

test("test_defaults", () => {
  expect(loadSettings([], {})).toEqual({
    host: "127.0.0.1",
    backendPort: 8000,
    frontendPort: 8080,
    allowOrigins: [...TUTORIAL_ORIGINS],
    allowCredentials: true,
    checkWebSocketOrigin: false,
    backendUrl: "",
  });
});

test("test_environment", () => {
  const env = {
    DEMO_HOST: "0.0.0.0",
    DEMO_BACKEND_PORT: "9000",
    demo_frontend_port: "9080",
    DEMO_ALLOW_ORIGINS: "http://localhost:9080, http://127.0.0.1:9080",
    DEMO_ALLOW_CREDENTIALS: "off",
    DEMO_CHECK_WEBSOCKET_ORIGIN: "on",
    DEMO_BACKEND_URL: "http://api.localhost:9000",
  };
  expect(loadSettings([], env)).toEqual({
    host: "0.0.0.0",
    backendPort: 9000,
    frontendPort: 9080,
    allowOrigins: ["http://localhost:9080", "http://127.0.0.1:9080"],
    allowCredentials: false,
    checkWebSocketOrigin: true,
    backendUrl: "http://api.localhost:9000",
  });
  // A JSON list works too, as pydantic-settings reads lists.
  expect(loadSettings([], { DEMO_ALLOW_ORIGINS: '["*"]' }).allowOrigins).toEqual(["*"]);
});

test("test_flags_win_over_environment", () => {
  const env = { DEMO_BACKEND_PORT: "9000", demo_allow_credentials: "yes", DEMO_ALLOW_ORIGINS: "http://localhost:1" };
  const settings = loadSettings(
    ["--backend-port", "9100", "--no-allow-credentials", "--allow-origins", "http://localhost:2", "--allow-origins=http://localhost:3"],
    env,
  );
  expect(settings.backendPort).toBe(9100);
  expect(settings.allowCredentials).toBe(false);
  expect(settings.allowOrigins).toEqual(["http://localhost:2", "http://localhost:3"]);
  expect(loadSettings(["--allow-credentials"], { DEMO_ALLOW_CREDENTIALS: "0" }).allowCredentials).toBe(true);
  expect(loadSettings(["--check-websocket-origin"], { DEMO_CHECK_WEBSOCKET_ORIGIN: "0" }).checkWebSocketOrigin).toBe(true);
  expect(loadSettings(["--no-check-websocket-origin"], { DEMO_CHECK_WEBSOCKET_ORIGIN: "1" }).checkWebSocketOrigin).toBe(false);
  expect(() => loadSettings(["--check-websocket-origin", "--no-check-websocket-origin"], {})).toThrow("pick one");
  expect(loadSettings(["--allow-origins", "http://a.localhost", "--allow-origins", "http://b.localhost,http://c.localhost"], {}).allowOrigins).toEqual([
    "http://a.localhost",
    "http://b.localhost",
    "http://c.localhost",
  ]);
  expect(loadSettings(["--allow-origins", "http://a.localhost,http://b.localhost"], {}).allowOrigins).toEqual([
    "http://a.localhost",
    "http://b.localhost",
  ]);
});

test("test_bad_port_names_its_variable", () => {
  const error = failure(() => loadSettings([], { DEMO_BACKEND_PORT: "eighty" }));
  expect(error.problems).toEqual([
    { setting: "DEMO_BACKEND_PORT", message: 'Input should be a valid integer, unable to parse string as an integer (got "eighty")' },
  ]);
  expect(error.message).toBe(
    'Invalid setting; the demo did not start:\n  DEMO_BACKEND_PORT: Input should be a valid integer, unable to parse string as an integer (got "eighty")',
  );
});

test("test_bad_port_names_its_flag", () => {
  const error = failure(() => loadSettings(["--frontend-port", "70000"], { DEMO_FRONTEND_PORT: "8080" }));
  expect(error.problems).toEqual([{ setting: "--frontend-port", message: 'Input should be less than or equal to 65535 (got "70000")' }]);
});

test("test_bad_origin_says_what_an_origin_is", () => {
  const error = failure(() => loadSettings(["--allow-origins", "http://localhost:8080/,localhost:8080,file:///tmp"], {}));
  expect(error.problems.map((problem) => problem.setting)).toEqual(["--allow-origins", "--allow-origins", "--allow-origins"]);
  expect(error.problems[0]?.message).toBe('item 0: "http://localhost:8080/" is not an origin as a browser sends it; did you mean "http://localhost:8080"?');
  expect(error.problems[1]?.message).toBe(
    'item 1: "localhost:8080" is not an http or https origin; write scheme://host[:port], such as "http://localhost:8080"',
  );
  expect(error.problems[2]?.message).toContain('item 2: "file:///tmp" is not an http or https origin');
  const port = failure(() => loadSettings([], { DEMO_BACKEND_URL: "http://localhost:80" }));
  expect(port.problems[0]?.setting).toBe("DEMO_BACKEND_URL");
  expect(port.problems[0]?.message).toBe('"http://localhost:80" is not an origin as a browser sends it; did you mean "http://localhost"?');
});

test("test_bad_boolean", () => {
  const error = failure(() => loadSettings([], { DEMO_ALLOW_CREDENTIALS: "maybe" }));
  expect(error.problems).toEqual([
    { setting: "DEMO_ALLOW_CREDENTIALS", message: 'Input should be a valid boolean, unable to interpret input (got "maybe")' },
  ]);
});

test("test_every_problem_at_once", () => {
  const error = failure(() => loadSettings(["--host", "", "--backend-port=-1"], { DEMO_FRONTEND_PORT: "x" }));
  expect(error.problems.map((problem) => problem.setting)).toEqual(["--host", "--backend-port", "DEMO_FRONTEND_PORT"]);
  expect(error.message).toMatch(/^Invalid settings; the demo did not start:\n {2}--host: /);
});

test("test_unknown_flag", () => {
  const error = failure(() => parseCommandLine(["--backend-prot", "9000"]));
  expect(error.problems[0]?.setting).toBe("command line");
  expect(error.problems[0]?.message).toContain("--backend-prot");
  const both = failure(() => parseCommandLine(["--allow-credentials", "--no-allow-credentials"]));
  expect(both.problems[0]?.setting).toBe("--allow-credentials");
});

test("test_help_lists_every_setting", () => {
  expect(parseCommandLine(["--help"]).help).toBe(true);
  for (const name of ["--host", "--backend-port", "--frontend-port", "--allow-origins", "--allow-credentials", "--backend-url"]) {
    expect(HELP).toContain(name);
  }
  for (const variable of ["DEMO_HOST", "DEMO_BACKEND_PORT", "DEMO_FRONTEND_PORT", "DEMO_ALLOW_ORIGINS", "DEMO_ALLOW_CREDENTIALS", "DEMO_BACKEND_URL"]) {
    expect(HELP).toContain(variable);
  }
});
