// The session runner over the real relay core (in-memory transport): a group forms and chats
// with message statuses; the persistence contract holds at every publish (checked against the
// state that is durable at that moment, with a control that shows the check can fail); a restart
// from the store catches up with nothing lost and nothing shown twice, also after a failed save;
// a rolled-back state is caught before anything is sent; misuse gets typed errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import './support/core.js';
import { FAST, Group, RecordingStore, shown, waitFor, type Member } from './support/session-group.js';
import { GroupMember } from '../ts/protocol/engine.js';
import { decode } from '../ts/protocol/packets.js';
import { decodeRecord } from '../ts/session/record.js';
import { Session } from '../ts/session/session.js';
import { SessionError } from '../ts/session/errors.js';
import { encodeInvite, createInvite, decodeInvite } from '../ts/session/invite.js';
import { generateIdentity } from '../ts/protocol/identity.js';
import { memoryTransport } from '../ts/transport/memory.js';
import { MemoryStateStore } from '../ts/store/state-store.js';
import { InvalidArgumentError, SmmpError } from '../ts/errors.js';
import type { Transport } from '../ts/session/ports.js';
import type { Identity } from '../ts/protocol/identity.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileStateStore } from '../ts/store/file-store.js';
import { StateLockedError } from '../ts/store/errors.js';

const active = (g: Group): boolean => g.members.every((m) => m.session.isActive);
const texts = (m: Member): string[] => m.session.messages.map((x) => x.text);

// Every packet a member publishes must already be covered by its durable state: loaded into a
// fresh engine, the state recognises the packet as its own (a duplicate), never as an own packet
// beyond it (STATE_ROLLED_BACK) or anything else refused.
function verdict(identity: Identity, durable: Uint8Array | undefined, packet: Uint8Array): string | undefined {
  if (durable === undefined) return 'published before any state was durable';
  const clone = GroupMember.load(identity, decodeRecord(durable).engine);
  const out = clone.receive(packet, Date.now());
  const bad = out.events.find((e) => e.type === 'rejected');
  if (bad) return `rejected by the durable state: ${bad.type === 'rejected' ? bad.error.code : ''}`;
  // An own data packet the state holds gives no event at all (or 'ignored' when re-sent).
  if (decode(packet).kind === 'Data' && out.events.some((e) => e.type !== 'ignored')) return `unexpected ${out.events.map((e) => e.type).join(', ')}`;
  return undefined;
}

test('sessions: three members form a group, chat, and see every own message delivered to all', async () => {
  const violations: string[] = [];
  let publishes = 0;
  const checked = (t: Transport, m: { name: string; identity: Identity; store: RecordingStore }): Transport => ({
    open: (room, cursor, handlers) => t.open(room, cursor, handlers),
    close: () => t.close(),
    publish: (data) => {
      publishes++;
      const v = verdict(m.identity, m.store.durable, data);
      if (v) violations.push(`${m.name}: ${v}`);
      t.publish(data);
    },
  });
  const g = new Group(['alice', 'bob', 'carol'], checked);
  try {
    await g.start();
    // Sent before the group is active: queued, then sent on activation.
    const early = await g.members[0]!.session.send('early bird');
    assert.equal(early.status, 'queued');
    await waitFor('active', () => active(g));
    assert.equal(new Set(g.members.map((m) => m.session.groupCode)).size, 1);
    assert.ok(g.members[0]!.events.some((e) => e.type === 'progress'));
    // Concurrent sends from everyone, never interleaved inside an engine call.
    await Promise.all(g.members.flatMap((m) => [1, 2, 3].map((k) => m.session.send(`${m.name} ${k}`))));
    await waitFor('every message everywhere', () => g.members.every((m) => m.session.messages.length === 10));
    await waitFor('every own message delivered', () => g.members.every((m) => m.session.messages.filter((x) => x.own).every((x) => x.status === 'delivered')));
    for (const m of g.members) {
      for (const other of g.members) {
        // Per sender, in order.
        const from = shown(g, m).filter((s) => s.startsWith(`${other.name}:`));
        assert.deepEqual(from, [...(other.name === 'alice' ? ['alice: early bird'] : []), ...[1, 2, 3].map((k) => `${other.name}: ${other.name} ${k}`)]);
      }
      // Status events went queued/sent -> delivered for own messages; no alarms.
      assert.deepEqual(m.events.filter((e) => e.type === 'alarm'), []);
      assert.ok(m.events.some((e) => e.type === 'status' && e.message.status === 'delivered'));
    }
    await waitFor('digests converge', () => new Set(g.members.map((m) => m.session.digest)).size === 1);
    // Each member was told its digest as it changed; the last it was told is the one shown now.
    for (const m of g.members) assert.equal(m.events.flatMap((e) => (e.type === 'digest' ? [e.digest] : [])).at(-1), m.session.digest);
    // The largest message a session accepts fits the relay's frames.
    const big = new Uint8Array(64 * 1024).fill(0x61);
    await g.members[1]!.session.send(big);
    await waitFor('the large message everywhere', () => g.members.every((m) => m.session.messages.some((x) => x.content.length === big.length)));
    assert.deepEqual(violations, []);
    assert.ok(publishes > 20, `${publishes} publishes checked`);
  } finally {
    await g.stop();
  }
});

