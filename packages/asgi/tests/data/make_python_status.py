"""Regenerates python_status.json, the Python facts test_status.ts compares with.

Run: /tmp/pyref/bin/python tests/data/make_python_status.py  (from packages/asgi)
"""

import http
import json
import sys
from pathlib import Path

import httpx
import starlette
import starlette.status

# Every http.HTTPStatus member in definition order, as the list of [code, phrase] pairs.
phrases = [[s.value, s.phrase] for s in http.HTTPStatus]

# httpx.Response.reason_phrase of every code from 0 to 1099 (known or not), when the transport gives none.
httpx_reason = {str(code): httpx.codes.get_reason_phrase(code) for code in range(1100)}

# starlette.status: every public (non-deprecated) name and its value, in __all__ order.
names = [[name, getattr(starlette.status, name)] for name in starlette.status.__all__]
deprecated = sorted(starlette.status.__deprecated__)

out = {"python": sys.version, "httpx": httpx.__version__, "starlette": starlette.__version__,
       "http_status": phrases, "httpx_reason_phrase": httpx_reason, "starlette_status": names,
       "starlette_status_deprecated": deprecated}
Path(__file__).with_name("python_status.json").write_text(json.dumps(out, ensure_ascii=True, indent=0))
