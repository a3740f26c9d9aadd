// The browser chat page as the relay serves it (npm run chat:web), under its strict CSP, in
// Debian's Chromium: two identities (two IndexedDB databases in one profile) form a group by
// invite, talk, see delivery and verify; a second tab on an identity in use is refused by its
// Web Lock; a reloaded page unlocks its keystore and shows its history from IndexedDB once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import './support/core.js';
import { CHAT_CSP, startChatWeb } from '../examples/browser-chat/serve.js';
import { CHROMIUM, withChromium } from './support/chromium.js';

const T = 30_000;

// Opens the page for identity `db`, watching for page errors and CSP reports.
async function open(context: BrowserContext, url: string, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`${url}: uncaught ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${url}: console ${m.text()}`);
  });
  await page.goto(url, { timeout: T });
  return page;
}

async function unlock(page: Page, passphrase: string, fresh: boolean): Promise<void> {
  await page.waitForSelector('body[data-state="locked"]', { timeout: T });
  await page.fill('#passphrase', passphrase);
  if (fresh) await page.fill('#passphrase2', passphrase);
  await page.click('#unlock-button');
  await page.waitForSelector('body[data-state="chat"]', { timeout: T });
}

async function say(page: Page, line: string): Promise<void> {
  await page.fill('#line', line);
  await page.press('#line', 'Enter');
}

const paneText = (page: Page): Promise<string> => page.locator('#pane').innerText();

test('browser chat: two pages form a group, talk, verify; a second tab is refused; a reload resumes', { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` }, async () => {
  const web = await startChatWeb({ port: 0 });
  const problems: string[] = [];
  try {
    const res = await fetch(web.pageUrl);
    assert.equal(res.headers.get('content-security-policy'), CHAT_CSP);
    assert.match(CHAT_CSP, /script-src 'self' 'wasm-unsafe-eval';/);

    await withChromium(async (context) => {
      const a = await open(context, `${web.pageUrl}?db=a`, problems);
      await unlock(a, 'passphrase of a', true);
      let b = await open(context, `${web.pageUrl}?db=b`, problems);
      await unlock(b, 'passphrase of b', true);
      const aKey = (await a.textContent('#my-key'))!;
      const bKey = (await b.textContent('#my-key'))!;
      assert.match(bKey, /^[0-9a-f]{64}$/);

      await say(a, `/invite ${bKey}`);
      await a.waitForFunction(() => (document.getElementById('invite-out') as HTMLTextAreaElement).value.startsWith('smmp1:'), undefined, { timeout: T });
      const invite = await a.inputValue('#invite-out');
      await b.fill('#join-text', invite);
      await b.click('#join-form button');
      for (const p of [a, b]) await p.waitForFunction(() => /^group of 2, code /.test(document.getElementById('title')!.textContent ?? ''), undefined, { timeout: T });
      assert.equal(await a.textContent('#title'), await b.textContent('#title'));
      assert.match((await b.textContent('#warnings'))!, /unverified: #\d{5}/);

      await say(a, 'hello from page a');
      await b.waitForFunction(() => document.getElementById('pane')!.innerText.includes('hello from page a'), undefined, { timeout: T });
      await a.waitForFunction(() => [...document.querySelectorAll('#pane .own .status')].some((s) => s.textContent === 'delivered to all'), undefined, { timeout: T });

      // Bob compares safety numbers and marks alice verified.
      const aliceRow = b.locator('#members li', { hasText: 'unverified' });
      assert.equal(await aliceRow.locator('.safety').textContent(), (await a.textContent('#my-safety'))!.trim());
      await aliceRow.locator('button').click();
      await b.waitForFunction(() => (document.getElementById('warnings')!.textContent ?? '') === '', undefined, { timeout: T });
      assert.equal(await b.locator('#members .mark.verified').count(), 1);

      // A second tab on alice's identity gets the lock error, and alice's tab goes on.
      const second = await open(context, `${web.pageUrl}?db=a`, problems);
      await second.waitForSelector('#fatal:not([hidden])', { timeout: T });
      assert.match((await second.textContent('#fatal'))!, /already open in another tab/);
      await second.close();

      // Bob reloads: the keystore unlocks, the history comes from IndexedDB, shown once.
      await b.close();
      await say(a, 'while b was away');
      b = await open(context, `${web.pageUrl}?db=b`, problems);
      await unlock(b, 'passphrase of b', false);
      await b.waitForFunction(() => document.getElementById('pane')!.innerText.includes('while b was away'), undefined, { timeout: T });
      const text = await paneText(b);
      assert.equal(text.split('hello from page a').length - 1, 1, text);
      assert.equal(text.split('while b was away').length - 1, 1, text);
      await say(b, 'back in the page');
      await a.waitForFunction(() => document.getElementById('pane')!.innerText.includes('back in the page'), undefined, { timeout: T });
      assert.equal(await b.locator('#members .mark.verified').count(), 1, 'the verified mark was kept');
      assert.ok(aKey !== bKey);
      if (process.env.SMMP_CHAT_SCREENSHOT) await a.screenshot({ path: process.env.SMMP_CHAT_SCREENSHOT });
    });
    assert.deepEqual(problems, []);
  } finally {
    await web.close();
  }
});
