// Real nginx for the deployment tests: Debian's package, run from a temporary prefix with its own configuration,
// never the system's service. Installs the package when it is missing, as scripts/chromium.mjs does for Chromium;
// when it cannot (not root, no network), says why so that the test can skip with that reason.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export const NGINX = "/usr/sbin/nginx";
/** The test's TLS listener needs a certificate, made with the openssl command. */
export const OPENSSL = "/usr/bin/openssl";

/** The nginx binary, installed with apt-get if needed; `{ reason }` when it cannot be had on this machine. */
export function ensureNginx() {
  if (existsSync(NGINX) && existsSync(OPENSSL)) return { path: NGINX };
  const fix = "install it with: sudo apt-get update && sudo apt-get install -y nginx openssl";
  if (typeof process.getuid !== "function" || process.getuid() !== 0) {
    return { reason: `nginx (or openssl) is missing and this process is not root to install it; ${fix}` };
  }
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    execFileSync("apt-get", ["update", "-qq", "-o", "DPkg::Lock::Timeout=600"], { stdio: "inherit", env });
    // The package's own service is not wanted: policy-rc.d-less containers do not start it, and a test never uses it.
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=600", "nginx", "openssl"], {
      stdio: "inherit",
      env,
    });
  } catch (error) {
    return { reason: `nginx (or openssl) is missing and apt-get could not install it (${String(error)}); ${fix}` };
  }
  if (!existsSync(NGINX) || !existsSync(OPENSSL)) return { reason: `apt-get ran but ${NGINX} or ${OPENSSL} is still missing; ${fix}` };
  return { path: NGINX };
}
