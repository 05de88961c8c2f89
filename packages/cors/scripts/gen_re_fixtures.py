#!/usr/bin/env python3
"""Generate tests/fixtures/re/cases.json: what CPython's re.fullmatch answers, for src/re.ts to replay.

Run with Python 3.11 (the version Starlette's allow_origin_regex is pinned to here):
    python3.11 scripts/gen_re_fixtures.py   (from packages/cors)
Deterministic (seeded). Each pattern is compiled with re.compile; an exception is recorded as
{"type", "message"}, else its fullmatch result for every shared subject (a "0"/"1" string) and for
its own extra subjects.
"""
import json
import os
import random
import re
import signal
import sys
import warnings

warnings.simplefilter("ignore")
assert sys.version_info[:2] == (3, 11), "generate the fixtures with Python 3.11"
rng = random.Random(20261127)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "fixtures", "re", "cases.json")

# ----------------------------------------------------------------------------------------------
# Subjects shared by every pattern

def ab_strings(alphabet, n):
    out = [""]
    frontier = [""]
    for _ in range(n):
        frontier = [s + c for s in frontier for c in alphabet]
        out += frontier
    return out

ORIGINS = [
    "https://example.org", "https://www.example.org", "https://api.example.org", "http://example.org",
    "https://example.org:443", "https://example.org:8443", "https://example.org.evil.com",
    "https://evilexample.org", "https://a.b.example.org", "https://EXAMPLE.ORG", "HTTPS://example.org",
    "https://example.com", "http://example.com", "https://www.example.com", "http://www.example.com:8080",
    "https://example.com:", "https://example.com:99999", "https://example.net", "https://exampleXcom",
    "http://localhost", "http://localhost:3000", "http://127.0.0.1:8000", "http://[::1]:8000",
    "https://example.org\n", "https://example.org\n\n", "\nhttps://example.org", "https://example.org ",
    " https://example.org", "https://example.org/", "https://example.org/path", "null", "NULL", "",
    "https://xn--bcher-kva.example", "https://b\xfccher.example", "https://\xe9xample.org",
    "https://\xc9XAMPLE.org", "https://stra\xdfe.example", "https://STRASSE.example",
    "https://sub.example.org\r", "https://sub.example.org\t", "https://sub_domain.example.org",
    "https://123.example.org", "https://-.example.org", "https://.example.org", "https://example.org.",
    "http://foo.bar.baz.example.org:1", "https://a\x00b.example.org", "https://example.org\x85",
    "https://example.org\xa0", "https://k.example", "https://K.example", "https://s.example",
    "https://\xb5.example", "https://\xff.example", "https://\xdf.example", "file://", "https://",
    "https:/example.org", "https//example.org", "ws://example.org", "chrome-extension://abcdef",
    "app://-", "https://example.org%0a", "https://example.org\\n",
]

SHARED = []
for s in ab_strings("ab", 4) + ab_strings("aA\n", 2) + [chr(c) for c in range(256)] + ORIGINS + [
    "a\n", "ab\n", "\na", "a\nb", "aa\n", "\n\n", " ", "  ", "a b", "ab ", "_", "__", "a_1", "1a", "12", "123",
    "0x1f", "\xaa\xb5\xba", "\xb2\xb3\xb9", "\xbc\xbd\xbe", "\xc0\xd6\xd8\xf6\xf8\xff", "\xd7\xf7",
    "\x1c\x1d\x1e\x1f", "\x85\xa0", "Straße", "STRAßE", "ss", "SS", "ß", "ſ", "K", "k", "\u212a",
    "\xb5", "\u03bc", "\u039c", "\xff", "\u0178", "I", "i", "\u0130", "\u0131", "abc", "ABC", "aBc",
    "abcabc", "abab", "aaaa", "aaaaa", "aaaaaa", "bbbb", "xyz", "{", "}", "{}", "a{", "a{1}", "a{,2}",
    "a{1,}", "{1}", "a{}", "]", "[", "[]", "-", "^", "$", "\\", "\\\\", "|", "(", ")", "*", "+", "?", ".",
    "#", "# comment", "a#b", "\t", "\r\n", "a\r", "\x00", "\x7f", "\x80", "\xff\xff",
]:
    # Origins are ByteStrings: every subject is latin-1 (src/re.ts refuses other code units by design).
    if s not in SHARED and all(ord(c) < 256 for c in s):
        SHARED.append(s)

# ----------------------------------------------------------------------------------------------
# Patterns

