/** @module Mirrors httptools.HttpRequestParser (llhttp in request mode), as uvicorn's httptools_impl drives it: bytes in, callbacks out.
 *
 * The grammar is llhttp 9's strict request grammar, with node's header-size accounting. The reference is httptools as
 * uvicorn runs it (its own llhttp build, strict but for `lenient_data_after_close`); node:http runs llhttp too and is
 * the oracle the tests can reach without Python (tests/test_http_parser.ts compares both over real sockets). As llhttp
 * does, we read HTTP/0.9, HTTP/2.0, RTSP/ and ICE/ request lines and report their `major.minor`; bytes after a message
 * without keep-alive are ignored (httptools' lenient_data_after_close; node fails the connection), and an upgrade
 * request's body is read as a body (we serve unsupported upgrades as plain requests, as node does when nobody listens
 * for 'upgrade').
 *
 * Each line of a head is checked and committed in one pass over its bytes, which also finds its end; its strings are
 * cut from one latin-1 decode shared by the whole head (and by the next heads of a pipeline). Only a line split across
 * two `feedData` calls is kept (copied) until its end arrives; it is checked as far as it goes, so that garbage (a TLS
 * hello, a binary protocol) is refused at once. Body bytes are handed out as views of the input, never copied.
 */
import type { RawHeaders } from "@mono/asgi";

/** The versions llhttp takes (whatever the protocol name: `RTSP/1.0` is "1.0"); others are refused. */
export type HttpVersion = "0.9" | "1.0" | "1.1" | "2.0";

/** What the parser read from a request line and its header fields. */
export interface ParsedRequest {
  /** The method as sent (llhttp accepts only the methods it knows). */
  readonly method: string;
  /** The request target as sent, latin-1. */
  readonly url: string;
  /** httptools' `get_http_version()`: `major.minor` as llhttp read it (`0.9` for a request line without a version). */
  readonly httpVersion: HttpVersion;
  /** In arrival order; names lowercased, values without their leading whitespace (trailing whitespace stays, as in httptools); latin-1 ByteStrings. */
  readonly headers: RawHeaders;
  /** llhttp's `should_keep_alive()`: HTTP/1.1 unless `Connection: close`, other versions only with `keep-alive`. */
  readonly keepAlive: boolean;
  /** `Connection: upgrade` together with an `Upgrade` header (httptools raises HttpParserUpgrade after the head). */
  readonly upgrade: boolean;
}

/** The parser's callbacks: uvicorn's on_headers_complete / on_body / on_message_complete. */
export interface HttpParserCallbacks {
  onHeadersComplete(request: ParsedRequest): void;
  /**
   * Body bytes, in order; a body may come in any number of chunks. A chunk may be a view of the buffer given to
   * `feedData`: copy it if you keep it past this call.
   */
  onBody(chunk: Uint8Array): void;
  onMessageComplete(): void;
}

/** A request the parser refuses; `status` is what the connection answers before it closes. */
export class HttpParserError extends Error {
  override name = "HttpParserError";
  constructor(
    message: string,
    readonly status: 400 | 431 = 400,
  ) {
    super(message);
  }
}

export interface HttpParserOptions {
  /** Bytes a request line plus header fields may take (node's --max-http-header-size). @default 16384 */
  readonly maxHeaderSize?: number;
}

/** node's kMaxChunkExtensionsSize: bytes of chunk extensions one chunk may carry. */
export const MAX_CHUNK_EXTENSIONS_SIZE = 16384;

// Character classes of llhttp's constants.ts, one bit each.
const TOKEN = 1;
const URL_CHAR = 2;
const SERVER_CHAR = 4; // USERINFO_CHARS plus '[' and ']'
const VALUE_CHAR = 8; // HTAB SP VCHAR obs-text
const QDTEXT = 16;
const ALPHA = 32;

const CHARS = new Uint8Array(256);
const HEX = new Uint8Array(256).fill(255);
{
  const mark = (chars: string, bit: number): void => {
    for (let i = 0; i < chars.length; i++) CHARS[chars.charCodeAt(i)]! |= bit;
  };
  const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const alnum = alpha + "0123456789";
  mark(alpha, ALPHA);
  mark(alnum + "!#$%&'*+-.^_`|~", TOKEN);
  mark(alnum + "!\"$%&'()*+,-./:;<=>@[\\]^_`{|}~", URL_CHAR);
  mark(alnum + "-_.!~*'()%;:&=+$,[]", SERVER_CHAR);
  for (let c = 0; c < 256; c++) {
    if (c === 9 || (c >= 0x20 && c !== 0x7f)) CHARS[c]! |= VALUE_CHAR;
    if (c === 9 || c === 0x20 || c === 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e) || c >= 0x80) {
      CHARS[c]! |= QDTEXT;
    }
  }
  for (let d = 0; d < 16; d++) {
    HEX["0123456789abcdef".charCodeAt(d)] = d;
    HEX["0123456789ABCDEF".charCodeAt(d)] = d;
  }
}

