/** @module Mirrors fastapi/openapi/docs.py: the Swagger UI and ReDoc pages. Their scripts and styles come from
 * FastAPI's CDN URLs by default, or from the swagger-ui-dist and redoc packages when they are installed (optional
 * peer dependencies: the docs then work offline).
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { HTMLResponse, Response } from "@mono/asgi";
import { Route, type BaseRoute } from "../starlette/routing.js";
import { HTTPException } from "../starlette/exceptions.js";
import { dumps } from "./jsonencoder.js";

/** FastAPI's default `swagger_js_url`: Swagger UI 5 from jsDelivr. */
export const SWAGGER_JS_CDN_URL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js";
/** FastAPI's default `swagger_css_url`. */
export const SWAGGER_CSS_CDN_URL = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css";
/** FastAPI's default `redoc_js_url`: ReDoc 2 from jsDelivr. */
export const REDOC_JS_CDN_URL = "https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js";
/** FastAPI's default `swagger_favicon_url` and `redoc_favicon_url`. */
export const FASTAPI_FAVICON_URL = "https://fastapi.tiangolo.com/img/favicon.png";

/** FastAPI's `swagger_ui_default_parameters`. */
export const SWAGGER_UI_DEFAULT_PARAMETERS: Readonly<Record<string, unknown>> = {
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
};

/** FastAPI's `_html_safe_json`: JSON safe inside a <script>. */
function htmlSafeJSON(value: unknown): string {
  return dumps(value).replaceAll("<", "\\u003c").replaceAll(">", "\\u003e").replaceAll("&", "\\u0026");
}

export interface SwaggerUiHtmlOptions {
  /** The OpenAPI document the page loads. @default none (required; the App passes its `openapiUrl`) */
  openapiUrl: string;
  /** The page's `<title>`. @default none (required; the App passes `${title} - Swagger UI`) */
  title: string;
  /** Swagger UI's script (the App passes `/docs/swagger-ui-bundle.js` when swagger-ui-dist is installed). @default SWAGGER_JS_CDN_URL */
  swaggerJsUrl?: string;
  /** Swagger UI's stylesheet. @default SWAGGER_CSS_CDN_URL */
  swaggerCssUrl?: string;
  /** The page's icon. @default FASTAPI_FAVICON_URL */
  swaggerFaviconUrl?: string;
  /** Swagger UI's `oauth2RedirectUrl`, resolved against the page's origin; null leaves it out. @default null */
  oauth2RedirectUrl?: string | null;
  /** Passed to `ui.initOAuth(...)`. @default null */
  initOAuth?: Record<string, unknown> | null;
  /** Merged over SWAGGER_UI_DEFAULT_PARAMETERS. @default null */
  swaggerUiParameters?: Record<string, unknown> | null;
}

/**
 * FastAPI's `get_swagger_ui_html`. Long because it is FastAPI's HTML template, kept line for line (the bytes of the
 * page match FastAPI's) rather than cut into pieces that no longer read as the page.
 */
export function getSwaggerUiHtml(options: SwaggerUiHtmlOptions): HTMLResponse {
  const parameters = { ...SWAGGER_UI_DEFAULT_PARAMETERS, ...options.swaggerUiParameters };
  let html = `
    <!DOCTYPE html>
    <html>
    <head>
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link type="text/css" rel="stylesheet" href="${options.swaggerCssUrl ?? SWAGGER_CSS_CDN_URL}">
    <link rel="shortcut icon" href="${options.swaggerFaviconUrl ?? FASTAPI_FAVICON_URL}">
    <title>${options.title}</title>
    </head>
    <body>
    <div id="swagger-ui">
    </div>
    <script src="${options.swaggerJsUrl ?? SWAGGER_JS_CDN_URL}"></script>
    <!-- \`SwaggerUIBundle\` is now available on the page -->
    <script>
    const ui = SwaggerUIBundle({
        url: '${options.openapiUrl}',
    `;
  for (const [key, value] of Object.entries(parameters)) html += `${htmlSafeJSON(key)}: ${htmlSafeJSON(value)},\n`;
  if (options.oauth2RedirectUrl) html += `oauth2RedirectUrl: window.location.origin + '${options.oauth2RedirectUrl}',`;
  html += `
    presets: [
        SwaggerUIBundle.presets.apis,
        SwaggerUIBundle.SwaggerUIStandalonePreset
        ],
    })`;
  if (options.initOAuth) html += `\n        ui.initOAuth(${htmlSafeJSON(options.initOAuth)})\n        `;
  html += `
    </script>
    </body>
    </html>
    `;
  return new HTMLResponse(html);
}

