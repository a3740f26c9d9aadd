// Membership changes over a simulated relay that delivers in room order: adding, removing,
// leaving and refreshing each end in a new epoch every remaining member agrees on; competing
// proposals resolve to one; an absent member cannot block a removal; a removed member reads
// nothing of later epochs; nothing new is sent in the old epoch once a removal is accepted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Network } from './support/network.js';
import { GroupMember } from '../ts/protocol/engine.js';
import { generateIdentity } from '../ts/protocol/identity.js';
import { decode, type Data } from '../ts/protocol/packets.js';
import type { GroupEvent } from '../ts/protocol/events.js';
import { ProtocolError } from '../ts/protocol/errors.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const texts = (net: Network, to: number): string[] => net.received(to);
const of = <T extends GroupEvent['type']>(events: GroupEvent[], type: T): Extract<GroupEvent, { type: T }>[] => events.filter((e): e is Extract<GroupEvent, { type: T }> => e.type === type);

function activeGroup(n: number, seed: number): Network {
  const net = Network.group(n, { seed, ordered: true });
  net.settle();
  assert.ok(net.members.every((m) => m.engine.isActive));
  return net;
}

// Every member in `who` is active in one epoch with exactly these members.
function assertEpoch(net: Network, who: number[], epochBefore: Uint8Array): void {
  const epochs = new Set(who.map((i) => hex(net.members[i]!.engine.epochId!)));
  assert.equal(epochs.size, 1, 'one epoch');
  assert.notEqual([...epochs][0], hex(epochBefore), 'a new epoch');
  const keys = who.map((i) => hex(net.members[i]!.identity.publicKey)).sort();
  for (const i of who) {
    const m = net.members[i]!.engine;
    assert.equal(m.isActive, true, `member ${i} active`);
    assert.deepEqual(m.members.map(hex), keys, `member ${i}'s roster`);
  }
  assert.equal(new Set(who.map((i) => net.members[i]!.engine.groupCode)).size, 1, 'one group code');
}

test('add: a joiner learns the run from the Welcome, the group moves to a new epoch with it, and it chats', () => {
  const net = activeGroup(3, 101);
  const before = net.members[0]!.engine.epochId!;
  const d = net.join(generateIdentity());
  net.send(1, 'before the add');
  net.act(0, (m) => m.propose({ add: [net.members[d]!.identity.publicKey] }, net.now));
  net.settle();
  assertEpoch(net, [0, 1, 2, d], before);
  assert.equal(net.members[d]!.engine.state, 'member');
  for (const i of [0, 1, 2]) assert.equal(of(net.members[i]!.events, 'proposal').length, 1);
  // The joiner reads nothing from before it joined, and everything after.
  assert.deepEqual(texts(net, d), []);
  net.send(d, 'hello from d');
  net.send(2, 'welcome d');
  net.settle();
  for (const i of [0, 1, 2]) assert.ok(texts(net, i).includes(`${d}:hello from d`), `member ${i} reads the joiner`);
  assert.deepEqual(texts(net, d), ['2:welcome d']);
  assert.equal(new Set([0, 1, 2, d].map((i) => hex(net.members[i]!.engine.digest!))).size, 1, 'digests converge');
  for (const m of net.members) assert.deepEqual(of(m.events, 'rejected'), []);
});