REALISTIC = [
    r"https://.*\.example\.org", r"https?://(www\.)?example\.(com|org)(:\d+)?", r"https://example\.org",
    r"https://[a-z0-9-]+\.example\.org", r"https://([a-z0-9]+\.)*example\.org", r"https?://localhost(:\d+)?",
    r"https?://127\.0\.0\.1(:[0-9]{1,5})?", r"https://.*", r".*", r"https://[^.]+\.example\.com",
    r"https://(?:api|www|app)\.example\.com", r"(?i)https://example\.org", r"https://example\.org$",
    r"^https://example\.org$", r"https://example\.org\Z", r"\Ahttps://example\.org\Z",
    r"https://example\.(?!evil)\w+", r"https://(?P<sub>\w+)\.example\.org", r"https://\w+\.example\.org",
    r"https://[\w-]+\.example\.org", r"https://\S+", r"https?://[^/]+", r"chrome-extension://[a-p]{32}",
    r"https://.+\.vercel\.app", r"https://deploy-preview-\d+--site\.netlify\.app",
    r"(?x) https:// (www\.)? example \. org  # the site", r"https://(.*\.)?example\.org",
    r"https://[a-zA-Z0-9.-]+:\d{2,5}", r"https://example\.org(:443)?", r"http://.*",
    r"https://example\.(com|org|net)", r"null", r"https://\d+\.\d+\.\d+\.\d+", r"https://[\da-f:]+",
    r"https://example\.org/?", r"https://.*example\.org", r"https://ex.mple\.org", r"(?s)https://.*",
    r"(?m)https://example\.org$", r"(?i:HTTPS)://example\.org", r"https://[^\W_]+\.example\.org",
    r"https://b\xfccher\.example", r"https://\xfc+\.example", r"(?i)https://STRASSE\.example",
    r"(?i)https://stra\xdfe\.example", r"https://(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)+example\.org",
]

