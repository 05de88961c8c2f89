// Starlette's tests/test_formparsers.py, test for test; the variants that run inside an application (400 answers)
// are in packages/framework/tests/test_formparsers.ts.
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import { decodeUTF8 } from "../src/bytes.js";
import { FormData, Headers, UploadFile } from "../src/datastructures.js";
import { BoundarySearch, FormParser, MultiPartException, MultiPartParser, parseOptionsHeader } from "../src/formparsers.js";
import { encodeMultipart } from "../src/multipart.js";
import { Request } from "../src/requests.js";
import { JSONResponse } from "../src/responses.js";
import { SpooledTemporaryFile } from "../src/tempfile.js";
import { TestClient } from "../src/testclient.js";
import type { ASGIApp } from "../src/types.js";

async function describe(value: string | UploadFile, withHeaders = false): Promise<unknown> {
  if (!(value instanceof UploadFile)) return value;
  const content = decodeUTF8(await value.read());
  const out: Record<string, unknown> = {
    filename: value.filename,
    size: value.size,
    content,
    content_type: value.contentType,
  };
  if (withHeaders) out["headers"] = value.headers.items();
  return out;
}

function makeApp(options: { maxFiles?: number; maxFields?: number; maxPartSize?: number } = {}, withHeaders = false): ASGIApp {
  return async (scope, receive, send) => {
    const request = new Request(scope, receive);
    const data = await request.form(options);
    const output: Record<string, unknown> = {};
    for (const [key, value] of data.items()) output[key] = await describe(value, withHeaders);
    await request.close();
    await new JSONResponse(output).asgi(scope, receive, send);
  };
}

const app = makeApp();
const appWithHeaders = makeApp({}, true);

const multiItemsApp: ASGIApp = async (scope, receive, send) => {
  const request = new Request(scope, receive);
  const data = await request.form();
  const output: Record<string, unknown[]> = {};
  for (const [key, value] of data.multiItems()) (output[key] ??= []).push(await describe(value));
  await request.close();
  await new JSONResponse(output).asgi(scope, receive, send);
};

const appReadBody: ASGIApp = async (scope, receive, send) => {
  const request = new Request(scope, receive);
  await request.body();
  const data = await request.form();
  await request.close();
  await new JSONResponse(Object.fromEntries(data.items())).asgi(scope, receive, send);
};

const BOUNDARY = "a7f7ac8d4e2e437c877bb7b8d7cc549c";
const bytes = (s: string): Uint8Array => Buffer.from(s, "latin1");
const multipartHeaders = (boundary = BOUNDARY): Record<string, string> => ({
  "Content-Type": `multipart/form-data; boundary=${boundary}`,
});

test("test_multipart_request_data", async () => {
  const client = new TestClient(app);
  // httpx's FORCE_MULTIPART: data fields in a multipart body with no file.
  const { contentType, body } = encodeMultipart({ some: "data" }, {});
  const response = await client.post("/", { content: body, headers: { "Content-Type": contentType } });
  expect(response.json()).toEqual({ some: "data" });
});

test("test_multipart_request_files", async () => {
  const client = new TestClient(app);
  const response = await client.post("/", { files: { test: ["test.txt", "<file content>"] } });
  expect(response.json()).toEqual({
    test: { filename: "test.txt", size: 14, content: "<file content>", content_type: "text/plain" },
  });
});

test("test_multipart_request_files_with_content_type", async () => {
  const client = new TestClient(app);
  const response = await client.post("/", { files: { test: ["test.txt", "<file content>", "text/plain"] } });
  expect(response.json()).toEqual({
    test: { filename: "test.txt", size: 14, content: "<file content>", content_type: "text/plain" },
  });
});

