# Records FastAPI 0.142.2's answers for the docs_src/settings apps (tutorial001, app01, app02 with its override,
# app03) into settings.ts, and pydantic-settings' error when ADMIN_EMAIL is missing. Usage: see recorder.py.
import json, os, tempfile
from recorder import Recorder, tutorial
from fastapi.testclient import TestClient
from pydantic import ValidationError

r = Recorder("SETTINGS")
os.chdir(tempfile.mkdtemp())  # no .env file around for app03

os.environ.pop("ADMIN_EMAIL", None)
try:
    tutorial("settings.app01_py310.config")
except ValidationError as e:
    r.rec_text("app01_missing_errors", json.dumps([{k: v for k, v in err.items() if k != "url"} for err in e.errors()]))

os.environ["ADMIN_EMAIL"] = "admin@example.com"
c = TestClient(tutorial("settings.tutorial001_py310").app)
r.rec("t001_info", c.get("/info"))
r.rec("t001_openapi", c.get("/openapi.json"))

tutorial("settings.app01_py310.config")
c = TestClient(tutorial("settings.app01_py310.main").app)
r.rec("app01_info", c.get("/info"))
r.rec("app01_openapi", c.get("/openapi.json"))

config = tutorial("settings.app02_py310.config")
main = tutorial("settings.app02_py310.main")
main.app.dependency_overrides[main.get_settings] = lambda: config.Settings(admin_email="testing_admin@example.com")
c = TestClient(main.app)
r.rec("app02_info_override", c.get("/info"))
main.app.dependency_overrides = {}
r.rec("app02_info", c.get("/info"))
r.rec("app02_openapi", c.get("/openapi.json"))

tutorial("settings.app03_py310.config")
c = TestClient(tutorial("settings.app03_py310.main").app)
r.rec("app03_info", c.get("/info"))

r.write("settings")
