// Number formats shared by the tables of latest.md and REPORT.md.

import type { RuntimeResults } from '../results.js';

const sig = (x: number): string => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

export const fmtMs = (ms: number | undefined): string =>
  ms === undefined ? '-' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
export const fmtBytes = (b: number | undefined): string => (b === undefined ? '-' : b.toLocaleString('en-US'));
export const fmtRate = (ops: number | undefined, bytesPerOp?: number): string =>
  ops === undefined ? '-' : bytesPerOp ? `${sig((ops * bytesPerOp) / 1e6)} MB/s` : `${sig(ops)}/s`;
// x / y as '1.23x', or '-' when either is missing.
export const ratio = (x: number | undefined, y: number | undefined): string => (x === undefined || y === undefined ? '-' : `${(x / y).toFixed(2)}x`);

export const runtimeTitle = (r: RuntimeResults): string => `${r.runtime}: ${r.version}`;
