// A vitest setup file (see scripts/vitest.shared.mjs): caps what a failing test prints. Tests compare lengths,
// hashes or slices of big values, never the values; this is the belt for the one that forgets (vitest's own
// truncation knows lines and arrays, and a 30 MB single-line string passes through both).
import { beforeEach } from "vitest";

const MAX = 4000;

function cap(text) {
  if (typeof text !== "string" || text.length <= MAX) return text;
  return `${text.slice(0, MAX / 2)}\n... [${text.length - MAX} characters cut by scripts/vitest.capOutput.mjs] ...\n${text.slice(-MAX / 2)}`;
}

function capLines(text) {
  if (typeof text !== "string") return text;
  return cap(text.split("\n").map((line) => (line.length > 400 ? `${line.slice(0, 400)}... [${line.length} chars]` : line)).join("\n"));
}

beforeEach((context) => {
  context.onTestFailed(({ task }) => {
    for (const error of task.result?.errors ?? []) {
      error.message = capLines(error.message);
      error.diff = capLines(error.diff);
      error.actual = cap(error.actual);
      error.expected = cap(error.expected);
      error.stack = capLines(error.stack);
      if (typeof error.stackStr === "string") error.stackStr = capLines(error.stackStr);
    }
  });
});
