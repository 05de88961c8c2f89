/** @module Mirrors starlette/datastructures.py (Starlette 1.7.0): Headers, MutableHeaders, URL, QueryParams, the multi-dicts, State, Address, CommaSeparatedStrings, Secret, UploadFile, FormData. */

import { decodeLatin1, encodeLatin1, pyStrip } from "./bytes.js";
import type { BinaryIO } from "./tempfile.js";
import type { ByteString, Header, HostPort, RawHeaders } from "./types.js";
import { isIPv6Address, parseQsl, SplitResult, urlencode, urlsplit } from "./urlparse.js";

// Python's repr(), for the toString() of every class here (Starlette's __repr__).

// str.isprintable(): every category but Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs other than the space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function escapeCodePoint(cp: number): string {
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, "0")}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, "0")}`;
  return `\\U${cp.toString(16).padStart(8, "0")}`;
}

function pickQuote(s: string): string {
  return s.includes("'") && !s.includes('"') ? '"' : "'";
}

/** Python's `repr(str)`. */
export function pyReprStr(s: string): string {
  const quote = pickQuote(s);
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp >= 0x7f && PRINTABLE.test(ch)) out += ch;
    else out += escapeCodePoint(cp);
  }
  return out + quote;
}

/** Python's `repr(bytes)` for a ByteString. */
export function pyReprBytes(s: ByteString): string {
  const quote = pickQuote(s);
  let out = `b${quote}`;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    const unit = s.charCodeAt(i);
    if (ch === quote || ch === "\\") out += `\\${ch}`;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (unit >= 0x20 && unit < 0x7f) out += ch;
    else out += `\\x${unit.toString(16).padStart(2, "0")}`;
  }
  return out + quote;
}

/** Python's `repr()` of the values these classes hold: str, int, bool, None, lists, tuples (arrays of two), objects. */
function pyRepr(value: unknown): string {
  if (typeof value === "string") return pyReprStr(value);
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (Array.isArray(value)) {
    return value.length === 2 ? `(${value.map(pyRepr).join(", ")})` : `[${value.map(pyRepr).join(", ")}]`;
  }
  return String(value);
}

function pyReprList(items: readonly unknown[]): string {
  return `[${items.map(pyRepr).join(", ")}]`;
}

// Header names and values: Python's `.encode("latin-1")` on every str that goes in.

function notLatin1(s: string, index: number): TypeError {
  const unit = s.charCodeAt(index).toString(16).padStart(4, "0");
  return new TypeError(
    `'latin-1' codec can't encode character '\\u${unit}' in position ${index}: ordinal not in range(256)`,
  );
}

function checkByteString(s: string): ByteString {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0xff) throw notLatin1(s, i);
  }
  return s;
}

// Apps look up the same few names on every request; remembering their checked lowercase form makes a lookup
// key cost one Map hit instead of a toLowerCase and a scan. Bounded, so names from requests cannot grow it.
const HEADER_KEYS_MAX = 512;
const headerKeys = new Map<string, ByteString>();

/**
 * Python's `key.lower().encode("latin-1")`. Only the key looked up is lowercased: a stored name with
 * uppercase bytes never matches. Lowercasing first matters: "\u212A" (KELVIN SIGN) lowers to "k".
 */
function headerKey(key: string): ByteString {
  let name = headerKeys.get(key);
  if (name !== undefined) return name;
  name = checkByteString(key.toLowerCase());
  if (headerKeys.size < HEADER_KEYS_MAX) headerKeys.set(key, name);
  return name;
}

/** Anything Starlette's `Mapping[str, str]` parameters take: a plain object, a Map, Headers or a multi-dict. */
export type StringMapping =
  | Readonly<Record<string, string>>
  | ReadonlyMap<string, string>
  | Headers
  | ImmutableMultiDict<string, string>;

