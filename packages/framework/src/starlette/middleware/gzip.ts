/** @module Mirrors starlette/middleware/gzip.py (Starlette 1.7.0): GZipMiddleware, IdentityResponder, GZipResponder. */
import { constants, createGzip, gzipSync, type Gzip } from "node:zlib";
import { Headers, MutableHeaders, type ASGIApp, type Receive, type Scope, type Send, type SendMessage } from "@mono/asgi";
import { z } from "zod";
import { parseMiddlewareOptions } from "./options.js";

/** Content types sent as they are: already compressed, or a stream (`text/event-stream`) that must not wait. */
export const DEFAULT_EXCLUDED_CONTENT_TYPES: readonly string[] = [
  "application/gzip",
  "application/x-gzip",
  "application/zip",
  "audio/*",
  "font/woff",
  "font/woff2",
  "image/avif",
  "image/gif",
  "image/jpeg",
  "image/png",
  "image/webp",
  "text/event-stream",
  "video/*",
];

/** Options of GZipMiddleware: Starlette's keyword arguments. */
export interface GZipMiddlewareOptions {
  /** Bodies shorter than this (sent in one message) are not compressed. @default 500 */
  minimumSize?: number;
  /** zlib's level, 0 to 9. @default 9 */
  compresslevel?: number;
  /** Media types (or `type/*`) never compressed; parameters are dropped. @default DEFAULT_EXCLUDED_CONTENT_TYPES */
  excludeContentTypes?: readonly string[];
}

const optionsSchema = z.strictObject({
  minimumSize: z.int().min(0).default(500),
  compresslevel: z.int().min(-1).max(9).default(9),
  excludeContentTypes: z.array(z.string()).readonly().default(DEFAULT_EXCLUDED_CONTENT_TYPES),
});

function normalizeContentTypes(contentTypes: readonly string[]): Set<string> {
  return new Set(contentTypes.map((type) => (type.split(";")[0] as string).trim().toLowerCase()));
}

/**
 * Compresses response bodies with gzip for clients whose `Accept-Encoding` names it, as Starlette does, byte for
 * byte: level 9, a streamed body flushed (Z_SYNC_FLUSH) after each chunk, `Vary: Accept-Encoding` added. Bodies
 * that already have a Content-Encoding, 206 answers and excluded content types pass untouched.
 */
export class GZipMiddleware {
  readonly app: ASGIApp;
  readonly minimumSize: number;
  readonly compresslevel: number;
  readonly excludeContentTypes: ReadonlySet<string>;

  constructor(app: ASGIApp, options: GZipMiddlewareOptions = {}) {
    const parsed = parseMiddlewareOptions("GZipMiddleware", optionsSchema, options);
    this.app = app;
    this.minimumSize = parsed.minimumSize;
    this.compresslevel = parsed.compresslevel;
    this.excludeContentTypes = normalizeContentTypes(parsed.excludeContentTypes);
  }

  readonly asgi: ASGIApp = async (scope, receive, send) => {
    if (scope.type !== "http") {
      await this.app(scope, receive, send);
      return;
    }
    const headers = new Headers({ scope });
    const responder = (headers.get("accept-encoding") ?? "").includes("gzip")
      ? new GZipResponder(this.app, this.minimumSize, this.excludeContentTypes, this.compresslevel)
      : new IdentityResponder(this.app, this.minimumSize, this.excludeContentTypes);
    await responder.asgi(scope, receive, send);
  };
}

type StartMessage = Extract<SendMessage, { type: "http.response.start" }>;
type BodyMessage = Extract<SendMessage, { type: "http.response.body" }>;

/** Holds the start message until the first body shows whether (and how) to encode; encodes nothing itself. */
export class IdentityResponder {
  readonly contentEncoding: string = "identity";
  readonly #app: ASGIApp;
  readonly #minimumSize: number;
  readonly #excludeContentTypes: ReadonlySet<string>;
  #send: Send | null = null;
  #initialMessage: StartMessage | null = null;
  #started = false;
  #passThrough = false;

  constructor(app: ASGIApp, minimumSize: number, excludeContentTypes: ReadonlySet<string>) {
    this.#app = app;
    this.#minimumSize = minimumSize;
    this.#excludeContentTypes = excludeContentTypes;
  }

