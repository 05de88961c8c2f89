/** @module Mirrors fastapi/routing.py's use of `inspect.cleandoc` on an endpoint's docstring: the operation's
 * description written as an indented template literal, as a Python docstring is.
 */

/** Python's `str.expandtabs()`: tabs to the next multiple of 8 columns. */
function expandTabs(line: string): string {
  let out = "";
  for (const char of line) out += char === "\t" ? " ".repeat(8 - (out.length % 8)) : char;
  return out;
}

/**
 * Python's `inspect.cleandoc`, which FastAPI applies to a handler's docstring: the first line's leading whitespace
 * and the other lines' common indentation removed, blank lines at both ends dropped. For `description`:
 * `description: docstring(\`\n    Create an item...\n    \`)` gives the text FastAPI takes from the docstring.
 */
export function docstring(text: string): string {
  const lines = text.split("\n").map(expandTabs);
  let margin = Infinity;
  for (const line of lines.slice(1)) {
    const content = line.trimStart().length;
    if (content > 0) margin = Math.min(margin, line.length - content);
  }
  const cleaned = lines.map((line, i) => (i === 0 ? line.trimStart() : margin === Infinity ? line : line.slice(margin)));
  while (cleaned.length > 0 && cleaned[cleaned.length - 1] === "") cleaned.pop();
  while (cleaned.length > 0 && cleaned[0] === "") cleaned.shift();
  return cleaned.join("\n");
}
