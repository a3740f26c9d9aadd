// The relay core with its memory log, through the in-memory transport (the same frames and
// transport logic as over WebSocket, without sockets): fan-out, echo, order, resume, retention
// signals, publish re-sending, and limits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RelayCore, type RelayConnection } from '../ts/relay/core.js';
import { CLOSE_CODES } from '../ts/relay/errors.js';
import { newRoomId } from '../ts/relay/room-id.js';
import { decodeRelayFrame, encodeClientFrame, type RelayFrame } from '../ts/relay/wire.js';
import { memoryTransport } from '../ts/transport/memory.js';
import { RelayTransport } from '../ts/transport/relay-transport.js';
import { Member, assertDense, cuttableLinks, text, until } from './support/relay-clients.js';

const fast = { backoffInitialMs: 5, backoffMaxMs: 50, heartbeatMs: 0 };

test('fan-out: every member gets every packet, its own echoed, in one dense order', async () => {
  const core = new RelayCore();
  const room = newRoomId();
  const members = ['ann', 'bob', 'cat'].map((n) => new Member(n, memoryTransport(core, fast), room));
  await Promise.all(members.map((m) => m.caughtUp()));
  for (let i = 0; i < 20; i++) for (const m of members) m.say(`${m.name} ${i}`);
  await Promise.all(members.map((m) => m.has(60)));
  for (const m of members) {
    assertDense(m.seqs);
    assert.deepEqual(m.texts, members[0]!.texts, 'same order everywhere');
    assert.deepEqual(
      m.texts.filter((t) => t.startsWith(m.name)),
      Array.from({ length: 20 }, (_, i) => `${m.name} ${i}`),
      'own packets echoed, in publish order',
    );
  }
  await Promise.all(members.map((m) => m.transport.close()));
  assert.deepEqual(core.stats(), { connections: 0, rooms: 0 });
  await core.close();
});

test('a member that reopens from its cursor gets exactly what it missed', async () => {
  const core = new RelayCore();
  const room = newRoomId();
  const ann = new Member('ann', memoryTransport(core, fast), room);
  const bob = new Member('bob', memoryTransport(core, fast), room);
  await Promise.all([ann.caughtUp(), bob.caughtUp()]);
  ann.say('one');
  await bob.has(1);
  const cursor = bob.transport.cursor!;
  assert.equal(cursor.seq, 1);
  await bob.transport.close();
  for (let i = 0; i < 10; i++) ann.say(`missed ${i}`);
  await ann.has(11);
  const bob2 = new Member('bob', memoryTransport(core, fast), room, cursor);
  await bob2.has(10);
  await bob2.caughtUp();
  assert.deepEqual(bob2.gaps, []);
  assert.deepEqual(bob2.seqs, Array.from({ length: 10 }, (_, i) => i + 2));
  assert.deepEqual(bob2.texts, ann.texts.slice(1));
  const open = bob2.events.find((e) => e.status === 'open');
  assert.deepEqual(open, { status: 'open', log: cursor.log, head: 11, online: 2 });
  await Promise.all([ann.transport.close(), bob2.transport.close()]);
  await core.close();
});

test('caught-up comes after the backlog, and publishes wait for it', async () => {
  const core = new RelayCore();
  const room = newRoomId();
  const ann = new Member('ann', memoryTransport(core, fast), room);
  await ann.caughtUp();
  for (let i = 0; i < 100; i++) ann.say(`old ${i}`);
  await ann.has(100);
  const bobT = memoryTransport(core, fast);
  const seenAtCaughtUp: number[] = [];
  const bob = new Member('bob', bobT, room);
  bobT.publish(text('from bob')); // before caught-up: held
  const orig = bob.events.push.bind(bob.events);
  bob.events.push = (...e) => {
    if (e[0]!.status === 'caught-up') seenAtCaughtUp.push(bob.packets.length);
    return orig(...e);
  };
  await bob.has(101);
  assert.deepEqual(seenAtCaughtUp, [100]);
  assert.equal(bob.texts[100], 'from bob', 'sent only after the backlog');
  assertDense(bob.seqs);
  await Promise.all([ann.transport.close(), bob.transport.close()]);
  await core.close();
});

