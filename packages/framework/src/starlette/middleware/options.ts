/** @module The options check shared by the ported middleware (Starlette's keyword arguments, camelCased, checked with zod at construction). */
import type { z } from "zod";

/**
 * `options` parsed with `schema`; on failure a TypeError naming the middleware, each bad option and what was
 * expected (an unknown option is named too, as Python refuses an unknown keyword argument).
 */
export function parseMiddlewareOptions<S extends z.ZodType>(middleware: string, schema: S, options: unknown): z.output<S> {
  const result = schema.safeParse(options ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.length > 0 ? issue.path.map(String).join(".") : "options";
    if (issue.code === "unrecognized_keys") return `unknown option(s) ${issue.keys.join(", ")}`;
    return `${name}: ${issue.message}`;
  });
  return fail(middleware, problems);
}

function fail(middleware: string, problems: string[]): never {
  throw new TypeError(`${middleware}: invalid options: ${problems.join("; ")}`);
}
