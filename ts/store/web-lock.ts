// One writer per member state in browsers: a Web Lock (navigator.locks) held for as long as the
// store is open, requested with ifAvailable so a second tab, window or worker of the same site
// fails at once with StateLockedError instead of waiting. The browser releases the lock when
// the holding page closes or crashes, so there are no stale locks.

import { StateLockedError, StoreUnavailableError } from './errors.js';
import type { StateLock } from './state-store.js';

interface LockManagerLike {
  request(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<void>): Promise<void>;
}

export class WebLock implements StateLock {
  private held = true;
  private lost: unknown;

  constructor(readonly location: string, private readonly releaseFn: () => void) {}

  // The request settles when the lock goes: after release(), or early if another context took
  // it with { steal: true } (AbortError).
  watch(request: Promise<void>): void {
    request.then(
      () => {
        this.held = false;
      },
      (e: unknown) => {
        this.held = false;
        this.lost = e;
      },
    );
  }

  async check(): Promise<void> {
    if (this.held) return;
    const detail = this.lost === undefined ? 'this lock was released' : 'another context took the lock over';
    throw new StateLockedError(this.location, { description: this.lost === undefined ? 'nobody' : 'another tab, window or worker of this site' }, detail);
  }

  async release(): Promise<void> {
    this.releaseFn();
  }
}

// Takes the Web Lock named `name` or throws StateLockedError.
export function acquireWebLock(name: string): Promise<WebLock> {
  const location = `weblock:${name}`;
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (locks === undefined) {
    return Promise.reject(new StoreUnavailableError(location, 'this runtime has no Web Locks (navigator.locks needs a secure context: https or localhost)'));
  }
  return new Promise((resolve, reject) => {
    let releaseFn!: () => void;
    const released = new Promise<void>((r) => (releaseFn = r));
    const lock = new WebLock(location, releaseFn);
    const request = locks.request(name, { ifAvailable: true }, async (granted) => {
      if (granted === null) {
        reject(new StateLockedError(location, { description: 'another tab, window or worker of this site' }));
        return;
      }
      resolve(lock);
      await released; // held until release()
    });
    lock.watch(request);
    request.catch(reject); // fails before the grant: the promise is still pending, so this rejects it
  });
}
