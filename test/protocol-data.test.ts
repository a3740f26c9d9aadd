// Data messages within an epoch: every message reaches every member once, in per-sender order,
// whatever the delivery order; a flipped bit anywhere is a typed error with no state change; a
// member cannot pass a packet off as another's; two packets for one (sender, seq) raise the fork
// alarm; a valid packet under one's own index that one never sent raises impersonation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from './support/core.js';
import { newGroup, runKeyAgreement } from './support/group.js';
import { seededRandom } from './support/seeded.js';
import { Epoch, type Delivered } from '../ts/protocol/epoch/epoch.js';
import { bucket, ContentKind } from '../ts/protocol/epoch/body.js';
import { ProtocolError } from '../ts/protocol/errors.js';
import { decode, encode } from '../ts/protocol/packets.js';
import { aes256Ctr } from '../ts/crypto/aes.js';
import type { Established } from '../ts/protocol/run/run.js';

const text = (s: string) => ({ kind: ContentKind.Application, parents: [], content: new TextEncoder().encode(s) });
const read = (d: Delivered): string => new TextDecoder().decode(d.body.content);

function epochs(n: number, seed = 1): { epochs: Epoch[]; established: Established[] } {
  const members = newGroup(n);
  runKeyAgreement(members, seed);
  const established = members.map((m) => m.established!);
  return { epochs: established.map((e) => new Epoch(e)), established };
}

test('every message reaches every member exactly once, in per-sender order, under random delivery order', () => {
  const { epochs: es } = epochs(5);
  const rnd = seededRandom(42);
  const wire: { packet: Uint8Array; from: number; label: string }[] = [];
  for (let round = 0; round < 6; round++) {
    for (const e of es) wire.push({ packet: e.seal(text(`m${e.self}.${round}`)).packet, from: e.self, label: `m${e.self}.${round}` });
  }
  for (const to of es) {
    const got = new Map<number, string[]>();
    // Each member sees every packet once (its own too), shuffled.
    const order = wire.map((w) => w).sort(() => rnd() - 0.5);
    for (const w of order) {
      const r = to.open(w.packet);
      if (w.from === to.self) {
        assert.equal(r.status, 'own');
        continue;
      }
      if (r.status === 'delivered') for (const d of r.messages) got.set(d.sender, [...(got.get(d.sender) ?? []), read(d)]);
    }
    for (const from of es) {
      if (from.self === to.self) continue;
      assert.deepEqual(got.get(from.self), [0, 1, 2, 3, 4, 5].map((r) => `m${from.self}.${r}`));
    }
  }
});

test('ciphertext sizes are padding buckets', () => {
  const { epochs: es } = epochs(2);
  for (const size of [0, 10, 200, 300, 5000]) {
    const p = decode(es[0]!.seal(text('x'.repeat(size))).packet);
    assert.equal(p.kind, 'Data');
    if (p.kind === 'Data') assert.equal(p.body.length, bucket(p.body.length));
  }
});

test('a flipped bit anywhere in a packet is a typed error and changes nothing', () => {
  const { epochs: es } = epochs(3);
  const [a, b] = [es[0]!, es[1]!];
  const { packet } = a.seal(text('hello'));
  // Every bit of a ~400-byte packet.
  for (let bit = 0; bit < packet.length * 8; bit++) {
    const bad = packet.slice();
    bad[bit >> 3]! ^= 1 << (bit & 7);
    // A flip in the epoch id reads as another epoch's packet (typed, ignorable); every other
    // flip fails parsing, the header, the signature or the tag.
    const inEpochId = bit >> 3 >= 2 && bit >> 3 < 18;
    assert.throws(() => b.open(bad), (e: unknown) => e instanceof ProtocolError && (inEpochId ? e.code === 'WRONG_RUN' : !e.expected), `bit ${bit}`);
  }
  const r = b.open(packet);
  assert.equal(r.status === 'delivered' && read(r.messages[0]!), 'hello');
});

test('a duplicate is reported as such; a second different packet for one seq is a fork', () => {
  const { epochs: es, established } = epochs(3);
  const [a, b] = [es[0]!, es[1]!];
  const first = a.seal(text('one')).packet;
  assert.equal(b.open(first).status, 'delivered');
  assert.deepEqual(b.open(first), { status: 'duplicate', sender: 0, seq: 0 });
  // The same sender state again (a fork: a second device, a restored backup) signs another seq 0.
  const fork = new Epoch(established[0]!).seal(text('two')).packet;
  assert.throws(() => b.open(fork), (e: unknown) => e instanceof ProtocolError && e.code === 'CONFLICTING_MESSAGE' && e.member === 0);
});

test('a valid packet under one\'s own index that one did not send is impersonation', () => {
  const { epochs: es, established } = epochs(2);
  const copy = new Epoch(established[0]!).seal(text('not me')).packet;
  es[0]!.seal(text('me'));
  assert.throws(() => es[0]!.open(copy), (e: unknown) => e instanceof ProtocolError && e.code === 'IMPERSONATION_DETECTED');
});

test('a member cannot pass a packet off as another member\'s', () => {
  const { epochs: es, established } = epochs(3);
  const [mallory, victim, reader] = [es[0]!, es[1]!, es[2]!];
  void victim;
  // Mallory holds the header key: she rewrites the header to name member 1, keeping her signature.
  const p = decode(mallory.seal(text('I am member 1')).packet);
  if (p.kind !== 'Data') throw new Error('unreachable');
  const headerKey = established[0]!.keys.headerKey;
  const plain = aes256Ctr(headerKey, p.nonce, p.header);
  plain[1] = 1; // sender index low byte
  const forged = encode({ ...p, header: aes256Ctr(headerKey, p.nonce, plain) });
  assert.throws(() => reader.open(forged), (e: unknown) => e instanceof ProtocolError && e.code === 'BAD_SIGNATURE');
});

test('packets of another epoch are refused', () => {
  const one = epochs(2, 1).epochs;
  const two = epochs(2, 2).epochs;
  assert.throws(() => two[1]!.open(one[0]!.seal(text('x')).packet), (e: unknown) => e instanceof ProtocolError && e.code === 'WRONG_RUN');
});

test('the per-sender buffer is bounded', () => {
  const { epochs: es } = epochs(2);
  const held = es[0]!.seal(text('gap')).packet; // seq 0, withheld
  for (let i = 0; i < 256; i++) assert.equal(es[1]!.open(es[0]!.seal(text(`${i}`)).packet).status, 'buffered');
  assert.throws(() => es[1]!.open(es[0]!.seal(text('one too many')).packet), (e: unknown) => e instanceof ProtocolError && e.code === 'BUFFER_FULL');
  const r = es[1]!.open(held);
  assert.equal(r.status === 'delivered' && r.messages.length, 257);
  void toHex;
});