/** llhttp's METHODS_HTTP: what it takes with `HTTP/x.y` (PRI only opens the HTTP/2 preface: refused after it). */
const METHODS_HTTP: ReadonlySet<string> = new Set(
  ("DELETE GET HEAD POST PUT CONNECT OPTIONS TRACE PATCH LINK UNLINK COPY LOCK MKCOL MOVE PROPFIND PROPPATCH " +
    "SEARCH UNLOCK BIND REBIND UNBIND ACL REPORT MKACTIVITY CHECKOUT MERGE M-SEARCH NOTIFY SUBSCRIBE UNSUBSCRIBE " +
    "MKCALENDAR PURGE QUERY SOURCE PRI").split(" "),
);
/** llhttp's METHODS_RTSP: what it takes with `RTSP/x.y`. */
const METHODS_RTSP: ReadonlySet<string> = new Set(
  "OPTIONS DESCRIBE ANNOUNCE SETUP PLAY PAUSE TEARDOWN GET_PARAMETER SET_PARAMETER REDIRECT RECORD FLUSH GET POST".split(
    " ",
  ),
);
/** Every method llhttp knows; a request line without a version (HTTP/0.9) may carry any of them. */
const METHODS: ReadonlySet<string> = new Set([...METHODS_HTTP, ...METHODS_RTSP]);
/** The protocol names llhttp takes before `x.y`, each with its methods (`ICE/` is SHOUTcast's, for SOURCE only). */
const PROTOCOLS: ReadonlyArray<readonly [Uint8Array, ReadonlySet<string>]> = [
  [Buffer.from("HTTP/"), METHODS_HTTP],
  [Buffer.from("RTSP/"), METHODS_RTSP],
  [Buffer.from("ICE/"), new Set(["SOURCE"])],
];
/** llhttp's valid `major.minor` pairs, as major * 10 + minor. */
const VERSIONS: ReadonlyMap<number, HttpVersion> = new Map([
  [9, "0.9"],
  [10, "1.0"],
  [11, "1.1"],
  [20, "2.0"],
]);
/** Every proper prefix of a method, to refuse a request line that cannot become one before it is complete. */
const METHOD_PREFIXES: ReadonlySet<string> = new Set(
  [...METHODS].flatMap((method) => Array.from({ length: method.length }, (_, n) => method.slice(0, n))),
);

// Where the parser is. Numbers, not an enum: `isolatedModules` and the hot switch both prefer them.
const REQUEST_LINE = 0;
const HEADERS = 1;
const BODY_IDENTITY = 2;
const CHUNK_SIZE = 3;
const CHUNK_DATA = 4;
const CHUNK_DATA_CR = 5;
const CHUNK_DATA_LF = 6;
const TRAILERS = 7;
const CLOSED = 8;
const FAILED = 9;

// llhttp's parser->flags, for the request being read.
const F_CONNECTION_KEEP_ALIVE = 1;
const F_CONNECTION_CLOSE = 2;
const F_CONNECTION_UPGRADE = 4;
const F_CHUNKED = 8;
const F_UPGRADE = 16;
const F_CONTENT_LENGTH = 32;
const F_TRANSFER_ENCODING = 512;

const MAX_UINT64_DECIMAL = "18446744073709551615";
const CHUNKED = Buffer.from("chunked");
const CLOSE = Buffer.from("close");
const KEEP_ALIVE = Buffer.from("keep-alive");
const UPGRADE = Buffer.from("upgrade");
/**
 * Header names common enough to be worth matching on the bytes: the lowercase string comes without a decode, a cut
 * and a toLowerCase. By length, for a short scan. The names llhttp frames messages with are among them.
 */
const COMMON_NAMES: ReadonlyArray<ReadonlyArray<readonly [Uint8Array, string]> | undefined> = (() => {
  const table: [Uint8Array, string][][] = [];
  const names =
    "host user-agent accept accept-encoding accept-language connection content-length content-type cookie origin " +
    "referer cache-control pragma upgrade transfer-encoding proxy-connection keep-alive te expect range priority " +
    "authorization if-none-match if-modified-since upgrade-insecure-requests dnt x-requested-with x-forwarded-for " +
    "x-forwarded-proto x-forwarded-host x-real-ip forwarded sec-fetch-site sec-fetch-mode sec-fetch-dest " +
    "sec-fetch-user sec-ch-ua sec-ch-ua-mobile sec-ch-ua-platform access-control-request-method " +
    "access-control-request-headers sec-websocket-key sec-websocket-version sec-websocket-extensions " +
    "sec-websocket-protocol";
  for (const name of names.split(" ")) (table[name.length] ??= []).push([Buffer.from(name, "latin1"), name]);
  return table;
})();
const SPECIAL_HEADERS: ReadonlySet<string> = new Set([
  "content-length",
  "transfer-encoding",
  "connection",
  "proxy-connection",
  "upgrade",
]);

