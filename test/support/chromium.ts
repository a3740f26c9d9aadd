// Node-side helpers for the browser tests: a static server on 127.0.0.1 with per-route headers
// (for Content-Security-Policy pages), and Debian's Chromium driven by playwright-core with a
// fresh, empty profile. Every wait is bounded.

import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'esbuild';

export const CHROMIUM = process.env.SMMP_CHROMIUM ?? '/usr/bin/chromium';

export interface Route {
  body: Uint8Array | string;
  type: string;
  headers?: Record<string, string>;
}

export interface StaticServer {
  origin: string;
  // Paths requested so far, in order (with the query string).
  requests: string[];
  close(): Promise<void>;
}

// Serves `routes` (exact paths; the query string is ignored for matching) and 404 otherwise.
// `fallback` may supply routes computed on request (e.g. test vectors from disk).
export async function serve(routes: Map<string, Route>, fallback?: (path: string) => Route | undefined): Promise<StaticServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    const path = decodeURIComponent(url.split('?')[0]!);
    const route = routes.get(path) ?? fallback?.(path);
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': route.type, 'cache-control': 'no-store', ...route.headers });
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const html = (script: string, title = 'smmp test'): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><script type="module" src="${script}"></script></body></html>`;

// Launches Chromium headless with a new empty --user-data-dir, runs `body`, and always cleans up.
export async function withChromium<T>(body: (context: BrowserContext) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'smmp-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      timeout: 60_000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    return await body(context);
  } finally {
    await context?.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
  }
}

// What a test page reports through globalThis.__smmp once it is done: declared once, on the page
// side (a type-only import, so no browser code enters Node).
import type { Result as PageResult } from '../browser/report.js';
export type { PageResult };

// Opens `url` in a new tab, waits (bounded) for the page to set globalThis.__smmp.done, and
// returns its results. Uncaught page errors and console errors become a failed result, so a
// page that breaks before reporting still fails the run with the reason.
export async function runPage(context: BrowserContext, url: string, timeoutMs = 120_000): Promise<PageResult[]> {
  const page: Page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  try {
    await page.goto(url, { timeout: 30_000 });
    try {
      await page.waitForFunction(() => (globalThis as { __smmp?: { done?: boolean } }).__smmp?.done === true, undefined, { timeout: timeoutMs, polling: 100 });
    } catch (e) {
      const partial = ((await page.evaluate(() => (globalThis as { __smmp?: { results?: unknown[] } }).__smmp?.results).catch(() => undefined)) ?? []) as PageResult[];
      return [...partial, { suite: url, name: 'page finished', status: 'fail', ms: 0, error: `${(e as Error).message}\n${problems.join('\n')}` }];
    }
    return (await page.evaluate(() => (globalThis as unknown as { __smmp: { results: unknown[] } }).__smmp.results)) as PageResult[];
  } finally {
    await page.close().catch(() => undefined);
  }
}

// One esbuild setup for every page the tests and the bench load: ESM for the browser, in memory.
// Annotations are ignored: package.json says sideEffects: false (true of the library), but a
// page's entry is all side effects.
export async function bundleForPage(entry: { path: string } | { contents: string; resolveDir: string; name: string }): Promise<string> {
  const out = await build({
    ...('path' in entry ? { entryPoints: [entry.path] } : { stdin: { contents: entry.contents, resolveDir: entry.resolveDir, sourcefile: entry.name, loader: 'js' as const } }),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
    ignoreAnnotations: true,
  });
  return out.outputFiles[0]!.text;
}
