/** @module Mirrors fastapi/applications.py: the App (FastAPI's `FastAPI` class), its docs routes and OpenAPI document. */
import { HTMLResponse, JSONResponse, type Receive, type Request, type Scope, type Send } from "@mono/asgi";
import { Starlette, type StarletteOptions } from "../starlette/applications.js";
import { BaseHTTPMiddleware, type DispatchFunction } from "../starlette/middleware/base.js";
import type { ExceptionHandler } from "../starlette/exception_handler.js";
import { HTTPException } from "../starlette/exceptions.js";
import type { BaseRoute, Router, WebSocketEndpointLike } from "../starlette/routing.js";
import type { Dependency, DependencyOverrides } from "./dependencies.js";
import {
  assetsRoute,
  getRedocHtml,
  getSwaggerUiHtml,
  getSwaggerUiOauth2RedirectHtml,
  readAsset,
  servesInstalled,
  type AssetName,
  type DocsAssets,
} from "./docs.js";
import { httpExceptionHandler, requestValidationExceptionHandler, websocketRequestValidationExceptionHandler } from "./exception_handlers.js";
import { RequestValidationError, WebSocketRequestValidationError } from "./exceptions.js";
import { getOpenAPI, type JSONSchema } from "./openapi.js";
import {
  APIRouter,
  type APIRoute,
  type AddRoute,
  type AddWebSocketRoute,
  type EventHandler,
  type APIWebSocketRoute,
  type IncludeRouterOptions,
  type ResponseClass,
  type Responses,
  type ResponseSpec,
  type WebSocketHandler,
  type WebSocketRouteSpec,
} from "./routing.js";

export interface AppOptions extends StarletteOptions<App> {
  /** `info.title`, and the docs pages' titles. @default "FastAPI" */
  title?: string;
  /** `info.summary`. @default null */
  summary?: string | null;
  /** `info.description`. @default "" */
  description?: string;
  /** `info.version` (of your API). @default "0.1.0" */
  version?: string;
  /** Where the OpenAPI document is served; null serves none (and no docs pages). @default "/openapi.json" */
  openapiUrl?: string | null;
  /** Top-level OpenAPI `tags`. @default null */
  openapiTags?: readonly Record<string, unknown>[] | null;
  /** Top-level OpenAPI `servers`. @default null */
  servers?: readonly Record<string, unknown>[] | null;
  /** Swagger UI page; null turns it off. @default "/docs" */
  docsUrl?: string | null;
  /** ReDoc page; null turns it off. @default "/redoc" */
  redocUrl?: string | null;
  /** Swagger UI's OAuth2 redirect page. @default "/docs/oauth2-redirect" */
  swaggerUiOauth2RedirectUrl?: string | null;
  /** Passed to Swagger UI's `initOAuth`. @default null */
  swaggerUiInitOauth?: Record<string, unknown> | null;
  /** Merged over FastAPI's default Swagger UI parameters. @default null */
  swaggerUiParameters?: Record<string, unknown> | null;
  /**
   * Where `/docs` and `/redoc` load Swagger UI and ReDoc from. `"auto"`: from the swagger-ui-dist and redoc packages
   * when installed (served by the App, offline), else from FastAPI's CDN URLs; `"installed"`: from the packages, and
   * the App throws when one is missing; `"cdn"`: always FastAPI's CDN URLs (FastAPI's pages byte for byte).
   * @default "auto"
   */
  docsAssets?: DocsAssets;
  /** Dependencies run for every route. @default [] */
  dependencies?: readonly Dependency<unknown>[];
  /** Extra documented responses of every route (a Map keeps their order). @default {} */
  responses?: Responses;
  /**
   * FastAPI's `strict_content_type`: a JSON body sent without a `content-type` header is not read as JSON (it
   * fails validation). false reads it as JSON, for clients that send none. Routers and routes may set their own.
   * @default true
   */
  strictContentType?: boolean;
  /** FastAPI's `default_response_class`: the `responseClass` of every route that sets none. @default JSONResponse */
  defaultResponseClass?: ResponseClass;
  /** Redirect `/path/` <-> `/path` when only the other has a route. @default true */
  redirectSlashes?: boolean;
  /** The path prefix a proxy strips (ASGI `root_path`), set on every request. @default "" */
  rootPath?: string;
  /** Put `root_path` first in the served document's `servers`. @default true */
  rootPathInServers?: boolean;
  /**
   * FastAPI's `separate_input_output_schemas`: a model whose JSON written differs from the JSON read (a
   * `serializationAlias`, `.meta({ serializationDefaultsRequired: true })`) is documented as `Item-Input` and
   * `Item-Output`; false documents every schema as read. @default true
   */
  separateInputOutputSchemas?: boolean;
  /** `info.termsOfService`. @default null */
  termsOfService?: string | null;
  /** `info.contact`. @default null */
  contact?: Record<string, unknown> | null;
  /** `info.license`. @default null */
  licenseInfo?: Record<string, unknown> | null;
  /** Run at lifespan startup when no `lifespan` is given (FastAPI's `on_startup`). @default [] */
  onStartup?: readonly EventHandler[] | null;
  /** Run at lifespan shutdown when no `lifespan` is given (FastAPI's `on_shutdown`). @default [] */
  onShutdown?: readonly EventHandler[] | null;
  /** The operationId of every route without its own `operationId` or function (FastAPI's `generate_unique_id_function`). @default generateUniqueId */
  generateUniqueIdFunction?: (route: APIRoute) => string;
  /** Callbacks documented on every route (FastAPI's `callbacks`). @default [] */
  callbacks?: readonly BaseRoute[];
  /** The routes documented as `webhooks` (FastAPI's `webhooks`); `app.webhooks.post(...)` adds more. @default a new APIRouter */
  webhooks?: APIRouter;
  /** Top-level OpenAPI `externalDocs` (FastAPI's `openapi_external_docs`). @default null */
  openapiExternalDocs?: Record<string, unknown> | null;
}