test('sessions: the durability check fails for a packet sealed after the durable state (control)', async () => {
  const g = new Group(['alice', 'bob']);
  try {
    await g.start();
    await waitFor('active', () => active(g));
    const alice = g.members[0]!;
    const before = alice.store.durable!.slice();
    const sent: Uint8Array[] = [];
    const original = alice.session['opts'].transport;
    alice.session['opts'].transport = { ...original, open: original.open.bind(original), close: original.close.bind(original), publish: (d: Uint8Array) => (sent.push(d), original.publish(d)) };
    await alice.session.send('after the snapshot');
    const data = sent.find((p) => decode(p).kind === 'Data')!;
    assert.match(verdict(alice.identity, before, data) ?? '', /STATE_ROLLED_BACK/);
    assert.equal(verdict(alice.identity, alice.store.durable, data), undefined);
  } finally {
    await g.stop();
  }
});

test('sessions: a restart catches up from the saved cursor with nothing lost and nothing shown twice', async () => {
  const g = new Group(['alice', 'bob', 'carol']);
  try {
    await g.start();
    await waitFor('active', () => active(g));
    await g.members[0]!.session.send('one');
    await waitFor('carol has one', () => texts(g.members[2]!).includes('one'));
    await g.members[2]!.session.stop();
    // Carol is away; the others go on.
    await g.members[0]!.session.send('two');
    await g.members[1]!.session.send('three');
    await waitFor('bob has two', () => texts(g.members[1]!).includes('two'));
    const carol = g.restart(2);
    const order: string[] = [];
    carol.session.on('message', () => order.push('message'));
    carol.session.on('caught-up', () => order.push('caught-up'));
    await carol.session.start();
    assert.deepEqual(texts(carol), ['one'], 'the history as saved, before anything new');
    await carol.session.caughtUp;
    await carol.session.send('four');
    await waitFor('carol has all', () => texts(carol).length === 4);
    await waitFor('all have four', () => g.members.every((m) => texts(m).includes('four')));
    assert.deepEqual([...texts(carol)].sort(), ['four', 'one', 'three', 'two']);
    // New messages reached carol while she caught up, each once, and none of the old ones again.
    const received = carol.events.filter((e) => e.type === 'message').map((e) => (e.type === 'message' ? e.message.text : ''));
    assert.deepEqual(received.sort(), ['three', 'two']);
    assert.deepEqual(order, ['message', 'message', 'caught-up'], 'the backlog before caught-up, nothing after');
    for (const m of g.members) assert.equal(new Set(m.session.messages.map((x) => x.key)).size, m.session.messages.length);
    await waitFor('digests converge', () => new Set(g.members.map((m) => m.session.digest)).size === 1);
  } finally {
    await g.stop();
  }
});

test('sessions: a failed save stops the session before its packets leave; the restart loses nothing', async () => {
  const g = new Group(['alice', 'bob']);
  try {
    await g.start();
    await waitFor('active', () => active(g));
    const [alice, bob] = g.members as [Member, Member];
    await alice.session.send('kept');
    await waitFor('bob has kept', () => texts(bob).includes('kept'));
    // The disk fails (or the process dies) at the next save: nothing of that step may leave.
    bob.store.failNext = new Error('disk full');
    await assert.rejects(bob.session.send('lost with the failed save'), /disk full/);
    await waitFor('bob stopped', () => bob.session.closed);
    const closed = bob.events.find((e) => e.type === 'closed');
    assert.ok(closed && closed.type === 'closed' && closed.error?.message === 'disk full');
    assert.ok(!texts(alice).includes('lost with the failed save'));
    await alice.session.send('while bob is down');
    bob.store.failNext = undefined;
    const bob2 = g.restart(1);
    await bob2.session.start();
    await bob2.session.caughtUp;
    await waitFor('bob has everything', () => texts(bob2).includes('while bob is down'));
    assert.deepEqual(texts(bob2), ['kept', 'while bob is down']);
    await bob2.session.send('back');
    await waitFor('alice has back', () => texts(alice).includes('back'));
    assert.ok(!texts(alice).includes('lost with the failed save'));
  } finally {
    await g.stop();
  }
});

