/** @module The public face of @mono/asgi: Starlette's ASGI ground floor in TypeScript. */
export type * from "./types.js";
