// The settings helper: the pydantic-settings idiom (BaseSettings) with a zod schema.
import { expect, expectTypeOf, test } from "vitest";
import { z } from "zod";
import { settings, SettingsError } from "../src/index.js";

const Schema = z.object({
  app_name: z.string().default("Awesome API"),
  port: z.int().min(1).max(65535),
  debug: z.boolean().default(false),
  ratio: z.number().default(0.5),
  allowed_origins: z.array(z.string()).default([]),
  ports: z.array(z.int()).default([]),
  database: z.object({ host: z.string(), port: z.int() }).optional(),
});

test("test_reads_typed_values", () => {
  const config = settings(Schema, {
    env: { PORT: "8000", DEBUG: "yes", RATIO: "0.25", ALLOWED_ORIGINS: '["https://a.example","https://b.example"]', PORTS: "1, 2,3" },
  });
  expect(config).toEqual({
    app_name: "Awesome API",
    port: 8000,
    debug: true,
    ratio: 0.25,
    allowed_origins: ["https://a.example", "https://b.example"],
    ports: [1, 2, 3],
  });
  expectTypeOf(config.port).toEqualTypeOf<number>();
  expectTypeOf(config.allowed_origins).toEqualTypeOf<string[]>();
});

test("test_case_insensitive_names_and_prefix", () => {
  const config = settings(Schema, { prefix: "APP_", env: { app_port: "80", App_App_Name: "mono", PORT: "1" } });
  expect(config.port).toBe(80);
  expect(config.app_name).toBe("mono");
  expect(() => settings(Schema, { prefix: "APP_", caseSensitive: true, env: { app_port: "80" } })).toThrow(SettingsError);
});

test("test_comma_separated_and_json_lists", () => {
  expect(settings(Schema, { env: { PORT: "1", ALLOWED_ORIGINS: "a.example,b.example" } }).allowed_origins).toEqual(["a.example", "b.example"]);
  expect(settings(Schema, { env: { PORT: "1", ALLOWED_ORIGINS: '["x"]' } }).allowed_origins).toEqual(["x"]);
  expect(settings(Schema, { env: { PORT: "1", ALLOWED_ORIGINS: "" } }).allowed_origins).toEqual([]);
});

test("test_nested_object_from_json", () => {
  const config = settings(Schema, { env: { PORT: "1", DATABASE: '{"host":"db","port":"5432"}' } });
  expect(config.database).toEqual({ host: "db", port: 5432 });
});

test("test_every_error_listed", () => {
  let error: unknown;
  try {
    settings(Schema, { prefix: "APP_", env: { APP_DEBUG: "maybe", APP_PORTS: "1,x", APP_RATIO: "big" } });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(SettingsError);
  expect((error as SettingsError).message).toBe(
    [
      "4 invalid settings:",
      // pydantic-settings: a missing field's input is the object of the variables found.
      '  APP_PORT: Field required [type=missing, input={"debug":"maybe","ratio":"big","ports":["1","x"]}]',
      '  APP_DEBUG: Input should be a valid boolean, unable to interpret input [type=bool_parsing, input="maybe"]',
      '  APP_RATIO: Input should be a valid number, unable to parse string as a number [type=float_parsing, input="big"]',
      '  APP_PORTS.1: Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input="x"]',
    ].join("\n"),
  );
  expect((error as SettingsError).errors.map((e) => e.type)).toEqual(["missing", "bool_parsing", "float_parsing", "int_parsing"]);
});

test("test_constraints_are_checked", () => {
  expect(() => settings(Schema, { env: { PORT: "70000" } })).toThrow("PORT: Input should be less than or equal to 65535 [type=less_than_equal");
});

test("test_reads_process_env_by_default", () => {
  process.env["MONO_TEST_SETTING_PORT"] = "1234";
  try {
    expect(settings(z.object({ port: z.int() }), { prefix: "MONO_TEST_SETTING_" }).port).toBe(1234);
  } finally {
    delete process.env["MONO_TEST_SETTING_PORT"];
  }
});
