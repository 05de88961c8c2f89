/** @module Mirrors uvicorn/protocols/http/flow_control.py: read/write flow control of one connection, the read high-water mark, and the 503 app used past --limit-concurrency. */
import type { Socket } from "node:net";
import type { Receive, Scope, Send } from "@mono/asgi";

/** Request body bytes buffered for the app before the connection stops reading: uvicorn's HIGH_WATER_LIMIT. */
export const HIGH_WATER_LIMIT = 65536;

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * uvicorn's FlowControl. Reading is paused while the app has not taken its body (or a pipelined request waits);
 * writing is paused while the socket's buffer is over its high-water mark, and `drain()` waits for it to empty.
 */
export class FlowControl {
  readPaused = false;
  writePaused = false;
  private drainWaiters: Array<() => void> = [];

  constructor(private readonly socket: Socket) {}

  pauseReading(): void {
    if (!this.readPaused) {
      this.readPaused = true;
      this.socket.pause();
    }
  }

  resumeReading(): void {
    if (this.readPaused) {
      this.readPaused = false;
      this.socket.resume();
    }
  }

  pauseWriting(): void {
    this.writePaused = true;
  }

  /** The socket's 'drain' (and connection loss): wake every send waiting in `drain()`. */
  resumeWriting(): void {
    if (!this.writePaused) return;
    this.writePaused = false;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }

  drain(): Promise<void> {
    if (!this.writePaused) return RESOLVED;
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }
}

const SERVICE_UNAVAILABLE = new TextEncoder().encode("Service Unavailable");

/** uvicorn's `service_unavailable` app, byte for byte. */
export async function serviceUnavailable(_scope: Scope, _receive: Receive, send: Send): Promise<void> {
  await send({
    type: "http.response.start",
    status: 503,
    headers: [
      ["content-type", "text/plain; charset=utf-8"],
      ["content-length", "19"],
      ["connection", "close"],
    ],
  });
  await send({ type: "http.response.body", body: SERVICE_UNAVAILABLE, more_body: false });
}