/** The request's `root_path` without a trailing slash: the prefix of the URLs the docs pages point at. */
function rootOf(request: Request): string {
  return String(request.scope.root_path ?? "").replace(/\/+$/, "");
}

/**
 * FastAPI's `FastAPI` class: a Starlette application whose router is an APIRouter, with JSON error
 * answers, the OpenAPI document and the docs pages.
 */
export class App extends Starlette {
  declare readonly router: APIRouter;
  readonly title: string;
  readonly summary: string | null;
  readonly description: string;
  readonly version: string;
  readonly openapiUrl: string | null;
  readonly docsUrl: string | null;
  readonly redocUrl: string | null;
  /** Swagger UI's OAuth2 redirect page (FastAPI's `app.swagger_ui_oauth2_redirect_url`), for a docs page of your own. */
  readonly swaggerUiOauth2RedirectUrl: string | null;
  readonly rootPath: string;
  /** Replace a dependency by another (tests): `app.dependencyOverrides.set(getDb, fakeDb)`. */
  readonly dependencyOverrides: DependencyOverrides = new Map();
  /** FastAPI's `app.webhooks`: routes documented under the document's `webhooks`, never served. */
  readonly webhooks: APIRouter;
  private readonly config: AppOptions;
  /**
   * The document `openapi()` made (FastAPI's `app.openapi_schema`): null until then. A replaced `app.openapi` may
   * keep its own document here, as FastAPI's extending-OpenAPI tutorial does.
   */
  openapiSchema: JSONSchema | null = null;
  private openapiRoutes = -1;

  constructor(options: AppOptions = {}) {
    super(options as StarletteOptions<Starlette>);
    this.config = options;
    this.title = options.title ?? "FastAPI";
    this.summary = options.summary ?? null;
    this.description = options.description ?? "";
    this.version = options.version ?? "0.1.0";
    this.openapiUrl = options.openapiUrl === undefined ? "/openapi.json" : options.openapiUrl;
    this.docsUrl = options.docsUrl === undefined ? "/docs" : options.docsUrl;
    this.redocUrl = options.redocUrl === undefined ? "/redoc" : options.redocUrl;
    this.rootPath = options.rootPath ?? "";
    const redirect = options.swaggerUiOauth2RedirectUrl;
    this.swaggerUiOauth2RedirectUrl = redirect === undefined ? "/docs/oauth2-redirect" : redirect;
    this.webhooks = options.webhooks ?? new APIRouter();
    if (this.openapiUrl && !this.openapiUrl.startsWith("/")) throw new Error("'openapiUrl' must start with '/'");
    if (options.docsAssets !== undefined && !["auto", "installed", "cdn"].includes(options.docsAssets)) {
      throw new Error(`'docsAssets' must be "auto", "installed" or "cdn", got ${JSON.stringify(options.docsAssets)}`);
    }
    if (!this.exceptionHandlers.has(HTTPException)) {
      this.exceptionHandlers.set(HTTPException, httpExceptionHandler as ExceptionHandler<never>);
    }
    if (!this.exceptionHandlers.has(RequestValidationError)) {
      this.exceptionHandlers.set(RequestValidationError, requestValidationExceptionHandler as ExceptionHandler<never>);
    }
    if (!this.exceptionHandlers.has(WebSocketRequestValidationError)) {
      this.exceptionHandlers.set(WebSocketRequestValidationError, websocketRequestValidationExceptionHandler as ExceptionHandler<never>);
    }
    this.setup();
  }