function isMapping(value: unknown): value is StringMapping {
  if (value instanceof Headers || value instanceof ImmutableMultiDict || value instanceof Map) return true;
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `mapping.items()` of a StringMapping: Headers give every pair (duplicates too), as in Python. */
function mappingItems(other: StringMapping): Iterable<readonly [string, string]> {
  if (other instanceof Headers || other instanceof ImmutableMultiDict) return other.items();
  if (other instanceof Map) return other.entries();
  return Object.entries(other as Readonly<Record<string, string>>);
}

function typeName(value: unknown): string {
  if (value === null) return "NoneType";
  if (typeof value !== "object") return typeof value;
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === "string" ? ctor.name : "object";
}

/** Where the header list comes from: exactly one of these, or none for an empty list. */
export interface HeadersInit {
  /** Names are lowercased, names and values checked to be latin-1. Starlette's `headers=`. @default undefined */
  headers?: Readonly<Record<string, string>> | ReadonlyMap<string, string> | null;
  /** Used as is and shared: a MutableHeaders edits this very list. Starlette's `raw=`. @default undefined */
  raw?: RawHeaders | null;
  /**
   * A scope or message. As Starlette 1.7.0 (`scope["headers"] = list(scope["headers"])`), its `headers` are copied
   * into a new list that is put back into it and shared, so a MutableHeaders edits what the message will carry while
   * the list the message came with (a Response's rawHeaders) stays untouched. No `headers` key throws, as the
   * KeyError of 1.7.0. Starlette's `scope=`. @default undefined
   */
  scope?: { headers?: RawHeaders | Iterable<Header> } | null;
}

/** An immutable, case-insensitive multidict over a list of latin-1 `[name, value]` pairs. Starlette's `Headers`. */
export class Headers implements Iterable<string> {
  protected _list: RawHeaders;

  constructor(init: HeadersInit = {}) {
    const { headers, raw, scope } = init;
    if (headers !== undefined && headers !== null) {
      if (raw !== undefined && raw !== null) throw new TypeError('Cannot set both "headers" and "raw".');
      if (scope !== undefined && scope !== null) throw new TypeError('Cannot set both "headers" and "scope".');
      const list: RawHeaders = [];
      const entries = headers instanceof Map ? headers.entries() : Object.entries(headers);
      for (const [key, value] of entries) list.push([headerKey(key), checkByteString(value)]);
      this._list = list;
    } else if (raw !== undefined && raw !== null) {
      if (scope !== undefined && scope !== null) throw new TypeError('Cannot set both "raw" and "scope".');
      this._list = raw;
    } else if (scope !== undefined && scope !== null) {
      const given = scope.headers;
      if (given === undefined) {
        throw new TypeError(`KeyError: 'headers' (the scope or message has no "headers" list)`);
      }
      this._list = scope.headers = Array.isArray(given) ? (given as RawHeaders).slice() : Array.from(given);
    } else {
      this._list = [];
    }
  }

  /** A copy of the `[name, value]` list (MutableHeaders gives the live list). Starlette's `raw`. */
  get raw(): RawHeaders {
    return this._list.slice();
  }

  /** Every name, duplicates included, in order. Starlette's `keys()`. */
  keys(): string[] {
    return this._list.map((pair) => pair[0]);
  }

  /** Every value, in order. Starlette's `values()`. */
  values(): string[] {
    return this._list.map((pair) => pair[1]);
  }

  /** Every `[name, value]` pair as a new pair, in order. Starlette's `items()`. */
  items(): [string, string][] {
    return this._list.map((pair) => [pair[0], pair[1]]);
  }

  /** Every value under `key`, in order. Starlette's `getlist(key)`. */
  getlist(key: string): string[] {
    const name = headerKey(key);
    const found: string[] = [];
    for (const pair of this._list) {
      if (pair[0] === name) found.push(pair[1]);
    }
    return found;
  }

  /** The first value under `key`, else `defaultValue` (undefined). Starlette's `get(key, default)` and `h[key]`. */
  get(key: string): string | undefined;
  get<D>(key: string, defaultValue: D): string | D;
  get<D>(key: string, defaultValue?: D): string | D | undefined {
    const name = headerKey(key);
    for (const pair of this._list) {
      if (pair[0] === name) return pair[1];
    }
    return defaultValue;
  }

  /** Starlette's `key in headers`. */
  has(key: string): boolean {
    const name = headerKey(key);
    for (const pair of this._list) {
      if (pair[0] === name) return true;
    }
    return false;
  }

  /** The number of pairs, duplicates included. Starlette's `len(headers)`. */
  get size(): number {
    return this._list.length;
  }

  /** A MutableHeaders over a copy of the list. Starlette's `mutablecopy()`. */
  mutablecopy(): MutableHeaders {
    return new MutableHeaders({ raw: this._list.slice() });
  }

  /** The same pairs in any order, duplicates counted. Starlette's `==`. */
  equals(other: unknown): boolean {
    if (!(other instanceof Headers)) return false;
    if (other._list.length !== this._list.length) return false;
    const mine = sortedPairs(this._list);
    const theirs = sortedPairs(other._list);
    return mine.every((pair, i) => pair[0] === theirs[i]?.[0] && pair[1] === theirs[i]?.[1]);
  }

  /** Iterates the names, duplicates included. Starlette's `iter(headers)`. */
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  /** Starlette's `repr()`: `Headers({'a': '1'})`, or `Headers(raw=[(b'a', b'1'), (b'a', b'2')])` with duplicates. */
  toString(): string {
    const asDict = new Map<string, string>();
    for (const [name, value] of this._list) asDict.set(name, value);
    const className = this.constructor.name;
    if (asDict.size === this._list.length) {
      const body = Array.from(asDict, ([k, v]) => `${pyReprStr(k)}: ${pyReprStr(v)}`).join(", ");
      return `${className}({${body}})`;
    }
    const body = this._list.map(([k, v]) => `(${pyReprBytes(k)}, ${pyReprBytes(v)})`).join(", ");
    return `${className}(raw=[${body}])`;
  }
}

function comparePairs(a: Header, b: Header): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

function sortedPairs(list: RawHeaders): RawHeaders {
  return list.slice().sort(comparePairs);
}

/**
 * Headers that can be edited in place. Edits replace pairs, never change a pair array, so a list copied with
 * `mutablecopy()` (which shares the pairs) is never changed behind its back. Starlette's `MutableHeaders`.
 */
export class MutableHeaders extends Headers {
  /** The live list: what edits change. Starlette's `raw`. */
  override get raw(): RawHeaders {
    return this._list;
  }

  /**
   * Sets `key` to `value`: replaces the first pair under `key` where it stands and removes the later ones,
   * or appends. Starlette's `headers[key] = value`.
   */
  set(key: string, value: string): void {
    const name = headerKey(key);
    const pair: Header = [name, checkByteString(value)];
    const list = this._list;
    const n = list.length;
    let first = -1;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const item = list[i] as Header;
      if (item[0] === name) {
        if (first !== -1) continue;
        first = i;
      }
      if (kept !== i) list[kept] = item;
      kept++;
    }
    if (kept !== n) list.length = kept;
    if (first === -1) list.push(pair);
    else list[first] = pair;
  }

  /** Removes every pair under `key`. Starlette's `del headers[key]` (which, unlike a dict, never raises). */
  delete(key: string): void {
    const name = headerKey(key);
    const list = this._list;
    const n = list.length;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const item = list[i] as Header;
      if (item[0] === name) continue;
      if (kept !== i) list[kept] = item;
      kept++;
    }
    if (kept !== n) list.length = kept;
  }

  /** Appends `[key, value]` unless `key` is there; returns the (first) value under `key`. Starlette's `setdefault`. */
  setdefault(key: string, value: string): string {
    const name = headerKey(key);
    const checked = checkByteString(value);
    for (const pair of this._list) {
      if (pair[0] === name) return pair[1];
    }
    this._list.push([name, checked]);
    return value;
  }

  /** `set(key, value)` for every item of `other`, in order. Starlette's `update(other)`. */
  update(other: StringMapping): void {
    for (const [key, value] of mappingItems(other)) this.set(key, value);
  }

  /** Appends `[key, value]`, keeping any pairs under `key`. Starlette's `append(key, value)`. */
  append(key: string, value: string): void {
    this._list.push([headerKey(key), checkByteString(value)]);
  }

  /**
   * Adds `vary` to the first `vary` header with ", " (even if it already names it) and removes later `vary`
   * headers, or appends `vary: <vary>`. Starlette's `add_vary_header(vary)`.
   */
  addVaryHeader(vary: string): void {
    const existing = this.get("vary");
    this.set("vary", existing === undefined ? vary : `${existing}, ${vary}`);
  }

  /** A new MutableHeaders: a copy updated with `other`. Starlette's `headers | other`. */
  or(other: StringMapping): MutableHeaders {
    if (!isMapping(other)) throw new TypeError(`Expected a mapping but got ${typeName(other)}`);
    const copy = this.mutablecopy();
    copy.update(other);
    return copy;
  }

  /** Updates in place with `other` and returns this. Starlette's `headers |= other`. */
  ior(other: StringMapping): this {
    if (!isMapping(other)) throw new TypeError(`Expected a mapping but got ${typeName(other)}`);
    this.update(other);
    return this;
  }
}