CONSTRUCTS = [
    # named groups and references
    r"(?P<a>a)(?P=a)", r"(?P<a>a|b)(?P=a)", r"(?P<a>[ab]+)-(?P=a)", r"(a)\1", r"(a|b)\1", r"(a)?\1",
    r"(a)?b\1", r"(?:(a)|b)+\1", r"(?:(a)|b)*\1?", r"(?i)(a)\1", r"(?i)(\w)\1", r"(?i)([\xe0-\xff])\1",
    r"(?a)(?i)(\w)\1", r"((a)|b)+\2", r"(a*)\1", r"(a*)+\1", r"(a|)+\1b", r"(?:(a)|(b))*\1\2",
    r"(?P<x>a)(?P<y>b)(?P=y)(?P=x)", r"(a)(?:\1)*", r"(ab|a)(?:\1)+", r"(.)(.)\2\1", r"(.+)\1",
    r"(\w+)\s\1", r"(a)|\1", r"(?:(a)|b\1)+", r"(?:b\1|(a))+", r"(?:(.)x|.y)+\1",
    # anchors
    r"\Aa", r"a\Z", r"a$", r"^a", r"a$\n", r"a\n$", r"$", r"^$", r"^", r"\A\Z", r"a\n\Z", r"(?m)a$",
    r"(?m)^a", r"(?m)a$\n", r"(?m)a\n^b", r"(?m)a$\nb", r"a$$", r"(?m)$\n$", r"(?s).*$", r"a(?=\n?$)",
    r"\b", r"\B", r"a\b", r"\ba", r"a\B", r"\Ba", r"\b\w+\b", r"\B\w\B", r"(?a)\b\w+\b", r"(?a)\xe9\b",
    r"\xe9\b", r"\b\xb2", r"(?a)\B\xe9", r"a\b.", r"a\B.", r"(?:\b|a)+",
    # inline and scoped flags
    r"(?i)a", r"(?i)A", r"(?i)ab", r"(?i)[a-c]", r"(?i)[A-C]", r"(?i)[^a]", r"(?i)[^A]", r"(?i)k",
    r"(?i)K", r"(?i)\u212a", r"(?i)[\u212a]", r"(?i)[k]", r"(?i)s", r"(?i)\u017f", r"(?i)[\u017f]",
    r"(?i)\xb5", r"(?i)\u03bc", r"(?i)\u039c", r"(?i)[\u039c]", r"(?i)\xdf", r"(?i)\u1e9e", r"(?i)ss",
    r"(?i)\xff", r"(?i)\u0178", r"(?i)[\u0178]", r"(?i)i", r"(?i)I", r"(?i)\u0130", r"(?i)\u0131",
    r"(?i)[\u0130]", r"(?i)[\u0131]", r"(?i)\xc5", r"(?i)\u212b", r"(?i)[\u212b]", r"(?i)\xe9",
    r"(?i)\xc9", r"(?i)[\xc0-\xde]", r"(?i)[\xe0-\xfe]", r"(?i)[\u0100-\U00010000]", r"(?i)[\u0170-\u0180]",
    r"(?i)[\u0370-\u03ff]", r"(?i)[^\u0370-\u03ff]", r"(?i)[\u2100-\u2200]", r"(?i)[^\xb5]", r"(?i)[^k]",
    r"(?i)[^\u212a]", r"(?i)\xd7", r"(?i)\xf7", r"(?i)[\xd7]", r"(?i)[^\xd7]", r"(?ai)a", r"(?ai)\xe9",
    r"(?ai)\xc9", r"(?ai)[\xc0-\xde]", r"(?ai)k", r"(?ai)\u212a", r"(?ai)[^a]", r"(?a)\w", r"(?a)\W",
    r"(?a)\d", r"(?a)\s", r"(?a)\S", r"(?a)[\w]", r"(?a)[^\w]", r"(?u)\w", r"(?a:\w)", r"(?a)(?u:\w)",
    r"(?i:a)A", r"a(?i:a)", r"(?i)a(?-i:a)", r"(?i)(?-i:A)", r"(?s).", r".", r"(?s:.)\n", r"(?s)(?-s:.)",
    r"(?m)^", r"(?x)a b c", r"(?x)a\ b", r"(?x)a[ ]b", r"(?x)a#comment\nb", r"(?x)a # comment", r"(?x)\#",
    r"(?x:a b)c", r"(?x)(?-x:a b)", r"(?x)a{1, 2}", r"(?x)a{1,2}", r"(?x)a {2}", r"(?x)a\tb",
    r"(?x)a\n", "(?x)a\nb", "(?x)a\tb", r"(?ix)A B", r"(?xi)A B", r"(?imsx)a", r"(?-i:a)",
    r"(?i-s:a.)", r"(?s-i:a.)", r"(?i)(?#c)a", r"(?#c)(?i)a", r"(?x) (?i)a", r"(?x)#c\n(?i)a",
    r"a(?i)", r"(?i)(?s)a.", r"(?t)a", r"(?t)a*", r"(?t)ab|c", r"(?L)a", r"(?u)(?a)a", r"(?a)(?u)a",
    r"(?au)a", r"(?ia:\xe9)", r"(?i:\xe9)\xc9",
    # comments
    r"a(?#comment)b", r"(?#)a", r"a(?#a(b)c)", r"a(?#", r"(?#)*a",
    # quantifiers and braces
    r"a{2}", r"a{2,}", r"a{,2}", r"a{1,3}", r"a{0}", r"a{0,0}", r"a{,}", r"a{}", r"a{", r"a{1", r"a{1,",
    r"a{x}", r"a{1,x}", r"{", r"{1}", r"x{2,1}", r"a{3,3}", r"a{2,}?", r"a{,2}?", r"a{1,2}+", r"a{,}b",
    r"a{ 1}", r"a{1 }", r"a{01}", r"a{4294967295}", r"a{4294967294}", r"a{1,4294967295}",
    r"a{99999999999999999999}", r"(?:ab){2}", r"(?:ab){,2}", r"(?:a|b){3}", r"a*?", r"a+?", r"a??",
    r"a*b", r"a*?b", r"a**", r"a*+", r"a++", r"a?+", r"a+*", r"a{1}{2}", r"a{1}*", r"(?:a{1}){2}",
    r"*a", r"+a", r"?a", r"a|*", r"(*)", r"^*", r"$*", r"\b*", r"\A*", r"(?:^)*a", r"(?=a)*a", r"(?:)*",
    r"()*", r"(?:)+", r"(?:a?)*", r"(?:a*)*", r"(?:a*)+b", r"(?:a|)*", r"(?:|a)*", r"(?:a?)+?b",
    r"(a?)*?b", r"(?:a{0,2}){3}", r"a{1000}", r"a{0,1000}", r"(?:a|b){2000}", r"(?:ab|a){1,1001}",
    # possessive and atomic
    r"a*+a", r"a++a", r"a?+a", r"a{1,2}+a", r"a*+", r"(?:ab)*+", r"(?:ab|a)*+b", r"(?:a|ab)*+b",
    r"(?:a|ab)++c", r"(?:ab|a){2}+c", r"(?:a|ab){2}+c", r"(?:|a)*+", r"(?:|a)++", r"(?:a|)*+",
    r"(?:a?)*+", r"(?:a*)*+", r"(?:a?)++b", r"(?:a*)++", r"(?:a*b)*+", r"(?:a*?)*+", r"\w++\d",
    r"(?>a*)a", r"(?>a*)", r"(?>a|ab)c", r"(?>ab|a)c", r"(?>a+)b", r"(?>(?:|a)*)", r"(?>(?:a|)*)",
    r"(?>(?:a?)*)", r"(?>a*?)", r"(?>a*?)b", r"(?>a??)a", r"(?>a?)a", r"(?>(a)|b)\1", r"(?>x|(a))*",
    r"(?>(?>a|ab)c|abd)", r"(?>a(?=b)|ab)", r"a(?>b|bc)+c", r"(?>[ab]*)b", r"(?>)", r"(?>)*",
    r"(?>a*)*", r"(?>a)*+", r"(?:(?>a|ab))*c", r"(?>.*)\n", r"(?>(?:a|b)*?)b",
    # conditionals
    r"(a)?(?(1)b|c)", r"(a)?(?(1)b)", r"(?P<n>a)?(?(n)b|c)", r"(a)?(?(1)b|c|d)", r"(?(1)a|b)",
    r"(?(1)a|b)(b)", r"(a)(?(2)a|b)", r"(?(0)a|b)", r"(a)(?(-1)a|b)", r"(a)(?(+1)a|b)", r"(a)(?( 1 )a|b)",
    r"(a)(?(1_)a|b)", r"(a)(?(a)a|b)", r"(a)(?(a b)a|b)", r"(a)?(?(1)|b)", r"(a)?(?(1)b|)", r"(?(",
    r"(a)(?(1", r"(a)(?(1)", r"(?(1)", r"(a(?(1)b|c))+", r"(?:(a)|b)*(?(1)x|y)", r"(a)?(?(1)\1|c)",
    r"(a)?(?(1)(?=b)|c)b?", r"(?:(a)|b)(?(1)a|b)", r"(?i)(a)?(?(1)B|C)",
    # lookarounds
    r"(?=a)a", r"(?!a).", r"(?<=a)b", r"a(?<=a)", r"a(?<!b)", r"(?<=ab)", r".(?<=a)", r"..(?<=ab)",
    r"a(?<=a|b)", r"ab(?<=ab|cd)", r"ab(?<=a|bc)", r"a(?<=a*)", r"a(?<=a+)", r"a(?<=a{2})",
    r"aa(?<=a{2})", r"a(?<=(a))\1", r"(a)(?<=\1)", r"(a)a(?<=\1)", r"(?<=(a)\1)", r"(?<=(a))", r"a(?<!\w)",
    r"(ab)(?<=\1)", r"(a|bc)(?<=\1)", r"(?<=a(?=b))b", r"a(?<=(?<=a))", r"(?<=a)", r".(?<=(?>a))",
    r".(?<=(?>.))", r"ab(?<=(?:ab)++)", r"a(?<=a??)", r"(?<=\b)a", r"a(?<=$)", r"a(?<=\Z)", r"(?<x",
    r"(?<=", r"(?<", r"(?<a>x)", r"(?<=a", r"a(?=b", r"(?=)", r"(?!)", r"(?!)|a", r"(?=a|b)[ab]",
    r"(?!a|b).", r"\n(?<=\n)", r"(?:a(?=b)|\w)+", r"a(?!$)", r"a(?=$)", r"a(?=\n)\n", r"(?<!^)a",
    r"(?<=^)a", r"(?<=a)(?<!b)", r"(?=(a))\1", r"(?=(a+))\1b", r"(?!(a))\1",
    # sets
    r"[abc]", r"[^abc]", r"[a-c]", r"[^a-c]", r"[]a]", r"[^]a]", r"[a]]", r"[a-]", r"[-a]", r"[a-\]]",
    r"[\]]", r"[\\]", r"[\-]", r"[a\-z]", r"[z-a]", r"[a-a]", r"[\w-]", r"[\w-a]", r"[a-\w]", r"[\d]",
    r"[\D]", r"[\s]", r"[\S]", r"[\w]", r"[\W]", r"[\w\s]", r"[^\w\s]", r"[\b]", r"[\B]", r"[\A]",
    r"[\Z]", r"[.]", r"[$]", r"[*]", r"[(]", r"[|]", r"[[]", r"[[a]", r"[[a]]", r"[a[]", r"[[:alpha:]]",
    r"[a--b]", r"[a&&b]", r"[a~~b]", r"[a||b]", r"[--]", r"[---]", r"[a-c--b]", r"[&&]", r"[~~a]",
    r"[^^]", r"[^-]", r"[", r"[a", r"[a-", r"[^", r"[]", r"[^]", r"[\x00-\xff]", r"[\x00-\x7f]",
    r"[^\x00-\x7f]", r"[\u0000-\uffff]", r"[\x80-\U0010ffff]", r"[\N{LATIN SMALL LETTER E WITH ACUTE}]",
    r"[\0]", r"[\01]", r"[\012]", r"[\0123]", r"[\7]", r"[\8]", r"[\9]", r"[\400]", r"[\377]", r"[\1]",
    r"[\q]", r"[\é]", r"[\-\]\\]", r"[\a\f\v\t\r\n]", r"[\x]", r"[\x4]", r"[\x41]", r"[\u00e9]", r"[\u00e]",
    r"[\U000000e9]", r"[\U00110000]", r"[a-\x]", r"[\d-z]", r"[ -~]", r"[\t-\r]", r"[\xa0-\xff]",
    r"[^\n]", r"[^\x00]", r"[\s\S]", r"[^\s\S]", r"[^\d\D]", r"[\w\W]",
    # escapes
    r"\x41", r"\x4", r"\x", r"\xg0", r"\u00e9", r"\u00E9", r"\u00e", r"\U000000e9", r"\U000000E", r"\U00110000",
    r"\U0010ffff", r"\N{LATIN SMALL LETTER E WITH ACUTE}", r"\N{latin small letter e with acute}",
    r"\N{MICRO SIGN}", r"\N{GREEK SMALL LETTER MU}", r"(?i)\N{GREEK CAPITAL LETTER MU}", r"\N{KELVIN SIGN}",
    r"(?i)\N{KELVIN SIGN}", r"\N{NOT A NAME}", r"\N{", r"\N{}", r"\N", r"\Nx", r"\N{SPACE", r"\N{NULL}",
    r"\N{SNOWMAN}", r"\0", r"\00", r"\000", r"\0000", r"\01", r"\012", r"\0123", r"\1", r"\7", r"\8",
    r"\9", r"\10", r"\100", r"\101", r"\141", r"\400", r"\377", r"\477", r"\777", r"\1a", r"(a)\10",
    r"(a)\1a", r"(a)\11", r"(a)\01", r"\a", r"\f", r"\v", r"\t", r"\n", r"\r", r"\\", r"\e", r"\q", r"\c",
    r"\g", r"\G", r"\h", r"\i", r"\j", r"\k", r"\l", r"\m", r"\o", r"\p", r"\y", r"\z", r"\C", r"\E", r"\F",
    r"\H", r"\I", r"\K", r"\L", r"\M", r"\O", r"\P", r"\Q", r"\R", r"\T", r"\V", r"\X", r"\Y",
    r"\.", r"\-", r"\ ", r"\#", r"\é", r"\ß", r"\%", r"\_", r"\~", r"\&", "\\\n", "a\\", "\\",
    r"\d", r"\D", r"\s", r"\S", r"\w", r"\W", r"\d+", r"\w+", r"\s*",
    # groups and syntax errors
    r"(a)", r"(a", r"a)", r"()", r"(?:a", r"(?", r"(?P", r"(?Px", r"(?P<", r"(?P<a", r"(?P<>a)",
    r"(?P<1>a)", r"(?P<a b>a)", r"(?P<a>a)(?P<a>b)", r"(?P=a)", r"(?P<a>a)(?P=b)", r"(?P<a>(?P=a))",
    r"(?P<a>a)(?P=a", r"(?P<é>a)(?P=é)", r"(?P<a\b>x)", r"(?P=", r"(?P=)", r"(?Q)", r"(?<)", r"(?<x)",
    r"(?i", r"(?i-", r"(?i-x", r"(?-", r"(?-)", r"(?-i)", r"(?-i:a)", r"(?i-i:a)", r"(?q)", r"(?iq)",
    r"(?i)(?i)", r"a(?i)b", r"(?i)|(?s)", r"a|(?i)b", r"((?i)a)", r"(?-a:a)", r"(?-u:a)", r"(?-L:a)",
    r"(?a-u:a)", r"(?L:a)", r"(?t:a)", r"(?-t:a)", r"(?i-t:a)", r"(?a-:a)", r"(?i-:a)", r"(?i- :a)",
    r"(?i: a)", r"(?ia-:a)", r"(?au:a)", r"(?ua:a)", r"(?é)", r"(?i é)", r"(?-é:a)", r"(?-1:a)",
    r"(?i-s", r"a|", r"|a", r"|", r"||", r"a||b", r"(|a)", r"(a|)", r")", r"(()", r"())",
    r"(?:)", r"(?:(?:(?:a)))", r"((((((((((a))))))))))\10", r"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)\11",
    r"(?P<a>a)(?P<b>b)(?(b)c|d)", r"(?(é)a)", r"(?(a)", r"(?()a)", r"(?(1a)x)", r"(?(-)x)",
    "(a)(?(\x1c1)a|b)", "(a)(?(\ufeff1)a|b)", "(a)(?(1\x85)a|b)", "(a)(?(\u30001)a|b)", "(a)(?(01)a|b)",
    "(a)(?(1_0)a|b)", "(a)(?(1__0)a|b)", "(a)(?(_1)a|b)", "(a)(?(\u0661)a|b)",
    "(a)(?(\u0661\u0660)a|b)" + "(b)" * 10, "(a)(?(\U0001d7cf)a|b)", "(a)(?(\U0001d7d9)a|b)", "(a)(?(\u2000+1)a|b)",
    "(a)(?(- 1)a|b)", "(a)(?(\x851\u3000)a|b)", "(a)(?(1\u180e)a|b)",
]

