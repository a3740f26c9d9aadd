// Chromium runner: bundles the portable suites and the browser-only checks with esbuild from
// dist/, serves them on 127.0.0.1, runs them in Debian's Chromium (playwright-core, fresh profile)
// and prints one line per test. Exits non-zero if any test fails or none ran.
// Usage: node dist/test/browser/run.js   (SMMP_LONG=1 for the slow vectors)

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleForPage, html, runPage, serve, withChromium, type PageResult, type Route } from '../support/chromium.js';
import { runStorePages, STORE_PAGE } from './store-run.js';

const here = new URL('./', import.meta.url); // dist/test/browser/
const dist = new URL('../../', here);
const root = new URL('../', dist);
const path = (u: URL): string => fileURLToPath(u);

const bundle = (contents: string, name: string): Promise<string> => bundleForPage({ contents, resolveDir: path(here), name });

const t0 = performance.now();

// The portable suites, found by listing (a new suite file needs no registration).
const suites = readdirSync(new URL('../portable/suites/', here)).filter((f) => f.endsWith('.js')).sort();
const portableJs = await bundle(
  `import { main } from './portable-page.js';\nawait main(async () => {\n${suites.map((f) => `  await import('../portable/suites/${f}');`).join('\n')}\n});\n`,
  'portable-entry.js',
);
const checksJs = await bundle(`import './checks-page.js';\n`, 'checks-entry.js');
const workerJs = await bundle(`import './worker.js';\n`, 'worker-entry.js');
const storeJs = await bundle(`import './store-page.js';\n`, 'store-entry.js');
const wasm = readFileSync(new URL('bindings/browser/smmp-core.wasm', dist));

const js = (body: string, headers?: Record<string, string>): Route => ({ body, type: 'text/javascript', ...(headers ? { headers } : {}) });
const routes = new Map<string, Route>([
  ['/portable.html', { body: html('/portable.js', 'smmp portable suites'), type: 'text/html' }],
  ['/portable.js', js(portableJs)],
  ['/checks.html', { body: html('/checks.js', 'smmp browser checks'), type: 'text/html' }],
  ['/checks.js', js(checksJs)],
  ['/worker.js', js(workerJs)],
  [STORE_PAGE, { body: html('/store.js', 'smmp storage'), type: 'text/html' }],
  ['/store.js', js(storeJs)],
  ['/smmp-core.wasm', { body: wasm, type: 'application/wasm' }],
  ['/assets/v1/core.wasm', { body: wasm, type: 'application/wasm' }],
]);
const vectorsDir = new URL('test/vectors/', root);
const server = await serve(routes, (p) => {
  const m = /^\/vectors\/((?:rfc|wycheproof)\/[\w.-]+\.json)$/.exec(p);
  return m ? { body: readFileSync(new URL(m[1]!, vectorsDir)), type: 'application/json' } : undefined;
});

const long = process.env.SMMP_LONG === '1';
let results: PageResult[] = [];
let CHROMIUM_VERSION = '?';
try {
  results = await withChromium(async (context) => {
    CHROMIUM_VERSION = context.browser()?.version() ?? '?';
    const all = await runPage(context, `${server.origin}/portable.html${long ? '?long=1' : ''}`, long ? 1_800_000 : 120_000);
    // The checks page lists its checks and the CSP each needs; each then runs in its own document.
    const listPage = await context.newPage();
    await listPage.goto(`${server.origin}/checks.html`, { timeout: 30_000 });
    await listPage.waitForFunction(() => (globalThis as { __smmp?: { done?: boolean } }).__smmp?.done === true, undefined, { timeout: 30_000 });
    const checks = (await listPage.evaluate(() => (globalThis as { __smmpChecks?: unknown }).__smmpChecks)) as { name: string; csp: string | null }[];
    await listPage.close();
    for (const [i, c] of checks.entries()) {
      const page = `/check-${i}.html`;
      routes.set(page, { body: html('/checks.js', c.name), type: 'text/html', ...(c.csp ? { headers: { 'content-security-policy': c.csp } } : {}) });
      all.push(...(await runPage(context, `${server.origin}${page}?check=${encodeURIComponent(c.name)}`, 60_000)));
    }
    all.push(...(await runStorePages(context, server.origin)));
    return all;
  });
} finally {
  await server.close();
}

const counts = { pass: 0, fail: 0, skip: 0 };
for (const r of results) {
  counts[r.status]++;
  const mark = r.status === 'pass' ? 'ok  ' : r.status === 'skip' ? 'skip' : 'FAIL';
  console.log(`${mark} ${r.suite} > ${r.name}${r.status === 'skip' ? ` (${r.error})` : ` (${r.ms.toFixed(1)} ms)`}`);
  if (r.note !== undefined) console.log(`     ${r.note}`);
  if (r.status === 'fail') console.log(`     ${(r.error ?? '').split('\n').join('\n     ')}`);
}
const seconds = ((performance.now() - t0) / 1000).toFixed(1);
console.log(`\nChromium ${CHROMIUM_VERSION}, ${results.length} tests in ${seconds} s`);
console.log(`chromium: ${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped`);
if (counts.fail > 0 || counts.pass === 0) process.exitCode = 1;