/** Python's KeyError, for the few places Starlette's mappings raise it (`del d[k]`, `d.popitem()` on empty). */
export class KeyError extends Error {
  override name = "KeyError";
  constructor(key: unknown) {
    super(pyRepr(key));
  }
}

/** Python's `str()` of a value that goes into a QueryParams (`str(True) == "True"`, `str(None) == "None"`). */
function pyStr(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  return String(value);
}

/** What a multi-dict is built from: another multi-dict, a mapping, or `[key, value]` pairs. */
export type MultiDictInit<K, V> =
  | ImmutableMultiDict<K, V>
  | ReadonlyMap<K, V>
  | (K extends string ? Readonly<Record<K, V>> : never)
  | Iterable<readonly [K, V]>;

function initItems<K, V>(value: MultiDictInit<K, V> | null | undefined): [K, V][] {
  if (value === null || value === undefined) return [];
  if (value instanceof ImmutableMultiDict) return value.multiItems();
  if (value instanceof Headers) return value.items() as [K, V][];
  if (value instanceof Map) return Array.from(value as ReadonlyMap<K, V>);
  if (typeof value === "object" && Symbol.iterator in value) {
    return Array.from(value as Iterable<readonly [K, V]>, (pair) => [pair[0], pair[1]]);
  }
  return Object.entries(value as Record<string, V>) as [K, V][];
}