  readonly asgi: ASGIApp = async (scope: Scope, receive: Receive, send: Send) => {
    this.#send = send;
    await this.#app(scope, receive, (message) => this.sendWithCompression(message));
  };

  async sendWithCompression(message: SendMessage): Promise<void> {
    const send = this.#send as Send;
    if (message.type === "http.response.start") {
      this.#initialMessage = message;
      const headers = new Headers({ raw: [...(message.headers ?? [])] });
      const mediaType = (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      const excluded =
        this.#excludeContentTypes.has(mediaType) || this.#excludeContentTypes.has(`${mediaType.split("/")[0]}/*`);
      this.#passThrough = headers.has("content-encoding") || message.status === 206 || excluded;
      return;
    }
    if (message.type === "http.response.body" && this.#passThrough) {
      if (!this.#started) {
        this.#started = true;
        await send(this.#initialMessage as StartMessage);
      }
      await send(message);
      return;
    }
    if (message.type === "http.response.body" && !this.#started) {
      this.#started = true;
      await this.#sendFirstBody(send, message);
      return;
    }
    if (message.type === "http.response.body") {
      const body = await this.applyCompression(message.body ?? new Uint8Array(0), message.more_body ?? false);
      await send({ ...message, body });
      return;
    }
    if ((message.type as string) === "http.response.pathsend") {
      await send(this.#initialMessage as StartMessage);
      await send(message);
    }
  }

  async #sendFirstBody(send: Send, message: BodyMessage): Promise<void> {
    const initial = this.#initialMessage as StartMessage;
    const body = message.body ?? new Uint8Array(0);
    const moreBody = message.more_body ?? false;
    if (body.length < this.#minimumSize && !moreBody) {
      await send(initial);
      await send(message);
      return;
    }
    const compressed = await this.applyCompression(body, moreBody);
    // The start message's headers are edited in place, as Starlette's MutableHeaders(raw=...) does.
    const rawHeaders = [...(initial.headers ?? [])] as [string, string][];
    const headers = new MutableHeaders({ raw: rawHeaders });
    headers.addVaryHeader("Accept-Encoding");
    let out = message;
    if (compressed !== body) {
      headers.set("Content-Encoding", this.contentEncoding);
      if (moreBody) headers.delete("Content-Length");
      else headers.set("Content-Length", String(compressed.length));
      out = { ...message, body: compressed };
    }
    await send({ ...initial, headers: rawHeaders });
    await send(out);
  }

  /** The body encoded; `moreBody` false ends the encoding. The identity answers the very same bytes. */
  async applyCompression(body: Uint8Array, _moreBody: boolean): Promise<Uint8Array> {
    return body;
  }
}

/** Encodes with gzip: one gzip stream over the whole body, flushed after every chunk so each can be sent at once. */
export class GZipResponder extends IdentityResponder {
  override readonly contentEncoding = "gzip";
  readonly compresslevel: number;
  #compressor: Gzip | null = null;
  #output: Buffer[] = [];

  constructor(app: ASGIApp, minimumSize: number, excludeContentTypes: ReadonlySet<string>, compresslevel = 9) {
    super(app, minimumSize, excludeContentTypes);
    this.compresslevel = compresslevel;
  }

  override async applyCompression(body: Uint8Array, moreBody: boolean): Promise<Uint8Array> {
    // A whole body in one message: zlib's one-shot gzip is the same bytes as compress() + flush().
    if (this.#compressor === null && !moreBody) return gzipSync(body, { level: this.compresslevel });
    if (this.#compressor === null) {
      const compressor = createGzip({ level: this.compresslevel });
      compressor.on("data", (chunk: Buffer) => this.#output.push(chunk));
      this.#compressor = compressor;
    }
    const compressor = this.#compressor;
    await new Promise<void>((resolve, reject) => {
      compressor.once("error", reject);
      const done = (): void => {
        compressor.off("error", reject);
        resolve();
      };
      if (moreBody) {
        compressor.write(body);
        compressor.flush(constants.Z_SYNC_FLUSH, done);
      } else {
        // 'end' comes after the last 'data': the whole tail is in hand then.
        compressor.once("end", done);
        compressor.end(body);
      }
    });
    const out = Buffer.concat(this.#output);
    this.#output = [];
    return out;
  }
}
