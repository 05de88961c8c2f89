// Starlette's tests/test_staticfiles.py, with their names. Not ported: the `packages=` tests (a Python import
// system feature) and test_staticfiles_with_invalid_dir_permissions_returns_401 (the suite runs as root, whom
// permissions do not stop; the EACCES -> 401 mapping is in lookupPathOr404).
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Middleware, TestClient, type Scope } from "@mono/asgi";
import { expect, test } from "vitest";
import { BaseHTTPMiddleware, HTTPException, Mount, Starlette, StaticFiles } from "../src/index.js";

const newDir = (): Promise<string> => mkdtemp(join(tmpdir(), "static-"));

async function withExample(content = "<file content>"): Promise<string> {
  const dir = await newDir();
  await writeFile(join(dir, "example.txt"), content);
  return dir;
}

function mounted(app: StaticFiles, options: { raiseServerExceptions?: boolean } = {}): TestClient {
  return new TestClient(new Starlette({ routes: [new Mount("/", { app, name: "static" })] }).asgi, options);
}

/** The Python tests' `anyio.run(app.get_response, path, scope)`: the HTTPException it throws. */
async function responseError(app: StaticFiles, routePath: string): Promise<HTTPException> {
  const path = app.getPath({ path: routePath } as unknown as Scope);
  try {
    await app.getResponse(path, { method: "GET" } as unknown as Scope);
  } catch (error) {
    return error as HTTPException;
  }
  throw new Error("getResponse answered");
}

test("test_staticfiles", async () => {
  const client = new TestClient(new StaticFiles({ directory: await withExample() }).asgi);
  const response = await client.get("/example.txt");
  expect(response.status).toBe(200);
  expect(response.text).toBe("<file content>");
});

test("test_staticfiles_head_with_middleware", async () => {
  const dir = await withExample("x".repeat(100));
  const app = new Starlette({
    routes: [new Mount("/static", { app: new StaticFiles({ directory: dir }), name: "static" })],
    middleware: [new Middleware(BaseHTTPMiddleware, (request, callNext) => callNext(request))],
  });
  const response = await new TestClient(app.asgi).head("/static/example.txt");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-length")).toBe("100");
});

test("test_staticfiles_post", async () => {
  const response = await mounted(new StaticFiles({ directory: await withExample() })).post("/example.txt");
  expect(response.status).toBe(405);
  expect(response.text).toBe("Method Not Allowed");
});

test("test_staticfiles_with_directory_returns_404", async () => {
  const response = await mounted(new StaticFiles({ directory: await withExample() })).get("/");
  expect(response.status).toBe(404);
  expect(response.text).toBe("Not Found");
});

test("test_staticfiles_with_missing_file_returns_404", async () => {
  const response = await mounted(new StaticFiles({ directory: await withExample() })).get("/404.txt");
  expect(response.status).toBe(404);
  expect(response.text).toBe("Not Found");
});

test("test_staticfiles_instantiated_with_missing_directory", async () => {
  const path = join(await newDir(), "no_such_directory");
  expect(() => new StaticFiles({ directory: path })).toThrow("does not exist");
});

test("test_staticfiles_configured_with_missing_directory", async () => {
  const path = join(await newDir(), "no_such_directory");
  const client = new TestClient(new StaticFiles({ directory: path, checkDir: false }).asgi);
  await expect(client.get("/example.txt")).rejects.toThrow("does not exist");
});

test("test_staticfiles_configured_with_file_instead_of_directory", async () => {
  const path = join(await withExample(), "example.txt");
  const client = new TestClient(new StaticFiles({ directory: path, checkDir: false }).asgi);
  await expect(client.get("/example.txt")).rejects.toThrow("is not a directory");
});

test("test_staticfiles_config_check_occurs_only_once", async () => {
  const app = new StaticFiles({ directory: await newDir() });
  const client = new TestClient(app.asgi);
  expect(app.configChecked).toBe(false);
  await expect(client.get("/")).rejects.toThrow(HTTPException);
  expect(app.configChecked).toBe(true);
  await expect(client.get("/")).rejects.toThrow(HTTPException);
});