# sre's own rules for marks: groups keep their value across loop iterations, a reference to an unset
# group fails, marks set inside a failed alternative or assertion are restored.
MARKS = [
    r"(?:(a)|b)*\1", r"(?:(a)|(b))+\2\1", r"(?:a(b)?)+\1", r"(?:(a)|b)+(?(1)y|n)", r"(?:(a)x|ay)+\1",
    r"((a)|b)+(?(2)y|n)", r"(a*)*\1", r"(a*)+?\1", r"(?:(a*))*b\1", r"((a)|b)*?c\2", r"(?=(a))?\1",
    r"(?:(?=(a))|b)+\1", r"(a)(?!(b))\2", r"(a)(?<=(?(1)a|b))", r"(?>(a)|(b))\2", r"(?:(a)|b)*+\1",
    r"(a)*+\1", r"(a|b)*+(?(1)x)", r"(a)*?\1", r"(?:(a)|b)*?c\1", r"(a|b)*?b\1", r"(?:(a)|b)\1",
    r"(a)?(?(1)a|)", r"(?:(a)|(b)|c)+(?(1)1)(?(2)2)", r"(?:(?:(a)|b)c)+\1", r"(?:(a)b|(a)c)+\1\2",
    r"(?:x(a)|x)+\1", r"(?:(a)(?=b)|a)+b?\1", r"(?:(a)(?!b)|ab)+\1", r"(a)(?:\1|b)*", r"(a)(?:\1)*+",
    r"(a)(?>\1*)b", r"(?:(a)|b)(?:(?(1)c|d))+", r"(?P<q>['\"]).*?(?P=q)", r"(?i)(?P<q>[a-z])(?P=q)+",
    r"(?:(ab)|a)+\1", r"(?:(a+)|b)+\1", r"(?:(a)|\1b)+", r"(?:b|(a))+\1", r"(a)(?(1)(?:b|(c)))\2",
    r"(?:(a)?b)+\1", r"(?:(a)?b)+(?(1)y|n)", r"(?:(?:(a)|b)+c)+\1", r"(?:(a)|b){2}\1", r"(?:(a)|b){2,3}?\1",
    r"(?:(a)|b)++(?(1)y|n)", r"(?>(?:(a)|b)+)\1", r"(?:(a)|b)?+\1", r"((?:a|b)*)\1", r"(a|ab)(c|bcd)(d*)\3",
]

