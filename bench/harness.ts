// Runs benny suites and reduces them to medians: each case is measured `rounds` times (in
// interleaved order, so drift on a shared machine hits every implementation alike) and the
// median of the per-round medians is reported. Ratios are always taken within one run.

import b from 'benny';
import { cpus, totalmem } from 'node:os';

export interface Case {
  impl: string; // 'smmp', 'libsodium', 'noble', 'node (KeyObject)', 'node (raw bytes)'
  fn: () => unknown;
}

export interface Workload {
  name: string; // e.g. 'X25519', 'SHA-256 1 KiB'
  bytes?: number; // for throughput workloads: bytes processed per op
  cases: Case[];
}

export interface Measured {
  workload: string;
  bytes?: number;
  results: { impl: string; opsPerSec: number; rounds: number[] }[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, c) => a - c);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export interface HarnessOptions {
  rounds: number;
  maxTime: number; // seconds per case per round
}

export function harnessOptions(): HarnessOptions {
  const quick = process.env.BENCH_QUICK === '1';
  return { rounds: Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 3)), maxTime: Number(process.env.BENCH_MAX_TIME ?? (quick ? 0.1 : 0.5)) };
}

export async function measure(w: Workload, opts: HarnessOptions): Promise<Measured> {
  const perImpl = new Map<string, number[]>(w.cases.map((c) => [c.impl, []]));
  for (let r = 0; r < opts.rounds; r++) {
    // Rotate the order each round.
    const order = w.cases.map((_, i) => w.cases[(i + r) % w.cases.length]!);
    const summary = await b.suite(
      w.name,
      ...order.map((c) => b.add(c.impl, c.fn, { maxTime: opts.maxTime, minSamples: 5 })),
    );
    for (const res of summary.results) perImpl.get(res.name)!.push(1 / res.details.median);
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

export function machine(): Record<string, string> {
  const cpu = cpus();
  return {
    cpu: `${cpu.length} x ${cpu[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    runtime: `Node ${process.version} (V8 ${process.versions.v8})`,
    platform: `${process.platform} ${process.arch}`,
  };
}

const fmt = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

// One row per workload: our rate, then each other implementation with the ratio ours/theirs
// (above 1 means we are faster).
export function markdownTable(rows: Measured[], impls: string[]): string {
  const head = `| workload | smmp | ${impls.map((i) => `${i} | ratio`).join(' | ')} |`;
  const sep = `|---|---:|${impls.map(() => '---:|---:').join('|')}|`;
  const lines = rows.map((m) => {
    const unit = (ops: number): string => (m.bytes ? `${fmt((ops * m.bytes) / 1e6)} MB/s` : `${fmt(ops)}/s`);
    const ours = m.results.find((r) => r.impl === 'smmp')!.opsPerSec;
    const cells = impls.map((i) => {
      const r = m.results.find((x) => x.impl === i);
      return r ? `${unit(r.opsPerSec)} | ${(ours / r.opsPerSec).toFixed(2)}x` : '- | -';
    });
    return `| ${m.workload} | ${unit(ours)} | ${cells.join(' | ')} |`;
  });
  return [head, sep, ...lines].join('\n');
}
