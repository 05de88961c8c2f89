// Ports the intent of FastAPI's tests/test_tutorial/test_path_params (tutorials 001-005): bytes compared with FastAPI's.
import { TestClient } from "@mono/asgi";
import { expect, test } from "vitest";
import { z } from "zod";
import { App } from "../../src/index.js";
import { expectSameAsFastAPI } from "./fastapi_reference.js";

const same = (actual: unknown, expected: unknown): void => expect(actual).toEqual(expected);

function makeApp(): App {
  const app = new App();
  app.get("/items/{item_id}", { path: z.object({ item_id: z.int() }) }, ({ path }) => ({ item_id: path.item_id }));
  // Declared first, so "/users/me" is not taken as a user id.
  app.get("/users/me", {}, () => ({ user_id: "the current user" }));
  app.get("/users/{user_id}", { path: z.object({ user_id: z.string() }) }, ({ path }) => ({ user_id: path.user_id }));
  app.get("/files/{file_path:path}", { path: z.object({ file_path: z.string() }) }, ({ path }) => ({ file_path: path.file_path }));
  const ModelName = z.enum(["alexnet", "resnet", "lenet"]);
  app.get("/models/{model_name}", { path: z.object({ model_name: ModelName }) }, ({ path }) => {
    if (path.model_name === "alexnet") return { model_name: path.model_name, message: "Deep Learning FTW!" };
    if (path.model_name === "lenet") return { model_name: path.model_name, message: "LeCNN all the images" };
    return { model_name: path.model_name, message: "Have some residuals" };
  });
  return app;
}

test("test_path_params_int", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.get("/items/3"), "path_item_3", same);
  expectSameAsFastAPI(await client.get("/items/foo"), "path_item_foo", same);
  expectSameAsFastAPI(await client.get("/items/4.2"), "path_item_float", same);
});

test("test_path_operation_order", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.get("/users/me"), "path_users_me", same);
  expectSameAsFastAPI(await client.get("/users/alice"), "path_users_x", same);
});

test("test_path_convertor", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.get("/files//home/johndoe/myfile.txt"), "path_files", same);
});

test("test_enum_path_param", async () => {
  const client = new TestClient(makeApp().asgi);
  expectSameAsFastAPI(await client.get("/models/alexnet"), "path_model_alexnet", same);
  expectSameAsFastAPI(await client.get("/models/lenet"), "path_model_lenet", same);
  expectSameAsFastAPI(await client.get("/models/resnet"), "path_model_resnet", same);
  expectSameAsFastAPI(await client.get("/models/foo"), "path_model_bad", same);
});
