// `npm run bench`: the primitive and protocol suites in Node (in this process), Deno (a child
// process) and headless Chromium (a page), one runtime after the other; then the code sizes and
// the timing-leakage check in Node. Writes bench/results/latest.json (every round of every case,
// the machine, the plan) and latest.md (the tables). A run of only some suites or runtimes
// (BENCH_SUITES, BENCH_RUNTIMES; see bench/config.ts) writes latest-<what>.{json,md} instead,
// leaving latest.* as the last full run. `npm run bench:report` turns the JSON into REPORT.md.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { initSync } from '../bindings/node/index.js';
import { configFromEnv, RUNTIMES, SUITES, type Runtime } from './config.js';
import { loadAverage, machine } from './machine.js';
import { resultsDocument } from './markdown/document.js';
import type { BenchResults, RuntimeResults } from './results.js';
import { runSuites } from './run-suites.js';
import { nodeNative } from './native/node.js';
import { leakageChecks } from './ct-leakage.js';
import { sizeReport } from './sizes.js';
import { runDeno } from './deno/launch.js';
import { runChromium } from './browser/launch.js';

const root = new URL('../../', import.meta.url); // from dist/bench/
const config = configFromEnv(process.env);
const log = (line: string): void => console.log(line);
const loadBefore = loadAverage();

const packageVersion = (name: string): string =>
  // Read from node_modules directly: some packages' exports maps hide package.json.
  (JSON.parse(readFileSync(new URL(`node_modules/${name}/package.json`, root), 'utf8')) as { version: string }).version;
const versions = Object.fromEntries(['libsodium-wrappers-sumo', '@noble/curves', '@noble/hashes', '@noble/ciphers', 'ts-mls'].map((n) => [n, packageVersion(n)]));

const portable = config.suites.some((s) => s === 'primitives' || s === 'protocol');
const runners: Record<Runtime, () => Promise<RuntimeResults>> = {
  node: () => {
    initSync();
    const cpuClock = (): number => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    return runSuites(config, { runtime: 'node', version: `Node ${process.version} (V8 ${process.versions.v8})`, native: nodeNative, cpuClock, log });
  },
  deno: () => runDeno(config),
  chromium: () => runChromium(config, log),
};

const runtimes: RuntimeResults[] = [];
if (portable) {
  for (const rt of config.runtimes) {
    log(`== ${rt}`);
    try {
      runtimes.push(await runners[rt]());
    } catch (e) {
      // A runtime that cannot start is reported as such in the results, not skipped in silence.
      const error = e instanceof Error ? e.message : String(e);
      log(`${rt} failed: ${error}`);
      runtimes.push({ runtime: rt, version: rt, seconds: 0, failures: config.suites.filter((s) => s === 'primitives' || s === 'protocol').map((suite) => ({ suite, error })) });
    }
  }
}

if (config.suites.includes('leakage')) initSync();
const leakage = config.suites.includes('leakage') ? leakageChecks(config.quick ? 2000 : 20000) : undefined;
const sizes = config.suites.includes('sizes') ? await sizeReport() : undefined;

// The core every runtime loaded (dist/bindings/browser/smmp-core.wasm, copied from build/).
const core = readFileSync(new URL('dist/bindings/browser/smmp-core.wasm', root));
const results: BenchResults = {
  date: new Date().toISOString(),
  machine: machine(),
  load: { before: loadBefore, after: loadAverage() },
  core: { bytes: core.length, sha256: createHash('sha256').update(core).digest('hex') },
  versions,
  config,
  runtimes,
  ...(sizes ? { sizes } : {}),
  ...(leakage ? { leakage } : {}),
};

const partial = [
  ...(config.quick ? ['quick'] : []),
  ...(config.suites.length < SUITES.length ? config.suites : []),
  ...(config.runtimes.length < RUNTIMES.length ? config.runtimes : []),
];
const base = ['latest', ...partial].join('-');
const folder = process.env.BENCH_OUT ? pathToFileURL(resolve(process.env.BENCH_OUT) + '/') : new URL('bench/results/', root);
mkdirSync(folder, { recursive: true });
writeFileSync(new URL(`${base}.json`, folder), JSON.stringify(results, null, 2) + '\n');
const md = resultsDocument(results);
writeFileSync(new URL(`${base}.md`, folder), md);
console.log(`\n${md}\nwrote ${new URL(`${base}.json`, folder).pathname} and .md`);
if (runtimes.some((r) => r.failures.length > 0)) process.exitCode = 1;
