// The Deno side of `npm run bench`, run by bench/deno/launch.ts as
//   deno run --allow-read=<checkout> dist/bench/deno/main.js '<BenchConfig as JSON>'
// Loads the core through the Deno entry (bindings/deno, compiled), runs the portable suites with
// WebCrypto as the native implementation and CPU time from node:process, logs progress to
// stderr and prints the results as one JSON line on stdout.

import process from 'node:process';
import { init } from '../../bindings/deno/mod.js';
import type { BenchConfig } from '../config.js';
import { runSuites } from '../run-suites.js';
import { webCryptoNative } from '../native/webcrypto.js';

// Only what this file uses of the Deno namespace, typed here so tsc compiles it too.
declare const Deno: { args: string[]; version: { deno: string; v8: string } };

const config = JSON.parse(Deno.args[0]!) as BenchConfig;
await init();
const results = await runSuites(config, {
  runtime: 'deno',
  version: `Deno ${Deno.version.deno} (V8 ${Deno.version.v8})`,
  native: webCryptoNative,
  // Deno's node:process reports the process's CPU time as Node does (all threads).
  cpuClock: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
  log: (line) => console.error(line),
});
console.log(JSON.stringify(results));