test("test_multipart_request_multiple_files", async () => {
  const client = new TestClient(app);
  const response = await client.post("/", {
    files: { test1: ["test1.txt", "<file1 content>"], test2: ["test2.txt", "<file2 content>", "text/plain"] },
  });
  expect(response.json()).toEqual({
    test1: { filename: "test1.txt", size: 15, content: "<file1 content>", content_type: "text/plain" },
    test2: { filename: "test2.txt", size: 15, content: "<file2 content>", content_type: "text/plain" },
  });
});

test("test_multipart_request_multiple_files_with_headers", async () => {
  const client = new TestClient(appWithHeaders);
  const response = await client.post("/", {
    files: [
      ["test1", [null, "<file1 content>"]],
      ["test2", ["test2.txt", "<file2 content>", "text/plain", { "x-custom": "f2" }]],
    ],
  });
  expect(response.json()).toEqual({
    test1: "<file1 content>",
    test2: {
      filename: "test2.txt",
      size: 15,
      content: "<file2 content>",
      content_type: "text/plain",
      headers: [
        ["content-disposition", 'form-data; name="test2"; filename="test2.txt"'],
        ["x-custom", "f2"],
        ["content-type", "text/plain"],
      ],
    },
  });
});

test("test_multi_items", async () => {
  const client = new TestClient(multiItemsApp);
  const response = await client.post("/", {
    data: { test1: "abc" },
    files: [
      ["test1", ["test1.txt", "<file1 content>"]],
      ["test1", ["test2.txt", "<file2 content>", "text/plain"]],
    ],
  });
  expect(response.json()).toEqual({
    test1: [
      "abc",
      { filename: "test1.txt", size: 15, content: "<file1 content>", content_type: "text/plain" },
      { filename: "test2.txt", size: 15, content: "<file2 content>", content_type: "text/plain" },
    ],
  });
});

test("test_multipart_request_mixed_files_and_data", async () => {
  const client = new TestClient(app);
  const response = await client.post("/", {
    content: bytes(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="field0"\r\n\r\nvalue0\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="file.txt"\r\nContent-Type: text/plain\r\n\r\n<file content>\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="field1"\r\n\r\nvalue1\r\n--${BOUNDARY}--\r\n`,
    ),
    headers: multipartHeaders(),
  });
  expect(response.json()).toEqual({
    file: { filename: "file.txt", size: 14, content: "<file content>", content_type: "text/plain" },
    field0: "value0",
    field1: "value1",
  });
});

test("test_multipart_request_large_file_rollover_in_background_thread", async () => {
  // Node has no threadpool to check; what stays true is that a file past spoolMaxSize is moved to disk.
  let rolled: boolean | undefined;
  const rolloverApp: ASGIApp = async (scope, receive, send) => {
    const request = new Request(scope, receive);
    const form = await request.form();
    const file = form.get("test_large") as UploadFile;
    rolled = (file.file as SpooledTemporaryFile).rolled;
    const size = (await file.read()).length;
    await request.close();
    await new JSONResponse({ size }).asgi(scope, receive, send);
  };
  const client = new TestClient(rolloverApp);
  const response = await client.post("/", {
    files: [["test_large", new Uint8Array(MultiPartParser.spoolMaxSize + 1).fill(32)]],
  });
  expect(response.status).toBe(200);
  expect(response.json()).toEqual({ size: MultiPartParser.spoolMaxSize + 1 });
  expect(rolled).toBe(true);
});

test("test_multipart_request_with_charset_for_filename", async () => {
  const client = new TestClient(app);
  const response = await client.post("/", {
    content: bytes(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="\xe6\x96\x87\xe6\x9b\xb8.txt"\r\n` +
        `Content-Type: text/plain\r\n\r\n<file content>\r\n--${BOUNDARY}--\r\n`,
    ),
    headers: { "Content-Type": `multipart/form-data; charset=utf-8; boundary=${BOUNDARY}` },
  });
  expect(response.json()).toEqual({
    file: { filename: "文書.txt", size: 14, content: "<file content>", content_type: "text/plain" },
  });
});

