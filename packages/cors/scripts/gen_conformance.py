"""Record what Starlette 1.7.0's CORSMiddleware sends, for tests/test_conformance.ts to replay.

Run from the repository root with Python 3.11 (whose `re` src/re.ts reproduces) and the reference release:

    python3.11 -m venv .venv && .venv/bin/pip install starlette==1.7.0
    .venv/bin/python packages/cors/scripts/gen_conformance.py

The script builds configurations x requests x downstream responses from a fixed seed, calls the real
middleware at the ASGI level (a scope, a receive, a send that records every message, an inner app that
sends scripted messages and notes that it ran) and writes the inputs and the exact messages to
packages/cors/tests/fixtures/conformance.json.gz. Bytes are written as latin-1 strings inside
header lists and as base64 for every other bytes value, so the file is plain JSON.
"""

from __future__ import annotations

import base64
import gzip
import json
import random
import sys
import warnings
from pathlib import Path
from typing import Any

import starlette
from starlette.middleware.cors import ALL_METHODS, CORSMiddleware

SEED = 17_0_2026
OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "conformance.json.gz"

SNAKE = {
    "allowOrigins": "allow_origins",
    "allowMethods": "allow_methods",
    "allowHeaders": "allow_headers",
    "allowCredentials": "allow_credentials",
    "allowOriginRegex": "allow_origin_regex",
    "allowPrivateNetwork": "allow_private_network",
    "exposeHeaders": "expose_headers",
    "maxAge": "max_age",
}

# --- configuration pools ----------------------------------------------------------------------------

ORIGIN_LISTS: list[list[str]] = [
    [],
    ["*"],
    ["https://example.org"],
    ["https://example.org", "http://localhost:8080"],
    ["http://localhost.tiangolo.com", "https://localhost.tiangolo.com", "http://localhost", "http://localhost:8080"],
    ["null"],
    ["*", "https://example.org"],
    ["https://example.org", "*"],
    ["https://ex\xe4mple.org"],
    ["https://example.org/"],
    ["HTTPS://EXAMPLE.ORG"],
    [""],
    ["https://example.org "],
    ["https://ex\x85ample.org", "https://\xa0example.org"],
    ["https://example.org", "https://example.org"],
]

METHOD_LISTS: list[list[str] | None] = [
    None,
    ["*"],
    ["GET", "POST"],
    ["get"],
    ["GET", "GET"],
    [],
    ["*", "GET"],
    ["QUERY"],
    ["OPTIONS", "DELETE"],
    ["PURGE", "GET"],
    ["G\xc9T"],
    ["POST"],
]

HEADER_LISTS: list[list[str] | None] = [
    None,
    ["*"],
    ["X-Example"],
    ["X-Example", "Content-Type"],
    ["x-example", "X-Example"],
    ["Content-Type"],
    ["accept"],
    [""],
    [" X-Pad "],
    ["X-\xc4ccent"],
    ["*", "X-Other"],
    ["Accept", "X-A\x1c"],
    ["X-\xdf", "x-\xff", "X-\xc0"],
    ["b", "B", "\xe9", "\xc9", "a", "_", "~", "\xff", "Z", "Accept"],
    ["Authorization", "X-Requested-With", "Content-Type"],
]

EXPOSE_LISTS: list[list[str] | None] = [
    None,
    [],
    ["X-Status"],
    ["X-A", "X-B"],
    ["X-\xe9"],
    ["X-A", "X-A"],
    [""],
]

MAX_AGES: list[int | None] = [None, 0, -1, 86400, 123456789, 600, 2**53 - 1]