test('remove: the removed member is told and reads nothing of the new epoch; nothing new is sealed in the old one', () => {
  const net = activeGroup(4, 102);
  const before = net.members[0]!.engine.epochId!;
  // A thief's copy of the removed member's state, taken just before the removal.
  const stolen = net.members[3]!.engine.save();
  const logStart = net.log.length;
  net.act(0, (m) => m.propose({ remove: [net.members[3]!.identity.publicKey] }, net.now));
  // Deliver until every member has accepted the proposal (and the run is under way).
  net.run();
  const accepted = net.log.length;
  for (const i of [0, 1, 2]) assert.equal(of(net.members[i]!.events, 'proposal').length, 1);
  // Application data sent while the removal is under way waits for the new epoch.
  net.send(1, 'during the removal');
  net.settle();
  assertEpoch(net, [0, 1, 2], before);
  assert.deepEqual(of(net.members[3]!.events, 'removed').length, 1);
  assert.equal(net.members[3]!.engine.state, 'removed');
  net.send(2, 'after the removal');
  net.settle();
  for (const i of [0, 2]) assert.ok(texts(net, i).includes('1:during the removal'));
  assert.ok(!texts(net, 3).some((t) => t.includes('removal')), 'the removed member read nothing new');

  // Old-epoch packets once everyone accepted the removal: only re-sends of earlier packets.
  const oldEpoch = hex(before);
  const earlier = new Set(net.log.slice(0, accepted).map(hex));
  for (const p of net.log.slice(accepted)) {
    const d = decode(p);
    if (d.kind === 'Data' && hex((d as Data).epochId) === oldEpoch) assert.ok(earlier.has(hex(p)), 'no new packet in the old epoch after the removal');
  }

  // The stolen state opens nothing sent after the removal.
  const thief = GroupMember.load(net.members[3]!.identity, stolen);
  const seen: GroupEvent[] = [];
  for (const p of net.log.slice(logStart)) seen.push(...thief.receive(p, net.now).events);
  assert.ok(!of(seen, 'message').some((e) => new TextDecoder().decode(e.content).includes('removal')), 'a removed member cannot decrypt later epochs');
});

test('leave: the leaver erases its keys, the others remove it and go on without it', () => {
  const net = activeGroup(4, 103);
  const before = net.members[0]!.engine.epochId!;
  net.act(2, (m) => m.leave(net.now));
  assert.equal(net.members[2]!.engine.state, 'left');
  assert.throws(() => net.members[2]!.engine.send(enc('x'), net.now), (e: unknown) => e instanceof ProtocolError && e.code === 'WRONG_STATE');
  net.settle();
  assertEpoch(net, [0, 1, 3], before);
  for (const i of [0, 1, 3]) assert.equal(of(net.members[i]!.events, 'member-left').length, 1);
  net.send(3, 'bye 2');
  net.settle();
  assert.ok(texts(net, 0).includes('3:bye 2'));
});

test('an absent member cannot block a removal: it is dropped from the run after the timeout', () => {
  const net = activeGroup(5, 104);
  const before = net.members[0]!.engine.epochId!;
  net.offline.add(4); // gone without a word
  net.act(0, (m) => m.propose({ remove: [net.members[3]!.identity.publicKey] }, net.now));
  net.settle();
  assertEpoch(net, [0, 1, 2], before);
  for (const i of [0, 1, 2]) {
    const dropped = of(net.members[i]!.events, 'dropped');
    assert.equal(dropped.length, 1);
    assert.deepEqual(dropped[0]!.members.map(hex), [hex(net.members[4]!.identity.publicKey)]);
  }
});

test('competing proposals: the first in relay order wins everywhere, the other is proposed again and also lands', () => {
  const net = activeGroup(4, 105);
  const e = net.join(generateIdentity());
  // Both proposals are posted before anyone has processed either.
  net.act(1, (m) => m.propose({ add: [net.members[e]!.identity.publicKey] }, net.now));
  net.act(2, (m) => m.propose({ remove: [net.members[0]!.identity.publicKey] }, net.now));
  net.settle();
  // The add (first in room order) ran, then the removal, proposed again in the new epoch.
  for (const i of [1, 2, 3, e]) assert.equal(net.members[i]!.engine.isActive, true);
  assert.equal(net.members[0]!.engine.state, 'removed');
  const keys = [1, 2, 3, e].map((i) => hex(net.members[i]!.identity.publicKey)).sort();
  for (const i of [1, 2, 3, e]) assert.deepEqual(net.members[i]!.engine.members.map(hex), keys);
  assert.equal(new Set([1, 2, 3, e].map((i) => hex(net.members[i]!.engine.epochId!))).size, 1);
  const ops = of(net.members[3]!.events, 'proposal').map((p) => p.op);
  assert.deepEqual(ops, ['add', 'remove']);
});

test('refresh on demand and by policy: new epoch, same members, the chat goes on', () => {
  const net = activeGroup(3, 106);
  const before = net.members[0]!.engine.epochId!;
  net.act(1, (m) => m.refresh(net.now));
  net.settle();
  assertEpoch(net, [0, 1, 2], before);
  net.send(0, 'after refresh');
  net.settle();
  assert.ok(texts(net, 2).includes('0:after refresh'));
});