test("test_multipart_request_without_charset_for_filename", async () => {
  const client = new TestClient(app);
  const response = await client.post("/", {
    content: bytes(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="\xe7\x94\xbb\xe5\x83\x8f.jpg"\r\n` +
        `Content-Type: image/jpeg\r\n\r\n<file content>\r\n--${BOUNDARY}--\r\n`,
    ),
    headers: multipartHeaders(),
  });
  expect(response.json()).toEqual({
    file: { filename: "画像.jpg", size: 14, content: "<file content>", content_type: "image/jpeg" },
  });
});

test("test_multipart_request_with_encoded_value", async () => {
  const boundary = "20b303e711c4ab8c443184ac833ab00f";
  const client = new TestClient(app);
  const response = await client.post("/", {
    content: bytes(
      `--${boundary}\r\nContent-Disposition: form-data; name="value"\r\n\r\nTransf\xc3\xa9rer\r\n--${boundary}--\r\n`,
    ),
    headers: { "Content-Type": `multipart/form-data; charset=utf-8; boundary=${boundary}` },
  });
  expect(response.json()).toEqual({ value: "Transférer" });
});

test("test_urlencoded_request_data", async () => {
  const response = await new TestClient(app).post("/", { data: { some: "data" } });
  expect(response.json()).toEqual({ some: "data" });
});

test("test_no_request_data", async () => {
  const response = await new TestClient(app).post("/");
  expect(response.json()).toEqual({});
});

test("test_urlencoded_percent_encoding", async () => {
  const response = await new TestClient(app).post("/", { data: { some: "da ta" } });
  expect(response.json()).toEqual({ some: "da ta" });
});

test("test_urlencoded_percent_encoding_keys", async () => {
  const response = await new TestClient(app).post("/", { data: { "so me": "data" } });
  expect(response.json()).toEqual({ "so me": "data" });
});

test("test_urlencoded_multi_field_app_reads_body", async () => {
  const response = await new TestClient(appReadBody).post("/", { data: { some: "data", second: "key pair" } });
  expect(response.json()).toEqual({ some: "data", second: "key pair" });
});

test("test_multipart_multi_field_app_reads_body", async () => {
  const { contentType, body } = encodeMultipart({ some: "data", second: "key pair" }, {});
  const response = await new TestClient(appReadBody).post("/", { content: body, headers: { "Content-Type": contentType } });
  expect(response.json()).toEqual({ some: "data", second: "key pair" });
});

/** The bodies of the tests that answer 400 inside an application; outside one, request.form() throws. */
export const BAD_BODIES = {
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
    const client = new TestClient(makeApp(bad.options));
    await expect(
      client.post("/", { content: bytes(bad.content), headers: { "Content-Type": bad.contentType } }),
    ).rejects.toThrow(new MultiPartException(bad.message));
  });
}

test("test_urlencoded_limits_stop_parsing_within_a_single_chunk", async () => {
  const headers = new Headers({ headers: { "content-type": "application/x-www-form-urlencoded" } });
  async function* singleChunk(body: string): AsyncGenerator<Uint8Array> {
    yield bytes(body);
  }
  const tooMany = Array.from({ length: 100_000 }, (_, i) => `f${i}=`).join("&");
  await expect(new FormParser(headers, singleChunk(tooMany), { maxFields: 10 }).parse()).rejects.toThrow(
    /Too many fields/,
  );
  const tooBig = "field=" + "x".repeat(1024 * 1024 * 50);
  await expect(new FormParser(headers, singleChunk(tooBig), { maxPartSize: 1024 }).parse()).rejects.toThrow(
    /Field exceeded maximum size/,
  );
});

test("test_max_fields_is_customizable_high", async () => {
  const client = new TestClient(makeApp({ maxFields: 2000, maxFiles: 2000 }));
  let body = "";
  for (let i = 0; i < 2000; i++) {
    body += `--B\r\nContent-Disposition: form-data; name="N${i}";\r\n\r\n\r\n`;
    body += `--B\r\nContent-Disposition: form-data; name="F${i}"; filename="F${i}";\r\n\r\n\r\n`;
  }
  body += "--B--\r\n";
  const res = await client.post("/", { content: bytes(body), headers: { "Content-Type": "multipart/form-data; boundary=B" } });
  expect(res.status).toBe(200);
  const data = res.json() as Record<string, unknown>;
  expect(data["N1999"]).toBe("");
  expect(data["F1999"]).toEqual({ filename: "F1999", size: 0, content: "", content_type: null });
});

test("test_user_safe_decode_helper", async () => {
  // _user_safe_decode is private; its effect shows in a field's value decoded with the body's charset.
  const form = await parseMultipart(`--B\r\nContent-Disposition: form-data; name="a"\r\n\r\n\xc4\x99\xc5\xbc\xc4\x87\r\n--B--\r\n`, "utf-8");
  expect(form.get("a")).toBe("ężć");
});

test("test_user_safe_decode_ignores_wrong_charset", async () => {
  const form = await parseMultipart(`--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nabc\r\n--B--\r\n`, "latin-8");
  expect(form.get("a")).toBe("abc");
});

test("test_multipart_closes_tempfile_on_oserror", async () => {
  let closeCalled = false;
  // No module patching in ESM: a form whose second chunk fails to arrive stands in for a failing write.
  async function* failing(): AsyncGenerator<Uint8Array> {
    yield bytes(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="test.txt"\r\nContent-Type: text/plain\r\n\r\nfile content`);
    throw new Error("disk full");
  }
  const parser = new MultiPartParser(new Headers({ headers: multipartHeaders() }), failing());
  const original = UploadFile.prototype.close;
  UploadFile.prototype.close = async function (this: UploadFile) {
    closeCalled = true;
    await original.call(this);
  };
  try {
    await expect(parser.parse()).rejects.toThrow("disk full");
  } finally {
    UploadFile.prototype.close = original;
  }
  expect(closeCalled).toBe(true);
});

async function parseMultipart(body: string, charset: string, chunkSize = Infinity): Promise<FormData> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const data = bytes(body);
    for (let i = 0; i < data.length; i += Math.min(chunkSize, data.length)) {
      yield data.subarray(i, Math.min(data.length, i + chunkSize));
    }
  }
  const headers = new Headers({ headers: { "content-type": `multipart/form-data; charset=${charset}; boundary=B` } });
  return new MultiPartParser(headers, chunks()).parse();
}

