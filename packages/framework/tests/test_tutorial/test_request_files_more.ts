// Ports FastAPI's tests/test_tutorial/test_request_files tutorial001_02 (optional files), tutorial001_03 (files with
// a description) and tutorial003 (lists of files with a description, and an HTML form). Bytes and OpenAPI documents
// as FastAPI 0.142.2's (reference/forms_files.py).
import { expect, test } from "vitest";
import { z } from "zod";
import { App, File, HTMLResponse, TestClient, Upload } from "../../src/index.js";
import { FORMS, FORMS_OPENAPI } from "./reference/forms_files.js";

function same(response: { status: number; rawHeaders: readonly (readonly [string, string])[]; text: string }, name: string): void {
  expect({ status: response.status, headers: response.rawHeaders, body: response.text }).toEqual(FORMS[name]);
}

function sameOpenAPI(app: App, name: string): void {
  expect(JSON.stringify(app.openapi())).toBe(JSON.stringify(JSON.parse(FORMS_OPENAPI[name] as string)));
}

const file = { file: ["test.txt", new TextEncoder().encode("<file content>")] as [string, Uint8Array] };

function app001_02(): App {
  const app = new App();
  app.post("/files/", { form: { file: File().nullable().default(null) } }, function create_file({ form }) {
    if (!form.file?.length) return { message: "No file sent" };
    return { file_size: form.file.length };
  });
  app.post("/uploadfile/", { form: { file: Upload().nullable().default(null) } }, function create_upload_file({ form }) {
    if (!form.file) return { message: "No upload file sent" };
    return { filename: form.file.filename };
  });
  return app;
}

test("test_post_form_no_body", async () => {
  same(await new TestClient(app001_02().asgi).post("/files/"), "rf1_02_files_no_body");
});

test("test_post_uploadfile_no_body", async () => {
  same(await new TestClient(app001_02().asgi).post("/uploadfile/"), "rf1_02_uploadfile_no_body");
});

test("test_post_file", async () => {
  const client = new TestClient(app001_02().asgi);
  same(await client.post("/files/", { files: file }), "rf1_02_files");
  same(await client.post("/files/", { files: { file: ["empty.txt", new Uint8Array()] } }), "rf1_02_files_empty");
});

test("test_post_upload_file", async () => {
  same(await new TestClient(app001_02().asgi).post("/uploadfile/", { files: file }), "rf1_02_uploadfile");
});

test("test_openapi_schema (tutorial001_02)", () => {
  sameOpenAPI(app001_02(), "rf1_02");
});

function app001_03(): App {
  const app = new App();
  app.post("/files/", { form: { file: File().describe("A file read as bytes") } }, function create_file({ form }) {
    return { file_size: form.file.length };
  });
  app.post("/uploadfile/", { form: { file: Upload().describe("A file read as UploadFile") } }, function create_upload_file({ form }) {
    return { filename: form.file.filename };
  });
  return app;
}

test("test_post_file (tutorial001_03)", async () => {
  const client = new TestClient(app001_03().asgi);
  same(await client.post("/files/", { files: file }), "rf1_03_files");
  same(await client.post("/files/"), "rf1_03_files_no_body");
});

test("test_post_upload_file (tutorial001_03)", async () => {
  same(await new TestClient(app001_03().asgi).post("/uploadfile/", { files: file }), "rf1_03_uploadfile");
});

test("test_openapi_schema (tutorial001_03)", () => {
  sameOpenAPI(app001_03(), "rf1_03");
});

const FORM_PAGE = `
<body>
<form action="/files/" enctype="multipart/form-data" method="post">
<input name="files" type="file" multiple>
<input type="submit">
</form>
<form action="/uploadfiles/" enctype="multipart/form-data" method="post">
<input name="files" type="file" multiple>
<input type="submit">
</form>
</body>
    `;

function app003(): App {
  const app = new App();
  app.post("/files/", { form: { files: z.array(File()).describe("Multiple files as bytes") } }, function create_files({ form }) {
    return { file_sizes: form.files.map((each) => each.length) };
  });
  app.post("/uploadfiles/", { form: { files: z.array(Upload()).describe("Multiple files as UploadFile") } }, function create_upload_files({ form }) {
    return { filenames: form.files.map((each) => each.filename) };
  });
  app.get("/", function main() {
    return new HTMLResponse(FORM_PAGE);
  });
  return app;
}

const two: [string, [string, Uint8Array]][] = [
  ["files", ["test.txt", new TextEncoder().encode("<file content>")]],
  ["files", ["test2.txt", new TextEncoder().encode("<file content2>")]],
];

test("test_post_files", async () => {
  const client = new TestClient(app003().asgi);
  same(await client.post("/files/", { files: two }), "rf3_files");
  same(await client.post("/files/"), "rf3_files_no_body");
});

test("test_post_upload_file (tutorial003)", async () => {
  same(await new TestClient(app003().asgi).post("/uploadfiles/", { files: two }), "rf3_uploadfiles");
});

test("test_get_root", async () => {
  same(await new TestClient(app003().asgi).get("/"), "rf3_root");
});

test("test_openapi_schema (tutorial003)", () => {
  sameOpenAPI(app003(), "rf3");
});