export interface RedocHtmlOptions {
  /** The OpenAPI document the page loads. @default none (required; the App passes its `openapiUrl`) */
  openapiUrl: string;
  /** The page's `<title>`. @default none (required; the App passes `${title} - ReDoc`) */
  title: string;
  /** ReDoc's script (the App passes `/redoc/redoc.standalone.js` when redoc is installed). @default REDOC_JS_CDN_URL */
  redocJsUrl?: string;
  /** The page's icon. @default FASTAPI_FAVICON_URL */
  redocFaviconUrl?: string;
  /** Load Montserrat and Roboto from Google Fonts (the App turns it off when it serves ReDoc offline). @default true */
  withGoogleFonts?: boolean;
}

/** FastAPI's `get_redoc_html`. Long for the same reason as getSwaggerUiHtml: it is FastAPI's template, line for line. */
export function getRedocHtml(options: RedocHtmlOptions): HTMLResponse {
  let html = `
    <!DOCTYPE html>
    <html>
    <head>
    <title>${options.title}</title>
    <!-- needed for adaptive design -->
    <meta charset="utf-8"/>
    <meta name="viewport" content="width=device-width, initial-scale=1">
    `;
  if (options.withGoogleFonts ?? true) {
    html += `
    <link href="https://fonts.googleapis.com/css?family=Montserrat:300,400,700|Roboto:300,400,700" rel="stylesheet">
    `;
  }
  html += `
    <link rel="shortcut icon" href="${options.redocFaviconUrl ?? FASTAPI_FAVICON_URL}">
    <!--
    ReDoc doesn't change outer page styles
    -->
    <style>
      body {
        margin: 0;
        padding: 0;
      }
    </style>
    </head>
    <body>
    <noscript>
        ReDoc requires Javascript to function. Please enable it to browse the documentation.
    </noscript>
    <redoc spec-url="${options.openapiUrl}"></redoc>
    <script src="${options.redocJsUrl ?? REDOC_JS_CDN_URL}"> </script>
    </body>
    </html>
    `;
  return new HTMLResponse(html);
}

/**
 * FastAPI's `get_swagger_ui_oauth2_redirect_html`: the OAuth2 redirect page with Swagger UI's script inline (a copy
 * of swagger-ui-dist's oauth2-redirect.js), so it needs no CDN. Long because it is FastAPI's page, byte for byte.
 */
export function getSwaggerUiOauth2RedirectHtml(): HTMLResponse {
  return new HTMLResponse(OAUTH2_REDIRECT_HTML);
}

const OAUTH2_REDIRECT_HTML = `
    <!doctype html>
    <html lang="en-US">
    <head>
        <title>Swagger UI: OAuth2 Redirect</title>
    </head>
    <body>
    <script>
        'use strict';
        function run () {
            var oauth2 = window.opener.swaggerUIRedirectOauth2;
            var sentState = oauth2.state;
            var redirectUrl = oauth2.redirectUrl;
            var isValid, qp, arr;

            if (/code|token|error/.test(window.location.hash)) {
                qp = window.location.hash.substring(1).replace('?', '&');
            } else {
                qp = location.search.substring(1);
            }

            arr = qp.split("&");
            arr.forEach(function (v,i,_arr) { _arr[i] = '"' + v.replace('=', '":"') + '"';});
            qp = qp ? JSON.parse('{' + arr.join() + '}',
                    function (key, value) {
                        return key === "" ? value : decodeURIComponent(value);
                    }
            ) : {};

            isValid = qp.state === sentState;

            if ((
              oauth2.auth.schema.get("flow") === "accessCode" ||
              oauth2.auth.schema.get("flow") === "authorizationCode" ||
              oauth2.auth.schema.get("flow") === "authorization_code"
            ) && !oauth2.auth.code) {
                if (!isValid) {
                    oauth2.errCb({
                        authId: oauth2.auth.name,
                        source: "auth",
                        level: "warning",
                        message: "Authorization may be unsafe, passed state was changed in server. The passed state wasn't returned from auth server."
                    });
                }

                if (qp.code) {
                    delete oauth2.state;
                    oauth2.auth.code = qp.code;
                    oauth2.callback({auth: oauth2.auth, redirectUrl: redirectUrl});
                } else {
                    let oauthErrorMsg;
                    if (qp.error) {
                        oauthErrorMsg = "["+qp.error+"]: " +
                            (qp.error_description ? qp.error_description+ ". " : "no accessCode received from the server. ") +
                            (qp.error_uri ? "More info: "+qp.error_uri : "");
                    }

                    oauth2.errCb({
                        authId: oauth2.auth.name,
                        source: "auth",
                        level: "error",
                        message: oauthErrorMsg || "[Authorization failed]: no accessCode received from the server."
                    });
                }
            } else {
                oauth2.callback({auth: oauth2.auth, token: qp, isValid: isValid, redirectUrl: redirectUrl});
            }
            window.close();
        }

        if (document.readyState !== 'loading') {
            run();
        } else {
            document.addEventListener('DOMContentLoaded', function () {
                run();
            });
        }
    </script>
    </body>
    </html>
        `;

