/** @module The public face of @mono/framework: Starlette's routing and application layer, and a FastAPI-like App on top.
 * Every name is listed: the modules also export helpers for each other (schema walkers, asset readers, HTML
 * escaping, ...) that are not part of the API. tests/test_public_api.ts holds the list of runtime names.
 */

// What FastAPI re-exports from Starlette (fastapi.responses, fastapi.testclient, fastapi.middleware), so an app
// needs one import.
export {
  FileResponse,
  HTMLResponse,
  JSONResponse,
  Middleware,
  PlainTextResponse,
  RedirectResponse,
  Response,
  status,
  StreamingResponse,
  TestClient,
  type TestResponse,
} from "@mono/asgi";

// Starlette's layer.
export { registerUrlConvertor, type Convertor } from "./starlette/convertors.js";
export { HTTPException, WebSocketException } from "./starlette/exceptions.js";
export type { ErrorClass, ExceptionHandler } from "./starlette/exception_handler.js";
export {
  BaseRoute,
  compilePath,
  Host,
  Mount,
  NoMatchFound,
  Route,
  Router,
  WebSocketRoute,
  websocketSession,
  type ASGIObject,
  type Endpoint,
  type EndpointClass,
  type Lifespan,
  type MountOptions,
  type RouteOptions,
  type RouterOptions,
  type WebSocketEndpointFunction,
  type WebSocketEndpointLike,
  type WebSocketRouteOptions,
} from "./starlette/routing.js";
export { WebSocketEndpoint, type WebSocketEncoding } from "./starlette/endpoints.js";
export { ServerErrorMiddleware, type ServerErrorMiddlewareOptions } from "./starlette/middleware/errors.js";
export {
  BaseHTTPMiddleware,
  _StreamingResponse,
  type DispatchFunction,
  type RequestResponseEndpoint,
} from "./starlette/middleware/base.js";
export {
  DEFAULT_EXCLUDED_CONTENT_TYPES,
  GZipMiddleware,
  GZipResponder,
  IdentityResponder,
  type GZipMiddlewareOptions,
} from "./starlette/middleware/gzip.js";
export { TrustedHostMiddleware, type TrustedHostMiddlewareOptions } from "./starlette/middleware/trustedhost.js";
export { HTTPSRedirectMiddleware } from "./starlette/middleware/httpsredirect.js";
export { NotModifiedResponse, StaticFiles, type StaticFilesOptions } from "./starlette/staticfiles.js";
export {
  ExceptionMiddleware,
  type ExceptionHandlerKey,
  type ExceptionMiddlewareOptions,
} from "./starlette/middleware/exceptions.js";
export { MiddlewareOrderWarning, middlewareOrderWarning, Starlette, type StarletteOptions } from "./starlette/applications.js";

// FastAPI's layer.
export { validationErrors, type ValidationErrorDetail } from "./fastapi/validation.js";
export { modelJsonSchema } from "./fastapi/json_schema.js";
export { docstring } from "./fastapi/docstring.js";
export type { FieldInfo } from "./fastapi/fields.js";
export { PyFloat } from "./fastapi/validation.js";
export {
  DependencyScopeError,
  FastAPIError,
  RequestValidationError,
  ResponseValidationError,
  WebSocketRequestValidationError,
} from "./fastapi/exceptions.js";
export { jsonableEncoder, type JSONableEncoderOptions } from "./fastapi/encoders.js";
export { ORJSONResponse, UJSONResponse } from "./fastapi/responses.js";
export {
  Depends,
  Security,
  SecurityScopes,
  type Dependency,
  type DependencyClass,
  type SecurityOptions,
  type DependencyOverrides,
  type DependencyScope,
  type DependencyValue,
  type DependencyValues,
  type DependsOptions,
  type ParamsArgs,
  type ParamsSchema,
  type ParamsSpec,
} from "./fastapi/dependencies.js";
export {
  APIRoute,
  APIRouter,
  APIWebSocketRoute,
  generateUniqueId,
  type APIRouteClass,
  type APIRouterOptions,
  type EventHandler,
  type FieldsOutput,
  type Handler,
  type HandlerArgs,
  type HandlerResult,
  type IncludeRouterOptions,
  type ResponseClass,
  type ResponseSpec,
  type Responses,
  type RouteSpec,
  type StreamKind,
  type StreamOf,
  type AddWebSocketRoute,
  type WebSocketHandler,
  type WebSocketHandlerArgs,
  type WebSocketRouteSpec,
} from "./fastapi/routing.js";
export {
  APIKeyCookie,
  APIKeyHeader,
  APIKeyQuery,
  getAuthorizationSchemeParam,
  HTTPBase,
  HTTPBasic,
  HTTPBearer,
  HTTPDigest,
  OAuth2,
  OAuth2AuthorizationCodeBearer,
  OAuth2PasswordBearer,
  OAuth2PasswordRequestForm,
  OAuth2PasswordRequestFormStrict,
  OpenIdConnect,
  SecurityBase,
  type APIKeyOptions,
  type HTTPAuthorizationCredentials,
  type HTTPBasicCredentials,
  type OAuth2PasswordBearerOptions,
  type OAuth2PasswordRequest,
  type SecuritySchemeOptions,
} from "./fastapi/security.js";
export { py, PyDate, PyDatetime, PyDecimal, PyTime, PyTimedelta, type BytesOptions } from "./fastapi/types.js";
export { excludeUnset, File, Upload, type BodyFields, type FormFields } from "./fastapi/body.js";
export {
  httpExceptionHandler,
  requestValidationExceptionHandler,
  websocketRequestValidationExceptionHandler,
} from "./fastapi/exception_handlers.js";
export { getOpenAPI, type JSONSchema, type OpenAPIOptions } from "./fastapi/openapi.js";
export {
  FASTAPI_FAVICON_URL,
  REDOC_JS_CDN_URL,
  SWAGGER_CSS_CDN_URL,
  SWAGGER_JS_CDN_URL,
  getRedocHtml,
  getSwaggerUiHtml,
  getSwaggerUiOauth2RedirectHtml,
  isDocsUIInstalled,
  type DocsAssets,
  type DocsUIPackage,
  type RedocHtmlOptions,
  type SwaggerUiHtmlOptions,
} from "./fastapi/docs.js";
export {
  EventSourceResponse,
  formatSseEvent,
  KEEPALIVE_COMMENT,
  ServerSentEvent,
  type ServerSentEventOptions,
  type SseFields,
} from "./fastapi/sse.js";
export { App, type AppOptions } from "./fastapi/applications.js";

// pydantic-settings' idiom.
export { settings, SettingsError, type SettingsOptions } from "./settings.js";
