// Timer helpers that work the same in Node, Deno and browsers.

// Keeps a timer from holding the process open (Node's unref, Deno's unrefTimer; browsers have
// nothing to hold open).
export function unref(timer: ReturnType<typeof setTimeout>): void {
  const t = timer as unknown as { unref?: () => void };
  if (typeof t.unref === 'function') t.unref();
  else (globalThis as { Deno?: { unrefTimer(id: number): void } }).Deno?.unrefTimer(timer as unknown as number);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