# Each pattern carries origins worth asking it about: ones it should match, near misses, and the
# places where Python's `re` and a naive JavaScript translation disagree.
REGEXES: list[tuple[str, list[str]]] = [
    (r"https://.*\.example\.org", ["https://a.example.org", "https://.example.org", "https://a.example.org.evil.com", "https://aXexample.org"]),
    (r"https://.*", ["https://x", "https://", "http://x", "https://\r", "https://a\nb", "https://\x85\u2028".encode("utf-8").decode("latin-1")]),
    (r"https://.*\.example.org", ["https://sub.example.org", "https://sub.exampleXorg", "https://subdomain.example.org.hacker.com"]),
    (r"https?://(www\.)?example\.(org|com)", ["http://example.org", "https://www.example.com", "https://www.example.net", "https://wwwXexample.org"]),
    (r"https://[a-z0-9-]+\.example\.org(:\d+)?", ["https://a-1.example.org:8443", "https://A.example.org", "https://a.example.org:", "https://a.example.org:\xb2"]),
    (r"http://localhost:\d{2,5}", ["http://localhost:80", "http://localhost:8", "http://localhost:123456"]),
    (r"(?i)https://EXAMPLE\.org", ["https://example.ORG", "HTTPS://EXAMPLE.ORG", "https://\xe9xample.org"]),
    (r"(?i)https://\xc9\.org", ["https://\xe9.org", "https://\xc9.org", "https://E.org"]),
    (r"\w+://\w+\.org", ["https://ex\xe4mple.org", "https://\xb2.org", "https://\xaa\xba.org", "https://a-b.org", "https://\xd7.org", "https://\xb5.org"]),
    (r"(?a)\w+://\w+\.org", ["https://ex\xe4mple.org", "https://example.org"]),
    (r"https://\S+", ["https://a\x1cb", "https://a\x85", "https://a\xa0", "https://a\x0b", "https://ab"]),
    (r".*\s.*", ["a\x1cb", "a\x1fb", "a\x85b", "a\xa0b", "ab", "a\tb", "a\x1bb"]),
    (r"https://[^.]+\.org", ["https://a.org", "https://a.b.org", "https://\n.org"]),
    (r"https://.+\Z", ["https://a", "https://a\n"]),
    (r"\Ahttps://x\.org\Z", ["https://x.org", "https://x.org\n"]),
    (r"https://x\.org$", ["https://x.org", "https://x.org\n"]),
    (r"(?m)https://x\.org$\n?", ["https://x.org", "https://x.org\n"]),
    (r"[\s\S]*", ["", "anything\n\r\x00", "\xff"]),
    (r".*", ["", "a\rb", "a\nb", "a\x85b", "\x00"]),
    (r"(?s).*", ["a\nb", ""]),
    (r"null", ["null", "NULL", "null "]),
    (r"", ["", "x"]),
    (r"https://(?P<sub>[a-z]+)\.example\.org", ["https://abc.example.org", "https://ab1.example.org"]),
    (r"https://(?P<a>x+)\.(?P=a)\.org", ["https://xx.xx.org", "https://xx.x.org"]),
    (r"https://(a+)\.\1\.org", ["https://aa.aa.org", "https://aa.a.org"]),
    (r"https://a{,3}\.org", ["https://.org", "https://aaa.org", "https://aaaa.org", "https://a{,3}.org"]),
    (r"https://a{2}\.org", ["https://aa.org", "https://a.org"]),
    (r"https://a{,}\.org", ["https://a{,}.org", "https://aa.org"]),
    (r"https://x{1,2\.org", ["https://x{1,2.org", "https://x.org"]),
    (r"https://\xe9\.org", ["https://\xe9.org", "https://e.org"]),
    (r"https://\u00e9\.org", ["https://\xe9.org"]),
    (r"https://\N{LATIN SMALL LETTER E WITH ACUTE}\.org", ["https://\xe9.org", "https://e.org"]),
    (r"https://\101\.org", ["https://A.org", "https://a.org"]),
    (r"https://\x41\.org", ["https://A.org"]),
    (r"(?x) https:// example \. org  # trailing comment", ["https://example.org", "https:// example . org"]),
    (r"https://example\.org|https://example\.com", ["https://example.org", "https://example.com", "https://example.org.evil", "xhttps://example.com"]),
    (r"https://(?:a|b)+\.org", ["https://abab.org", "https://abc.org"]),
    (r"\d+", ["123", "\xb2", "\xb9", "12a"]),
    (r"[^a-z]+", ["ABC", "\xe9", "ABc"]),
    (r"(?i)[a-z]+://[A-Z.]+", ["HTTPS://example.org", "https://EX\xc4MPLE.org", "https://k.org"]),
    (r"(?i)\xff", ["\xff", "\u0178".encode("utf-8").decode("latin-1")]),
    (r"https://\bexample\b\.org", ["https://example.org"]),
    (r"\bex\xe4mple\b.*", ["ex\xe4mple.org", "ex\xe4mple\xe4", "ex\xe4mple-"]),
    (r"(?=https)https://.*", ["https://a", "http://a"]),
    (r"(?!http://).*", ["https://a", "http://a"]),
    (r"(?<=a)b|https://a", ["https://a", "b"]),
    (r"https://a*+a\.org", ["https://aaa.org"]),
    (r"https://(?>a+)b\.org", ["https://aab.org"]),
    (r"https://a?+b\.org", ["https://ab.org", "https://b.org"]),
    (r"https://(?i:EXAMPLE)\.org", ["https://Example.org", "HTTPS://example.org"]),
    (r"(?i)https://(?-i:EXAMPLE)\.org", ["HTTPS://EXAMPLE.ORG", "https://example.org"]),
    (r"https://(x)?(?(1)y|z)\.org", ["https://xy.org", "https://z.org", "https://xz.org"]),
    (r"https://[\d-z]+\.org", ["https://1-z.org", "https://y.org"]),
    (r"https://[]a]+\.org", ["https://]a].org", "https://b.org"]),
    (r"https://[^]]+\.org", ["https://a.org", "https://].org"]),
    (r"[[:alpha:]]+", ["[:alpha:]", "abc", "lh"]),
    (r"https://\.org\Z|\Zx", ["https://.org"]),
    (r"https://[\w.-]+", ["https://\xe4.b-c", "https://\xf7"]),
    (r"https://[\W]+", ["https://...", "https://\xe4"]),
    (r"https://\D\S\W\.org", ["https://a .org", "https://ab..org"]),
    (r"(?u)https://\w+", ["https://\xe4"]),
    (r"https://\$\^\.org", ["https://$^.org"]),
    (r"https://a\Z\.org|https://.*", ["https://anything"]),
    (r"x*?y*?", ["", "xy", "yx"]),
    (r"(a|ab)(c|bcd)(d*)", ["abcd", "abcdd"]),
    (r"(?:https?://)?localhost(:\d+)?", ["localhost", "http://localhost:1", "localhost:"]),
    (r"\x00", ["\x00"]),
    (r"\0", ["\x00"]),
    (r"[\x80-\xff]+", ["\x80\xff", "\x7f"]),
    (r"https://[\u00e0-\u00ff]+\.org", ["https://\xe0\xff.org", "https://\xdf.org"]),
    (r"https://\u0130\.org", ["https://i.org", "https://I.org"]),
    (r"(?i)https://k\.org", ["https://K.org", "https://k.org"]),
    (r"(?i)[\xb5]", ["\xb5", "\u03bc".encode("utf-8").decode("latin-1")]),
    (r"(?i)\xdf", ["\xdf", "SS", "ss"]),
]

