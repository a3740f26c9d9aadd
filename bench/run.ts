// `npm run bench`: every suite, then bench/results/latest.json (all rounds, machine) and
// bench/results/latest.md (the tables with ratios to ours). BENCH_QUICK=1 for a fast smoke run.

import { writeFileSync } from 'node:fs';
import { initSync } from '../bindings/node/index.js';
import { harnessOptions, machine, markdownTable, measure, type Measured } from './harness.js';
import { primitiveWorkloads } from './suites/primitives.js';
import { leakageChecks } from './ct-leakage.js';
import { wasmSizes } from './sizes.js';

initSync();

const opts = harnessOptions();
const results: Measured[] = [];
for (const w of await primitiveWorkloads()) results.push(await measure(w, opts));

const leakage = leakageChecks(process.env.BENCH_QUICK === '1' ? 2000 : 20000);
const sizes = wasmSizes();
const env = machine();
const when = new Date().toISOString();

const folder = new URL('../../bench/results/', import.meta.url);
writeFileSync(new URL('latest.json', folder), JSON.stringify({ date: when, machine: env, options: opts, results, leakage, sizes }, null, 2) + '\n');

const md = [
  `# Benchmark results (${when})`,
  '',
  `Machine: ${env.cpu}, ${env.memory}; ${env.runtime}; ${env.platform}.`,
  `Median of ${opts.rounds} rounds of benny medians (${opts.maxTime} s per case per round). Ratio = smmp / other: above 1 means smmp is faster.`,
  '',
  '## Primitives',
  '',
  markdownTable(results, ['libsodium', 'noble', 'node (KeyObject)', 'node (raw bytes)']),
  '',
  '## Code size',
  '',
  `| module | bytes | gzip |`,
  `|---|---:|---:|`,
  ...sizes.map((s) => `| ${s.name} | ${s.bytes.toLocaleString('en-US')} | ${s.gzip.toLocaleString('en-US')} |`),
  '',
  '## Timing leakage (dudect-style Welch t-test, fixed vs random secret)',
  '',
  '| operation | samples | max abs t | verdict |',
  '|---|---:|---:|---|',
  ...leakage.map((l) => `| ${l.operation} | ${l.samples} | ${l.maxAbsT.toFixed(2)} | ${l.verdict} |`),
  '',
].join('\n');
writeFileSync(new URL('latest.md', folder), md);
console.log('\n' + md);
