/** @module Mirrors Python's tempfile.SpooledTemporaryFile, as starlette/formparsers.py uses it to hold an upload (memory, then disk). */
import { randomBytes } from "node:crypto";
import { open, unlink, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What an UploadFile reads and writes: a binary file with a position (Python's `BinaryIO`, async here). */
export interface BinaryIO {
  /** Up to `size` bytes from the position (all that is left when `size` is negative or missing). */
  read(size?: number): Promise<Uint8Array>;
  /** Writes at the position; answers the number of bytes written. */
  write(data: Uint8Array): Promise<number>;
  /** Moves the position: `whence` 0 from the start, 1 from here, 2 from the end; answers the new position. */
  seek(offset: number, whence?: 0 | 1 | 2): Promise<number>;
  /** The position. */
  tell(): number;
  close(): Promise<void>;
  readonly closed: boolean;
}

/**
 * A file kept in memory until it holds more than `maxSize` bytes, then moved to an unnamed file on disk (created in
 * the OS temp directory and unlinked at once, as Python's `TemporaryFile`, so it goes away with its handle). As
 * Python's, the check runs after each write: memory holds at most `maxSize` bytes plus one write. `maxSize` 0 never
 * rolls over.
 */
export class SpooledTemporaryFile implements BinaryIO {
  readonly maxSize: number;
  #memory: Uint8Array = new Uint8Array(0);
  #length = 0;
  #position = 0;
  #disk: FileHandle | null = null;
  #closed = false;

  constructor(maxSize = 0) {
    this.maxSize = maxSize;
  }

  /** True once the data moved to disk (Python's `_rolled`). */
  get rolled(): boolean {
    return this.#disk !== null;
  }

  get closed(): boolean {
    return this.#closed;
  }

  tell(): number {
    return this.#position;
  }

  async write(data: Uint8Array): Promise<number> {
    this.#checkOpen();
    if (this.#disk !== null) {
      const { bytesWritten } = await this.#disk.write(data, 0, data.length, this.#position);
      this.#position += bytesWritten;
      this.#length = Math.max(this.#length, this.#position);
      return bytesWritten;
    }
    const end = this.#position + data.length;
    if (end > this.#memory.length) {
      const grown = new Uint8Array(Math.max(end, this.#memory.length * 2, 4096));
      grown.set(this.#memory.subarray(0, this.#length));
      this.#memory = grown;
    }
    this.#memory.set(data, this.#position);
    this.#position = end;
    this.#length = Math.max(this.#length, end);
    if (this.maxSize > 0 && this.#position > this.maxSize) await this.rollover();
    return data.length;
  }

  async read(size = -1): Promise<Uint8Array> {
    this.#checkOpen();
    const available = Math.max(0, this.#length - this.#position);
    const count = size < 0 ? available : Math.min(size, available);
    if (this.#disk === null) {
      const out = this.#memory.slice(this.#position, this.#position + count);
      this.#position += count;
      return out;
    }
    const out = new Uint8Array(count);
    let filled = 0;
    while (filled < count) {
      const { bytesRead } = await this.#disk.read(out, filled, count - filled, this.#position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    this.#position += filled;
    return filled === count ? out : out.subarray(0, filled);
  }

  async seek(offset: number, whence: 0 | 1 | 2 = 0): Promise<number> {
    this.#checkOpen();
    const base = whence === 0 ? 0 : whence === 1 ? this.#position : this.#length;
    const position = base + offset;
    if (position < 0) throw new RangeError(`negative seek value ${position}`);
    this.#position = position;
    return position;
  }

  /** Moves the data to disk now (Python's `rollover()`); the position is kept. */
  async rollover(): Promise<void> {
    if (this.#disk !== null) return;
    const path = join(tmpdir(), `mono-upload-${randomBytes(12).toString("hex")}`);
    const handle = await open(path, "wx+", 0o600);
    try {
      await unlink(path);
      await handle.write(this.#memory, 0, this.#length, 0);
    } catch (error) {
      await handle.close();
      throw error;
    }
    this.#disk = handle;
    this.#memory = new Uint8Array(0);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#memory = new Uint8Array(0);
    const disk = this.#disk;
    this.#disk = null;
    if (disk !== null) await disk.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new Error("I/O operation on closed file.");
  }
}
