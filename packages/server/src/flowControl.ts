/** @module Mirrors uvicorn/protocols/http/flow_control.py: the read high-water mark and the 503 app used past --limit-concurrency. */
import type { Receive, Scope, Send } from "@mono/asgi";

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
