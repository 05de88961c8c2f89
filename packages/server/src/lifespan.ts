/** @module Mirrors uvicorn/lifespan/on.py and off.py: the ASGI lifespan protocol with uvicorn's auto/on/off semantics. */
import type { ASGIApp, LifespanReceiveMessage, LifespanSendMessage, ScopeState, SendMessage } from "@mono/asgi";
import { AsyncEvent } from "./asyncEvent.js";
import type { Logger } from "./logging.js";

const STATE_TRANSITION_ERROR = "Got invalid state transition on lifespan protocol.";

export interface Lifespan {
  /** Set when startup or shutdown failed in a way that must stop the server (exit code 3 at startup). */
  readonly shouldExit: boolean;
  /** The `state` dict shared with the app, copied into each request scope. */
  readonly state: ScopeState;
  startup(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Not in uvicorn. An app without lifespan support refuses the scope with an error of its own; a TypeError is more
 * likely an app that could not be built (a middleware refusing its options, which Starlette builds on the first
 * call), and that app will fail every request the same way: say so instead of only "appears unsupported".
 */
function brokenAppWarning(exc: TypeError): string {
  const firstLine = exc.message.split("\n")[0] ?? "";
  return `The app raised ${exc.name} on the lifespan scope: ${firstLine} (if it failed while building itself, every request will fail the same way).`;
}

/** `--lifespan off`. */
export class LifespanOff implements Lifespan {
  readonly shouldExit = false;
  readonly state: ScopeState = {};
  async startup(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/** `--lifespan on` and `--lifespan auto`. */
export class LifespanOn implements Lifespan {
  shouldExit = false;
  readonly state: ScopeState = {};
  private readonly startupEvent = new AsyncEvent();
  private readonly shutdownEvent = new AsyncEvent();
  private readonly queue: LifespanReceiveMessage[] = [];
  private readonly queued = new AsyncEvent();
  /** The app raised (or returned) out of the lifespan protocol. */
  errorOccurred = false;
  startupFailed = false;
  shutdownFailed = false;

  constructor(
    private readonly app: ASGIApp,
    private readonly mode: "auto" | "on",
    private readonly logger: Logger,
  ) {}

  async startup(): Promise<void> {
    this.logger.info("Waiting for application startup.");
    // main() never rejects: it turns every app failure into the flags read below.
    void this.main();
    this.put({ type: "lifespan.startup" });
    await this.startupEvent.wait();
    // asyncio lets the app run on to its next await (a re-raise, say) before startup() resumes; so do we.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.startupFailed || (this.errorOccurred && this.mode === "on")) {
      this.logger.error("Application startup failed. Exiting.");
      this.shouldExit = true;
    } else {
      this.logger.info("Application startup complete.");
    }
  }

  async shutdown(): Promise<void> {
    if (this.errorOccurred) return;
    this.logger.info("Waiting for application shutdown.");
    this.put({ type: "lifespan.shutdown" });
    await this.shutdownEvent.wait();
    await new Promise((resolve) => setImmediate(resolve));
    if (this.shutdownFailed || (this.errorOccurred && this.mode === "on")) {
      this.logger.error("Application shutdown failed. Exiting.");
      this.shouldExit = true;
    } else {
      this.logger.info("Application shutdown complete.");
    }
  }

  private async main(): Promise<void> {
    try {
      await this.app(
        { type: "lifespan", asgi: { version: "3.0", spec_version: "2.0" }, state: this.state },
        this.receive,
        this.send,
      );
    } catch (exc) {
      this.errorOccurred = true;
      if (this.startupFailed || this.shutdownFailed) return;
      if (this.mode === "auto") {
        this.logger.info("ASGI 'lifespan' protocol appears unsupported.");
        if (exc instanceof TypeError) this.logger.warning(brokenAppWarning(exc));
      } else {
        this.logger.error("Exception in 'lifespan' protocol\n", exc);
      }
    } finally {
      this.startupEvent.set();
      this.shutdownEvent.set();
    }
  }

  private put(message: LifespanReceiveMessage): void {
    this.queue.push(message);
    this.queued.set();
  }

  private readonly receive = async (): Promise<LifespanReceiveMessage> => {
    for (;;) {
      const message = this.queue.shift();
      if (message !== undefined) return message;
      this.queued.clear();
      await this.queued.wait();
    }
  };

  private readonly send = async (message: SendMessage): Promise<void> => {
    const m = message as LifespanSendMessage;
    const assert = (ok: boolean, text: string) => {
      if (!ok) throw new Error(text);
    };
    switch (m.type) {
      case "lifespan.startup.complete":
        assert(!this.startupEvent.isSet && !this.shutdownEvent.isSet, STATE_TRANSITION_ERROR);
        this.startupEvent.set();
        return;
      case "lifespan.startup.failed":
        assert(!this.startupEvent.isSet && !this.shutdownEvent.isSet, STATE_TRANSITION_ERROR);
        this.startupEvent.set();
        this.startupFailed = true;
        if (m.message) this.logger.error(m.message);
        return;
      case "lifespan.shutdown.complete":
        assert(this.startupEvent.isSet && !this.shutdownEvent.isSet, STATE_TRANSITION_ERROR);
        this.shutdownEvent.set();
        return;
      case "lifespan.shutdown.failed":
        assert(this.startupEvent.isSet && !this.shutdownEvent.isSet, STATE_TRANSITION_ERROR);
        this.shutdownEvent.set();
        this.shutdownFailed = true;
        if (m.message) this.logger.error(m.message);
        return;
      default:
        throw new Error(`Unexpected lifespan message type '${String((message as { type?: unknown }).type)}'.`);
    }
  };
}
