/** @module Mirrors starlette/middleware/base.py (Starlette 1.7.0): BaseHTTPMiddleware with call_next, _CachedRequest, _StreamingResponse. */
import {
  ClientDisconnect,
  Request,
  Response,
  type ASGIApp,
  type Receive,
  type ReceiveMessage,
  type Scope,
  type Send,
  type SendMessage,
} from "@mono/asgi";

/** `call_next(request)`: runs the rest of the app and answers its response, its body still streaming. */
export type RequestResponseEndpoint = (request: Request) => Promise<Response>;
/** `dispatch(request, call_next)`: what a function middleware (`app.middleware("http", ...)`) is. */
export type DispatchFunction = (request: Request, callNext: RequestResponseEndpoint) => Promise<Response>;

/**
 * The request the dispatch function sees. What it read of the body is handed to the app below: the whole body
 * when it called `body()`, an empty last chunk when it streamed it all, else the chunks as they come.
 */
class CachedRequest extends Request {
  #wrappedDisconnected = false;
  #wrappedConsumed = false;

  readonly wrappedReceive: Receive = async () => {
    if (this.#wrappedDisconnected) return { type: "http.disconnect" };
    if (this.#wrappedConsumed) {
      // The app below read everything: all that can come now is the client leaving.
      if (this.disconnectSeen) {
        this.#wrappedDisconnected = true;
        return { type: "http.disconnect" };
      }
      const message = await this.receive();
      if (message.type !== "http.disconnect") throw new Error(`Unexpected message received: ${message.type}`);
      this.#wrappedDisconnected = true;
      return message;
    }
    const body = this.cachedBody;
    if (body !== undefined) {
      this.#wrappedConsumed = true;
      return { type: "http.request", body, more_body: false };
    }
    if (this.streamConsumed) {
      this.#wrappedConsumed = true;
      return { type: "http.request", body: new Uint8Array(0), more_body: false };
    }
    try {
      const next = await this.stream().next();
      this.#wrappedConsumed = this.streamConsumed;
      return { type: "http.request", body: next.value ?? new Uint8Array(0), more_body: !this.streamConsumed };
    } catch (error) {
      if (!(error instanceof ClientDisconnect)) throw error;
      this.#wrappedDisconnected = true;
      return { type: "http.disconnect" };
    }
  };
}

/** The end of the stream from the app to the dispatch function (anyio's `EndOfStream`). */
const END = Symbol("end");

/**
 * anyio's zero-buffer memory object stream: `send` waits until the message is taken. Once the receiving side is
 * closed, `send` throws BrokenResource; once the sending side is closed, `receive` answers END.
 */
class MessageChannel {
  #queue: { message: SendMessage; taken: () => void }[] = [];
  #waiter: ((value: SendMessage | typeof END) => void) | null = null;
  #sendClosed = false;
  #receiveClosed = false;

