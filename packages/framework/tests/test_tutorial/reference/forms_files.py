# Records what FastAPI 0.142.2 answers for the request_files tutorials not yet compared (001_02: optional files,
# 001_03: described files, 003: described lists) and for tests/test_forms_single_param.py, test_forms_single_model.py,
# test_union_forms.py and test_forms_from_non_typing_sequences.py's apps; writes forms_files.ts beside this file.
# Run with a venv holding `pip install fastapi==0.142.2 python-multipart httpx`: python forms_files.py
import json, os, warnings
from typing import Annotated
warnings.simplefilter("ignore")
from fastapi import FastAPI, File, Form, UploadFile
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

out = {}
def rec(name, r):
    out[name] = {"status": r.status_code, "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in r.headers.raw], "body": r.text}
def api(name, app):
    out["openapi_" + name] = json.dumps(app.openapi())

# request_files tutorial001_02
app = FastAPI()
@app.post("/files/")
async def create_file(file: bytes | None = File(default=None)):
    if not file:
        return {"message": "No file sent"}
    else:
        return {"file_size": len(file)}
@app.post("/uploadfile/")
async def create_upload_file(file: UploadFile | None = None):
    if not file:
        return {"message": "No upload file sent"}
    else:
        return {"filename": file.filename}
c = TestClient(app)
rec("rf1_02_files_no_body", c.post("/files/"))
rec("rf1_02_uploadfile_no_body", c.post("/uploadfile/"))
rec("rf1_02_files", c.post("/files/", files={"file": ("test.txt", b"<file content>")}))
rec("rf1_02_uploadfile", c.post("/uploadfile/", files={"file": ("test.txt", b"<file content>")}))
rec("rf1_02_files_empty", c.post("/files/", files={"file": ("empty.txt", b"")}))
api("rf1_02", app)

# request_files tutorial001_03
app = FastAPI()
@app.post("/files/")
async def create_file(file: bytes = File(description="A file read as bytes")):
    return {"file_size": len(file)}
@app.post("/uploadfile/")
async def create_upload_file(file: UploadFile = File(description="A file read as UploadFile")):
    return {"filename": file.filename}
c = TestClient(app)
rec("rf1_03_files", c.post("/files/", files={"file": ("test.txt", b"<file content>")}))
rec("rf1_03_uploadfile", c.post("/uploadfile/", files={"file": ("test.txt", b"<file content>")}))
rec("rf1_03_files_no_body", c.post("/files/"))
api("rf1_03", app)

# request_files tutorial003
app = FastAPI()
@app.post("/files/")
async def create_files(files: list[bytes] = File(description="Multiple files as bytes")):
    return {"file_sizes": [len(file) for file in files]}
@app.post("/uploadfiles/")
async def create_upload_files(files: list[UploadFile] = File(description="Multiple files as UploadFile")):
    return {"filenames": [file.filename for file in files]}
@app.get("/")
async def main():
    content = """
<body>
<form action="/files/" enctype="multipart/form-data" method="post">
<input name="files" type="file" multiple>
<input type="submit">
</form>
<form action="/uploadfiles/" enctype="multipart/form-data" method="post">
<input name="files" type="file" multiple>
<input type="submit">
</form>
</body>
    """
    return HTMLResponse(content=content)
c = TestClient(app)
two = [("files", ("test.txt", b"<file content>")), ("files", ("test2.txt", b"<file content2>"))]
rec("rf3_files", c.post("/files/", files=two))
rec("rf3_uploadfiles", c.post("/uploadfiles/", files=two))
rec("rf3_root", c.get("/"))
rec("rf3_files_no_body", c.post("/files/"))
api("rf3", app)

# tests/test_forms_single_param.py
app = FastAPI()
@app.post("/form/")
def post_form(username: Annotated[str, Form()]):
    return username
c = TestClient(app)
rec("single_param", c.post("/form/", data={"username": "Rick"}))
rec("single_param_missing", c.post("/form/", data={}))
api("single_param", app)

# tests/test_forms_single_model.py
class FormModel(BaseModel):
    username: str
    lastname: str
    age: int | None = None
    tags: list[str] = ["foo", "bar"]
    alias_with: str = Field(alias="with", default="nothing")
class FormModelExtraAllow(BaseModel):
    param: str
    model_config = {"extra": "allow"}
app = FastAPI()
@app.post("/form/")
def post_form(user: Annotated[FormModel, Form()]):
    return user
@app.post("/form-extra-allow/")
def post_form_extra_allow(params: Annotated[FormModelExtraAllow, Form()]):
    return params
c = TestClient(app)
rec("model_all", c.post("/form/", data={"username": "Rick", "lastname": "Sanchez", "age": "70", "tags": ["plumbus", "citadel"], "with": "something"}))
rec("model_defaults", c.post("/form/", data={"username": "Rick", "lastname": "Sanchez"}))
rec("model_invalid", c.post("/form/", data={"username": "Rick", "lastname": "Sanchez", "age": "seventy"}))
rec("model_no_data", c.post("/form/", data={"age": "70"}))
rec("model_extra_allow", c.post("/form-extra-allow/", data={"param": "123", "extra_param": "456"}))
api("model", app)

# tests/test_union_forms.py
class UserForm(BaseModel):
    name: str
    email: str
class CompanyForm(BaseModel):
    company_name: str
    industry: str
app = FastAPI()
@app.post("/form-union/")
def post_union_form(data: Annotated[UserForm | CompanyForm, Form()]):
    return {"received": data}
c = TestClient(app)
rec("union_user", c.post("/form-union/", data={"name": "John Doe", "email": "john@example.com"}))
rec("union_company", c.post("/form-union/", data={"company_name": "Tech Corp", "industry": "Technology"}))
rec("union_invalid", c.post("/form-union/", data={"name": "John", "company_name": "Tech"}))
rec("union_empty", c.post("/form-union/"))
api("union", app)

# tests/test_forms_from_non_typing_sequences.py
app = FastAPI()
@app.post("/form/python-list")
def post_form_param_list(items: list = Form()):
    return items
@app.post("/form/python-set")
def post_form_param_set(items: set = Form()):
    return items
c = TestClient(app)
rec("seq_list", c.post("/form/python-list", data={"items": ["first", "second", "third"]}))
rec("seq_list_one", c.post("/form/python-list", data={"items": "only"}))
api("seq", app)

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "forms_files.ts"), "w") as f:
    f.write("// Generated by forms_files.py from FastAPI 0.142.2's answers: do not edit.\n")
    f.write("export const FORMS: Record<string, { status: number; headers: [string, string][]; body: string }> = ")
    f.write(json.dumps({k: v for k, v in out.items() if not k.startswith("openapi_")}, indent=0, ensure_ascii=False))
    f.write(";\n\nexport const FORMS_OPENAPI: Record<string, string> = ")
    f.write(json.dumps({k[8:]: v for k, v in out.items() if k.startswith("openapi_")}, indent=0, ensure_ascii=False))
    f.write(";\n")