def pattern_set():
    pats = list(dict.fromkeys(REALISTIC + CONSTRUCTS + MARKS))
    # Every construct again under (?i), (?s), (?m), (?x) when that changes nothing about validity.
    for p in REALISTIC[:20] + CONSTRUCTS[::3]:
        for prefix in ("(?i)", "(?a)", "(?ia)", "(?s)", "(?m)"):
            if not p.startswith("(?"):
                pats.append(prefix + p)
    pats += random_patterns(1000)
    pats += wellformed_patterns(1000)
    return list(dict.fromkeys(pats))

ATOMS = ["a", "b", "(a)", "(b)", "(a|b)", "(a?)", r"\1", "(?(1)a|b)", "A", ".", r"\w", r"\W", r"\d", r"\s", r"\b", r"\B", "^", "$", r"\A", r"\Z", "[ab]",
         "[^a]", r"[\w-]", "\\n", "\n", "\xe9", "\xc9", "\xdf", "\xb5", "k", "K", "\u212a", "s",
         "\u017f", " ", "#", "{", "}", "]", "-", "[a-", "(?i)", "(?x)", "(?s)", "(?m)"]
QUANTS = ["", "", "", "*", "+", "?", "*?", "+?", "??", "*+", "++", "?+", "{2}", "{1,2}", "{,2}", "{2,}",
          "{1,2}?", "{1,2}+", "{", "{,}", "{}"]