function comparePy(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = comparePy(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (a === b) return 0;
  return (a as string) < (b as string) ? -1 : 1;
}

/**
 * A multi-dict: every `[key, value]` pair in order (`multiItems()`), and a dict of the last value per key
 * (`get`, `keys`, `values`, `items`). Starlette's `ImmutableMultiDict`.
 */
export class ImmutableMultiDict<K = string, V = string> implements Iterable<K> {
  protected _dict: Map<K, V>;
  protected _list: [K, V][];

  /** `extra` is Python's `**kwargs`: its pairs come after those of `value`. */
  constructor(value?: MultiDictInit<K, V> | null, extra?: Readonly<Record<string, V>>) {
    let items = initItems(value);
    if (extra !== undefined && Object.keys(extra).length > 0) {
      items = items.concat(Object.entries(extra) as [K, V][]);
    }
    this._dict = new Map(items);
    this._list = items;
  }

  /** Every value under `key`, in order. Starlette's `getlist(key)`. */
  getlist(key: K): V[] {
    const found: V[] = [];
    for (const [k, v] of this._list) {
      if (k === key) found.push(v);
    }
    return found;
  }

  /** Each key once, in first-seen order. Starlette's `keys()`. */
  keys(): K[] {
    return Array.from(this._dict.keys());
  }

  /** The last value of each key. Starlette's `values()`. */
  values(): V[] {
    return Array.from(this._dict.values());
  }

  /** `[key, last value]` per key. Starlette's `items()`. */
  items(): [K, V][] {
    return Array.from(this._dict.entries());
  }

  /** Every pair, in order (a copy). Starlette's `multi_items()`. */
  multiItems(): [K, V][] {
    return this._list.map(([k, v]) => [k, v]);
  }

  /** The last value under `key`, else `defaultValue`. Starlette's `get(key, default)` and `d[key]`. */
  get(key: K): V | undefined;
  get<D>(key: K, defaultValue: D): V | D;
  get<D>(key: K, defaultValue?: D): V | D | undefined {
    return this._dict.has(key) ? (this._dict.get(key) as V) : defaultValue;
  }

  /** Starlette's `key in d`. */
  has(key: K): boolean {
    return this._dict.has(key);
  }

  /** The number of distinct keys. Starlette's `len(d)`. */
  get size(): number {
    return this._dict.size;
  }

  [Symbol.iterator](): Iterator<K> {
    return this._dict.keys();
  }

  /** Same class and the same pairs in any order. Starlette's `==`. */
  equals(other: unknown): boolean {
    if (!(other instanceof ImmutableMultiDict) || other.constructor !== this.constructor) return false;
    const mine = this._list.slice().sort(comparePy);
    const theirs = (other._list as unknown[]).slice().sort(comparePy);
    return mine.length === theirs.length && mine.every((pair, i) => comparePy(pair, theirs[i]) === 0);
  }

  /** Starlette's `repr()`: `ImmutableMultiDict([('a', '1')])`. */
  toString(): string {
    return `${this.constructor.name}(${pyReprList(this._list)})`;
  }
}

/** A multi-dict that can be edited. Starlette's `MultiDict`. */
export class MultiDict<K = string, V = string> extends ImmutableMultiDict<K, V> {
  /** Replaces every value under `key` with `value`. Starlette's `d[key] = value`. */
  set(key: K, value: V): void {
    this.setlist(key, [value]);
  }

  /** Removes every value under `key`; throws KeyError if there is none. Starlette's `del d[key]`. */
  delete(key: K): void {
    this._list = this._list.filter(([k]) => k !== key);
    if (!this._dict.delete(key)) throw new KeyError(key);
  }

  /** Removes `key`; returns its last value, else `defaultValue`. Starlette's `pop(key, default)`. */
  pop(key: K): V | undefined;
  pop<D>(key: K, defaultValue: D): V | D;
  pop<D>(key: K, defaultValue?: D): V | D | undefined {
    this._list = this._list.filter(([k]) => k !== key);
    if (!this._dict.has(key)) return defaultValue;
    const value = this._dict.get(key) as V;
    this._dict.delete(key);
    return value;
  }

  /** Removes the last key added and returns `[key, last value]`. Starlette's `popitem()`. */
  popitem(): [K, V] {
    let last: [K, V] | undefined;
    for (const entry of this._dict) last = entry;
    if (last === undefined) throw new KeyError("popitem(): dictionary is empty");
    const key = last[0];
    this._dict.delete(key);
    this._list = this._list.filter(([k]) => k !== key);
    return last;
  }

  /** Removes `key` and returns all its values. Starlette's `poplist(key)`. */
  poplist(key: K): V[] {
    const values = this.getlist(key);
    this.pop(key);
    return values;
  }

  /** Starlette's `clear()`. */
  clear(): void {
    this._dict.clear();
    this._list.length = 0;
  }

  /** Adds `[key, value]` unless `key` is there; returns the value under `key`. Starlette's `setdefault`. */
  setdefault(key: K, value: V): V {
    if (!this._dict.has(key)) {
      this._dict.set(key, value);
      this._list.push([key, value]);
    }
    return this._dict.get(key) as V;
  }

  /** Replaces the values under `key` (moved to the end) with `values`; none removes `key`. Starlette's `setlist`. */
  setlist(key: K, values: readonly V[]): void {
    if (values.length === 0) {
      this.pop(key);
      return;
    }
    const kept = this._list.filter(([k]) => k !== key);
    this._list = kept.concat(values.map((v): [K, V] => [key, v]));
    this._dict.set(key, values[values.length - 1] as V);
  }

  /** Adds `[key, value]`, keeping earlier values. Starlette's `append(key, value)`. */
  append(key: K, value: V): void {
    this._list.push([key, value]);
    this._dict.set(key, value);
  }

  /** Every key of `value` (and `extra`) replaces that key's values. Starlette's `update(*args, **kwargs)`. */
  update(value?: MultiDictInit<K, V> | null, extra?: Readonly<Record<string, V>>): void {
    const incoming = new MultiDict<K, V>(value, extra);
    const kept = this._list.filter(([k]) => !incoming._dict.has(k));
    this._list = kept.concat(incoming._list);
    for (const [k, v] of incoming._dict) this._dict.set(k, v);
  }
}

// Host header: starlette/_utils.py's parse_host_header.

// Rejects characters that could make a Host header change the URL path or authority. Python's pattern is
// case-insensitive except for the "v" of an IPvFuture literal; written out here because a Host header is latin-1,
// where IGNORECASE adds nothing to these ASCII classes.
const HOST_RE =
  /^(?<host>[A-Za-z0-9._~%!$&'()*+,;=-]+|\[(?:(?<ipv6>[A-Fa-f0-9]*:[A-Fa-f0-9.:]+)|v[A-Fa-f0-9]+\.[A-Za-z0-9._~!$&'()*+,;=:-]+)\])(?::(?<port>[0-9]+))?$/;