test('bounded epochs: after refreshMessages application messages a refresh is proposed by itself', () => {
  const net = Network.group(3, { seed: 109, ordered: true, engine: { refreshMessages: 5 } });
  net.settle();
  const first = net.members[0]!.engine.epochId!;
  for (let i = 0; i < 4; i++) net.send(i % 3, `m${i}`);
  net.settle();
  assert.equal(hex(net.members[0]!.engine.epochId!), hex(first), 'not yet');
  net.send(0, 'm4');
  net.settle();
  assertEpoch(net, [0, 1, 2], first);
  assert.deepEqual(of(net.members[1]!.events, 'proposal').map((p) => p.op), ['refresh']);
});

test('a state saved in the middle of a membership run resumes and the run completes', () => {
  const net = activeGroup(3, 107);
  const before = net.members[0]!.engine.epochId!;
  net.act(0, (m) => m.refresh(net.now));
  net.run();
  // Reload every member from its saved state at this point.
  for (const m of net.members) m.engine = GroupMember.load(m.identity, m.engine.save());
  net.settle();
  assertEpoch(net, [0, 1, 2], before);
});

test('invalid changes are typed errors to the caller', () => {
  const net = activeGroup(3, 108);
  const m = net.members[0]!.engine;
  const own = net.members[0]!.identity.publicKey;
  const other = net.members[1]!.identity.publicKey;
  const code = (c: string) => (e: unknown) => e instanceof ProtocolError && e.code === c;
  assert.throws(() => m.propose({ add: [other] }, net.now), code('WRONG_STATE'));
  assert.throws(() => m.propose({ remove: [own] }, net.now), code('WRONG_STATE'));
  assert.throws(() => m.propose({ remove: [generateIdentity().publicKey] }, net.now), code('NOT_A_MEMBER'));
  assert.throws(() => m.propose({}, net.now));
  const joiner = GroupMember.join(generateIdentity(), { groupId: m.groupId });
  assert.throws(() => joiner.send(enc('x'), 0), code('WRONG_STATE'));
});

test('the relay never sees an identity key: not in run packets, data packets or the Welcome of an addition', () => {
  const net = activeGroup(3, 110);
  const d = net.join(generateIdentity());
  const outsider = GroupMember.join(generateIdentity(), { groupId: net.members[0]!.engine.groupId });
  net.act(0, (m) => m.propose({ add: [net.members[d]!.identity.publicKey] }, net.now));
  net.settle();
  assert.equal(net.members[d]!.engine.isActive, true);
  const welcomes = net.log.filter((p) => decode(p).kind === 'Welcome');
  assert.ok(welcomes.length > 0);
  for (const p of net.log) {
    for (const m of net.members) assert.equal(Buffer.from(p).indexOf(Buffer.from(m.identity.publicKey)), -1, 'an identity key on the wire');
  }
  // A joiner the Welcome is not for learns nothing from it and starts no run.
  for (const w of welcomes) outsider.receive(w, net.now);
  assert.equal(outsider.state, 'joining');
  assert.deepEqual(outsider.members, []);
});

test('publishSigningKeys: after T_grace each member publishes its old signing key; old-epoch packets are refused after that', () => {
  for (const publish of [false, true]) {
    const net = Network.group(3, { seed: 111, ordered: true, engine: { publishSigningKeys: publish, graceMs: 10_000 } });
    net.settle();
    net.send(0, 'old epoch');
    const oldPacket = net.log[net.log.length - 1]!;
    net.settle();
    net.act(1, (m) => m.refresh(net.now));
    net.settle();
    const published = net.members.map((m) => of(m.events, 'signing-key-published').length);
    assert.deepEqual(published, publish ? [2, 2, 2] : [0, 0, 0], `publish ${publish}`);
    // The old epoch is gone either way (closed); a replay of its packet delivers nothing.
    const out = net.members[2]!.engine.receive(oldPacket, net.now);
    assert.deepEqual(of(out.events, 'message'), []);
  }
});
