// The group key agreement run: honest members agree for every group size and delivery order;
// a substituted Hello key, a tampered X, a conflicting Hello or a wrong key confirmation
// aborts the run for the members affected, and nobody establishes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crypto, toHex } from './support/core.js';
import type { Hello, Key } from '../ts/protocol/packets.js';
import { newGroup as group, runKeyAgreement as runAll, type Member } from './support/group.js';

for (const n of [2, 3, 5, 8, 16]) {
  test(`${n} members agree on the epoch keys under random delivery order`, () => {
    const members = group(n);
    runAll(members, n);
    const ids = new Set(members.map((m) => toHex(m.established!.keys.epochId)));
    assert.equal(ids.size, 1);
    assert.equal(new Set(members.map((m) => toHex(m.established!.keys.headerKey))).size, 1);
    assert.equal(new Set(members.map((m) => m.established!.keys.groupCode)).size, 1);
    for (const m of members) {
      assert.equal(m.run.phase, 'established');
      assert.equal(m.established!.keys.chains.length, n);
      assert.equal(toHex(m.established!.keys.chains[0]!), toHex(members[0]!.established!.keys.chains[0]!));
    }
  });
}

test('a substituted R in one Hello (man in the middle) aborts the run for the members shown it', () => {
  const members = group(4);
  const mitm = crypto.x25519Base(crypto.randomBytes(32));
  runAll(members, 7, (p, to) => (p.kind === 'Hello' && p.j === 1 && to === 2 ? ({ ...p, R: mitm } as Hello) : p));
  assert.equal(members.some((m) => m.established !== undefined), false, 'nobody establishes');
  assert.ok(members[2]!.aborted || members[1]!.aborted, 'the victim pair aborts');
});

test('a tampered X fails the tag check of its recipients', () => {
  const members = group(3);
  const other = crypto.ristretto255.scalarMultBase(crypto.scalar.random());
  runAll(members, 3, (p, to) => (p.kind === 'Key' && p.j === 0 && to === 1 ? ({ ...p, X: other } as Key) : p));
  assert.equal(members[1]!.aborted?.error.code, 'BAD_KEY_TAG');
  assert.equal(members[1]!.aborted?.error.member, 0);
  assert.equal(members.some((m) => m.established !== undefined), false);
});

test('two different Hellos for one index abort the run', () => {
  const members = group(3);
  let sent = false;
  runAll(members, 5, (p, to) => {
    if (p.kind === 'Hello' && p.j === 2 && to === 0 && !sent) {
      sent = true;
      return { ...p, nonce: crypto.randomBytes(32) } as Hello;
    }
    return p;
  });
  assert.equal(members.some((m) => m.established !== undefined), false);
});

test('a withheld Confirm: only the withholder establishes, the others time out and abort', () => {
  const members = group(3);
  runAll(members, 9, (p) => (p.kind === 'Confirm' && p.j === 1 ? undefined : p));
  const byIndex = (j: number): Member => members[j]!;
  // The withholder got every other Confirm, so it establishes; it can never become active,
  // because nobody else establishes and sends a new-epoch message (tested with the epoch).
  assert.equal(byIndex(1).run.phase, 'established');
  for (const j of [0, 2]) {
    const m = byIndex(j);
    assert.equal(m.established, undefined);
    assert.deepEqual(m.run.waitingFor(), [1]);
    assert.notEqual(m.run.timeout().aborted, undefined);
    assert.equal(m.run.phase, 'aborted');
  }
});

test('a Hello whose signing key S is of small order or not canonical is refused on arrival, naming its sender', () => {
  for (const S of [Uint8Array.of(1, ...new Array(31).fill(0)), new Uint8Array(32).fill(0xff)]) {
    const members = group(3);
    runAll(members, 11, (p, to) => (p.kind === 'Hello' && p.j === 2 && to === 0 ? ({ ...p, S } as Hello) : p));
    assert.equal(members[0]!.aborted?.error.code, 'INVALID_KEY');
    assert.equal(members[0]!.aborted?.error.member, 2);
    assert.equal(members.some((m) => m.established !== undefined), false);
  }
});
