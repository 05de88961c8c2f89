// Ports FastAPI's tests/test_response_model_data_filter.py and test_response_model_data_filter_no_inheritance.py:
// the response model drops fields at every level (a nested model and a list of them). Answers recorded from
// FastAPI 0.142.2 by tests/test_tutorial/reference/responses.py.
import { test } from "vitest";
import { z } from "zod";
import { App, TestClient } from "../src/index.js";
import { sameAs, sameOpenAPI } from "./test_tutorial/reference/check.js";

function makeApp(inheritance: boolean): App {
  const UserBase = z.object({ email: z.string() }).meta({ id: inheritance ? "UserBase" : "User" });
  const UserCreate = (inheritance ? UserBase.extend({ password: z.string() }) : z.object({ email: z.string(), password: z.string() })).meta({ id: "UserCreate" });
  const PetOut = z.object({ name: z.string(), owner: UserBase }).meta({ id: "PetOut" });
  const owner = { email: "johndoe@example.com", hashed_password: "secrethashed" };
  const app = new App();
  app.post("/users/", { body: UserCreate, response: UserBase }, async function create_user({ body }) {
    return body;
  });
  app.get("/pets/{pet_id}", { path: z.object({ pet_id: z.int() }), response: PetOut }, async function read_pet() {
    return { name: "Nibbler", owner };
  });
  app.get("/pets/", { response: z.array(PetOut) }, async function read_pets() {
    return [
      { name: "Nibbler", owner },
      { name: "Zoidberg", owner },
    ];
  });
  return app;
}

const variants = [
  ["dfilter", true],
  ["dfilter_ni", false],
] as const;

test.each(variants)("test_filter_top_level_model [%s]", async (name, inheritance) => {
  // FastAPI's test posts to /users, which redirects to /users/ (307): the client follows it.
  const response = await new TestClient(makeApp(inheritance).asgi).post("/users", { json: { email: "johndoe@example.com", password: "secret" } });
  sameAs(response, `${name}_users`);
});

test.each(variants)("test_filter_second_level_model [%s]", async (name, inheritance) => {
  sameAs(await new TestClient(makeApp(inheritance).asgi).get("/pets/1"), `${name}_pet`);
});

test.each(variants)("test_list_of_models [%s]", async (name, inheritance) => {
  sameAs(await new TestClient(makeApp(inheritance).asgi).get("/pets/"), `${name}_pets`);
});

test.each(variants)("test_openapi_schema [%s]", async (name, inheritance) => {
  await sameOpenAPI(makeApp(inheritance), name);
});
