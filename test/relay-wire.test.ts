// The relay wire codec: byte layouts as docs/RELAY.md gives them, round trips, and decoders
// that meet random and mutated input with typed errors only. Quick by default; SMMP_LONG=1 runs
// 100,000 cases per property.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runs } from './support/core.js';
import { RelayError } from '../ts/relay/errors.js';
import { newRoomId, roomIdFromString, roomIdToString } from '../ts/relay/room-id.js';
import { decodeClientFrame, decodeRelayFrame, encodeClientFrame, encodeRelayFrame, type ClientFrame, type RelayFrame } from '../ts/relay/wire.js';
import { fromHex, toHex } from '../ts/bytes.js';
import { mutated, typedOnly } from './support/fuzz.js';

const room = Uint8Array.from({ length: 32 }, (_, i) => i);
const roomHex = toHex(room);

test('byte layouts', () => {
  assert.equal(toHex(encodeClientFrame({ kind: 'join', room, log: 0x0102030405, cursor: 7 })), `0101${roomHex}00000001020304050000000000000007`);
  assert.equal(toHex(encodeClientFrame({ kind: 'publish', room, payload: Uint8Array.of(0xaa, 0xbb) })), `0102${roomHex}aabb`);
  assert.equal(toHex(encodeClientFrame({ kind: 'leave', room })), `0103${roomHex}`);
  assert.equal(toHex(encodeClientFrame({ kind: 'ping', token: 0xdeadbeef })), '0104deadbeef');
  assert.equal(
    toHex(encodeRelayFrame({ kind: 'joined', room, log: 9, head: 300, from: 12, online: 3 })),
    `0181${roomHex}0000000000000009000000000000012c000000000000000c00000003`,
  );
  assert.equal(toHex(encodeRelayFrame({ kind: 'packet', room, seq: 2 ** 40, payload: Uint8Array.of(1) })), `0182${roomHex}000001000000000001`);
  assert.equal(toHex(encodeRelayFrame({ kind: 'pong', token: 1 })), '018300000001');
});

const clientFrames: ClientFrame[] = [
  { kind: 'join', room, log: 0, cursor: 0 },
  { kind: 'join', room, log: 2 ** 48 - 1, cursor: 2 ** 53 - 1 },
  { kind: 'publish', room, payload: new Uint8Array(300).fill(5) },
  { kind: 'leave', room },
  { kind: 'ping', token: 0 },
];
const relayFrames: RelayFrame[] = [
  { kind: 'joined', room, log: 1, head: 0, from: 1, online: 1 },
  { kind: 'joined', room, log: 77, head: 1000, from: 990, online: 4000 },
  { kind: 'packet', room, seq: 1, payload: Uint8Array.of(0) },
  { kind: 'pong', token: 2 ** 32 - 1 },
];

test('round trips', () => {
  for (const f of clientFrames) assert.deepEqual(decodeClientFrame(encodeClientFrame(f)), f);
  for (const f of relayFrames) assert.deepEqual(decodeRelayFrame(encodeRelayFrame(f)), f);
});

test('typed rejections: version, kind, truncation, trailing bytes, impossible values', () => {
  const bad: [Uint8Array, string][] = [
    [fromHex(''), 'MALFORMED_FRAME'],
    [fromHex('02'), 'UNSUPPORTED_VERSION'],
    [fromHex('0201'), 'UNSUPPORTED_VERSION'],
    [fromHex('0105'), 'MALFORMED_FRAME'],
    [fromHex('0181'), 'MALFORMED_FRAME'], // a relay kind sent as a client frame
    [fromHex(`0101${roomHex}0000000000000000`), 'MALFORMED_FRAME'], // truncated join
    [fromHex(`0101${roomHex}0000000000000000000000000000000000`), 'MALFORMED_FRAME'], // trailing
    [fromHex(`0101${roomHex}00000000000000000000000000000001`), 'MALFORMED_FRAME'], // cursor without log
    [fromHex(`0101${roomHex}0020000000000000${'00'.repeat(8)}`), 'MALFORMED_FRAME'], // log beyond 2^53
    [fromHex(`0102${roomHex}`), 'MALFORMED_FRAME'], // empty payload
  ];
  for (const [bytes, code] of bad) {
    assert.throws(() => decodeClientFrame(bytes), (e: unknown) => e instanceof RelayError && e.code === code, toHex(bytes));
  }
  const badRelay = [
    fromHex(`0181${roomHex}${'00'.repeat(8)}${'00'.repeat(8)}${'00'.repeat(7)}01${'00'.repeat(4)}`), // log 0
    fromHex(`0181${roomHex}${'00'.repeat(7)}01${'00'.repeat(7)}05${'00'.repeat(7)}07${'00'.repeat(4)}`), // from > head + 1
    fromHex(`0182${roomHex}${'00'.repeat(8)}01`), // seq 0
    fromHex(`0182${roomHex}${'00'.repeat(7)}01`), // no payload
    fromHex('0101'),
  ];
  for (const bytes of badRelay) assert.throws(() => decodeRelayFrame(bytes), RelayError, toHex(bytes));
});


const seeds = [...clientFrames.map(encodeClientFrame), ...relayFrames.map(encodeRelayFrame)];
const mutatedFrames = mutated(seeds);

test('decoder fuzz: random and mutated frames give typed errors only, and what decodes re-encodes to the same bytes', () => {
  const check = (b: Uint8Array): void => {
    typedOnly(() => decodeClientFrame(b));
    typedOnly(() => decodeRelayFrame(b));
    try {
      assert.deepEqual(encodeClientFrame(decodeClientFrame(b)), b);
    } catch (e) {
      if (!(e instanceof RelayError)) throw e;
    }
    try {
      assert.deepEqual(encodeRelayFrame(decodeRelayFrame(b)), b);
    } catch (e) {
      if (!(e instanceof RelayError)) throw e;
    }
  };
  fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), check), { numRuns: runs(3000) });
  fc.assert(fc.property(mutatedFrames, check), { numRuns: runs(3000) });
});

test('room ids: 43 characters of base64url, one spelling each', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (id) => {
      const s = roomIdToString(id);
      assert.match(s, /^[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(roomIdFromString(s), id);
    }),
    { numRuns: runs(500) },
  );
  const s = roomIdToString(newRoomId());
  const last = s[42]!;
  // The last character carries 2 unused bits: any other spelling of the same bytes is refused.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
  assert.throws(() => roomIdFromString(s.slice(0, 42) + sibling), { code: 'INVALID_ARGUMENT' });
  for (const bad of ['', s.slice(1), `${s}A`, `${s.slice(0, 42)}=`, `${s.slice(0, 10)}+${s.slice(11)}`]) {
    assert.throws(() => roomIdFromString(bad), { code: 'INVALID_ARGUMENT' }, bad);
  }
});
