// Node side of the browser storage tests (test/browser/store-page.ts), called by run.ts: the
// single-page checks, then Web Locks across tabs of one profile: tab 1 holds member "alice",
// tab 2 is refused, tab 1 closes (the browser releases its lock), tab 3 takes over and finds
// tab 1's state in IndexedDB.

import type { BrowserContext } from 'playwright-core';
import { runPage, type PageResult } from '../support/chromium.js';

export const STORE_PAGE = '/store.html';

async function waitDone(page: import('playwright-core').Page): Promise<PageResult[]> {
  await page.waitForFunction(() => (globalThis as { __smmp?: { done?: boolean } }).__smmp?.done === true, undefined, { timeout: 60_000, polling: 100 });
  return (await page.evaluate(() => (globalThis as unknown as { __smmp: { results: unknown[] } }).__smmp.results)) as PageResult[];
}

export async function runStorePages(context: BrowserContext, origin: string): Promise<PageResult[]> {
  const results = await runPage(context, `${origin}${STORE_PAGE}?mode=checks`, 60_000);
  const db = `smmp-tabs-${Date.now()}`;
  const holder = await context.newPage();
  try {
    await holder.goto(`${origin}${STORE_PAGE}?mode=hold&db=${db}`, { timeout: 30_000 });
    results.push(...(await waitDone(holder)));
    results.push(...(await runPage(context, `${origin}${STORE_PAGE}?mode=contend&db=${db}`, 60_000)));
  } catch (e) {
    results.push({ suite: 'store (chromium)', name: 'tabs', status: 'fail', ms: 0, error: String(e) });
  } finally {
    await holder.close();
  }
  results.push(...(await runPage(context, `${origin}${STORE_PAGE}?mode=resume&db=${db}`, 60_000)));
  return results;
}
