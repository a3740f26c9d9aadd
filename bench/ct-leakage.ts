// A dudect-style timing leakage check (Reparaz, Balasch, Verbauwhede 2017): time an operation on
// a fixed secret and on random secrets, interleaved at random, and compare the two timing
// distributions with Welch's t-test, also after cropping slow outliers at several percentiles.
// |t| above 4.5 suggests a leak. Reported, never asserted: timings on a shared machine are noisy
// and a JIT-compiled host adds its own variance.

import { crypto } from '../bindings/node/index.js';

export interface LeakageResult {
  operation: string;
  samples: number;
  maxAbsT: number;
  verdict: string;
}

interface Target {
  operation: string;
  batch: number; // calls per timed sample, so short operations rise above timer resolution
  fixed: Uint8Array; // the fixed class's secret
  random: () => Uint8Array;
  run: (secret: Uint8Array) => unknown;
}

// Both classes' inputs must be made the same way: V8 keeps a fresh small Uint8Array on its heap
// but moves one to an external buffer once a view of it is taken (as randomBytes does), and the
// copy into wasm then takes a different path. An input built one way for the fixed class and
// another way for the random class shows up as a 'leak' of several standard deviations.
function input(t: Target, cls: number): Uint8Array {
  const x = t.random();
  if (cls === 0) x.set(t.fixed);
  return x;
}

function welch(a: number[], b: number[]): number {
  const mean = (x: number[]): number => x.reduce((s, v) => s + v, 0) / x.length;
  const variance = (x: number[], m: number): number => x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1);
  const [ma, mb] = [mean(a), mean(b)];
  return (ma - mb) / Math.sqrt(variance(a, ma) / a.length + variance(b, mb) / b.length);
}

function measure(t: Target, samples: number): LeakageResult {
  const times: [number[], number[]] = [[], []];
  // Warm up the JIT and the core.
  for (let i = 0; i < 200; i++) t.run(t.random());
  const classes = crypto.randomBytes(samples);
  for (let i = 0; i < samples; i++) {
    const cls = classes[i]! & 1;
    const inputs = Array.from({ length: t.batch }, () => input(t, cls));
    const start = process.hrtime.bigint();
    for (const x of inputs) t.run(x);
    times[cls]!.push(Number(process.hrtime.bigint() - start));
  }
  // dudect crops at a range of percentiles of the pooled distribution and keeps the worst |t|.
  const pooled = [...times[0], ...times[1]].sort((x, y) => x - y);
  let maxAbsT = Math.abs(welch(times[0], times[1]));
  for (const pct of [0.5, 0.75, 0.9, 0.95, 0.99]) {
    const cut = pooled[Math.floor(pct * (pooled.length - 1))]!;
    const a = times[0].filter((v) => v <= cut);
    const b = times[1].filter((v) => v <= cut);
    if (a.length > 10 && b.length > 10) maxAbsT = Math.max(maxAbsT, Math.abs(welch(a, b)));
  }
  return { operation: t.operation, samples, maxAbsT, verdict: maxAbsT > 4.5 ? 'possible leak (|t| > 4.5)' : 'no leak detected' };
}

export function leakageChecks(samples: number): LeakageResult[] {
  const peer = crypto.x25519Base(crypto.randomBytes(32));
  const point = crypto.ristretto255.fromUniform(crypto.randomBytes(64));
  const counter = crypto.randomBytes(16);
  const data = crypto.randomBytes(64);
  const small = new Uint8Array(32);
  small[0] = 1;
  const targets: Target[] = [
    { operation: 'X25519 (secret scalar)', batch: 1, fixed: new Uint8Array(32), random: () => crypto.randomBytes(32), run: (s) => crypto.x25519(s, peer) },
    { operation: 'ristretto255 scalar mult (secret scalar)', batch: 1, fixed: small, random: () => crypto.scalar.random(), run: (s) => crypto.ristretto255.scalarMult(s, point) },
    { operation: 'ristretto255 base mult (secret scalar)', batch: 2, fixed: small, random: () => crypto.scalar.random(), run: (s) => crypto.ristretto255.scalarMultBase(s) },
    { operation: 'AES-256-CTR 64 B (secret key)', batch: 16, fixed: new Uint8Array(32), random: () => crypto.randomBytes(32), run: (k) => crypto.aes256Ctr(k, counter, data) },
    { operation: 'AES-256-CTR 64 B (secret data)', batch: 16, fixed: new Uint8Array(64), random: () => crypto.randomBytes(64), run: (d) => crypto.aes256Ctr(peer, counter, d) },
  ];
  // A control that leaks by design: an early-exit comparison against a stored secret. If the
  // check does not flag this one, its other verdicts mean nothing on this run.
  const stored = crypto.randomBytes(1024);
  const earlyExit = (x: Uint8Array): boolean => {
    for (let i = 0; i < x.length; i++) if (x[i] !== stored[i]) return false;
    return true;
  };
  targets.push({ operation: 'control, leaky by design: early-exit compare (1 KiB)', batch: 16, fixed: stored, random: () => crypto.randomBytes(1024), run: earlyExit });
  return targets.map((t) => measure(t, samples));
}