  protected override createRouter(options: AppOptions): Router {
    const routerOptions: ConstructorParameters<typeof APIRouter>[0] = {
      routes: options.routes ?? [],
      redirectSlashes: options.redirectSlashes ?? true,
      lifespan: options.lifespan ?? null,
      dependencies: options.dependencies ?? [],
      onStartup: options.onStartup ?? null,
      onShutdown: options.onShutdown ?? null,
    };
    if (options.responses) routerOptions.responses = options.responses;
    if (options.defaultResponseClass) routerOptions.defaultResponseClass = options.defaultResponseClass;
    if (options.strictContentType !== undefined) routerOptions.strictContentType = options.strictContentType;
    if (options.callbacks) routerOptions.callbacks = options.callbacks;
    if (options.generateUniqueIdFunction) routerOptions.generateUniqueIdFunction = options.generateUniqueIdFunction;
    const router = new APIRouter(routerOptions);
    router.requireAbsolutePaths = true;
    return router;
  }

  /**
   * The OpenAPI document, generated once (again after routes are added). FastAPI's `app.openapi`: assign another
   * function to serve another document (`app.openapi = () => ...`), as FastAPI's extending-OpenAPI tutorial does.
   */
  openapi(): JSONSchema {
    if (this.openapiSchema === null || this.openapiRoutes !== this.routes.length + this.webhooks.routes.length) {
      this.openapiSchema = getOpenAPI({
        title: this.title,
        version: this.version,
        summary: this.summary,
        description: this.description,
        routes: this.routes,
        tags: this.config.openapiTags ?? null,
        servers: this.config.servers ?? null,
        termsOfService: this.config.termsOfService ?? null,
        contact: this.config.contact ?? null,
        licenseInfo: this.config.licenseInfo ?? null,
        webhooks: this.webhooks.routes,
        externalDocs: this.config.openapiExternalDocs ?? null,
        separateInputOutputSchemas: this.config.separateInputOutputSchemas ?? true,
      });
      this.openapiRoutes = this.routes.length + this.webhooks.routes.length;
    }
    return this.openapiSchema;
  }

  /** Adds the document, docs pages and their assets, as FastAPI's `setup`. */
  private setup(): void {
    const openapiUrl = this.openapiUrl;
    if (!openapiUrl) return;
    this.addRoute(openapiUrl, (request) => this.openapiResponse(rootOf(request)), { includeInSchema: false, name: "openapi" });
    // One route per folder of assets, so "/docs/{file}" serves the redirect script and the UI files alike.
    const assets = new Map<string, AssetName[]>();
    const serve = (prefix: string, ...names: AssetName[]): void => {
      assets.set(prefix, [...(assets.get(prefix) ?? []), ...names]);
    };
    if (this.docsUrl) this.setupSwaggerUi(openapiUrl, this.docsUrl, serve);
    if (this.redocUrl) this.setupRedoc(openapiUrl, this.redocUrl, serve);
    for (const [prefix, names] of assets) this.router.routes.push(assetsRoute(prefix, names));
  }

  private setupSwaggerUi(openapiUrl: string, docsUrl: string, serve: (prefix: string, ...names: AssetName[]) => void): void {
    const redirect = this.swaggerUiOauth2RedirectUrl;
    const local = servesInstalled("swagger-ui-dist", this.config.docsAssets ?? "auto");
    const page = (request: Request): HTMLResponse => {
      const root = rootOf(request);
      const assets = local
        ? {
            swaggerJsUrl: `${root}${docsUrl}/swagger-ui-bundle.js`,
            swaggerCssUrl: `${root}${docsUrl}/swagger-ui.css`,
            swaggerFaviconUrl: `${root}${docsUrl}/favicon-32x32.png`,
          }
        : {};
      return getSwaggerUiHtml({
        openapiUrl: root + openapiUrl,
        title: `${this.title} - Swagger UI`,
        ...assets,
        oauth2RedirectUrl: redirect ? root + redirect : null,
        initOAuth: this.config.swaggerUiInitOauth ?? null,
        swaggerUiParameters: this.config.swaggerUiParameters ?? null,
      });
    };
    this.addRoute(docsUrl, page, { includeInSchema: false, name: "swagger_ui_html" });
    if (redirect && !local) {
      this.addRoute(redirect, () => getSwaggerUiOauth2RedirectHtml(), { includeInSchema: false, name: "swagger_ui_redirect" });
    }
    if (!local) return;
    if (redirect) {
      // swagger-ui-dist's redirect page loads "oauth2-redirect.js" relative to itself.
      serve(redirect.slice(0, redirect.lastIndexOf("/")), "oauth2-redirect.js");
      const redirectPage = async (): Promise<HTMLResponse> => new HTMLResponse(await readAsset("oauth2-redirect.html"));
      this.addRoute(redirect, redirectPage, { includeInSchema: false, name: "swagger_ui_redirect" });
    }
    serve(docsUrl, "swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png");
  }