test('sessions: a state rolled back to an older copy is caught on catch-up, before anything is sent', async () => {
  const g = new Group(['alice', 'bob']);
  try {
    await g.start();
    await waitFor('active', () => active(g));
    const alice = g.members[0]!;
    const old = alice.store.durable!.slice();
    await alice.session.send('sent after the copy');
    await waitFor('bob has it', () => texts(g.members[1]!).includes('sent after the copy'));
    await alice.session.stop();
    // Restore the older copy, as a backup restore would.
    await alice.store.save(old);
    const again = g.restart(0);
    await again.session.start();
    await again.session.caughtUp;
    assert.ok(again.events.some((e) => e.type === 'alarm' && e.kind === 'rolled-back'));
    await assert.rejects(again.session.send('must not go out'), (e: unknown) => (e as { code?: string }).code === 'STATE_ROLLED_BACK');
  } finally {
    await g.stop();
  }
});

test('sessions: an own message not acknowledged in time names the members that lack it', async () => {
  const g = new Group(['alice', 'bob', 'carol']);
  try {
    await g.start();
    await waitFor('active', () => active(g));
    await g.members[2]!.session.stop(); // carol is away
    const m = await g.members[0]!.session.send('where is carol?');
    await waitFor('unacknowledged', () => m.status === 'unacknowledged', 5000);
    assert.deepEqual(m.missing, [g.members[2]!.identity.publicKey]);
    const carol = g.restart(2);
    await carol.session.start();
    await waitFor('delivered once carol is back', () => m.status === 'delivered', 5000);
    assert.deepEqual(m.missing, []);
  } finally {
    await g.stop();
  }
});

test('sessions: members, safety numbers and the verified set (saved with the session)', async () => {
  const g = new Group(['alice', 'bob', 'carol']);
  try {
    await g.start();
    const alice = g.members[0]!;
    assert.equal(alice.session.unverified.length, 2);
    await alice.session.verify(g.members[1]!.identity.publicKey);
    assert.deepEqual(alice.session.unverified.map((x) => x.key), [g.members[2]!.identity.publicKey]);
    assert.match(alice.session.members[0]!.safetyNumber, /^\d{5}( \d{5}){5}$/);
    await alice.session.stop();
    const again = g.restart(0);
    await again.session.start();
    assert.equal(again.session.unverified.length, 1);
    assert.ok(again.session.invite().startsWith('smmp1:'));
  } finally {
    await g.stop();
  }
});

test('sessions: misuse and mismatched stores get typed errors', async () => {
  const g = new Group(['alice', 'bob']);
  try {
    const a = g.members[0]!;
    await assert.rejects(a.session.send('too soon'), SessionError);
    await a.session.start();
    await assert.rejects(a.session.start(), SessionError);
    await a.session.stop();
    await assert.rejects(a.session.send('too late'), (e: unknown) => e instanceof SessionError && e.code === 'SESSION_CLOSED');
    const transport = (): Transport => memoryTransport(g.relay);
    // No session stored and no invite.
    const empty = new Session({ identity: generateIdentity(), transport: transport(), store: new MemoryStateStore() });
    await assert.rejects(empty.start(), (e: unknown) => e instanceof SessionError && e.code === 'NO_GROUP');
    // An invite that does not list this identity.
    const stranger = new Session({ identity: generateIdentity(), transport: transport(), store: new MemoryStateStore(), invite: g.invite });
    await assert.rejects(stranger.start(), InvalidArgumentError);
    // Alice's store opened by Bob's identity, or with another group's invite.
    const wrongId = new Session({ identity: g.members[1]!.identity, transport: transport(), store: a.store });
    await assert.rejects(wrongId.start(), (e: unknown) => e instanceof SessionError && e.code === 'STATE_MISMATCH');
    const other = encodeInvite(createInvite({ members: [a.identity.publicKey, generateIdentity().publicKey] }));
    const wrongGroup = new Session({ identity: a.identity, transport: transport(), store: a.store, invite: other });
    await assert.rejects(wrongGroup.start(), (e: unknown) => e instanceof SessionError && e.code === 'STATE_MISMATCH');
    // A damaged record.
    const damaged = new MemoryStateStore();
    await damaged.save(Uint8Array.from([1, 2, 3]));
    const corrupt = new Session({ identity: a.identity, transport: transport(), store: damaged });
    await assert.rejects(corrupt.start(), (e: unknown) => e instanceof SessionError && e.code === 'STATE_CORRUPT');
    assert.throws(() => new Session({ identity: a.identity, transport: {} as Transport, store: damaged }), InvalidArgumentError);
    // A message too large for the relay's frames is refused before the engine sees it.
    const b = g.members[1]!;
    await b.session.start();
    await assert.rejects(b.session.send(new Uint8Array(64 * 1024 + 1)), InvalidArgumentError);
  } finally {
    await g.stop();
  }
});

