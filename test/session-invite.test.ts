// Invites: a round trip keeps every field, every string has one canonical form, and the decoder
// is strict (each failure an InvalidInviteError with its reason), also under fuzzing of both the
// string and the binary layout behind the checksum. The verified set round-trips too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runs, generateIdentity, safetyNumber } from './support/core.js';
import { createInvite, decodeInvite, encodeInvite, inviteMembers, INVITE_PREFIX, type Invite } from '../ts/session/invite.js';
import { decodeBase64url, encodeBase64url } from '../ts/session/base64url.js';
import { InvalidInviteError } from '../ts/session/errors.js';
import { VerifiedSet } from '../ts/session/verified.js';
import { hash } from '../ts/protocol/keyschedule.js';
import { Writer } from '../ts/protocol/bytes-codec.js';
import { InvalidArgumentError, SmmpError } from '../ts/errors.js';

const keys = Array.from({ length: 4 }, () => generateIdentity().publicKey);
const sorted = [...keys].sort((a, b) => Buffer.compare(a, b));

// An invite string for arbitrary body bytes, with a correct check: reaches the layout parser.
const withCheck = (body: Uint8Array): string => INVITE_PREFIX + encodeBase64url(new Writer().bytes(body).bytes(hash('invite', body).slice(0, 4)).finish());
const bodyOf = (s: string): Uint8Array => {
  const raw = decodeBase64url(s.slice(INVITE_PREFIX.length))!;
  return raw.slice(0, raw.length - 4);
};

const reason = (f: () => unknown, expected: string): void => {
  assert.throws(f, (e: unknown) => e instanceof InvalidInviteError && e.code === 'INVALID_INVITE' && e.reason === expected, `expected reason ${expected}`);
};

test('invite round trip: every field, keys sorted, one canonical string', () => {
  const inv = createInvite({ members: keys, relayUrl: 'wss://relay.example:8443/smmp' });
  const s = encodeInvite(inv);
  assert.ok(s.startsWith('smmp1:'));
  const back = decodeInvite(s);
  assert.deepEqual(back, { kind: 'found', relayUrl: 'wss://relay.example:8443/smmp', roomId: inv.roomId, groupId: inv.groupId, members: sorted });
  assert.equal(encodeInvite(back), s);
  assert.equal(decodeInvite(`  ${s}\n`).kind, 'found'); // pasted with whitespace
  assert.equal(back.roomId.length, 32);
  assert.deepEqual(inviteMembers(back).map((m) => m.safetyNumber), sorted.map((k) => safetyNumber(k)));
  // Without a relay URL, and the join kind; URLs are stored normalized.
  const plain = decodeInvite(encodeInvite({ ...inv, kind: 'join', relayUrl: undefined as unknown as string }));
  assert.equal(plain.relayUrl, undefined);
  assert.equal(plain.kind, 'join');
  assert.equal(decodeInvite(encodeInvite({ ...inv, relayUrl: 'WS://127.0.0.1:8080' })).relayUrl, 'ws://127.0.0.1:8080/');
  // Fresh ids every time.
  assert.notDeepEqual(createInvite({ members: keys }).roomId, inv.roomId);
});

test('invite encoder: bad fields are InvalidArgumentErrors', () => {
  const inv = createInvite({ members: keys });
  const bad: [string, Partial<Invite>][] = [
    ['one member', { members: [keys[0]!] }],
    ['a duplicate', { members: [keys[0]!, keys[0]!] }],
    ['a short key', { members: [keys[0]!, new Uint8Array(31)] }],
    ['a short room id', { roomId: new Uint8Array(15) }],
    ['an http URL', { relayUrl: 'http://relay.example/' }],
    ['credentials in the URL', { relayUrl: 'wss://user:pw@relay.example/' }],
    ['a URL that does not parse', { relayUrl: 'not a url' }],
    ['a URL too long', { relayUrl: `wss://relay.example/${'a'.repeat(1100)}` }],
    ['an unknown kind', { kind: 'merge' as 'found' }],
  ];
  for (const [what, change] of bad) assert.throws(() => encodeInvite({ ...inv, ...change }), (e: unknown) => e instanceof SmmpError, what);
  assert.throws(() => createInvite({ members: [keys[0]!, keys[1]!, new Uint8Array(32).fill(0xff)] }), (e: unknown) => e instanceof SmmpError);
  assert.throws(() => encodeInvite(null as unknown as Invite), InvalidArgumentError);
});