def random_patterns(n):
    out = []
    while len(out) < n:
        out.append(random_regex(0))
    return out

def random_regex(depth):
    parts = []
    for _ in range(rng.randint(1, 4)):
        r = rng.random()
        if r < 0.55 or depth > 2:
            atom = rng.choice(ATOMS)
        elif r < 0.7:
            atom = "(" + random_regex(depth + 1) + ")"
        elif r < 0.78:
            atom = "(?:" + random_regex(depth + 1) + "|" + random_regex(depth + 1) + ")"
        elif r < 0.83:
            atom = "(?>" + random_regex(depth + 1) + ")"
        elif r < 0.88:
            atom = rng.choice(["(?=", "(?!", "(?<=", "(?<!"]) + random_regex(depth + 1) + ")"
        elif r < 0.92:
            atom = rng.choice(["(?i:", "(?-i:", "(?s:", "(?x:", "(?a:"]) + random_regex(depth + 1) + ")"
        elif r < 0.96:
            atom = rng.choice([r"\1", r"\2", "(?P=n)", "(?P<n>" + random_regex(depth + 1) + ")"])
        else:
            atom = "(?(1)" + random_regex(depth + 1) + "|" + random_regex(depth + 1) + ")"
        # Nested unbounded quantifiers only on small bodies keep Python's backtracking quick.
        q = rng.choice(QUANTS)
        if depth > 0 and q and q[0] in "*+{" and len(atom) > 6:
            q = "?"
        parts.append(atom + q)
    return "".join(parts)

# Well-formed random patterns: groups before the references to them, no global flags in the middle,
# quantifiers only on what Python lets repeat; they mostly compile, so they exercise the matchers.
WF_ATOMS = ["a", "b", "ab", ".", r"\w", r"\W", r"\d", r"\s", "[ab]", "[^a]", "\n", "\xe9", "A", "(?i:a)",
            "(?i:\xc9)", "(?s:.)", "(?a:\w)", " "]
WF_ANCHORS = [r"\b", r"\B", "^", "$", r"\A", r"\Z", "(?m:^)", "(?m:$)"]
WF_QUANTS = ["", "", "", "*", "+", "?", "*?", "+?", "??", "*+", "++", "?+", "{2}", "{0,2}", "{1,2}?", "{,2}+"]

def wellformed_patterns(n):
    out = []
    while len(out) < n:
        state = {"groups": 0}
        out.append(wellformed_regex(0, state))
    return out

