// zod issues as FastAPI's 422 errors: compared with what FastAPI 0.142.2 answers (tests/validation_reference.py).
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App } from "../src/index.js";
import { coerce, translateIssues } from "../src/fastapi/validation.js";

const FASTAPI: Record<string, string> = {
 "q1": "{\"detail\":[{\"type\":\"greater_than_equal\",\"loc\":[\"query\",\"n\"],\"msg\":\"Input should be greater than or equal to 1\",\"input\":\"0\",\"ctx\":{\"ge\":1}},{\"type\":\"greater_than\",\"loc\":[\"query\",\"g\"],\"msg\":\"Input should be greater than 0\",\"input\":\"0\",\"ctx\":{\"gt\":0.0}},{\"type\":\"string_too_short\",\"loc\":[\"query\",\"s\"],\"msg\":\"String should have at least 3 characters\",\"input\":\"ab\",\"ctx\":{\"min_length\":3}},{\"type\":\"enum\",\"loc\":[\"query\",\"m\"],\"msg\":\"Input should be 'alexnet' or 'resnet'\",\"input\":\"zz\",\"ctx\":{\"expected\":\"'alexnet' or 'resnet'\"}},{\"type\":\"literal_error\",\"loc\":[\"query\",\"lit\"],\"msg\":\"Input should be 'a' or 'b'\",\"input\":\"c\",\"ctx\":{\"expected\":\"'a' or 'b'\"}},{\"type\":\"float_parsing\",\"loc\":[\"query\",\"f\"],\"msg\":\"Input should be a valid number, unable to parse string as a number\",\"input\":\"x\"},{\"type\":\"multiple_of\",\"loc\":[\"query\",\"mo\"],\"msg\":\"Input should be a multiple of 3\",\"input\":\"4\",\"ctx\":{\"multiple_of\":3}}]}",
 "q2": "{\"detail\":[{\"type\":\"bool_parsing\",\"loc\":[\"query\",\"flag\"],\"msg\":\"Input should be a valid boolean, unable to interpret input\",\"input\":\"maybe\"},{\"type\":\"less_than_equal\",\"loc\":[\"query\",\"n\"],\"msg\":\"Input should be less than or equal to 5\",\"input\":\"9\",\"ctx\":{\"le\":5}},{\"type\":\"less_than\",\"loc\":[\"query\",\"g\"],\"msg\":\"Input should be less than 10\",\"input\":\"10\",\"ctx\":{\"lt\":10.0}},{\"type\":\"string_too_long\",\"loc\":[\"query\",\"s\"],\"msg\":\"String should have at most 5 characters\",\"input\":\"abcdefg\",\"ctx\":{\"max_length\":5}}]}",
 "q3": "{\"detail\":[{\"type\":\"string_pattern_mismatch\",\"loc\":[\"query\",\"s\"],\"msg\":\"String should match pattern '^x+$'\",\"input\":\"xxxa\",\"ctx\":{\"pattern\":\"^x+$\"}}]}",
 "q4": "{\"detail\":[{\"type\":\"bool_parsing\",\"loc\":[\"query\",\"flag\"],\"msg\":\"Input should be a valid boolean, unable to interpret input\",\"input\":\"2\"},{\"type\":\"int_parsing\",\"loc\":[\"query\",\"n\"],\"msg\":\"Input should be a valid integer, unable to parse string as an integer\",\"input\":\"1.5\"}]}",
 "b1": "{\"detail\":[{\"type\":\"int_from_float\",\"loc\":[\"body\",\"x\"],\"msg\":\"Input should be a valid integer, got a number with a fractional part\",\"input\":1.5},{\"type\":\"too_short\",\"loc\":[\"body\",\"y\"],\"msg\":\"List should have at least 1 item after validation, not 0\",\"input\":[],\"ctx\":{\"field_type\":\"List\",\"min_length\":1,\"actual_length\":0}},{\"type\":\"string_type\",\"loc\":[\"body\",\"inner\",\"k\"],\"msg\":\"Input should be a valid string\",\"input\":1}]}",
 "b2": "{\"detail\":[{\"type\":\"too_long\",\"loc\":[\"body\",\"y\"],\"msg\":\"List should have at most 2 items after validation, not 3\",\"input\":[\"a\",2,3],\"ctx\":{\"field_type\":\"List\",\"max_length\":2,\"actual_length\":3}},{\"type\":\"model_attributes_type\",\"loc\":[\"body\",\"inner\"],\"msg\":\"Input should be a valid dictionary or object to extract fields from\",\"input\":\"no\"}]}",
 "b3": "{\"x\":1,\"y\":[1],\"inner\":{\"k\":\"v\"},\"ok\":false}",
 "b4": "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"x\"],\"msg\":\"Field required\",\"input\":{\"y\":[1],\"inner\":{}}},{\"type\":\"missing\",\"loc\":[\"body\",\"inner\",\"k\"],\"msg\":\"Field required\",\"input\":{}}]}",
 "b5": "{\"detail\":[{\"type\":\"int_type\",\"loc\":[\"body\",\"x\"],\"msg\":\"Input should be a valid integer\",\"input\":null},{\"type\":\"list_type\",\"loc\":[\"body\",\"y\"],\"msg\":\"Input should be a valid list\",\"input\":null},{\"type\":\"model_attributes_type\",\"loc\":[\"body\",\"inner\"],\"msg\":\"Input should be a valid dictionary or object to extract fields from\",\"input\":null}]}"
};

