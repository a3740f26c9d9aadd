// Exponential back-off with jitter: attempt n waits between half and all of
// min(max, initial * 2^n), so clients dropped together do not return together.

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  random: () => number; // in [0, 1); jitter needs no secrecy
}

export function backoffDelay(attempt: number, o: BackoffOptions): number {
  const ceiling = Math.min(o.maxMs, o.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (o.random() * ceiling) / 2);
}
