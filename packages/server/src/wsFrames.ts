/** @module Mirrors websockets/frames.py (Frame.parse, Frame.check, Close) and the framing half of websockets/protocol.py (parse, recv_frame, fail, send_*): the RFC 6455 frames of a server connection, with websockets' close codes and reasons. */

export const enum Opcode {
  CONT = 0x0,
  TEXT = 0x1,
  BINARY = 0x2,
  CLOSE = 0x8,
  PING = 0x9,
  PONG = 0xa,
}

import { DeflateError, type PerMessageDeflate } from "./wsDeflate.js";

/** A received frame (unmasked payload). */
export interface Frame {
  readonly opcode: Opcode;
  readonly data: Buffer;
  readonly fin: boolean;
}

/** websockets' `Close`. */
export interface Close {
  readonly code: number;
  readonly reason: string;
}

/** The close codes a close frame may carry (websockets' EXTERNAL_CLOSE_CODES, plus 3000-4999). */
const EXTERNAL_CLOSE_CODES = new Set([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014]);

export function validCloseCode(code: number): boolean {
  return EXTERNAL_CLOSE_CODES.has(code) || (code >= 3000 && code < 5000);
}

/** websockets' ProtocolError (close 1002) and PayloadTooBig (1009); UTF-8 errors close with 1007. */
export class FrameError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Python's `bytes.decode()` (strict UTF-8): the text, or the `UnicodeDecodeError`'s reason and start position,
 * which websockets puts in its close reason ("invalid start byte at position 3").
 */
export function decodeUTF8(data: Uint8Array): string | { reason: string; start: number } {
  try {
    return strictDecoder.decode(data);
  } catch {
    return utf8Error(data);
  }
}

// ignoreBOM: a leading U+FEFF is text (Python's bytes.decode keeps it; TextDecoder would drop it).
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** CPython's utf-8 decoder errors: where the first bad sequence starts and its reason. */
function utf8Error(b: Uint8Array): { reason: string; start: number } {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return { reason: "invalid start byte", start: i };
    for (let k = 1; k <= need; k++) {
      if (i + k >= b.length) return { reason: "unexpected end of data", start: i };
      const n = b[i + k] as number;
      const ok = k === 1 ? n >= lo && n <= hi : n >= 0x80 && n <= 0xbf;
      if (!ok) return { reason: "invalid continuation byte", start: i };
    }
    i += need + 1;
  }
  return { reason: "invalid start byte", start: 0 };
}

/** `Close.parse`. */
export function parseClose(data: Buffer): Close {
  if (data.length >= 2) {
    const code = data.readUInt16BE(0);
    const reason = decodeUTF8(data.subarray(2));
    if (typeof reason !== "string") throw new FrameError(1007, `${reason.reason} at position ${reason.start}`);
    if (!validCloseCode(code)) throw new FrameError(1002, "invalid status code");
    return { code, reason };
  }
  if (data.length === 0) return { code: 1005, reason: "" };
  throw new FrameError(1002, "close frame too short");
}

/** `Frame.serialize` for a server (never masked). */
export function serializeFrame(opcode: Opcode, data: Uint8Array, fin = true): Buffer {
  const length = data.length;
  const headSize = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const out = Buffer.allocUnsafe(headSize + length);
  out[0] = (fin ? 0x80 : 0) | opcode;
  if (length < 126) out[1] = length;
  else if (length < 65536) {
    out[1] = 126;
    out.writeUInt16BE(length, 2);
  } else {
    out[1] = 127;
    out.writeBigUInt64BE(BigInt(length), 2);
  }
  out.set(data, headSize);
  return out;
}

/** The payload of a close frame: code then UTF-8 reason (`Close.serialize`). */
export function closePayload(code: number, reason: string): Buffer {
  const text = Buffer.from(reason, "utf8");
  const out = Buffer.allocUnsafe(2 + text.length);
  out.writeUInt16BE(code, 0);
  out.set(text, 2);
  return out;
}

const EMPTY = Buffer.alloc(0);

const enum State {
  CONNECTING,
  OPEN,
  CLOSING,
  CLOSED,
}

const enum Step {
  HEAD,
  LENGTH16,
  LENGTH64,
  MASK,
  PAYLOAD,
  DISCARD,
}

/**
 * The framing state of one server connection (websockets' `Protocol` for the SERVER side). `receiveData` parses
 * what it can and returns the frames; bytes to send collect in `writes`. A frame over the size limit is refused
 * from its header, before any of its payload is kept.
 */
export class FrameProtocol {
  state = State.CONNECTING;
  closeRcvd: Close | null = null;
  closeSent: Close | null = null;
  /** The error that stopped the parser (websockets' `parser_exc`). */
  parserExc: FrameError | null = null;
  writes: Buffer[] = [];