BAD_REGEXES: list[str] = [
    "(",
    ")",
    "[",
    "*",
    "a**",
    "\\",
    r"\q",
    r"(?P<n>a)(?P<n>b)",
    r"(?<=a+)b",
    r"a{2,1}",
    r"(?P=missing)",
    r"\1",
    r"[z-a]",
    r"https://(?i)x",
    r"(?<!a*)b",
    r"a{1}{2}",
    r"(?P<1>x)",
    r"\N{NOT A REAL NAME}",
    r"(?z)",
]

# Option values that cannot be encoded as header bytes: Starlette fails at the first request that
# needs them; the port refuses them when the middleware is built (the one deliberate difference).
UNENCODABLE_CONFIGS: list[dict[str, Any]] = [
    {"allowOrigins": ["https://例え.jp"]},
    {"allowMethods": ["GET", "ＧＥＴ"]},
    {"allowHeaders": ["X-\u2603"]},
    {"exposeHeaders": ["X-\u0100"]},
]

# --- request pools ----------------------------------------------------------------------------------

GENERAL_ORIGINS = [
    "https://example.org",
    "http://example.org",
    "https://another.org",
    "https://example.org/",
    "https://EXAMPLE.org",
    "null",
    "",
    " https://example.org",
    "https://example.org ",
    "https://ex\xe4mple.org",
    "https://ex\x85ample.org",
    "https://\xa0example.org",
    "http://localhost:8080",
    "https://localhost.tiangolo.com",
    "*",
    "https://example.org, https://another.org",
    "https://a\r\nb",
    "\xff\xfe",
    "https://sub.example.org",
]

