// The batched core calls the key agreement uses (ts/crypto/batch.ts and bd.keyAndSumCheck)
// against node:crypto, noble and the one-item functions: shared and per-item inputs, lengths
// around the hash block size, tag checks with one wrong tag, typed errors, and secrets not left
// in wasm memory.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { crypto, InvalidArgumentError, InvalidEncodingError, runs, toHex, WeakKeyError } from './support/core.js';
import { nobleHkdfExpand, nobleSha256, nodeCrypto, sodium } from './support/references.js';
import { hkdfSha256Batch, hkdfSha256ExpandBatch, hmacSha256Batch, hmacSha256BatchVerify, Packed, type BatchInput } from '../ts/crypto/batch.js';
import { wasm } from '../ts/crypto/core.js';
import { x25519Many } from '../ts/crypto/x25519.js';

const N = runs(100);

// n items of one length (an array, or Packed back to back), or (shared) one array.
const input = (n: number, maxLength: number): fc.Arbitrary<BatchInput> =>
  fc.oneof(
    fc.uint8Array({ maxLength }),
    fc.nat({ max: maxLength }).chain((len) => fc.array(fc.uint8Array({ minLength: len, maxLength: len }), { minLength: n, maxLength: n })),
    fc.nat({ max: maxLength }).chain((len) => fc.uint8Array({ minLength: n * len, maxLength: n * len }).map((b) => new Packed(b, n))),
  );
const item = (x: BatchInput, i: number): Uint8Array => (x instanceof Uint8Array ? x : x instanceof Packed ? x.item(i) : x[i]!);
// At least one input of a batch has items: force the first when both came out shared.
const ensureArray = (x: BatchInput, n: number): BatchInput => (x instanceof Uint8Array ? Array.from({ length: n }, () => x) : x);
const chunk = (bytes: Uint8Array, size: number, i: number): string => toHex(bytes.subarray(i * size, (i + 1) * size));

test('hmacSha256Batch equals node:crypto HMAC per item, truncated', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(fc.constant(n), input(n, 140), input(n, 200), fc.integer({ min: 1, max: 32 }))),
      ([n, keys0, messages, outLength]) => {
        const keys = ensureArray(keys0, n);
        const out = hmacSha256Batch(keys, messages, outLength);
        assert.equal(out.length, n * outLength);
        for (let i = 0; i < n; i++) {
          const ref = nodeCrypto.createHmac('sha256', item(keys, i)).update(item(messages, i)).digest('hex').slice(0, 2 * outLength);
          assert.equal(chunk(out, outLength, i), ref);
        }
      },
    ),
    { numRuns: N },
  );
});

test('hmacSha256BatchVerify accepts the right tags and flags exactly the wrong ones', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), input(n, 80), input(n, 150), fc.integer({ min: 1, max: 32 }), fc.nat(), fc.nat())),
      ([n, keys, messages0, tagLength, wrong, bit]) => {
        const messages = ensureArray(messages0, n);
        const good = hmacSha256Batch(keys, messages, tagLength);
        const tags = Array.from({ length: n }, (_, i) => good.slice(i * tagLength, (i + 1) * tagLength));
        assert.deepEqual(hmacSha256BatchVerify(keys, messages, tags), new Array(n).fill(true));
        const w = wrong % n;
        tags[w]![bit % tagLength]! ^= 1 << (bit % 8);
        assert.deepEqual(hmacSha256BatchVerify(keys, messages, tags), Array.from({ length: n }, (_, i) => i !== w));
      },
    ),
    { numRuns: N },
  );
});

test('hkdfSha256Batch and hkdfSha256ExpandBatch equal node:crypto and noble per item', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(fc.constant(n), input(n, 100), input(n, 70), input(n, 90), fc.integer({ min: 0, max: 200 }))),
      ([n, ikms0, salts, infos, length]) => {
        const ikms = ensureArray(ikms0, n);
        const out = hkdfSha256Batch(ikms, salts, infos, length);
        const prks = Array.from({ length: n }, (_, i) => crypto.hkdfSha256Extract(item(ikms, i), item(salts, i)));
        const expanded = hkdfSha256ExpandBatch(prks, infos, length);
        for (let i = 0; i < n; i++) {
          const ref = length === 0 ? '' : Buffer.from(nodeCrypto.hkdfSync('sha256', item(ikms, i), item(salts, i), item(infos, i), length)).toString('hex');
          assert.equal(chunk(out, length, i), ref);
          assert.equal(chunk(expanded, length, i), toHex(nobleHkdfExpand(nobleSha256, prks[i]!, item(infos, i), length)));
        }
      },
    ),
    { numRuns: N },
  );
});

