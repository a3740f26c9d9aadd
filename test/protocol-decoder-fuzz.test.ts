// The decoders survive random and mutated input with typed errors only: never a crash, a hang
// or an untyped exception. Quick by default; SMMP_LONG=1 runs 100,000 cases per property.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runs } from './support/core.js';
import { newGroup, runKeyAgreement } from './support/group.js';
import { decode, encode, TagList } from '../ts/protocol/packets.js';
import { sealWelcome } from '../ts/protocol/membership/welcome.js';
import { decodeEpochEnd, decodeProposal, encodeProposal, Operation } from '../ts/protocol/membership/proposal.js';
import { Roster } from '../ts/protocol/roster.js';
import { Network } from './support/network.js';
import { crypto } from './support/core.js';
import { decodeBody, encodeBody, ContentKind } from '../ts/protocol/epoch/body.js';
import { Epoch } from '../ts/protocol/epoch/epoch.js';
import { ProtocolError } from '../ts/protocol/errors.js';
import { mutated, typedOnly } from './support/fuzz.js';

// Valid packets of every kind, to mutate.
const members = newGroup(3);
const seeds: Uint8Array[] = [];
runKeyAgreement(members, 11, (p) => {
  seeds.push(encode(p));
  return p;
});
const epoch = new Epoch(members[0]!.established!);
const reader = new Epoch(members[1]!.established!);
seeds.push(epoch.seal({ kind: ContentKind.Application, parents: [new Uint8Array(32)], content: new Uint8Array(40) }).packet);
// A healing message, a pad re-send for it, a Welcome and a Blame.
const healed = epoch.seal({ kind: ContentKind.Application, parents: [], content: new Uint8Array(10) }, true);
seeds.push(healed.packet, epoch.padResend(1, healed.seq)!);
const roster = new Roster(members.map((m) => m.run.params.identityKey));
seeds.push(encode(sealWelcome(crypto.randomBytes(16), crypto.randomBytes(32), crypto.randomBytes(16), roster, [roster.keys[2]!])));
const pt = () => crypto.ristretto255.scalarMultBase(crypto.scalar.random());
seeds.push(encode({ kind: 'Blame', groupId: crypto.randomBytes(16), runId: crypto.randomBytes(32), n: 3, j: 1, h: crypto.scalar.random(), heard: [pt(), pt(), pt()], xs: [pt(), pt(), pt()], tags: TagList.of([crypto.randomBytes(16), crypto.randomBytes(16)]) }));
const body = encodeBody({ kind: ContentKind.Application, parents: [new Uint8Array(32).fill(7)], content: new Uint8Array(300).fill(1) });
const healingBody = encodeBody({ kind: ContentKind.Ack, parents: [], content: new Uint8Array(0), healing: { R: crypto.randomBytes(32), commit: crypto.randomBytes(32), pads: [{ gen: 3, pad: crypto.randomBytes(32) }, { gen: 0, pad: crypto.randomBytes(32) }] } });
const proposal = encodeProposal({ op: Operation.Add, attempt: 1, epochId: crypto.randomBytes(16), members: [...roster.keys] });



test('packet decoder: random bytes give typed errors only', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (b) => typedOnly(() => decode(b))), { numRuns: runs(2000) });
});

test('packet decoder and data-packet opening: mutated valid packets give typed errors only', () => {
  fc.assert(
    fc.property(mutated(seeds), (b) => {
      typedOnly(() => decode(b));
      typedOnly(() => reader.open(b));
    }),
    { numRuns: runs(2000) },
  );
});

test('body decoder: random and mutated bodies give typed errors only', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (b) => typedOnly(() => decodeBody(b))), { numRuns: runs(1000) });
  fc.assert(fc.property(mutated([body, healingBody]), (b) => typedOnly(() => decodeBody(b))), { numRuns: runs(1000) });
});

test('proposal and epoch-end decoders: random and mutated contents give typed errors only', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        typedOnly(() => decodeProposal(b));
        typedOnly(() => decodeEpochEnd(b));
      }), { numRuns: runs(1000) });
  fc.assert(fc.property(mutated([proposal]), (b) => typedOnly(() => decodeProposal(b))), { numRuns: runs(1000) });
});

test('the engine never throws on mutated packets of every kind: refused ones are events', () => {
  const net = Network.group(3, { seed: 5, ordered: true });
  net.settle();
  const m = net.members[1]!.engine;
  const pool = [...seeds, ...net.log.slice(-20)];
  fc.assert(
    fc.property(mutated(pool), (b) => {
      const out = m.receive(b, net.now);
      assert.ok(Array.isArray(out.events));
    }),
    { numRuns: runs(1000) },
  );
});

test('decoded packets re-encode to the same bytes (no two encodings of one packet)', () => {
  for (const s of seeds) assert.deepEqual(encode(decode(s)), s);
  assert.ok(seeds.length > 9);
  void ProtocolError;
});
