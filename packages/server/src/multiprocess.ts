/** @module Mirrors uvicorn/supervisors/multiprocess.py with node:cluster: N workers share the port, dead ones are replaced, SIGINT/SIGTERM stop all. */
import cluster, { type Worker } from "node:cluster";
import { STARTUP_FAILURE } from "./config.js";
import type { Logger } from "./logging.js";

/** The primary process of `--workers N`; each worker re-runs the same command line and serves on its own. */
export class Multiprocess {
  private readonly workers = new Set<Worker>();
  /** Workers replaced by a SIGHUP restart: their exit is expected. */
  private readonly retiring = new Set<Worker>();
  private shouldExit = false;
  private exitCode = 0;
  private resolveRun!: (code: number) => void;

  constructor(
    private readonly processesNum: number,
    private readonly logger: Logger,
    private readonly env: Record<string, string> = {},
  ) {}

  run(): Promise<number> {
    const done = new Promise<number>((resolve) => (this.resolveRun = resolve));
    this.logger.info(`Started parent process [${process.pid}]`);
    const onSignal = (signal: NodeJS.Signals) => {
      this.logger.info(`Received ${signal}, exiting.`);
      this.terminateAll();
    };
    const onHup = () => {
      this.logger.info("Received SIGHUP, restarting processes.");
      this.restartAll();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    process.on("SIGHUP", onHup);
    cluster.on("exit", (worker, code, signal) => this.onExit(worker, code, signal));
    for (let i = 0; i < this.processesNum; i++) this.spawn();
    return done.finally(() => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      process.off("SIGHUP", onHup);
      this.logger.info(`Stopping parent process [${process.pid}]`);
    });
  }

  private spawn(): Worker {
    const worker = cluster.fork(this.env);
    this.workers.add(worker);
    return worker;
  }

  /** uvicorn's keep_subprocess_alive, driven by exit events instead of pings. */
  private onExit(worker: Worker, code: number | null, signal: string | null): void {
    this.workers.delete(worker);
    if (this.retiring.delete(worker)) return;
    const pid = worker.process.pid;
    if (this.shouldExit) {
      if (this.workers.size === 0) this.resolveRun(this.exitCode);
      return;
    }
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
    for (const worker of this.workers) {
      if (worker.process.exitCode === null && worker.process.signalCode === null) {
        worker.process.kill("SIGTERM");
        this.logger.info(`Terminated child process [${worker.process.pid}]`);
      }
    }
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
