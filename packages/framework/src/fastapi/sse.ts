/** @module Mirrors fastapi/sse.py: EventSourceResponse (the `text/event-stream` marker class), ServerSentEvent,
 * format_sse_event and the keep-alive comment that fastapi/routing.py sends while a generator is idle.
 */
import { StreamingResponse, type ResponseInit } from "@mono/asgi";

/** FastAPI's `_SSE_EVENT_SCHEMA`: one event as OpenAPI 3.2 describes a `text/event-stream` item. */
export function sseEventSchema(): Record<string, unknown> {
  return {
    type: "object",
    properties: {
      data: { type: "string" },
      event: { type: "string" },
      id: { type: "string" },
      retry: { type: "integer", minimum: 0 },
    },
  };
}

/**
 * FastAPI's EventSourceResponse: as a route's `responseClass`, a handler that is a generator (`async function*`)
 * streams each item it yields as a server-sent event. The encoding is the route's; the class sets the media type.
 */
export class EventSourceResponse extends StreamingResponse {
  static override mediaType: string | null = "text/event-stream";
  /**
   * Seconds without an item after which a `: ping` comment is sent (FastAPI's `_PING_INTERVAL`, which its tests
   * patch). @default 15
   */
  static pingInterval = 15;

  // The handler's items, whatever they are, are encoded by the route before they reach here.
  constructor(content: AsyncIterable<unknown> | Iterable<unknown>, init: ResponseInit = {}) {
    super(content as AsyncIterable<string | Uint8Array>, init);
  }
}

/** FastAPI's keep-alive comment. */
export const KEEPALIVE_COMMENT = new TextEncoder().encode(": ping\n\n");

/** The fields of a server-sent event (FastAPI's ServerSentEvent model). */
export interface ServerSentEventOptions {
  /** The payload, always written as JSON (a string comes out quoted). Not with `rawData`. @default none */
  data?: unknown;
  /** Text written as the `data:` field as it is (HTML, CSV, "[DONE]"). Not with `data`. @default none */
  rawData?: string | null;
  /** The event type (`event:`), one line. @default none (the browser's generic `message`) */
  event?: string | null;
  /** The event id (`id:`), one line without NUL; the browser sends it back as `Last-Event-ID`. @default none */
  id?: string | null;
  /** Reconnection time in milliseconds (`retry:`), an integer >= 0. @default none */
  retry?: number | null;
  /** Comment lines (`: ...`), which EventSource ignores. @default none */
  comment?: string | null;
}

function checkSingleLine(value: string | null, field: string): string | null {
  if (value !== null && (value.includes("\r") || value.includes("\n"))) throw new Error(`SSE '${field}' must be a single line`);
  return value;
}

/**
 * FastAPI's ServerSentEvent: yielded by a handler whose `responseClass` is EventSourceResponse, it is written with
 * the fields given. Invalid fields throw here, as pydantic's validators do.
 */
export class ServerSentEvent {
  readonly data: unknown;
  readonly rawData: string | null;
  readonly event: string | null;
  readonly id: string | null;
  readonly retry: number | null;
  readonly comment: string | null;

  constructor(options: ServerSentEventOptions = {}) {
    this.data = options.data ?? null;
    this.rawData = options.rawData ?? null;
    this.event = checkSingleLine(options.event ?? null, "event");
    const id = options.id ?? null;
    if (id !== null && id.includes("\0")) throw new Error("SSE 'id' must not contain null characters");
    this.id = checkSingleLine(id, "id");
    const retry = options.retry ?? null;
    if (retry !== null && (!Number.isInteger(retry) || retry < 0)) throw new Error(`SSE 'retry' must be an integer >= 0, got ${retry}`);
    this.retry = retry;
    this.comment = options.comment ?? null;
    if (this.data !== null && this.rawData !== null) {
      throw new Error(
        "Cannot set both 'data' and 'raw_data' on the same ServerSentEvent. Use 'data' for JSON-serialized payloads or 'raw_data' for pre-formatted strings.",
      );
    }
  }
}

/** The SSE line terminators (\r\n, \r, \n), trailing empty lines kept. */
function splitLines(value: string): string[] {
  return value.replaceAll("\r\n", "\n").replaceAll("\r", "\n").split("\n");
}

/** The fields of format_sse_event: data already serialized. */
export interface SseFields {
  dataStr?: string | null;
  event?: string | null;
  id?: string | null;
  retry?: number | null;
  comment?: string | null;
}

/** FastAPI's `format_sse_event`: comment, event, data, id, retry lines, then the blank line that ends the event. */
export function formatSseEvent(fields: SseFields): Uint8Array {
  const lines: string[] = [];
  if (fields.comment != null) for (const line of splitLines(fields.comment)) lines.push(`: ${line}`);
  if (fields.event != null) lines.push(`event: ${fields.event}`);
  if (fields.dataStr != null) for (const line of splitLines(fields.dataStr)) lines.push(`data: ${line}`);
  if (fields.id != null) lines.push(`id: ${fields.id}`);
  if (fields.retry != null) lines.push(`retry: ${fields.retry}`);
  lines.push("", "");
  return new TextEncoder().encode(lines.join("\n"));
}

/**
 * FastAPI's keep-alive inserter: the items as they come, and a `: ping` comment each time `interval` seconds pass
 * without one. The pending item is kept across pings, so the generator is never interrupted.
 */
export async function* withKeepalive(items: AsyncIterator<Uint8Array>, interval: () => number): AsyncGenerator<Uint8Array, void, undefined> {
  let pending: Promise<IteratorResult<Uint8Array>> | undefined;
  try {
    for (;;) {
      pending ??= items.next();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<"ping">((resolve) => {
        timer = setTimeout(() => resolve("ping"), interval() * 1000);
      });
      const outcome = await Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
      if (outcome === "ping") {
        yield KEEPALIVE_COMMENT;
        continue;
      }
      pending = undefined;
      if (outcome.done === true) return;
      yield outcome.value;
    }
  } finally {
    // A stream stopped early (a client gone) finalizes the generator, as FastAPI's exit stack cancels its producer;
    // a generator still computing its next item is told once that item is done.
    if (pending === undefined) await items.return?.();
    else void pending.then(() => items.return?.()).catch(() => undefined);
  }
}