def wellformed_regex(depth, state):
    parts = []
    for _ in range(rng.randint(1, 4)):
        r = rng.random()
        quantifiable = True
        if r < 0.45 or depth > 2:
            atom = rng.choice(WF_ATOMS)
        elif r < 0.5:
            atom = rng.choice(WF_ANCHORS)
            quantifiable = False
        elif r < 0.65:
            state["groups"] += 1
            atom = "(" + wellformed_regex(depth + 1, state) + ")"
        elif r < 0.73:
            atom = "(?:" + wellformed_regex(depth + 1, state) + "|" + wellformed_regex(depth + 1, state) + ")"
        elif r < 0.8:
            atom = "(?>" + wellformed_regex(depth + 1, state) + ")"
        elif r < 0.85:
            atom = rng.choice(["(?=", "(?!"]) + wellformed_regex(depth + 1, state) + ")"
        elif r < 0.88:
            atom = rng.choice(["(?<=", "(?<!"]) + rng.choice(["a", "[ab]", "ab", "\\w", ".", "a|b", "\\b"]) + ")"
        elif r < 0.95 and state["groups"] > 0:
            atom = "\\%d" % rng.randint(1, state["groups"])
        elif state["groups"] > 0:
            g = rng.randint(1, state["groups"])
            atom = "(?(%d)%s|%s)" % (g, wellformed_regex(depth + 1, state), wellformed_regex(depth + 1, state))
        else:
            atom = "a"
        q = rng.choice(WF_QUANTS) if quantifiable else ""
        if depth > 0 and q and q[0] in "*+{" and len(atom) > 8:
            q = "?"
        parts.append(atom + q)
    return "".join(parts)

def literal_chars(p):
    chars = set(c for c in p if ord(c) < 256 and c not in "\\()[]{}?*+|^$")
    return sorted(chars | set("ab\n"))

