/** @module The public face of @mono/demo: FastAPI's CORS tutorial scene (backend, frontend, settings) to start from code. */
export { createBackend, EXPOSE_HEADERS, SESSION_COOKIE, type BackendOptions } from "./backend.js";
export { createFrontend, PUBLIC_DIR, type FrontendConfig } from "./frontend.js";
export { startDemo, type Demo, type DemoOptions } from "./demo.js";
export { banner, lintReport, main, USAGE_ERROR, type MainIO } from "./main.js";
export {
  DemoSettingsError,
  ENV_PREFIX,
  FLAGS,
  HELP,
  loadSettings,
  parseCommandLine,
  settingsFrom,
  TUTORIAL_ORIGINS,
  type CommandLine,
  type DemoSettings,
  type SettingProblem,
} from "./settings.js";