/** A Host header split into host (brackets kept) and port. Starlette's `ParsedHost`. */
export class ParsedHost {
  constructor(
    readonly host: string,
    readonly port: string | null,
  ) {}

  /** `host` or `host:port`. */
  get authority(): string {
    return this.port === null ? this.host : `${this.host}:${this.port}`;
  }

  /** No port, or at most 5 digits after leading zeros and at most 65535. Starlette's `is_valid_port`. */
  get isValidPort(): boolean {
    if (this.port === null) return true;
    let start = 0;
    while (start < this.port.length && this.port.charCodeAt(start) === 0x30) start++;
    const digits = this.port.slice(start);
    return digits.length <= 5 && Number(digits || "0") <= 65535;
  }
}

/** Host and port of a Host header, or null if it is missing or could change the URL. Starlette's `parse_host_header`. */
export function parseHostHeader(hostHeader: string | null | undefined): ParsedHost | null {
  if (hostHeader === null || hostHeader === undefined) return null;
  const match = HOST_RE.exec(hostHeader);
  if (match === null) return null;
  const groups = match.groups as { host: string; ipv6?: string; port?: string };
  if (groups.ipv6 !== undefined && !isIPv6Address(groups.ipv6)) return null;
  return new ParsedHost(groups.host, groups.port ?? null);
}

// URL

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443 };

// Python's bytes.decode() of a query string: strict UTF-8.
const strictUTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function decodeQueryString(queryString: ByteString): string {
  for (let i = 0; i < queryString.length; i++) {
    if (queryString.charCodeAt(i) >= 0x80) return strictUTF8.decode(encodeLatin1(queryString));
  }
  return queryString;
}

/** The keys of a scope that `URL` reads. */
export interface URLScope {
  scheme?: string;
  server?: readonly [host: string, port: number | null] | null;
  path: string;
  query_string?: ByteString;
  headers: Iterable<readonly [ByteString, ByteString]>;
  /** Any other keys of a scope. */
  [key: string]: unknown;
}

/** Parts to build a URL from or to replace. Starlette's `**components` of `URL(...)` and `URL.replace(...)`. */
export interface URLComponents {
  scheme?: string;
  netloc?: string;
  path?: string;
  query?: string;
  fragment?: string;
  /** Rebuilds the netloc; null drops it. */
  username?: string | null;
  /** Rebuilds the netloc; null drops it. */
  password?: string | null;
  /** Rebuilds the netloc; null keeps the current host. */
  hostname?: string | null;
  /** Rebuilds the netloc; null drops it. */
  port?: number | string | null;
}

/** `new URL({ scope })` or `new URL({ ...components })`. */
export interface URLInit extends URLComponents {
  /** An HTTP or WebSocket scope: the URL the client asked for. @default undefined */
  scope?: URLScope | null;
}

function urlFromScope(scope: URLScope): string {
  const scheme = scope.scheme ?? "http";
  const server = scope.server ?? null;
  const path = scope.path;
  let hostHeader: string | null = null;
  for (const [key, value] of scope.headers) {
    if (key === "host") {
      hostHeader = value;
      break;
    }
  }
  const parsedHost = parseHostHeader(hostHeader);
  let netloc: string | null = null;
  if (parsedHost !== null && parsedHost.isValidPort) {
    netloc = parsedHost.authority;
  } else if (server !== null) {
    let [host, port] = server;
    if (host.includes(":") && !host.startsWith("[")) host = `[${host}]`;
    const defaultPort = DEFAULT_PORTS[scheme];
    if (defaultPort === undefined) throw new KeyError(scheme);
    netloc = port === defaultPort ? host : `${host}:${pyStr(port)}`;
  }
  const query = decodeQueryString(scope.query_string ?? "");
  if (netloc !== null) return new SplitResult(scheme, netloc, path, query, "").geturl();
  return query === "" ? path : `${path}?${query}`;
}

function componentKeys(init: URLComponents): (keyof URLComponents)[] {
  return (Object.keys(init) as (keyof URLInit)[]).filter(
    (key): key is keyof URLComponents => key !== "scope" && init[key] !== undefined,
  );
}

/** A URL string with its parts parsed on demand (Python's urlsplit). Starlette's `URL`. */
export class URL {
  private readonly url: string;
  private split: SplitResult | undefined;

  /** `new URL("https://example.org/")`, `new URL({ scope })` or `new URL({ scheme, netloc, path, ... })`. */
  constructor(url: string | URLInit = "", init: URLInit = {}) {
    if (typeof url !== "string") {
      init = url;
      url = "";
    }
    const components = componentKeys(init);
    if (init.scope !== undefined && init.scope !== null) {
      if (url !== "") throw new TypeError('Cannot set both "url" and "scope".');
      if (components.length > 0) throw new TypeError('Cannot set both "scope" and "**components".');
      url = urlFromScope(init.scope);
    } else if (components.length > 0) {
      if (url !== "") throw new TypeError('Cannot set both "url" and "**components".');
      const parts: URLComponents = {};
      for (const key of components) Object.assign(parts, { [key]: init[key] });
      url = new URL("").replace(parts).components.geturl();
    }
    this.url = url;
  }

