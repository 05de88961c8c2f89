/** @module Mirrors fastapi/responses.py: the two JSON response classes FastAPI adds to Starlette's (both deprecated there). */
import { JSONResponse } from "@mono/asgi";

/**
 * FastAPI's `UJSONResponse` (deprecated in FastAPI 0.142.2, kept for the tutorial that uses it): ujson's
 * `dumps(content, ensure_ascii=False)` writes the compact UTF-8 JSON a JSONResponse writes, so it is one.
 */
export class UJSONResponse extends JSONResponse {}

/**
 * FastAPI's `ORJSONResponse` (deprecated in FastAPI 0.142.2): orjson's default output is the compact UTF-8 JSON of
 * a JSONResponse for the values JSON can hold, so it is one. For orjson's options (indentation...), subclass
 * Response and write `render`, as the tutorial's CustomORJSONResponse does.
 */
export class ORJSONResponse extends JSONResponse {}
