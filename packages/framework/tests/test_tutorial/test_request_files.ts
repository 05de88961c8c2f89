// Ports FastAPI's tests/test_tutorial/test_request_files (tutorial001, tutorial002) and
// test_request_forms_and_files (tutorial001): File() as bytes, UploadFile, lists of both, files beside Form()
// fields. Bytes and OpenAPI documents (key order included) as FastAPI 0.142.2's.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App, File, Upload } from "../../src/index.js";
import { FASTAPI13, OPENAPI13 } from "./fastapi_reference_13.js";

function same(response: { status: number; rawHeaders: [string, string][]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(FASTAPI13[name]);
}

function sameOpenAPI(app: App, name: string): void {
  expect(JSON.stringify(app.openapi())).toBe(JSON.stringify(JSON.parse(OPENAPI13[name] as string)));
}

function app001(): App {
  const app = new App();
  app.post("/files/", { form: { file: File() } }, function create_file({ form }) {
    return { file_size: form.file.length };
  });
  app.post("/uploadfile/", { form: { file: Upload() } }, function create_upload_file({ form }) {
    return { filename: form.file.filename };
  });
  return app;
}

function app002(): App {
  const app = new App();
  app.post("/files/", { form: { files: z.array(File()) } }, function create_files({ form }) {
    return { file_sizes: form.files.map((file) => file.length) };
  });
  app.post("/uploadfiles/", { form: { files: z.array(Upload()) } }, function create_upload_files({ form }) {
    return { filenames: form.files.map((file) => file.filename) };
  });
  return app;
}

function appFormsAndFiles(): App {
  const app = new App();
  app.post("/files/", { form: { file: File(), fileb: Upload(), token: z.string() } }, function create_file({ form }) {
    return { file_size: form.file.length, token: form.token, fileb_content_type: form.fileb.contentType };
  });
  return app;
}

test("test_post_form_no_body", async () => {
  const client = new TestClient(app001().asgi);
  same(await client.post("/files/"), "files_no_body");
  same(await client.post("/uploadfile/"), "files_upload_no_body");
});

test("test_post_text_field_where_a_file_is_expected", async () => {
  const client = new TestClient(app001().asgi);
  same(await client.post("/files/", { data: { file: "text" } }), "files_text_field");
  same(await client.post("/uploadfile/", { data: { file: "text" } }), "files_upload_text_field");
});

test("test_post_file", async () => {
  same(await new TestClient(app001().asgi).post("/files/", { files: { file: ["main.py", "<file content>"] } }), "files_file");
});

test("test_post_upload_file", async () => {
  same(await new TestClient(app001().asgi).post("/uploadfile/", { files: { file: ["main.py", "<file content>"] } }), "files_upload_file");
});

test("test_openapi_schema", () => {
  sameOpenAPI(app001(), "files");
});

const TWO = [
  ["files", ["test.txt", "<file content>"]],
  ["files", ["test2.txt", "<file content2>"]],
] as const;

test("test_post_files", async () => {
  const client = new TestClient(app002().asgi);
  same(await client.post("/files/"), "files2_no_body");
  same(await client.post("/files/", { files: TWO }), "files2_files");
});

test("test_post_upload_files", async () => {
  const client = new TestClient(app002().asgi);
  same(await client.post("/uploadfiles/"), "files2_upload_no_body");
  same(await client.post("/uploadfiles/", { files: TWO }), "files2_upload_files");
});

test("test_openapi_schema_lists", () => {
  // The HTML form route of tutorial002 is left out: it is not what this compares.
  const doc = JSON.parse(OPENAPI13["files2"] as string) as { paths: Record<string, unknown> };
  delete doc.paths["/"];
  expect(JSON.stringify(app002().openapi())).toBe(JSON.stringify(doc));
});

test("test_forms_and_files_no_body", async () => {
  const client = new TestClient(appFormsAndFiles().asgi);
  same(await client.post("/files/"), "ff_no_body");
  same(await client.post("/files/", { data: { token: "foo" } }), "ff_token_only");
  same(await client.post("/files/", { data: { token: "foo" }, files: { fileb: ["f.bin", "x"] } }), "ff_no_file");
});

test("test_forms_and_files_all", async () => {
  const client = new TestClient(appFormsAndFiles().asgi);
  const files = { file: ["a.txt", "<file content>"], fileb: ["b.txt", "<file b content>", "text/csv"] } as const;
  same(await client.post("/files/", { data: { token: "foo" }, files }), "ff_all");
});

test("test_forms_and_files_openapi_schema", () => {
  sameOpenAPI(appFormsAndFiles(), "ff");
});
