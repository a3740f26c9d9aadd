// One renderer for both documents a run produces: bench/results/latest*.md (written by
// `npm run bench`) and bench/REPORT.md (`npm run bench:report`, which adds the charts and the
// summary at the top). Both read only the results JSON.

import type { BenchResults } from '../results.js';
import { fmtBytes } from './format.js';
import { primitivesMarkdown } from './primitives.js';
import { protocolMarkdown } from './protocol.js';

export function machineLine(r: BenchResults): string {
  const m = r.machine;
  return `Machine: ${m.cpu}, ${m.memory}, ${m.platform}; load average (1, 5, 15 min) ${r.load.before.join(' / ')} before, ${r.load.after.join(' / ')} after. Core: ${fmtBytes(r.core.bytes)} bytes, sha256 ${r.core.sha256.slice(0, 16)}.`;
}

export function runtimesLine(r: BenchResults): string {
  const libs = Object.entries(r.versions).map(([k, v]) => `${k} ${v}`).join(', ');
  return `Runtimes: ${r.runtimes.map((x) => `${x.version} (${Math.round(x.seconds)} s)`).join('; ')}. Compared against ${libs}.`;
}

function failures(r: BenchResults): string[] {
  const all = r.runtimes.flatMap((x) => x.failures.map((f) => `- ${x.runtime}, ${f.suite}: ${f.error}`));
  return all.length === 0 ? [] : ['## Suites that could not run', '', ...all, ''];
}

function sizes(r: BenchResults): string[] {
  const s = r.sizes;
  if (s === undefined) return [];
  const row = (x: { name: string; bytes: number; gzip: number; parts?: { name: string; bytes: number; gzip: number }[] }): string =>
    `| ${x.name} | ${fmtBytes(x.bytes)} | ${fmtBytes(x.gzip)} | ${x.parts?.map((p) => `${p.name} ${fmtBytes(p.bytes)} (gzip ${fmtBytes(p.gzip)})`).join(' + ') ?? ''} |`;
  return [
    '## Code size',
    '',
    `The wasm modules alone, and what a page downloads: each entry bundled with esbuild ${s.esbuild} (ESM, browser, minified, tree-shaken), gzip level 9 per file.`,
    '',
    '| module | bytes | gzip | parts |',
    '|---|---:|---:|---|',
    ...s.wasm.map(row),
    ...s.bundles.map(row),
    '',
  ];
}

function leakage(r: BenchResults): string[] {
  if (r.leakage === undefined) return [];
  return [
    '## Timing leakage (Node; dudect-style Welch t-test, fixed vs random secret)',
    '',
    '| operation | samples | max abs t | verdict |',
    '|---|---:|---:|---|',
    ...r.leakage.map((l) => `| ${l.operation} | ${l.samples} | ${l.maxAbsT.toFixed(2)} | ${l.verdict} |`),
    '',
  ];
}

// The sections of the results, without a title.
export function resultSections(r: BenchResults): string {
  return [
    primitivesMarkdown(r.runtimes, r.config.harness.rounds, r.config.harness.maxTime),
    protocolMarkdown(r.runtimes, r.versions['ts-mls'], r.config.harness.rounds),
    ...sizes(r),
    ...leakage(r),
    ...failures(r),
  ]
    .filter((s) => s !== '')
    .join('\n');
}

export function resultsDocument(r: BenchResults): string {
  return [
    `# Benchmark results (${r.date})`,
    '',
    machineLine(r),
    runtimesLine(r),
    `Suites: ${r.config.suites.join(', ')}${r.config.quick ? ' (BENCH_QUICK: a smoke run, not figures to quote)' : ''}.`,
    '',
    resultSections(r),
  ].join('\n');
}