  /** The parsed parts (parsed once, on first use). Starlette's `components`. */
  get components(): SplitResult {
    this.split ??= urlsplit(this.url);
    return this.split;
  }

  get scheme(): string {
    return this.components.scheme;
  }

  get netloc(): string {
    return this.components.netloc;
  }

  get path(): string {
    return this.components.path;
  }

  get query(): string {
    return this.components.query;
  }

  get fragment(): string {
    return this.components.fragment;
  }

  get username(): string | null {
    return this.components.username;
  }

  get password(): string | null {
    return this.components.password;
  }

  get hostname(): string | null {
    return this.components.hostname;
  }

  get port(): number | null {
    return this.components.port;
  }

  /** `https` or `wss`. Starlette's `is_secure`. */
  get isSecure(): boolean {
    return this.scheme === "https" || this.scheme === "wss";
  }

  /** A new URL with some parts replaced; username, password, hostname or port rebuild the netloc. Starlette's `replace`. */
  replace(parts: URLComponents): URL {
    const { username, password, hostname, port, ...rest } = parts;
    const kwargs: Partial<Record<"scheme" | "netloc" | "path" | "query" | "fragment", string>> = {};
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) Object.assign(kwargs, { [key]: value });
    if (username !== undefined || password !== undefined || hostname !== undefined || port !== undefined) {
      const newPort = port === undefined ? this.port : port;
      const newUsername = username === undefined ? this.username : username;
      const newPassword = password === undefined ? this.password : password;
      let host = hostname ?? null;
      if (host === null) {
        host = this.netloc.slice(this.netloc.lastIndexOf("@") + 1);
        if (host !== "" && !host.endsWith("]")) {
          const colon = host.lastIndexOf(":");
          if (colon !== -1) host = host.slice(0, colon);
        }
      }
      let netloc = host;
      if (newPort !== null) netloc += `:${newPort}`;
      if (newUsername !== null) {
        const userpass = newPassword !== null ? `${newUsername}:${newPassword}` : newUsername;
        netloc = `${userpass}@${netloc}`;
      }
      kwargs.netloc = netloc;
    }
    return new URL(this.components.replace(kwargs).geturl());
  }

  /** Adds or replaces query parameters (each given key replaces all its values). Starlette's `include_query_params`. */
  includeQueryParams(params: Readonly<Record<string, unknown>>): URL {
    const merged = new MultiDict<string, string>(parseQsl(this.query, { keepBlankValues: true }));
    const incoming: Record<string, string> = {};
    for (const [key, value] of Object.entries(params)) incoming[key] = pyStr(value);
    merged.update(incoming);
    return this.replace({ query: urlencode(merged.multiItems()) });
  }

  /** Replaces the whole query with `params`. Starlette's `replace_query_params`. */
  replaceQueryParams(params: Readonly<Record<string, unknown>>): URL {
    return this.replace({ query: urlencode(Object.entries(params)) });
  }

  /** Removes every value of the given keys from the query. Starlette's `remove_query_params`. */
  removeQueryParams(keys: string | readonly string[]): URL {
    const params = new MultiDict<string, string>(parseQsl(this.query, { keepBlankValues: true }));
    for (const key of typeof keys === "string" ? [keys] : keys) params.pop(key);
    return this.replace({ query: urlencode(params.multiItems()) });
  }

  /** Same string. Starlette's `==` (which compares `str()` of both sides, so a URL equals its string). */
  equals(other: unknown): boolean {
    return this.url === String(other);
  }

  /** The URL as given or built. Starlette's `str(url)`. */
  toString(): string {
    return this.url;
  }

  /** Starlette's `repr(url)`, the password masked: `URL('https://user:********@example.org/')`. */
  repr(): string {
    const url = this.password ? String(this.replace({ password: "********" })) : this.url;
    return `URL(${pyReprStr(url)})`;
  }
}

/**
 * A path from a router's `url_path_for`, with the protocol and host it needs, if any. Starlette's `URLPath`
 * (a `str` subclass there; here `toString()` gives the path).
 */
export class URLPath {
  constructor(
    readonly path: string,
    readonly protocol: "http" | "websocket" | "" = "",
    readonly host = "",
  ) {}

  /** The absolute URL on `baseUrl`, with ws/wss or http/https as the protocol and `baseUrl` ask. Starlette's `make_absolute_url`. */
  makeAbsoluteURL(baseUrl: string | URL): URL {
    const base = typeof baseUrl === "string" ? new URL(baseUrl) : baseUrl;
    let scheme = base.scheme;
    if (this.protocol === "http") scheme = base.isSecure ? "https" : "http";
    else if (this.protocol === "websocket") scheme = base.isSecure ? "wss" : "ws";
    const netloc = this.host || base.netloc;
    const path = base.path.replace(/\/+$/, "") + this.path;
    return new URL({ scheme, netloc, path });
  }

  toString(): string {
    return this.path;
  }

  valueOf(): string {
    return this.path;
  }
}

// QueryParams

