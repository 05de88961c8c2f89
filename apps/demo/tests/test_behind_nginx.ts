// Two instances of the demo backend behind a real nginx (Debian's package), configured with the very block that
// docs/deploy.md gives: proxy headers reach the scope as `client` and `scheme`, CORS answers are the instance's own,
// and killing one instance under load loses no request that nginx can retry. nginx runs from a temporary prefix on
// 127.0.0.1 and ephemeral ports, in the foreground, and is stopped at the end. It connects to the instances from
// 127.0.0.2 (the one line the test adds, `proxy_bind`), the test's clients connect from 127.0.0.3, and the instances
// trust only 127.0.0.2: so the forwarded address is told apart from the peer.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { type AddressInfo, connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ensureNginx, OPENSSL } from "../../../scripts/nginx.mjs";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const SERVER_CLI = join(REPO, "packages", "server", "dist", "cli.js");
const DEMO = join(REPO, "apps", "demo");
const PROXY_ADDRESS = "127.0.0.2";
const CLIENT_ADDRESS = "127.0.0.3";
const WAIT = 30_000;

const nginx = ensureNginx();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(predicate: () => boolean, what: string, timeoutMs = WAIT): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen({ host: "127.0.0.1", port: 0 }, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

interface Instance {
  child: ChildProcess;
  port: number;
  output: () => string;
}

/** One instance: mono-serve with the demo backend, trusting proxy headers from nginx's address only. */
async function startInstance(): Promise<Instance> {
  const args = [SERVER_CLI, "tests/fixtures/behind_proxy.mjs:app", "--port", "0", "--forwarded-allow-ips", PROXY_ADDRESS, "--no-access-log"];
  const child = spawn(process.execPath, args, { cwd: DEMO, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  await waitFor(() => /running on http:\/\/127\.0\.0\.1:\d+/.test(output) || child.exitCode !== null, "an instance");
  const match = /running on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
  if (match === null) throw new Error(`the instance did not start:\n${output.slice(-2000)}`);
  return { child, port: Number(match[1]), output: () => output };
}

/** docs/deploy.md's nginx block with this run's ports, certificate and proxy address; fails if the page changed shape. */
function configFromDocs(upstreams: [number, number], httpPort: number, httpsPort: number, dir: string): string {
  const page = readFileSync(join(REPO, "docs", "deploy.md"), "utf8");
  const block = /```nginx\n([\s\S]*?)```/.exec(page)?.[1];
  if (block === undefined) throw new Error("docs/deploy.md has no ```nginx block");
  const substitutions: Array<[string, string]> = [
    ["server 127.0.0.1:8001 ", `server 127.0.0.1:${upstreams[0]} `],
    ["server 127.0.0.1:8002 ", `server 127.0.0.1:${upstreams[1]} `],
    ["listen 80;", `listen 127.0.0.1:${httpPort};`],
    ["listen 443 ssl;", `listen 127.0.0.1:${httpsPort} ssl;`],
    ["/etc/ssl/certs/example.com.pem", join(dir, "cert.pem")],
    ["/etc/ssl/private/example.com.key", join(dir, "key.pem")],
    ["proxy_pass http://mono;", `proxy_pass http://mono;\n        proxy_bind ${PROXY_ADDRESS};`],
  ];
  let text = block;
  for (const [from, to] of substitutions) {
    if (!text.includes(from)) throw new Error(`docs/deploy.md's nginx block no longer contains ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  return [
    "daemon off;",
    "master_process off;",
    `pid ${join(dir, "nginx.pid")};`,
    `error_log ${join(dir, "error.log")} warn;`,
    "events { worker_connections 1024; }",
    "http {",
    "access_log off;",
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(temp),
    text,
    "}",
  ].join("\n");
}

interface Proxy {
  child: ChildProcess;
  httpPort: number;
  httpsPort: number;
}

/** nginx in the foreground from `dir`; the ports are probed free first, so a lost race is retried on new ones. */
async function startNginx(binary: string, upstreams: [number, number], dir: string): Promise<Proxy> {
  execFileSync(OPENSSL, [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
    "-subj", "/CN=localhost", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
  ], { stdio: "ignore" });
  let failure = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const conf = join(dir, "nginx.conf");
    writeFileSync(conf, configFromDocs(upstreams, httpPort, httpsPort, dir));
    const child = spawn(binary, ["-p", dir, "-c", conf, "-e", join(dir, "error.log")], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const deadline = Date.now() + WAIT;
    while (child.exitCode === null && Date.now() < deadline) {
      if ((await accepts(httpPort)) && (await accepts(httpsPort))) return { child, httpPort, httpsPort };
      await sleep(50);
    }
    child.kill("SIGKILL");
    failure = `${stderr}\n${readFileSync(join(dir, "error.log"), "utf8").slice(-2000)}`;
  }
  throw new Error(`nginx did not start:\n${failure}`);
}

interface Answer {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: false }),
};

/** One request from the clients' address; `headers` as given (their case kept). */
function request(url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const secure = url.startsWith("https:");
  const send = secure ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: init.method ?? "GET",
        headers: init.headers ?? {},
        localAddress: CLIENT_ADDRESS,
        agent: secure ? agents.https : agents.http,
        timeout: 20_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const raw = res.rawHeaders;
          const headers: Array<[string, string]> = [];
          for (let i = 0; i < raw.length; i += 2) headers.push([raw[i]!.toLowerCase(), raw[i + 1]!]);
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString("latin1") });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer in 20 s: ${url}`)));
    req.on("error", reject);
    req.end();
  });
}