const require = createRequire(import.meta.url);

/** The optional peer dependencies whose files the docs pages can be served from. */
export type DocsUIPackage = "swagger-ui-dist" | "redoc";

/** Where the docs pages load Swagger UI and ReDoc from: each package when installed, else the CDN (`"auto"`). */
export type DocsAssets = "auto" | "installed" | "cdn";

/** Whether `pkg` can be resolved from this package, as npm and pnpm place an installed peer dependency. */
export function isDocsUIInstalled(pkg: DocsUIPackage): boolean {
  try {
    require.resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
}

/** Whether the page of `pkg` is served from its installed files (true) or from the CDN (false), as `mode` says. */
export function servesInstalled(pkg: DocsUIPackage, mode: DocsAssets): boolean {
  if (mode === "cdn") return false;
  if (isDocsUIInstalled(pkg)) return true;
  if (mode === "auto") return false;
  throw new Error(`docsAssets is "installed" but ${pkg} is not installed: run \`npm install ${pkg}\`, or use docsAssets "auto" or "cdn"`);
}

/** Where each served asset lives: package, file inside it, content type. */
const ASSETS = {
  "swagger-ui-bundle.js": ["swagger-ui-dist", "swagger-ui-bundle.js", "text/javascript"],
  "swagger-ui.css": ["swagger-ui-dist", "swagger-ui.css", "text/css"],
  "favicon-32x32.png": ["swagger-ui-dist", "favicon-32x32.png", "image/png"],
  "oauth2-redirect.html": ["swagger-ui-dist", "oauth2-redirect.html", "text/html"],
  "oauth2-redirect.js": ["swagger-ui-dist", "oauth2-redirect.js", "text/javascript"],
  "redoc.standalone.js": ["redoc", "bundles/redoc.standalone.js", "text/javascript"],
} as const satisfies Record<string, readonly [pkg: string, file: string, mediaType: string]>;

/** The name of a file the docs pages load. */
export type AssetName = keyof typeof ASSETS;

function isAsset(name: string): name is AssetName {
  return Object.hasOwn(ASSETS, name);
}

const cache = new Map<AssetName, Promise<Uint8Array>>();

/** The bytes of a docs asset from node_modules, read once. */
export function readAsset(name: AssetName): Promise<Uint8Array> {
  let bytes = cache.get(name);
  if (bytes === undefined) {
    const [pkg, file] = ASSETS[name];
    const root = dirname(require.resolve(`${pkg}/package.json`));
    bytes = readFile(join(root, file)).then((buffer) => new Uint8Array(buffer));
    cache.set(name, bytes);
  }
  return bytes;
}

/** A route serving the named assets under `prefix` (`/docs/swagger-ui.css`), 404 for any other file. */
export function assetsRoute(prefix: string, names: readonly AssetName[]): BaseRoute {
  const allowed = new Set<string>(names);
  return new Route(
    `${prefix}/{file}`,
    async (request) => {
      const file = String(request.pathParams["file"]);
      if (!allowed.has(file) || !isAsset(file)) throw new HTTPException(404);
      return new Response(await readAsset(file), { mediaType: ASSETS[file][2] });
    },
    { name: `${prefix}-assets`, includeInSchema: false },
  );
}
