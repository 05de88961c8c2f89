# Records FastAPI 0.142.2's answers for docs_src/middleware, sub_applications, static_files and advanced_middleware
# into app_structure.ts. Usage: see recorder.py.
import os, tempfile
from recorder import Recorder, tutorial
from fastapi.testclient import TestClient

r = Recorder("APP_STRUCTURE")

c = TestClient(tutorial("middleware.tutorial001_py310").app)
r.rec("middleware_missing", c.get("/"))
r.rec("middleware_openapi", c.get("/openapi.json"))
# The header's value is a duration: kept in its place, its value masked, for the comparison.
for name in ["middleware_missing", "middleware_openapi"]:
    r.out[name]["headers"] = [[k, "<seconds>" if k == "x-process-time" else v] for k, v in r.out[name]["headers"]]

c = TestClient(tutorial("sub_applications.tutorial001_py310").app)
r.rec("sub_main", c.get("/app"))
r.rec("sub_sub", c.get("/subapi/sub"))
r.rec("sub_openapi_main", c.get("/openapi.json"))
r.rec("sub_openapi_sub", c.get("/subapi/openapi.json"))
r.rec("sub_docs_sub", c.get("/subapi/docs"))

# static_files: a ./static folder with one file whose mtime is fixed, so ETag and Last-Modified can be compared.
os.chdir(tempfile.mkdtemp())
os.mkdir("static")
with open("static/sample.txt", "w") as f:
    f.write("This is a sample static file.")
os.utime("static/sample.txt", (1700000000, 1700000000))
c = TestClient(tutorial("static_files.tutorial001_py310").app)
r.rec("static_sample", c.get("/static/sample.txt"))
r.rec("static_not_found", c.get("/static/non_existent_file.txt"))
r.rec("static_head", c.head("/static/sample.txt"))
r.rec("static_304", c.get("/static/sample.txt", headers={"if-none-match": c.get("/static/sample.txt").headers["etag"]}))
r.rec("static_traversal", c.get("/static/../../etc/passwd"))
r.rec("static_openapi", c.get("/openapi.json"))

c = TestClient(tutorial("advanced_middleware.tutorial001_py310").app)
r.rec("https_redirect", c.get("/", follow_redirects=False))
c = TestClient(tutorial("advanced_middleware.tutorial001_py310").app, base_url="https://testserver")
r.rec("https_ok", c.get("/"))
c = TestClient(tutorial("advanced_middleware.tutorial002_py310").app)
r.rec("trusted_bad_host", c.get("/"))
c = TestClient(tutorial("advanced_middleware.tutorial002_py310").app, base_url="https://example.com")
r.rec("trusted_ok", c.get("/"))
c = TestClient(tutorial("advanced_middleware.tutorial003_py310").app)
r.rec("gzip_small", c.get("/", headers={"accept-encoding": "gzip"}))

r.write("app_structure")
