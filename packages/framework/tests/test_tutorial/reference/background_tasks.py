# Records FastAPI 0.142.2's answers for docs_src/background_tasks (and the log.txt its tasks write) into
# background_tasks.ts. Usage: see recorder.py.
import os, tempfile
from recorder import Recorder, tutorial
from fastapi.testclient import TestClient

r = Recorder("BACKGROUND_TASKS")
os.chdir(tempfile.mkdtemp())

c = TestClient(tutorial("background_tasks.tutorial001_py310").app)
r.rec("t001_send", c.post("/send-notification/foo@example.com"))
r.rec_text("t001_log", open("log.txt").read())
r.rec("t001_openapi", c.get("/openapi.json"))
os.remove("log.txt")

c = TestClient(tutorial("background_tasks.tutorial002_py310").app)
r.rec("t002_send_q", c.post("/send-notification/foo@example.com?q=some-query"))
r.rec_text("t002_log_q", open("log.txt").read())
r.rec("t002_send", c.post("/send-notification/bar@example.com"))
r.rec_text("t002_log", open("log.txt").read())
r.rec("t002_openapi", c.get("/openapi.json"))

r.write("background_tasks")
