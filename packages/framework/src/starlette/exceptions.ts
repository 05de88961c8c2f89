/** @module Mirrors starlette/exceptions.py: HTTPException and WebSocketException. */

/** Python 3.11's `http.client.responses`: the default `detail` Starlette gives an HTTPException. */
export const HTTP_STATUS_PHRASES: ReadonlyMap<number, string> = new Map([
  [100, "Continue"],
  [101, "Switching Protocols"],
  [102, "Processing"],
  [103, "Early Hints"],
  [200, "OK"],
  [201, "Created"],
  [202, "Accepted"],
  [203, "Non-Authoritative Information"],
  [204, "No Content"],
  [205, "Reset Content"],
  [206, "Partial Content"],
  [207, "Multi-Status"],
  [208, "Already Reported"],
  [226, "IM Used"],
  [300, "Multiple Choices"],
  [301, "Moved Permanently"],
  [302, "Found"],
  [303, "See Other"],
  [304, "Not Modified"],
  [305, "Use Proxy"],
  [307, "Temporary Redirect"],
  [308, "Permanent Redirect"],
  [400, "Bad Request"],
  [401, "Unauthorized"],
  [402, "Payment Required"],
  [403, "Forbidden"],
  [404, "Not Found"],
  [405, "Method Not Allowed"],
  [406, "Not Acceptable"],
  [407, "Proxy Authentication Required"],
  [408, "Request Timeout"],
  [409, "Conflict"],
  [410, "Gone"],
  [411, "Length Required"],
  [412, "Precondition Failed"],
  [413, "Request Entity Too Large"],
  [414, "Request-URI Too Long"],
  [415, "Unsupported Media Type"],
  [416, "Requested Range Not Satisfiable"],
  [417, "Expectation Failed"],
  [418, "I'm a Teapot"],
  [421, "Misdirected Request"],
  [422, "Unprocessable Entity"],
  [423, "Locked"],
  [424, "Failed Dependency"],
  [425, "Too Early"],
  [426, "Upgrade Required"],
  [428, "Precondition Required"],
  [429, "Too Many Requests"],
  [431, "Request Header Fields Too Large"],
  [451, "Unavailable For Legal Reasons"],
  [500, "Internal Server Error"],
  [501, "Not Implemented"],
  [502, "Bad Gateway"],
  [503, "Service Unavailable"],
  [504, "Gateway Timeout"],
  [505, "HTTP Version Not Supported"],
  [506, "Variant Also Negotiates"],
  [507, "Insufficient Storage"],
  [508, "Loop Detected"],
  [510, "Not Extended"],
  [511, "Network Authentication Required"],
]);

/** Raise it anywhere below the ExceptionMiddleware to answer with `statusCode`. */
export class HTTPException extends Error {
  readonly statusCode: number;
  /** A string for Starlette's plain-text handler; any JSON value for the App's `{"detail": ...}` handler. */
  readonly detail: unknown;
  readonly headers: Record<string, string> | null;

  constructor(statusCode: number, detail?: unknown, headers?: Record<string, string> | null, options?: ErrorOptions) {
    const text = detail ?? HTTP_STATUS_PHRASES.get(statusCode) ?? "";
    super(`${statusCode}: ${typeof text === "string" ? text : JSON.stringify(text)}`, options);
    this.name = "HTTPException";
    this.statusCode = statusCode;
    this.detail = text;
    this.headers = headers ?? null;
  }
}

export class WebSocketException extends Error {
  readonly code: number;
  readonly reason: string;

  constructor(code: number, reason?: string | null) {
    super(`${code}: ${reason ?? ""}`);
    this.name = "WebSocketException";
    this.code = code;
    this.reason = reason ?? "";
  }
}
