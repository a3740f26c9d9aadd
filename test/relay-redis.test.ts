// Scale-out through Redis Streams, against a real redis-server: two relay processes share a
// room; one is killed (SIGKILL) and its client resumes on the other with nothing lost and
// nothing twice. Sequence numbers stay dense across processes because one Lua script assigns
// them. The Deno relay joins the same room through the same Redis.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { WebSocket } from 'ws';
import { newRoomId } from '../ts/relay/room-id.js';
import { webSocketTransport, type WebSocketConstructor } from '../ts/transport/websocket.js';
import { Member, assertDense, closeMembers, until } from './support/relay-clients.js';
import { startRedis, startRelayProcess } from './support/relay-process.js';

const opts = { WebSocket: WebSocket as unknown as WebSocketConstructor, backoffInitialMs: 20, backoffMaxMs: 200, heartbeatMs: 0 };

test('two relays share a room through Redis; one is killed and its client resumes on the other', async () => {
  const redis = await startRedis();
  const [a, b] = await Promise.all([startRelayProcess('node', ['--redis', redis.url]), startRelayProcess('node', ['--redis', redis.url])]);
  try {
    const room = newRoomId();
    // ann prefers relay A and falls back to B; bob is on B.
    const ann = new Member('ann', webSocketTransport([a.url, b.url], opts), room);
    await ann.caughtUp();
    const bob = new Member('bob', webSocketTransport(b.url, opts), room);
    await bob.caughtUp();
    const open = bob.events.find((e) => e.status === 'open');
    assert.equal(open?.status === 'open' && open.online, 2, 'presence counted across relays');

    const sent: string[] = [];
    const say = (m: Member, t: string): void => {
      m.say(t);
      sent.push(t);
    };
    for (let i = 0; i < 30; i++) {
      say(ann, `ann ${i}`);
      say(bob, `bob ${i}`);
    }
    await Promise.all([ann.has(60), bob.has(60)]);
    assert.deepEqual(ann.texts, bob.texts, 'one order across relays');

    // Kill A with traffic in flight; ann moves to B.
    for (let i = 30; i < 60; i++) {
      say(ann, `ann ${i}`);
      say(bob, `bob ${i}`);
      if (i === 40) await a.kill();
      await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all([ann.has(sent.length, 20_000), bob.has(sent.length, 20_000)]);
    await new Promise((r) => setTimeout(r, 150));
    for (const m of [ann, bob]) {
      assertDense(m.seqs);
      assert.deepEqual([...m.texts].sort(), [...sent].sort(), `${m.name}: every message exactly once`);
      assert.deepEqual(m.gaps, []);
    }
    assert.deepEqual(ann.texts, bob.texts);
    const reconnect = ann.events.filter((e) => e.status === 'connecting').at(-1);
    assert.equal(reconnect?.status === 'connecting' && reconnect.url, b.url);

    // A Deno relay on the same Redis serves the same room.
    const d = await startRelayProcess('deno', ['--redis', redis.url]);
    try {
      const cat = new Member('cat', webSocketTransport(d.url, opts), room);
      await cat.has(sent.length);
      await cat.caughtUp();
      cat.say('from deno');
      await until(() => [ann, bob, cat].every((m) => m.texts.at(-1) === 'from deno'), 'cat heard on A and B');
      assertDense(cat.seqs);
      assert.deepEqual(cat.texts, ann.texts);
      await cat.transport.close();
    } finally {
      await d.stop();
    }
    await Promise.all([ann.transport.close(), bob.transport.close()]);
  } finally {
    await closeMembers();
    await Promise.all([a.kill(), b.stop()]);
    await redis.stop();
  }
});

test('Redis retention: a cursor older than the log gets a truncated signal', async () => {
  const redis = await startRedis();
  const relay = await startRelayProcess('node', ['--redis', redis.url, '--log-count', '10']);
  try {
    const room = newRoomId();
    const ann = new Member('ann', webSocketTransport(relay.url, opts), room);
    await ann.caughtUp();
    ann.say('first');
    await ann.has(1);
    const cursor = ann.transport.cursor!;
    await ann.transport.close();
    const bob = new Member('bob', webSocketTransport(relay.url, opts), room);
    await bob.caughtUp();
    // One at a time: a burst beyond the log's length could be trimmed before this relay's own
    // feed reads it, and that (rightly) closes the room's connections with FELL_BEHIND.
    for (let i = 0; i < 25; i++) {
      bob.say(`m${i}`);
      await bob.has(i + 2);
    }
    const ann2 = new Member('ann', webSocketTransport(relay.url, opts), room, cursor);
    await ann2.caughtUp();
    assert.deepEqual(ann2.gaps, [{ kind: 'truncated', log: cursor.log, after: 1, next: 17 }]);
    assert.deepEqual(ann2.seqs, Array.from({ length: 10 }, (_, i) => 17 + i));
    await Promise.all([bob.transport.close(), ann2.transport.close()]);
  } finally {
    await closeMembers();
    await relay.stop();
    await redis.stop();
  }
});

test('Redis losing its data is a reset the clients are told of, not a silent renumbering', async () => {
  const redis = await startRedis();
  const relay = await startRelayProcess('node', ['--redis', redis.url]);
  const admin = createClient({ url: redis.url });
  await admin.connect();
  try {
    const room = newRoomId();
    const ann = new Member('ann', webSocketTransport(relay.url, opts), room);
    const bob = new Member('bob', webSocketTransport(relay.url, opts), room);
    await Promise.all([ann.caughtUp(), bob.caughtUp()]);
    for (let i = 0; i < 5; i++) ann.say(`old ${i}`);
    await bob.has(5);
    const before = bob.transport.cursor!;
    await admin.sendCommand(['FLUSHALL']);
    ann.say('after the loss');
    await until(() => bob.gaps.length === 1 && ann.gaps.length === 1, 'both told of the reset');
    for (const m of [ann, bob]) {
      const g = m.gaps[0]!;
      assert.equal(g.kind, 'reset');
      assert.deepEqual(g.kind === 'reset' && g.previous, before);
    }
    ann.say('in the new log');
    await until(() => bob.texts.at(-1) === 'in the new log', 'bob hears the new log');
    assert.equal(bob.packets.at(-1)!.log, ann.transport.cursor!.log);
    assert.notEqual(bob.packets.at(-1)!.log, before.log);
  } finally {
    await closeMembers();
    admin.destroy();
    await relay.stop();
    await redis.stop();
  }
});
