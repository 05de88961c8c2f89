/** @module re/builtins — the Python builtins re/_parser.py leans on: len() and repr() of a str, int(), str.isidentifier(). */

/** Python's len() of a str: code points, not UTF-16 code units. */
export const cpLength = (s: string): number => Array.from(s).length;

const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** Python's repr() of a str, as error messages quote group names. */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp < 0x7f || ch === " " || !NOT_PRINTABLE.test(ch)) out += ch;
    else if (cp <= 0xff) out += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp <= 0xffff) out += "\\u" + cp.toString(16).padStart(4, "0");
    else out += "\\U" + cp.toString(16).padStart(8, "0");
  }
  return out + quote;
}

/** str.isidentifier(), which a group name must satisfy. */
export const IDENTIFIER = /^[\p{XID_Start}_]\p{XID_Continue}*$/u;

/** The white space int() strips: str.isspace() less \x1c-\x1f (measured on 3.11); not JS's \s. */
const PY_SPACE = "[\\t-\\r\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const PY_INT = new RegExp(`^${PY_SPACE}*([+-]?)(\\p{Nd}(?:_?\\p{Nd})*)${PY_SPACE}*$`, "u");
const DECIMAL = /^\p{Nd}$/u;

/** Value of a decimal digit of any script: Unicode encodes each script's 0-9 as one run of ten. */
function digitValue(cp: number): number {
  let start = cp;
  while (DECIMAL.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/** Python's int() on a group number: surrounding white space, a sign, decimal digits, single underscores. */
export function pyInt(s: string): number | null {
  const m = PY_INT.exec(s);
  if (m === null) return null;
  let value = 0;
  for (const ch of (m[2] ?? "").replaceAll("_", "")) value = value * 10 + digitValue(ch.codePointAt(0) ?? 0);
  return m[1] === "-" ? -value : value;
}
