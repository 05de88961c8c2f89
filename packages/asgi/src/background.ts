/** @module Mirrors starlette/background.py: work that runs after a response has been sent. */

/**
 * One function and its arguments, run once the response is out (`Response.background`).
 * Sync and async functions are both awaited; Starlette's thread pool for sync functions has no
 * counterpart here, so a sync function runs on the event loop.
 */
export class BackgroundTask<Args extends unknown[] = never> {
  /** The function as given. `Args` checks the arguments at construction only, so any task fits any `BackgroundTask` slot. */
  readonly func: (...args: never[]) => unknown;
  readonly args: readonly unknown[];

  constructor(func: (...args: Args) => unknown, ...args: Args) {
    this.func = func;
    this.args = args;
  }

  async run(): Promise<void> {
    // Called as a plain function (no `this`), as Starlette calls `self.func(*self.args, **self.kwargs)` on a function.
    const func = this.func as (...args: unknown[]) => unknown;
    await func(...this.args);
  }
}

const NOTHING = (): undefined => undefined;
const DONE: Promise<void> = Promise.resolve();

/**
 * Several tasks run one after another, in the order added. It is a `BackgroundTask` (as in
 * Starlette) so it fits every `background` slot; a failing task stops the ones after it.
 */
export class BackgroundTasks extends BackgroundTask<[]> {
  readonly tasks: BackgroundTask[];

  constructor(tasks?: Iterable<BackgroundTask> | null) {
    // The inherited function is never called: run() below walks the list instead.
    super(NOTHING);
    this.tasks = tasks ? [...tasks] : [];
  }

  addTask<Args extends unknown[]>(func: (...args: Args) => unknown, ...args: Args): void {
    this.tasks.push(new BackgroundTask(func, ...args));
  }

  override run(): Promise<void> {
    // Most responses have no task: then no async function and its promise per response.
    return this.tasks.length === 0 ? DONE : this.runAll();
  }

  private async runAll(): Promise<void> {
    for (const task of this.tasks) {
      await task.run();
    }
  }
}
