/** @module Mirrors uvicorn/supervisors/multiprocess.py with node:cluster: workers accept from one shared socket, dead or hung ones are replaced, signals stop, restart, add and remove them.
 *
 * Workers accept for themselves (`cluster.SCHED_NONE`), as uvicorn's do, rather than node's default round-robin in
 * which the primary accepts each connection and passes its handle to a worker over IPC: a handle in flight to a
 * worker that dies is then lost, its client neither answered nor closed. With a shared listening socket a connection
 * waits in the kernel's backlog until a live worker accepts it, and the connections a dead worker held are closed by
 * the kernel with it.
 */
import cluster, { type Worker } from "node:cluster";
import { STARTUP_FAILURE } from "./config.js";
import type { Logger } from "./logging.js";

const PING = "mono:healthcheck:ping";
const PONG = "mono:healthcheck:pong";

/** uvicorn's loop period: signals are handled and workers pinged every half second. */
const CHECK_INTERVAL = 500;

/**
 * In a worker: answer the primary's health-check pings. Unlike uvicorn's pong thread, the answer comes from the
 * event loop, so a worker whose loop is stuck (not only a stopped process) is found hung and replaced.
 */
export function answerHealthChecks(): void {
  process.on("message", (message: unknown) => {
    if (message === PING) process.send?.(PONG);
  });
  // A message that arrives before a listener exists is dropped: the primary pings a worker only once it says so.
  process.send?.(PONG);
}

/** The primary process of `--workers N`; each worker re-runs the same command line and serves on its own. */
export class Multiprocess {
  private readonly workers = new Set<Worker>();
  /** Workers replaced by a SIGHUP restart or removed by SIGTTOU: their exit is expected. */
  private readonly retiring = new Set<Worker>();
  /** When each worker's unanswered ping was sent, or null once answered; absent until the worker answers pings. */
  private readonly pingSentAt = new Map<Worker, number | null>();
  private shouldExit = false;
  private exitCode = 0;
  private resolveRun!: (code: number) => void;

  /**
   * @param processesNum workers to keep running (SIGTTIN/SIGTTOU change it)
   * @param timeoutWorkerHealthcheck seconds a worker may take to answer a ping before it is killed and replaced
   */
  constructor(
    private processesNum: number,
    private readonly logger: Logger,
    private readonly env: Record<string, string> = {},
    private readonly timeoutWorkerHealthcheck = 5,
  ) {}

  run(): Promise<number> {
    const done = new Promise<number>((resolve) => (this.resolveRun = resolve));
    this.logger.info(`Started parent process [${process.pid}]`);
    // Before the first fork: the listening handle is then shared and every worker accepts from it.
    cluster.schedulingPolicy = cluster.SCHED_NONE;
    const handlers: Array<[NodeJS.Signals, () => void]> = [
      ["SIGINT", () => this.handleExit("SIGINT")],
      ["SIGTERM", () => this.handleExit("SIGTERM")],
      ["SIGHUP", () => this.handleHup()],
      ["SIGTTIN", () => this.handleTtin()],
      ["SIGTTOU", () => this.handleTtou()],
    ];
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const onExit = (worker: Worker, code: number | null, signal: string | null) => this.onExit(worker, code, signal);
    const onMessage = (worker: Worker, message: unknown) => {
      if (message === PONG && this.workers.has(worker)) this.pingSentAt.set(worker, null);
    };
    cluster.on("exit", onExit);
    cluster.on("message", onMessage);
    const checker = setInterval(() => this.checkHealth(), CHECK_INTERVAL);
    for (let i = 0; i < this.processesNum; i++) this.spawn();
    return done.finally(() => {
      clearInterval(checker);
      for (const [signal, handler] of handlers) process.off(signal, handler);
      cluster.off("exit", onExit);
      cluster.off("message", onMessage);
      this.logger.info(`Stopping parent process [${process.pid}]`);
    });
  }

  private spawn(): Worker {
    const worker = cluster.fork(this.env);
    this.workers.add(worker);
    return worker;
  }

  private handleExit(signal: NodeJS.Signals): void {
    this.logger.info(`Received ${signal}, exiting.`);
    this.terminateAll();
  }

  private handleHup(): void {
    this.logger.info("Received SIGHUP, restarting processes.");
    this.restartAll();
  }

  private handleTtin(): void {
    this.logger.info("Received SIGTTIN, increasing the number of processes.");
    if (this.shouldExit) return;
    this.processesNum += 1;
    this.spawn();
  }

  private handleTtou(): void {
    this.logger.info("Received SIGTTOU, decreasing number of processes.");
    if (this.processesNum <= 1) {
      this.logger.info("Already reached one process, cannot decrease the number of processes anymore.");
      return;
    }
    this.processesNum -= 1;
    const newest = [...this.workers].at(-1);
    if (newest === undefined || this.shouldExit) return;
    this.workers.delete(newest);
    this.retiring.add(newest);
    this.terminate(newest);
  }

  /**
   * uvicorn's keep_subprocess_alive, pinging: a worker that has not answered its last ping within
   * `timeoutWorkerHealthcheck` is hung (stopped, or its event loop stuck) and is killed; its exit replaces it.
   */
  private checkHealth(): void {
    if (this.shouldExit) return;
    const now = performance.now();
    for (const [worker, sentAt] of this.pingSentAt) {
      if (sentAt === null) {
        if (!worker.isConnected()) continue;
        this.pingSentAt.set(worker, now);
        worker.send(PING, undefined, ignore);
      } else if (now - sentAt > this.timeoutWorkerHealthcheck * 1000) {
        this.pingSentAt.delete(worker);
        this.logger.warning(`Child process [${worker.process.pid}] did not answer the health check in time, killing it.`);
        worker.process.kill("SIGKILL");
      }
    }
  }

  private terminate(worker: Worker): void {
    if (worker.process.exitCode === null && worker.process.signalCode === null) {
      worker.process.kill("SIGTERM");
      this.logger.info(`Terminated child process [${worker.process.pid}]`);
    }
  }

  /** uvicorn's keep_subprocess_alive, driven by exit events instead of pings. */
  private onExit(worker: Worker, code: number | null, signal: string | null): void {
    this.workers.delete(worker);
    this.pingSentAt.delete(worker);
    const expected = this.retiring.delete(worker);
    const pid = worker.process.pid;
    if (this.shouldExit) {
      if (this.workers.size === 0) this.resolveRun(this.exitCode);
      return;
    }
    if (expected) return;
    if (code === STARTUP_FAILURE) {
      // It failed before serving: the app or the bind is broken and would fail the same way on every restart.
      this.logger.error(`Child process [${pid}] failed to start, stopping the parent process.`);
      this.exitCode = STARTUP_FAILURE;
      this.terminateAll();
      return;
    }
    this.logger.info(`Child process [${pid}] died${signal ? ` (${signal})` : ""}`);
    this.spawn();
  }

  private terminateAll(): void {
    this.shouldExit = true;
    if (this.workers.size === 0) {
      this.resolveRun(this.exitCode);
      return;
    }
    for (const worker of this.workers) this.terminate(worker);
  }

  /** SIGHUP: start a replacement for each worker, then retire the old one once the new one listens. */
  private restartAll(): void {
    for (const old of [...this.workers]) {
      if (this.shouldExit) return;
      const replacement = this.spawn();
      replacement.once("listening", () => {
        if (!this.workers.delete(old)) return;
        this.retiring.add(old);
        old.process.kill("SIGTERM");
      });
    }
  }
}

function ignore(): void {}
