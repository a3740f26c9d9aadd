// The sampler every runtime uses (Node, Deno, a page): no runtime imports, only performance.now(),
// so a ratio measured in Chromium and one measured in Node come from the same method. Each case
// is warmed up, then run in batches long enough to rise well above the timer's resolution
// (Chromium coarsens performance.now() to 100 us without cross-origin isolation, 5 us with it);
// the rate of a round is the median batch's. Cases are measured `rounds` times in rotating
// order, so drift on a shared machine hits every implementation alike, and the median of the
// rounds is reported. Ratios are always taken within one run and one runtime.

export interface Case {
  impl: string; // 'smmp', 'libsodium', 'noble', 'node (KeyObject)', 'WebCrypto (CryptoKey)', ...
  fn: () => unknown; // may return a promise; it is then awaited before the next call
}

export interface Workload {
  name: string; // e.g. 'X25519 shared secret', 'SHA-256 1 KiB'
  bytes?: number; // for throughput workloads: bytes processed per op
  // Every case computes the same bytes (or the same boolean): checked once before timing, so a
  // mis-set key or counter mode in one implementation cannot pass for a faster one.
  sameOutput?: boolean;
  cases: Case[];
}

export interface Measured {
  workload: string;
  bytes?: number;
  results: { impl: string; opsPerSec: number; rounds: number[] }[];
}

export interface HarnessOptions {
  rounds: number;
  maxTime: number; // seconds per case per round
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, c) => a - c);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const BATCH_MS = 5; // a batch lasts at least this long: 2% of it is Chromium's coarsest tick
const MIN_BATCHES = 5;
let sink: unknown; // results land here so no engine can drop a call as unused

const isPromise = (x: unknown): x is Promise<unknown> => typeof (x as { then?: unknown } | null)?.then === 'function';

// Operations per second of `fn`: batches of k calls, k doubled until a batch takes BATCH_MS
// (which also warms the code up), then batches until `maxTimeMs` has passed; median per call.
export async function opsPerSecond(fn: () => unknown, maxTimeMs: number): Promise<number> {
  const first = fn();
  const async = isPromise(first);
  if (async) sink = await first;
  const batch = async
    ? async (k: number): Promise<number> => {
        const t = performance.now();
        for (let i = 0; i < k; i++) sink = await fn();
        return performance.now() - t;
      }
    : (k: number): number => {
        const t = performance.now();
        for (let i = 0; i < k; i++) sink = fn();
        return performance.now() - t;
      };
  let k = 1;
  while ((await batch(k)) < BATCH_MS && k < 1 << 24) k *= 2;
  const perCall: number[] = [];
  const start = performance.now();
  while (perCall.length < MIN_BATCHES || performance.now() - start < maxTimeMs) perCall.push((await batch(k)) / k);
  return 1000 / median(perCall);
}

const bytesOf = (x: unknown): string => {
  if (typeof x === 'boolean') return String(x);
  if (x instanceof ArrayBuffer) return new Uint8Array(x).join();
  if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer, x.byteOffset, x.byteLength).join();
  throw new Error(`cannot compare a ${typeof x}`);
};

async function checkSameOutput(w: Workload): Promise<void> {
  const outputs = await Promise.all(w.cases.map(async (c) => ({ impl: c.impl, out: bytesOf(await c.fn()) })));
  const differ = outputs.filter((o) => o.out !== outputs[0]!.out).map((o) => o.impl);
  if (differ.length > 0) throw new Error(`${w.name}: ${differ.join(', ')} compute something else than ${outputs[0]!.impl}`);
}

export async function measure(w: Workload, opts: HarnessOptions): Promise<Measured> {
  if (w.sameOutput) await checkSameOutput(w);
  // A discarded warm-up round first: engines compile wasm and JS in tiers (Chromium starts wasm on
  // its baseline compiler and optimises hot functions in the background), so the first calls
  // are slower in a way that has nothing to do with the implementation.
  for (const c of w.cases) await opsPerSecond(c.fn, (opts.maxTime * 1000) / 2);
  const perImpl = new Map<string, number[]>(w.cases.map((c) => [c.impl, []]));
  for (let r = 0; r < opts.rounds; r++) {
    for (let i = 0; i < w.cases.length; i++) {
      const c = w.cases[(i + r) % w.cases.length]!;
      perImpl.get(c.impl)!.push(await opsPerSecond(c.fn, opts.maxTime * 1000));
    }
  }
  return {
    workload: w.name,
    ...(w.bytes !== undefined ? { bytes: w.bytes } : {}),
    results: w.cases.map((c) => {
      const rounds = perImpl.get(c.impl)!;
      return { impl: c.impl, opsPerSec: median(rounds), rounds };
    }),
  };
}
