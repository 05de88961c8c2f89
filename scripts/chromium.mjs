// Real Chromium for the browser tests: Debian's package, driven by playwright-core, never a downloaded build.
// Used from a vitest globalSetup (or a test's beforeAll): installs the package when it is missing, so a fresh
// machine runs the browser tests instead of skipping them; fails with the fix when it cannot.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM = "/usr/bin/chromium";

/** Flags for this machine: headless as root, and no background traffic to a network that is closed. */
export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-features=Translate,OptimizationHints,MediaRouter",
];

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const fix = "install it with: sudo apt-get update && sudo apt-get install -y chromium";
  if (typeof process.getuid !== "function" || process.getuid() !== 0) {
    throw new Error(`Chromium is missing at ${CHROMIUM}; ${fix}`);
  }
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    execFileSync("apt-get", ["update", "-qq", "-o", "DPkg::Lock::Timeout=600"], { stdio: "inherit", env });
    execFileSync("apt-get", ["install", "-y", "-qq", "-o", "DPkg::Lock::Timeout=600", "chromium"], { stdio: "inherit", env });
  } catch (error) {
    throw new Error(`Chromium is missing at ${CHROMIUM} and apt-get could not install it; ${fix}`, { cause: error });
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get ran but ${CHROMIUM} is still missing; ${fix}`);
  return CHROMIUM;
}

/** For vitest's globalSetup: `globalSetup: ["../../scripts/chromium.mjs"]`. */
export default function setup() {
  ensureChromium();
}