test('batches at the block boundaries of the four-lane hashing: message, key, info and output lengths', () => {
  const hmac = (k: Uint8Array, m: Uint8Array): string => nodeCrypto.createHmac('sha256', k).update(m).digest('hex');
  const hkdf = (ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, len: number): string => (len === 0 ? '' : Buffer.from(nodeCrypto.hkdfSync('sha256', ikm, salt, info, len)).toString('hex'));
  for (const n of [1, 3, 4, 5, 9]) {
    for (const msgLen of [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 183]) {
      for (const keyLen of [0, 32, 64, 65]) {
        const keys = Array.from({ length: n }, () => crypto.randomBytes(keyLen));
        const msgs = Array.from({ length: n }, () => crypto.randomBytes(msgLen));
        const out = hmacSha256Batch(keys, msgs);
        const shared = hmacSha256Batch(keys[0]!, msgs, 16);
        for (let i = 0; i < n; i++) {
          assert.equal(chunk(out, 32, i), hmac(keys[i]!, msgs[i]!), `n ${n} msg ${msgLen} key ${keyLen} item ${i}`);
          assert.equal(chunk(shared, 16, i), hmac(keys[0]!, msgs[i]!).slice(0, 32));
        }
      }
    }
  }
  for (const [infoLen, length] of [[0, 32], [46, 32], [176, 32], [55, 96], [511, 64], [512, 33], [513, 64], [600, 100], [20, 8160]] as const) {
    const n = 5;
    const ikms = Array.from({ length: n }, () => crypto.randomBytes(96));
    const infos = Array.from({ length: n }, () => crypto.randomBytes(infoLen));
    const salt = crypto.randomBytes(32);
    const out = hkdfSha256Batch(ikms, salt, infos, length);
    const unsalted = hkdfSha256Batch(ikms, new Uint8Array(0), infos, length);
    const prks = ikms.map((ikm) => crypto.hkdfSha256Extract(ikm, salt));
    const expanded = hkdfSha256ExpandBatch(prks, infos, length);
    for (let i = 0; i < n; i++) {
      const ref = hkdf(ikms[i]!, salt, infos[i]!, length);
      assert.equal(chunk(out, length, i), ref, `info ${infoLen} length ${length} item ${i}`);
      assert.equal(chunk(expanded, length, i), ref);
      assert.equal(chunk(unsalted, length, i), hkdf(ikms[i]!, new Uint8Array(0), infos[i]!, length));
    }
  }
});

test('Packed items give the results of the same items as an array', () => {
  const all = crypto.randomBytes(5 * 40);
  const packed = new Packed(all, 5);
  const copies = [0, 1, 2, 3, 4].map((i) => all.slice(i * 40, i * 40 + 40));
  const key = crypto.randomBytes(32);
  assert.equal(toHex(hmacSha256Batch(key, packed)), toHex(hmacSha256Batch(key, copies)));
  assert.equal(toHex(hkdfSha256ExpandBatch(packed, key, 64)), toHex(hkdfSha256ExpandBatch(copies, key, 64)));
  const tags = hmacSha256Batch(copies, key, 16);
  assert.deepEqual(hmacSha256BatchVerify(packed, key, new Packed(tags, 5)), [true, true, true, true, true]);
  assert.throws(() => new Packed(new Uint8Array(7), 2), InvalidArgumentError);
  assert.throws(() => hmacSha256Batch(new Packed(new Uint8Array(64), 2), [key, key, key]), InvalidArgumentError);
});

test('batch argument errors are typed and name the argument', () => {
  const k = new Uint8Array(32);
  const names = (argument: string) => (e: unknown) => e instanceof InvalidArgumentError && e.argument === argument;
  assert.throws(() => hmacSha256Batch(k, k), names('keys/messages'));
  assert.throws(() => hmacSha256Batch([k, k], [k]), names('messages'));
  assert.throws(() => hmacSha256Batch([k, new Uint8Array(31)], k), names('keys[1]'));
  assert.throws(() => hmacSha256Batch([k], k, 0), names('outLength'));
  assert.throws(() => hmacSha256Batch([k], k, 33), names('outLength'));
  assert.throws(() => hmacSha256Batch(['x' as unknown as Uint8Array], k), names('keys[0]'));
  assert.throws(() => hmacSha256BatchVerify([k], k, [new Uint8Array(33)]), names('tags[0].length'));
  assert.throws(() => hmacSha256BatchVerify([k, k], k, [new Uint8Array(16), new Uint8Array(15)]), names('tags[1]'));
  assert.throws(() => hkdfSha256Batch([k], k, k, crypto.HKDF_SHA256_MAX_LENGTH + 1), names('length'));
  assert.throws(() => hkdfSha256ExpandBatch(Array.from({ length: 2100 }, () => k), k, crypto.HKDF_SHA256_MAX_LENGTH), names('batch'));
  assert.deepEqual(hmacSha256BatchVerify([], k, []), []);
  assert.equal(hmacSha256Batch([], k).length, 0);
});

