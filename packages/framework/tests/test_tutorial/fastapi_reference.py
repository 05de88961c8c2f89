import json, sys
from enum import Enum
from typing import Annotated
from fastapi import FastAPI, HTTPException, Depends, Header, Cookie, Request, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.testclient import TestClient
from starlette.exceptions import HTTPException as StarletteHTTPException
from pydantic import BaseModel, EmailStr

out = {}
def rec(name, r):
    out[name] = {"status": r.status_code, "headers": [[k.decode(), v.decode()] for k, v in r.headers.raw], "body": r.text}

# path params
app = FastAPI()
@app.get("/items/{item_id}")
async def read_item(item_id: int): return {"item_id": item_id}
@app.get("/users/me")
async def read_user_me(): return {"user_id": "the current user"}
@app.get("/users/{user_id}")
async def read_user(user_id: str): return {"user_id": user_id}
@app.get("/files/{file_path:path}")
async def read_file(file_path: str): return {"file_path": file_path}
class ModelName(str, Enum):
    alexnet = "alexnet"; resnet = "resnet"; lenet = "lenet"
@app.get("/models/{model_name}")
async def get_model(model_name: ModelName):
    if model_name is ModelName.alexnet: return {"model_name": model_name, "message": "Deep Learning FTW!"}
    if model_name.value == "lenet": return {"model_name": model_name, "message": "LeCNN all the images"}
    return {"model_name": model_name, "message": "Have some residuals"}
c = TestClient(app)
for n, u in [("item_3", "/items/3"), ("item_foo", "/items/foo"), ("item_float", "/items/4.2"), ("users_me", "/users/me"), ("users_x", "/users/alice"),
             ("files", "/files//home/johndoe/myfile.txt"), ("model_alexnet", "/models/alexnet"), ("model_lenet", "/models/lenet"), ("model_resnet", "/models/resnet"), ("model_bad", "/models/foo")]:
    rec("path_" + n, c.get(u))

# query params
app = FastAPI()
fake_items_db = [{"item_name": "Foo"}, {"item_name": "Bar"}, {"item_name": "Baz"}]
@app.get("/items/")
async def read_items(skip: int = 0, limit: int = 10): return fake_items_db[skip : skip + limit]
@app.get("/items/{item_id}")
async def read_item(item_id: str, q: str | None = None, short: bool = False):
    item = {"item_id": item_id}
    if q: item.update({"q": q})
    if not short: item.update({"description": "This is an amazing item that has a long description"})
    return item
@app.get("/needy/{item_id}")
async def read_user_item(item_id: str, needy: str, skip: int = 0, limit: int | None = None):
    return {"item_id": item_id, "needy": needy, "skip": skip, "limit": limit}
c = TestClient(app)
for n, u in [("items", "/items/"), ("items_skip", "/items/?skip=1"), ("items_skip_limit", "/items/?skip=1&limit=1"), ("items_bad", "/items/?skip=x&limit=y"),
             ("item", "/items/foo"), ("item_q", "/items/foo?q=bar"), ("item_short_1", "/items/foo?short=1"), ("item_short_yes", "/items/foo?q=x&short=yes"), ("item_short_bad", "/items/foo?short=maybe"),
             ("needy_missing", "/needy/foo"), ("needy", "/needy/foo?needy=sooooneedy"), ("needy_all", "/needy/foo?needy=x&skip=a&limit=b")]:
    rec("query_" + n, c.get(u))

# body
app = FastAPI()
class Item(BaseModel):
    name: str
    description: str | None = None
    price: float
    tax: float | None = None
@app.post("/items/")
async def create_item(item: Item):
    d = item.model_dump()
    if item.tax is not None: d.update({"price_with_tax": item.price + item.tax})
    return d
@app.put("/items/{item_id}")
async def update_item(item_id: int, item: Item, q: str | None = None):
    result = {"item_id": item_id, **item.model_dump()}
    if q: result.update({"q": q})
    return result
