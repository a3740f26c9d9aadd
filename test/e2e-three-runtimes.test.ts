// End to end across runtimes through a real relay process (the relay CLI): a Node member and a
// Deno member (child processes, encrypted file stores) and a Chromium page member (IndexedDB
// store) form a group and chat. The Deno member is killed with SIGKILL in the middle of a burst
// and restarted from its stored state: it shows every message exactly once (nothing lost, no
// duplicate), the others receive what it sends after the restart; the page member restarts too
// (a reload, its state from IndexedDB); and the digests converge.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crypto, generateIdentity, toHex } from './support/core.js';
import { bundleForPage, html, serve, withChromium } from './support/chromium.js';
import { openPageMember, spawnMember, startRelayProcess, type Member } from './support/e2e-procs.js';
import type { MemberConfig, MemberEvent, ShownMessage } from './support/e2e-member.js';
import { createInvite, encodeInvite } from '../ts/session/invite.js';

type Of<K extends MemberEvent['ev']> = Extract<MemberEvent, { ev: K }>;
const is =
  <K extends MemberEvent['ev']>(ev: K, pred: (e: Of<K>) => boolean = () => true) =>
  (e: MemberEvent): e is Of<K> =>
    e.ev === ev && pred(e as Of<K>);
const shownTexts = (m: Member): string[] => m.events.flatMap((e) => (e.ev === 'message' ? [e.message.text] : []));
const hasText = (text: string) => is('message', (e) => e.message.text === text);