test('bd.keyAndSumCheck equals bd.key and bd.sumIsIdentity, and fails the same way', () => {
  const { bd, ristretto255, scalar } = crypto;
  for (const n of [2, 3, 7]) {
    const h = Array.from({ length: n }, () => scalar.random());
    const H = h.map((x) => ristretto255.scalarMultBase(x));
    const X = h.map((x, j) => bd.round2(x, H[(j + 1) % n]!, H[(j + n - 1) % n]!));
    for (let j = 0; j < n; j++) {
      const r = bd.keyAndSumCheck(h[j]!, H[(j + n - 1) % n]!, X, j);
      assert.equal(toHex(r.key), toHex(bd.key(h[j]!, H[(j + n - 1) % n]!, X, j)));
      assert.equal(r.sumIsIdentity, true);
    }
    // One X replaced by another valid point: the key is still computed, the sum check fails.
    const bent = X.slice();
    bent[0] = ristretto255.scalarMultBase(scalar.random());
    const r = bd.keyAndSumCheck(h[1]!, H[0]!, bent, 1);
    assert.equal(toHex(r.key), toHex(bd.key(h[1]!, H[0]!, bent, 1)));
    assert.equal(r.sumIsIdentity, bd.sumIsIdentity(bent));
    assert.equal(r.sumIsIdentity, false);
    // An invalid encoding anywhere, including X_{j-1} which K does not use.
    const invalid = X.slice();
    invalid[0] = new Uint8Array(32).fill(0xff);
    assert.throws(() => bd.keyAndSumCheck(h[1]!, H[0]!, invalid, 1), InvalidEncodingError);
  }
  // K = identity: h = 0 with all X the identity (n = 2).
  const id = new Uint8Array(32);
  assert.throws(() => crypto.bd.keyAndSumCheck(new Uint8Array(32), crypto.ristretto255.scalarMultBase(crypto.scalar.random()), [id, id], 0), WeakKeyError);
});

test('x25519Many over more points than one shared inversion covers equals libsodium per point', () => {
  const sk = crypto.randomBytes(32);
  const pks = Array.from({ length: 130 }, () => crypto.x25519Base(crypto.randomBytes(32)));
  const all = x25519Many(sk, pks);
  pks.forEach((pk, i) => assert.equal(chunk(all, 32, i), toHex(sodium.crypto_scalarmult(sk, pk)), `point ${i}`));
  // A small-order point past the first group: named, not turned into a key.
  pks[66] = new Uint8Array(32); // u = 0: a point of order 2
  assert.throws(() => x25519Many(sk, pks), (e) => e instanceof WeakKeyError && e.argument === 'publicKeys[66]');
});

function memoryContains(needle: Uint8Array): boolean {
  const mem = new Uint8Array(wasm().memory.buffer);
  for (let i = mem.indexOf(needle[0]!); i !== -1 && i <= mem.length - needle.length; i = mem.indexOf(needle[0]!, i + 1)) {
    let k = 1;
    while (k < needle.length && mem[i + k] === needle[k]) k++;
    if (k === needle.length) return true;
  }
  return false;
}

test('batched keys, derived keys and MACs do not stay in wasm memory', () => {
  const keys = [crypto.randomBytes(32), crypto.randomBytes(32)];
  const shared = crypto.randomBytes(32);
  const macs = hmacSha256Batch(keys, crypto.randomBytes(70));
  const sharedMacs = hmacSha256Batch(shared, [crypto.randomBytes(10), crypto.randomBytes(10)]);
  hmacSha256BatchVerify(keys, crypto.randomBytes(70), [macs.slice(0, 16), macs.slice(32, 48)]);
  const ikms = [crypto.randomBytes(96), crypto.randomBytes(96)];
  const okm = hkdfSha256Batch(ikms, shared, crypto.randomBytes(40), 64);
  const prk = crypto.hkdfSha256Extract(ikms[0]!, shared);
  const expanded = hkdfSha256ExpandBatch(keys, crypto.randomBytes(20), 96);
  const h = crypto.scalar.random();
  const H = crypto.ristretto255.scalarMultBase(crypto.scalar.random());
  const X = [crypto.ristretto255.scalarMultBase(crypto.scalar.random()), crypto.ristretto255.scalarMultBase(crypto.scalar.random())];
  const { key } = crypto.bd.keyAndSumCheck(h, H, X, 0);
  const secrets = { key0: keys[0]!, key1: keys[1]!, shared, mac: macs.subarray(0, 32), sharedMac: sharedMacs.subarray(32), ikm: ikms[1]!, okm: okm.subarray(64), prk, expanded: expanded.subarray(96, 128), h, K: key };
  for (const [name, secret] of Object.entries(secrets)) assert.equal(memoryContains(secret), false, `${name} left in wasm memory`);
});
