# Records FastAPI 0.142.2's answers for docs_src/handling_errors (tutorial001-006) into handling_errors.ts.
# Usage: see recorder.py.
from recorder import Recorder, tutorial
from fastapi.testclient import TestClient

r = Recorder("HANDLING_ERRORS")

c = TestClient(tutorial("handling_errors.tutorial001_py310").app)
r.rec("t001_foo", c.get("/items/foo"))
r.rec("t001_bar", c.get("/items/bar"))
r.rec("t001_openapi", c.get("/openapi.json"))

c = TestClient(tutorial("handling_errors.tutorial002_py310").app)
r.rec("t002_foo", c.get("/items-header/foo"))
r.rec("t002_bar", c.get("/items-header/bar"))
r.rec("t002_openapi", c.get("/openapi.json"))

c = TestClient(tutorial("handling_errors.tutorial003_py310").app)
r.rec("t003_shinzo", c.get("/unicorns/shinzo"))
r.rec("t003_yolo", c.get("/unicorns/yolo"))
r.rec("t003_openapi", c.get("/openapi.json"))

c = TestClient(tutorial("handling_errors.tutorial004_py310").app)
r.rec("t004_foo", c.get("/items/foo"))
r.rec("t004_3", c.get("/items/3"))
r.rec("t004_2", c.get("/items/2"))
r.rec("t004_missing", c.get("/nope"))
r.rec("t004_openapi", c.get("/openapi.json"))

c = TestClient(tutorial("handling_errors.tutorial005_py310").app)
r.rec("t005_invalid", c.post("/items/", json={"title": "towel", "size": "XL"}))
r.rec("t005_valid", c.post("/items/", json={"title": "towel", "size": 5}))
r.rec("t005_openapi", c.get("/openapi.json"))

c = TestClient(tutorial("handling_errors.tutorial006_py310").app)
r.rec("t006_foo", c.get("/items/foo"))
r.rec("t006_3", c.get("/items/3"))
r.rec("t006_2", c.get("/items/2"))
r.rec("t006_openapi", c.get("/openapi.json"))

r.write("handling_errors")
