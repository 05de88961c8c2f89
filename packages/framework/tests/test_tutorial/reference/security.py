# Records what FastAPI 0.142.2 answers to the requests of its own security tests and writes security.ts beside this
# file. The apps and the requests are FastAPI's: this imports its tests/test_security_*.py and the docs_src/security
# tutorials from a checkout of FastAPI's repository, runs each test function, and keeps every request it sends with
# the answer (status, ordered raw headers, body). Assertions that fail are reported, the answers are kept anyway:
# the installed FastAPI is what the TypeScript port must match.
#
# Run with a venv holding `pip install fastapi==0.142.2 python-multipart httpx pyjwt argon2-cffi`:
#   python security.py <checkout of github.com/fastapi/fastapi at 0.142.2>
import importlib, inspect, json, os, sys, types, warnings
warnings.simplefilter("ignore")

root = os.path.abspath(sys.argv[1])
sys.path.insert(0, root)

# inline_snapshot is a test-only helper: snapshot(x) is x.
sys.modules["inline_snapshot"] = types.SimpleNamespace(snapshot=lambda value=None: value)

# The JWT tutorials hash with pwdlib, which the venv lacks: argon2-cffi answers for its argon2id hashes.
import argon2
class _PasswordHash:
    def __init__(self):
        self.hasher = argon2.PasswordHasher()
    @classmethod
    def recommended(cls):
        return cls()
    def hash(self, password):
        return self.hasher.hash(password)
    def verify(self, password, hashed):
        try:
            return self.hasher.verify(hashed, password)
        except argon2.exceptions.VerificationError:
            return False
sys.modules["pwdlib"] = types.SimpleNamespace(PasswordHash=_PasswordHash)

import httpx
from fastapi.testclient import TestClient

DROPPED = {"host", "accept", "accept-encoding", "connection", "user-agent", "content-length"}
current = None
out = {}
original_send = httpx.Client.send

def send(self, request, **kwargs):
    response = original_send(self, request, **kwargs)
    response.read()
    if current is not None:
        current.append({
            "method": request.method,
            "path": request.url.raw_path.decode("latin-1"),
            "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in request.headers.raw if k.decode("latin-1").lower() not in DROPPED],
            "body": request.content.decode("latin-1"),
            "status": response.status_code,
            "rawHeaders": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in response.headers.raw],
            "text": response.text,
        })
    return response
httpx.Client.send = send

def run(prefix, mod, skip=()):
    """Runs every test function of `mod` (a module of FastAPI's tests), its fixtures `client` and `mod` given."""
    global current
    app_mod = getattr(mod, "_app_module", None)
    for name, fn in inspect.getmembers(mod, inspect.isfunction):
        if not name.startswith("test_") or fn.__module__ != mod.__name__ or name in skip:
            continue
        cases = [((), "")]
        for mark in getattr(fn, "pytestmark", []):
            if mark.name == "parametrize":
                argvalues = mark.args[1] if len(mark.args) > 1 else mark.kwargs["argvalues"]
                cases = [(tuple(p.values), f"[{p.id}]") for p in argvalues]
        for values, suffix in cases:
            kwargs = {}
            params = list(inspect.signature(fn).parameters)
            fixtures = params[: len(params) - len(values)]
            kwargs.update(zip(params[len(fixtures):], values))
            for p in fixtures:
                if p == "client":
                    kwargs[p] = TestClient(app_mod.app)
                elif p == "mod":
                    kwargs[p] = app_mod
                else:
                    raise SystemExit(f"{prefix}.{name}: fixture {p} is not known")
            current = []
            try:
                fn(**kwargs)
            except AssertionError as e:
                print(f"note: {prefix}.{name}{suffix}: FastAPI's own assertion failed: {str(e)[:200]}", file=sys.stderr)
            out[f"{prefix}.{name}{suffix}"] = current
            current = None

NO_FIXTURES = [
    "api_key_cookie", "api_key_cookie_description", "api_key_cookie_optional",
    "api_key_header", "api_key_header_description", "api_key_header_optional",
    "api_key_query", "api_key_query_description", "api_key_query_optional",
    "http_base", "http_base_description", "http_base_optional",
    "http_basic_optional", "http_basic_realm", "http_basic_realm_description",
    "http_bearer", "http_bearer_description", "http_bearer_optional",
    "http_digest", "http_digest_description", "http_digest_optional",
    "oauth2", "oauth2_authorization_code_bearer", "oauth2_authorization_code_bearer_description",
    "oauth2_authorization_code_bearer_scopes_openapi", "oauth2_authorization_code_bearer_scopes_openapi_simple",
    "oauth2_optional", "oauth2_optional_description",
    "oauth2_password_bearer_optional", "oauth2_password_bearer_optional_description",
    "openid_connect", "openid_connect_description", "openid_connect_optional",
    "scopes_dont_propagate",
]
for short in NO_FIXTURES:
    mod = importlib.import_module(f"tests.test_security_{short}")
    run(f"test_security_{short}", mod)
for name in ("test_dependency_security_overrides", "test_top_level_security_scheme_in_openapi"):
    run(name, importlib.import_module(f"tests.{name}"))

TUTORIALS = [("test_security", "security", n) for n in ("001", "002", "003", "004", "005", "006", "007")]
TUTORIALS.append(("test_authentication_error_status_code", "authentication_error_status_code", "001"))
for test_dir, chapter, number in TUTORIALS:
    mod = importlib.import_module(f"tests.test_tutorial.{test_dir}.test_tutorial{number}")
    mod._app_module = importlib.import_module(f"docs_src.{chapter}.tutorial{number}_an_py310")
    run(f"{test_dir}.tutorial{number}", mod)

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "security.ts"), "w") as f:
    f.write("/** What FastAPI 0.142.2 answers to the requests of its security tests: written by security.py. */\n")
    f.write("import type { Exchange } from \"./exchange.js\";\n\n")
    f.write("export const SECURITY: Record<string, Exchange[]> = {\n")
    for k, v in out.items():
        f.write(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n")
    f.write("};\n")
print(f"{len(out)} tests, {sum(len(v) for v in out.values())} requests")