test('sessions: one writer per member state: a second opener gets StateLockedError until stop()', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smmp-session-lock-'));
  const g = new Group(['alice', 'bob']);
  try {
    const storageKey = new Uint8Array(32).fill(7);
    const open = () => openFileStateStore({ directory: dir, name: 'alice', storageKey });
    const alice = g.member('alice', g.members[0]!.identity, new RecordingStore(), { store: open });
    await alice.session.start();
    await assert.rejects(open(), (e: unknown) => e instanceof StateLockedError && e.code === 'STATE_LOCKED');
    // A second session on the same state fails at start with the same error, and stops cleanly.
    const second = g.member('alice', g.members[0]!.identity, new RecordingStore(), { store: open });
    await assert.rejects(second.session.start(), StateLockedError);
    assert.equal(second.session.closed, true);
    await alice.session.stop();
    // Released: the state opens again and holds the session.
    const again = g.member('alice', g.members[0]!.identity, new RecordingStore(), { store: open });
    await again.session.start();
    assert.equal(again.session.members.length, 2);
    await again.session.stop();
  } finally {
    await g.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sessions: a member joins with a join invite, one leaves, one is removed; each new group agrees', async () => {
  const g = new Group(['alice', 'bob', 'carol']);
  let d: Session | undefined;
  try {
    await g.start();
    await waitFor('active', () => active(g));
    const [alice, bob, carol] = g.members as [Member, Member, Member];
    await alice.session.send('before dave');
    const dave = generateIdentity();
    await alice.session.add([dave.publicKey]);
    const joinInvite = alice.session.invite([dave.publicKey]);
    assert.equal(decodeInvite(joinInvite).kind, 'join');
    assert.equal(decodeInvite(joinInvite).members.length, 4);
    d = new Session({ identity: dave, transport: memoryTransport(g.relay), store: new MemoryStateStore(), invite: joinInvite, engine: FAST, tickMs: 20 });
    const daveSaw: string[] = [];
    d.on('message', (e) => daveSaw.push(e.message.text));
    await d.start();
    assert.equal(d.memberState, 'joining');
    await waitFor('four members active', () => [alice, bob, carol].every((m) => m.session.members.length === 4 && m.session.isActive) && d!.isActive);
    assert.equal(new Set([alice, bob, carol].map((m) => m.session.groupCode).concat(d.groupCode)).size, 1);
    assert.ok(alice.events.some((e) => e.type === 'proposal' && e.op === 'add'));
    await d.send('hi, I am dave');
    await waitFor('all have dave', () => [alice, bob, carol].every((m) => texts(m).includes('hi, I am dave')));
    assert.equal(daveSaw.length, 0, 'a joiner reads nothing from before it joined');

    await carol.session.leave();
    await waitFor('carol left', () => carol.events.some((e) => e.type === 'left'));
    await waitFor('three members active without carol', () => [alice, bob].every((m) => m.session.members.length === 3 && m.session.isActive) && d!.members.length === 3 && d!.isActive);
    assert.ok(alice.events.some((e) => e.type === 'member-left'));
    await bob.session.send('carol is gone');
    await waitFor('dave has it', () => daveSaw.includes('carol is gone'));
    assert.ok(!texts(carol).includes('carol is gone'));

    await alice.session.remove([bob.identity.publicKey]);
    await waitFor('bob removed', () => bob.events.some((e) => e.type === 'removed'));
    await waitFor('alice and dave active', () => alice.session.members.length === 2 && alice.session.isActive && d!.isActive && d!.members.length === 2);
    assert.equal(alice.session.groupCode, d.groupCode);
    await assert.rejects(bob.session.send('still here?'), (e: unknown) => e instanceof SmmpError);
  } finally {
    await d?.stop();
    await g.stop();
  }
});
