"""Regenerates python_text.json, the Python facts test_bytes.ts and test_datastructures.ts compare with.

Run: /tmp/pyref/bin/python tests/data/make_python_text.py  (from packages/asgi)
"""

import json
import random
import sys
from pathlib import Path

# str.lower() of every latin-1 character, and of every other character whose lowercase is all latin-1.
lower = {str(i): chr(i).lower() for i in range(256)}
extra = {
    str(i): chr(i).lower()
    for i in range(256, 0x110000)
    if not 0xD800 <= i <= 0xDFFF and all(ord(c) < 256 for c in chr(i).lower())
}

# UTF-8 decoding with errors="replace" on awkward byte sequences.
random.seed(7)
cases = [b"", b"\xef\xbb\xbfabc", b"\xc3", b"\xc3\xa9", b"\xe2\x82", b"\xe2\x82\xac", b"\xf0\x80\x80", b"\xed\xa0\x80",
         b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80\xbf", b"\xf0\x9f\x98", b"\xf0\x9f\x98\x80", b"a\xffb", b"\xe0\x80\xaf",
         b"\xf8\x88\x80\x80\x80"]
pool = [0x00, 0x41, 0x7F, 0x80, 0x9F, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0xA0,
        0x8F, 0x90]
for _ in range(300):
    cases.append(bytes(random.choice(pool) for _ in range(random.randint(1, 8))))
utf8 = [[list(c), c.decode("utf-8", "replace")] for c in cases]

# repr() of str and bytes, for the toString() of Headers and friends.
texts = [chr(i) for i in range(256)] + ["'", '"', "'\"", "a'b", "\u2028", "\u20ac", "\U0001f600", "\ufeff", "\U000e0001",
                                        "\ud7ff", "\ue000", "\u0378", "\u00ad\u200b", "\u3000"]
str_repr = [[t, repr(t)] for t in texts]
bytes_repr = [[t, repr(t.encode("latin-1"))] for t in texts if all(ord(c) < 256 for c in t)]

# str.strip(): every code point it removes (asked of strip() itself, not only of isspace()), and a few whole strings.
isspace = [i for i in range(0x110000) if chr(i).isspace()]
strip_removes = [i for i in range(0x110000) if ("a" + chr(i) + "b" + chr(i) * 2).strip() == "a" + chr(i) + "b"]
strip_cases = ["", " ", "x", " x ", "\x1c\x1d\x1ex-a\x1f", "\x85x\xa0", "\ufeffx\ufeff", "\u180ex\u200b", "\u3000x y\u2029",
               "\t\n\x0b\x0c\r", "\x00x\x00", "\U0001f600 ", " \ud800", "a\x85\x85b"]
strip = [[t, t.strip()] for t in strip_cases]

out = {"python": sys.version, "lower_latin1": lower, "lower_into_latin1": extra, "utf8_replace": utf8,
       "str_repr": str_repr, "bytes_repr": bytes_repr, "isspace": isspace, "strip_removes": strip_removes,
       "strip": strip}
Path(__file__).with_name("python_text.json").write_text(json.dumps(out, ensure_ascii=True, indent=0))
