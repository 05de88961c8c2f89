// Ports FastAPI's tests/test_response_model_invalid.py: a response model that is not a schema (here: not a zod
// schema) is refused when the route is added, in `response` and in `responses`, alone or as a list's items.
import { expect, test } from "vitest";
import { z } from "zod";
import { App, FastAPIError } from "../src/index.js";

class NonPydanticModel {}
const notASchema = NonPydanticModel as unknown as z.ZodType;

test("test_invalid_response_model_raises", () => {
  const app = new App();
  expect(() => app.get("/", { response: notASchema }, function read_root() {})).toThrow(FastAPIError);
});

test("test_invalid_response_model_sub_type_raises", () => {
  const app = new App();
  expect(() => app.get("/", { response: z.array(notASchema) }, function read_root() {
    return [];
  })).toThrow(FastAPIError);
});

test("test_invalid_response_model_in_responses_raises", () => {
  const app = new App();
  expect(() => app.get("/", { responses: { 500: { model: notASchema } } }, function read_root() {})).toThrow(FastAPIError);
});

test("test_invalid_response_model_sub_type_in_responses_raises", () => {
  const app = new App();
  expect(() => app.get("/", { responses: { 500: { model: z.array(notASchema) } } }, function read_root() {})).toThrow(
    /GET \/: responses\[500\]\.model: /,
  );
});
