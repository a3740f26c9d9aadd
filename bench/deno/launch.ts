// Runs the Deno side of the bench in a child process (the `deno` npm package's binary) and
// returns what it measured. Deno may read the checkout only (the core and node_modules).

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchConfig } from '../config.js';
import type { RuntimeResults } from '../results.js';

const root = new URL('../../../', import.meta.url); // from dist/bench/deno/
const DENO = fileURLToPath(new URL('node_modules/.bin/deno', root));

export function runDeno(config: BenchConfig): Promise<RuntimeResults> {
  const main = fileURLToPath(new URL('../deno/main.js', import.meta.url));
  const args = ['run', `--allow-read=${fileURLToPath(root)}`, main, JSON.stringify(config)];
  return new Promise((resolve, reject) => {
    // Progress goes to our stderr as it comes; the results arrive on stdout at the end.
    const child = spawn(DENO, args, { cwd: fileURLToPath(root), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`deno exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as RuntimeResults);
      } catch (e) {
        reject(new Error(`deno printed no results: ${(e as Error).message}`));
      }
    });
  });
}