  private currentSize: number | null = null;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private step = Step.HEAD;
  private head1 = 0;
  private length = 0;
  private mask: Buffer | null = null;
  /** permessage-deflate, once negotiated; applied before the frame checks, as websockets' extensions are. */
  private extension: PerMessageDeflate | null = null;
  /** The size limit of the frame being read (what the decoder may produce). */
  private frameMaxSize: number | null = null;

  /** `maxSize`: websockets' `max_size` (uvicorn's --ws-max-size); null for no limit. */
  constructor(private readonly maxSize: number | null) {}

  get isOpen(): boolean {
    return this.state === State.OPEN;
  }

  /** websockets' `send_response` of a 101. */
  opened(extension: PerMessageDeflate | null = null): void {
    this.state = State.OPEN;
    this.extension = extension;
  }

  /** After a non-101 answer websockets discards whatever the client sends. */
  rejected(): void {
    this.step = Step.DISCARD;
  }

  /** `receive_data` + `events_received`. */
  receiveData(data: Buffer): Frame[] {
    const events: Frame[] = [];
    if (this.step === Step.DISCARD) return events;
    this.chunks.push(data);
    this.buffered += data.length;
    try {
      for (;;) {
        const frame = this.parseOne();
        if (frame === null) break;
        this.recvFrame(frame);
        events.push(frame);
        if ((this.step as Step) === Step.DISCARD) break;
      }
    } catch (exc) {
      if (!(exc instanceof FrameError)) throw exc;
      this.fail(exc.code, exc.message);
      this.parserExc = exc;
    }
    if ((this.step as Step) === Step.DISCARD) {
      this.chunks = [];
      this.buffered = 0;
    }
    return events;
  }