def extra_subjects(p, compiled):
    alphabet = literal_chars(p)
    out = set()
    for _ in range(24):
        out.add("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))))
    # Grow strings that match: Python tells us which random ones do; mutate them.
    hits = [s for s in list(out) + SHARED if compiled.fullmatch(s)]
    for s in hits[:6]:
        out.add(s + "\n")
        out.add(s.upper())
        out.add(s.lower())
        out.add(s + s)
        if s:
            out.add(s[:-1])
            out.add(s[1:])
    return sorted(s for s in out if s not in SHARED and all(ord(c) < 256 for c in s))

# Formal name aliases (Unicode NameAliases.txt) of latin-1 code points: \N{...} accepts them too.
ALIASES = """0:NULL|0:NUL|1:START OF HEADING|1:SOH|2:START OF TEXT|2:STX|3:END OF TEXT|3:ETX|4:END OF TRANSMISSION
4:EOT|5:ENQUIRY|5:ENQ|6:ACKNOWLEDGE|6:ACK|7:ALERT|7:BEL|8:BACKSPACE|8:BS|9:CHARACTER TABULATION
9:HORIZONTAL TABULATION|9:HT|9:TAB|A:LINE FEED|A:NEW LINE|A:END OF LINE|A:LF|A:NL|A:EOL|B:LINE TABULATION
B:VERTICAL TABULATION|B:VT|C:FORM FEED|C:FF|D:CARRIAGE RETURN|D:CR|E:SHIFT OUT|E:LOCKING-SHIFT ONE|E:SO
F:SHIFT IN|F:LOCKING-SHIFT ZERO|F:SI|10:DATA LINK ESCAPE|10:DLE|11:DEVICE CONTROL ONE|11:DC1
12:DEVICE CONTROL TWO|12:DC2|13:DEVICE CONTROL THREE|13:DC3|14:DEVICE CONTROL FOUR|14:DC4
15:NEGATIVE ACKNOWLEDGE|15:NAK|16:SYNCHRONOUS IDLE|16:SYN|17:END OF TRANSMISSION BLOCK|17:ETB|18:CANCEL
18:CAN|19:END OF MEDIUM|19:EOM|1A:SUBSTITUTE|1A:SUB|1B:ESCAPE|1B:ESC|1C:INFORMATION SEPARATOR FOUR
1C:FILE SEPARATOR|1C:FS|1D:INFORMATION SEPARATOR THREE|1D:GROUP SEPARATOR|1D:GS|1E:INFORMATION SEPARATOR TWO
1E:RECORD SEPARATOR|1E:RS|1F:INFORMATION SEPARATOR ONE|1F:UNIT SEPARATOR|1F:US|20:SP|7F:DELETE|7F:DEL
80:PADDING CHARACTER|80:PAD|81:HIGH OCTET PRESET|81:HOP|82:BREAK PERMITTED HERE|82:BPH|83:NO BREAK HERE
83:NBH|84:INDEX|84:IND|85:NEXT LINE|85:NEL|86:START OF SELECTED AREA|86:SSA|87:END OF SELECTED AREA|87:ESA
88:CHARACTER TABULATION SET|88:HORIZONTAL TABULATION SET|88:HTS|89:CHARACTER TABULATION WITH JUSTIFICATION
89:HORIZONTAL TABULATION WITH JUSTIFICATION|89:HTJ|8A:LINE TABULATION SET|8A:VERTICAL TABULATION SET|8A:VTS
8B:PARTIAL LINE FORWARD|8B:PARTIAL LINE DOWN|8B:PLD|8C:PARTIAL LINE BACKWARD|8C:PARTIAL LINE UP|8C:PLU
8D:REVERSE LINE FEED|8D:REVERSE INDEX|8D:RI|8E:SINGLE SHIFT TWO|8E:SINGLE-SHIFT-2|8E:SS2|8F:SINGLE SHIFT THREE
8F:SINGLE-SHIFT-3|8F:SS3|90:DEVICE CONTROL STRING|90:DCS|91:PRIVATE USE ONE|91:PRIVATE USE-1|91:PU1
92:PRIVATE USE TWO|92:PRIVATE USE-2|92:PU2|93:SET TRANSMIT STATE|93:STS|94:CANCEL CHARACTER|94:CCH
95:MESSAGE WAITING|95:MW|96:START OF GUARDED AREA|96:START OF PROTECTED AREA|96:SPA|97:END OF GUARDED AREA
97:END OF PROTECTED AREA|97:EPA|98:START OF STRING|98:SOS|99:SINGLE GRAPHIC CHARACTER INTRODUCER|99:SGC
9A:SINGLE CHARACTER INTRODUCER|9A:SCI|9B:CONTROL SEQUENCE INTRODUCER|9B:CSI|9C:STRING TERMINATOR|9C:ST
9D:OPERATING SYSTEM COMMAND|9D:OSC|9E:PRIVACY MESSAGE|9E:PM|9F:APPLICATION PROGRAM COMMAND|9F:APC|A0:NBSP
AD:SHY"""

# Code points outside latin-1 that fold to a latin-1 letter under (?i) (see EXTRA_PREIMAGES in src/re.ts).
CASE_PARTNERS = [0x130, 0x131, 0x17F, 0x178, 0x39C, 0x3BC, 0x1E9E, 0x212A, 0x212B]

def names():
    """[name, code point] for every name src/re.ts knows, each checked against unicodedata.lookup."""
    import unicodedata
    out = []
    for cp in list(range(256)) + CASE_PARTNERS:
        name = unicodedata.name(chr(cp), None)
        if name is not None:
            out.append([name, cp])
    for entry in ALIASES.replace("\n", "|").split("|"):
        hexcp, name = entry.split(":", 1)
        if ord(unicodedata.lookup(name)) == int(hexcp, 16):
            out.append([name, int(hexcp, 16)])
    return out

def tables():
    """Print the TypeScript tables of src/re.ts (names, and the categories restricted to latin-1)."""
    def runs(pred):
        res = []
        for c in range(256):
            if pred(chr(c)):
                if res and res[-1][1] == c - 1:
                    res[-1][1] = c
                else:
                    res.append([c, c])
        return ", ".join("[0x%02x, 0x%02x]" % (a, b) for a, b in res)
    print("UNICODE_WORD", runs(lambda c: re.fullmatch(r"\w", c)))
    print("UNICODE_DIGIT", runs(lambda c: re.fullmatch(r"\d", c)))
    print("UNICODE_SPACE", runs(lambda c: re.fullmatch(r"\s", c)))
    line = ""
    for name, cp in names():
        entry = "%x:%s" % (cp, name)
        if len(line) + len(entry) + 1 > 110:
            print(line)
            line = ""
        line += ("|" if line else "") + entry
    print(line)

LATIN1 = [chr(c) for c in range(256)]

def hex_bits(compiled, subjects):
    """fullmatch results for `subjects`, 4 per hex digit, the first subject in the high bit."""
    bits = "".join("1" if compiled.fullmatch(s) else "0" for s in subjects)
    bits += "0" * (-len(bits) % 4)
    return "".join("%x" % int(bits[i:i + 4], 2) for i in range(0, len(bits), 4))

class TooSlow(Exception):
    pass

def on_alarm(signum, frame):
    raise TooSlow()

def case(p):
    """The fixture entry for one pattern, or None when Python itself cannot answer in time."""
    entry = {"pattern": p}
    try:
        compiled = re.compile(p)
    except Exception as e:  # re.error, ValueError, OverflowError: all refuse the pattern
        entry["error"] = {"type": type(e).__name__, "message": str(e)}
        return entry
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        entry["shared"] = hex_bits(compiled, SHARED)
        extras = extra_subjects(p, compiled)
        entry["extra"] = [[s, bool(compiled.fullmatch(s))] for s in extras]
    except TooSlow:
        # Random patterns with nested unbounded repeats can backtrack catastrophically in sre.
        return None
    except SystemError:
        # sre's own "span of capturing group is wrong" failure on a few random patterns.
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return entry

def main():
    if sys.argv[1:] == ["--tables"]:
        tables()
        return
    signal.signal(signal.SIGALRM, on_alarm)
    cases = []
    skipped = []
    for p in pattern_set():
        entry = case(p)
        if entry is None:
            skipped.append(p)
        else:
            cases.append(entry)
    data = {
        "python": sys.version.split()[0],
        "generator": "scripts/gen_re_fixtures.py",
        "subjects": SHARED,
        "names": [[name, cp, hex_bits(re.compile(r"(?i)\N{%s}" % name), LATIN1)] for name, cp in names()],
        "cases": cases,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=True, separators=(",", ":"))
        f.write("\n")
    n = sum(len(SHARED) + len(c.get("extra", [])) if "error" not in c else 1 for c in cases)
    print(f"{len(cases)} patterns, {n} cases, {os.path.getsize(OUT)} bytes -> {OUT}")
    print(f"skipped {len(skipped)} random patterns Python could not answer in time")

if __name__ == "__main__":
    main()