/** The lowercase name of buf[a, a + n) if it is one of COMMON_NAMES, in any case. */
function commonName(buf: Buffer, a: number, n: number): string | undefined {
  const candidates = COMMON_NAMES[n];
  if (candidates === undefined) return undefined;
  next: for (const [bytes, name] of candidates) {
    // `| 0x20` lowercases ASCII letters and keeps '-'; no other token byte maps onto a letter or '-'.
    for (let k = 0; k < n; k++) if ((buf[a + k]! | 0x20) !== bytes[k]) continue next;
    return name;
  }
  return undefined;
}

/** Bytes decoded at once for the strings of a head: typical heads (and pipelines of small ones) in one native call. */
const DECODE_WINDOW = 1024;
/** `HTTP/1.1\r\n`; byte 7 may also be `0`. */
const HTTP_1_X_CRLF = Buffer.from("HTTP/1.1\r\n");

type Latin1Slice = (this: Buffer, start: number, end: number) => string;
/** Buffer's own latin-1 decoder: `toString("latin1", …)` minus the encoding dispatch. */
const latin1Slice: Latin1Slice =
  (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice ??
  function (this: Buffer, start: number, end: number): string {
    return this.toString("latin1", start, end);
  };

function fail(message: string): never {
  throw new HttpParserError(message, 400);
}

/**
 * Incremental HTTP/1.x request parser.
 *
 * `feedData` may be given any split of the byte stream; pipelined requests in one chunk are all parsed, in order,
 * within that call. Callbacks run synchronously inside `feedData`; what they throw propagates. After any throw the
 * parser is spent: every further `feedData` throws the same error.
 */
export class HttpRequestParser {
  private readonly callbacks: HttpParserCallbacks;
  private readonly maxHeaderSize: number;
  private state = REQUEST_LINE;
  /** The start of a line (or chunk-size line) whose end has not arrived yet; copied, since the caller owns its buffer. */
  private pending: Buffer | null = null;
  private error: unknown = null;

  // The request being read.
  private method = "";
  private url = "";
  private httpVersion: HttpVersion = "1.1";
  private headers: RawHeaders = [];
  private flags = 0;
  /** node's header_nread: bytes of url, header names and header values (after leading OWS) read so far. */
  private headSize = 0;
  private keepAlive = true;
  /** Body bytes still expected: of the whole body (Content-Length) or of the current chunk. */
  private remaining = 0;
  /** The latin-1 decode of buf[textStart, textEnd) for the current `execute`, strings of the head are cut from. */
  private text = "";
  private textStart = 0;
  private textEnd = 0;

  constructor(callbacks: HttpParserCallbacks, options: HttpParserOptions = {}) {
    const maxHeaderSize = options.maxHeaderSize ?? 16384;
    if (!Number.isSafeInteger(maxHeaderSize) || maxHeaderSize < 1) {
      throw new RangeError(`maxHeaderSize: expected a positive integer, got ${String(maxHeaderSize)}`);
    }
    this.callbacks = callbacks;
    this.maxHeaderSize = maxHeaderSize;
  }

  /** Some bytes of a request head have been read, but not its end (the server's head deadline runs). */
  get readingHead(): boolean {
    return this.state === HEADERS || (this.state === REQUEST_LINE && this.pending !== null);
  }

  /** The head is read and the body is not yet (the server's idle-read deadline runs). */
  get readingBody(): boolean {
    return this.state >= BODY_IDENTITY && this.state <= TRAILERS;
  }

  /** Parse what arrived; throws HttpParserError (and stays failed) on a malformed request. */
  feedData(data: Uint8Array): void {
    if (this.state === FAILED) throw this.error;
    let buf = data instanceof Buffer ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (this.pending !== null) {
      buf = Buffer.concat([this.pending, buf]);
      this.pending = null;
    }
    try {
      this.execute(buf);
    } catch (error) {
      this.state = FAILED;
      this.error = error;
      this.pending = null;
      throw error;
    }
  }

  private execute(buf: Buffer): void {
    const end = buf.length;
    this.textStart = this.textEnd = 0;
    let pos = 0;
    while (pos < end) {
      switch (this.state) {
        case REQUEST_LINE:
          // llhttp skips any CR and LF before a request line.
          while (pos < end && (buf[pos] === 13 || buf[pos] === 10)) pos++;
          if (pos < end) pos = this.readLines(buf, pos, end);
          break;
        case HEADERS:
        case TRAILERS:
          pos = this.readLines(buf, pos, end);
          break;
        case BODY_IDENTITY:
        case CHUNK_DATA: {
          const n = Math.min(this.remaining, end - pos);
          // A plain view: cheaper to make than Buffer#subarray's species-constructed Buffer.
          const chunk = new Uint8Array(buf.buffer, buf.byteOffset + pos, n);
          pos += n;
          const done = (this.remaining -= n) === 0;
          if (done && this.state === CHUNK_DATA) this.state = CHUNK_DATA_CR;
          this.callbacks.onBody(chunk);
          if (done && this.state === BODY_IDENTITY) this.messageComplete();
          break;
        }
        case CHUNK_SIZE:
          pos = this.readChunkSize(buf, pos, end);
          break;
        case CHUNK_DATA_CR:
          if (buf[pos++] !== 13) fail("Expected LF after chunk data");
          this.state = CHUNK_DATA_LF;
          break;
        case CHUNK_DATA_LF:
          if (buf[pos++] !== 10) fail("Expected LF after chunk data");
          this.state = CHUNK_SIZE;
          break;
        default:
          // CLOSED: RFC 9112 §9.6, a server MUST NOT process requests after `close`. httptools as uvicorn sets it up
          // (lenient_data_after_close) ignores them too; strict llhttp (node) fails them instead.
          return;
      }
    }
  }

  /**
   * Read the lines of a head (or of trailers) from `pos`, each one committed as soon as its CRLF is seen, up to and
   * including the empty line that ends it; keep a trailing partial line in `pending`. Returns where the next state
   * starts. Each line is read in one pass over its bytes, which also finds its end.
   */
  private readLines(buf: Buffer, pos: number, end: number): number {
    let a = pos;
    while (a < end) {
      let next: number;
      if (this.state === REQUEST_LINE) {
        next = this.requestLine(buf, a, end);
        if (next !== -1) this.state = HEADERS;
      } else if (buf[a] === 13) {
        if (a + 1 === end) break;
        if (buf[a + 1] !== 10) fail("Expected LF after headers");
        if (this.state === TRAILERS) this.messageComplete();
        else this.headersComplete();
        return a + 2;
      } else {
        next = this.headerLine(buf, a, end);
      }
      if (next === -1) break;
      a = next;
    }
    if (a < end) {
      if (end - a > 2 * this.maxHeaderSize + 64) throw new HttpParserError("Header overflow", 431);
      this.pending = Buffer.from(buf.subarray(a, end));
    }
    return end;
  }

  /**
   * buf[a, b) as a latin-1 string. Strings are cut from one decode of a window of the input (a native call costs
   * more than decoding a kilobyte), so pipelined heads and all the fields of a head share one decode.
   */
  private latin1(buf: Buffer, a: number, b: number): string {
    if (a < this.textStart || b > this.textEnd) {
      this.textStart = a;
      this.textEnd = Math.max(b, Math.min(buf.length, a + DECODE_WINDOW));
      this.text = latin1Slice.call(buf, a, this.textEnd);
    }
    return this.text.slice(a - this.textStart, b - this.textStart);
  }

  /**
   * A line that has not ended yet, checked as far as it goes: refuse it at once if no ending can make it valid, or
   * if what node would have counted of the head already reaches the limit; else -1 (the caller keeps it).
   */
  private partialLine(counted: number): -1 {
    if (this.headSize + counted >= this.maxHeaderSize) throw new HttpParserError("Header overflow", 431);
    return -1;
  }

  /**
   * `METHOD SP+ target SP+ protocol/x.y CRLF`, or HTTP/0.9's `METHOD SP+ target CRLF`, from buf[a]; returns where the
   * next line starts, or -1 if it has not ended.
   */
  private requestLine(buf: Buffer, a: number, end: number): number {
    let sp = a;
    while (sp < end && buf[sp] !== 32 && buf[sp] !== 13 && buf[sp] !== 10) sp++;
    let method: string;
    if (sp - a === 3 && buf[a] === 71 && buf[a + 1] === 69 && buf[a + 2] === 84) method = "GET";
    else if (sp - a === 4 && buf[a] === 80 && buf[a + 1] === 79 && buf[a + 2] === 83 && buf[a + 3] === 84) method = "POST";
    else if (!METHODS.has((method = this.latin1(buf, a, sp)))) {
      if (sp === end && METHOD_PREFIXES.has(method)) return -1;
      fail("Invalid method encountered");
    }
    if (sp === end) return -1;
    if (buf[sp] !== 32) fail("Expected space after method");
    let u = sp + 1;
    while (u < end && buf[u] === 32) u++;
    const urlEnd = scanURL(buf, u, end, method === "CONNECT");
    if (urlEnd === -1) return this.partialLine(end - u);
    if (urlEnd - u >= this.maxHeaderSize) throw new HttpParserError("Header overflow", 431);
    let next: number;
    if (buf[urlEnd] === 32) {
      let v = urlEnd + 1;
      while (v < end && buf[v] === 32) v++;
      next = this.version(buf, v, end, method);
    } else {
      // A CR or LF ended the target: llhttp reads HTTP/0.9 (any method it knows), then header fields as usual.
      if (buf[urlEnd] === 10) next = urlEnd + 1;
      else if (urlEnd + 1 === end) next = -1;
      else if (buf[urlEnd + 1] === 10) next = urlEnd + 2;
      else fail("Expected CRLF");
      if (next !== -1) this.httpVersion = "0.9";
    }
    if (next === -1) return this.partialLine(urlEnd - u);
    if (next - a > 2 * this.maxHeaderSize + 64) throw new HttpParserError("Header overflow", 431);
    this.method = method;
    this.url = this.latin1(buf, u, urlEnd);
    this.headSize = urlEnd - u;
    return next;
  }

  /**
   * `protocol/x.y CRLF` from buf[v], for `method`: sets httpVersion and returns where the next line starts, or -1 if
   * it has not ended (checked as far as it goes).
   */
  private version(buf: Buffer, v: number, end: number, method: string): number {
    // The common case, `HTTP/1.1` or `HTTP/1.0` then CRLF, in one comparison.
    const http = method === "GET" || method === "POST" || (METHODS_HTTP.has(method) && method !== "PRI");
    if (http && v + 10 <= end) {
      let k = 0;
      while (k < 10 && (buf[v + k] === HTTP_1_X_CRLF[k] || (k === 7 && buf[v + k] === 48))) k++;
      if (k === 10) {
        this.httpVersion = buf[v + 7] === 49 ? "1.1" : "1.0";
        return v + 10;
      }
    }
    let p = -1;
    let methods: ReadonlySet<string> | undefined;
    for (const [name, protocolMethods] of PROTOCOLS) {
      let n = 0;
      while (n < name.length && v + n < end && buf[v + n] === name[n]) n++;
      if (n === name.length) {
        p = v + n;
        methods = protocolMethods;
        break;
      }
      if (v + n === end) return -1;
    }
    if (methods === undefined) fail("Expected HTTP/, RTSP/ or ICE/");
    if (!methods.has(method)) fail("Invalid method for the protocol of the request");
    // PRI opens the HTTP/2 connection preface, which llhttp refuses once it has read it (uvicorn answers 400).
    if (method === "PRI") fail("Pause on PRI/Upgrade");
    let version: HttpVersion | undefined;
    for (let k = 0; k < 5; k++) {
      if (p + k === end) return -1;
      const c = buf[p + k]!;
      if (k === 0 || k === 2) {
        if (c < 48 || c > 57) fail("Invalid HTTP version");
        if (k === 2 && (version = VERSIONS.get((buf[p]! - 48) * 10 + (c - 48))) === undefined) {
          fail("Invalid HTTP version");
        }
      } else if (c !== (k === 1 ? 46 : k === 3 ? 13 : 10)) {
        fail(k === 1 ? "Expected dot" : "Expected CRLF after version");
      }
    }
    this.httpVersion = version!;
    return p + 5;
  }

  /**
   * `name ":" OWS value OWS CRLF` from buf[a]: a header field, or a trailer field once the chunks are read (checked
   * the same, then dropped). Returns where the next line starts, or -1 if it has not ended.
   */
  private headerLine(buf: Buffer, a: number, end: number): number {
    let i = a;
    let upper = false;
    for (; i < end; i++) {
      const c = buf[i]!;
      if ((CHARS[c]! & TOKEN) === 0) break;
      if (c <= 90 && c >= 65) upper = true;
    }
    if (i === end) return this.partialLine(i - a);
    // Also refuses obs-fold and whitespace before the colon, as llhttp's strict mode does.
    if (i === a || buf[i] !== 58) fail("Invalid header token");
    let vs = i + 1;
    while (vs < end && (buf[vs] === 32 || buf[vs] === 9)) vs++;
    let b = vs;
    while (b < end && CHARS[buf[b]!]! & VALUE_CHAR) b++;
    if (b === end) return this.partialHeaderLine(buf, a, i, vs, b);
    if (buf[b] !== 13) fail("Invalid header value char");
    if (b + 1 === end) return this.partialHeaderLine(buf, a, i, vs, b);
    if (buf[b + 1] !== 10) fail("Missing expected LF after header value");
    if ((this.headSize += i - a + (b - vs)) >= this.maxHeaderSize || b - a > 2 * this.maxHeaderSize + 64) {
      throw new HttpParserError("Header overflow", 431);
    }
    let name = commonName(buf, a, i - a);
    if (name === undefined) {
      name = this.latin1(buf, a, i);
      if (upper) name = name.toLowerCase(); // ASCII only: a token has no other letters
    } else if (name.length > 6 && SPECIAL_HEADERS.has(name)) {
      this.specialHeader(name, buf, vs, b);
    }
    // httptools drops the whitespace before a value but keeps any after it, and so does uvicorn's scope. Trailer
    // fields go to the same list: uvicorn's on_header appends them to the header list its scope already holds.
    this.headers.push([name, this.latin1(buf, vs, b)]);
    return b + 2;
  }

  /**
   * A header line cut short: llhttp checks a framing header's value byte by byte, so a head that stops inside a bad
   * `Content-Length` (or a conflicting Transfer-Encoding) is refused now, not once more bytes come.
   */
  private partialHeaderLine(buf: Buffer, a: number, i: number, vs: number, b: number): -1 {
    const length = i - a;
    if (length === 14 || length === 17) {
      const name = latin1Slice.call(buf, a, i).toLowerCase();
      if (name === "content-length") {
        if (this.flags & F_TRANSFER_ENCODING) fail("Content-Length can't be present with Transfer-Encoding");
        if (vs < b && this.flags & F_CONTENT_LENGTH) fail("Duplicate Content-Length");
        if (vs < b) contentLength(buf, vs, b, false);
      } else if (name === "transfer-encoding") {
        if (this.flags & F_CONTENT_LENGTH) fail("Transfer-Encoding can't be present with Content-Length");
        if (vs < b && (this.flags & F_CHUNKED || this.state === TRAILERS)) fail("Invalid `Transfer-Encoding` header value");
      }
    }
    return this.partialLine(length + (b - vs));
  }

  /** The headers llhttp frames the message with (its SPECIAL_HEADERS); value = buf[vs, b) as sent, before trimming. */
  private specialHeader(name: string, buf: Buffer, vs: number, b: number): void {
    const trailer = this.state === TRAILERS;
    switch (name) {
      case "content-length":
        if (this.flags & F_TRANSFER_ENCODING) fail("Content-Length can't be present with Transfer-Encoding");
        if (this.flags & F_CONTENT_LENGTH) fail("Duplicate Content-Length");
        this.remaining = contentLength(buf, vs, b);
        this.flags |= F_CONTENT_LENGTH;
        break;
      case "transfer-encoding":
        if (this.flags & F_CONTENT_LENGTH) fail("Transfer-Encoding can't be present with Content-Length");
        if (vs === b) break;
        // Once chunked was the final coding nothing may follow it (llhttp, for requests); trailers land here too.
        if (this.flags & F_CHUNKED || trailer) fail("Invalid `Transfer-Encoding` header value");
        this.flags |= F_TRANSFER_ENCODING;
        if (endsWithChunked(buf, vs, b)) this.flags |= F_CHUNKED;
        break;
      case "connection":
      case "proxy-connection":
        if (!trailer) this.flags |= connectionFlags(buf, vs, b);
        break;
      case "upgrade":
        if (vs < b && !trailer) this.flags |= F_UPGRADE;
        break;
    }
  }

  private headersComplete(): void {
    const flags = this.flags;
    const upgrade = (flags & F_UPGRADE) !== 0 && (flags & F_CONNECTION_UPGRADE) !== 0;
    this.keepAlive =
      this.httpVersion === "1.1" ? (flags & F_CONNECTION_CLOSE) === 0 : (flags & F_CONNECTION_KEEP_ALIVE) !== 0;
    let next: number;
    // llhttp reads no body after CONNECT (what follows is the tunnel); we go on with requests instead.
    if (this.method === "CONNECT") next = REQUEST_LINE;
    else if (flags & F_CHUNKED) next = CHUNK_SIZE;
    else if (flags & F_TRANSFER_ENCODING) fail("Request has invalid `Transfer-Encoding`");
    else next = this.remaining > 0 ? BODY_IDENTITY : REQUEST_LINE;
    this.state = next;
    const request: ParsedRequest = {
      method: this.method,
      url: this.url,
      httpVersion: this.httpVersion,
      headers: this.headers,
      keepAlive: this.keepAlive,
      upgrade,
    };
    this.callbacks.onHeadersComplete(request);
    if (next === REQUEST_LINE) this.messageComplete();
  }

  private messageComplete(): void {
    this.headers = [];
    this.flags = 0;
    this.headSize = 0;
    this.remaining = 0;
    this.state = this.keepAlive ? REQUEST_LINE : CLOSED;
    this.callbacks.onMessageComplete();
  }

  /** `1*HEXDIG [ ";" chunk-ext ] CRLF`; a size of 0 leads to the trailers. */
  private readChunkSize(buf: Buffer, pos: number, end: number): number {
    let lf = pos;
    while (lf < end && buf[lf] !== 10) lf++;
    if (lf === end) {
      const contentEnd = buf[end - 1] === 13 ? end - 1 : end;
      chunkSizeLine(buf, pos, contentEnd, true);
      if (end - pos > 2 * MAX_CHUNK_EXTENSIONS_SIZE + 64) fail("Chunk extensions overflow");
      this.pending = Buffer.from(buf.subarray(pos, end));
      return end;
    }
    if (lf === pos || buf[lf - 1] !== 13) fail("Missing expected CR after chunk size");
    if (lf - pos > 2 * MAX_CHUNK_EXTENSIONS_SIZE + 64) fail("Chunk extensions overflow");
    const size = chunkSizeLine(buf, pos, lf - 1, false);
    if (size === 0) {
      this.state = TRAILERS;
      this.headSize = 0; // node resets its header count at each chunk header: trailers get a budget of their own
    } else {
      this.state = CHUNK_DATA;
      this.remaining = size;
    }
    return lf + 1;
  }
}

/**
 * The request target from buf[u]: llhttp's URL state machine (url.ts). Returns the index of the space that ends it
 * (or of the CR or LF that ends an HTTP/0.9 `METHOD target CRLF`), or -1 when the bytes end first.
 */
function scanURL(buf: Buffer, u: number, b: number, connect: boolean): number {
  // 0 start, 1 schema, 2 server, 3 server after '@', 4 path, 5 query, 6 fragment
  let state = connect ? 2 : 0;
  let i = u;
  if (!connect && i < b) {
    const c = buf[i]!;
    if (c === 47 || c === 42) state = 4;
    else if (CHARS[c]! & ALPHA) state = 1;
    else fail("Unexpected start char in url");
    i++;
  }
  for (; i < b; i++) {
    const c = buf[i]!;
    const bits = CHARS[c]!;
    if (state === 4 ? bits & URL_CHAR : state === 5 ? bits & URL_CHAR || c === 63 : false) continue;
    if ((c === 32 || c === 13 || c === 10) && state >= 2) return i;
    switch (state) {
      case 1:
        if (bits & ALPHA) continue;
        if (c !== 58) fail("Unexpected char in url schema");
        if ((i + 1 < b && buf[i + 1] !== 47) || (i + 2 < b && buf[i + 2] !== 47)) fail("Unexpected char in url schema");
        i += 2;
        state = 2;
        continue;
      case 2:
      case 3:
        if (c === 47) state = 4;
        else if (c === 63) state = 5;
        else if (c === 64) {
          if (state === 3) fail("Double @ in url");
          state = 3;
        } else if (bits & SERVER_CHAR) state = 2;
        else fail("Unexpected char in url server");
        continue;
      case 4:
        if (c === 63) state = 5;
        else if (c === 35) state = 6;
        else fail("Invalid char in url path");
        continue;
      case 5:
        if (c === 35) state = 6;
        else fail("Invalid char in url query");
        continue;
      default:
        if (bits & URL_CHAR || c === 63 || c === 35) continue;
        fail("Invalid char in url fragment start");
    }
  }
  return -1;
}

/**
 * llhttp's Content-Length: digits, then only spaces and tabs (trailing OWS, which every reader drops, so the length
 * cannot be read two ways); at most 2^64 - 1. `complete` is false for a value whose line has not ended yet.
 */
function contentLength(buf: Buffer, vs: number, b: number, complete = true): number {
  if (vs === b) fail("Empty Content-Length");
  let i = vs;
  while (i < b && buf[i] === 48) i++;
  const significant = i;
  let value = 0;
  for (let c = buf[i]!; i < b && c >= 48 && c <= 57; c = buf[++i]!) value = value * 10 + (c - 48);
  if (i === vs && (complete || i < b)) fail("Invalid character in Content-Length");
  const digits = i - significant;
  if (digits > 20 || (digits === 20 && buf.toString("latin1", significant, i) > MAX_UINT64_DECIMAL)) {
    fail("Content-Length overflow");
  }
  for (; i < b; i++) if (buf[i] !== 32 && buf[i] !== 9) fail("Invalid character in Content-Length");
  return value;
}

/** Whether the last coding of a Transfer-Encoding value is `chunked`; refuses one that comes before another coding. */
function endsWithChunked(buf: Buffer, vs: number, b: number): boolean {
  let start = vs;
  for (;;) {
    let elementEnd = start;
    while (elementEnd < b && buf[elementEnd] !== 44) elementEnd++;
    if (isToken(buf, start, elementEnd, CHUNKED)) {
      if (elementEnd === b) return true;
      fail("Invalid `Transfer-Encoding` header value");
    }
    if (elementEnd === b) return false;
    start = elementEnd + 1;
    while (start < b && (buf[start] === 32 || buf[start] === 9)) start++;
  }
}

/**
 * llhttp's Connection token flags: `close`, `keep-alive`, `upgrade` as whole comma-separated tokens. A tab after one
 * spoils it, as in httptools' llhttp (and node 20's): `close<TAB>` keeps the connection alive.
 */
function connectionFlags(buf: Buffer, vs: number, b: number): number {
  let flags = 0;
  let start = vs;
  while (start < b) {
    let elementEnd = start;
    while (elementEnd < b && buf[elementEnd] !== 44) elementEnd++;
    let t = start;
    while (t < elementEnd && (buf[t] === 32 || buf[t] === 9)) t++;
    if (isToken(buf, t, elementEnd, CLOSE)) flags |= F_CONNECTION_CLOSE;
    else if (isToken(buf, t, elementEnd, KEEP_ALIVE)) flags |= F_CONNECTION_KEEP_ALIVE;
    else if (isToken(buf, t, elementEnd, UPGRADE)) flags |= F_CONNECTION_UPGRADE;
    start = elementEnd + 1;
  }
  return flags;
}

/** Whether buf[t, e) is `token` (ASCII case-insensitive) followed only by spaces. */
function isToken(buf: Buffer, t: number, e: number, token: Uint8Array): boolean {
  if (e - t < token.length) return false;
  for (let k = 0; k < token.length; k++) {
    if ((buf[t + k]! | 0x20) !== token[k]) return false;
  }
  for (let k = t + token.length; k < e; k++) {
    if (buf[k] !== 32) return false;
  }
  return true;
}

/**
 * A chunk-size line in buf[a, b) without its CRLF: the size, checked against 2^64 - 1, then llhttp's chunk-extension
 * grammar, whose name and value bytes node counts against MAX_CHUNK_EXTENSIONS_SIZE. With `partial`, the line is
 * still arriving: refuse only what no ending can repair.
 */
function chunkSizeLine(buf: Buffer, a: number, b: number, partial: boolean): number {
  let i = a;
  while (i < b && buf[i] === 48) i++;
  const significant = i;
  let size = 0;
  for (let h = HEX[buf[i]!]!; i < b && h !== 255; h = HEX[buf[++i]!]!) size = size * 16 + h;
  if (i - significant > 16) fail("Chunk size overflow");
  if (i === a) {
    if (partial && i === b) return 0;
    fail("Invalid character in chunk size");
  }
  if (i === b) return size;
  if (buf[i] !== 59) fail("Invalid character in chunk size");
  // 0 after ';', 1 name, 2 value, 3 quoted value, 4 quoted pair, 5 after the closing quote
  let state = 0;
  let counted = 0;
  for (i++; i < b; i++) {
    const c = buf[i]!;
    const bits = CHARS[c]!;
    switch (state) {
      case 0:
      case 1:
        if (c === 32) fail("Invalid character in chunk extensions");
        if (bits & TOKEN) {
          state = 1;
          counted++;
        } else if (c === 61) state = 2;
        else if (c === 59) state = 0;
        else fail("Invalid character in chunk extensions name");
        break;
      case 2:
        if (c === 59) state = 0;
        else if (c === 34) state = 3;
        else if ((bits & TOKEN) === 0) fail("Invalid character in chunk extensions value");
        if (state !== 0) counted++;
        break;
      case 3:
        counted++;
        if (c === 34) state = 5;
        else if (c === 92) state = 4;
        else if ((bits & QDTEXT) === 0) fail("Invalid character in chunk extensions quoted value");
        break;
      case 4:
        counted++;
        if ((bits & VALUE_CHAR) === 0) fail("Invalid quoted-pair in chunk extensions quoted value");
        state = 3;
        break;
      default:
        if (c === 59) state = 0;
        else fail("Invalid character in chunk extensions quote value");
    }
    if (counted > MAX_CHUNK_EXTENSIONS_SIZE) fail("Chunk extensions overflow");
  }
  if (!partial && (state === 0 || state === 3 || state === 4)) fail("Invalid character in chunk extensions");
  return size;
}