  /** Take exactly n buffered bytes, or null when fewer have arrived. */
  private take(n: number): Buffer | null {
    if (this.buffered < n) return null;
    if (n === 0) return EMPTY;
    this.buffered -= n;
    const first = this.chunks[0] as Buffer;
    if (first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    while (at < n) {
      const chunk = this.chunks[0] as Buffer;
      const part = Math.min(chunk.length, n - at);
      chunk.copy(out, at, 0, part);
      at += part;
      if (part === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(part);
    }
    return out;
  }

  /** `Frame.parse`, resumable: the checks come in websockets' order (opcode, mask bit, size, then rsv/control). */
  private parseOne(): Frame | null {
    for (;;) {
      switch (this.step) {
        case Step.HEAD: {
          const head = this.take(2);
          if (head === null) return null;
          const head1 = head[0] as number;
          const head2 = head[1] as number;
          const opcode = head1 & 0x0f;
          if (!(opcode <= 2 || (opcode >= 8 && opcode <= 10))) throw new FrameError(1002, "invalid opcode");
          if ((head2 & 0x80) === 0) throw new FrameError(1002, "incorrect masking");
          this.head1 = head1;
          const length = head2 & 0x7f;
          if (length === 126) this.step = Step.LENGTH16;
          else if (length === 127) this.step = Step.LENGTH64;
          else this.gotLength(length);
          break;
        }
        case Step.LENGTH16: {
          const data = this.take(2);
          if (data === null) return null;
          this.gotLength(data.readUInt16BE(0));
          break;
        }
        case Step.LENGTH64: {
          const data = this.take(8);
          if (data === null) return null;
          const big = data.readBigUInt64BE(0);
          this.gotLength(big > BigInt(Number.MAX_SAFE_INTEGER) ? big : Number(big));
          break;
        }
        case Step.MASK: {
          const mask = this.take(4);
          if (mask === null) return null;
          this.mask = Buffer.from(mask);
          this.step = Step.PAYLOAD;
          break;
        }
        case Step.PAYLOAD: {
          const payload = this.take(this.length);
          if (payload === null) return null;
          this.step = Step.HEAD;
          return this.finishFrame(payload);
        }
        case Step.DISCARD:
          return null;
      }
    }
  }

  /** The max-size check runs on the declared length, before the payload is read. */
  private gotLength(length: number | bigint): void {
    let maxSize: number | null = null;
    if (this.maxSize !== null) maxSize = this.currentSize === null ? this.maxSize : this.maxSize - this.currentSize;
    if (maxSize !== null && length > maxSize) {
      let message = `frame with ${length} bytes `;
      if (this.currentSize !== null) message += `after reading ${this.currentSize} bytes `;
      message += `exceeds limit of ${maxSize + (this.currentSize ?? 0)} bytes`;
      throw new FrameError(1009, message);
    }
    if (typeof length === "bigint") throw new FrameError(1009, `frame with ${length} bytes exceeds limit of ${Number.MAX_SAFE_INTEGER} bytes`);
    this.length = length;
    this.frameMaxSize = maxSize;
    this.step = Step.MASK;
  }

  private finishFrame(payload: Buffer): Frame {
    const mask = this.mask as Buffer;
    // The payload may be a view of the socket's buffer: unmask into a copy.
    let data: Buffer = Buffer.allocUnsafe(payload.length);
    for (let i = 0; i < payload.length; i++) data[i] = (payload[i] as number) ^ (mask[i & 3] as number);
    let head1 = this.head1;
    const opcode = (head1 & 0x0f) as Opcode;
    const fin = (head1 & 0x80) !== 0;
    if (this.extension !== null) {
      let decoded: Buffer | null;
      try {
        decoded = this.extension.decode(opcode, fin, (head1 & 0x40) !== 0, data, this.frameMaxSize);
      } catch (exc) {
        if (!(exc instanceof DeflateError)) throw exc;
        if (exc.code === 1002) throw new FrameError(1002, exc.message);
        const current = this.currentSize;
        const limit = (this.frameMaxSize ?? 0) + (current ?? 0);
        throw new FrameError(1009, `frame ${current !== null ? `after reading ${current} bytes ` : ""}exceeds limit of ${limit} bytes`);
      }
      if (decoded !== null) {
        data = decoded;
        head1 &= ~0x40;
      }
    }
    // Frame.check
    if (head1 & 0x70) throw new FrameError(1002, "reserved bits must be 0");
    if (opcode >= 8) {
      if (data.length > 125) throw new FrameError(1002, "control frame too long");
      if (!fin) throw new FrameError(1002, "fragmented control frame");
    }
    return { opcode, data, fin };
  }

  /** `recv_frame`: fragmentation bookkeeping, the automatic pong, the close echo. */
  private recvFrame(frame: Frame): void {
    switch (frame.opcode) {
      case Opcode.TEXT:
      case Opcode.BINARY:
        if (this.currentSize !== null) throw new FrameError(1002, "expected a continuation frame");
        if (!frame.fin) this.currentSize = frame.data.length;
        break;
      case Opcode.CONT:
        if (this.currentSize === null) throw new FrameError(1002, "unexpected continuation frame");
        this.currentSize = frame.fin ? null : this.currentSize + frame.data.length;
        break;
      case Opcode.PING:
        this.sendFrame(Opcode.PONG, frame.data);
        break;
      case Opcode.PONG:
        break;
      case Opcode.CLOSE:
        this.closeRcvd = parseClose(frame.data);
        if (this.currentSize !== null) throw new FrameError(1002, "incomplete fragmented message");
        if (this.state === State.OPEN) {
          this.sendFrame(Opcode.CLOSE, frame.data);
          this.closeSent = this.closeRcvd;
          this.state = State.CLOSING;
        }
        this.step = Step.DISCARD;
        break;
    }
  }

  private sendFrame(opcode: Opcode, data: Uint8Array): void {
    this.writes.push(serializeFrame(opcode, data));
  }

  /** Data frames can be sent only while open: websockets raises InvalidState otherwise. */
  sendData(opcode: Opcode.TEXT | Opcode.BINARY, data: Uint8Array): boolean {
    if (this.state !== State.OPEN) return false;
    if (this.extension === null) this.sendFrame(opcode, data);
    else {
      const frame = serializeFrame(opcode, this.extension.encode(data));
      frame[0] = (frame[0] as number) | 0x40;
      this.writes.push(frame);
    }
    return true;
  }

  /** `send_close`; false (InvalidState) when not open. A code outside the allowed set throws, as `Close.check`. */
  sendClose(code: number | null, reason = ""): boolean {
    if (this.state !== State.OPEN) return false;
    if (code === null) {
      this.sendFrame(Opcode.CLOSE, Buffer.alloc(0));
      this.closeSent = { code: 1005, reason: "" };
    } else {
      if (!validCloseCode(code)) throw new FrameError(1002, "invalid status code");
      const payload = closePayload(code, reason);
      if (payload.length > 125) throw new FrameError(1002, "control frame too long");
      this.sendFrame(Opcode.CLOSE, payload);
      this.closeSent = { code, reason };
    }
    this.state = State.CLOSING;
    return true;
  }

  sendPing(data: Uint8Array): void {
    if (this.state === State.OPEN || this.state === State.CLOSING) this.sendFrame(Opcode.PING, data);
  }

  /** `fail`: a close frame with the code and reason while open (1006 sends none), then discard what follows. */
  fail(code: number, reason = ""): void {
    if (this.state === State.OPEN && code !== 1006) {
      this.sendFrame(Opcode.CLOSE, closePayload(code, reason));
      this.closeSent = { code, reason };
      this.state = State.CLOSING;
    }
    this.step = Step.DISCARD;
  }

  dataToSend(): Buffer[] {
    const writes = this.writes;
    this.writes = [];
    return writes;
  }
}
