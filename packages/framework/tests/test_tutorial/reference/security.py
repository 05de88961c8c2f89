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

# Requests a reader of the tutorial would send beyond FastAPI's tests, recorded as tests named "extra_*": each a list
# of (method, path, keyword arguments of TestClient.request), sent in order (a token answer is reused by the replay).
import base64
import jwt as pyjwt
SECRET = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"
def basic(raw):
    return {"headers": {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}}
def bearer(token):
    return {"headers": {"Authorization": token}}
login = {"data": {"username": "johndoe", "password": "secret"}}
EXTRAS = {
    "test_security.tutorial001": {
        "extra_lowercase_bearer": [("GET", "/items/", bearer("bearer abc"))],
        "extra_bearer_without_token": [("GET", "/items/", bearer("Bearer"))],
        "extra_bearer_spaces": [("GET", "/items/", bearer("Bearer   abc  "))],
        "extra_basic": [("GET", "/items/", bearer("Basic abc"))],
        "extra_post": [("POST", "/items/", {})],
    },
    "test_security.tutorial003": {
        "extra_login_json": [("POST", "/token", {"json": {"username": "johndoe", "password": "secret"}})],
        "extra_login_no_password": [("POST", "/token", {"data": {"username": "johndoe"}})],
        "extra_login_grant_type": [("POST", "/token", {"data": {"username": "johndoe", "password": "secret", "grant_type": "password"}})],
        "extra_login_scopes": [("POST", "/token", {"data": {"username": "johndoe", "password": "secret", "scope": "me items"}})],
        "extra_login_empty_username": [("POST", "/token", {"data": {"username": "", "password": "secret"}})],
        "extra_login_multipart": [("POST", "/token", {"data": {"username": "johndoe", "password": "secret"}, "files": {"f": ("a.txt", b"x", "text/plain")}})],
        "extra_token_trailing_space": [("GET", "/users/me", bearer("Bearer johndoe "))],
        "extra_bearer_without_token": [("GET", "/users/me", bearer("Bearer"))],
        "extra_get_token": [("GET", "/token", {})],
    },
    "test_security.tutorial004": {
        "extra_malformed_token": [("GET", "/users/me/", bearer("Bearer abc.def.ghi"))],
        "extra_wrong_signature": [("GET", "/users/me/", bearer("Bearer " + pyjwt.encode({"sub": "johndoe"}, "other", algorithm="HS256")))],
        "extra_expired": [("GET", "/users/me/", bearer("Bearer " + pyjwt.encode({"sub": "johndoe", "exp": 1}, SECRET, algorithm="HS256")))],
        "extra_no_slash": [("GET", "/users/me", {})],
        "extra_login_json": [("POST", "/token", {"json": {"username": "johndoe", "password": "secret"}})],
        "extra_login_then_items": [("POST", "/token", login), ("GET", "/users/me/items/", "TOKEN")],
    },
    "test_security.tutorial005": {
        "extra_scope_me_then_items": [("POST", "/token", {"data": {"username": "johndoe", "password": "secret", "scope": "me"}}), ("GET", "/users/me/items/", "TOKEN")],
        "extra_scope_items_then_me": [("POST", "/token", {"data": {"username": "johndoe", "password": "secret", "scope": "items"}}), ("GET", "/users/me/", "TOKEN")],
        "extra_inactive_alice": [("POST", "/token", {"data": {"username": "alice", "password": "secretalice", "scope": "me"}}), ("GET", "/users/me/", "TOKEN")],
        "extra_expired": [("GET", "/status/", bearer("Bearer " + pyjwt.encode({"sub": "johndoe", "exp": 1}, SECRET, algorithm="HS256")))],
        "extra_status_no_scope": [("GET", "/status/", bearer("Bearer abc"))],
    },
    "test_security.tutorial006": {
        "extra_empty_password": [("GET", "/users/me", basic(b"john:"))],
        "extra_colon_in_password": [("GET", "/users/me", basic(b"john:se:cret"))],
        "extra_lowercase_basic": [("GET", "/users/me", {"headers": {"Authorization": "basic am9objpzZWNyZXQ="}})],
        "extra_missing_padding": [("GET", "/users/me", {"headers": {"Authorization": "Basic am9objpzZWNyZXQ"}})],
        "extra_non_ascii": [("GET", "/users/me", basic("jöhn:x".encode("utf-8")))],
        "extra_basic_alone": [("GET", "/users/me", {"headers": {"Authorization": "Basic"}})],
    },
    "test_security.tutorial007": {
        "extra_unicode_user": [("GET", "/users/me", basic("stanleyjobsön:swordfish".encode("latin-1")))],
        "extra_right": [("GET", "/users/me", basic(b"stanleyjobson:swordfish"))],
    },
    "test_authentication_error_status_code.tutorial001": {
        "extra_basic": [("GET", "/me", bearer("Basic abc"))],
        "extra_bearer_without_token": [("GET", "/me", bearer("Bearer"))],
    },
    "test_security_api_key_query": {
        "extra_empty_key": [("GET", "/users/me?key=", {})],
        "extra_repeated_key": [("GET", "/users/me?key=a&key=b", {})],
    },
    "test_security_api_key_header": {
        "extra_empty_key": [("GET", "/users/me", {"headers": {"key": ""}})],
    },
}
for prefix, extras in EXTRAS.items():
    if "." in prefix:
        test_dir, number = prefix.split(".")
        chapter = "security" if test_dir == "test_security" else test_dir[5:]
        app = importlib.import_module(f"docs_src.{chapter}.{number}_an_py310").app
    else:
        app = importlib.import_module(f"tests.{prefix}").app
    for name, steps in extras.items():
        client = TestClient(app)
        current = []
        token = None
        for method, path, kwargs in steps:
            if kwargs == "TOKEN":
                kwargs = bearer(f"Bearer {token}")
            response = client.request(method, path, **kwargs)
            if method == "POST" and response.status_code == 200:
                token = response.json().get("access_token")
        out[f"{prefix}.{name}"] = current
        current = None

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "security.ts"), "w") as f:
    f.write("/** What FastAPI 0.142.2 answers to the requests of its security tests: written by security.py. */\n")
    f.write("import type { Exchange } from \"./exchange.js\";\n\n")
    f.write("export const SECURITY: Record<string, Exchange[]> = {\n")
    for k, v in out.items():
        f.write(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},\n")
    f.write("};\n")
print(f"{len(out)} tests, {sum(len(v) for v in out.values())} requests")