// Beyond Starlette's tests: malformed input the issue names, each refused without a crash.

test("a body split anywhere parses the same", async () => {
  const body =
    `\r\n--B\r\nContent-Disposition: form-data; name="f"\r\n\r\nva\r\nl-B\r\n` +
    `--B\r\nContent-Disposition: form-data; name="u"; filename="a.bin"\r\n\r\n\r\n--\r\n--Bx\r\n--B--\r\nepilogue`;
  for (const size of [1, 2, 3, 5, 7, 64]) {
    const form = await parseMultipart(body, "utf-8", size);
    expect(form.get("f")).toBe("va\r\nl-B");
    const file = form.get("u") as UploadFile;
    expect(decodeUTF8(await file.read())).toBe("\r\n--\r\n--Bx");
    expect(file.contentType).toBeNull();
    await form.close();
  }
});

test("malformed multipart bodies are refused with Invalid multipart data.", async () => {
  const bad = [
    `preamble\r\n--B\r\nContent-Disposition: form-data; name="f"\r\n\r\nx\r\n--B--\r\n`,
    `--B\r\nContent-Disposition form-data\r\n\r\nx\r\n--B--\r\n`, // no colon
    `--B\r\nBad Header: x\r\n\r\nx\r\n--B--\r\n`,
    `--B\r\n${"X-A: 1\r\n".repeat(9)}Content-Disposition: form-data; name="f"\r\n\r\nx\r\n--B--\r\n`,
    `--B\r\nX-Long: ${"y".repeat(5000)}\r\n\r\nx\r\n--B--\r\n`,
    `--Bzz\r\n`,
  ];
  for (const body of bad) {
    for (const size of [1, 4, Infinity]) {
      await expect(parseMultipart(body, "utf-8", size)).rejects.toThrow(new MultiPartException("Invalid multipart data."));
    }
  }
});