test("the Dockerfile's CMD, run as written from the repository root, serves the demo backend", async () => {
  const dockerfile = readFileSync(join(DEMO, "Dockerfile"), "utf8");
  const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
  expect(cmd.slice(0, 3)).toEqual(["node", "packages/server/dist/cli.js", "apps/demo/dist/asgi.js:app"]);
  // Outside a container: loopback and a free port instead of 0.0.0.0:8000.
  const args = cmd.slice(1).map((arg, i, all) => (all[i - 1] === "--host" ? "127.0.0.1" : all[i - 1] === "--port" ? "0" : arg));
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  try {
    await waitFor(() => /running on http:\/\/127\.0\.0\.1:\d+/.test(output) || child.exitCode !== null, "the CMD's server");
    const port = Number(/running on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    const answer = await request(`http://127.0.0.1:${port}/`, { headers: { Origin: "http://localhost:8080", Connection: "close" } });
    expect(answer.status).toBe(200);
    expect(answer.headers).toContainEqual(["access-control-allow-origin", "http://localhost:8080"]);
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
    child.kill("SIGTERM");
    // What `docker stop` sees: a graceful shutdown, then the end by SIGTERM (exit status 143).
    expect(await exited).toBe("SIGTERM");
  } finally {
    child.kill("SIGKILL");
  }
});

if ("reason" in nginx) {
  test.skip(`behind nginx: skipped, ${nginx.reason}`, () => {});
} else {
  describe("two instances of the demo backend behind nginx, configured as docs/deploy.md says", () => {
    let dir: string;
    let instances: Instance[] = [];
    let proxy: Proxy | null = null;
    let base: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "mono-nginx-"));
      instances = await Promise.all([startInstance(), startInstance()]);
      proxy = await startNginx(nginx.path, [instances[0]!.port, instances[1]!.port], dir);
      base = `http://127.0.0.1:${proxy.httpPort}`;
    }, 120_000);

    afterAll(async () => {
      agents.http.destroy();
      agents.https.destroy();
      if (proxy !== null) {
        const exited = new Promise((resolve) => proxy!.child.once("exit", resolve));
        proxy.child.kill("SIGTERM");
        await Promise.race([exited, sleep(5000)]);
        proxy.child.kill("SIGKILL");
      }
      for (const instance of instances) instance.child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    });

    const scope = async (url: string, headers: Record<string, string> = {}) =>
      JSON.parse((await request(url, { headers })).body) as { client: [string, number]; scheme: string; pid: number };

    test("X-Forwarded-For and X-Forwarded-Proto from nginx reach the scope as client and scheme; from anyone else they are ignored", async () => {
      const overHttp = await scope(`${base}/_scope`);
      expect([overHttp.client[0], overHttp.scheme]).toEqual([CLIENT_ADDRESS, "http"]);
      const overTls = await scope(`https://127.0.0.1:${proxy!.httpsPort}/_scope`);
      expect([overTls.client[0], overTls.scheme]).toEqual([CLIENT_ADDRESS, "https"]);
      // A client's own X-Forwarded-For is kept in the chain, but the instance reads it from the right.
      const forged = await scope(`${base}/_scope`, { "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https" });
      expect([forged.client[0], forged.scheme]).toEqual([CLIENT_ADDRESS, "http"]);
      // Straight to an instance, the peer is not nginx: the headers are not believed.
      const direct = await scope(`http://127.0.0.1:${instances[0]!.port}/_scope`, {
        "X-Forwarded-For": "203.0.113.9",
        "X-Forwarded-Proto": "https",
      });
      expect([direct.client[0], direct.scheme]).toEqual([CLIENT_ADDRESS, "http"]);
      // nginx spreads requests over both instances.
      const pids = new Set<number>();
      for (let i = 0; i < 6; i++) pids.add((await scope(`${base}/_scope`)).pid);
      expect(pids).toEqual(new Set(instances.map((instance) => instance.child.pid)));
    });

    test("CORS answers through nginx are the instance's own (status, CORS headers in order, body)", async () => {
      const cases: Array<{ method: string; path: string; headers: Record<string, string> }> = [
        { method: "GET", path: "/", headers: { Origin: "http://localhost:8080" } },
        { method: "GET", path: "/", headers: { Origin: "http://evil.example" } },
        {
          method: "OPTIONS",
          path: "/",
          headers: { Origin: "http://localhost:8080", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type, x-custom" },
        },
        { method: "OPTIONS", path: "/", headers: { Origin: "http://evil.example", "Access-Control-Request-Method": "PUT" } },
        { method: "GET", path: "/", headers: {} },
      ];
      // nginx writes its own server, date and connection headers, may reframe the body, and always sends
      // content-type first: that one is compared by value, the others in order.
      const hopByHop = new Set(["server", "date", "connection", "keep-alive", "transfer-encoding", "content-length"]);
      const comparable = (answer: Answer) => ({
        status: answer.status,
        headers: answer.headers.filter(([name]) => !hopByHop.has(name) && name !== "content-type"),
        contentType: answer.headers.filter(([name]) => name === "content-type"),
        body: answer.body,
      });
      for (const { method, path, headers } of cases) {
        const direct = await request(`http://127.0.0.1:${instances[0]!.port}${path}`, { method, headers });
        const proxied = await request(`${base}${path}`, { method, headers });
        expect(comparable(proxied)).toEqual(comparable(direct));
        expect(direct.headers.some(([name]) => name === "vary" || name.startsWith("access-control-")) || !("Origin" in headers)).toBe(true);
      }
    });

    test("an instance killed with SIGKILL under load: every GET is still answered 200 (nginx retries it on the other)", async () => {
      const [victim, survivor] = instances as [Instance, Instance];
      const statuses: number[] = [];
      const failures: string[] = [];
      const pidsAfterKill = new Set<number>();
      let killed = false;
      let running = true;
      const loop = async () => {
        while (running) {
          try {
            const answer = await request(`${base}/_scope`);
            statuses.push(answer.status);
            if (killed && answer.status === 200) pidsAfterKill.add((JSON.parse(answer.body) as { pid: number }).pid);
          } catch (error) {
            failures.push(String(error));
          }
        }
      };
      const clients = Array.from({ length: 16 }, loop);
      await waitFor(() => statuses.length >= 200, "load before the kill");
      victim.child.kill("SIGKILL");
      killed = true;
      const before = statuses.length;
      await waitFor(() => statuses.length >= before + 400, "load after the kill", 60_000);
      running = false;
      await Promise.all(clients);
      expect(failures.slice(0, 3)).toEqual([]);
      expect(statuses.filter((status) => status !== 200).slice(0, 5)).toEqual([]);
      expect(victim.child.signalCode).toBe("SIGKILL");
      expect(pidsAfterKill.has(survivor.child.pid!)).toBe(true);
    }, 120_000);
  });
}
