// `npm run bench`: every suite, then bench/results/latest.json (all rounds, machine) and
// bench/results/latest.md (the tables with ratios to ours). BENCH_QUICK=1 for a fast smoke run.
// BENCH_SUITES=protocol (or any comma-separated subset of primitives, protocol, sizes, leakage)
// runs only those and writes bench/results/latest-<suites>.{json,md}, leaving latest.* as the
// last full run.

import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { initSync } from '../bindings/node/index.js';
import { harnessOptions, machine, markdownTable, measure, type Measured } from './harness.js';
import { primitiveWorkloads } from './suites/primitives.js';
import { gkaOptions, measureGka, messageWorkloads, MLS_SUITE, protocolMarkdown, type ProtocolResults } from './suites/protocol.js';
import { leakageChecks } from './ct-leakage.js';
import { wasmSizes } from './sizes.js';

initSync();

// The machine may be shared: the load average before and after says how much.
const loadBefore = loadavg();

const ALL = ['primitives', 'protocol', 'sizes', 'leakage'] as const;
type Suite = (typeof ALL)[number];
const asked = (process.env.BENCH_SUITES ?? 'all').split(',').map((s) => s.trim()).filter((s) => s !== '');
for (const s of asked) if (s !== 'all' && !(ALL as readonly string[]).includes(s)) throw new Error(`BENCH_SUITES: unknown suite '${s}' (known: ${ALL.join(', ')})`);
const suites: Suite[] = asked.includes('all') ? [...ALL] : ALL.filter((s) => asked.includes(s));
const full = suites.length === ALL.length;
const on = (s: Suite): boolean => suites.includes(s);

const opts = harnessOptions();
const log = (s: string): void => console.log(s);

const results: Measured[] = [];
if (on('primitives')) for (const w of await primitiveWorkloads()) results.push(await measure(w, opts));

let protocol: ProtocolResults | undefined;
if (on('protocol')) {
  // ts-mls's exports map hides its package.json from require.resolve.
  const tsMlsVersion = (JSON.parse(readFileSync(new URL('../../node_modules/ts-mls/package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const go = gkaOptions(opts.rounds);
  log(`protocol: GKA for N = ${go.sizes.join(', ')} (ts-mls up to N = ${go.mlsMaxN}), ${go.rounds} rounds`);
  const gka = await measureGka(go, log);
  const msg = await messageWorkloads();
  const messages: Measured[] = [];
  for (const w of msg.workloads) messages.push(await measure(w, opts));
  const { minSamples: _, ...gkaOpts } = go;
  protocol = { tsMls: { version: tsMlsVersion, ciphersuite: MLS_SUITE, provider: 'default' }, gka, gkaOptions: gkaOpts, messages, messageBytes: msg.bytes };
}

const leakage = on('leakage') ? leakageChecks(process.env.BENCH_QUICK === '1' ? 2000 : 20000) : undefined;
const sizes = on('sizes') ? wasmSizes() : undefined;
const env = machine();
const load = { before: loadBefore.map((x) => +x.toFixed(2)), after: loadavg().map((x) => +x.toFixed(2)) };
// The core the Node entry loaded (dist/bindings/browser/smmp-core.wasm, copied from build/).
const core = readFileSync(new URL('../bindings/browser/smmp-core.wasm', import.meta.url));
const coreSha = createHash('sha256').update(core).digest('hex');
const when = new Date().toISOString();

const folder = new URL('../../bench/results/', import.meta.url);
const base = full ? 'latest' : `latest-${suites.join('-')}`;
writeFileSync(
  new URL(`${base}.json`, folder),
  JSON.stringify({ date: when, machine: env, load, core: { bytes: core.length, sha256: coreSha }, suites, options: opts, results, protocol, leakage, sizes }, null, 2) + '\n',
);

const md = [
  `# Benchmark results (${when})`,
  '',
  `Machine: ${env.cpu}, ${env.memory}; ${env.runtime}; ${env.platform}. Core: ${core.length.toLocaleString('en-US')} bytes, sha256 ${coreSha.slice(0, 16)}. Load average (1, 5, 15 min) ${load.before.join(' / ')} before, ${load.after.join(' / ')} after (${cpus().length} CPUs, shared).`,
  ...(full ? [] : [`Suites run: ${suites.join(', ')} (BENCH_SUITES); latest.md holds the last full run.`]),
  `Median of ${opts.rounds} rounds of benny medians (${opts.maxTime} s per case per round). Ratio = smmp / other: above 1 means smmp is faster.`,
  '',
  ...(on('primitives')
    ? ['## Primitives', '', markdownTable(results, ['libsodium', 'noble', 'node (KeyObject)', 'node (raw bytes)']), '']
    : []),
  ...(protocol ? [protocolMarkdown(protocol, opts.rounds, opts.maxTime)] : []),
  ...(sizes
    ? [
        '## Code size',
        '',
        `| module | bytes | gzip |`,
        `|---|---:|---:|`,
        ...sizes.map((s) => `| ${s.name} | ${s.bytes.toLocaleString('en-US')} | ${s.gzip.toLocaleString('en-US')} |`),
        '',
      ]
    : []),
  ...(leakage
    ? [
        '## Timing leakage (dudect-style Welch t-test, fixed vs random secret)',
        '',
        '| operation | samples | max abs t | verdict |',
        '|---|---:|---:|---|',
        ...leakage.map((l) => `| ${l.operation} | ${l.samples} | ${l.maxAbsT.toFixed(2)} | ${l.verdict} |`),
        '',
      ]
    : []),
].join('\n');
writeFileSync(new URL(`${base}.md`, folder), md);
console.log('\n' + md);