  send(message: SendMessage): Promise<void> {
    if (this.#receiveClosed) return Promise.reject(new BrokenResource());
    return new Promise((resolve) => {
      const waiter = this.#waiter;
      if (waiter !== null) {
        this.#waiter = null;
        waiter(message);
        resolve();
      } else {
        this.#queue.push({ message, taken: resolve });
      }
    });
  }

  receive(): Promise<SendMessage | typeof END> {
    const next = this.#queue.shift();
    if (next !== undefined) {
      next.taken();
      return Promise.resolve(next.message);
    }
    if (this.#sendClosed || this.#receiveClosed) return Promise.resolve(END);
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  closeSend(): void {
    this.#sendClosed = true;
    const waiter = this.#waiter;
    this.#waiter = null;
    waiter?.(END);
  }

  /** Senders still waiting are let go as if their message had been dropped. */
  closeReceive(): void {
    this.#receiveClosed = true;
    for (const pending of this.#queue.splice(0)) pending.taken();
    this.closeSend();
  }
}

class BrokenResource extends Error {}

/** A promise that can be resolved from outside (anyio's `Event`). */
class Event {
  isSet = false;
  readonly #done: Promise<void>;
  #resolve!: () => void;

  constructor() {
    this.#done = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  set(): void {
    this.isSet = true;
    this.#resolve();
  }

  wait(): Promise<void> {
    return this.#done;
  }
}

/**
 * A middleware written as one function, `dispatch(request, callNext)` (Starlette's `BaseHTTPMiddleware`): `callNext`
 * runs the app below and answers a response whose body streams from it; what `dispatch` answers is sent. Give
 * `dispatch` or subclass and override `dispatch()`. Other scope types pass through.
 */
export class BaseHTTPMiddleware {
  readonly app: ASGIApp;
  readonly dispatchFunc: DispatchFunction;

  constructor(app: ASGIApp, dispatch?: DispatchFunction | null) {
    this.app = app;
    this.dispatchFunc = dispatch ?? ((request, callNext) => this.dispatch(request, callNext));
  }

  dispatch(_request: Request, _callNext: RequestResponseEndpoint): Promise<Response> {
    throw new Error("NotImplementedError: give BaseHTTPMiddleware a dispatch function or override dispatch()");
  }

  readonly asgi: ASGIApp = async (scope, receive, send) => {
    if (scope.type !== "http") {
      await this.app(scope, receive, send);
      return;
    }
    const request = new CachedRequest(scope, receive);
    const responseSent = new Event();
    const channel = new MessageChannel();
    const state: { appExc: unknown; raised: boolean; task: Promise<void> | null } = {
      appExc: undefined,
      raised: false,
      task: null,
    };
    const callNext = (): Promise<Response> => this.callNext(scope, request, channel, responseSent, state);
    try {
      const response = await this.dispatchFunc(request, callNext);
      await response.asgi(scope, request.wrappedReceive, send);
    } finally {
      responseSent.set();
      channel.closeReceive();
    }
    if (state.task !== null) await state.task;
    if (state.appExc !== undefined && !state.raised) throw state.appExc;
  };

  private async callNext(
    scope: Scope,
    request: CachedRequest,
    channel: MessageChannel,
    responseSent: Event,
    state: { appExc: unknown; raised: boolean; task: Promise<void> | null },
  ): Promise<Response> {
    const receiveOrDisconnect: Receive = async () => {
      if (responseSent.isSet) return { type: "http.disconnect" };
      const message = await Promise.race([request.wrappedReceive(), responseSent.wait().then(() => null)]);
      if (message === null || responseSent.isSet) return { type: "http.disconnect" };
      return message as ReceiveMessage;
    };
    const sendNoError: Send = async (message) => {
      try {
        await channel.send(message);
      } catch (error) {
        if (error instanceof BrokenResource) return;
        throw error;
      }
      if (
        (message.type as string) === "http.response.pathsend" ||
        (message.type === "http.response.body" && !(message.more_body ?? false))
      ) {
        await responseSent.wait();
      }
    };
    state.task = (async () => {
      try {
        await this.app(scope, receiveOrDisconnect, sendNoError);
      } catch (error) {
        state.appExc = error;
      } finally {
        channel.closeSend();
      }
    })();

    let message = await channel.receive();
    let info: unknown = null;
    if (message !== END && (message.type as string) === "http.response.debug") {
      info = (message as unknown as { info?: unknown }).info ?? null;
      if (info !== null) message = await channel.receive();
    }
    if (message === END) {
      if (state.appExc !== undefined) {
        state.raised = true;
        throw state.appExc;
      }
      throw new Error("No response returned.");
    }
    if (message.type !== "http.response.start") throw new Error(`Unexpected message: ${message.type}`);
    const response = new _StreamingResponse(bodyStream(channel), { status: message.status, info });
    response.rawHeaders = [...(message.headers ?? [])] as [string, string][];
    return response;
  }
}

/** The body messages of the app below, as chunks; a non-body message (`pathsend`) is passed on as it is. */
async function* bodyStream(channel: MessageChannel): AsyncGenerator<Uint8Array | SendMessage> {
  for (;;) {
    const message = await channel.receive();
    if (message === END) return;
    if ((message.type as string) === "http.response.pathsend") {
      yield message;
      return;
    }
    if (message.type !== "http.response.body") throw new Error(`Unexpected message: ${message.type}`);
    const body = message.body ?? new Uint8Array(0);
    if (body.length > 0) yield body;
    if (!(message.more_body ?? false)) return;
  }
}

/**
 * What `callNext` answers: the status and headers of the app below, its body sent on as it comes (chunks with
 * `more_body: true`, then an empty last one), and its `http.response.debug` info first when it sent one.
 */
export class _StreamingResponse extends Response {
  readonly info: unknown;
  bodyIterator: AsyncIterable<Uint8Array | SendMessage>;

  constructor(content: AsyncIterable<Uint8Array | SendMessage>, init: { status?: number; info?: unknown } = {}) {
    super(null, { status: init.status ?? 200 });
    this.info = init.info ?? null;
    this.bodyIterator = content;
    this.rawHeaders = [];
  }

  protected override async respond(_scope: Scope, _receive: Receive, send: Send): Promise<void> {
    if (this.info !== null) await send({ type: "http.response.debug", info: this.info } as unknown as SendMessage);
    await send({ type: "http.response.start", status: this.statusCode, headers: this.rawHeaders });
    let shouldCloseBody = true;
    for await (const chunk of this.bodyIterator) {
      if (!(chunk instanceof Uint8Array)) {
        shouldCloseBody = false;
        await send(chunk);
        continue;
      }
      await send({ type: "http.response.body", body: chunk, more_body: true });
    }
    if (shouldCloseBody) await send({ type: "http.response.body", body: new Uint8Array(0), more_body: false });
    if (this.background !== null) await this.background.run();
  }
}
