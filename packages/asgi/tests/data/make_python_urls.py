"""Regenerates python_urls.json: what Python 3.11's urllib.parse and Starlette 1.7.0's datastructures give for
awkward inputs, for test_urlparse.ts and test_datastructures.ts to compare with.

Run: /tmp/pyref/bin/python tests/data/make_python_urls.py  (from packages/asgi)
"""

import json
import random
from pathlib import Path
from urllib.parse import parse_qsl, quote, quote_plus, unquote, urlencode, urlsplit

from starlette._utils import parse_host_header
from starlette.datastructures import URL, CommaSeparatedStrings, QueryParams

random.seed(11)


def fuzz(alphabet, n, max_len):
    return ["".join(random.choice(alphabet) for _ in range(random.randint(0, max_len))) for _ in range(n)]


def attempt(fn):
    try:
        return {"ok": fn()}
    except Exception as exc:  # noqa: BLE001 - the kind of failure is the fact we record
        return {"error": type(exc).__name__}


def split_facts(url):
    def get():
        s = urlsplit(url)
        port = attempt(lambda: s.port)
        return [s.scheme, s.netloc, s.path, s.query, s.fragment, s.username, s.password, s.hostname, port, s.geturl()]

    return attempt(get)


urls = [
    "https://example.org:123/path/to/somewhere?abc=123#anchor", "http://u:p@host:80", "http://[fe::2]:8080/x",
    "http://[FE80::1%25Eth0]/", "http://[v1.fe]/", "http://[::1", "http://::1]/", "http://[1.2.3.4]/",
    "http://[vz.x]/", "//:8080/path?a=1", "/path?a=1", "user:pass@google.com?a=b", "@google.com?a=b",
    " \x00\thttp://a\r\nb/c", "HTTP://EXAMPLE.COM/A", "1http://x", "mailto:a@b", "http://a:b:c@d:e/", "http://a:65536/",
    "http://a:-1/", "http://a:+1/", "http://a:/", "http://a:0080/", "http://a/?#?#", "http://\u2100.com/", "http://ex\u00e4mple/",
    "a#b?c", "?#", "", "http:", "http://", "HtTpS://H@[::1]:1/p;q?r#s", "http://a/\u00e9?\u00e9#\u00e9",
]
urls += fuzz("ab:/?#@[]%.1 \tv\u00e9", 150, 14)
split = [[u, split_facts(u)] for u in urls]

queries = [
    "a=123&a=456&b=789", "a=123&abc&def&b=456", "", "&", "&&a", "=", "==", "a==b", "a=b=c", "+=+", "a+b=c+d",
    "%41%42=%43", "%4", "%zz=%", "%%41", "%C3%A9=%C3", "%C3\u00e9%A9", "a=%E2%82%AC%E2%82", "%ED%A0%80=x",
    "caf\u00c3\u00a9=1", "a=1;b=2", "a%26b=c%3Dd", "%2B=%20", "%f0%9f%98%80", "%F0%9F%98", "\u20ac%E2%82%AC",
]
queries += fuzz("ab=&+%0123456789ACEFcef\u00e9;", 200, 16)
qsl = [[q, parse_qsl(q, keep_blank_values=True), parse_qsl(q)] for q in queries]
unquoted = [[q, unquote(q)] for q in queries]

strings = ["", "abc", "a b", "a+b", "_.-~", "/", "\u00e9", "\u20ac", "\U0001f600", "a&b=c", "%", "'\"!*()", "\x00\x7f"]
strings += fuzz("ab _.-~/+&=%?#\u00e9\u20ac\x00", 100, 10)
quoted = [[s, quote(s), quote(s, safe=""), quote_plus(s), quote(s, safe=":/%#?=@[]!$&'()*+,;\u00e9")] for s in strings]
encoded = [[[[s, s[::-1]] for s in strings[i : i + 3]], urlencode([(s, s[::-1]) for s in strings[i : i + 3]])]
           for i in range(0, len(strings), 3)]

hosts = [chr(i) for i in range(256)] + [
    "example.com", "EXAMPLE.com:8000", "a:", "a:0", "a:000080", "a:65535", "a:65536", "a:000065535", "a:1000000",
    "[::1]", "[::1]:80", "[:::]", "[::ffff:1.2.3.4]", "[::ffff:999.1.1.1]", "[v1.foo]", "[V1.foo]", "[v1.]", "[vg.x]",
    "[1:2:3:4:5:6:7:8]", "[1:2:3:4:5:6:7:8:9]", "[fe80::1%eth0]", "a b", "a/b", "a\\b", "a@b", "a#", "a?", "%41",
    "a.b.c:1:2", "", ":80", "[]", "[::1]x", "xn--e1a.com", "\u00e9.com", "a!$&'()*+,;=b", "[::]:00000",
]
hosts += fuzz("a1:[].v%@ ", 80, 8)


def host_facts(h):
    p = parse_host_header(h)
    return None if p is None else [p.host, p.port, p.authority, p.is_valid_port]


host = [[h, host_facts(h)] for h in hosts]

csv_inputs = ['"localhost", "127.0.0.1", 0.0.0.0', "'a', 'b'", "a,,b", ",", "", "  ", "a, #c, d\ne, f", "a\\,b, c",
              '"a\\"b", c', "'a\\'b', c", '"", x', "''", "a'b'c, d", " \u00a0a\u3000 ,\ufeffb\ufeff , \x1cc\x1f",
              '"unterminated', "trailing\\", "a\u00e9, \u00df"]
csv_inputs += fuzz("ab ,'\"\\#\n", 150, 10)
csv = [[c, attempt(lambda c=c: list(CommaSeparatedStrings(c)))] for c in csv_inputs]

scopes = []
for scheme in ["http", "https", "ws", "wss"]:
    for server in [None, ["example.org", 80], ["example.org", 443], ["::1", 8000], ["10.0.0.1", None]]:
        for host_header in [None, "h.example", "h.example:443", "[::1]:80", "bad/host", "h:99999"]:
            for qs in ["", "a=1", "a=%C3%A9&b", "a=\u00c3\u00a9"]:
                scope = {"scheme": scheme, "server": server, "path": "/p", "query_string": qs.encode("latin-1"),
                         "headers": [] if host_header is None else [(b"host", host_header.encode("latin-1"))]}
                scopes.append([{**scope, "query_string": qs, "headers": [list(map(lambda b: b.decode("latin-1"), h))
                                                                         for h in scope["headers"]]},
                               attempt(lambda scope=scope: str(URL(scope=scope)))])
query_params = [[q, attempt(lambda q=q: [QueryParams(q).multi_items(), str(QueryParams(q))])] for q in queries]

out = {"urlsplit": split, "parse_qsl": qsl, "unquote": unquoted, "quote": quoted, "urlencode": encoded,
       "parse_host_header": host, "comma_separated_strings": csv, "url_from_scope": scopes,
       "query_params": query_params}
Path(__file__).with_name("python_urls.json").write_text(json.dumps(out, ensure_ascii=True, indent=0))
