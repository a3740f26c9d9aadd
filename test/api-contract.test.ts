// The contract of the public crypto API: typed errors that name the argument, empty and
// largest inputs, weak keys, and secrets not left behind in wasm memory.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crypto, InvalidArgumentError, InvalidEncodingError, SmmpError, toHex, WeakKeyError } from './support/core.js';
import { wasm } from '../ts/crypto/core.js';

const b = (n: number, fill = 1): Uint8Array => new Uint8Array(n).fill(fill);

const names = (e: unknown, argument: string): boolean => e instanceof InvalidArgumentError && e.argument === argument && e.code === 'INVALID_ARGUMENT' && e instanceof SmmpError;

test('wrong lengths and types throw InvalidArgumentError naming the argument', () => {
  assert.throws(() => crypto.x25519(b(31), b(32)), (e) => names(e, 'secretKey'));
  assert.throws(() => crypto.x25519(b(32), b(33)), (e) => names(e, 'publicKey'));
  assert.throws(() => crypto.x25519Base(b(0)), (e) => names(e, 'secretKey'));
  assert.throws(() => crypto.ed25519KeyPair(b(64)), (e) => names(e, 'seed'));
  assert.throws(() => crypto.ed25519Sign(b(32), b(1)), (e) => names(e, 'secretKey'));
  assert.throws(() => crypto.ed25519Verify(b(32), b(1), b(63)), (e) => names(e, 'signature'));
  assert.throws(() => crypto.aes256Ctr(b(16), b(16), b(1)), (e) => names(e, 'key'));
  assert.throws(() => crypto.aes256Ctr(b(32), b(12), b(1)), (e) => names(e, 'counterBlock'));
  assert.throws(() => crypto.hkdfSha256(b(1), b(1), b(1), 8161), (e) => names(e, 'length'));
  assert.throws(() => crypto.hkdfSha256(b(1), b(1), b(1), -1), (e) => names(e, 'length'));
  assert.throws(() => crypto.hkdfSha256(b(1), b(1), b(1), 1.5), (e) => names(e, 'length'));
  assert.throws(() => crypto.ristretto255.fromUniform(b(32)), (e) => names(e, 'bytes'));
  assert.throws(() => crypto.scalar.reduce(b(48)), (e) => names(e, 'bytes'));
  // Not a Uint8Array at all.
  assert.throws(() => crypto.sha256('abc' as unknown as Uint8Array), (e) => names(e, 'message'));
  assert.throws(() => crypto.hmacSha256([1, 2] as unknown as Uint8Array, b(1)), (e) => names(e, 'key'));
  assert.throws(() => crypto.sha512(null as unknown as Uint8Array), (e) => names(e, 'message'));
});

test('invalid encodings throw InvalidEncodingError naming the argument', () => {
  const notCanonical = b(32, 0xff);
  notCanonical[31] = 0x7f; // u = 2^255 - 1 >= p
  assert.throws(() => crypto.x25519(b(32), notCanonical), (e) => e instanceof InvalidEncodingError && e.argument === 'publicKey');
  const big = b(32, 0xff); // >= l
  assert.throws(() => crypto.ristretto255.scalarMultBase(big), (e) => e instanceof InvalidEncodingError && e.argument === 'scalar');
  assert.throws(() => crypto.scalar.add(big, b(32, 0)), (e) => e instanceof InvalidEncodingError && e.argument === 'a');
  assert.throws(() => crypto.scalar.invert(b(32, 0)), (e) => names(e, 'a'));
});

test('an all-zero X25519 secret is a WeakKeyError', () => {
  // u = 0 and u = 1 are points of small order.
  assert.throws(() => crypto.x25519(b(32, 7), b(32, 0)), (e) => e instanceof WeakKeyError && e.code === 'WEAK_KEY');
  const one = b(32, 0);
  one[0] = 1;
  assert.throws(() => crypto.x25519Batch(b(32, 7), [crypto.x25519Base(b(32, 3)), one]), (e) => e instanceof WeakKeyError && e.argument === 'publicKeys[1]');
});

