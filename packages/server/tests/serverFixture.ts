// Real sockets for the server tests: start a server on 127.0.0.1:0, talk raw HTTP/1.1 over net, stop what was started.
import { connect, type Socket } from "node:net";
import type { ASGIApp } from "@mono/asgi";
import { type LogRecord, serve, type ServerHandle, type ServerOptions } from "../src/index.js";

/**
 * How long a wait for something that must happen may take: generous, so that a busy machine (a second copy of the
 * suite beside this one) is slow but never red. A wait that checks something does NOT happen takes its own short time.
 */
export const PATIENCE_MS = 60_000;

// The real timers, kept before any test fakes them: the client's deadlines run on real time even then.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** At most a few hundred bytes of `buf` for an error message: a failing test must not print a 32 MiB body. */
export function preview(buf: Buffer | string, max = 300): string {
  const text = typeof buf === "string" ? buf : buf.toString("latin1");
  if (text.length <= max) return JSON.stringify(text);
  const half = max >> 1;
  return `${text.length} bytes: ${JSON.stringify(text.slice(0, half))} ... ${JSON.stringify(text.slice(-half))}`;
}

export interface RunningServer extends ServerHandle {
  /** Every log record the server produced, in order. */
  readonly records: LogRecord[];
}

/** Run `fn` against a fresh server; it is always closed afterwards. */
export async function withServer<T>(
  app: ASGIApp,
  options: ServerOptions,
  fn: (server: RunningServer) => Promise<T>,
): Promise<T> {
  const records: LogRecord[] = [];
  const handle = await serve(app, {
    port: 0,
    lifespan: "off",
    logHandler: (record) => records.push(record),
    ...options,
  });
  try {
    return await fn({ ...handle, records });
  } finally {
    await handle.close();
  }
}

export const SIMPLE_GET_REQUEST = "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n";
export const SIMPLE_HEAD_REQUEST = "HEAD / HTTP/1.1\r\nHost: example.org\r\n\r\n";
export const SIMPLE_POST_REQUEST =
  'POST / HTTP/1.1\r\nHost: example.org\r\nContent-Type: application/json\r\nContent-Length: 18\r\n\r\n{"hello": "world"}';

export interface ParsedResponse {
  statusLine: string;
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
  /** The exact bytes of this response, head and framing included, as latin-1. */
  raw: string;
}

/** A raw client socket that collects everything the server writes. */
export class RawClient {
  readonly socket: Socket;
  // Received bytes live in `store[start, end)`; the store doubles when full, so taking in N bytes costs O(N), not
  // O(N^2) as joining every chunk onto the whole would (a 32 MiB response arrives in hundreds of chunks).
  private store: Buffer = Buffer.alloc(64 * 1024);
  private start = 0;
  private end = 0;
  private waiters: Array<() => void> = [];
  closed = false;
  private readonly ready: Promise<void>;

  constructor(port: number) {
    this.socket = connect(port, "127.0.0.1");
    this.ready = new Promise((resolve, reject) => {
      this.socket.once("connect", () => resolve());
      this.socket.once("error", reject);
    });
    this.socket.on("data", (chunk: Buffer) => {
      this.append(chunk);
      this.wake();
    });
    this.socket.on("error", () => {});
    this.socket.on("close", () => {
      this.closed = true;
      this.wake();
    });
  }

  static async open(port: number): Promise<RawClient> {
    const client = new RawClient(port);
    await client.ready;
    return client;
  }

  private append(chunk: Buffer): void {
    const length = this.end - this.start;
    if (this.end + chunk.length > this.store.length) {
      const grown = Buffer.alloc(Math.max(this.store.length * 2, (length + chunk.length) * 2));
      this.store.copy(grown, 0, this.start, this.end);
      this.store = grown;
      this.start = 0;
      this.end = length;
    }
    chunk.copy(this.store, this.end);
    this.end += chunk.length;
  }

  /** Everything received and not yet taken (a view, valid until the next chunk arrives). */
  private get buffer(): Buffer {
    return this.store.subarray(this.start, this.end);
  }

