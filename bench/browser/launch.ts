// Runs the Chromium side of the bench: bundles bench/browser/page.js (our browser entry,
// libsodium-wrappers-sumo, @noble/*, ts-mls) with esbuild, serves it with the .wasm from
// 127.0.0.1 (cross-origin isolated, so performance.now() ticks at 5 us rather than 100 us), and
// runs it in headless Debian Chromium through the helpers of the browser tests.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleForPage, html, serve, withChromium, type Route } from '../../test/support/chromium.js';
import type { BenchConfig } from '../config.js';
import type { RuntimeResults } from '../results.js';
import type { PageBridge } from './page.js';

const dist = new URL('../../', import.meta.url); // from dist/bench/browser/
// Generous: a full run of both suites takes minutes; a stuck page must still end the run.
const TIMEOUT_MS = 60 * 60_000;

const bundlePage = (): Promise<string> => bundleForPage({ path: fileURLToPath(new URL('bench/browser/page.js', dist)) });

export async function runChromium(config: BenchConfig, log: (line: string) => void): Promise<RuntimeResults> {
  const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  const routes = new Map<string, Route>([
    ['/bench.html', { body: html('/bench.js', 'smmp bench'), type: 'text/html', headers: isolated }],
    ['/bench.js', { body: await bundlePage(), type: 'text/javascript', headers: isolated }],
    ['/smmp-core.wasm', { body: readFileSync(new URL('bindings/browser/smmp-core.wasm', dist)), type: 'application/wasm', headers: isolated }],
  ]);
  const server = await serve(routes);
  try {
    return await withChromium(async (context) => {
      const page = await context.newPage();
      const consoleErrors: string[] = [];
      let settle!: { resolve: (r: RuntimeResults) => void; reject: (e: Error) => void };
      const done = new Promise<RuntimeResults>((resolve, reject) => (settle = { resolve, reject }));
      // An uncaught error (say, the bundle failing to evaluate) would otherwise leave us waiting.
      page.on('pageerror', (e) => settle.reject(new Error(`bench page: uncaught ${e.message}`)));
      page.on('console', (m) => void (m.type() === 'error' && consoleErrors.push(m.text())));
      const timer = setTimeout(() => settle.reject(new Error(`the bench page did not finish in ${TIMEOUT_MS / 60_000} min; ${consoleErrors.join('; ')}`)), TIMEOUT_MS);
      page.on('crash', () => settle.reject(new Error('the bench page crashed')));
      await page.exposeFunction('__benchLog' satisfies keyof PageBridge, (line: string) => log(line));
      await page.exposeFunction('__benchDone' satisfies keyof PageBridge, (r: RuntimeResults) => settle.resolve(r));
      await page.exposeFunction('__benchFail' satisfies keyof PageBridge, (e: string) => settle.reject(new Error(`bench page: ${e}`)));
      await page.addInitScript((c) => {
        (globalThis as unknown as PageBridge).__benchConfig = c;
      }, config);
      try {
        await page.goto(`${server.origin}/bench.html`, { timeout: 30_000 });
        return await done;
      } finally {
        clearTimeout(timer);
      }
    });
  } finally {
    await server.close();
  }
}