c = TestClient(app)
rec("body_ok", c.post("/items/", json={"name": "Foo", "price": 50.5}))
rec("body_tax", c.post("/items/", json={"name": "Foo", "price": 50.5, "tax": 0.5, "description": "Some Foo"}))
rec("body_missing_price", c.post("/items/", json={"name": "Foo"}))
rec("body_bad_price", c.post("/items/", json={"name": "Foo", "price": "fifty"}))
rec("body_none", c.post("/items/"))
rec("body_list", c.post("/items/", json=["a"]))
rec("body_broken", c.post("/items/", content=b'{"name": "Foo", "price": }', headers={"content-type": "application/json"}))
rec("body_text", c.post("/items/", content=b'{"name":"Foo","price":1}', headers={"content-type": "text/plain"}))
rec("body_put", c.put("/items/5?q=x", json={"name": "Foo", "price": 2}))
rec("body_put_bad", c.put("/items/x", json={"price": "y"}))

# response model
app = FastAPI()
class UserIn(BaseModel):
    username: str
    password: str
    email: str
    full_name: str | None = None
class UserOut(BaseModel):
    username: str
    email: str
    full_name: str | None = None
@app.post("/user/", response_model=UserOut)
async def create_user(user: UserIn): return user
@app.get("/broken", response_model=UserOut)
async def broken(): return {"username": "x"}
@app.post("/created", status_code=201)
async def created(): return {"ok": True}
@app.delete("/gone", status_code=204)
async def gone(): return None
c = TestClient(app, raise_server_exceptions=False)
rec("resp_user", c.post("/user/", json={"username": "foo", "password": "secret", "email": "foo@example.com"}))
rec("resp_user_full", c.post("/user/", json={"username": "foo", "password": "secret", "email": "foo@example.com", "full_name": "Grüße ☃"}))
rec("resp_broken", c.get("/broken"))
rec("resp_created", c.post("/created"))
rec("resp_gone", c.delete("/gone"))

# handling errors
app = FastAPI()
items = {"foo": "The Foo Wrestlers"}
@app.get("/items/{item_id}")
async def read_item(item_id: str):
    if item_id not in items: raise HTTPException(status_code=404, detail="Item not found")
    return {"item": items[item_id]}
@app.get("/items-header/{item_id}")
async def read_item_header(item_id: str):
    if item_id not in items: raise HTTPException(status_code=404, detail="Item not found", headers={"X-Error": "There goes my error"})
    return {"item": items[item_id]}
class UnicornException(Exception):
    def __init__(self, name: str): self.name = name
@app.exception_handler(UnicornException)
async def unicorn_exception_handler(request: Request, exc: UnicornException):
    return JSONResponse(status_code=418, content={"message": f"Oops! {exc.name} did something. There goes a rainbow..."})
@app.get("/unicorns/{name}")
async def read_unicorn(name: str):
    if name == "yolo": raise UnicornException(name=name)
    return {"unicorn_name": name}
@app.get("/detail-obj")
async def detail_obj(): raise HTTPException(status_code=400, detail={"msg": "bad", "codes": [1, 2]})
c = TestClient(app)
rec("err_item", c.get("/items/foo")); rec("err_item_404", c.get("/items/bar"))
rec("err_header", c.get("/items-header/bar")); rec("err_unicorn", c.get("/unicorns/yolo")); rec("err_unicorn_ok", c.get("/unicorns/shinny"))
rec("err_detail_obj", c.get("/detail-obj"))

app = FastAPI()
@app.exception_handler(StarletteHTTPException)
async def http_exc(request, exc): return PlainTextResponse(str(exc.detail), status_code=exc.status_code)
@app.exception_handler(RequestValidationError)
async def validation_exc(request, exc):
    message = "Validation errors:"
    for error in exc.errors(): message += f"\nField: {error['loc']}, Error: {error['msg']}"
    return PlainTextResponse(message, status_code=400)
@app.get("/items/{item_id}")
async def read_item4(item_id: int):
    if item_id == 3: raise HTTPException(status_code=418, detail="Nope! I don't like 3.")
    return {"item_id": item_id}
c = TestClient(app)
rec("err4_bad", c.get("/items/foo")); rec("err4_3", c.get("/items/3")); rec("err4_ok", c.get("/items/2"))

app = FastAPI()
@app.exception_handler(RequestValidationError)
async def validation_exc5(request: Request, exc: RequestValidationError):
    return JSONResponse(status_code=422, content=jsonable_encoder({"detail": exc.errors(), "body": exc.body}))
class Item5(BaseModel):
    title: str
    size: int