test('invite decoder: each malformation has its typed reason', () => {
  const good = encodeInvite(createInvite({ members: keys.slice(0, 3), relayUrl: 'ws://127.0.0.1:9000/' }));
  const body = bodyOf(good);
  reason(() => decodeInvite('smmp2:' + good.slice(6)), 'prefix');
  reason(() => decodeInvite(good.slice(6)), 'prefix');
  reason(() => decodeInvite(42 as unknown as string), 'encoding');
  reason(() => decodeInvite(good.slice(0, 20) + '+' + good.slice(21)), 'encoding'); // not url-safe
  const payload = good.slice(INVITE_PREFIX.length);
  reason(() => decodeInvite(good + 'A'.repeat((5 - (payload.length % 4)) % 4)), 'encoding'); // a length of 1 mod 4
  reason(() => decodeInvite(INVITE_PREFIX + 'AB'), 'encoding'); // non-zero unused bits
  // A changed character or a truncated copy fails the check.
  const i = 30;
  reason(() => decodeInvite(good.slice(0, i) + (good[i] === 'A' ? 'B' : 'A') + good.slice(i + 1)), 'checksum');
  for (let cut = 1; cut < 12; cut++) {
    // A copy cut short: the check fails, or its last character cannot end a base64url string.
    assert.throws(() => decodeInvite(good.slice(0, good.length - cut)), (e: unknown) => e instanceof InvalidInviteError && (e.reason === 'checksum' || e.reason === 'encoding'));
  }
  reason(() => decodeInvite(INVITE_PREFIX), 'layout');
  reason(() => decodeInvite(INVITE_PREFIX + 'A'.repeat(70_000)), 'layout');
  // Behind a correct check: the layout itself.
  const edit = (f: (b: Uint8Array) => Uint8Array): string => withCheck(f(body.slice()));
  reason(() => decodeInvite(edit((b) => ((b[0] = 3), b))), 'layout'); // unknown kind
  reason(() => decodeInvite(edit((b) => Uint8Array.from([...b, 0]))), 'layout'); // trailing byte
  reason(() => decodeInvite(edit((b) => b.slice(0, b.length - 1))), 'layout'); // truncated key
  const urlEnd = 3 + 20; // kind, u16 length, 'ws://127.0.0.1:9000/'
  assert.equal(new TextDecoder().decode(body.slice(3, urlEnd)), 'ws://127.0.0.1:9000/');
  const membersAt = urlEnd + 32 + 16; // after the room id and the group id
  reason(() => decodeInvite(edit((b) => ((b[4] = 0x48), b))), 'relay-url'); // 'Ws://...' is not normalized
  reason(() => decodeInvite(edit((b) => ((b[3] = 0xff), b))), 'relay-url'); // not UTF-8
  reason(() => decodeInvite(edit((b) => ((b[1] = 0x04), (b[2] = 0x01), b))), 'relay-url'); // 1025 bytes
  reason(() => decodeInvite(edit((b) => ((b[membersAt + 1] = 1), b.slice(0, membersAt + 2 + 32)))), 'members'); // one member
  reason(() => decodeInvite(edit((b) => ((b[membersAt] = 0xff), b))), 'members'); // too many for the bytes
  const [k0, k1, k2] = [body.slice(membersAt + 2, membersAt + 34), body.slice(membersAt + 34, membersAt + 66), body.slice(membersAt + 66, membersAt + 98)];
  const withKeys = (...ks: Uint8Array[]): string => withCheck(Uint8Array.from([...body.slice(0, membersAt), 0, ks.length, ...ks.flatMap((k) => [...k])]));
  assert.equal(decodeInvite(withKeys(k0, k1, k2)).members.length, 3);
  reason(() => decodeInvite(withKeys(k1, k0, k2)), 'members'); // not ascending
  reason(() => decodeInvite(withKeys(k0, k0, k2)), 'members'); // a duplicate
  const nonCanonical = new Uint8Array(32).fill(0xff);
  nonCanonical[31] = 0x7f; // 2^255 - 1 >= p
  reason(() => decodeInvite(withKeys(k0, k1, nonCanonical)), 'member-key');
});