  private setupRedoc(openapiUrl: string, redocUrl: string, serve: (prefix: string, ...names: AssetName[]) => void): void {
    const mode = this.config.docsAssets ?? "auto";
    const local = servesInstalled("redoc", mode);
    // ReDoc ships no icon: the offline page borrows swagger-ui-dist's when that is installed too.
    const localFavicon = local && mode !== "cdn" && servesInstalled("swagger-ui-dist", "auto");
    const page = (request: Request): HTMLResponse => {
      const root = rootOf(request);
      const options: Parameters<typeof getRedocHtml>[0] = { openapiUrl: root + openapiUrl, title: `${this.title} - ReDoc` };
      if (local) Object.assign(options, { redocJsUrl: `${root}${redocUrl}/redoc.standalone.js`, withGoogleFonts: false });
      if (localFavicon) options.redocFaviconUrl = `${root}${redocUrl}/favicon-32x32.png`;
      return getRedocHtml(options);
    };
    this.addRoute(redocUrl, page, { includeInSchema: false, name: "redoc_html" });
    if (local) serve(redocUrl, "redoc.standalone.js");
    if (localFavicon) serve(redocUrl, "favicon-32x32.png");
  }

  private openapiResponse(rootPath: string): JSONResponse {
    let schema = this.openapi();
    if (rootPath && (this.config.rootPathInServers ?? true)) {
      const servers = (schema["servers"] ?? []) as { url?: unknown }[];
      if (!servers.some((server) => server.url === rootPath)) schema = { ...schema, servers: [{ url: rootPath }, ...servers] };
    }
    return new JSONResponse(schema);
  }

  protected override call(scope: Scope, receive: Receive, send: Send): Promise<void> {
    if (this.rootPath) {
      try {
        scope["root_path"] = this.rootPath;
      } catch (error: unknown) {
        return Promise.reject(error);
      }
    }
    return super.call(scope, receive, send);
  }

  /** `app.get(path, spec, handler)` (or `app.get(path, handler)`): FastAPI's `@app.get(path)`. */
  get get(): AddRoute {
    return this.router.get;
  }

  get post(): AddRoute {
    return this.router.post;
  }

  get put(): AddRoute {
    return this.router.put;
  }

  get patch(): AddRoute {
    return this.router.patch;
  }

  get delete(): AddRoute {
    return this.router.delete;
  }

  get options(): AddRoute {
    return this.router.options;
  }

  get head(): AddRoute {
    return this.router.head;
  }

  /** `app.websocket(path, spec, handler)` (or `app.websocket(path, handler)`): FastAPI's `@app.websocket(path)`. */
  get websocket(): AddWebSocketRoute {
    return this.router.websocket;
  }

  /** FastAPI's `add_api_websocket_route`: `app.websocket` without the overloads. */
  addApiWebsocketRoute<const S extends WebSocketRouteSpec>(path: string, spec: S, handler: WebSocketHandler<S>): APIWebSocketRoute<S> {
    return this.router.addApiWebsocketRoute(path, spec, handler);
  }

  /** FastAPI's `websocket_route`: a plain Starlette WebSocketRoute, `func(websocket)`. */
  websocketRoute(path: string, endpoint: WebSocketEndpointLike, name: string | null = null): void {
    this.router.addWebsocketRoute(path, endpoint, name);
  }

  includeRouter(router: APIRouter, options: IncludeRouterOptions = {}): void {
    this.router.includeRouter(router, options);
  }

  /** FastAPI's deprecated `@app.on_event("startup")` / `("shutdown")`: adds `func` and answers it. Prefer `lifespan`. */
  onEvent<F extends EventHandler>(eventType: "startup" | "shutdown", func: F): F {
    return this.router.onEvent(eventType, func);
  }

  /**
   * FastAPI's `@app.middleware("http")`: adds `dispatch(request, callNext)` as a BaseHTTPMiddleware, the outermost
   * of the user middleware so far. Answers `dispatch`, as the decorator does.
   */
  middleware(middlewareType: "http", dispatch: DispatchFunction): DispatchFunction {
    if (middlewareType !== "http") throw new Error(`Unknown middleware type ${JSON.stringify(middlewareType)}: only "http"`);
    this.addMiddleware(BaseHTTPMiddleware, dispatch);
    return dispatch;
  }
}