@app.post("/items/")
async def create_item5(item: Item5): return item
c = TestClient(app)
rec("err5_bad", c.post("/items/", json={"title": "towel", "size": "XL"})); rec("err5_ok", c.post("/items/", json={"title": "towel", "size": 5}))

app = FastAPI()
seen = []
@app.exception_handler(StarletteHTTPException)
async def custom_http(request, exc):
    seen.append(f"OMG! An HTTP error!: {exc!r}")
    return await http_exception_handler(request, exc)
@app.exception_handler(RequestValidationError)
async def custom_val(request, exc):
    seen.append(f"OMG! The client sent invalid data!: {exc}")
    return await request_validation_exception_handler(request, exc)
@app.get("/items/{item_id}")
async def read_item6(item_id: int):
    if item_id == 3: raise HTTPException(status_code=418, detail="Nope! I don't like 3.")
    return {"item_id": item_id}
c = TestClient(app)
rec("err6_bad", c.get("/items/foo")); rec("err6_3", c.get("/items/3")); rec("err6_ok", c.get("/items/2"))

# dependencies
app = FastAPI()
async def common_parameters(q: str | None = None, skip: int = 0, limit: int = 100):
    return {"q": q, "skip": skip, "limit": limit}
@app.get("/items/")
async def read_items(commons: Annotated[dict, Depends(common_parameters)]): return commons
@app.get("/users/")
async def read_users(commons: Annotated[dict, Depends(common_parameters)]): return commons
def query_extractor(q: str | None = None): return q
def query_or_cookie_extractor(q: Annotated[str, Depends(query_extractor)], last_query: Annotated[str | None, Cookie()] = None):
    if not q: return last_query
    return q
@app.get("/sub/")
async def read_query(query_or_default: Annotated[str, Depends(query_or_cookie_extractor)]): return {"q_or_cookie": query_or_default}
async def verify_token(x_token: Annotated[str, Header()]):
    if x_token != "fake-super-secret-token": raise HTTPException(status_code=400, detail="X-Token header invalid")
async def verify_key(x_key: Annotated[str, Header()]):
    if x_key != "fake-super-secret-key": raise HTTPException(status_code=400, detail="X-Key header invalid")
    return x_key
@app.get("/guarded/", dependencies=[Depends(verify_token), Depends(verify_key)])
async def guarded(): return [{"item": "Foo"}, {"item": "Bar"}]
c = TestClient(app)
rec("dep_items", c.get("/items/")); rec("dep_items_q", c.get("/items/?q=foo&skip=5&limit=30")); rec("dep_users_bad", c.get("/users/?skip=a"))
rec("dep_sub", c.get("/sub/")); rec("dep_sub_q", c.get("/sub/?q=foo")); rec("dep_sub_cookie", c.get("/sub/", cookies={"last_query": "from cookie"}))
rec("dep_guard_none", c.get("/guarded/")); rec("dep_guard_badtoken", c.get("/guarded/", headers={"X-Token": "invalid", "X-Key": "fake-super-secret-key"}))
rec("dep_guard_badkey", c.get("/guarded/", headers={"X-Token": "fake-super-secret-token", "X-Key": "invalid"}))
rec("dep_guard_ok", c.get("/guarded/", headers={"X-Token": "fake-super-secret-token", "X-Key": "fake-super-secret-key"}))
# header and cookie params
app = FastAPI()
@app.get("/items/")
async def read_items_h(user_agent: Annotated[str | None, Header()] = None): return {"User-Agent": user_agent}
@app.get("/tokens/")
async def read_tokens(x_token: Annotated[list[str] | None, Header()] = None): return {"X-Token values": x_token}
@app.get("/ads/")
async def read_ads(ads_id: Annotated[str | None, Cookie()] = None): return {"ads_id": ads_id}
c = TestClient(app)
rec("hdr_default", c.get("/items/"))
rec("hdr_custom", c.get("/items/", headers={"User-Agent": "FastAPI test"}))
rec("hdr_tokens_none", c.get("/tokens/"))
rec("hdr_tokens", c.get("/tokens/", headers=[("X-Token", "foo"), ("X-Token", "bar")]))
rec("cookie_none", c.get("/ads/"))
rec("cookie_set", c.get("/ads/", cookies={"ads_id": "ads_track"}))
json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


