// The primitive tables: one per runtime, our rate then each other implementation's with the
// ratio ours / theirs (above 1: ours is faster); and the per-runtime summary of those ratios.

import type { Measured } from '../measure.js';
import type { RuntimeResults } from '../results.js';
import { fmtRate, ratio, runtimeTitle } from './format.js';

const FIRST = ['libsodium', 'noble'];

// Every implementation measured, the reference libraries first, then the runtime's own.
const othersIn = (rows: Measured[]): string[] => {
  const seen = new Set(rows.flatMap((m) => m.results.map((r) => r.impl)).filter((i) => i !== 'smmp'));
  return [...FIRST.filter((i) => seen.has(i)), ...[...seen].filter((i) => !FIRST.includes(i))];
};

const rate = (m: Measured, impl: string): number | undefined => m.results.find((r) => r.impl === impl)?.opsPerSec;

// ours / theirs per workload, for the workloads where `impl` was measured: the ratio of the
// medians, and the lowest and highest ratio within one round (the two took turns in each round,
// so a round's ratio is a fair pair; their spread shows how noisy the run was).
export function ratiosTo(rows: Measured[], impl: string): { workload: string; ratio: number; low: number; high: number }[] {
  return rows.flatMap((m) => {
    const [ours, theirs] = [m.results.find((r) => r.impl === 'smmp'), m.results.find((r) => r.impl === impl)];
    if (ours === undefined || theirs === undefined) return [];
    const perRound = ours.rounds.map((x, i) => x / theirs.rounds[i]!);
    return [{ workload: m.workload, ratio: ours.opsPerSec / theirs.opsPerSec, low: Math.min(...perRound), high: Math.max(...perRound) }];
  });
}

export const geometricMean = (xs: number[]): number => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);

export function primitiveTable(rows: Measured[]): string {
  const impls = othersIn(rows);
  const head = `| workload | smmp | ${impls.map((i) => `${i} | ratio`).join(' | ')} |`;
  const sep = `|---|---:|${impls.map(() => '---:|---:').join('|')}|`;
  const lines = rows.map((m) => {
    const ours = rate(m, 'smmp');
    const cells = impls.map((i) => {
      const theirs = rate(m, i);
      return theirs === undefined ? '- | -' : `${fmtRate(theirs, m.bytes)} | ${ratio(ours, theirs)}`;
    });
    return `| ${m.workload} | ${fmtRate(ours, m.bytes)} | ${cells.join(' | ')} |`;
  });
  return [head, sep, ...lines].join('\n');
}

// One row per runtime: the geometric mean of our ratio to libsodium and to noble over the
// primitives both measured, with the lowest and highest.
export function primitiveSummary(runtimes: RuntimeResults[]): string {
  const cell = (rows: Measured[], impl: string): string => {
    const rs = ratiosTo(rows, impl);
    if (rs.length === 0) return '- | -';
    const lo = rs.reduce((a, b) => (b.ratio < a.ratio ? b : a));
    const hi = rs.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    return `${geometricMean(rs.map((r) => r.ratio)).toFixed(2)}x | ${lo.ratio.toFixed(2)}x (${lo.workload}) to ${hi.ratio.toFixed(2)}x (${hi.workload})`;
  };
  return [
    '| runtime | ratio to libsodium (geometric mean) | range | ratio to noble (geometric mean) | range |',
    '|---|---:|---|---:|---|',
    ...runtimes.filter((r) => r.primitives !== undefined).map((r) => `| ${r.runtime} | ${cell(r.primitives!, 'libsodium')} | ${cell(r.primitives!, 'noble')} |`),
  ].join('\n');
}

export function primitivesMarkdown(runtimes: RuntimeResults[], rounds: number, maxTime: number): string {
  const measured = runtimes.filter((r) => r.primitives !== undefined);
  if (measured.length === 0) return '';
  return [
    '## Primitives',
    '',
    `Each implementation is warmed up, then timed in batches of at least 5 ms, the implementations of a workload taking turns batch by batch (about ${maxTime} s each per round); a round's rate is its median batch. Each round sweeps every workload, so the ${rounds} rounds of a workload lie minutes apart, and the figure is their median. Ratio = smmp / other: above 1 means smmp is faster. Every implementation is checked to compute the same output before it is timed. Native: node:crypto in Node (key objects made in advance, or raw bytes imported on every call); WebCrypto in Deno and Chromium (CryptoKeys imported in advance, or raw bytes imported on every call; every call a promise), where the runtime has the primitive.`,
    '',
    'Summary over the primitives each library has (libsodium has no AES-CTR):',
    '',
    primitiveSummary(measured),
    '',
    ...measured.flatMap((r) => [`### ${runtimeTitle(r)}`, '', primitiveTable(r.primitives!), '']),
  ].join('\n');
}
