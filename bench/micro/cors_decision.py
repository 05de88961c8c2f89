# The CORS decision alone for Starlette's CORSMiddleware (the reference), in ns per call, measured like
# bench/micro/cors-decision.mjs: prebuilt scopes, a do-nothing inner app whose own cost is subtracted
# (median of paired batch differences).
# Run by bench/run.mjs with bench/.venv/bin/python pinned to one CPU; prints one JSON line.
import asyncio
import json
import time

import starlette
import uvloop
from starlette.middleware.cors import CORSMiddleware

ORIGINS = [
    "http://localhost.tiangolo.com",
    "https://localhost.tiangolo.com",
    "http://localhost",
    "http://localhost:8080",
]
ALLOWED = b"http://localhost:8080"
CASES = {
    "preflight": ("OPTIONS", [(b"origin", ALLOWED), (b"access-control-request-method", b"POST"), (b"access-control-request-headers", b"content-type,x-token")]),
    "simple": ("GET", [(b"origin", ALLOWED)]),
    "noOrigin": ("GET", []),
}
BODY = b'{"message":"Hello World"}'


async def inner(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json"), (b"content-length", b"25")]})
    await send({"type": "http.response.body", "body": BODY})


async def receive():
    return {"type": "http.request", "body": b"", "more_body": False}


async def send(message):
    pass


def scope_of(method, headers):
    return {
        "type": "http", "asgi": {"version": "3.0", "spec_version": "2.5"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": "/", "raw_path": b"/", "query_string": b"", "root_path": "",
        "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000), "headers": [(b"host", b"127.0.0.1:8000"), *headers],
    }


async def batch_ns(fn, batch):
    t0 = time.perf_counter_ns()
    for _ in range(batch):
        await fn()
    return (time.perf_counter_ns() - t0) / batch


async def delta(with_cors, base, batch=2000, batches=21, warm=3):
    """Median of paired batch differences, as in cors-decision.mjs."""
    diffs = []
    for b in range(warm + batches):
        a = await batch_ns(base, batch)
        w = await batch_ns(with_cors, batch)
        if b >= warm:
            diffs.append(w - a)
    diffs.sort()
    return diffs[len(diffs) // 2]


async def noop_with_scope(method, headers):
    scope_of(method, headers)


async def main():
    mw = CORSMiddleware(inner, allow_origins=ORIGINS, allow_credentials=True, allow_methods=["*"], allow_headers=["*"])
    row = {"name": f"Starlette {starlette.__version__} CORSMiddleware (Python, the reference)", "how": "await middleware(scope, receive, send) minus the inner app alone"}
    for key, (method, headers) in CASES.items():
        if key == "preflight":
            base = lambda: noop_with_scope(method, headers)  # a preflight never reaches the inner app
        else:
            base = lambda: inner(scope_of(method, headers), receive, send)
        row[key] = await delta(lambda: mw(scope_of(method, headers), receive, send), base)
    print(json.dumps({"rows": [row]}))


uvloop.run(main())