test('history trimmed by count is reported as a truncated gap, never skipped silently', async () => {
  const core = new RelayCore({ limits: { logMaxCount: 5 } });
  const room = newRoomId();
  const ann = new Member('ann', memoryTransport(core, fast), room);
  await ann.caughtUp();
  ann.say('a');
  ann.say('b');
  await ann.has(2);
  const cursor = ann.transport.cursor!;
  await ann.transport.close();
  const bob = new Member('bob', memoryTransport(core, fast), room);
  await bob.caughtUp();
  for (let i = 0; i < 18; i++) bob.say(`m${i}`);
  await bob.has(18);
  const ann2 = new Member('ann', memoryTransport(core, fast), room, cursor);
  await ann2.caughtUp();
  assert.deepEqual(ann2.gaps, [{ kind: 'truncated', log: cursor.log, after: 2, next: 16 }]);
  assert.deepEqual(ann2.seqs, [16, 17, 18, 19, 20]);
  // A newcomer asking for everything is told too: what it gets does not start at 1.
  const cat = new Member('cat', memoryTransport(core, fast), room);
  await cat.caughtUp();
  assert.deepEqual(cat.gaps, [{ kind: 'truncated', log: cursor.log, after: 0, next: 16 }]);
  await Promise.all([ann2, bob, cat].map((m) => m.transport.close()));
  await core.close();
});

test('history trimmed by age is reported the same way', async () => {
  let now = 1_000_000;
  const core = new RelayCore({ limits: { logMaxAgeMs: 60_000 }, now: () => now });
  const room = newRoomId();
  const ann = new Member('ann', memoryTransport(core, fast), room);
  await ann.caughtUp();
  for (let i = 0; i < 3; i++) ann.say(`old ${i}`);
  await ann.has(3);
  await ann.transport.close();
  now += 61_000;
  const bob = new Member('bob', memoryTransport(core, fast), room);
  await bob.caughtUp();
  bob.say('new');
  await bob.has(1);
  assert.deepEqual(bob.gaps, [{ kind: 'truncated', log: bob.packets[0]!.log, after: 0, next: 4 }]);
  assert.deepEqual(bob.seqs, [4]);
  await bob.transport.close();
  await core.close();
});

test('a relay that lost its log (restart) is reported as a reset', async () => {
  const room = newRoomId();
  const core1 = new RelayCore();
  const ann = new Member('ann', memoryTransport(core1, fast), room);
  await ann.caughtUp();
  ann.say('before');
  await ann.has(1);
  const cursor = ann.transport.cursor!;
  await ann.transport.close();
  await core1.close();
  const core2 = new RelayCore();
  const bob = new Member('bob', memoryTransport(core2, fast), room);
  await bob.caughtUp();
  for (let i = 0; i < 3; i++) bob.say(`after ${i}`); // the new log moves past ann's old cursor
  await bob.has(3);
  const ann2 = new Member('ann', memoryTransport(core2, fast), room, cursor);
  await ann2.has(3);
  assert.equal(ann2.gaps.length, 1);
  const gap = ann2.gaps[0]!;
  assert.equal(gap.kind, 'reset');
  assert.deepEqual(gap.kind === 'reset' && gap.previous, cursor);
  assert.notEqual(gap.log, cursor.log);
  assert.deepEqual(ann2.seqs, [1, 2, 3], 'the new log from its start, not from the old cursor');
  await Promise.all([bob.transport.close(), ann2.transport.close()]);
  await core2.close();
});

test('a publish the relay took before the link dropped is not sent twice; one it never got is re-sent', async () => {
  const core = new RelayCore();
  const room = newRoomId();
  const links = cuttableLinks(core);
  const ann = new Member('ann', new RelayTransport(links.factory, fast), room);
  const bob = new Member('bob', memoryTransport(core, fast), room);
  await Promise.all([ann.caughtUp(), bob.caughtUp()]);

  // Taken by the relay, echo lost.
  links.deafen();
  ann.say('taken');
  await bob.has(1);
  links.cut();
  // Never reaches the relay: published while the link is down.
  await until(() => ann.count('disconnected') === 1, 'ann disconnected');
  ann.say('queued');
  await ann.has(2);
  await bob.has(2);
  assert.deepEqual(bob.texts, ['taken', 'queued']);
  assert.deepEqual(ann.texts, ['taken', 'queued']);
  assertDense(ann.seqs);
  assert.ok(links.count() >= 2);

  // Sent, then cut before it arrived: re-sent after the reconnect.
  links.cut();
  ann.say('lost in flight');
  await bob.has(3);
  await ann.has(3);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(bob.texts, ['taken', 'queued', 'lost in flight']);
  assert.deepEqual(ann.texts, bob.texts);
  await Promise.all([ann.transport.close(), bob.transport.close()]);
  await core.close();
});