test("test_staticfiles_prevents_breaking_out_of_directory", async () => {
  const root = await withExample("outside root dir");
  const directory = join(root, "foo");
  await mkdir(directory);
  const exc = await responseError(new StaticFiles({ directory }), "/../example.txt");
  expect(exc.statusCode).toBe(404);
  expect(exc.detail).toBe("Not Found");
});

test("test_staticfiles_never_read_file_for_head_method", async () => {
  const client = new TestClient(new StaticFiles({ directory: await withExample() }).asgi);
  const response = await client.head("/example.txt");
  expect(response.status).toBe(200);
  expect(response.content.length).toBe(0);
  expect(response.headers.get("content-length")).toBe("14");
});

test("test_staticfiles_304_with_etag_match", async () => {
  const client = new TestClient(new StaticFiles({ directory: await withExample() }).asgi);
  const first = await client.get("/example.txt");
  expect(first.status).toBe(200);
  const etag = first.headers.get("etag") as string;
  for (const ifNoneMatch of [etag, `W/${etag}, "123"`, `"123",\tW/${etag}`]) {
    const second = await client.get("/example.txt", { headers: { "if-none-match": ifNoneMatch } });
    expect(second.status).toBe(304);
    expect(second.content.length).toBe(0);
  }
});

test("test_staticfiles_200_with_etag_mismatch", async () => {
  const client = new TestClient(new StaticFiles({ directory: await withExample() }).asgi);
  const first = await client.get("/example.txt");
  expect(first.status).toBe(200);
  expect(first.headers.get("etag")).not.toBe('"123"');
  const second = await client.get("/example.txt", { headers: { "if-none-match": '"123"' } });
  expect(second.status).toBe(200);
  expect(second.text).toBe("<file content>");
});

test("test_staticfiles_200_with_etag_mismatch_and_timestamp_match", async () => {
  const client = new TestClient(new StaticFiles({ directory: await withExample() }).asgi);
  const first = await client.get("/example.txt");
  const lastModified = first.headers.get("last-modified") as string;
  const second = await client.get("/example.txt", {
    headers: { "if-none-match": '"123"', "if-modified-since": lastModified },
  });
  expect(second.status).toBe(200);
  expect(second.text).toBe("<file content>");
});

test("test_staticfiles_304_with_last_modified_compare_last_req", async () => {
  const dir = await withExample();
  const mtime = new Date(2013, 9, 10, 23, 40, 0);
  await utimes(join(dir, "example.txt"), mtime, mtime);
  const client = new TestClient(new StaticFiles({ directory: dir }).asgi);
  let response = await client.get("/example.txt", { headers: { "If-Modified-Since": "Thu, 11 Oct 2013 15:30:19 GMT" } });
  expect(response.status).toBe(304);
  expect(response.content.length).toBe(0);
  response = await client.get("/example.txt", { headers: { "If-Modified-Since": "Thu, 20 Feb 2012 15:30:19 GMT" } });
  expect(response.status).toBe(200);
  expect(response.text).toBe("<file content>");
});

async function htmlDir(options: { notFound: boolean; index: boolean }): Promise<string> {
  const dir = await newDir();
  if (options.notFound) await writeFile(join(dir, "404.html"), "<h1>Custom not found page</h1>");
  await mkdir(join(dir, "dir"));
  if (options.index) await writeFile(join(dir, "dir", "index.html"), "<h1>Hello</h1>");
  return dir;
}

test("test_staticfiles_html_normal", async () => {
  const client = new TestClient(new StaticFiles({ directory: await htmlDir({ notFound: true, index: true }), html: true }).asgi);
  for (const [path, url] of [
    ["/dir/", "http://testserver/dir/"],
    ["/dir", "http://testserver/dir/"],
    ["/dir/index.html", "http://testserver/dir/index.html"],
  ] as const) {
    const response = await client.get(path);
    expect(response.url).toBe(url);
    expect(response.status).toBe(200);
    expect(response.text).toBe("<h1>Hello</h1>");
  }
  const response = await client.get("/missing");
  expect(response.status).toBe(404);
  expect(response.text).toBe("<h1>Custom not found page</h1>");
});