/** The query parameters of a URL, parsed like `parse_qsl(keep_blank_values=True)`. Starlette's `QueryParams`. */
export class QueryParams extends ImmutableMultiDict<string, string> {
  /**
   * From a query string (a ByteString such as `scope.query_string`, parsed as Python parses its latin-1
   * decoding), its bytes, a mapping, a multi-dict or pairs; keys and values become strings as Python's `str()`.
   */
  constructor(
    value?: string | Uint8Array | MultiDictInit<unknown, unknown> | Readonly<Record<string, unknown>> | null,
    extra?: Readonly<Record<string, unknown>>,
  ) {
    let items: [unknown, unknown][];
    if (typeof value === "string") items = parseQsl(value, { keepBlankValues: true });
    else if (value instanceof Uint8Array) items = parseQsl(decodeLatin1(value), { keepBlankValues: true });
    else items = initItems(value as MultiDictInit<unknown, unknown> | null | undefined);
    if (extra !== undefined) items = items.concat(Object.entries(extra));
    super(items.map(([k, v]): [string, string] => [pyStr(k), pyStr(v)]));
  }

  /** Urlencoded, every pair in order. Starlette's `str(query_params)`. */
  override toString(): string {
    return urlencode(this._list);
  }

  /** Starlette's `repr()`: `QueryParams('a=1&b=2')`. */
  repr(): string {
    return `QueryParams(${pyReprStr(this.toString())})`;
  }
}

// State, Address, CommaSeparatedStrings, Secret

/** Python's AttributeError, for reading a State attribute that was never set through `state.get()`. */
export class AttributeError extends Error {
  override name = "AttributeError";
}

/**
 * A bag of attributes over a plain object (shared, not copied). `state.foo = 1` and `state.foo` work through a
 * Proxy; so do `get`, `set`, `delete`, `has`. A name that is also a method here (`get`, `set`, ...) is reachable
 * only through `get()`/`set()`. Reading a missing name gives undefined (JS), where Starlette raises AttributeError;
 * `getattr(name)` raises it. Starlette's `State`.
 */
export class State {
  [key: string]: unknown;
  declare readonly _state: Record<string, unknown>;

  constructor(state?: Record<string, unknown> | null) {
    // configurable, so the Proxy may leave it out of ownKeys (the keys of the state itself)
    Object.defineProperty(this, "_state", { value: state ?? {}, enumerable: false, configurable: true });
    return new Proxy(this, {
      get(target, key, receiver) {
        if (typeof key === "symbol" || key in target) return Reflect.get(target, key, receiver);
        return target._state[key];
      },
      set(target, key, value) {
        if (typeof key === "symbol") return Reflect.set(target, key, value);
        target._state[key] = value;
        return true;
      },
      deleteProperty(target, key) {
        if (typeof key === "symbol") return Reflect.deleteProperty(target, key);
        return delete target._state[key];
      },
      has(target, key) {
        return typeof key === "string" ? key in target._state : Reflect.has(target, key);
      },
      ownKeys(target) {
        return Reflect.ownKeys(target._state);
      },
      getOwnPropertyDescriptor(target, key) {
        return Reflect.getOwnPropertyDescriptor(target._state, key);
      },
    });
  }

  /** Starlette's `state[key]`; undefined if missing. */
  get(key: string): unknown {
    return this._state[key];
  }

  /** Starlette's `getattr(state, key)`: throws AttributeError if missing. */
  getattr(key: string): unknown {
    if (!(key in this._state)) throw new AttributeError(`'State' object has no attribute '${key}'`);
    return this._state[key];
  }

  /** Starlette's `state[key] = value`. */
  set(key: string, value: unknown): void {
    this._state[key] = value;
  }

  /** Starlette's `del state[key]`: throws KeyError if missing. */
  delete(key: string): void {
    if (!(key in this._state)) throw new KeyError(key);
    delete this._state[key];
  }

  has(key: string): boolean {
    return key in this._state;
  }

  /** Starlette's `len(state)`. */
  get size(): number {
    return Object.keys(this._state).length;
  }

  /** The names. Starlette's `iter(state)`. */
  [Symbol.iterator](): Iterator<string> {
    return Object.keys(this._state)[Symbol.iterator]();
  }
}

/** A client or server address. Starlette's `Address` (a NamedTuple: iterable as `[host, port]`). */
export class Address implements Iterable<string | number> {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {}

  /** From a scope's `client` pair, or null. */
  static from(pair: HostPort | null | undefined): Address | null {
    return pair === null || pair === undefined ? null : new Address(pair[0], pair[1]);
  }

  *[Symbol.iterator](): Iterator<string | number> {
    yield this.host;
    yield this.port;
  }

  /** Same host and port (also against a `[host, port]` pair, as tuple equality). */
  equals(other: unknown): boolean {
    if (other instanceof Address) return other.host === this.host && other.port === this.port;
    return Array.isArray(other) && other.length === 2 && other[0] === this.host && other[1] === this.port;
  }

  /** Starlette's `repr()`: `Address(host='testclient', port=50000)`. */
  toString(): string {
    return `Address(host=${pyReprStr(this.host)}, port=${this.port})`;
  }
}

/**
 * Python's `shlex(value, posix=True)` with `whitespace=","` and `whitespace_split=True`: quotes group, a backslash
 * escapes, "#" starts a comment to the end of the line.
 */
