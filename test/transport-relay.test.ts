// The relay transport's own duties: back-off with jitter, heartbeats that notice a silent
// network, argument and state errors, and the global WebSocket (Deno) without injection.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { RelayCore } from '../ts/relay/core.js';
import { newRoomId, roomIdToString } from '../ts/relay/room-id.js';
import { backoffDelay } from '../ts/transport/backoff.js';
import { memoryTransport } from '../ts/transport/memory.js';
import { webSocketTransport, type WebSocketConstructor } from '../ts/transport/websocket.js';
import { Member, closeMembers, text, until } from './support/relay-clients.js';
import { startProxy, startRelayProcess } from './support/relay-process.js';

const WS = WebSocket as unknown as WebSocketConstructor;

test('back-off doubles to its ceiling, with jitter between half and all of it', () => {
  const o = { initialMs: 100, maxMs: 1000, random: () => 0.999999 };
  assert.deepEqual([0, 1, 2, 3, 4, 10, 100].map((n) => backoffDelay(n, o)), [100, 200, 400, 800, 1000, 1000, 1000]);
  assert.deepEqual([0, 3, 50].map((n) => backoffDelay(n, { ...o, random: () => 0 })), [50, 400, 500]);
});

test('a silent network is noticed by the heartbeat and the transport moves on, resuming', async () => {
  const relay = await startRelayProcess('node');
  const proxy = await startProxy(relay.url);
  try {
    const room = newRoomId();
    const opts = { WebSocket: WS, heartbeatMs: 300, heartbeatTimeoutMs: 700, backoffInitialMs: 10 };
    const ann = new Member('ann', webSocketTransport([proxy.url, relay.url], opts), room);
    const bob = new Member('bob', webSocketTransport(relay.url, { WebSocket: WS }), room);
    await Promise.all([ann.caughtUp(), bob.caughtUp()]);
    bob.say('before');
    await ann.has(1);
    proxy.freeze();
    bob.say('during');
    const heartbeatTimeouts = (): number => ann.events.filter((e) => e.status === 'disconnected' && e.reason === 'heartbeat timeout').length;
    await until(() => heartbeatTimeouts() >= 1, 'the heartbeat to give up', 10_000);
    await ann.has(2);
    ann.say('after');
    await Promise.all([ann.has(3), bob.has(3)]);
    assert.deepEqual(ann.texts, ['before', 'during', 'after']);
    assert.deepEqual(bob.texts, ann.texts);
  } finally {
    await closeMembers();
    await proxy.close();
    await relay.stop();
  }
});

test('argument and state errors are typed', async () => {
  const core = new RelayCore();
  const t = memoryTransport(core, { maxPayloadBytes: 10, maxPending: 2, heartbeatMs: 0 });
  assert.throws(() => t.open(new Uint8Array(31), null, { packet() {}, status() {}, gap() {} }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => t.open(newRoomId(), { log: 0, seq: 1 }, { packet() {}, status() {}, gap() {} }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => t.publish(new Uint8Array(0)), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => t.publish(new Uint8Array(11)), { code: 'PAYLOAD_TOO_LARGE' });
  t.publish(text('a'));
  t.publish(text('b'));
  assert.throws(() => t.publish(text('c')), { code: 'BACKLOG_FULL' });
  assert.throws(() => memoryTransport(core, { heartbeatMs: -1 }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => memoryTransport(core, { nonsense: 1 } as never), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => webSocketTransport('http://example.com/', { WebSocket: WS }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => webSocketTransport([], { WebSocket: WS }), { code: 'INVALID_ARGUMENT' });
  if ((globalThis as { WebSocket?: unknown }).WebSocket === undefined) {
    assert.throws(() => webSocketTransport('ws://127.0.0.1:1/'), { code: 'INVALID_ARGUMENT', message: /global WebSocket/ });
  }
  const m = new Member('m', memoryTransport(core, { heartbeatMs: 0 }), newRoomId());
  await m.caughtUp();
  assert.throws(() => m.transport.open(newRoomId(), null, { packet() {}, status() {}, gap() {} }), { code: 'INVALID_ARGUMENT' });
  await m.transport.close();
  assert.throws(() => m.say('late'), { code: 'TRANSPORT_CLOSED' });
  assert.deepEqual(m.statuses(), ['connecting', 'open', 'caught-up', 'closed']);
  await t.close();
  await core.close();
});

test('in Deno the transport uses the global WebSocket, no constructor given', async () => {
  const relay = await startRelayProcess('node');
  try {
    const room = newRoomId();
    const ann = new Member('ann', webSocketTransport(relay.url, { WebSocket: WS, heartbeatMs: 0 }), room);
    await ann.caughtUp();
    ann.say('hello deno');
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const deno = spawn(`${root}node_modules/.bin/deno`, ['run', '--allow-net', 'test/support/relay-deno-client.ts', relay.url, roomIdToString(room)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    deno.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => ann.texts.includes('hello node'), 'the Deno client to speak', 30_000);
    const code = await new Promise<number | null>((r) => deno.once('exit', r));
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out), ['hello deno', 'hello node']);
  } finally {
    await closeMembers();
    await relay.stop();
  }
});
