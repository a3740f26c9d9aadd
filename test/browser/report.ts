// Page side of the browser tests: records results in globalThis.__smmp, where the Node runner
// (test/browser/run.ts) reads them once `done` is set. Runs in the browser only.

export interface Result {
  suite: string;
  name: string;
  status: 'pass' | 'fail' | 'skip';
  ms: number;
  error?: string;
  // What a passing check wants shown (e.g. the error text a user would see).
  note?: string;
}

const state: { done: boolean; results: Result[] } = { done: false, results: [] };
(globalThis as { __smmp?: typeof state }).__smmp = state;

export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}${e.stack ? `\n${e.stack}` : ''}`;
  return String(e);
}

export async function record(suite: string, name: string, fn: () => unknown): Promise<void> {
  const t0 = performance.now();
  try {
    const note = await fn();
    state.results.push({ suite, name, status: 'pass', ms: performance.now() - t0, ...(typeof note === 'string' ? { note } : {}) });
  } catch (e) {
    state.results.push({ suite, name, status: 'fail', ms: performance.now() - t0, error: describeError(e) });
  }
}

export function skip(suite: string, name: string, why: string): void {
  state.results.push({ suite, name, status: 'skip', ms: 0, error: why });
}

export function done(): void {
  state.done = true;
}
