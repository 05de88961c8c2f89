# Records what FastAPI 0.142.2 answers for the apps of the tests added for issue 13 (several body parameters,
# forms and files, response model options, security...) and writes fastapi_reference_13.ts beside this file.
# Run with a venv holding `pip install fastapi==0.142.2 python-multipart httpx`: python fastapi_reference_13.py
import json, os, warnings
from typing import Annotated
warnings.simplefilter("ignore")
from fastapi import Body, FastAPI, File, Form, UploadFile
from fastapi.testclient import TestClient
from pydantic import BaseModel

out = {}
def rec(name, r):
    out[name] = {"status": r.status_code, "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in r.headers.raw], "body": r.text}
def api(name, app):
    out["openapi_" + name] = json.dumps(app.openapi())

class Item(BaseModel):
    name: str
    description: str | None = None
    price: float
    tax: float | None = None
class User(BaseModel):
    username: str
    full_name: str | None = None

# body_multiple_params tutorial003
app = FastAPI()
@app.put("/items/{item_id}")
async def update_item(item_id: int, item: Item, user: User, importance: Annotated[int, Body()]):
    return {"item_id": item_id, "item": item, "user": user, "importance": importance}
c = TestClient(app)
rec("bmp3_valid", c.put("/items/5", json={"importance": 2, "item": {"name": "Foo", "price": 50.5}, "user": {"username": "Dave"}}))
rec("bmp3_no_data", c.put("/items/5", json=None))
rec("bmp3_empty_list", c.put("/items/5", json=[]))
rec("bmp3_bad", c.put("/items/x", json={"item": {"name": "Foo"}, "user": None, "importance": "high"}))
api("bmp3", app)

# body_multiple_params tutorial005
app = FastAPI()
@app.put("/items/{item_id}")
async def update_item(item_id: int, item: Annotated[Item, Body(embed=True)]):
    return {"item_id": item_id, "item": item}
c = TestClient(app)
rec("bmp5_all", c.put("/items/5", json={"item": {"name": "Foo", "price": 50.5, "description": "Some Foo", "tax": 0.1}}))
rec("bmp5_required", c.put("/items/5", json={"item": {"name": "Foo", "price": 50.5}}))
rec("bmp5_no_body", c.put("/items/5", json=None))
rec("bmp5_like_not_embedded", c.put("/items/5", json={"name": "Foo", "price": 50.5}))
rec("bmp5_missing_in_item", c.put("/items/5", json={"item": {"name": "Foo"}, "user": {"username": "johndoe"}}))
api("bmp5", app)

# request_forms tutorial001
app = FastAPI()
@app.post("/login/")
async def login(username: Annotated[str, Form()], password: Annotated[str, Form()]):
    return {"username": username}
c = TestClient(app)
rec("form_ok", c.post("/login/", data={"username": "Foo", "password": "secret"}))
rec("form_no_password", c.post("/login/", data={"username": "Foo"}))
rec("form_no_username", c.post("/login/", data={"password": "secret"}))
rec("form_empty", c.post("/login/"))
rec("form_json", c.post("/login/", json={"username": "Foo", "password": "secret"}))
rec("form_empty_value", c.post("/login/", data={"username": "", "password": "secret"}))
api("form", app)

# request_files tutorial001 and 002
app = FastAPI()
@app.post("/files/")
async def create_file(file: Annotated[bytes, File()]):
    return {"file_size": len(file)}
@app.post("/uploadfile/")
async def create_upload_file(file: UploadFile):
    return {"filename": file.filename}
c = TestClient(app)
rec("files_no_body", c.post("/files/"))
rec("files_upload_no_body", c.post("/uploadfile/"))
rec("files_text_field", c.post("/files/", data={"file": "text"}))
rec("files_upload_text_field", c.post("/uploadfile/", data={"file": "text"}))
rec("files_file", c.post("/files/", files={"file": ("main.py", b"<file content>")}))
rec("files_upload_file", c.post("/uploadfile/", files={"file": ("main.py", b"<file content>")}))
api("files", app)
app = FastAPI()
@app.post("/files/")
async def create_files(files: Annotated[list[bytes], File()]):
    return {"file_sizes": [len(file) for file in files]}
@app.post("/uploadfiles/")
async def create_upload_files(files: list[UploadFile]):
    return {"filenames": [file.filename for file in files]}
c = TestClient(app)
rec("files2_no_body", c.post("/files/"))
rec("files2_upload_no_body", c.post("/uploadfiles/"))
two = [("files", ("test.txt", b"<file content>")), ("files", ("test2.txt", b"<file content2>"))]
rec("files2_files", c.post("/files/", files=two))
rec("files2_upload_files", c.post("/uploadfiles/", files=two))
api("files2", app)

# request_forms_and_files tutorial001
app = FastAPI()
@app.post("/files/")
async def create_file(file: Annotated[bytes, File()], fileb: Annotated[UploadFile, File()], token: Annotated[str, Form()]):
    return {"file_size": len(file), "token": token, "fileb_content_type": fileb.content_type}
c = TestClient(app)
rec("ff_no_body", c.post("/files/"))
rec("ff_token_only", c.post("/files/", data={"token": "foo"}))
rec("ff_no_file", c.post("/files/", data={"token": "foo"}, files={"fileb": ("f.bin", b"x")}))
rec("ff_all", c.post("/files/", data={"token": "foo"}, files={"file": ("a.txt", b"<file content>"), "fileb": ("b.txt", b"<file b content>", "text/csv")}))
api("ff", app)

# response_model tutorial004 and 005
class Item4(BaseModel):
    name: str
    description: str | None = None
    price: float
    tax: float = 10.5
    tags: list[str] = []
items = {
    "foo": {"name": "Foo", "price": 50.2},
    "bar": {"name": "Bar", "description": "The bartenders", "price": 62, "tax": 20.2},
    "baz": {"name": "Baz", "description": None, "price": 50.2, "tax": 10.5, "tags": []},
}
app = FastAPI()
@app.get("/items/{item_id}", response_model=Item4, response_model_exclude_unset=True)
async def read_item(item_id: str):
    return items[item_id]
c = TestClient(app)
for k in items: rec("rm4_" + k, c.get(f"/items/{k}"))
api("rm4", app)

class Item5(BaseModel):
    name: str
    description: str | None = None
    price: float
    tax: float = 10.5
items5 = {
    "foo": {"name": "Foo", "price": 50.2},
    "bar": {"name": "Bar", "description": "The Bar fighters", "price": 62, "tax": 20.2},
    "baz": {"name": "Baz", "description": "There goes my baz", "price": 50.2, "tax": 10.5},
}
app = FastAPI()
@app.get("/items/{item_id}/name", response_model=Item5, response_model_include={"name", "description"})
async def read_item_name(item_id: str):
    return items5[item_id]
@app.get("/items/{item_id}/public", response_model=Item5, response_model_exclude={"tax"})
async def read_item_public_data(item_id: str):
    return items5[item_id]
@app.get("/items/{item_id}/nodefaults", response_model=Item5, response_model_exclude_defaults=True)
async def read_item_no_defaults(item_id: str):
    return items5[item_id]
@app.get("/items/{item_id}/nonone", response_model=Item4, response_model_exclude_none=True)
async def read_item_no_none(item_id: str):
    return items[item_id]
c = TestClient(app)
rec("rm5_name", c.get("/items/bar/name"))
rec("rm5_public", c.get("/items/bar/public"))
rec("rm5_nodefaults_baz", c.get("/items/baz/nodefaults"))
rec("rm5_nodefaults_bar", c.get("/items/bar/nodefaults"))
rec("rm5_nonone_baz", c.get("/items/baz/nonone"))
api("rm5", app)

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "fastapi_reference_13.ts"), "w") as f:
    f.write("/** What FastAPI 0.142.2 answers for the apps of the issue-13 tests: written by fastapi_reference_13.py. */\n")
    f.write("import type { Recorded } from \"./fastapi_reference.js\";\n\n")
    f.write("export const FASTAPI13: Record<string, Recorded> = {\n")
    for k, v in out.items():
        if not k.startswith("openapi_"): f.write(f"  {k}: {json.dumps(v, ensure_ascii=False)},\n")
    f.write("};\n\n/** OpenAPI documents, as JSON text (key order kept). */\nexport const OPENAPI13: Record<string, string> = {\n")
    for k, v in out.items():
        if k.startswith("openapi_"): f.write(f"  {k[8:]}: {json.dumps(v, ensure_ascii=False)},\n")
    f.write("};\n")
