# Records FastAPI 0.142.2's answers for docs_src/events (startup/shutdown handlers, lifespan) into events.ts.
# Usage: see recorder.py.
import os, tempfile
from recorder import Recorder, tutorial
from fastapi.testclient import TestClient

r = Recorder("EVENTS")
os.chdir(tempfile.mkdtemp())

with TestClient(tutorial("events.tutorial001_py310").app) as c:
    r.rec("t001_foo", c.get("/items/foo"))
    r.rec("t001_openapi", c.get("/openapi.json"))

with TestClient(tutorial("events.tutorial002_py310").app) as c:
    r.rec("t002_items", c.get("/items/"))
    r.rec("t002_openapi", c.get("/openapi.json"))
r.rec_text("t002_log", open("log.txt").read())

with TestClient(tutorial("events.tutorial003_py310").app) as c:
    r.rec("t003_predict", c.get("/predict", params={"x": 2}))
    r.rec("t003_predict_float", c.get("/predict", params={"x": 0.1}))
    r.rec("t003_predict_bad", c.get("/predict", params={"x": "two"}))
    r.rec("t003_predict_missing", c.get("/predict"))
    r.rec("t003_openapi", c.get("/openapi.json"))

r.write("events")
