// Healing (future secrecy): a snapshot of a member's state stops opening its messages after its
// next healing message, and stops opening another member's messages once that member heals
// after processing the rotation. Pads are checked against their commitment, the receiver key
// window retires old keys, and the policy heals every message in small groups and every k
// messages in large ones.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crypto } from './support/core.js';
import { Network } from './support/network.js';
import { snapshotOpens } from './support/snapshot.js';
import { decode } from '../ts/protocol/packets.js';
import type { GroupMember } from '../ts/protocol/engine.js';
import type { Epoch } from '../ts/protocol/epoch/epoch.js';

const last = (net: Network): Uint8Array => net.log[net.log.length - 1]!;
const indexOf = (net: Network, i: number): number => net.members[0]!.engine.members.findIndex((k) => crypto.constantTimeEqual(k, net.members[i]!.identity.publicKey));
// The engine's current epoch (tests reach inside to watch the ratchet keys).
const epochOf = (m: GroupMember): Epoch => (m as unknown as { current: { epoch: Epoch } }).current.epoch;


test("future secrecy, own chain: a snapshot opens the sender's healing message but nothing after it", () => {
  const net = Network.group(3, { seed: 301 });
  net.run(); // active; no ticks, so no acknowledgements yet
  const thief = net.members[0]!.engine.save();
  net.send(0, 'heals'); // every message heals in a group this small
  const m1 = last(net);
  net.run();
  net.send(0, 'after healing');
  const m2 = last(net);
  net.run();
  const j = indexOf(net, 0);
  assert.equal(snapshotOpens(thief, m1, j), true, 'control: the snapshot holds the key of the healing message itself');
  assert.equal(snapshotOpens(thief, m2, j), false, 'the chain after the healing message is out of reach');
});

test("future secrecy, other members: a passive thief of j loses k's chain once k heals after processing j's rotation", () => {
  const net = Network.group(3, { seed: 302 });
  net.run();
  const thief = net.members[0]!.engine.save(); // j = member 0
  net.send(0, 'j rotates');
  net.run(); // k = member 1 processes j's new ratchet key
  net.send(1, 'k heals, padded to j\'s new key');
  const m2 = last(net);
  net.run();
  net.send(1, 'k after healing');
  const m3 = last(net);
  net.run();
  const k = indexOf(net, 1);
  assert.equal(snapshotOpens(thief, m2, k), true, "control: k's healing message itself uses a key from before the healing");
  assert.equal(snapshotOpens(thief, m3, k), false, "k's chain after healing is out of reach of j's old state");
  assert.deepEqual(net.received(2).slice(-3), ['0:j rotates', "1:k heals, padded to j's new key", '1:k after healing']);
});

test('a pad that does not match its commitment is BAD_HEALING_PAD, blamed on its signer, and changes nothing', () => {
  const net = Network.group(3, { seed: 303 });
  net.run();
  const sender = epochOf(net.members[0]!.engine) as unknown as { ratchets: { heal: (...a: unknown[]) => { healing: { pads: { pad: Uint8Array }[] } } } };
  const heal = sender.ratchets.heal.bind(sender.ratchets);
  sender.ratchets.heal = (...a: unknown[]) => {
    const h = heal(...a);
    h.healing.pads[0]!.pad[0]! ^= 1; // the first other member's copy of the seed is wrong
    return h;
  };
  net.send(0, 'bad pad');
  const bad = last(net);
  const victim = net.members.findIndex((_, i) => i !== 0 && indexOf(net, i) === (indexOf(net, 0) === 0 ? 1 : 0));
  const before = net.members[victim]!.engine.save();
  const out = net.members[victim]!.engine.receive(bad, net.now);
  const rejected = out.events.find((e) => e.type === 'rejected');
  assert.ok(rejected && rejected.type === 'rejected' && rejected.error.code === 'BAD_HEALING_PAD');
  assert.equal(rejected.error.member, indexOf(net, 0));
  assert.deepEqual(net.members[victim]!.engine.save(), before, 'no state change');
  // The other receiver's copy was fine.
  const other = 3 - victim;
  assert.ok(net.members[other]!.engine.receive(bad, net.now).events.some((e) => e.type === 'message'));
});

test('receiver key window: old ratchet keys are retired once every member acknowledged the newer one', () => {
  const net = Network.group(3, { seed: 304 });
  net.settle();
  for (let r = 0; r < 5; r++) {
    net.send(0, `r${r}`);
    net.settle();
  }
  // Member 0 healed with each message and each acknowledgement; everyone has acknowledged all
  // but possibly its newest announcements, so at most the last two generations remain.
  const gens = epochOf(net.members[0]!.engine).ratchetGenerations;
  assert.ok(gens.length <= 2, `window ${gens.join(',')}`);
  assert.ok(gens[gens.length - 1]! >= 5, 'it rotated at every message');
});

test('a pad to a discarded ratchet key: a pad request (no alarm); the sender re-sends the pad and the stream goes on', () => {
  const net = Network.group(3, { seed: 305 });
  net.settle();
  // Member 2 seals a message padded to member 0's current key, but the relay holds it back
  // from member 0 while member 0 rotates 33 times (its window is 32).
  net.send(2, 'late');
  const late = last(net);
  const heldBack = (p: Uint8Array, to: number): boolean => to === 0 && p === late;
  net.run(heldBack);
  for (let r = 0; r < 33; r++) {
    net.send(0, `r${r}`);
    net.run(heldBack);
  }
  const out = net.members[0]!.engine.receive(late, net.now);
  assert.ok(out.events.some((e) => e.type === 'pad-requested'), JSON.stringify(out.events.map((e) => e.type)));
  assert.ok(!out.events.some((e) => e.type === 'rejected'), 'an expired pad is not an alarm');
  assert.ok(!net.received(0).includes('2:late'));
  // Member 0 asks for a fresh pad (a pad request in its own stream); member 2 still holds the
  // seed (member 0 never acknowledged the message) and answers outside its chain.
  net.post(0, out);
  net.run();
  assert.ok(net.received(0).includes('2:late'), 'the blocked message arrives once the pad is re-sent');
  assert.ok(net.log.some((p) => decode(p).kind === 'PadResend'));
  // The stream goes on.
  net.send(2, 'after');
  net.run();
  assert.equal(net.received(0)[net.received(0).length - 1], '2:after');
});

test('policy: in groups larger than healAllUpTo, a member heals every healEveryMessages messages', () => {
  const net = Network.group(3, { seed: 306, engine: { healAllUpTo: 2, healEveryMessages: 4, healEveryMs: 3_600_000 } });
  net.run();
  const e = epochOf(net.members[0]!.engine);
  const gen = (): number => e.ratchetGenerations[e.ratchetGenerations.length - 1]!;
  const start = gen();
  for (let i = 0; i < 8; i++) net.send(0, `m${i}`);
  net.run();
  assert.equal(gen() - start, 2, 'two healing messages in eight');
  assert.equal(net.received(1).length, 8);
});