test("test_staticfiles_html_without_index", async () => {
  const client = new TestClient(new StaticFiles({ directory: await htmlDir({ notFound: true, index: false }), html: true }).asgi);
  for (const [path, url] of [
    ["/dir/", "http://testserver/dir/"],
    ["/dir", "http://testserver/dir"],
    ["/missing", "http://testserver/missing"],
  ] as const) {
    const response = await client.get(path);
    expect(response.url).toBe(url);
    expect(response.status).toBe(404);
    expect(response.text).toBe("<h1>Custom not found page</h1>");
  }
});

test("test_staticfiles_html_without_404", async () => {
  const client = new TestClient(new StaticFiles({ directory: await htmlDir({ notFound: false, index: true }), html: true }).asgi);
  for (const path of ["/dir/", "/dir"]) {
    const response = await client.get(path);
    expect(response.url).toBe("http://testserver/dir/");
    expect(response.status).toBe(200);
    expect(response.text).toBe("<h1>Hello</h1>");
  }
  await expect(client.get("/missing")).rejects.toMatchObject({ statusCode: 404 });
});

test("test_staticfiles_html_only_files", async () => {
  const dir = await newDir();
  await writeFile(join(dir, "hello.html"), "<h1>Hello</h1>");
  const client = new TestClient(new StaticFiles({ directory: dir, html: true }).asgi);
  await expect(client.get("/")).rejects.toMatchObject({ statusCode: 404 });
  const response = await client.get("/hello.html");
  expect(response.status).toBe(200);
  expect(response.text).toBe("<h1>Hello</h1>");
});

test("test_staticfiles_cache_invalidation_for_deleted_file_html_mode", async () => {
  const dir = await newDir();
  await writeFile(join(dir, "404.html"), "<p>404 file</p>");
  await writeFile(join(dir, "some.html"), "<p>some file</p>");
  const mtime = new Date(2013, 9, 10, 23, 40, 0);
  await utimes(join(dir, "404.html"), mtime, mtime);
  await utimes(join(dir, "some.html"), mtime, mtime);
  const client = new TestClient(new StaticFiles({ directory: dir, html: true }).asgi);
  const exists = await client.get("/some.html");
  expect(exists.status).toBe(200);
  expect(exists.text).toBe("<p>some file</p>");
  const headers = { "If-Modified-Since": exists.headers.get("last-modified") as string };
  expect((await client.get("/some.html", { headers })).status).toBe(304);
  await rm(join(dir, "some.html"));
  const deleted = await client.get("/some.html", { headers });
  expect(deleted.status).toBe(404);
  expect(deleted.text).toBe("<p>404 file</p>");
});

test("test_staticfiles_with_missing_dir_returns_404", async () => {
  const response = await mounted(new StaticFiles({ directory: await withExample() })).get("/foo/example.txt");
  expect(response.status).toBe(404);
  expect(response.text).toBe("Not Found");
});

test("test_staticfiles_access_file_as_dir_returns_404", async () => {
  const response = await mounted(new StaticFiles({ directory: await withExample() })).get("/example.txt/foo");
  expect(response.status).toBe(404);
  expect(response.text).toBe("Not Found");
});

test("test_staticfiles_null_byte_in_path", async () => {
  const response = await mounted(new StaticFiles({ directory: await newDir() })).get("/example%00.txt");
  expect(response.status).toBe(404);
});

test("test_staticfiles_filename_too_long", async () => {
  const response = await mounted(new StaticFiles({ directory: await newDir() })).get(`/${"a".repeat(4096)}.txt`);
  expect(response.status).toBe(404);
  expect(response.text).toBe("Not Found");
});

test("test_staticfiles_unhandled_os_error_returns_500", async () => {
  const app = new StaticFiles({ directory: await withExample() });
  app.lookupPath = async () => {
    throw Object.assign(new Error("timed out"), { code: "ETIMEDOUT" });
  };
  const response = await mounted(app, { raiseServerExceptions: false }).get("/example.txt");
  expect(response.status).toBe(500);
  expect(response.text).toBe("Internal Server Error");
});

