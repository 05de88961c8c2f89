/** @module report: `explain`'s trace and `lint`'s findings as text for people (the CLI's output, or a log line). */

import type { RawHeaders } from "@mono/asgi";

import type { Check } from "./decision.js";
import type { Exchange, Explanation, Judged } from "./explain.js";
import type { Ruling } from "./fetch.js";
import type { Finding } from "./lint.js";

const MARK: Readonly<Record<Check["result"], string>> = { pass: "pass", fail: "FAIL", skip: "skip" };

function rulingLine(r: Ruling): string {
  return `${r.ok ? "ok  " : "FAIL"} ${r.reason}  [${r.rule}]`;
}

function headerLines(headers: RawHeaders, indent: string): string[] {
  return headers.length === 0 ? [`${indent}(no headers)`] : headers.map(([n, v]) => `${indent}${n}: ${v}`);
}

function exchangeLines(title: string, exchange: Exchange): string[] {
  const { request, decision, response } = exchange;
  const width = Math.max(...decision.checks.map((c) => c.name.length), 0);
  return [
    `${title}: ${request.method} ${request.path}`,
    ...headerLines(request.headers, "     "),
    `   CORSMiddleware took the ${decision.path} path: ${decision.pathReason}`,
    ...decision.checks.map((c) => `     ${MARK[c.result]} ${c.name.padEnd(width)}  ${c.input === null ? "-" : JSON.stringify(c.input)}: ${c.reason}`),
    `   ${exchange.appCalled ? "The app answered" : "CORSMiddleware answered (the app was not called)"}: ${response.status}${response.body === "" ? "" : ` ${JSON.stringify(response.body)}`}`,
    ...headerLines(response.headers, "     "),
    "   The browser checks the response:",
    ...exchange.browser.map((r) => `     ${rulingLine(r)}`),
  ];
}

function verdictLine(label: string, judged: Judged<boolean>): string {
  return `  ${label} ${judged.value ? "yes" : "no "}  ${judged.ruling.reason}  [${judged.ruling.rule}]`;
}

/** The whole trace of an explanation, as the CLI prints it. */
export function formatExplanation(e: Explanation): string {
  const req = e.request;
  const from = req.origin === null ? "without Origin" : `from ${req.origin}`;
  const lines = [`explain: ${req.method} ${req.path} ${from} (credentials: ${JSON.stringify(req.credentials)}${req.privateNetwork ? ", private network" : ""})`];
  if (req.headers.length > 0) lines.push(`  page sets: ${req.headers.map(([n, v]) => `${n}: ${v}`).join("; ")}`);
  lines.push("", "Before sending, the browser decides:", ...e.browser.map((r) => `  ${rulingLine(r)}`));
  let step = 1;
  if (e.preflight !== null) lines.push("", ...exchangeLines(`${step++}. Preflight`, e.preflight));
  if (e.actual !== null) lines.push("", ...exchangeLines(`${step}. Actual request`, e.actual));
  else if (e.browser.every((r) => r.ok)) lines.push("", `${step}. Actual request: not sent`);
  const headers = e.verdict.readableHeaders;
  lines.push(
    "",
    "Verdict:",
    `  preflight sent:      ${e.verdict.preflightSent ? "yes" : "no"}`,
    verdictLine("actual request sent:", e.verdict.requestSent),
    verdictLine("fetch() resolves:   ", e.verdict.readable),
    `  JS can read headers: ${headers.value.length === 0 ? "none" : headers.value.join(", ")}${e.verdict.readable.value ? `  [${headers.ruling.rule}]` : ""}`,
    "",
    `With credentials: ${JSON.stringify(e.otherCredentials.credentials)}:${e.otherCredentials.changes.length === 0 ? " the same verdict" : ""}`,
    ...e.otherCredentials.changes.map((c) => `  ${c}`),
  );
  return `${lines.join("\n")}\n`;
}

/** Findings grouped by nothing, in lint's order: severity, code, name, the value, the message and the fix. */
export function formatFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return "lint: no findings\n";
  const count = (s: Finding["severity"], plural: string) => {
    const n = findings.filter((f) => f.severity === s).length;
    return `${n} ${n === 1 ? s : plural}`;
  };
  const counts = `${count("error", "errors")}, ${count("warning", "warnings")}, ${count("info", "info")}`;
  const lines = [`lint: ${findings.length} finding${findings.length === 1 ? "" : "s"} (${counts})`];
  for (const f of findings) {
    lines.push(
      "",
      `${f.severity.padEnd(7)} ${f.code} ${f.name}  ${f.option}${f.value === null ? "" : `: ${JSON.stringify(f.value)}`}`,
      `        ${f.message}`,
      `        fix: ${f.fix}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
