# Records what FastAPI 0.142.2 answers for the streaming chapters of its tutorial (stream_data, stream_json_lines,
# server_sent_events) and for tests/test_sse.py and test_stream_*.py's apps, and writes streaming.ts beside this file.
# Run with a venv holding `pip install fastapi==0.142.2 httpx`: python streaming.py
import hashlib, importlib, json, os, sys, typing, warnings
warnings.simplefilter("ignore")
from fastapi.testclient import TestClient

DOCS = os.environ.get("FASTAPI_DOCS_SRC")  # a checkout's docs_src, to import the tutorial apps from
sys.path.insert(0, os.path.dirname(DOCS))

out = {}
def rec(name, r):
    out[name] = {"status": r.status_code, "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in r.headers.raw], "body": r.text}
def rec_binary(name, r):
    # A binary body as its length and SHA-256, which the test compares.
    rec(name, r)
    out[name]["body"] = f"{len(r.content)}:{hashlib.sha256(r.content).hexdigest()}"
def api(name, app):
    out["openapi_" + name] = json.dumps(app.openapi())
def tutorial(chapter, n):
    return importlib.import_module(f"docs_src.{chapter}.tutorial{n}_py310").app

app = tutorial("stream_data", "001"); c = TestClient(app)
for p in ["stream", "stream-no-async", "stream-no-annotation", "stream-no-async-no-annotation", "stream-bytes",
          "stream-no-async-bytes", "stream-no-annotation-bytes", "stream-no-async-no-annotation-bytes"]:
    rec(f"sd1_{p}", c.get(f"/story/{p}"))
api("sd1", app)

app = tutorial("stream_data", "002"); c = TestClient(app)
for p in ["stream", "stream-no-async", "stream-no-async-yield-from", "stream-no-annotation", "stream-no-async-no-annotation"]:
    rec_binary(f"sd2_{p}", c.get(f"/image/{p}"))
api("sd2", app)

app = tutorial("stream_json_lines", "001"); c = TestClient(app)
for p in ["stream", "stream-no-async", "stream-no-annotation", "stream-no-async-no-annotation"]:
    rec(f"sjl1_{p}", c.get(f"/items/{p}"))
rec("sjl1_post", c.post("/items/stream"))
api("sjl1", app)

app = tutorial("server_sent_events", "001"); c = TestClient(app)
for p in ["stream", "stream-no-async", "stream-no-annotation", "stream-no-async-no-annotation"]:
    rec(f"sse1_{p}", c.get(f"/items/{p}"))
api("sse1", app)

app = tutorial("server_sent_events", "002"); c = TestClient(app)
rec("sse2_stream", c.get("/items/stream"))
api("sse2", app)

app = tutorial("server_sent_events", "003"); c = TestClient(app)
rec("sse3_stream", c.get("/logs/stream"))
api("sse3", app)

app = tutorial("server_sent_events", "004"); c = TestClient(app)
rec("sse4_stream", c.get("/items/stream"))
rec("sse4_resume", c.get("/items/stream", headers={"last-event-id": "0"}))
rec("sse4_resume_1", c.get("/items/stream", headers={"last-event-id": "1"}))
rec("sse4_bad_header", c.get("/items/stream", headers={"last-event-id": "abc"}))
api("sse4", app)

app = tutorial("server_sent_events", "005"); c = TestClient(app)
rec("sse5_stream", c.post("/chat/stream", json={"text": "Hello world how are you"}))
rec("sse5_unicode", c.post("/chat/stream", json={"text": "héllo wörld"}))
rec("sse5_missing", c.post("/chat/stream", json={}))
rec("sse5_no_body", c.post("/chat/stream"))
api("sse5", app)

# tests/test_stream_status_code.py and test_stream_bare_type.py's apps
from collections.abc import AsyncIterable, Iterable
from fastapi import APIRouter, Depends, FastAPI, Response
from fastapi.responses import EventSourceResponse, StreamingResponse
from fastapi.sse import ServerSentEvent
from pydantic import BaseModel

app = FastAPI()
def set_accepted(response: Response) -> None:
    response.status_code = 202
@app.post("/sse", response_class=EventSourceResponse, status_code=201)
async def sse() -> AsyncIterable[dict[str, str]]:
    yield {"message": "created"}
@app.post("/jsonl", status_code=201)
async def jsonl() -> AsyncIterable[dict[str, str]]:
    yield {"message": "created"}
@app.post("/raw", response_class=StreamingResponse, status_code=201)
async def raw() -> AsyncIterable[str]:
    yield "accepted"
@app.post("/sse-dependency", response_class=EventSourceResponse)
async def sse_dependency(accepted: None = Depends(set_accepted)) -> AsyncIterable[dict[str, str]]:
    yield {"message": "accepted"}
@app.post("/jsonl-dependency")
async def jsonl_dependency(accepted: None = Depends(set_accepted)) -> AsyncIterable[dict[str, str]]:
    yield {"message": "accepted"}
@app.post("/raw-dependency", response_class=StreamingResponse)
async def raw_dependency(accepted: None = Depends(set_accepted)) -> AsyncIterable[str]:
    yield "accepted"
c = TestClient(app)
for p in ["sse", "jsonl", "raw", "sse-dependency", "jsonl-dependency", "raw-dependency"]:
    rec(f"status_{p}", c.post(f"/{p}"))
api("status", app)

class BareItem(BaseModel):
    name: str
    optional: str | None = None
app = FastAPI()
@app.get("/items/stream-bare-async")
async def stream_bare_async() -> typing.AsyncIterable:  # noqa: UP035, as the test writes it
    yield {"name": "foo"}
router = APIRouter()
@router.get("/events-jsonl", response_model_exclude_none=True)
async def stream_events_jsonl() -> AsyncIterable[BareItem]:
    yield BareItem(name="foo")
app.include_router(router, prefix="/api")
c = TestClient(app)
rec("bare_async", c.get("/items/stream-bare-async"))
rec("bare_router_typed", c.get("/api/events-jsonl"))
api("bare", app)

# tests/test_sse.py's events
app = FastAPI()
@app.get("/items/stream-sse-event", response_class=EventSourceResponse)
async def sse_items_event():
    yield ServerSentEvent(data="hello", event="greeting", id="1")
    yield ServerSentEvent(comment="just a comment")
    yield ServerSentEvent(data="retry-test", retry=5000)
    yield ServerSentEvent(data=["a", 1, 2.5, None, True], event="list")
    yield ServerSentEvent(data="multi\nline", comment="two\nlines")
    yield ServerSentEvent()
@app.get("/items/stream-raw", response_class=EventSourceResponse)
async def sse_items_raw():
    yield ServerSentEvent(raw_data="plain text without quotes")
    yield ServerSentEvent(raw_data="<div>html fragment</div>", event="html")
    yield ServerSentEvent(raw_data="line1\r\nline2\rline3", event="csv")
@app.get("/items/stream-plain", response_class=EventSourceResponse)
async def sse_items_plain():
    yield {"name": "Plumbus", "price": 32.5, "tags": ["a", "é"], "n": 3}
    yield "plain text"
    yield 42
c = TestClient(app)
rec("sse_events", c.get("/items/stream-sse-event"))
rec("sse_raw", c.get("/items/stream-raw"))
rec("sse_plain", c.get("/items/stream-plain"))

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "streaming.ts"), "w") as f:
    f.write("// Generated by streaming.py from FastAPI 0.142.2's answers: do not edit.\n")
    f.write("export const STREAMING: Record<string, { status: number; headers: [string, string][]; body: string }> = ")
    f.write(json.dumps({k: v for k, v in out.items() if not k.startswith("openapi_")}, indent=0, ensure_ascii=False))
    f.write(";\n\nexport const STREAMING_OPENAPI: Record<string, string> = ")
    f.write(json.dumps({k[8:]: v for k, v in out.items() if k.startswith("openapi_")}, indent=0, ensure_ascii=False))
    f.write(";\n")
