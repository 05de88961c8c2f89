/** @module Mirrors starlette/middleware/errors.py: the outermost 500 answer, with a traceback page in debug mode. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { HTMLResponse, PlainTextResponse, Request, type ASGIApp, type HTTPScope, type Response } from "@mono/asgi";
import { ResponseStartTracker, type ExceptionHandler } from "../exception_handler.js";

const STYLES = `
p {
    color: #211c1c;
}
.traceback-container {
    border: 1px solid #038BB8;
}
.traceback-title {
    background-color: #038BB8;
    color: lemonchiffon;
    padding: 12px;
    font-size: 20px;
    margin-top: 0px;
}
.frame-line {
    padding-left: 10px;
    font-family: monospace;
}
.frame-filename {
    font-family: monospace;
}
.center-line {
    background-color: #038BB8;
    color: #f9f6e1;
    padding: 5px 0px 5px 5px;
}
.lineno {
    margin-right: 5px;
}
.frame-title {
    font-weight: unset;
    padding: 10px 10px 10px 10px;
    background-color: #E4F4FD;
    margin-right: 10px;
    color: #191f21;
    font-size: 17px;
    border: 1px solid #c7dce8;
}
.collapse-btn {
    float: right;
    padding: 0px 5px 1px 5px;
    border: solid 1px #96aebb;
    cursor: pointer;
}
.collapsed {
  display: none;
}
.source-code {
  font-family: courier;
  font-size: small;
  padding-bottom: 10px;
}
`;

const JS = `
<script type="text/javascript">
    function collapse(element){
        const frameId = element.getAttribute("data-frame-id");
        const frame = document.getElementById(frameId);

        if (frame.classList.contains("collapsed")){
            element.innerHTML = "&#8210;";
            frame.classList.remove("collapsed");
        } else {
            element.innerHTML = "+";
            frame.classList.add("collapsed");
        }
    }
</script>
`;

const template = (error: string, excHtml: string): string => `
<html>
    <head>
        <style type='text/css'>
            ${STYLES}
        </style>
        <title>Starlette Debugger</title>
    </head>
    <body>
        <h1>500 Server Error</h1>
        <h2>${error}</h2>
        <div class="traceback-container">
            <p class="traceback-title">Traceback</p>
            <div>${excHtml}</div>
        </div>
        ${JS}
    </body>
</html>
`;

/** Python's `html.escape(s, quote=True)`. */
export function escapeHTML(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#x27;");
}

/** One `at name (file:line:col)` line of a V8 stack: the JS counterpart of an `inspect.FrameInfo`. */
interface Frame {
  name: string;
  filename: string;
  lineno: number;
}

const STACK_LINE = /^\s*at (?:(.+?) \()?(.+?):(\d+):\d+\)?$/;

function parseStack(stack: string): Frame[] {
  const frames: Frame[] = [];
  for (const line of stack.split("\n")) {
    const match = STACK_LINE.exec(line);
    if (match === null) continue;
    frames.push({ name: match[1] ?? "<anonymous>", filename: match[2] ?? "", lineno: Number(match[3]) });
  }
  return frames;
}

/** Up to `context` source lines centred on the frame's line, and the index of that line among them. */
function codeContext(frame: Frame, context: number): [string[], number] {
  let source: string;
  try {
    const path = frame.filename.startsWith("file://") ? fileURLToPath(frame.filename) : frame.filename;
    source = readFileSync(path, "utf8");
  } catch {
    return [[], 0];
  }
  const lines = source.split("\n");
  const start = Math.max(0, Math.min(frame.lineno - 1 - Math.floor(context / 2), lines.length - context));
  return [lines.slice(start, start + context).map((line) => `${line}\n`), frame.lineno - 1 - start];
}

export interface ServerErrorMiddlewareOptions {
  /**
   * Called with (request, error) to build the 500 response when `debug` is off; the
   * App/Starlette pass the handler registered for status 500 or for `Error`.
   * @default null (a plain-text "Internal Server Error")
   */
  handler?: ExceptionHandler | null;
  /**
   * Answer with the error's traceback: an HTML page when the request accepts text/html, plain text otherwise.
   * @default false
   */
  debug?: boolean;
}

export class ServerErrorMiddleware {
  readonly app: ASGIApp;
  readonly handler: ExceptionHandler | null;
  readonly debug: boolean;

  constructor(app: ASGIApp, options: ServerErrorMiddlewareOptions = {}) {
    this.app = app;
    this.handler = options.handler ?? null;
    this.debug = options.debug ?? false;
  }

  readonly asgi: ASGIApp = async (scope, receive, send) => {
    if (scope.type !== "http") {
      await this.app(scope, receive, send);
      return;
    }
    const tracker = ResponseStartTracker.of(send);
    try {
      await this.app(scope, receive, tracker.send);
    } catch (exc: unknown) {
      const request = new Request(scope as HTTPScope);
      const error = exc instanceof Error ? exc : new Error(String(exc));
      let response: Response | null | undefined | void;
      if (this.debug) response = this.debugResponse(request, error);
      else if (this.handler === null) response = this.errorResponse(request, error);
      else response = await this.handler(request, error);

      if (!tracker.started && response) await response.asgi(scope, receive, send);
      // Always raise again, so servers can log the error and test clients can re-raise it.
      throw exc;
    }
  };

  formatLine(index: number, line: string, frameLineno: number, frameIndex: number): string {
    const text = escapeHTML(line).replaceAll(" ", "&nbsp");
    const lineno = frameLineno - frameIndex + index;
    if (index !== frameIndex) {
      return `\n<p><span class="frame-line">\n<span class="lineno">${lineno}.</span> ${text}</span></p>\n`;
    }
    return `\n<p class="center-line"><span class="frame-line center-line">\n<span class="lineno">${lineno}.</span> ${text}</span></p>\n`;
  }

  generateFrameHtml(frame: Frame, isCollapsed: boolean): string {
    const [lines, index] = codeContext(frame, 7);
    const code = lines.map((line, i) => this.formatLine(i, line, frame.lineno, index)).join("");
    const filename = escapeHTML(frame.filename);
    const id = `${filename}-${frame.lineno}`;
    return `
<div>
    <p class="frame-title">File <span class="frame-filename">${filename}</span>,
    line <i>${frame.lineno}</i>,
    in <b>${escapeHTML(frame.name)}</b>
    <span class="collapse-btn" data-frame-id="${id}" onclick="collapse(this)">${isCollapsed ? "+" : "&#8210;"}</span>
    </p>
    <div id="${id}" class="source-code ${isCollapsed ? "collapsed" : ""}">${code}</div>
</div>
`;
  }

  generateHtml(exc: Error): string {
    // V8 lists the innermost frame first, which is the order Starlette reverses Python's into.
    const frames = parseStack(exc.stack ?? "");
    const excHtml = frames.map((frame, i) => this.generateFrameHtml(frame, i > 0)).join("");
    const error = `${escapeHTML(exc.name)}: ${escapeHTML(exc.message)}`;
    return template(error, excHtml);
  }

  generatePlainText(exc: Error): string {
    return exc.stack ?? `${exc.name}: ${exc.message}`;
  }

  debugResponse(request: Request, exc: Error): Response {
    const accept = request.headers.get("accept") ?? "";
    if (accept.includes("text/html")) return new HTMLResponse(this.generateHtml(exc), { status: 500 });
    return new PlainTextResponse(this.generatePlainText(exc), { status: 500 });
  }

  errorResponse(_request: Request, _exc: Error): Response {
    return new PlainTextResponse("Internal Server Error", { status: 500 });
  }
}
