// The key agreement's checks as the batched code makes them (PairKeys.badKeyTag /
// badConfirmTag, bd.keyAndSumCheck, the prefix-indexed repeat check of completeHellos): each failure
// is still found, attributed to the right member whatever its slot, and aborts the run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crypto } from './support/core.js';
import { encode, TagList, type Confirm, type Hello, type Key, type Packet } from '../ts/protocol/packets.js';
import { Roster } from '../ts/protocol/roster.js';
import { Run } from '../ts/protocol/run/run.js';
import { drawSecrets, type RunSecrets } from '../ts/protocol/run/secrets.js';
import { tagSlot } from '../ts/protocol/run/pairwise.js';
import { completeHellos } from '../ts/protocol/run/hello.js';
import { newGroup, runKeyAgreement, type Member } from './support/group.js';

// The tag list with the tag for `to` flipped in one bit (a copy: the packet bytes are shared).
function flipTag(p: Key | Confirm, to: number): TagList {
  const bytes = p.tags.bytes.slice();
  bytes[tagSlot(p.j, to) * 16]! ^= 1;
  return TagList.ofBytes(bytes);
}

// A group whose member j starts from `secrets(j)` when given (else fresh ones).
function groupWith(n: number, secrets: (j: number, all: RunSecrets[]) => RunSecrets | undefined): Member[] {
  const ids = Array.from({ length: n }, () => {
    const secret = crypto.randomBytes(32);
    return { secret, key: crypto.x25519Base(secret) };
  });
  const roster = new Roster(ids.map((i) => i.key));
  const sorted = ids.sort((a, b) => roster.indexOf(a.key) - roster.indexOf(b.key));
  const fresh = sorted.map(() => drawSecrets());
  const groupId = crypto.randomBytes(16);
  const runId = crypto.randomBytes(32);
  return sorted.map((id, j) => ({
    run: new Run({ groupId, runId, previousEpochId: new Uint8Array(16), roster, identitySecret: id.secret, identityKey: id.key }, secrets(j, fresh) ?? fresh[j]),
  }));
}

// Every member aborts: those that found the fault with `code`, the others on their authenticated
// Abort (WRONG_STATE, naming the reason) or on another member's Blame packet (which reveals that
// member gave up); nobody establishes.
function allAbort(members: Member[], code: string, reason: number): void {
  assert.equal(members.some((m) => m.established !== undefined), false);
  const found = members.filter((m) => m.aborted?.error.code === code).length;
  assert.ok(found >= 1, `some member reports ${code}`);
  for (const m of members) {
    const e = m.aborted?.error;
    assert.ok(e !== undefined, 'every member aborts');
    if (e.code !== code) assert.match(`${e.code} ${e.message}`, new RegExp(`^WRONG_STATE (.*reason ${reason}\\)|member \\d+ started the Blame round)`));
  }
}

test('a wrong key tag in the last slot is found and names its sender', () => {
  const members = newGroup(5);
  runKeyAgreement(members, 11, (p: Packet, to) => (p.kind === 'Key' && p.j === 3 && to === 4 ? { ...p, tags: flipTag(p, to) } : p));
  assert.equal(members[4]!.aborted?.error.code, 'BAD_KEY_TAG');
  assert.equal(members[4]!.aborted?.error.member, 3);
  assert.equal(members.some((m) => m.established !== undefined), false);
});

test('a wrong confirm tag is found and names its sender', () => {
  const members = newGroup(5);
  runKeyAgreement(members, 12, (p: Packet, to) => (p.kind === 'Confirm' && p.j === 3 && to === 1 ? { ...p, tags: flipTag(p, to) } : p));
  assert.equal(members[1]!.aborted?.error.code, 'BAD_CONFIRMATION');
  assert.equal(members[1]!.aborted?.error.member, 3);
  assert.equal(members[1]!.established, undefined);
});

test('an X that does not fit its sender\'s H (an insider) passes the tags and fails the sum check', () => {
  // Member 2 computes X from an h other than the one behind its H: its tags are honest.
  const members = groupWith(4, (j, all) => (j === 2 ? { ...all[2]!, h: crypto.scalar.random() } : undefined));
  runKeyAgreement(members, 13);
  allAbort(members, 'SUM_CHECK_FAILED', 4);
  // The Blame round names the insider, at every honest member (its X does not fit its secret).
  for (const j of [0, 1, 3]) assert.deepEqual([...members[j]!.blamed!.keys()], [2], `member ${j}`);
});

test('a value repeated within a Hello or across Hellos aborts every member', () => {
  // Within one member: Q = R.
  const within = groupWith(3, (j, all) => (j === 1 ? { ...all[1]!, q: all[1]!.r, Q: all[1]!.R } : undefined));
  runKeyAgreement(within, 14);
  allAbort(within, 'REPEATED_VALUE', 6);
  // Across members: member 2 reuses member 0's nonce.
  const across = groupWith(3, (j, all) => (j === 2 ? { ...all[2]!, nonce: all[0]!.nonce } : undefined));
  runKeyAgreement(across, 15);
  allAbort(across, 'REPEATED_VALUE', 6);
});

test('the repeat check compares whole values: a shared six-byte prefix alone is no repeat', () => {
  const n = 4;
  const keys = Array.from({ length: n }, () => crypto.x25519Base(crypto.randomBytes(32)));
  const roster = new Roster(keys);
  const groupId = crypto.randomBytes(16);
  const runId = crypto.randomBytes(32);
  const hellos: Hello[] = Array.from({ length: n }, (_, j) => ({ kind: 'Hello', groupId, runId, n, j, R: crypto.randomBytes(32), Q: crypto.randomBytes(32), S: crypto.randomBytes(32), H: crypto.randomBytes(32), nonce: crypto.randomBytes(32) }));
  // Member 3's nonce and member 1's S share their first six bytes (and member 2's R its first 31).
  hellos[3]!.nonce.set(hellos[1]!.S.subarray(0, 6));
  hellos[2]!.R.set(hellos[0]!.H.subarray(0, 31));
  hellos[2]!.R[31] = hellos[0]!.H[31]! ^ 1; // the last byte differs (random, it would match 1 time in 256)
  const complete = (): unknown => completeHellos(groupId, runId, new Uint8Array(16), roster, hellos, hellos.map((h) => encode(h)));
  assert.doesNotThrow(complete);
  // The same whole value, at any position, is a repeat.
  hellos[2]!.R.set(hellos[0]!.H);
  assert.throws(complete, (e) => e instanceof Error && (e as { code?: string }).code === 'REPEATED_VALUE' && /members 0 and 2/.test(e.message));
});
