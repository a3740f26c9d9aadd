// What one `npm run bench` measures, decided once in Node from the environment and handed as
// plain data to the Deno process and the Chromium page, so every runtime runs the same plan.
//
//   BENCH_QUICK=1            smoke run: 1 round, short cases, small groups
//   BENCH_SUITES=a,b         any of primitives, protocol, sizes, leakage (default: all)
//   BENCH_RUNTIMES=a,b       any of node, deno, chromium (default: all); sizes and leakage are Node's
//   BENCH_ROUNDS (5; the key agreement takes at most 3), BENCH_MAX_TIME (seconds per case per round, 0.3)
//   BENCH_GKA_SIZES=2,8,32   group sizes for the key agreement (default 2,8,32,128)
//   BENCH_MLS_MAX_N=32       ts-mls is skipped above this size (default 128; 32 when quick)
//   BENCH_OUT=dir            where results go (default bench/results/)

import type { HarnessOptions } from './measure.js';

export const SUITES = ['primitives', 'protocol', 'sizes', 'leakage'] as const;
export type Suite = (typeof SUITES)[number];
export const RUNTIMES = ['node', 'deno', 'chromium'] as const;
export type Runtime = (typeof RUNTIMES)[number];

export interface GkaOptions {
  sizes: number[];
  rounds: number;
  budgetMs: number; // per implementation, size and round: repeat until this much time is spent
  minSamples: number; // runs per implementation, size and round, at least
  oneRunFrom: number; // from this size on, one run per round (a ts-mls run takes tens of seconds)
  mlsMaxN: number; // ts-mls is skipped above this size
}

export interface BenchConfig {
  quick: boolean;
  suites: Suite[];
  runtimes: Runtime[];
  harness: HarnessOptions;
  gka: GkaOptions;
}

function list<T extends string>(name: string, value: string | undefined, known: readonly T[]): T[] {
  const asked = (value ?? 'all').split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const s of asked) if (s !== 'all' && !(known as readonly string[]).includes(s)) throw new Error(`${name}: unknown '${s}' (known: ${known.join(', ')})`);
  return asked.includes('all') ? [...known] : known.filter((k) => asked.includes(k));
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const x = Number(value);
  if (!(x > 0)) throw new Error(`${name}: expected a positive number, got '${value}'`);
  return x;
}

export function configFromEnv(env: Record<string, string | undefined>): BenchConfig {
  const quick = env.BENCH_QUICK === '1';
  const rounds = positive('BENCH_ROUNDS', env.BENCH_ROUNDS, quick ? 1 : 5);
  const sizes = (env.BENCH_GKA_SIZES ?? (quick ? '2,8' : '2,8,32,128')).split(',').map((s) => positive('BENCH_GKA_SIZES', s.trim(), 0));
  return {
    quick,
    suites: list('BENCH_SUITES', env.BENCH_SUITES, SUITES),
    runtimes: list('BENCH_RUNTIMES', env.BENCH_RUNTIMES, RUNTIMES),
    harness: { rounds, maxTime: positive('BENCH_MAX_TIME', env.BENCH_MAX_TIME, quick ? 0.05 : 0.3) },
    gka: {
      sizes,
      // A ts-mls run at N = 128 takes most of a minute: three rounds, however many the rest has.
      rounds: Math.min(rounds, 3),
      budgetMs: quick ? 100 : 1000,
      minSamples: quick ? 1 : 3,
      oneRunFrom: 128,
      mlsMaxN: positive('BENCH_MLS_MAX_N', env.BENCH_MLS_MAX_N, quick ? 32 : 128),
    },
  };
}
