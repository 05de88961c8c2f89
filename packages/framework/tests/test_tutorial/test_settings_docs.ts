// Ports FastAPI's tests/test_tutorial/test_settings (docs_src/settings: tutorial001, app01, app02 with
// dependency_overrides, app03) with `settings(schema)` as pydantic-settings' BaseSettings; answers compared with
// FastAPI 0.142.2's (reference/settings.py). The environment is passed in (`env`), not process.env, so copies of
// the suite do not share it.
import { expect, test } from "vitest";
import { z } from "zod";
import { App, Depends, settings, SettingsError, TestClient } from "../../src/index.js";
import { SETTINGS } from "./reference/settings.js";
import { expectRecorded, type Answer } from "./reference/recorded.js";

const same = (response: Answer, name: string): void => expectRecorded(response, SETTINGS, name);

/** config.py: `class Settings(BaseSettings)`. */
const Settings = z.object({ app_name: z.string().default("Awesome API"), admin_email: z.string(), items_per_user: z.int().default(50) });
type Settings = z.output<typeof Settings>;
const env = { ADMIN_EMAIL: "admin@example.com" };

function infoApp(get: () => Settings): App {
  const app = new App();
  app.get("/info", async function info() {
    const s = get();
    return { app_name: s.app_name, admin_email: s.admin_email, items_per_user: s.items_per_user };
  });
  return app;
}

test("test_tutorial001: test_settings", async () => {
  const config = settings(Settings, { env });
  const client = new TestClient(infoApp(() => config).asgi);
  same(await client.get("/info"), "t001_info");
  same(await client.get("/openapi.json"), "t001_openapi");
});

test("test_app01: test_settings_validation_error", () => {
  let failure: unknown;
  try {
    settings(Settings, { env: {} });
  } catch (error: unknown) {
    failure = error;
  }
  expect(failure).toBeInstanceOf(SettingsError);
  expect((failure as SettingsError).errors).toEqual(JSON.parse(SETTINGS["app01_missing_errors"]?.body ?? "null"));
});

test("test_app01: test_app and test_openapi_schema", async () => {
  const config = settings(Settings, { env });
  const client = new TestClient(infoApp(() => config).asgi);
  same(await client.get("/info"), "app01_info");
  same(await client.get("/openapi.json"), "app01_openapi");
});

/** app02 and app03: the settings as a dependency (`@lru_cache def get_settings()`), overridden in tests. */
function app02(read: () => Settings): { app: App; getSettings: ReturnType<typeof Depends<Settings>> } {
  let cached: Settings | undefined;
  const getSettings = Depends(function getSettings(): Settings {
    cached ??= read();
    return cached;
  });
  const app = new App();
  app.get("/info", { deps: { settings: getSettings } }, async function info({ deps }) {
    const s = deps.settings;
    return { app_name: s.app_name, admin_email: s.admin_email, items_per_user: s.items_per_user };
  });
  return { app, getSettings };
}

test("test_app02: test_app (with the override)", async () => {
  const { app, getSettings } = app02(() => settings(Settings, { env }));
  app.dependencyOverrides.set(getSettings, Depends(() => settings(Settings, { env: { ADMIN_EMAIL: "testing_admin@example.com" } })));
  const client = new TestClient(app.asgi);
  same(await client.get("/info"), "app02_info_override");
  app.dependencyOverrides.clear();
  same(await client.get("/info"), "app02_info");
  same(await client.get("/openapi.json"), "app02_openapi");
});

test("test_app03: test_endpoint", async () => {
  const { app } = app02(() => settings(Settings, { env }));
  same(await new TestClient(app.asgi).get("/info"), "app03_info");
});
