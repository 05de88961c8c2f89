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

# security tutorial003: OAuth2PasswordBearer + OAuth2PasswordRequestForm
from fastapi import Depends, HTTPException, Security
from fastapi.security.http import HTTPBase
from fastapi.security import (APIKeyCookie, APIKeyHeader, APIKeyQuery, HTTPBasic, HTTPBasicCredentials, HTTPBearer,
    HTTPAuthorizationCredentials, HTTPDigest, OAuth2PasswordBearer, OAuth2PasswordRequestForm, SecurityScopes)
fake_users_db = {
    "johndoe": {"username": "johndoe", "full_name": "John Doe", "email": "johndoe@example.com", "hashed_password": "fakehashedsecret", "disabled": False},
    "alice": {"username": "alice", "full_name": "Alice Wonderson", "email": "alice@example.com", "hashed_password": "fakehashedsecret2", "disabled": True},
}
app = FastAPI()
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")
class SUser(BaseModel):
    username: str
    email: str | None = None
    full_name: str | None = None
    disabled: bool | None = None
class UserInDB(SUser):
    hashed_password: str
async def get_current_user(token: Annotated[str, Depends(oauth2_scheme)]):
    user = UserInDB(**fake_users_db[token]) if token in fake_users_db else None
    if not user:
        raise HTTPException(status_code=401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"})
    return user
async def get_current_active_user(current_user: Annotated[SUser, Depends(get_current_user)]):
    if current_user.disabled:
        raise HTTPException(status_code=400, detail="Inactive user")
    return current_user
@app.post("/token")
async def login(form_data: Annotated[OAuth2PasswordRequestForm, Depends()]):
    user_dict = fake_users_db.get(form_data.username)
    if not user_dict:
        raise HTTPException(status_code=400, detail="Incorrect username or password")
    user = UserInDB(**user_dict)
    if not "fakehashed" + form_data.password == user.hashed_password:
        raise HTTPException(status_code=400, detail="Incorrect username or password")
    return {"access_token": user.username, "token_type": "bearer"}
@app.get("/users/me")
async def read_users_me(current_user: Annotated[SUser, Depends(get_current_active_user)]):
    return current_user
c = TestClient(app)
rec("sec3_login", c.post("/token", data={"username": "johndoe", "password": "secret"}))
rec("sec3_login_bad_password", c.post("/token", data={"username": "johndoe", "password": "incorrect"}))
rec("sec3_login_bad_username", c.post("/token", data={"username": "foo", "password": "secret"}))
rec("sec3_login_no_data", c.post("/token"))
rec("sec3_login_bad_grant", c.post("/token", data={"username": "johndoe", "password": "secret", "grant_type": "foo"}))
rec("sec3_no_token", c.get("/users/me"))
rec("sec3_token", c.get("/users/me", headers={"Authorization": "Bearer johndoe"}))
rec("sec3_incorrect_token", c.get("/users/me", headers={"Authorization": "Bearer nonexistent"}))
rec("sec3_incorrect_token_type", c.get("/users/me", headers={"Authorization": "Notexistent testtoken"}))
rec("sec3_inactive", c.get("/users/me", headers={"Authorization": "Bearer alice"}))
api("sec3", app)

# security tutorial006: HTTPBasic; and the test_security_* apps
app = FastAPI()
basic = HTTPBasic()
basic_realm = HTTPBasic(realm="simple", description="HTTPBasic scheme")
@app.get("/users/me")
def read_current_user(credentials: Annotated[HTTPBasicCredentials, Depends(basic)]):
    return {"username": credentials.username, "password": credentials.password}
c = TestClient(app)
rec("basic_ok", c.get("/users/me", auth=("john", "secret")))
rec("basic_none", c.get("/users/me"))
rec("basic_invalid_header", c.get("/users/me", headers={"Authorization": "Basic notabase64token"}))
rec("basic_no_colon", c.get("/users/me", headers={"Authorization": "Basic am9obg=="}))
rec("basic_other_scheme", c.get("/users/me", headers={"Authorization": "Other foobar"}))
api("basic", app)
app = FastAPI()
@app.get("/users/me")
def read_current_user(credentials: Annotated[HTTPBasicCredentials, Security(basic_realm)]):
    return {"username": credentials.username, "password": credentials.password}
c = TestClient(app)
rec("basic_realm_none", c.get("/users/me"))
rec("basic_realm_ok", c.get("/users/me", auth=("john", "secret")))
api("basic_realm", app)

app = FastAPI()
@app.get("/query")
def q(key: Annotated[str | None, Security(APIKeyQuery(name="key", auto_error=False))]):
    return {"key": key}
@app.get("/header")
def h(key: Annotated[str, Security(APIKeyHeader(name="key", description="An API Key Header"))]):
    return {"key": key}
@app.get("/cookie")
def ck(key: Annotated[str, Security(APIKeyCookie(name="key"))]):
    return {"key": key}
c = TestClient(app)
rec("apikey_query_none", c.get("/query"))
rec("apikey_query", c.get("/query?key=secret"))
rec("apikey_header_none", c.get("/header"))
rec("apikey_header", c.get("/header", headers={"key": "secret"}))
rec("apikey_cookie_none", c.get("/cookie"))
c.cookies.set("key", "secret")
rec("apikey_cookie", c.get("/cookie"))
api("apikey", app)

app = FastAPI()
@app.get("/bearer")
def b(credentials: Annotated[HTTPAuthorizationCredentials, Security(HTTPBearer(bearerFormat="JWT"))]):
    return {"scheme": credentials.scheme, "credentials": credentials.credentials}
@app.get("/bearer-optional")
def bo(credentials: Annotated[HTTPAuthorizationCredentials | None, Security(HTTPBearer(auto_error=False, scheme_name="Optional"))]):
    if credentials is None:
        return {"msg": "Create an account first"}
    return {"scheme": credentials.scheme, "credentials": credentials.credentials}
@app.get("/digest")
def d(credentials: Annotated[HTTPAuthorizationCredentials, Security(HTTPDigest())]):
    return {"scheme": credentials.scheme, "credentials": credentials.credentials}
@app.get("/base")
def bs(credentials: Annotated[HTTPAuthorizationCredentials, Security(HTTPBase(scheme="Other"))]):
    return {"scheme": credentials.scheme, "credentials": credentials.credentials}
c = TestClient(app)
rec("bearer_ok", c.get("/bearer", headers={"Authorization": "Bearer foobar"}))
rec("bearer_none", c.get("/bearer"))
rec("bearer_other", c.get("/bearer", headers={"Authorization": "Basic notreally"}))
rec("bearer_no_credentials", c.get("/bearer", headers={"Authorization": "Bearer"}))
rec("bearer_optional_none", c.get("/bearer-optional"))
rec("bearer_optional_other", c.get("/bearer-optional", headers={"Authorization": "Basic notreally"}))
rec("digest_ok", c.get("/digest", headers={"Authorization": "Digest foobar"}))
rec("digest_none", c.get("/digest"))
rec("digest_other", c.get("/digest", headers={"Authorization": "Other foobar"}))
rec("base_ok", c.get("/base", headers={"Authorization": "Other foobar"}))
rec("base_none", c.get("/base"))
api("http", app)

# Security scopes (test_security_scopes, test_security_scopes_sub_dependency shapes)
app = FastAPI()
oauth2 = OAuth2PasswordBearer(tokenUrl="token", scopes={"me": "Read information about the current user.", "items": "Read items."})
def get_user(security_scopes: SecurityScopes, token: Annotated[str, Depends(oauth2)]):
    return {"token": token, "scopes": security_scopes.scopes, "scope_str": security_scopes.scope_str}
def get_active(user: Annotated[dict, Security(get_user, scopes=["me"])]):
    return user
@app.get("/users/me/items/")
def read_own_items(user: Annotated[dict, Security(get_active, scopes=["items"])]):
    return user
@app.get("/users/me")
def read_me(user: Annotated[dict, Depends(get_active)]):
    return user
@app.get("/status/")
def read_system_status(user: Annotated[dict, Depends(get_user)]):
    return {"status": "ok"}
c = TestClient(app)
rec("scopes_items", c.get("/users/me/items/", headers={"Authorization": "Bearer tok"}))
rec("scopes_me", c.get("/users/me", headers={"Authorization": "Bearer tok"}))
rec("scopes_none", c.get("/users/me"))
api("scopes", app)

# dependencies tutorial002: a class as a dependency
app = FastAPI()
fake_items_db = [{"item_name": "Foo"}, {"item_name": "Bar"}, {"item_name": "Baz"}]
class CommonQueryParams:
    def __init__(self, q: str | None = None, skip: int = 0, limit: int = 100):
        self.q = q
        self.skip = skip
        self.limit = limit
@app.get("/items/")
async def read_items(commons: Annotated[CommonQueryParams, Depends(CommonQueryParams)]):
    response = {}
    if commons.q:
        response.update({"q": commons.q})
    response.update({"items": fake_items_db[commons.skip : commons.skip + commons.limit]})
    return response
c = TestClient(app)
rec("depcls_items", c.get("/items"))
rec("depcls_items_q", c.get("/items?q=foo&skip=1&limit=1"))
rec("depcls_items_bad", c.get("/items?skip=x"))
api("depcls", app)

# extra_data_types tutorial001, and pydantic's other standard types
from datetime import datetime, time, timedelta, date
from decimal import Decimal
from uuid import UUID
app = FastAPI()
@app.put("/items/{item_id}")
async def read_items(item_id: UUID, start_datetime: Annotated[datetime, Body()], end_datetime: Annotated[datetime, Body()],
                     process_after: Annotated[timedelta, Body()], repeat_at: Annotated[time | None, Body()] = None):
    start_process = start_datetime + process_after
    duration = end_datetime - start_process
    return {"item_id": item_id, "start_datetime": start_datetime, "end_datetime": end_datetime, "process_after": process_after,
            "repeat_at": repeat_at, "start_process": start_process, "duration": duration}
c = TestClient(app)
uid = "ff97dd87-a4a5-4a12-b412-cde99f33e00e"
rec("edt_ok", c.put(f"/items/{uid}", json={"start_datetime": "2018-12-22T14:00:00+00:00", "end_datetime": "2018-12-24T15:00:00+00:00", "repeat_at": "15:30:00", "process_after": 300}))
rec("edt_naive_iso", c.put("/items/ff97dd87a4a54a12b412cde99f33e00e", json={"start_datetime": "2018-12-22T14:00:00", "end_datetime": "2018-12-24T15:00:00.5", "process_after": "PT1H"}))
rec("edt_offset", c.put(f"/items/{uid}", json={"start_datetime": "2018-12-22T14:00:00+05:30", "end_datetime": "2018-12-24T15:00:00+05:30", "process_after": "P1DT2H"}))
rec("edt_bad", c.put("/items/x", json={"start_datetime": "x", "end_datetime": "2018-13-22", "process_after": "x", "repeat_at": "99:00"}))
api("edt", app)

class Types(BaseModel):
    tags: set[str] = set()
    frozen: frozenset[int] = frozenset()
    weights: dict[int, float] = {}
    price: Decimal = Decimal("0")
    data: bytes = b""
    day: date | None = None
    at: datetime | None = None
    wait: timedelta | None = None
app = FastAPI()
@app.post("/types/", response_model=Types)
async def create_types(t: Types):
    return t
c = TestClient(app)
rec("types_ok", c.post("/types/", json={"tags": ["a", "b", "a"], "frozen": [1, 1], "weights": {"1": 0.5}, "price": "1.50", "data": "abc", "day": "2020-01-02", "at": "2020-01-02T03:04:05Z", "wait": 90}))
rec("types_bad_value", c.post("/types/", json={"weights": {"2": "y"}, "tags": ["a", 3]}))
rec("types_bad", c.post("/types/", json={"tags": "a", "frozen": 3, "weights": {"x": 1.0}, "price": "z", "data": 3, "day": "2020-01-02T10:00:00", "at": [], "wait": "x"}))
api("types", app)

# additional_responses tutorial001-003, and a camelCase handler name
from fastapi.responses import JSONResponse
class ARItem(BaseModel):
    id: str
    value: str
class Message(BaseModel):
    message: str
app = FastAPI()
@app.get("/items/{item_id}", response_model=ARItem, responses={404: {"model": Message}})
async def read_item(item_id: str):
    if item_id == "foo":
        return {"id": "foo", "value": "there goes my hero"}
    return JSONResponse(status_code=404, content={"message": "Item not found"})
c = TestClient(app)
rec("ar1_foo", c.get("/items/foo"))
rec("ar1_bar", c.get("/items/bar"))
api("ar1", app)
app = FastAPI()
@app.get("/items/{item_id}", response_model=ARItem, responses={200: {"content": {"image/png": {}}, "description": "Return the JSON item or an image."}})
async def read_item(item_id: str, img: bool | None = None):
    return {"id": "foo", "value": "there goes my hero"}
api("ar2", app)
app = FastAPI()
@app.get("/items/{item_id}", response_model=ARItem, responses={
    404: {"model": Message, "description": "The item was not found"},
    200: {"description": "Item requested by ID", "content": {"application/json": {"example": {"id": "bar", "value": "The bar tenders"}}}}})
async def read_item(item_id: str):
    return {"id": "foo", "value": "there goes my hero"}
api("ar3", app)
app = FastAPI()
@app.get("/items/{item_id}", description="Reads one item.", responses={"4XX": {"model": Message}, "default": {"description": "Anything else"}})
async def readItem(item_id: str):
    return {"id": item_id}
api("ar_misc", app)

# body_fields tutorial001, body_nested_models tutorial004, path_operation_configuration tutorial005/006
from pydantic import Field
class BFItem(BaseModel):
    name: str
    description: str | None = Field(default=None, title="The description of the item", max_length=300)
    price: float = Field(gt=0, description="The price must be greater than zero")
    tax: float | None = None
app = FastAPI()
@app.put("/items/{item_id}")
async def update_item(item_id: int, item: Annotated[BFItem, Body(embed=True)]):
    return {"item_id": item_id, "item": item}
c = TestClient(app)
rec("bf_ok", c.put("/items/5", json={"item": {"name": "Foo", "price": 3.0}}))
rec("bf_bad", c.put("/items/5", json={"item": {"name": "Foo", "price": -3.0, "description": "x" * 301}}))
api("bf", app)
class Image(BaseModel):
    url: str
    name: str
class BNItem(BaseModel):
    name: str
    description: str | None = None
    price: float
    tax: float | None = None
    tags: set[str] = set()
    image: Image | None = None
app = FastAPI()
@app.put("/items/{item_id}")
async def update_item(item_id: int, item: BNItem):
    return {"item_id": item_id, "item": item}
c = TestClient(app)
rec("bn_ok", c.put("/items/5", json={"name": "Foo", "price": 1, "tags": ["a"], "image": {"url": "http://x", "name": "x"}}))
rec("bn_bad", c.put("/items/5", json={"name": "Foo", "price": 1, "tags": "a", "image": {"url": 1}}))
api("bn", app)
app = FastAPI()
@app.post("/items/", summary="Create an item", response_description="The created item", status_code=201, tags=["items"], description="Create an item with all the information")
async def create_item(item: BNItem) -> BNItem:
    return item
@app.get("/elements/", tags=["items"], deprecated=True)
async def read_elements():
    return [{"item_id": "Foo"}]
api("poc", app)

# request_form_models tutorial001 and 002 (extra forbidden)
class FormData(BaseModel):
    username: str
    password: str
class StrictFormData(BaseModel):
    username: str
    password: str
    model_config = {"extra": "forbid"}
app = FastAPI()
@app.post("/login/")
async def login(data: Annotated[FormData, Form()]):
    return data
@app.post("/strict/")
async def strict(data: Annotated[StrictFormData, Form()]):
    return data
c = TestClient(app)
rec("fm_ok", c.post("/login/", data={"username": "Foo", "password": "secret"}))
rec("fm_missing", c.post("/login/", data={"username": "Foo"}))
rec("fm_none", c.post("/login/"))
rec("fm_extra", c.post("/strict/", data={"username": "Foo", "password": "secret", "extra": "extra"}))
api("fm", app)

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
