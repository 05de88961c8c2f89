# Records what FastAPI 0.142.2 answers for the tutorial apps of the OpenAPI-configuration chapters (path operation
# configuration, advanced configuration, metadata, conditional OpenAPI, extending OpenAPI, generate clients, callbacks,
# webhooks, Swagger UI configuration, custom docs UI, behind a proxy, first steps, debugging), and writes
# openapi_config.ts beside this file. The apps are FastAPI's own docs_src, imported from a checkout of FastAPI at
# tag 0.142.2. Run with a venv holding `pip install fastapi==0.142.2 uvicorn==0.54.0 httpx pydantic-settings pyyaml`:
#   python openapi_config.py <fastapi checkout>
import importlib, json, os, sys, tempfile, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, sys.argv[1])
from fastapi.testclient import TestClient

out = {}
def rec(name, r):
    out[name] = {"status": r.status_code, "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in r.headers.raw], "body": r.text}
def mod(chapter, tutorial):
    return importlib.import_module(f"docs_src.{chapter}.{tutorial}_py310")
def docs(prefix, client, openapi="/openapi.json"):
    rec(f"{prefix}_openapi", client.get(openapi))
    rec(f"{prefix}_docs", client.get("/docs"))
    rec(f"{prefix}_redoc", client.get("/redoc"))

ITEM = {"name": "Foo", "price": 42}
# path_operation_configuration
for t in ["tutorial001", "tutorial002", "tutorial003", "tutorial004", "tutorial005"]:
    c = TestClient(mod("path_operation_configuration", t).app)
    p = "poc_" + t[8:]
    rec(p + "_post", c.post("/items/", json=ITEM))
    rec(p + "_post_tags", c.post("/items/", json={"name": "Foo", "price": 42, "tags": ["a", "b", "a"]}))
    rec(p + "_post_invalid", c.post("/items/", json={"name": "Foo", "price": "x", "tags": "nope"}))
    rec(p + "_openapi", c.get("/openapi.json"))
c = TestClient(mod("path_operation_configuration", "tutorial002").app)
rec("poc_002_get_items", c.get("/items/"))
rec("poc_002_get_users", c.get("/users/"))
c = TestClient(mod("path_operation_configuration", "tutorial002b").app)
rec("poc_002b_items", c.get("/items/"))
rec("poc_002b_users", c.get("/users/"))
rec("poc_002b_openapi", c.get("/openapi.json"))
c = TestClient(mod("path_operation_configuration", "tutorial006").app)
for path in ["/items/", "/users/", "/elements/"]:
    rec("poc_006_" + path.strip("/"), c.get(path))
rec("poc_006_openapi", c.get("/openapi.json"))

# path_operation_advanced_configuration
for t in ["tutorial001", "tutorial002", "tutorial003", "tutorial005"]:
    c = TestClient(mod("path_operation_advanced_configuration", t).app)
    p = "poac_" + t[8:]
    rec(p + "_get", c.get("/items/"))
    rec(p + "_openapi", c.get("/openapi.json"))
c = TestClient(mod("path_operation_advanced_configuration", "tutorial004").app)
rec("poac_004_post", c.post("/items/", json=ITEM))
rec("poac_004_openapi", c.get("/openapi.json"))
c = TestClient(mod("path_operation_advanced_configuration", "tutorial006").app)
rec("poac_006_post", c.post("/items/", content=b"this is actually not validated"))
rec("poac_006_openapi", c.get("/openapi.json"))
c = TestClient(mod("path_operation_advanced_configuration", "tutorial007").app)
rec("poac_007_post", c.post("/items/", content="\n    name: Deadpoolio\n    tags:\n    - x-force\n    - x-men\n    - x-avengers\n    "))
rec("poac_007_broken", c.post("/items/", content="\n    name: Deadpoolio\n    tags:\n    x - x-force\n    x - x-men\n    x - x-avengers\n    "))
rec("poac_007_invalid", c.post("/items/", content="\n    name: Deadpoolio\n    tags:\n    - x-force\n    - x-men\n    - x-avengers\n    - sneaky: object\n    "))
rec("poac_007_openapi", c.get("/openapi.json"))

# metadata
for t in ["tutorial001", "tutorial001_1", "tutorial004"]:
    c = TestClient(mod("metadata", t).app)
    p = "meta_" + t[8:]
    rec(p + "_items", c.get("/items/"))
    docs(p, c)
c = TestClient(mod("metadata", "tutorial002").app)
rec("meta_002_items", c.get("/items/"))
rec("meta_002_openapi", c.get("/api/v1/openapi.json"))
rec("meta_002_default_openapi", c.get("/openapi.json"))
rec("meta_002_docs", c.get("/docs"))
rec("meta_002_redoc", c.get("/redoc"))
c = TestClient(mod("metadata", "tutorial003").app)
rec("meta_003_items", c.get("/items/"))
rec("meta_003_documentation", c.get("/documentation"))
rec("meta_003_docs", c.get("/docs"))
rec("meta_003_redoc", c.get("/redoc"))
rec("meta_003_openapi", c.get("/openapi.json"))
rec("meta_004_users", TestClient(mod("metadata", "tutorial004").app).get("/users/"))

# conditional_openapi
os.environ["OPENAPI_URL"] = ""
m = importlib.reload(mod("conditional_openapi", "tutorial001"))
c = TestClient(m.app)
for path in ["/openapi.json", "/docs", "/redoc", "/"]:
    rec("cond_off_" + (path.strip("/").split(".")[0] or "root"), c.get(path))
del os.environ["OPENAPI_URL"]
m = importlib.reload(m)
c = TestClient(m.app)
rec("cond_root", c.get("/"))
docs("cond", c)

# extending_openapi
m = mod("extending_openapi", "tutorial001")
c = TestClient(m.app)
rec("ext_items", c.get("/items/"))
rec("ext_openapi", c.get("/openapi.json"))
rec("ext_openapi_again", c.get("/openapi.json"))
rec("ext_docs", c.get("/docs"))

# generate_clients
for t in ["tutorial001", "tutorial002", "tutorial003"]:
    c = TestClient(mod("generate_clients", t).app)
    p = "gen_" + t[8:]
    rec(p + "_post_items", c.post("/items/", json={"name": "Foo", "price": 5}))
    rec(p + "_get_items", c.get("/items/"))
    rec(p + "_post_users", c.post("/users/", json={"username": "Foo", "email": "foo@example.com"}))
    rec(p + "_invalid", c.post("/items/", json={"name": "Foo"}))
    rec(p + "_openapi", c.get("/openapi.json"))

# openapi_callbacks
c = TestClient(mod("openapi_callbacks", "tutorial001").app)
rec("cb_post", c.post("/invoices/", json={"id": "fooinvoice", "customer": "John", "total": 5.3}))
rec("cb_post_url", c.post("/invoices/?callback_url=https://example.com/events", json={"id": "fooinvoice", "customer": "John", "total": 5.3}))
rec("cb_post_bad_url", c.post("/invoices/?callback_url=not-a-url", json={"id": "fooinvoice", "customer": "John", "total": 5.3}))
rec("cb_post_invalid", c.post("/invoices/", json={"id": "fooinvoice"}))
rec("cb_openapi", c.get("/openapi.json"))

# openapi_webhooks
c = TestClient(mod("openapi_webhooks", "tutorial001").app)
rec("wh_users", c.get("/users/"))
rec("wh_new_subscription", c.post("/new-subscription"))
rec("wh_openapi", c.get("/openapi.json"))

# A webhook with a query parameter: `webhooks` always goes through FastAPI's PathItem model (parameter keys reordered).
from fastapi import FastAPI, Query
from typing import Annotated
app = FastAPI()
@app.webhooks.post("user-event")
def user_event(q: Annotated[str, Query(description="The event's kind")], tags: Annotated[list[str] | None, Query()] = None):
    pass
@app.get("/users/{user_id}")
def read_user(user_id: int, q: str | None = None):
    return {"user_id": user_id}
rec("wh_params_openapi", TestClient(app).get("/openapi.json"))

# Top-level externalDocs and tags with an app-wide generate_unique_id_function, several methods on one path.
app = FastAPI(
    openapi_external_docs={"description": "More docs", "url": "https://example.com/docs"},
    openapi_tags=[{"name": "items", "description": "Items"}],
    generate_unique_id_function=lambda route: f"{route.tags[0]}-{route.name}",
)
@app.delete("/items/", tags=["items"], status_code=204)
def delete_items():
    pass
@app.put("/items/", tags=["items"], deprecated=True)
def put_items():
    return {"ok": True}
@app.get("/items/", tags=["items"], response_description="The items")
def get_items():
    return []
c = TestClient(app)
rec("xdocs_openapi", c.get("/openapi.json"))
rec("xdocs_delete", c.delete("/items/"))

# configure_swagger_ui
for t in ["tutorial001", "tutorial002", "tutorial003"]:
    c = TestClient(mod("configure_swagger_ui", t).app)
    p = "swag_" + t[8:]
    rec(p + "_user", c.get("/users/foo"))
    docs(p, c)

# custom_docs_ui (tutorial002 mounts ./static, the test's empty folder)
cwd = os.getcwd()
os.chdir(tempfile.mkdtemp())
os.mkdir("static")
for t in ["tutorial001", "tutorial002"]:
    c = TestClient(mod("custom_docs_ui", t).app)
    p = "cdu_" + t[8:]
    rec(p + "_user", c.get("/users/john"))
    rec(p + "_redirect", c.get("/docs/oauth2-redirect"))
    docs(p, c)
os.chdir(cwd)

# behind_a_proxy
c = TestClient(mod("behind_a_proxy", "tutorial001").app, root_path="/api/v1")
rec("bap_001_app", c.get("/app"))
rec("bap_001_openapi", c.get("/openapi.json"))
rec("bap_001_docs", c.get("/docs"))
c = TestClient(mod("behind_a_proxy", "tutorial001_01").app, base_url="https://example.com", follow_redirects=False)
rec("bap_001_01_items", c.get("/items/"))
rec("bap_001_01_redirect", c.get("/items"))
for t in ["tutorial002", "tutorial003", "tutorial004"]:
    c = TestClient(mod("behind_a_proxy", t).app)
    p = "bap_" + t[8:]
    rec(p + "_app", c.get("/app"))
    docs(p, c)

# first_steps and debugging
for chapter, t in [("first_steps", "tutorial001"), ("first_steps", "tutorial003"), ("debugging", "tutorial001")]:
    c = TestClient(mod(chapter, t).app)
    p = f"{chapter}_{t[8:]}"
    rec(p + "_root", c.get("/"))
    rec(p + "_missing", c.get("/nope"))
    rec(p + "_post", c.post("/"))
    docs(p, c)

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "openapi_config.ts"), "w") as f:
    f.write("// Generated by openapi_config.py from FastAPI 0.142.2's answers: do not edit.\n")
    f.write("export interface Recorded {\n  status: number;\n  headers: [string, string][];\n  body: string;\n}\n\n")
    f.write("export const OAPI: Record<string, Recorded> = " + json.dumps(out, indent=1, ensure_ascii=False) + ";\n")
print(len(out), "answers")