function makeApp(): App {
  const app = new App();
  app.get(
    "/q",
    {
      query: z.object({
        flag: z.boolean().default(false),
        n: z.int().min(1).max(5).default(1),
        g: z.number().gt(0).lt(10).default(1),
        s: z.string().min(3).max(5).regex(/^x+$/).default("xxx"),
        m: z.enum(["alexnet", "resnet"]).default("alexnet"),
        lit: z.literal(["a", "b"]).default("a"),
        f: z.number().default(1),
        mo: z.int().multipleOf(3).default(3),
      }),
    },
    ({ query }) => query,
  );
  const Inner = z.object({ k: z.string() });
  app.post(
    "/b",
    { body: z.object({ x: z.int(), y: z.array(z.int()).min(1).max(2), inner: Inner, ok: z.boolean().default(true) }) },
    ({ body }) => body,
  );
  return app;
}

const QUERIES: Record<string, Record<string, string>> = {
  q1: { flag: "yes", n: "0", g: "0", s: "ab", m: "zz", lit: "c", f: "x", mo: "4" },
  q2: { flag: "maybe", n: "9", g: "10", s: "abcdefg", f: "1e3" },
  q3: { s: "xxxa", n: "1.0", flag: "OFF", f: " 2.5 " },
  q4: { n: "1.5", flag: "2" },
};

const BODIES: Record<string, unknown> = {
  b1: { x: 1.5, y: [], inner: { k: 1 } },
  b2: { x: "1", y: ["a", 2, 3], inner: "no" },
  b3: { x: true, y: [1], inner: { k: "v" }, ok: "no" },
  b4: { y: [1], inner: {} },
  b5: { x: null, y: null, inner: null },
};

test("test_query_errors_match_fastapi", async () => {
  const client = new TestClient(makeApp().asgi);
  for (const [name, params] of Object.entries(QUERIES)) {
    const response = await client.get("/q", { params });
    expect(response.status, name).toBe(422);
    // Same data; q1 and q2 differ in bytes only where pydantic writes a float constraint as 0.0 / 10.0.
    expect(response.json(), name).toEqual(JSON.parse(FASTAPI[name] as string));
    if (name === "q3" || name === "q4") expect(response.text, name).toBe(FASTAPI[name]);
  }
});

test("test_body_errors_match_fastapi", async () => {
  const client = new TestClient(makeApp().asgi);
  for (const [name, json] of Object.entries(BODIES)) {
    const response = await client.post("/b", { json });
    expect(response.text, name).toBe(FASTAPI[name]);
  }
});

test("test_lax_coercion", () => {
  const schema = z.object({ i: z.int(), f: z.number(), b: z.boolean(), l: z.array(z.int()), e: z.literal([1, 2]) });
  expect(coerce(schema, { i: "1.0", f: "1e3", b: "On", l: ["1", "x"], e: "2" })).toEqual({ i: 1, f: 1000, b: true, l: [1, "x"], e: 2 });
  expect(coerce(schema, { i: "1.5", f: "abc", b: "2" })).toEqual({ i: "1.5", f: "abc", b: "2" });
});

test("test_translate_other_issues", () => {
  const schema = z.object({ e: z.email(), u: z.uuid(), c: z.string().refine(() => false, "no good"), strict: z.object({}).strict() });
  const data = { e: "nope", u: "nope", c: "x", strict: { extra: 1 } };
  const result = schema.safeParse(data, { reportInput: true });
  expect(result.success).toBe(false);
  const errors = translateIssues(result.error?.issues ?? [], schema, { loc: ["body"], data, separateFields: false });
  expect(errors.map((e) => [e.type, e.loc])).toEqual([
    ["value_error", ["body", "e"]],
    ["uuid_parsing", ["body", "u"]],
    ["value_error", ["body", "c"]],
    ["extra_forbidden", ["body", "strict", "extra"]],
  ]);
  expect(errors[2]).toEqual({ type: "value_error", loc: ["body", "c"], msg: "Value error, no good", input: "x", ctx: { error: {} } });
  expect(errors[3]).toEqual({ type: "extra_forbidden", loc: ["body", "strict", "extra"], msg: "Extra inputs are not permitted", input: 1 });
});
