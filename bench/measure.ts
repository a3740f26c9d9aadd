// The sampler every runtime uses (Node, Deno, a page): no runtime imports, only performance.now(),
// so a ratio measured in Chromium and one measured in Node come from the same method. Each case
// is warmed up, then timed in batches long enough to rise well above the timer's resolution
// (Chromium coarsens performance.now() to 100 us without cross-origin isolation, 5 us with it).
// Rounds sweep every workload, implementations take turns batch by batch (see measureAll), and
// the median batch of each round and the median of the rounds are reported. Ratios are always
// taken within one run and one runtime.

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
const MIN_BATCHES = 5; // per case and round
let sink: unknown; // results land here so no engine can drop a call as unused

const isPromise = (x: unknown): x is Promise<unknown> => typeof (x as { then?: unknown } | null)?.then === 'function';

// Times one batch of k calls of a case, in ms.
type Batch = () => number | Promise<number>;

// Makes a case's batch: k doubled until a batch takes BATCH_MS, then batches thrown away for at
// least `warmUpMs`, and on (up to 8 times as long) while they are still getting faster. Engines
// compile wasm and JS in tiers (V8 starts wasm on its baseline compiler and optimises hot
// functions on background threads, which a busy machine delays), so the first calls are slower
// in a way that has nothing to do with the implementation.
async function calibrate(fn: () => unknown, warmUpMs: number): Promise<{ k: number; batch: Batch }> {
  const first = fn();
  const async = isPromise(first);
  if (async) sink = await first;
  const run = async
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
  while ((await run(k)) < BATCH_MS && k < 1 << 24) k *= 2;
  const start = performance.now();
  const window = async (): Promise<number> => {
    const xs: number[] = [];
    for (let i = 0; i < MIN_BATCHES; i++) xs.push(await run(k));
    return median(xs);
  };
  let last = await window();
  for (;;) {
    const now = await window();
    const elapsed = performance.now() - start;
    if (elapsed > 8 * warmUpMs || (elapsed >= warmUpMs && now > 0.95 * last)) break;
    last = Math.min(last, now);
  }
  return { k, batch: () => run(k) };
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

// Measures workloads in rounds that sweep the whole list (round 1 of every workload, then round
// 2, ...), so the rounds of one workload lie minutes apart and a spell of other work on the
// machine spoils one round, which the median drops, rather than all of them. Within a round the
// implementations of a workload take turns batch by batch (A B C, then B C A, ...), so a burst
// slows them alike; each gets about `maxTime` of batches, after one untimed turn each, and its
// rate in the round is its median batch's.
export async function measureAll(ws: Workload[], opts: HarnessOptions, roundDone?: (round: number) => void): Promise<Measured[]> {
  const timers: { k: number; batch: Batch }[][] = [];
  for (const w of ws) {
    if (w.sameOutput) await checkSameOutput(w);
    const t = [];
    for (const c of w.cases) t.push(await calibrate(c.fn, (opts.maxTime * 1000) / 2));
    timers.push(t);
  }
  const rounds: number[][][] = ws.map((w) => w.cases.map(() => []));
  for (let r = 0; r < opts.rounds; r++) {
    for (const [i, w] of ws.entries()) {
      const ts = timers[i]!;
      const n = w.cases.length;
      for (const t of ts) await t.batch();
      const perCall: number[][] = w.cases.map(() => []);
      const start = performance.now();
      for (let sweep = 0; sweep < MIN_BATCHES || performance.now() - start < opts.maxTime * 1000 * n; sweep++) {
        for (let c = 0; c < n; c++) {
          const j = (c + sweep) % n;
          perCall[j]!.push((await ts[j]!.batch()) / ts[j]!.k);
        }
      }
      perCall.forEach((xs, j) => rounds[i]![j]!.push(1000 / median(xs)));
    }
    roundDone?.(r + 1);
  }
  return ws.map((w, i) => ({
    workload: w.name,
    ...(w.bytes !== undefined ? { bytes: w.bytes } : {}),
    results: w.cases.map((c, j) => ({ impl: c.impl, opsPerSec: median(rounds[i]![j]!), rounds: rounds[i]![j]! })),
  }));
}
