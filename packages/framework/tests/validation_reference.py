# Records FastAPI 0.142.2's 422 answers for tests/test_validation.ts: run with /tmp/pyref/bin/python.
import json
import sys
from enum import Enum
from typing import Literal

from fastapi import FastAPI, Query
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field


class M(str, Enum):
    a = "alexnet"
    b = "resnet"


app = FastAPI()


@app.get("/q")
async def q(
    flag: bool = False,
    n: int = Query(default=1, ge=1, le=5),
    g: float = Query(default=1.0, gt=0, lt=10),
    s: str = Query(default="xxx", min_length=3, max_length=5, pattern="^x+$"),
    m: M = M.a,
    lit: Literal["a", "b"] = "a",
    f: float = 1.0,
    mo: int = Query(default=3, multiple_of=3),
):
    return {"flag": flag, "n": n, "g": g, "s": s, "m": m, "lit": lit, "f": f, "mo": mo}


class Inner(BaseModel):
    k: str


class B(BaseModel):
    x: int
    y: list[int] = Field(min_length=1, max_length=2)
    inner: Inner
    ok: bool = True


@app.post("/b")
async def b(body: B):
    return body


c = TestClient(app)
out = {}
for name, params in [
    ("q1", {"flag": "yes", "n": "0", "g": "0", "s": "ab", "m": "zz", "lit": "c", "f": "x", "mo": "4"}),
    ("q2", {"flag": "maybe", "n": "9", "g": "10", "s": "abcdefg", "f": "1e3"}),
    ("q3", {"s": "xxxa", "n": "1.0", "flag": "OFF", "f": " 2.5 "}),
    ("q4", {"n": "1.5", "flag": "2"}),
]:
    out[name] = c.get("/q", params=params).text
for name, body in [
    ("b1", {"x": 1.5, "y": [], "inner": {"k": 1}}),
    ("b2", {"x": "1", "y": ["a", 2, 3], "inner": "no"}),
    ("b3", {"x": True, "y": [1], "inner": {"k": "v"}, "ok": "no"}),
    ("b4", {"y": [1], "inner": {}}),
    ("b5", {"x": None, "y": None, "inner": None}),
]:
    out[name] = c.post("/b", json=body).text
json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