// A bare connection to the core, for limits: records frames and how it was closed.
function bare(core: RelayCore) {
  const frames: RelayFrame[] = [];
  let closed: { code: number; reason: string } | undefined;
  const conn: RelayConnection = {
    send: (f) => frames.push(decodeRelayFrame(f)),
    close: (code, reason) => (closed = { code, reason }),
    bufferedAmount: () => 0,
  };
  const handle = core.connect(conn);
  return { frames, handle, closed: () => closed };
}

test('limits: rooms per connection and clients per room close only the offender', async () => {
  const core = new RelayCore({ limits: { maxRoomsPerConnection: 2, maxClientsPerRoom: 2 } });
  const room = newRoomId();
  const a = bare(core);
  for (let i = 0; i < 3; i++) a.handle.receive(encodeClientFrame({ kind: 'join', room: i === 0 ? room : newRoomId(), log: 0, cursor: 0 }));
  await until(() => a.closed() !== undefined, 'a closed');
  assert.equal(a.closed()!.code, CLOSE_CODES.TOO_MANY_ROOMS.code);
  assert.match(a.closed()!.reason, /^TOO_MANY_ROOMS/);

  const ann = new Member('ann', memoryTransport(core, fast), room);
  const bob = new Member('bob', memoryTransport(core, fast), room);
  await Promise.all([ann.caughtUp(), bob.caughtUp()]);
  const c = bare(core);
  c.handle.receive(encodeClientFrame({ kind: 'join', room, log: 0, cursor: 0 }));
  await until(() => c.closed() !== undefined, 'c closed');
  assert.equal(c.closed()!.code, CLOSE_CODES.ROOM_FULL.code);
  ann.say('still here');
  await bob.has(1);
  assert.equal(ann.count('disconnected') + bob.count('disconnected'), 0);
  await Promise.all([ann.transport.close(), bob.transport.close()]);
  await core.close();
});

test('protocol violations: publish before join, join twice, text frames', async () => {
  const core = new RelayCore();
  const room = newRoomId();
  const cases: [string, (h: ReturnType<typeof bare>['handle']) => void][] = [
    ['publish before join', (h) => h.receive(encodeClientFrame({ kind: 'publish', room, payload: text('x') }))],
    ['leave before join', (h) => h.receive(encodeClientFrame({ kind: 'leave', room }))],
    ['join twice', (h) => {
      h.receive(encodeClientFrame({ kind: 'join', room, log: 0, cursor: 0 }));
      h.receive(encodeClientFrame({ kind: 'join', room, log: 0, cursor: 0 }));
    }],
  ];
  for (const [what, act] of cases) {
    const b = bare(core);
    act(b.handle);
    await until(() => b.closed() !== undefined, what);
    assert.equal(b.closed()!.code, CLOSE_CODES.PROTOCOL_VIOLATION.code, what);
  }
  const t = bare(core);
  t.handle.receive(text('hello'), false);
  assert.equal(t.closed()!.code, CLOSE_CODES.MALFORMED_FRAME.code);
  const v = bare(core);
  v.handle.receive(Uint8Array.of(2, 1));
  assert.equal(v.closed()!.code, CLOSE_CODES.UNSUPPORTED_VERSION.code);
  assert.equal(core.stats().connections, 0);
  await core.close();
});

test('a publish right behind its join is held until the join completes, then logged', async () => {
  const core = new RelayCore();
  const room = newRoomId();
  const b = bare(core);
  b.handle.receive(encodeClientFrame({ kind: 'join', room, log: 0, cursor: 0 }));
  b.handle.receive(encodeClientFrame({ kind: 'publish', room, payload: text('early') }));
  await until(() => b.frames.length === 2, 'joined and the echo');
  assert.equal(b.frames[0]!.kind, 'joined');
  assert.deepEqual(b.frames[1], { kind: 'packet', room, seq: 1, payload: text('early') });
  await core.close();
  assert.equal(b.closed()!.code, 1001);
});
