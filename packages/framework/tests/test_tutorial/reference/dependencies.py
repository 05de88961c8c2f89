# Records FastAPI 0.142.2's answers for the dependencies tutorial apps (docs_src/dependencies) into dependencies.ts.
# Usage: see recorder.py.
from recorder import Recorder, tutorial
from fastapi.testclient import TestClient

r = Recorder("DEPENDENCIES")

for mod in ["tutorial001_py310", "tutorial001_02_an_py310"]:
    c = TestClient(tutorial(f"dependencies.{mod}").app)
    if mod == "tutorial001_py310":
        r.rec("t001_items", c.get("/items"))
        r.rec("t001_items_q", c.get("/items?q=foo"))
        r.rec("t001_items_q_skip", c.get("/items?q=foo&skip=5"))
        r.rec("t001_items_q_skip_limit", c.get("/items?q=foo&skip=5&limit=30"))
        r.rec("t001_users", c.get("/users"))
        r.rec("t001_users_bad", c.get("/users?skip=a&limit=b"))
    r.rec(f"{mod}_openapi", c.get("/openapi.json"))

for mod in ["tutorial002_py310", "tutorial003_py310", "tutorial004_py310"]:
    c = TestClient(tutorial(f"dependencies.{mod}").app)
    n = mod[:11]
    r.rec(f"{n}_items", c.get("/items"))
    r.rec(f"{n}_items_q", c.get("/items?q=foo"))
    r.rec(f"{n}_items_q_skip", c.get("/items?q=foo&skip=1"))
    r.rec(f"{n}_items_q_skip_limit", c.get("/items?q=bar&limit=2"))
    r.rec(f"{n}_items_skip_limit", c.get("/items?q=bar&skip=1&limit=1"))
    r.rec(f"{n}_items_limit", c.get("/items?limit=1&q=bar&skip=1"))
    r.rec(f"{n}_items_bad", c.get("/items?skip=x&limit=1.5"))
    r.rec(f"{n}_openapi", c.get("/openapi.json"))

c = TestClient(tutorial("dependencies.tutorial005_py310").app)
r.rec("t005_items", c.get("/items"))
r.rec("t005_items_q", c.get("/items?q=foo"))
c.cookies.set("last_query", "from cookie")
r.rec("t005_cookie", c.get("/items/"))
r.rec("t005_cookie_q", c.get("/items/?q=foo"))
c.cookies.clear()
r.rec("t005_openapi", c.get("/openapi.json"))

for mod, prefix in [("tutorial006_py310", "t006"), ("tutorial012_py310", "t012")]:
    c = TestClient(tutorial(f"dependencies.{mod}").app)
    for path in ["/items/"] + (["/users/"] if prefix == "t012" else []):
        p = path.strip("/")
        r.rec(f"{prefix}_{p}_none", c.get(path))
        r.rec(f"{prefix}_{p}_bad_token", c.get(path, headers={"X-Token": "invalid"}))
        r.rec(f"{prefix}_{p}_bad_key", c.get(path, headers={"X-Token": "fake-super-secret-token", "X-Key": "invalid"}))
        r.rec(f"{prefix}_{p}_ok", c.get(path, headers={"X-Token": "fake-super-secret-token", "X-Key": "fake-super-secret-key"}))
    r.rec(f"{prefix}_openapi", c.get("/openapi.json"))

c = TestClient(tutorial("dependencies.tutorial008b_py310").app)
r.rec("t008b_no_item", c.get("/items/foo"))
r.rec("t008b_owner_error", c.get("/items/plumbus"))
r.rec("t008b_item", c.get("/items/portal-gun"))
r.rec("t008b_openapi", c.get("/openapi.json"))

for mod in ["tutorial008c_py310", "tutorial008d_py310"]:
    n = mod[8:12]
    c = TestClient(tutorial(f"dependencies.{mod}").app, raise_server_exceptions=False)
    r.rec(f"t{n}_no_item", c.get("/items/foo"))
    r.rec(f"t{n}_item", c.get("/items/plumbus"))
    r.rec(f"t{n}_500", c.get("/items/portal-gun"))

c = TestClient(tutorial("dependencies.tutorial008e_py310").app)
r.rec("t008e_me", c.get("/users/me"))
r.rec("t008e_openapi", c.get("/openapi.json"))

c = TestClient(tutorial("dependencies.tutorial011_py310").app)
r.rec("t011_none", c.get("/query-checker/"))
r.rec("t011_foo", c.get("/query-checker/?q=foo"))
r.rec("t011_bar", c.get("/query-checker/?q=bar"))
r.rec("t011_foobarbaz", c.get("/query-checker/?q=foobarbaz"))
r.rec("t011_openapi", c.get("/openapi.json"))

r.write("dependencies")
