/** @module The public face of @mono/asgi: Starlette's ASGI ground floor in TypeScript. */
export type * from "./types.js";
export * from "./bytes.js";
export * from "./difflib.js";
export * from "./datastructures.js";
export * from "./requests.js";
export { FormParser, type FormOptions, MultiPartException, MultiPartParser, parseOptionsHeader } from "./formparsers.js";
export * from "./tempfile.js";
export * from "./websockets.js";
export * from "./responses.js";
export * from "./status.js";
// Also as one namespace, as Starlette's `from starlette import status` then `status.HTTP_201_CREATED`.
export * as status from "./status.js";
export * from "./background.js";
export * from "./middleware.js";
export * from "./validation.js";
export * from "./multipart.js";
export * from "./testclient.js";