test("a body cut before its closing boundary keeps the parts that were complete, as python-multipart", async () => {
  const cut = [
    [`--B\r\nContent-Disposition: form-data; name="f"\r\n\r\ntruncated`, []],
    [`--B\r\nContent-Disposition: form-data; name="f"\r\n`, []],
    [`--B\r\nContent-Disposition: form-data; name="f"\r\n\r\nv\r\n--B\r\n`, [["f", "v"]]],
    [`--B\r\nContent-Disposition: form-data; name="f"\r\n\r\nv\r\n--B\r\nContent-Disposition: form-data; name="g"\r\n\r\nw`, [["f", "v"]]],
    [`--B\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nno end`, []],
  ] as const;
  for (const [body, items] of cut) {
    for (const size of [1, 4, Infinity]) {
      const form = await parseMultipart(body, "utf-8", size);
      expect(form.multiItems()).toEqual(items);
    }
  }
});

test("an empty multipart body is an empty form", async () => {
  expect((await parseMultipart("", "utf-8")).multiItems()).toEqual([]);
});

test("parseOptionsHeader reads Content-Disposition as python-multipart does", () => {
  expect(parseOptionsHeader('form-data; name="a;b"; filename="C:\\dir\\f.txt"')).toEqual([
    "form-data",
    new Map([
      ["name", "a;b"],
      ["filename", "f.txt"],
    ]),
  ]);
  expect(parseOptionsHeader("Multipart/Form-Data")).toEqual(["multipart/form-data", new Map()]);
  expect(parseOptionsHeader("form-data; filename*=utf-8''x; NAME=\"q\\\"\"")).toEqual(["form-data", new Map([["name", 'q"']])]);
  expect(parseOptionsHeader(null)).toEqual(["", new Map()]);
});

test("a file past 1 MiB lives on disk and reads back whole", async () => {
  const dir = await mkdtemp(join(tmpdir(), "spool-"));
  const file = new SpooledTemporaryFile(1024);
  await file.write(new Uint8Array(1000).fill(1));
  expect(file.rolled).toBe(false);
  await file.write(new Uint8Array(100).fill(2));
  expect(file.rolled).toBe(true);
  await file.seek(998);
  expect(Array.from(await file.read(4))).toEqual([1, 1, 2, 2]);
  await file.seek(0);
  expect((await file.read()).length).toBe(1100);
  await file.close();
  await expect(file.read()).rejects.toThrow("I/O operation on closed file.");
  // The disk file was unlinked when made: nothing is left behind in any directory.
  expect(await readdir(dir)).toEqual([]);
});

const VALID_BODY =
  `--B\r\nContent-Disposition: form-data; name="f"\r\n\r\nvalue\r\n` +
  `--B\r\nContent-Disposition: form-data; name="u"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nfile\r\n--B--\r\n`;

