// One runtime's share of a benchmark run, the same code in Node, Deno and a page: the primitive
// and protocol suites the plan asks for, each isolated so that one that cannot run here (a
// library that does not load, say) is reported as a failure and the rest still runs. The caller
// has loaded the core through its own binding first.

import type { BenchConfig, Runtime } from './config.js';
import { measureAll, type Measured } from './measure.js';
import type { RuntimeResults } from './results.js';
import type { Native } from './workloads/primitives.js';
import type { CpuClock, ProtocolResults } from './workloads/protocol.js';

export interface RuntimeEnv {
  runtime: Runtime;
  version: string;
  native: Native;
  cpuClock?: CpuClock;
  log: (line: string) => void;
}

const rates = (m: Measured): string => m.results.map((r) => `${r.impl} ${Math.round(r.opsPerSec)}/s`).join(', ');
const message = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

export async function runSuites(config: BenchConfig, env: RuntimeEnv): Promise<RuntimeResults> {
  const t0 = performance.now();
  const out: RuntimeResults = { runtime: env.runtime, version: env.version, seconds: 0, failures: [] };
  const { log } = env;

  if (config.suites.includes('primitives')) {
    try {
      const { primitiveWorkloads } = await import('./workloads/primitives.js');
      const workloads = await primitiveWorkloads(env.native);
      log(`[${env.runtime}] primitives: ${workloads.length} workloads, ${config.harness.rounds} rounds`);
      const results = await measureAll(workloads, config.harness, (r) => log(`[${env.runtime}] primitives: round ${r} of ${config.harness.rounds} done`));
      for (const m of results) log(`[${env.runtime}] ${m.workload}: ${rates(m)}`);
      out.primitives = results;
    } catch (e) {
      out.failures.push({ suite: 'primitives', error: message(e) });
      log(`[${env.runtime}] primitives failed: ${message(e)}`);
    }
  }

  if (config.suites.includes('protocol')) {
    try {
      const p = await import('./workloads/protocol.js');
      p.setCpuClock(env.cpuClock);
      log(`[${env.runtime}] protocol: GKA for N = ${config.gka.sizes.join(', ')} (ts-mls up to N = ${config.gka.mlsMaxN}), ${config.gka.rounds} rounds`);
      const gka = await p.measureGka(config.gka, (line) => log(`[${env.runtime}] ${line.trim()}`));
      const msg = await p.messageWorkloads();
      const messages = await measureAll(msg.workloads, config.harness);
      log(`[${env.runtime}] messages: ${messages.map(rates).join('; ')}`);
      const protocol: ProtocolResults = { ciphersuite: p.MLS_SUITE, gka, gkaOptions: config.gka, messages, messageBytes: msg.bytes, messageGroup: p.MESSAGE_GROUP, plaintextBytes: p.PLAINTEXT_BYTES, cpuTime: env.cpuClock !== undefined };
      out.protocol = protocol;
    } catch (e) {
      out.failures.push({ suite: 'protocol', error: message(e) });
      log(`[${env.runtime}] protocol failed: ${message(e)}`);
    }
  }
  out.seconds = (performance.now() - t0) / 1000;
  return out;
}
