// Turns one run's raw numbers (bench/results-raw/*.json) into bench/RESULTS.md.
// The "## Server" section of an existing RESULTS.md belongs to @mono/server's author and is carried over verbatim.

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "—");
const pct = (n, digits = 0) => (Number.isFinite(n) ? `${(n * 100).toFixed(digits)}%` : "—");
const ms = (us) => (Number.isFinite(us) ? (us / 1000).toFixed(2) : "—");

/** The `## Server` section of a previous RESULTS.md, up to the next `## ` heading. */
export function serverSection(previous) {
  const lines = previous.split("\n");
  const start = lines.findIndex((l) => /^## Server\b/.test(l));
  if (start < 0) return "";
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  return lines.slice(start, end).join("\n").trimEnd() + "\n";
}

/** Per-(server, scenario) statistics, ratios taken against another server in the same round. */
function stats(result, median) {
  const by = new Map();
  for (const s of result.samples) {
    const key = `${s.server}|${s.scenario}`;
    if (!by.has(key)) by.set(key, []);
    by.get(key).push(s);
  }
  const rpsIn = (server, scenario, round) => result.samples.find((s) => s.server === server && s.scenario === scenario && s.round === round)?.rps;
  const ratio = (server, other, scenario) => median((by.get(`${server}|${scenario}`) ?? []).map((s) => s.rps / rpsIn(other, scenario, s.round)));
  const cell = (server, scenario) => {
    const xs = by.get(`${server}|${scenario}`);
    if (!xs) return null;
    const rps = xs.map((s) => s.rps);
    const med = median(rps);
    return {
      rps: med,
      min: Math.min(...rps),
      max: Math.max(...rps),
      noise: (Math.max(...rps) - Math.min(...rps)) / med,
      p50: median(xs.map((s) => s.p50)),
      p99: median(xs.map((s) => s.p99)),
      serverCpu: median(xs.map((s) => s.serverCpu)),
      wrkCpu: median(xs.map((s) => s.cpu)),
      errors: xs.reduce((a, s) => a + s.errors - s.status, 0),
      non2xx: xs.reduce((a, s) => a + s.non2xx, 0),
      retries: xs.reduce((a, s) => a + (s.retries ?? 0), 0),
      vsRaw: ratio(server, "node-raw", scenario),
    };
  };
  return { cell, ratio };
}

function goals(result, cell, ratio, median) {
  const rows = [];
  const has = (id) => result.servers.some((s) => s.id === id);
  const scenarios = Object.keys(result.scenarios);
  const verdict = (ok) => (ok === null ? "n/a" : ok ? "**met**" : "**missed**");
  if (has("mono-tutorial")) {
    for (const k of scenarios) {
      if (has("fastify")) {
        const r = ratio("mono-tutorial", "fastify", k);
        rows.push([`${k}: tutorial stack ahead of fastify + @fastify/cors`, `${r.toFixed(3)}x fastify`, verdict(Number.isFinite(r) ? r > 1 : null)]);
      }
      const raw = cell("mono-tutorial", k)?.vsRaw;
      if (has("node-raw")) rows.push([`${k}: tutorial stack >= 0.85 of raw node:http`, Number.isFinite(raw) ? raw.toFixed(3) : "—", verdict(Number.isFinite(raw) ? raw >= 0.85 : null)]);
    }
  }
  if (has("mono-hello") && has("node-raw") && scenarios.includes("A")) {
    const r = cell("mono-hello", "A")?.vsRaw;
    rows.push(["A: bare ASGI hello world >= 0.92 of raw node:http", Number.isFinite(r) ? r.toFixed(3) : "—", verdict(Number.isFinite(r) ? r >= 0.92 : null)]);
  }
  if (has("mono-tutorial") && has("mono-tutorial-nocors")) {
    for (const [k, limit] of [["A", 0.05], ["B", 0.1]]) {
      if (!scenarios.includes(k)) continue;
      const cost = 1 - ratio("mono-tutorial", "mono-tutorial-nocors", k);
      rows.push([`${k}: CORS costs <= ${limit * 100}% (tutorial vs tutorial without CORS)`, pct(cost, 1), verdict(Number.isFinite(cost) ? cost <= limit : null)]);
    }
  }
  for (const id of ["tutorial", "hello", "tutorial-nocors"]) {
    if (!has(`mono-${id}`) || !has(`base-${id}`)) continue;
    for (const k of scenarios) {
      // Same rounds, so drift hits both; 5% is the spread a quiet machine shows between identical servers.
      const r = ratio(`mono-${id}`, `base-${id}`, k);
      rows.push([`${k}: ${id} no slower than the baseline checkout (>= 0.95, same rounds)`, Number.isFinite(r) ? `${r.toFixed(3)}x baseline` : "—", verdict(Number.isFinite(r) ? r >= 0.95 : null)]);
    }
  }
  if (result.soak) {
    const { rss, wrk } = result.soak;
    // Drift: median RSS of the last 10 s against the first 10 s; the sawtooth between young-generation GCs is shown as the peak.
    const window = Math.min(10, Math.max(1, rss.length >> 1));
    const med = (xs) => median(xs.map((s) => s.mib));
    const first = med(rss.slice(0, window));
    const last = med(rss.slice(-window));
    const drift = (last - first) / first;
    const peak = Math.max(...rss.map((s) => s.mib));
    const errors = wrk.errors + wrk.non2xx;
    rows.push([`RSS of ours flat within 10% over a ${result.soak.seconds} s full-load run (mixed A-D)`, `median ${fmt(first, 1)} MiB in the first ${window} s → ${fmt(last, 1)} MiB in the last ${window} s (drift ${pct(drift, 1)}); sawtooth peak ${fmt(peak, 1)} MiB (+${pct((peak - first) / first, 0)}) between GCs`, verdict(Math.abs(drift) <= 0.1)]);
    rows.push(["no errors during that run", `${fmt(wrk.requests)} requests, ${errors} errors/non-2xx`, verdict(errors === 0)]);
  }
  return rows;
}

function table(head, rows) {
  return [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

function captureBlock(c) {
  const lines = [`HTTP ${c.status}`];
  for (let i = 0; i < c.rawHeaders.length; i += 2) lines.push(`${c.rawHeaders[i]}: ${c.rawHeaders[i + 1]}`);
  lines.push("", c.body.length > 200 ? c.body.slice(0, 200) + "…" : c.body);
  return lines.join("\n");
}

function microSection(micro) {
  if (!micro) return "Not run (`--no-micro`).\n";
  const rows = [];
  for (const r of micro.node?.rows ?? []) rows.push([r.name, r.how, fmt(r.preflight, 0), fmt(r.simple, 0), fmt(r.noOrigin, 0)]);
  for (const r of micro.python?.rows ?? []) rows.push([r.name, r.how, fmt(r.preflight, 0), fmt(r.simple, 0), fmt(r.noOrigin, 0)]);
  let s = table(["middleware", "how it is isolated", "ns / preflight", "ns / simple request (allowed origin)", "ns / request without Origin"], rows) + "\n";
  if (micro.node?.note) s += `\n${micro.node.note}\n`;
  if (micro.python?.note) s += `\n${micro.python.note}\n`;
  if (micro.nodeError) s += `\nNode microbenchmark failed:\n\n\`\`\`\n${micro.nodeError}\n\`\`\`\n`;
  if (micro.pythonError) s += `\nPython microbenchmark failed:\n\n\`\`\`\n${micro.pythonError}\n\`\`\`\n`;
  return s;
}

export function renderResults(result, previous, median) {
  const { cell, ratio } = stats(result, median);
  const o = result.options;
  const label = Object.fromEntries(result.servers.map((s) => [s.id, s.label]));
  const out = [];
  out.push("# Benchmark results", "");
  out.push(`Generated by \`${result.command}\` (the root \`pnpm bench\` builds first, then runs it) on ${result.date}.`);
  out.push(`Each server runs pinned to CPU 0 (\`taskset -c 0\`); wrk (\`-t1 -c${o.connections}\`, HTTP/1.1 keep-alive, 127.0.0.1) runs pinned to CPU 1. `
    + `Every server is warmed up for ${o.warmup} s per scenario, then ${o.rounds} interleaved round(s) of ${o.duration} s per server and scenario run; `
    + "each round runs every scenario on every server, in an order that rotates from round to round, so drift of the machine hits every server alike. "
    + "Ratios are taken against raw node:http in the same round and the median over rounds is shown. CPU is utime+stime over the measured span from /proc "
    + "(100% = one core); wrk reads its own from /proc/self/stat. Latency is wrk's, in ms.", "");
  out.push(`Machine: ${result.versions.cpu}, Linux ${result.versions.kernel}, Node ${result.versions.node}${result.versions.python ? `, Python ${result.versions.python}` : ""}, ${result.versions.wrk}.`, "");
  if (result.notes.length) out.push(...result.notes.map((n) => `> ${n}`), "");

  out.push("## Throughput and latency", "");
  for (const [k, sc] of Object.entries(result.scenarios)) {
    out.push(`### ${k}: ${sc.title}`, "");
    const rows = [];
    for (const s of result.servers) {
      const c = cell(s.id, k);
      if (!c) continue;
      const errs = [c.errors ? `${c.errors} socket errors` : "", c.non2xx ? `${c.non2xx} non-2xx` : ""].filter(Boolean).join(", ") || "0";
      const cpu = pct(c.serverCpu) + (c.retries ? ` (${c.retries} re-run)` : "");
      rows.push([s.ours ? `**${s.label}**` : s.label, fmt(c.rps), `${fmt(c.min)}–${fmt(c.max)} (${pct(c.noise, 1)})`, Number.isFinite(c.vsRaw) ? c.vsRaw.toFixed(3) : "—", ms(c.p50), ms(c.p99), cpu, pct(c.wrkCpu), errs]);
    }
    out.push(table(["server", "req/s (median)", "min–max over rounds (spread)", "vs raw node:http", "p50 ms", "p99 ms", "server CPU", "wrk CPU", "errors"], rows), "");
  }
  out.push("Non-2xx answers are expected only where a server has no CORS and no OPTIONS route (a 405 to the preflight C). "
    + "Every server here is CPU-bound (wrk needs a fraction of its own core), so a run in which the server got less than 85% of its core "
    + "lost it to something else on the shared machine: such a run is measured again (twice at most) and the run with the most server CPU is kept; "
    + "\"re-run\" counts these. A median server CPU still well below 100% marks a row to read with care.", "");

  const g = goals(result, cell, ratio, median);
  if (g.length) out.push("## Goals", "", table(["goal", "measured (median over rounds)", "verdict"], g), "");

  out.push("## Memory", "");
  out.push(table(["server", "peak RSS (VmHWM) MiB", "RSS after warm-up MiB", "RSS at the end MiB"], result.servers.map((s) => [
    s.ours ? `**${s.label}**` : s.label, fmt(result.memoryEnd[s.id]?.hwm, 1), fmt(result.rssAfterWarmup[s.id], 1), fmt(result.memoryEnd[s.id]?.rss, 1),
  ])), "");
  if (result.soak) {
    const { rss, wrk } = result.soak;
    const pick = rss.filter((_, i) => i % Math.max(1, Math.floor(rss.length / 12)) === 0 || i === rss.length - 1);
    out.push(`RSS soak of **${label["mono-tutorial"]}**: ${result.soak.seconds} s of mixed A/B/C/D load after warm-up, ${fmt(wrk.rps)} req/s, ${fmt(wrk.requests)} requests, `
      + `${wrk.errors} socket/status errors, ${wrk.non2xx} non-2xx. RSS (MiB) by second: ${pick.map((p) => `${p.t.toFixed(0)} s ${p.mib.toFixed(1)}`).join(", ")}.`, "");
  }

  out.push("## CORS decision alone (microbenchmark)", "");
  out.push("One process pinned to CPU 0 calls each middleware in a loop with prebuilt requests and a do-nothing downstream app, "
    + "in batches that alternate with batches of the same work without the middleware (the downstream app alone, or nothing where a preflight "
    + "never reaches it); the median of the paired differences is shown, in ns per call. "
    + "Preflight = scenario C, simple request = scenario B, no Origin = scenario A. "
    + "The Node rows include the await of an async middleware where the middleware is async (ours, hono's); Starlette's row is Python on uvloop.", "");
  out.push(microSection(result.micro));

  const server = serverSection(previous);
  if (server) out.push(server);

  out.push("## Versions", "");
  out.push(table(["component", "version"], Object.entries(result.versions).map(([k, v]) => [k, String(v)])), "");

  out.push("## Appendix: what each server answered", "");
  out.push("Captured before timing; the run fails if a CORS-capable server does not echo the allowed origin with credentials, "
    + "answer the preflight with POST and the requested headers, and keep quiet for a disallowed origin or a request without Origin.", "");
  for (const s of result.servers) {
    out.push(`### ${s.label} (\`${s.id}\`)`, "");
    for (const [k, c] of Object.entries(result.captures[s.id] ?? {})) {
      out.push(`${k} — ${result.scenarios[k]?.title ?? k}:`, "", "```", captureBlock(c), "```", "");
    }
  }

  const summary = [];
  summary.push("median req/s (ratio to raw node:http)");
  const keys = Object.keys(result.scenarios);
  summary.push("server".padEnd(24) + keys.map((k) => k.padStart(18)).join(""));
  for (const s of result.servers) {
    summary.push(s.id.padEnd(24) + keys.map((k) => {
      const c = cell(s.id, k);
      return (c ? `${fmt(c.rps)} (${Number.isFinite(c.vsRaw) ? c.vsRaw.toFixed(2) : "—"})` : "—").padStart(18);
    }).join(""));
  }
  if (g.length) summary.push("", ...g.map((r) => `${r[2].replace(/\*/g, "").padEnd(8)} ${r[0]}: ${r[1]}`));
  return { markdown: out.join("\n").replace(/\n{3,}/g, "\n\n"), summary: summary.join("\n") };
}