test("any body, split anywhere, parses or fails with MultiPartException, never otherwise", async () => {
  const mutated = fc
    .tuple(fc.array(fc.tuple(fc.nat(VALID_BODY.length), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(VALID_BODY.length))
    .map(([edits, cut]) => {
      const bytes = Array.from(VALID_BODY, (ch) => ch.charCodeAt(0));
      for (const [at, value] of edits) bytes[Math.min(at, bytes.length - 1)] = value;
      return String.fromCharCode(...bytes.slice(0, cut === 0 ? bytes.length : cut));
    });
  await fc.assert(
    fc.asyncProperty(fc.oneof(mutated, fc.string({ maxLength: 120 })), fc.integer({ min: 1, max: 40 }), async (body, chunkSize) => {
      try {
        const form = await parseMultipart(body, "utf-8", chunkSize);
        await form.close();
      } catch (error) {
        expect(error).toBeInstanceOf(MultiPartException);
      }
    }),
    { numRuns: 300 },
  );
});

test("the valid body parses the same whatever the chunk size", async () => {
  for (let size = 1; size <= VALID_BODY.length; size += 7) {
    const form = await parseMultipart(VALID_BODY, "utf-8", size);
    expect(form.get("f")).toBe("value");
    const upload = form.get("u") as UploadFile;
    expect([upload.filename, upload.contentType, upload.size]).toEqual(["a.txt", "text/plain", 4]);
    expect(decodeUTF8(await upload.read())).toBe("file");
    await form.close();
  }
});

// The boundary search on its own: what it reports, chunk by chunk, against a plain indexOf over the whole input.

const MATCH = null;

/** Runs a BoundarySearch over the chunks: data runs merged (latin-1), MATCH for each match, and after each push
 * how many bytes it held back (pushed but not yet reported). */
function searchAll(needle: string, chunks: string[], end = true): { out: (string | null)[]; held: number[] } {
  const out: (string | null)[] = [];
  let reported = 0;
  const search = new BoundarySearch(
    Buffer.from(needle, "latin1"),
    (data) => {
      expect(data.length).toBeGreaterThan(0);
      const text = data.toString("latin1");
      reported += data.length;
      if (typeof out[out.length - 1] === "string") out[out.length - 1] += text;
      else out.push(text);
    },
    () => {
      reported += needle.length;
      out.push(MATCH);
    },
  );
  const held: number[] = [];
  let pushed = 0;
  for (const chunk of chunks) {
    search.push(Buffer.from(chunk, "latin1"));
    pushed += chunk.length;
    held.push(pushed - reported);
  }
  if (end) search.end();
  return { out, held };
}

/** The same split done naively on the whole input. */
function naiveSplit(needle: string, haystack: string): (string | null)[] {
  const out: (string | null)[] = [];
  let from = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, from)) {
    if (at > from) out.push(haystack.slice(from, at));
    out.push(MATCH);
    from = at + needle.length;
  }
  if (from < haystack.length) out.push(haystack.slice(from));
  return out;
}

/** The longest tail after the last match that is a proper prefix of the needle: what may be held back. */
function naiveHeld(needle: string, haystack: string): number {
  let from = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, from)) from = at + needle.length;
  for (let size = Math.min(needle.length - 1, haystack.length - from); size > 0; size--) {
    if (needle.startsWith(haystack.slice(haystack.length - size))) return size;
  }
  return 0;
}

test("BoundarySearch finds a needle split across any chunk border, in two or three chunks", () => {
  const needle = "\r\n--boundary";
  const input = `ab${needle}cd`;
  for (let i = 0; i <= input.length; i++) {
    expect(searchAll(needle, [input.slice(0, i), input.slice(i)]).out).toEqual(["ab", MATCH, "cd"]);
    for (let j = i; j <= input.length; j++) {
      expect(searchAll(needle, [input.slice(0, i), input.slice(i, j), input.slice(j)]).out).toEqual(["ab", MATCH, "cd"]);
    }
  }
  expect(searchAll(needle, [needle]).out).toEqual([MATCH]);
  expect(searchAll(needle, [needle + needle, needle]).out).toEqual([MATCH, MATCH, MATCH]);
});