ACRM_VALUES = ["GET", "POST", "get", "QUERY", "", "PURGE", "G\xc9T", "OPTIONS", "PUT", "DELETE", " GET", "*"]

ACRH_VALUES = [
    "X-Example",
    "X-Example, Content-Type",
    "x-example,content-type",
    "",
    ",",
    "X-Example,",
    " , ",
    "accept\x1c",
    "\x85accept\xa0",
    "ACCEPT",
    "X-\xc4ccent",
    "x-\xe4ccent",
    "\xc0",
    "x-pad",
    " X-Pad ",
    "Accept, Accept-Language, Content-Language, Content-Type",
    "content-type\t",
    "\x0baccept\x0c",
    "X-A\x1c",
    "x-a",
    "Authorization",
    "*",
    "X-Other,X-Example",
    "b,B,\xe9,\xc9,a,_,~,\xff,z",
]

ACRPN_VALUES = ["true", "", "false", "\xff", "TRUE"]

METHODS = ["GET", "POST", "OPTIONS", "options", "Options", "PUT", "QUERY", "HEAD", "DELETE", "PATCH", "PURGE", "G\xc9T", ""]

# --- downstream responses (what the inner app sends) ------------------------------------------------


def start(status: int = 200, headers: list[tuple[str, str]] | None = None, **extra: Any) -> dict[str, Any]:
    message: dict[str, Any] = {"type": "http.response.start", "status": status}
    if headers is not None:
        message["headers"] = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    message.update(extra)
    return message


def body(content: bytes | None = b"", **extra: Any) -> dict[str, Any]:
    message: dict[str, Any] = {"type": "http.response.body"}
    if content is not None:
        message["body"] = content
    message.update(extra)
    return message


PLAIN = [("content-length", "8"), ("content-type", "text/plain; charset=utf-8")]

RESPONSES: list[list[tuple[str, Any]]] = [
    [("send", start(200, PLAIN)), ("send", body(b"Homepage"))],
    [("send", start(200)), ("send", body(b"no headers key"))],
    [("send", start(200, [])), ("send", body(b""))],
    [("send", start(200, [("vary", "Accept-Encoding"), *PLAIN])), ("send", body(b"Homepage"))],
    [("send", start(200, [("vary", "Origin")])), ("send", body(b"x"))],
    [("send", start(200, [("vary", "Accept"), ("x-a", "1"), ("vary", "Cookie"), ("Vary", "Upper")])), ("send", body(b"x"))],
    [("send", start(200, [("vary", "")])), ("send", body(b""))],
    [
        ("send", start(200, [("Access-Control-Allow-Origin", "https://evil"), ("access-control-allow-origin", "https://app"), ("access-control-allow-origin", "https://dup")])),
        ("send", body(b"acao")),
    ],
    [
        ("send", start(201, [("access-control-expose-headers", "X-Old"), ("x-b", "2"), ("access-control-expose-headers", "X-Old2"), ("access-control-allow-credentials", "false")])),
        ("send", body(b"expose")),
    ],
    [("send", start(200, [("x-latin", "caf\xe9 \xff\x80"), ("set-cookie", "a=b")])), ("send", body(bytes(range(256))))],
    [("send", start(200, PLAIN)), ("send", body(b"Home", more_body=True)), ("send", body(b"page", more_body=False))],
    [("send", start(200, PLAIN)), ("send", body(None)), ("send", body(b"", more_body=False))],
    [("send", start(200, [("content-type", "text/plain")], trailers=True)), ("send", body(b"t")), ("send", {"type": "http.response.trailers", "headers": [(b"x-trailer", b"1")], "more_trailers": False})],
    [("send", start(200, [("content-type", "text/plain")])), ("send", {"type": "http.response.pathsend", "path": "/tmp/file.txt"})],
    [],
    [("send", start(200, PLAIN)), ("raise", "boom after start")],
    [("raise", "boom before start")],
    [("send", start(204, [("VARY", "X"), ("vary", "Accept-Encoding, Origin")])), ("send", body(b""))],
    [("send", start(304, [("vary", "Accept-Encoding")]))],
    [("send", start(500, PLAIN)), ("send", body(b"Internal"))],
    [("send", start(200, [("vary", "a")])), ("send", start(200, [("vary", "b")])), ("send", body(b"twice"))],
    [("send", start(200, [("x-upper", "1"), ("ACCESS-CONTROL-ALLOW-CREDENTIALS", "x"), ("Access-Control-Expose-Headers", "Y")])), ("send", body(b"u"))],
]

