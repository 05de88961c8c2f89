/** @module Mirrors websockets/extensions/permessage_deflate.py (PerMessageDeflate, ServerPerMessageDeflateFactory as uvicorn configures it: window bits 12, memLevel 5): RFC 7692 compression, negotiated and applied frame by frame. */
import { constants, deflateRawSync, inflateRawSync } from "node:zlib";

/** A parsed extension offer: its name and `(name, value)` parameters (value null when absent). */
export type ExtensionOffer = readonly [name: string, params: ReadonlyArray<readonly [string, string | null]>];

const EMPTY_UNCOMPRESSED_BLOCK = Buffer.from([0x00, 0x00, 0xff, 0xff]);
const WINDOW_BITS = ["8", "9", "10", "11", "12", "13", "14", "15"];

/** uvicorn's factory settings: `server_max_window_bits=12, client_max_window_bits=12, compress_settings={"memLevel": 5}`. */
const SERVER_MAX_WINDOW_BITS = 12;
const CLIENT_MAX_WINDOW_BITS = 12;
const MEM_LEVEL = 5;

/** Thrown when a compressed frame cannot be decoded: websockets' ProtocolError or PayloadTooBig. */
export class DeflateError extends Error {
  constructor(
    readonly code: 1002 | 1009,
    message: string,
  ) {
    super(message);
  }
}

/** `_extract_parameters(params, is_server=True)`; null where websockets raises a NegotiationError (offer skipped). */
function extractParameters(params: ExtensionOffer[1]) {
  let serverNoContextTakeover = false;
  let clientNoContextTakeover = false;
  let serverMaxWindowBits: number | null = null;
  let clientMaxWindowBits: number | true | null = null;
  for (const [name, value] of params) {
    if (name === "server_no_context_takeover") {
      if (serverNoContextTakeover || value !== null) return null;
      serverNoContextTakeover = true;
    } else if (name === "client_no_context_takeover") {
      if (clientNoContextTakeover || value !== null) return null;
      clientNoContextTakeover = true;
    } else if (name === "server_max_window_bits") {
      if (serverMaxWindowBits !== null || value === null || !WINDOW_BITS.includes(value)) return null;
      serverMaxWindowBits = Number(value);
    } else if (name === "client_max_window_bits") {
      if (clientMaxWindowBits !== null) return null;
      if (value === null) clientMaxWindowBits = true;
      else if (WINDOW_BITS.includes(value)) clientMaxWindowBits = Number(value);
      else return null;
    } else return null;
  }
  return { serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, clientMaxWindowBits };
}

/**
 * `process_extensions` with uvicorn's one factory: the first acceptable permessage-deflate offer wins. Returns the
 * Sec-WebSocket-Extensions response value and the extension, or null when nothing was accepted.
 */
export function negotiateDeflate(offers: readonly ExtensionOffer[]): { header: string; extension: PerMessageDeflate } | null {
  for (const [name, params] of offers) {
    if (name !== "permessage-deflate") continue;
    const p = extractParameters(params);
    if (p === null) continue;
    const serverBits =
      p.serverMaxWindowBits === null || p.serverMaxWindowBits > SERVER_MAX_WINDOW_BITS ? SERVER_MAX_WINDOW_BITS : p.serverMaxWindowBits;
    let clientBits: number | null = null;
    if (p.clientMaxWindowBits === true) clientBits = CLIENT_MAX_WINDOW_BITS;
    else if (typeof p.clientMaxWindowBits === "number") clientBits = Math.min(p.clientMaxWindowBits, CLIENT_MAX_WINDOW_BITS);
    const response = ["permessage-deflate"];
    if (p.serverNoContextTakeover) response.push("server_no_context_takeover");
    if (p.clientNoContextTakeover) response.push("client_no_context_takeover");
    response.push(`server_max_window_bits=${serverBits}`);
    if (clientBits !== null) response.push(`client_max_window_bits=${clientBits}`);
    const extension = new PerMessageDeflate(p.clientNoContextTakeover, p.serverNoContextTakeover, clientBits ?? 15, serverBits);
    // websockets accepts one permessage-deflate at most ("skipped duplicate").
    return { header: response.join("; "), extension };
  }
  return null;
}

