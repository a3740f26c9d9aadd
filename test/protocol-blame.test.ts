// The Blame round: when a run fails without a certain culprit, the members that have not
// established reveal their BD secrets and views, and each names the members whose values do
// not fit. An insider that equivocates on its Hello or its X is named; an honest member never
// is, even where the failure first pointed at it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crypto } from './support/core.js';
import { newGroup, runKeyAgreement, type Member } from './support/group.js';
import { keyTag } from '../ts/protocol/keyschedule.js';
import { decode, encode, TagList, type Key } from '../ts/protocol/packets.js';
import { Network } from './support/network.js';
import { tagSlot } from '../ts/protocol/run/pairwise.js';

const EQUIVOCATOR = 1;

// Every member that names someone names only the equivocator, and at least one names it.
function assertOnlyEquivocatorNamed(members: Member[]): void {
  let namedIt = 0;
  members.forEach((m, i) => {
    assert.ok(m.aborted, `member ${i} aborted`);
    assert.ok(!m.established, `member ${i} did not establish`);
    if (i === EQUIVOCATOR) return;
    assert.ok(m.blamed, `member ${i} finished the Blame round`);
    for (const named of m.blamed.keys()) assert.equal(named, EQUIVOCATOR, `member ${i} named honest member ${named}: ${m.blamed.get(named)}`);
    if (m.blamed.has(EQUIVOCATOR)) namedIt++;
  });
  assert.ok(namedIt > 0, 'somebody named the equivocator');
}

for (const n of [3, 4, 6]) {
  test(`${n} members: an insider that sends different Hellos is named, honest members are not`, () => {
    const members = newGroup(n);
    const otherH = crypto.ristretto255.scalarMultBase(crypto.scalar.random());
    // Members with an even index get a Hello with another H; the nonce (and so sid) is the same.
    runKeyAgreement(members, 40 + n, (p, to) => (p.kind === 'Hello' && p.j === EQUIVOCATOR && to % 2 === 0 && to !== EQUIVOCATOR ? { ...p, H: otherH } : p));
    assertOnlyEquivocatorNamed(members);
  });

  test(`${n} members: an insider that sends a different X (with a valid tag) to one member is named`, () => {
    const members = newGroup(n);
    const victim = (EQUIVOCATOR + 1) % n;
    const forged = crypto.ristretto255.scalarMultBase(crypto.scalar.random());
    runKeyAgreement(members, 60 + n, (p, to) => {
      if (p.kind !== 'Key' || p.j !== EQUIVOCATOR || to !== victim) return p;
      // The insider itself makes a valid tag for the victim over the forged X.
      const run = members[EQUIVOCATOR]!.run as unknown as { pair: { subkey: (u: string, f: number, t: number) => Uint8Array }; sid: Uint8Array; t1: Uint8Array };
      const tags: Uint8Array[] = [];
      for (let i = 0; i < n; i++) if (i !== EQUIVOCATOR) tags.push(i === victim ? keyTag(run.pair.subkey('key', EQUIVOCATOR, i), run.sid, run.t1, EQUIVOCATOR, forged) : p.tags.at(tagSlot(EQUIVOCATOR, i))!);
      return { ...p, X: forged, tags: TagList.of(tags) } as Key;
    });
    assertOnlyEquivocatorNamed(members);
    assert.ok(members[victim]!.blamed!.has(EQUIVOCATOR), 'the member shown the forged X names the insider');
  });
}

test('a Blame packet whose tag does not verify is ignored; the round ends at the timeout with what it has', () => {
  const members = newGroup(3);
  const otherH = crypto.ristretto255.scalarMultBase(crypto.scalar.random());
  // Blame packets from member 2 are corrupted in flight to everyone.
  runKeyAgreement(members, 77, (p, to) => {
    if (p.kind === 'Hello' && p.j === EQUIVOCATOR && to === 0) return { ...p, H: otherH };
    if (p.kind === 'Blame' && p.j === 2) return { ...p, h: crypto.scalar.random() };
    return p;
  });
  assert.equal(members[0]!.run.phase, 'blame', "member 0 still waits for member 2's Blame");
  assert.ok(members[2]!.blamed, 'member 2 has every Blame it needs');
  const step = members[0]!.run.timeout();
  assert.deepEqual([...step.blamed!.keys()], [EQUIVOCATOR], 'member 0, shown the other Hello, names the insider');
});

test('engine: the failed run ends in a blame event naming the insider, after the round timeout at the latest', () => {
  const otherH = crypto.ristretto255.scalarMultBase(crypto.scalar.random());
  let insider: Uint8Array | undefined;
  const net = Network.group(4, {
    seed: 88,
    tamper: (raw, to) => {
      const p = decode(raw);
      // The member with index 1 in the roster sends another Hello to the member at index 0.
      if (p.kind === 'Hello' && p.j === 1 && net.members[to]!.engine.members.findIndex((k) => crypto.constantTimeEqual(k, net.members[to]!.identity.publicKey)) === 0) return encode({ ...p, H: otherH });
      return raw;
    },
  });
  insider = net.members[0]!.engine.members[1];
  net.settle();
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  let named = 0;
  for (const m of net.members) {
    assert.ok(m.events.some((e) => e.type === 'aborted'));
    if (crypto.constantTimeEqual(m.identity.publicKey, insider!)) continue;
    const blame = m.events.filter((e) => e.type === 'blame');
    assert.equal(blame.length, 1, 'one blame event');
    for (const a of blame[0]!.type === 'blame' ? blame[0]!.accused : []) {
      assert.equal(hex(a.member), hex(insider!), 'only the insider is named');
      named++;
    }
  }
  assert.ok(named > 0);
});