WEBSOCKET_RESPONSES: list[list[tuple[str, Any]]] = [
    [("send", {"type": "websocket.accept", "subprotocol": None, "headers": [(b"x-ws", b"1")]}), ("send", {"type": "websocket.send", "text": "hi"}), ("send", {"type": "websocket.close", "code": 1000})],
    [("send", {"type": "websocket.http.response.start", "status": 403, "headers": [(b"vary", b"x")]}), ("send", {"type": "websocket.http.response.body", "body": b"no"})],
]

LIFESPAN_RESPONSES: list[list[tuple[str, Any]]] = [
    [("send", {"type": "lifespan.startup.complete"})],
]

# --- encoding ---------------------------------------------------------------------------------------


def latin1(b: bytes) -> str:
    return b.decode("latin-1")


def encode_value(key: str, value: Any) -> Any:
    if key == "headers":
        return [[latin1(bytes(k)), latin1(bytes(v))] for k, v in value]
    if isinstance(value, bytes | bytearray | memoryview):
        return {"b64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def encode_message(message: dict[str, Any]) -> list[list[Any]]:
    """A message as ordered [key, value] pairs, so key order is compared too."""
    return [[key, encode_value(key, value)] for key, value in message.items()]


def encode_script(script: list[tuple[str, Any]]) -> list[list[Any]]:
    return [[step, encode_message(arg) if step == "send" else arg] for step, arg in script]


# --- driving the middleware -------------------------------------------------------------------------


def drive(coro: Any) -> None:
    """Run a coroutine that never really suspends (nothing here waits on I/O)."""
    try:
        coro.send(None)
    except StopIteration:
        return
    raise RuntimeError("the middleware suspended; the harness expects no real awaits")


def build(options: dict[str, Any], app: Any) -> CORSMiddleware:
    kwargs = {SNAKE[key]: value for key, value in options.items()}
    return CORSMiddleware(app, **kwargs)


class Case:
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        self.script: list[tuple[str, Any]] = []
        self.called = False

        async def app(scope: Any, receive: Any, send: Any) -> None:
            self.called = True
            for step, arg in self.script:
                if step == "raise":
                    raise RuntimeError(arg)
                await send(copy_message(arg))

        try:
            self.middleware: CORSMiddleware | None = build(options, app)
            self.construct_error: str | None = None
        except Exception as exc:  # re.error for a bad pattern
            self.middleware = None
            self.construct_error = f"{type(exc).__name__}: {exc}"

    def run(self, scope: dict[str, Any], script: list[tuple[str, Any]]) -> dict[str, Any]:
        assert self.middleware is not None
        self.script = script
        self.called = False
        sent: list[Any] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(encode_message(message))

        error = None
        try:
            drive(self.middleware(scope, receive, send))
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
        return {"called": self.called, "sent": sent, "error": error}


def copy_message(message: dict[str, Any]) -> dict[str, Any]:
    copied = dict(message)
    if "headers" in copied:
        copied["headers"] = list(copied["headers"])
    return copied


def http_scope(method: str, headers: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.5"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "root_path": "",
        "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers],
        "client": ["testclient", 50000],
        "server": ["testserver", 80],
    }


# --- generation -------------------------------------------------------------------------------------


def random_latin1(rng: random.Random, n: int) -> str:
    return "".join(chr(rng.choice([rng.randrange(0x20, 0x7F), rng.randrange(0x80, 0x100), rng.randrange(0, 0x20)])) for _ in range(n))


def gen_options(rng: random.Random) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if rng.random() < 0.8:
        options["allowOrigins"] = list(rng.choice(ORIGIN_LISTS))
    methods = rng.choice(METHOD_LISTS)
    if methods is not None:
        options["allowMethods"] = list(methods)
    headers = rng.choice(HEADER_LISTS)
    if headers is not None:
        options["allowHeaders"] = list(headers)
    if rng.random() < 0.6:
        options["allowCredentials"] = rng.random() < 0.5
    if rng.random() < 0.35:
        options["allowOriginRegex"] = rng.choice(REGEXES)[0] if rng.random() < 0.95 else rng.choice(BAD_REGEXES)
    if rng.random() < 0.5:
        options["allowPrivateNetwork"] = rng.random() < 0.5
    expose = rng.choice(EXPOSE_LISTS)
    if expose is not None:
        options["exposeHeaders"] = list(expose)
    max_age = rng.choice(MAX_AGES)
    if max_age is not None:
        options["maxAge"] = max_age
    keys = list(options)
    rng.shuffle(keys)
    return {key: options[key] for key in keys}


def origin_candidates(options: dict[str, Any]) -> list[str]:
    candidates = list(GENERAL_ORIGINS)
    candidates += [o for o in options.get("allowOrigins", []) if o != "*"]
    pattern = options.get("allowOriginRegex")
    for regex, samples in REGEXES:
        if regex == pattern:
            candidates += samples * 3
    return candidates


def friendly_origin(rng: random.Random, options: dict[str, Any]) -> str:
    """An origin the configuration is likely to allow."""
    allowed = [o for o in options.get("allowOrigins", []) if o != "*"]
    pattern = options.get("allowOriginRegex")
    samples = [s for regex, group in REGEXES if regex == pattern for s in group]
    pool = allowed + samples
    return rng.choice(pool) if pool else rng.choice(GENERAL_ORIGINS)


def friendly_preflight(rng: random.Random, options: dict[str, Any]) -> list[tuple[str, str]]:
    """Preflight headers the configuration is likely to accept, so 200s are as common as 400s."""
    headers = [("origin", friendly_origin(rng, options))]
    methods = options.get("allowMethods", ["GET"])
    methods = list(ALL_METHODS) if "*" in methods else methods
    headers.append(("access-control-request-method", rng.choice(methods) if methods else "GET"))
    allowed_headers = [h for h in options.get("allowHeaders", []) if h != "*"] + ["Accept", "Content-Type"]
    if rng.random() < 0.6:
        picked = rng.sample(allowed_headers, k=rng.randrange(1, len(allowed_headers) + 1))
        separator = rng.choice([", ", ",", " ,", " , "])
        headers.append(("access-control-request-headers", separator.join(h.lower() if rng.random() < 0.3 else h for h in picked)))
    if options.get("allowPrivateNetwork") and rng.random() < 0.4:
        headers.append(("access-control-request-private-network", rng.choice(ACRPN_VALUES)))
    return headers


def gen_request(rng: random.Random, options: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    preflight = rng.random() < 0.55
    if preflight:
        method = "OPTIONS" if rng.random() < 0.85 else rng.choice(["options", "Options", "GET"])
    else:
        method = rng.choice(METHODS)
    headers: list[tuple[str, str]] = [("host", "testserver")]
    if preflight and rng.random() < 0.5:
        headers += friendly_preflight(rng, options)
    else:
        headers += hostile_headers(rng, options, preflight)
    if rng.random() < 0.05:
        headers.insert(1, ("Origin", "https://upper-name.example"))
    if rng.random() < 0.06:
        headers.append(("origin", rng.choice(GENERAL_ORIGINS)))
    if rng.random() < 0.2:
        headers.append(rng.choice([("cookie", "star_cookie=sugar"), ("authorization", "Bearer x"), ("accept", "*/*"), ("x-latin", "\xe9\xff")]))
    head, rest = headers[:1], headers[1:]
    if rng.random() < 0.3:
        rng.shuffle(rest)
    return method, head + rest


def hostile_headers(rng: random.Random, options: dict[str, Any], preflight: bool) -> list[tuple[str, str]]:
    headers: list[tuple[str, str]] = []
    roll = rng.random()
    if roll >= 0.1:
        if roll < 0.4:
            origin = friendly_origin(rng, options)
        elif roll < 0.93:
            origin = rng.choice(origin_candidates(options))
        else:
            origin = random_latin1(rng, rng.randrange(0, 12))
        headers.append(("origin", origin))
    if preflight or rng.random() < 0.15:
        if rng.random() < 0.92:
            allowed = options.get("allowMethods") or ["GET"]
            value = rng.choice(allowed) if rng.random() < 0.5 else rng.choice(ACRM_VALUES)
            headers.append(("access-control-request-method", value))
            if rng.random() < 0.05:
                headers.append(("access-control-request-method", rng.choice(ACRM_VALUES)))
        elif rng.random() < 0.5:
            headers.append(("Access-Control-Request-Method", "GET"))
        if rng.random() < 0.6:
            headers.append(("access-control-request-headers", rng.choice(ACRH_VALUES)))
            if rng.random() < 0.05:
                headers.append(("access-control-request-headers", "X-Second"))
        if rng.random() < 0.25:
            headers.append(("access-control-request-private-network", rng.choice(ACRPN_VALUES)))
    return headers


def explicit_groups() -> list[tuple[dict[str, Any], list[tuple[str, list[tuple[str, str]], int]]]]:
    """Hand-picked configurations that sweep every latin-1 character through strip() and lower()."""
    groups: list[tuple[dict[str, Any], list[tuple[str, list[tuple[str, str]], int]]]] = []
    base = [("origin", "https://example.org"), ("access-control-request-method", "GET")]
    # str.strip(): every latin-1 character around a requested header name.
    strip_requests = [
        ("OPTIONS", [*base, ("access-control-request-headers", chr(i) + "X-Example" + chr(i))], 0) for i in range(256)
    ]
    strip_requests += [("OPTIONS", [*base, ("access-control-request-headers", chr(i))], 0) for i in range(256)]
    groups.append(({"allowOrigins": ["https://example.org"], "allowHeaders": ["X-Example"]}, strip_requests))
    # str.lower(): every latin-1 character in an allowed header and in the requested one.
    for i in range(256):
        c = chr(i)
        requests = [("OPTIONS", [*base, ("access-control-request-headers", "y" + c)], 0)]
        for variant in sorted({c.upper(), c.lower()}):
            if len(variant) == 1 and ord(variant) < 256:
                requests.append(("OPTIONS", [*base, ("access-control-request-headers", "Y" + variant)], 0))
        requests.append(("GET", [("origin", "https://example.org")], 0))
        groups.append(({"allowOrigins": ["*"], "allowHeaders": ["Y" + c]}, requests))
    # Every latin-1 character in an origin, against an exact list and a regex.
    origin_requests = [("GET", [("origin", "https://ex" + chr(i) + "mple.org")], 0) for i in range(256)]
    groups.append(({"allowOrigins": ["https://ex\xe4mple.org", "https://example.org"]}, origin_requests))
    groups.append(({"allowOriginRegex": r"https://ex.mple\.org"}, origin_requests))
    groups.append(({"allowOriginRegex": r"https://ex\wmple\.org"}, origin_requests))
    groups.append(({"allowOriginRegex": r"https://ex\smple\.org"}, origin_requests))
    groups.append(({"allowOriginRegex": r"(?i)https://ex[A-Z\xc0-\xde]mple\.org"}, origin_requests))
    groups.append(({"allowOriginRegex": r"https://ex\bmple\.org|https://ex\b.\bmple\.org"}, origin_requests))
    return groups


def main() -> None:
    assert starlette.__version__ == "1.7.0", f"expected Starlette 1.7.0, found {starlette.__version__}"
    # src/re.ts reproduces Python 3.11's re (its syntax and error messages changed in 3.12 and 3.13).
    assert sys.version_info[:2] == (3, 11), f"expected Python 3.11, found {sys.version.split()[0]}"
    # "[[:alpha:]]" is a pattern on purpose; Python warns that it may mean something else one day.
    warnings.simplefilter("ignore", FutureWarning)
    rng = random.Random(SEED)
    configs: list[dict[str, Any]] = []
    cases: list[dict[str, Any]] = []

    def add_config(options: dict[str, Any], requests: list[tuple[str, list[tuple[str, str]], int]], scope_type: str = "http") -> None:
        case = Case(options)
        index = len(configs)
        configs.append({"options": options, "constructError": case.construct_error})
        if case.construct_error is not None:
            return
        for method, headers, response in requests:
            if scope_type == "http":
                scope = http_scope(method, headers)
                script = RESPONSES[response]
            elif scope_type == "websocket":
                scope = {**http_scope(method, headers), "type": "websocket", "subprotocols": []}
                del scope["method"]
                script = WEBSOCKET_RESPONSES[response]
            else:
                scope = {"type": "lifespan", "asgi": {"version": "3.0"}}
                script = LIFESPAN_RESPONSES[response]
            result = case.run(scope, script)
            cases.append({
                "config": index,
                "scopeType": scope_type,
                "method": method,
                "headers": [[k, v] for k, v in headers],
                "response": response,
                **result,
            })

    for options, requests in explicit_groups():
        add_config(options, requests)

    for _ in range(900):
        options = gen_options(rng)
        requests = []
        for _ in range(rng.randrange(10, 30)):
            method, headers = gen_request(rng, options)
            requests.append((method, headers, rng.randrange(len(RESPONSES))))
        add_config(options, requests)

    for pattern in BAD_REGEXES:
        add_config({"allowOriginRegex": pattern}, [])
    for pattern, samples in REGEXES:
        requests = [("GET", [("origin", sample)], 0) for sample in samples]
        requests += [("OPTIONS", [("origin", sample), ("access-control-request-method", "GET")], 0) for sample in samples]
        add_config({"allowOriginRegex": pattern, "allowCredentials": True}, requests)

    ws_options = {"allowOrigins": ["*"], "allowCredentials": True}
    add_config(ws_options, [("GET", [("origin", "https://example.org")], i) for i in range(len(WEBSOCKET_RESPONSES))], "websocket")
    add_config(ws_options, [("GET", [], 0)], "lifespan")

    unencodable = []
    for options in UNENCODABLE_CONFIGS:
        case = Case(options)
        assert case.construct_error is None
        # Starlette builds the middleware and fails on a request that needs the value.
        headers = [("origin", "https://example.org"), ("access-control-request-method", "GET")]
        result = case.run(http_scope("OPTIONS", headers), RESPONSES[0])
        if result["error"] is None:
            result = case.run(http_scope("GET", [("origin", "https://example.org")]), RESPONSES[0])
        unencodable.append({"options": options, "starletteError": result["error"]})

    fixture = {
        "generator": "packages/cors/scripts/gen_conformance.py",
        "starlette": starlette.__version__,
        "python": sys.version.split()[0],
        "seed": SEED,
        "responses": {
            "http": [encode_script(s) for s in RESPONSES],
            "websocket": [encode_script(s) for s in WEBSOCKET_RESPONSES],
            "lifespan": [encode_script(s) for s in LIFESPAN_RESPONSES],
        },
        "configs": configs,
        "cases": cases,
        "unencodable": unencodable,
    }
    data = json.dumps(fixture, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{len(cases)} cases over {len(configs)} configurations -> {OUT} ({len(data)} bytes JSON, {OUT.stat().st_size} gzipped)")


if __name__ == "__main__":
    main()
