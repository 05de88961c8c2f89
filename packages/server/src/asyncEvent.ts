/** @module asyncio.Event for the server: a flag that promises can wait on (uvicorn's `message_event` and flow-control events). */

export class AsyncEvent {
  private flag: boolean;
  private waiters: Array<() => void> = [];

  constructor(initiallySet = false) {
    this.flag = initiallySet;
  }

  get isSet(): boolean {
    return this.flag;
  }

  set(): void {
    if (this.flag) return;
    this.flag = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  clear(): void {
    this.flag = false;
  }

  wait(): Promise<void> {
    if (this.flag) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
