/** @module The public face of @mono/framework: Starlette's routing and application layer, and a FastAPI-like App on top. */
export * from "./starlette/convertors.js";
export * from "./starlette/exceptions.js";
export * from "./starlette/exception_handler.js";
export * from "./starlette/routing.js";
export * from "./starlette/middleware/errors.js";
export * from "./starlette/middleware/exceptions.js";
export * from "./starlette/applications.js";
export * from "./fastapi/validation.js";
export * from "./fastapi/exceptions.js";
export * from "./fastapi/encoders.js";
export * from "./fastapi/dependencies.js";
export * from "./fastapi/routing.js";
export * from "./fastapi/exception_handlers.js";
export * from "./fastapi/openapi.js";
export * from "./fastapi/docs.js";
export * from "./fastapi/applications.js";
export * from "./settings.js";
