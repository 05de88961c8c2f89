# Records FastAPI 0.142.2's answers for docs_src/app_testing, docs_src/dependency_testing and
# docs_src/using_request_directly into app_testing.ts. Usage: see recorder.py.
from recorder import Recorder, tutorial
from fastapi.testclient import TestClient

r = Recorder("APP_TESTING")

c = TestClient(tutorial("app_testing.tutorial001_py310").app)
r.rec("t001_main", c.get("/"))
r.rec("t001_openapi", c.get("/openapi.json"))

c = TestClient(tutorial("app_testing.tutorial002_py310").app)
r.rec("t002_main", c.get("/"))
with c.websocket_connect("/ws") as ws:
    r.rec_text("t002_ws", ws.receive_text())

with TestClient(tutorial("app_testing.tutorial003_py310").app) as c:
    r.rec("t003_foo", c.get("/items/foo"))
with TestClient(tutorial("app_testing.tutorial004_py310").app) as c:
    r.rec("t004_foo", c.get("/items/foo"))

c = TestClient(tutorial("app_testing.app_a_py310.main").app)
r.rec("app_a_main", c.get("/"))

c = TestClient(tutorial("app_testing.app_b_py310.main").app)
ok = {"X-Token": "coneofsilence"}
r.rec("app_b_read", c.get("/items/foo", headers=ok))
r.rec("app_b_read_bad_token", c.get("/items/foo", headers={"X-Token": "hailhydra"}))
r.rec("app_b_read_missing", c.get("/items/baz", headers=ok))
r.rec("app_b_read_no_token", c.get("/items/foo"))
r.rec("app_b_create", c.post("/items/", headers=ok, json={"id": "foobar", "title": "Foo Bar", "description": "The Foo Barters"}))
r.rec("app_b_create_bad_token", c.post("/items/", headers={"X-Token": "hailhydra"}, json={"id": "bazz", "title": "Bazz", "description": "Drop the bazz"}))
r.rec("app_b_create_existing", c.post("/items/", headers=ok, json={"id": "foo", "title": "The Foo ID Stealers", "description": "There goes my stealer"}))
r.rec("app_b_create_invalid", c.post("/items/", headers=ok, json={"title": 3}))
r.rec("app_b_openapi", c.get("/openapi.json"))

mod = tutorial("dependency_testing.tutorial001_py310")
c = TestClient(mod.app)
r.rec("dt_items", c.get("/items/"))
r.rec("dt_items_q", c.get("/items/?q=foo"))
r.rec("dt_items_params", c.get("/items/?q=foo&skip=100&limit=200"))
r.rec("dt_users", c.get("/users/"))
r.rec("dt_users_q", c.get("/users/?q=foo"))
r.rec("dt_users_params", c.get("/users/?q=foo&skip=100&limit=200"))
mod.app.dependency_overrides = {}
r.rec("dt_items_normal", c.get("/items/?q=foo&skip=100&limit=200"))
r.rec("dt_openapi", c.get("/openapi.json"))

c = TestClient(tutorial("using_request_directly.tutorial001_py310").app)
r.rec("urd_item", c.get("/items/foo"))
r.rec("urd_openapi", c.get("/openapi.json"))

r.write("app_testing")
