/** @module The reason phrase in uvicorn's status lines (`_get_status_phrase` of uvicorn/protocols/http/h11_impl.py), from @mono/asgi's table of Python's http.HTTPStatus phrases. */
import { HTTP_STATUS_PHRASES } from "@mono/asgi";

/** The phrase uvicorn writes after the status code: Python's, or "" for a code Python has no name for. */
export function statusPhrase(statusCode: number): string {
  return HTTP_STATUS_PHRASES.get(statusCode) ?? "";
}