test("BoundarySearch holds back a needle prefix at a chunk's end and reports it as data when no match follows", () => {
  const needle = "\r\n--boundary";
  const { out, held } = searchAll(needle, ["data\r\n--bou", "nce\r\n", "--boundary"]);
  expect(held).toEqual([7, 2, 0]);
  expect(out).toEqual(["data\r\n--bounce", MATCH]);
  // Before the next chunk, only what cannot begin the needle was reported.
  expect(searchAll(needle, ["data\r\n--bou"], false)).toEqual({ out: ["data"], held: [7] });
});

test("BoundarySearch finds a needle overlapping a partial one", () => {
  const input = "\r\n\r\n--B";
  for (let i = 0; i <= input.length; i++) {
    expect(searchAll("\r\n--B", [input.slice(0, i), input.slice(i)]).out).toEqual(["\r\n", MATCH]);
  }
  // A needle that overlaps itself, begun inside the held-back tail: the tail's first byte is data, not lost.
  expect(searchAll("aaab", ["xaaa", "ab"]).out).toEqual(["xa", MATCH]);
  expect(searchAll("abab", ["xaba", "bab"]).out).toEqual(["x", MATCH, "ab"]);
});

test("BoundarySearch reports the held-back tail as data at the end", () => {
  const { out, held } = searchAll("\r\n--BOUND", ["abc\r\n--B"]);
  expect(held).toEqual([5]);
  expect(out).toEqual(["abc\r\n--B"]);
  expect(searchAll("\r\n--BOUND", ["\r", "\n", "-"]).out).toEqual(["\r\n-"]);
  expect(searchAll("\r\n--BOUND", []).out).toEqual([]);
});

test("BoundarySearch splits random inputs in random chunks as indexOf does on the whole", () => {
  // Small alphabets, so that matches, partial matches and needles that overlap themselves are common.
  const text = (alphabet: readonly string[], max: number) =>
    fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: max }).map((units) => units.join(""));
  const needleAndChunks = fc.constantFrom(["a", "b"], ["a", "b", "\r", "\n", "-"]).chain((alphabet) =>
    fc.tuple(text(alphabet, 6), fc.array(text(alphabet, 12), { maxLength: 8 })),
  );
  fc.assert(
    fc.property(needleAndChunks, ([needle, chunks]) => {
      const haystack = chunks.join("");
      const { out, held } = searchAll(needle, chunks);
      expect(out).toEqual(naiveSplit(needle, haystack));
      let pushed = "";
      chunks.forEach((chunk, i) => {
        pushed += chunk;
        expect(held[i]).toBe(naiveHeld(needle, pushed));
      });
    }),
    { numRuns: 2000 },
  );
});

test("a boundary of 256 bytes is read and one of 257 refused, as python-multipart", async () => {
  for (const [length, ok] of [[256, true], [257, false]] as const) {
    const boundary = "b".repeat(length);
    const body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="f"\r\n\r\nv\r\n--${boundary}--\r\n`);
    const headers = new Headers({ headers: { "content-type": `multipart/form-data; boundary=${boundary}` } });
    const parsing = new MultiPartParser(headers, [body] as unknown as AsyncIterable<Uint8Array>).parse();
    if (ok) expect((await parsing).multiItems()).toEqual([["f", "v"]]);
    else await expect(parsing).rejects.toThrow(new MultiPartException("Invalid multipart data."));
  }
});

test("a file part's content type is httpx's guess: Python's mimetypes table, else application/octet-stream", () => {
  const { body } = encodeMultipart({}, { a: ["a.xml", "<a/>"], b: ["b.gz", "x"], c: ["c.webmanifest", "{}"], d: ["d", "x"] }, "B");
  const types = [...decodeUTF8(body).matchAll(/Content-Type: ([^\r]*)/g)].map((match) => match[1]);
  // Python 3.11's built-in mimetypes table (the one FileResponse uses, without /etc/mime.types): .xml is text/xml;
  // .gz is an encoding, not a type; .webmanifest is in the table.
  expect(types).toEqual(["text/xml", "application/octet-stream", "application/manifest+json", "application/octet-stream"]);
});