test('empty inputs', () => {
  assert.equal(toHex(crypto.sha256(b(0))), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(crypto.aes256Ctr(b(32), b(16), b(0)).length, 0);
  assert.equal(crypto.hkdfSha256(b(0), b(0), b(0), 0).length, 0);
  assert.equal(crypto.hmacSha256(b(0), b(0)).length, 32);
  const kp = crypto.ed25519KeyPair(b(32, 9));
  assert.equal(crypto.ed25519Verify(kp.publicKey, b(0), crypto.ed25519Sign(kp.secretKey, b(0))), true);
  assert.deepEqual(crypto.x25519Batch(b(32), []), []);
});

test('largest inputs: HKDF of 8160 bytes, Ed25519 over the maximum message, and one byte more refused', () => {
  assert.equal(crypto.hkdfSha256(b(3), b(3), b(3), crypto.HKDF_SHA256_MAX_LENGTH).length, 8160);
  const kp = crypto.ed25519KeyPair(b(32, 5));
  const big = new Uint8Array(crypto.ED25519_MAX_MESSAGE);
  big[big.length - 1] = 1;
  const sig = crypto.ed25519Sign(kp.secretKey, big);
  assert.equal(crypto.ed25519Verify(kp.publicKey, big, sig), true);
  big[0] = 1;
  assert.equal(crypto.ed25519Verify(kp.publicKey, big, sig), false);
  assert.throws(() => crypto.ed25519Sign(kp.secretKey, new Uint8Array(crypto.ED25519_MAX_MESSAGE + 1)), (e) => names(e, 'message'));
});

test('randomBytes fills more than one getRandomValues call allows', () => {
  const r = crypto.randomBytes(200_000);
  assert.equal(r.length, 200_000);
  // 200,000 random bytes contain every byte value.
  assert.equal(new Set(r).size, 256);
  assert.notEqual(toHex(crypto.randomBytes(32)), toHex(crypto.randomBytes(32)));
});

// Look for a secret anywhere in wasm memory: the I/O area is wiped by the wrapper and the
// core's scratch by the core.
function memoryContains(needle: Uint8Array): boolean {
  const mem = new Uint8Array(wasm().memory.buffer);
  const first = needle[0]!;
  for (let i = mem.indexOf(first); i !== -1 && i <= mem.length - needle.length; i = mem.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && mem[i + k] === needle[k]) k++;
    if (k === needle.length) return true;
  }
  return false;
}

test('secrets and their results do not stay in wasm memory after a call', () => {
  const sk = crypto.randomBytes(32);
  const clamped = sk.slice();
  clamped[0]! &= 248;
  clamped[31]! &= 127;
  clamped[31]! |= 64;
  const peer = crypto.x25519Base(crypto.randomBytes(32));
  const shared = crypto.x25519(sk, peer);
  const seed = crypto.randomBytes(32);
  const kp = crypto.ed25519KeyPair(seed);
  crypto.ed25519Sign(kp.secretKey, crypto.randomBytes(40));
  const key = crypto.randomBytes(32);
  crypto.aes256Ctr(key, crypto.randomBytes(16), crypto.randomBytes(1000));
  const h = crypto.scalar.random();
  crypto.ristretto255.scalarMultBase(h);
  const hmacKey = crypto.randomBytes(32);
  crypto.hmacSha256(hmacKey, crypto.randomBytes(10));
  const prk = crypto.hkdfSha256Extract(crypto.randomBytes(32), crypto.randomBytes(32));
  for (const [name, secret] of Object.entries({ sk, clamped, shared, seed, key, h, hmacKey, prk, edSecret: kp.secretKey.subarray(0, 32) })) {
    assert.equal(memoryContains(secret), false, `${name} left in wasm memory`);
  }
});