test('end to end: Node, Deno and Chromium members chat through the relay; a killed member restarts with nothing lost or doubled', { timeout: 90_000 }, async () => {
  const t0 = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'smmp-e2e-'));
  const relay = await startRelayProcess();
  const dist = new URL('../', import.meta.url);
  const bundle = await bundleForPage({ path: fileURLToPath(new URL('test/support/e2e-browser-member.js', dist)) });
  const wasm = readFileSync(new URL('bindings/browser/smmp-core.wasm', dist));
  const server = await serve(
    new Map([
      ['/member.html', { body: html('/member.js', 'smmp e2e member'), type: 'text/html' }],
      ['/member.js', { body: bundle, type: 'text/javascript' }],
      ['/smmp-core.wasm', { body: wasm, type: 'application/wasm' }],
    ]),
  );
  const members: Member[] = [];
  try {
    const people = ['node', 'deno', 'chromium'].map((name) => ({ name, identity: generateIdentity(), storageKey: crypto.randomBytes(32) }));
    const invite = encodeInvite(createInvite({ members: people.map((p) => p.identity.publicKey), relayUrl: relay.url }));
    const config = (i: number): MemberConfig => ({ name: people[i]!.name, secret: toHex(people[i]!.identity.secretKey), storageKey: toHex(people[i]!.storageKey), invite, dir });
    const nameOf = new Map(people.map((p) => [toHex(p.identity.publicKey), p.name]));

    await withChromium(async (context) => {
      const node = spawnMember('node', config(0));
      let deno = spawnMember('deno', config(1));
      const page = await openPageMember(context, server.origin, config(2));
      members.push(node, deno, page);
      const all = (): Member[] => [node, deno, page];

      // The group forms: the same group code everywhere.
      const codes = await Promise.all(all().map((m) => m.waitFor('active', is('active'))));
      assert.equal(new Set(codes.map((c) => c.groupCode)).size, 1);
      console.log(`group active after ${Date.now() - t0} ms, code ${codes[0]!.groupCode}`);

      for (const m of all()) await m.command({ cmd: 'send', text: `hello from ${m.name.split(' ')[0]}` });
      for (const m of all()) for (const o of all()) if (o !== m) await m.waitFor(`hello from ${o.name}`, hasText(`hello from ${o.name.split(' ')[0]}`));

      // A burst from Node; Deno is killed as soon as it shows the first of it.
      for (let k = 1; k <= 5; k++) await node.command({ cmd: 'send', text: `burst ${k}` });
      await deno.waitFor('burst 1', hasText('burst 1'));
      await deno.kill();
      const before = deno.events;
      console.log(`deno killed after showing ${shownTexts(deno).filter((t) => t.startsWith('burst')).length} of 5 burst messages`);
      await page.command({ cmd: 'send', text: 'while deno is down' });
      await node.waitFor('while deno is down', hasText('while deno is down'));

      // A second tab on the Chromium member's state is refused (Web Lock): one writer.
      const second = await openPageMember(context, server.origin, config(2));
      const refused = await second.waitFor('a lock error', is('error'));
      assert.match(refused.message, /in use/);
      await second.kill();

      // Restart from the stored state.
      deno = spawnMember('deno', config(1));
      members[1] = deno;
      const started = await deno.waitFor('started', is('started'));
      await deno.waitFor('caught up', is('caught-up'));
      await deno.waitFor('while deno is down', (e): e is Of<'message'> => hasText('while deno is down')(e) || started.history.some((h) => h.text === 'while deno is down'));
      await deno.waitFor('burst 5', (e): e is Of<'message'> => hasText('burst 5')(e) || started.history.some((h) => h.text === 'burst 5'));

      // Nothing it showed before the kill is lost: every message shown then is in the saved history.
      const history = started.history.map((h: ShownMessage) => h.text);
      for (const text of shownTexts({ ...deno, events: before })) assert.ok(history.includes(text), `lost across the restart: ${text}`);
      // Each message shown exactly once: the saved history, then what arrived after the restart.
      const seen = [...history, ...shownTexts(deno)];
      const expected = ['hello from node', 'hello from deno', 'hello from chromium', 'burst 1', 'burst 2', 'burst 3', 'burst 4', 'burst 5', 'while deno is down'];
      assert.deepEqual([...seen].sort(), [...expected].sort(), `shown after the restart: ${JSON.stringify(seen)}`);
      for (const h of started.history) if (!h.own) assert.equal(nameOf.has(h.from), true);
      assert.deepEqual(deno.events.filter((e) => e.ev === 'alarm' || e.ev === 'error'), []);

      // It sends again after the restart.
      await deno.command({ cmd: 'send', text: 'deno is back' });
      await node.waitFor('deno is back', hasText('deno is back'));
      await page.waitFor('deno is back', hasText('deno is back'));

      // The Chromium member restarts too (a reload: its state comes back from IndexedDB).
      const shownBefore = [...page.events];
      page.events.length = 0;
      await page.page.reload({ timeout: 20_000 });
      const again = await page.waitFor('started after the reload', is('started'));
      const pageSaw = [...shownTexts({ ...page, events: shownBefore }), ...shownBefore.flatMap((e) => (e.ev === 'started' ? e.history.filter((h) => !h.own).map((h) => h.text) : []))];
      const kept = again.history.filter((h) => !h.own).map((h) => h.text);
      assert.deepEqual([...kept].sort(), [...new Set(pageSaw)].sort(), 'the page shows after the reload what it showed before, once each');
      await page.waitFor('caught up after the reload', is('caught-up'));
      await page.command({ cmd: 'send', text: 'chromium is back' });
      await node.waitFor('chromium is back', hasText('chromium is back'));
      await deno.waitFor('chromium is back', hasText('chromium is back'));
      assert.deepEqual(page.events.filter((e) => e.ev === 'message'), [], 'nothing shown twice after the reload');

      // Everyone converges on one transcript.
      const until = Date.now() + 20_000;
      let digests: (string | undefined)[] = [];
      while (Date.now() < until) {
        const asked = all().map((m) => {
          const n = m.events.length;
          return m.command({ cmd: 'digest' }).then(() => m.waitFor('digest', (e): e is Of<'digest'> => e.ev === 'digest' && m.events.indexOf(e) >= n));
        });
        digests = (await Promise.all(asked)).map((d) => d.digest);
        if (digests[0] !== undefined && new Set(digests).size === 1) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      assert.equal(new Set(digests).size, 1, `digests: ${digests.join(' ')}`);
      for (const m of all()) assert.deepEqual(m.events.filter((e) => e.ev === 'alarm' || e.ev === 'error'), [], m.name);
      console.log(`done after ${Date.now() - t0} ms`);
      await node.command({ cmd: 'stop' });
      await deno.command({ cmd: 'stop' });
    });
  } finally {
    for (const m of members) await m.kill().catch(() => undefined);
    relay.child.kill('SIGTERM');
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
