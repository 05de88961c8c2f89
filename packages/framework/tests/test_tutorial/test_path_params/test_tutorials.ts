// Ports FastAPI's tests/test_tutorial/test_path_params (docs_src/path_params tutorials 001-005, 003b), each app
// written with our public API and compared byte for byte with FastAPI 0.142.2's recorded answers.
import { describe, test } from "vitest";
import { z } from "zod";
import { App } from "../../../src/index.js";
import { PATH_PARAMS as REF } from "../reference/path_params.js";
import { replayAll, sameOpenAPI } from "../reference/replay.js";

function tutorial001(): App {
  const app = new App();
  app.get("/items/{item_id}", { path: z.object({ item_id: z.any() }) }, async function read_item({ path }) {
    return { item_id: path.item_id };
  });
  return app;
}

function tutorial002(): App {
  const app = new App();
  app.get("/items/{item_id}", { path: z.object({ item_id: z.int() }) }, async function read_item({ path }) {
    return { item_id: path.item_id };
  });
  return app;
}

function tutorial003(): App {
  const app = new App();
  app.get("/users/me", {}, async function read_user_me() {
    return { user_id: "the current user" };
  });
  app.get("/users/{user_id}", { path: z.object({ user_id: z.string() }) }, async function read_user({ path }) {
    return { user_id: path.user_id };
  });
  return app;
}

function tutorial003b(): App {
  const app = new App();
  app.get("/users", {}, async function read_users() {
    return ["Rick", "Morty"];
  });
  app.get("/users", {}, async function read_users2() {
    return ["Bean", "Elfo"];
  });
  return app;
}

function tutorial004(): App {
  const app = new App();
  app.get("/files/{file_path:path}", { path: z.object({ file_path: z.string() }) }, async function read_file({ path }) {
    return { file_path: path.file_path };
  });
  return app;
}

function tutorial005(): App {
  const ModelName = z.enum(["alexnet", "resnet", "lenet"]).meta({ id: "ModelName" });
  const app = new App();
  app.get("/models/{model_name}", { path: z.object({ model_name: ModelName }) }, async function get_model({ path }) {
    if (path.model_name === "alexnet") return { model_name: path.model_name, message: "Deep Learning FTW!" };
    if (path.model_name === "lenet") return { model_name: path.model_name, message: "LeCNN all the images" };
    return { model_name: path.model_name, message: "Have some residuals" };
  });
  return app;
}

describe("test_tutorial001", () => {
  test("test_get_items", () => replayAll(tutorial001(), REF, "tutorial001", ["foo", "int", "float"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial001(), REF, "tutorial001"));
});

describe("test_tutorial002", () => {
  test("test_get_items", () => replayAll(tutorial002(), REF, "tutorial002", ["int"]));
  test("test_get_items_invalid_id", () => replayAll(tutorial002(), REF, "tutorial002", ["str", "float", "neg"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial002(), REF, "tutorial002"));
});

describe("test_tutorial003", () => {
  test("test_get_users", () => replayAll(tutorial003(), REF, "tutorial003", ["me", "user", "users"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial003(), REF, "tutorial003"));
});

describe("test_tutorial003b", () => {
  test("test_get_users", () => replayAll(tutorial003b(), REF, "tutorial003b", ["users"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial003b(), REF, "tutorial003b"));
});

describe("test_tutorial004", () => {
  test("test_file_path", () => replayAll(tutorial004(), REF, "tutorial004", ["file"]));
  test("test_root_file_path", () => replayAll(tutorial004(), REF, "tutorial004", ["root", "empty"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial004(), REF, "tutorial004"));
});

describe("test_tutorial005", () => {
  test("test_get_enums_alexnet", () => replayAll(tutorial005(), REF, "tutorial005", ["alexnet"]));
  test("test_get_enums_lenet", () => replayAll(tutorial005(), REF, "tutorial005", ["lenet"]));
  test("test_get_enums_resnet", () => replayAll(tutorial005(), REF, "tutorial005", ["resnet"]));
  test("test_get_enums_invalid", () => replayAll(tutorial005(), REF, "tutorial005", ["foo"]));
  test("test_openapi_schema", () => sameOpenAPI(tutorial005(), REF, "tutorial005"));
});