function splitCommas(value: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  const next = (): string => (i < value.length ? (value[i++] as string) : "");
  const skipLine = (): void => {
    const nl = value.indexOf("\n", i);
    i = nl === -1 ? value.length : nl + 1;
  };
  for (;;) {
    let state = " ";
    let escapedState = " ";
    let token = "";
    let quoted = false;
    for (;;) {
      const c = next();
      if (state === " ") {
        if (c === "") {
          state = "eof";
          break;
        } else if (c === ",") {
          if (token !== "" || quoted) break;
        } else if (c === "#") {
          skipLine();
        } else if (c === "\\") {
          escapedState = "a";
          state = c;
        } else if (c === "'" || c === '"') {
          state = c;
        } else {
          token = c;
          state = "a";
        }
      } else if (state === "'" || state === '"') {
        quoted = true;
        if (c === "") throw new TypeError("No closing quotation");
        if (c === state) state = "a";
        else if (c === "\\" && state === '"') {
          escapedState = state;
          state = c;
        } else token += c;
      } else if (state === "\\") {
        if (c === "") throw new TypeError("No escaped character");
        if ((escapedState === "'" || escapedState === '"') && c !== state && c !== escapedState) token += state;
        token += c;
        state = escapedState;
      } else {
        if (c === "") {
          state = "eof";
          break;
        } else if (c === ",") {
          state = " ";
          if (token !== "" || quoted) break;
        } else if (c === "#") {
          skipLine();
          state = " ";
          if (token !== "" || quoted) break;
        } else if (c === "'" || c === '"') {
          state = c;
        } else if (c === "\\") {
          escapedState = "a";
          state = c;
        } else token += c;
      }
    }
    if (token === "" && !quoted) return tokens;
    tokens.push(token);
    if (state === "eof") return tokens;
  }
}

/**
 * A list of strings from "a, 'b', \"c\"" (shell-like quoting, items stripped) or from any iterable of strings.
 * Starlette's `CommaSeparatedStrings`.
 */
export class CommaSeparatedStrings implements Iterable<string> {
  private readonly items: string[];

  constructor(value: string | Iterable<string>) {
    this.items = typeof value === "string" ? splitCommas(value).map((item) => pyStrip(item)) : Array.from(value);
  }

  /** Starlette's `len(csv)`. */
  get length(): number {
    return this.items.length;
  }

  /** Starlette's `csv[index]` (negative counts from the end). */
  at(index: number): string | undefined {
    return this.items.at(index);
  }

  [Symbol.iterator](): Iterator<string> {
    return this.items[Symbol.iterator]();
  }

  /** Starlette's `str(csv)`: `'a', 'b'`. */
  toString(): string {
    return this.items.map(pyReprStr).join(", ");
  }

  /** Starlette's `repr(csv)`: `CommaSeparatedStrings(['a', 'b'])`. */
  repr(): string {
    return `CommaSeparatedStrings(${pyReprList(this.items)})`;
  }
}

/** A string kept out of logs and reprs; `toString()` reveals it where it is needed. Starlette's `Secret`. */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The value. Starlette's `str(secret)`. */
  toString(): string {
    return this.#value;
  }

  /** Starlette's `bool(secret)`: true unless empty. */
  get isSet(): boolean {
    return this.#value !== "";
  }

  /** Starlette's `repr(secret)`. */
  repr(): string {
    return "Secret('**********')";
  }

  toJSON(): string {
    return this.repr();
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.repr();
  }
}

/** What an UploadFile is built with besides its file (Starlette's keyword arguments). */
export interface UploadFileInit {
  /** Bytes written so far; `write()` adds to it unless it is null. @default null */
  size?: number | null;
  /** The part's `filename`, decoded. @default null */
  filename?: string | null;
  /** The part's own headers. @default an empty Headers */
  headers?: Headers | null;
}

/**
 * A file of a multipart body (Starlette's `UploadFile`): its name, the part's headers, its size, and the data in
 * `file`, a SpooledTemporaryFile when the parser made it (memory up to 1 MiB, then disk).
 */
export class UploadFile {
  filename: string | null;
  readonly file: BinaryIO;
  size: number | null;
  readonly headers: Headers;

  constructor(file: BinaryIO, init: UploadFileInit = {}) {
    this.file = file;
    this.filename = init.filename ?? null;
    this.size = init.size ?? null;
    this.headers = init.headers ?? new Headers();
  }

  /** The part's `content-type`, or null when it had none. */
  get contentType(): string | null {
    return this.headers.get("content-type") ?? null;
  }

  /** `contentType` under Starlette's name. */
  get content_type(): string | null {
    return this.contentType;
  }

  /** Appends at the file's position and counts the bytes in `size`. */
  async write(data: Uint8Array): Promise<void> {
    if (this.size !== null) this.size += data.length;
    await this.file.write(data);
  }

  /** Up to `size` bytes from the position; everything left when `size` is negative. */
  async read(size = -1): Promise<Uint8Array> {
    return this.file.read(size);
  }

  async seek(offset: number): Promise<void> {
    await this.file.seek(offset);
  }

  async close(): Promise<void> {
    await this.file.close();
  }

  /** Starlette's `repr()`. */
  toString(): string {
    return `UploadFile(filename=${pyRepr(this.filename)}, size=${this.size === null ? "None" : this.size}, headers=${this.headers.toString()})`;
  }
}

/** A parsed form: text fields and uploaded files, in order (Starlette's `FormData`). */
export class FormData extends ImmutableMultiDict<string, string | UploadFile> {
  /** Closes every UploadFile it holds. */
  async close(): Promise<void> {
    for (const [, value] of this._list) if (value instanceof UploadFile) await value.close();
  }

  /** `await using form = await request.form()`: Starlette's `async with request.form() as form`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
