// Starlette's tests/test_formparsers.py: the variants run inside an application, where a form past its limits or
// malformed answers 400 with the MultiPartException's message (the bare-app variants are in @mono/asgi's tests).
import { JSONResponse, Request, UploadFile, decodeUTF8, type ASGIApp, TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { Mount, Starlette } from "../src/index.js";

function makeApp(options: { maxFiles?: number; maxFields?: number; maxPartSize?: number } = {}): ASGIApp {
  return async (scope, receive, send) => {
    const request = new Request(scope, receive);
    const data = await request.form(options);
    const output: Record<string, unknown> = {};
    for (const [key, value] of data.items()) {
      output[key] = value instanceof UploadFile ? decodeUTF8(await value.read()) : value;
    }
    await request.close();
    await new JSONResponse(output).asgi(scope, receive, send);
  };
}

const BOUNDARY = "a7f7ac8d4e2e437c877bb7b8d7cc549c";
const bytes = (s: string): Uint8Array => Buffer.from(s, "latin1");

/** The bodies of the tests whose application variant (`Starlette(routes=[Mount("/", app=app)])`) answers 400. */
const BAD_BODIES = {
  test_urlencoded_too_many_fields_raise: {
    options: {},
    content: Array.from({ length: 1001 }, (_, i) => `N${i}=`).join("&"),
    contentType: "application/x-www-form-urlencoded",
    message: "Too many fields. Maximum number of fields is 1000.",
  },
  test_urlencoded_field_exceeds_max_part_size_raise: {
    options: {},
    content: "field=" + "x".repeat(1024 * 1024 + 1),
    contentType: "application/x-www-form-urlencoded",
    message: "Field exceeded maximum size of 1024KB.",
  },
  test_urlencoded_field_name_exceeds_max_part_size_raise: {
    options: {},
    content: "x".repeat(1024 * 1024 + 1) + "=value",
    contentType: "application/x-www-form-urlencoded",
    message: "Field exceeded maximum size of 1024KB.",
  },
  test_urlencoded_max_fields_is_customizable: {
    options: { maxFields: 1 },
    content: "a=1&b=2",
    contentType: "application/x-www-form-urlencoded",
    message: "Too many fields. Maximum number of fields is 1.",
  },
  test_urlencoded_max_part_size_is_customizable: {
    options: { maxPartSize: 1024 * 10 },
    content: "field=" + "x".repeat(1024 * 10 + 1),
    contentType: "application/x-www-form-urlencoded",
    message: "Field exceeded maximum size of 10KB.",
  },
  test_missing_boundary_parameter: {
    options: {},
    content: `Content-Disposition: form-data; name="file"; filename="\xe6\x96\x87\xe6\x9b\xb8.txt"\r\nContent-Type: text/plain\r\n\r\n<file content>\r\n`,
    contentType: "multipart/form-data; charset=utf-8",
    message: "Missing boundary in multipart.",
  },
  test_missing_name_parameter_on_content_disposition: {
    options: {},
    content: `--${BOUNDARY}\r\nContent-Disposition: form-data; ="field0"\r\n\r\nvalue0\r\n`,
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    message: 'The Content-Disposition header field "name" must be provided.',
  },
  test_too_many_fields_raise: {
    options: {},
    content: Array.from({ length: 1001 }, (_, i) => `--B\r\nContent-Disposition: form-data; name="N${i}";\r\n\r\n\r\n`).join(""),
    contentType: "multipart/form-data; boundary=B",
    message: "Too many fields. Maximum number of fields is 1000.",
  },
  test_too_many_files_raise: {
    options: {},
    content: Array.from(
      { length: 1001 },
      (_, i) => `--B\r\nContent-Disposition: form-data; name="N${i}"; filename="F${i}";\r\n\r\n\r\n`,
    ).join(""),
    contentType: "multipart/form-data; boundary=B",
    message: "Too many files. Maximum number of files is 1000.",
  },
  test_too_many_files_single_field_raise: {
    options: {},
    content: Array.from(
      { length: 1001 },
      (_, i) => `--B\r\nContent-Disposition: form-data; name="N"; filename="F${i}";\r\n\r\n\r\n`,
    ).join(""),
    contentType: "multipart/form-data; boundary=B",
    message: "Too many files. Maximum number of files is 1000.",
  },
  test_too_many_files_and_fields_raise: {
    options: {},
    content: Array.from(
      { length: 1001 },
      (_, i) =>
        `--B\r\nContent-Disposition: form-data; name="F${i}"; filename="F${i}";\r\n\r\n\r\n` +
        `--B\r\nContent-Disposition: form-data; name="N${i}";\r\n\r\n\r\n`,
    ).join(""),
    contentType: "multipart/form-data; boundary=B",
    message: "Too many files. Maximum number of files is 1000.",
  },
  test_max_fields_is_customizable_low_raises: {
    options: { maxFields: 1 },
    content: Array.from({ length: 2 }, (_, i) => `--B\r\nContent-Disposition: form-data; name="N${i}";\r\n\r\n\r\n`).join(""),
    contentType: "multipart/form-data; boundary=B",
    message: "Too many fields. Maximum number of fields is 1.",
  },
  test_max_files_is_customizable_low_raises: {
    options: { maxFiles: 1 },
    content: Array.from(
      { length: 2 },
      (_, i) => `--B\r\nContent-Disposition: form-data; name="F${i}"; filename="F${i}";\r\n\r\n\r\n`,
    ).join(""),
    contentType: "multipart/form-data; boundary=B",
    message: "Too many files. Maximum number of files is 1.",
  },
  test_max_part_size_exceeds_limit: {
    options: {},
    content: partSizeBody(1024 * 1024 + 1),
    contentType: `multipart/form-data; boundary=${PART_BOUNDARY()}`,
    message: "Part exceeded maximum size of 1024KB.",
  },
  test_max_part_size_exceeds_custom_limit: {
    options: { maxPartSize: 1024 * 10 },
    content: partSizeBody(1024 * 10 + 1),
    contentType: `multipart/form-data; boundary=${PART_BOUNDARY()}`,
    message: "Part exceeded maximum size of 10KB.",
  },
} as const;

function PART_BOUNDARY(): string {
  return "------------------------4K1ON9fZkj9uCUmqLHRbbR";
}

function partSizeBody(size: number): string {
  const boundary = PART_BOUNDARY();
  return (
    `--${boundary}\r\nContent-Disposition: form-data; name="small"\r\n\r\nsmall content\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="large"\r\n\r\n${"x".repeat(size)}\r\n--${boundary}--\r\n`
  );
}

for (const [name, bad] of Object.entries(BAD_BODIES)) {
  test(name, async () => {
    const app = new Starlette({ routes: [new Mount("/", { app: makeApp(bad.options) })] });
    const client = new TestClient(app.asgi);
    const res = await client.post("/", { content: bytes(bad.content), headers: { "Content-Type": bad.contentType } });
    expect(res.status).toBe(400);
    expect(res.text).toBe(bad.message);
  });
}

test("a truncated multipart body answers 200 with the parts that were complete, as Starlette", async () => {
  const app = new Starlette({ routes: [new Mount("/", { app: makeApp() })] });
  const client = new TestClient(app.asgi);
  const res = await client.post("/", {
    content: bytes(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nno end`),
    headers: { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` },
  });
  expect(res.status).toBe(200);
  expect(res.json()).toEqual({});
});