/**
 * One connection's compression state (`PerMessageDeflate`). websockets keeps a zlib stream per direction; node's
 * zlib streams are asynchronous, and frames must be decoded in order as they are parsed. So each message is
 * (de)compressed by itself, synchronously, with the window of everything before it as the preset dictionary: the
 * same history a continuous stream would reach back into, so context takeover holds both ways.
 */
export class PerMessageDeflate {
  /** The last window of decompressed (received) and uncompressed (sent) bytes; empty without context takeover. */
  private received: Buffer = Buffer.alloc(0);
  private sent: Buffer = Buffer.alloc(0);
  private decodeContData = false;
  /** Compressed fragments of the message being received, decoded when its last frame arrives. */
  private fragments: Buffer[] = [];
  private fragmentsLength = 0;

  constructor(
    private readonly remoteNoContextTakeover: boolean,
    private readonly localNoContextTakeover: boolean,
    private readonly remoteMaxWindowBits: number,
    private readonly localMaxWindowBits: number,
  ) {}

  /**
   * `decode`: the payload of a data frame, decompressed when it belongs to a compressed message (an empty payload
   * for each fragment before the last; the last carries the whole message); `rsv1` is the frame's bit. Returns null
   * for a frame this extension leaves alone (control frames, uncompressed messages).
   */
  decode(opcode: number, fin: boolean, rsv1: boolean, data: Buffer, maxSize: number | null): Buffer | null {
    if (opcode >= 8) return null;
    if (opcode === 0) {
      if (!this.decodeContData) return null;
      if (rsv1) throw new DeflateError(1002, "RSV1 bit set in continuation frame");
      if (fin) this.decodeContData = false;
    } else {
      if (!rsv1) return null;
      if (!fin) this.decodeContData = true;
    }
    this.fragments.push(data);
    this.fragmentsLength += data.length;
    // Held fragments are bounded like a message on the wire.
    if (maxSize !== null && this.fragmentsLength > maxSize) throw new DeflateError(1009, "");
    if (!fin) return EMPTY;
    const compressed = Buffer.concat([...this.fragments, EMPTY_UNCOMPRESSED_BLOCK]);
    this.fragments = [];
    this.fragmentsLength = 0;
    let out: Buffer;
    try {
      out = inflateRawSync(compressed, {
        windowBits: 15,
        finishFlush: constants.Z_SYNC_FLUSH,
        ...(this.received.length > 0 ? { dictionary: this.received } : {}),
        ...(maxSize !== null && maxSize > 0 ? { maxOutputLength: maxSize } : {}),
      });
    } catch (exc) {
      if ((exc as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new DeflateError(1009, "");
      throw new DeflateError(1002, "decompression failed");
    }
    if (!this.remoteNoContextTakeover) this.received = keepWindow(this.received, out, this.remoteMaxWindowBits);
    return out;
  }

  /** `encode`: the compressed payload of an outgoing message (the caller sets RSV1). */
  encode(data: Uint8Array): Buffer {
    const input = Buffer.from(data.buffer, data.byteOffset, data.length);
    const out = deflateRawSync(input, {
      windowBits: this.localMaxWindowBits,
      memLevel: MEM_LEVEL,
      finishFlush: constants.Z_SYNC_FLUSH,
      ...(this.sent.length > 0 ? { dictionary: this.sent } : {}),
    });
    if (!this.localNoContextTakeover) this.sent = keepWindow(this.sent, input, this.localMaxWindowBits);
    return out.subarray(0, out.length - 4);
  }
}

const EMPTY = Buffer.alloc(0);

/** The last 2^bits bytes of history followed by `next`. */
function keepWindow(history: Buffer, next: Buffer, bits: number): Buffer {
  const size = 1 << bits;
  if (next.length >= size) return Buffer.from(next.subarray(next.length - size));
  const keep = Math.min(history.length, size - next.length);
  return Buffer.concat([history.subarray(history.length - keep), next]);
}