  /** Take `n` bytes off the front. */
  private take(n: number): void {
    this.start += n;
    if (this.start === this.end) this.start = this.end = 0;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async waitForChange(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = realSetTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        realClearTimeout(timer);
        resolve(true);
      });
    });
  }

  write(data: string | Buffer): void {
    this.socket.write(typeof data === "string" ? Buffer.from(data, "latin1") : data);
  }

  /** Everything received so far, as latin-1. */
  get received(): string {
    return this.buffer.toString("latin1");
  }

  /** Take the next complete response off the buffer (`head` for a HEAD request's bodiless response). */
  async readResponse(options: { head?: boolean; timeoutMs?: number } = {}): Promise<ParsedResponse> {
    const deadline = Date.now() + (options.timeoutMs ?? PATIENCE_MS);
    for (;;) {
      const parsed = parseResponse(this.buffer, options.head ?? false, this.closed);
      if (parsed !== null) {
        this.take(parsed.length);
        return parsed.response;
      }
      if (this.closed) throw new Error(`connection closed before a full response; got ${preview(this.buffer)}`);
      const left = deadline - Date.now();
      if (left <= 0 || !(await this.waitForChange(left))) {
        if (this.closed) continue;
        throw new Error(`no full response in time; got ${preview(this.buffer)}`);
      }
    }
  }

  /**
   * Resolves true once the server closed the connection, false if it is still open after `timeoutMs`. To check that
   * a connection stays open, pass a short time; the default is for a close that must come.
   */
  async waitClosed(timeoutMs = PATIENCE_MS): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.waitForChange(left);
    }
    return true;
  }

  /** Resolves true once `text` arrived, false if the connection closed or `timeoutMs` passed first. */
  async waitForBytes(text: string, timeoutMs = PATIENCE_MS): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const wanted = Buffer.from(text, "latin1");
    while (!this.buffer.includes(wanted)) {
      if (this.closed) return false;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.waitForChange(left);
    }
    return true;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Parse one HTTP/1.1 response from the front of `buf`; null while incomplete. */
function parseResponse(
  buf: Buffer,
  head: boolean,
  closed: boolean,
): { response: ParsedResponse; length: number } | null {
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const headText = buf.subarray(0, end).toString("latin1");
  const [statusLine = "", ...lines] = headText.split("\r\n");
  const status = Number(statusLine.split(" ")[1]);
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(":");
    // Optional whitespace is SP and HTAB only: trim() would also take bytes such as 0xA0.
    return [line.slice(0, colon), line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "")];
  });
  const find = (name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];
  let offset = end + 4;
  let body: Buffer = Buffer.alloc(0);
  if (head || status === 204 || status === 304 || (status >= 100 && status < 200)) {
    // no body
  } else if (find("transfer-encoding")?.toLowerCase() === "chunked") {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = buf.indexOf("\r\n", offset);
      if (lineEnd < 0) return null;
      const size = parseInt(buf.subarray(offset, lineEnd).toString("latin1"), 16);
      if (buf.length < lineEnd + 2 + size + 2) return null;
      parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
      offset = lineEnd + 2 + size + 2;
      if (size === 0) break;
    }
    body = Buffer.concat(parts);
  } else if (find("content-length") !== undefined) {
    const length = Number(find("content-length"));
    if (buf.length < offset + length) return null;
    body = buf.subarray(offset, offset + length);
    offset += length;
  } else {
    if (!closed) return null;
    body = buf.subarray(offset);
    offset = buf.length;
  }
  // One copy (the client's store is reused once taken); `raw` is made only when asked for (32 MiB as a string is slow).
  const bytes = Buffer.from(buf.subarray(0, offset));
  // A chunked body was joined into a buffer of its own; any other is a view of `buf`, moved onto the copy.
  const own = body.buffer !== buf.buffer;
  const bodyAt = body.byteOffset - buf.byteOffset;
  const response = {
    statusLine,
    status,
    headers,
    body: own ? body : bytes.subarray(bodyAt, bodyAt + body.length),
    get raw() {
      return bytes.toString("latin1");
    },
  };
  return { response, length: offset };
}

/** Send raw bytes on a fresh connection, read one response, and close. */
export async function rawRequest(port: number, request: string, head = false): Promise<ParsedResponse> {
  const client = await RawClient.open(port);
  try {
    client.write(request);
    return await client.readResponse({ head });
  } finally {
    client.close();
  }
}

/** Real time passing, for an app that must be slow on purpose or a check that something does NOT happen. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms));
}