test("test_staticfiles_follows_symlinks", async () => {
  const statics = join(await newDir(), "statics");
  await mkdir(statics);
  const source = await newDir();
  await writeFile(join(source, "page.html"), "<h1>Hello</h1>");
  await symlink(join(source, "page.html"), join(statics, "index.html"));
  const response = await new TestClient(new StaticFiles({ directory: statics, followSymlink: true }).asgi).get("/index.html");
  expect(response.url).toBe("http://testserver/index.html");
  expect(response.status).toBe(200);
  expect(response.text).toBe("<h1>Hello</h1>");
});

test("test_staticfiles_follows_symlink_directories", async () => {
  const statics = join(await newDir(), "statics");
  await mkdir(statics);
  const source = await newDir();
  await writeFile(join(source, "page.html"), "<h1>Hello</h1>");
  await symlink(source, join(statics, "html"));
  const response = await new TestClient(new StaticFiles({ directory: statics, followSymlink: true }).asgi).get("/html/page.html");
  expect(response.status).toBe(200);
  expect(response.text).toBe("<h1>Hello</h1>");
});

test("symlinks out of the directory are refused without followSymlink", async () => {
  const statics = join(await newDir(), "statics");
  await mkdir(statics);
  const source = await newDir();
  await writeFile(join(source, "page.html"), "<h1>Hello</h1>");
  await symlink(join(source, "page.html"), join(statics, "index.html"));
  const response = await mounted(new StaticFiles({ directory: statics })).get("/index.html");
  expect(response.status).toBe(404);
});

test("test_staticfiles_disallows_path_traversal_with_symlinks", async () => {
  const statics = join(await newDir(), "statics");
  const rootSource = await newDir();
  await mkdir(join(rootSource, "statics"));
  await writeFile(join(rootSource, "index.html"), "<h1>Hello</h1>");
  await symlink(join(rootSource, "statics"), statics);
  const exc = await responseError(new StaticFiles({ directory: statics, followSymlink: true }), "/../index.html");
  expect(exc.statusCode).toBe(404);
  expect(exc.detail).toBe("Not Found");
});

test("test_staticfiles_avoids_path_traversal", async () => {
  const root = await newDir();
  await mkdir(join(root, "static"));
  await mkdir(join(root, "static_disallow"));
  await writeFile(join(root, "static", "index.html"), "<h1>Hello</h1>");
  await writeFile(join(root, "static_disallow", "index.html"), "<h1>Private</h1>");
  await writeFile(join(root, "static1.txt"), "Private");
  const app = new StaticFiles({ directory: join(root, "static") });
  for (const path of ["/../static1.txt", "/../static_disallow/index.html"]) {
    const exc = await responseError(app, path);
    expect(exc.statusCode).toBe(404);
    expect(exc.detail).toBe("Not Found");
  }
});

test("test_staticfiles_rejects_absolute_paths", async () => {
  const app = new StaticFiles({ directory: await newDir() });
  expect(await app.lookupPath("/etc/passwd")).toEqual(["", null]);
});

test("test_staticfiles_rejects_absolute_windows_paths", async () => {
  const app = new StaticFiles({ directory: await newDir() });
  expect(await app.lookupPath("\\\\server\\share")).toEqual(["", null]);
});

test("test_staticfiles_self_symlinks", async () => {
  const root = await newDir();
  await mkdir(join(root, "statics"));
  await writeFile(join(root, "statics", "index.html"), "<h1>Hello</h1>");
  await symlink(join(root, "statics"), join(root, "statics_symlink"));
  const app = new StaticFiles({ directory: join(root, "statics_symlink"), followSymlink: true });
  const response = await new TestClient(app.asgi).get("/index.html");
  expect(response.url).toBe("http://testserver/index.html");
  expect(response.status).toBe(200);
  expect(response.text).toBe("<h1>Hello</h1>");
});

test("a websocket to StaticFiles is closed with 1000", async () => {
  const sent: unknown[] = [];
  const app = new StaticFiles({ directory: await newDir() });
  await app.asgi({ type: "websocket", path: "/" } as never, async () => ({ type: "websocket.connect" }), async (m) => {
    sent.push(m);
  });
  expect(sent).toEqual([{ type: "websocket.close", code: 1000, reason: "" }]);
});
