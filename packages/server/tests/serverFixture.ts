// Real sockets for the server tests: start a server on 127.0.0.1:0, talk raw HTTP/1.1 over net, stop what was started.
import { connect, type Socket } from "node:net";
import type { ASGIApp } from "@mono/asgi";
import { type LogRecord, serve, type ServerHandle, type ServerOptions } from "../src/index.js";

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
  private chunks: Buffer[] = [];
  private joined: Buffer = Buffer.alloc(0);
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
      this.chunks.push(chunk);
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

  /** Everything received and not yet taken, joined lazily (large bodies arrive in many chunks). */
  private get buffer(): Buffer {
    if (this.chunks.length > 0) {
      this.joined = Buffer.concat([this.joined, ...this.chunks]);
      this.chunks = [];
    }
    return this.joined;
  }

  private set buffer(value: Buffer) {
    this.joined = value;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async waitForChange(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
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
    const deadline = Date.now() + (options.timeoutMs ?? 3000);
    for (;;) {
      const parsed = parseResponse(this.buffer, options.head ?? false, this.closed);
      if (parsed !== null) {
        this.buffer = this.buffer.subarray(parsed.length);
        return parsed.response;
      }
      if (this.closed) throw new Error(`connection closed before a full response; got ${JSON.stringify(this.received)}`);
      const left = deadline - Date.now();
      if (left <= 0 || !(await this.waitForChange(left))) {
        if (this.closed) continue;
        throw new Error(`no full response in time; got ${JSON.stringify(this.received)}`);
      }
    }
  }

  /** Resolves true once the server closed the connection, false if it is still open after `timeoutMs`. */
  async waitClosed(timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await this.waitForChange(left);
    }
    return true;
  }

  /** Resolves once at least `n` bytes arrived (or the connection closed). */
  async waitForBytes(text: string, timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.received.includes(text)) {
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
  return {
    response: { statusLine, status, headers, body: Buffer.from(body), raw: buf.subarray(0, offset).toString("latin1") },
    length: offset,
  };
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

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
