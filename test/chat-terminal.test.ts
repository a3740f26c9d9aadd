// The terminal chat (`deno task chat`) driven in tmux, asserting on what the screen shows: two
// chats with their own data folders form a group through a real relay (WebSocket, this process)
// by invite, talk, see delivery marks and /members with safety numbers, verify; one quits and
// restarts from its stored state and shows its history once, with what it missed; a second chat
// on a data folder in use is refused; the screen follows a resize.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import './support/core.js';
import { safetyNumber } from '../ts/protocol/identity.js';
import { fromHex } from '../ts/bytes.js';
import { startRelay } from '../ts/relay/node/server.js';
import { DENO, ROOT, TmuxServer, tmuxAvailable, type ChatPane } from './support/chat-tmux.js';

const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;
const shortOf = (hexKey: string): string => `#${safetyNumber(fromHex(hexKey)).slice(0, 5)}`;
const keyOn = (screen: string): string | undefined => /^([0-9a-f]{64})$/m.exec(screen)?.[1];
const title = (screen: string): string => screen.split('\n')[0]!;
// The row above the input line (the last row).
const statusRow = (screen: string): string => screen.replace(/\n+$/, '').split('\n').at(-2)!;

test('terminal chat in tmux: invite, join, talk, members, verify, restart, lock, resize', { skip: tmuxAvailable() ? false : 'tmux not installed' }, async () => {
  const relay = await startRelay({ port: 0 });
  const server = new TmuxServer();
  const dirs = { alice: mkdtempSync(join(tmpdir(), 'smmp-chat-alice-')), bob: mkdtempSync(join(tmpdir(), 'smmp-chat-bob-')) };
  const chat = (name: 'alice' | 'bob', session: string = name): ChatPane =>
    server.start(session, `./node_modules/.bin/deno task chat --data ${dirs[name]} --relay ${relay.url}`, { SMMP_PASSPHRASE: `passphrase of ${name}` });
  try {
    const alice = chat('alice');
    const bob = chat('bob');
    const aliceKey = await alice.waitFor('its identity key', keyOn, 40_000);
    const bobKey = await bob.waitFor('its identity key', keyOn, 40_000);
    assert.match(title(alice.screen()), /smmp chat \| no group/);

    alice.type(`/invite ${bobKey}`);
    await alice.waitFor('the invite', (s) => s.includes('smmp1:'));
    // The key agreement runs and shows whom it waits for until bob joins.
    await alice.waitFor('key agreement progress', (s) => statusRow(s).startsWith(`key agreement: round 1 of 3 (hello), waiting for ${shortOf(bobKey)}`));
    const invite = readFileSync(join(dirs.alice, 'invite.txt'), 'utf8').trim();
    assert.ok(alice.screen().includes(invite.slice(0, 60)), 'the invite on the screen is the one saved');
    bob.type(`/join ${invite}`);
    const code = await alice.waitFor('the group active', (s) => /group of 2, code (\S+)/.exec(title(s))?.[1]);
    await bob.waitFor('the same group', (s) => title(s).includes(`group of 2, code ${code}`));
    await bob.waitFor('the unverified warning', (s) => s.includes(`!! unverified: ${shortOf(aliceKey)}`));

    alice.type('hello from alice');
    await bob.waitFor('alice heard', (s) => s.includes(`${shortOf(aliceKey)}: hello from alice`));
    await alice.waitFor('delivered to all', (s) => s.includes('you: hello from alice [delivered to all]'));

    bob.type('/members');
    const members = await bob.waitFor('/members', (s) => (s.includes('members (2), group code') ? s : undefined));
    assert.match(members, new RegExp(`${shortOf(aliceKey)}  ${safetyNumber(fromHex(aliceKey))}  UNVERIFIED`));
    assert.match(members, new RegExp(`${shortOf(bobKey)}  ${safetyNumber(fromHex(bobKey))}  you`));
    bob.type(`/verify ${shortOf(aliceKey)}`);
    await bob.waitFor('verified', (s) => s.includes(`${shortOf(aliceKey)} marked verified`) && !statusRow(s).includes('unverified'));

    // Bob quits; alice talks meanwhile; bob restarts from his stored state.
    bob.type('/quit');
    await bob.waitFor('bob gone', (s) => s.includes('bye') || bob.dead());
    alice.type('while you were away');
    await alice.waitFor('sent', (s) => s.includes('you: while you were away [sent]') || s.includes('you: while you were away [not acknowledged'));
    const bob2 = chat('bob', 'bob2');
    const back = await bob2.waitFor('the missed message', (s) => (s.includes(`${shortOf(aliceKey)}: while you were away`) ? s : undefined), 40_000);
    assert.equal(count(back, 'hello from alice'), 1, `history shown once:\n${back}`);
    assert.equal(count(back, 'while you were away'), 1);
    assert.match(title(back), new RegExp(`group of 2, code ${code}`));
    await alice.waitFor('delivered once bob is back', (s) => s.includes('you: while you were away [delivered to all]'));
    bob2.type('back again');
    await alice.waitFor('bob heard', (s) => s.includes(`${shortOf(bobKey)}: back again`));
    await bob2.waitFor('delivered', (s) => s.includes('you: back again [delivered to all]'));
    assert.equal(count(bob2.screen(), 'hello from alice'), 1);

    // A second chat on alice's data folder is refused before it asks anything.
    const second = spawnSync(DENO, ['task', 'chat', '--data', dirs.alice, '--relay', relay.url], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, SMMP_PASSPHRASE: 'passphrase of alice', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.equal(second.status, 1, second.stderr);
    assert.match(second.stderr, /another chat is using .*in use by process \d+/s);

    // Resized, the screen is redrawn to the new size: title on top, input line at the bottom.
    alice.resize(60, 16);
    await alice.waitFor('a 60x16 frame', (s) => {
      const rows = s.replace(/\n$/, '').split('\n');
      return rows.length === 16 && rows[0]!.startsWith(' smmp chat |') && rows[15]!.startsWith('>') && rows.every((r) => r.length <= 60);
    });
    alice.type('/quit');
    await alice.waitFor('alice gone', (s) => s.includes('bye') || alice.dead());
    bob2.type('/quit');
    await bob2.waitFor('bob gone', (s) => s.includes('bye') || bob2.dead());
  } finally {
    server.kill();
    await relay.close();
    for (const d of Object.values(dirs)) rmSync(d, { recursive: true, force: true });
  }
});
