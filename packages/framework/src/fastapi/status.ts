/** @module Mirrors fastapi/status.py: Starlette's status codes as one namespace, `status.HTTP_201_CREATED`, as
 * `from fastapi import status` gives them.
 */
import * as asgi from "@mono/asgi";

type StatusName = Extract<keyof typeof asgi, `HTTP_${number}_${string}` | `WS_${number}_${string}`>;

/** Every `HTTP_...` and `WS_...` constant of starlette.status (re-exported by @mono/asgi one by one). */
export const status = Object.freeze(
  Object.fromEntries(Object.entries(asgi).filter(([name]) => /^(HTTP|WS)_\d{3,4}_/.test(name))),
) as { readonly [K in StatusName]: (typeof asgi)[K] };
