// The shape of bench/results/latest*.json: what every runtime measured in one `npm run bench`,
// with the machine and the plan. Written by bench/run.ts, read by bench/report/.

import type { BenchConfig, Runtime, Suite } from './config.js';
import type { Machine } from './machine.js';
import type { Measured } from './measure.js';
import type { SizeReport } from './sizes.js';
import type { LeakageResult } from './ct-leakage.js';
import type { ProtocolResults } from './workloads/protocol.js';

export interface RuntimeResults {
  runtime: Runtime;
  version: string; // e.g. 'Deno 2.9.5 (V8 15.0.245.2-rusty)'
  seconds: number; // wall time of this runtime's part
  primitives?: Measured[];
  protocol?: ProtocolResults;
  // A suite that could not run here, with the reason (never silently left out).
  failures: { suite: Suite; error: string }[];
}

export interface BenchResults {
  date: string; // ISO 8601, when the run ended
  machine: Machine;
  load: { before: number[]; after: number[] }; // 1, 5 and 15 minute load averages
  core: { bytes: number; sha256: string }; // the .wasm every runtime loaded
  versions: Record<string, string>; // of the libraries compared against
  config: BenchConfig;
  runtimes: RuntimeResults[];
  sizes?: SizeReport;
  leakage?: LeakageResult[];
}
