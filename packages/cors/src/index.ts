/** @module The public face of @mono/cors: Starlette 1.7.0's CORSMiddleware, byte for byte. */
export { ALL_METHODS, CORSMiddleware, SAFELISTED_HEADERS } from "./cors.js";
export { parseCORSOptions } from "./options.js";
export type { CORSOptions, ParsedCORSOptions } from "./options.js";
export { PatternError, compile, fromRegExp } from "./re.js";
export type { CompiledPattern } from "./re.js";