test('invite decoder fuzz: random and mutated strings and layouts give InvalidInviteError only', () => {
  const good = encodeInvite(createInvite({ members: keys, relayUrl: 'wss://relay.example/' }));
  const body = bodyOf(good);
  const onlyInvalidInvite = (s: string): void => {
    try {
      const inv = decodeInvite(s);
      assert.equal(encodeInvite(inv), s.trim(), 'an accepted invite is canonical');
    } catch (e) {
      assert.ok(e instanceof InvalidInviteError, `unexpected ${String(e)}`);
    }
  };
  const n = runs(500);
  fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => onlyInvalidInvite(INVITE_PREFIX + s)), { numRuns: n });
  fc.assert(fc.property(fc.nat(good.length - 1), fc.integer({ min: 0, max: 63 }), (at, c) => onlyInvalidInvite(good.slice(0, at) + 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[c] + good.slice(at + 1))), { numRuns: n });
  const edits = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 2 }), fc.nat(255)), { minLength: 1, maxLength: 4 });
  fc.assert(
    fc.property(edits, (es) => {
      let b = body.slice();
      for (const [pos, op, val] of es) {
        const at = b.length === 0 ? 0 : pos % b.length;
        if (op === 0 && b.length > 0) b[at] = val;
        else if (op === 1) b = b.slice(0, at);
        else b = Uint8Array.from([...b.slice(0, at), val, ...b.slice(at)]);
      }
      onlyInvalidInvite(withCheck(b));
    }),
    { numRuns: n },
  );
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (b) => onlyInvalidInvite(withCheck(b))), { numRuns: n });
});

test('base64url: matches the platform encoder, one string per byte string', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
      const s = encodeBase64url(b);
      assert.equal(s, Buffer.from(b).toString('base64url'));
      assert.deepEqual(decodeBase64url(s), b);
    }),
    { numRuns: runs(300) },
  );
  for (const bad of ['A', 'AB', 'ABC', 'AAB', 'A=', 'A/', 'é0']) assert.equal(decodeBase64url(bad), undefined, bad);
  assert.deepEqual(decodeBase64url('AA'), new Uint8Array(1));
});

test('verified set: unverified members, save and load, strict bytes', () => {
  const set = new VerifiedSet([keys[1]!]);
  assert.equal(set.has(keys[1]!), true);
  assert.deepEqual(set.unverified(keys, keys[0]), [keys[2], keys[3]]);
  set.add(keys[2]!);
  const back = VerifiedSet.fromBytes(set.toBytes());
  assert.deepEqual(back.unverified(keys, keys[0]), [keys[3]]);
  assert.equal(back.delete(keys[2]!), true);
  assert.equal(back.size, 1);
  assert.throws(() => set.add(new Uint8Array(31)), InvalidArgumentError);
  for (const bad of [set.toBytes().slice(0, 20), Uint8Array.from([...set.toBytes(), 0]), Uint8Array.from([0, 0, 0, 1, ...new Uint8Array(32).fill(0xff)])]) {
    assert.throws(() => VerifiedSet.fromBytes(bad), (e: unknown) => e instanceof SmmpError);
  }
});
