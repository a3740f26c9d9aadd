// Ed25519 against libsodium, @noble/curves and node:crypto: identical key pairs and signatures
// for random seeds and messages; every corrupted signature, message or key rejected by all.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { crypto, runs, toHex } from './support/core.js';
import { ed25519, nodeCrypto, nodePrivateKey, nodePublicKey, sodium } from './support/references.js';

const seed = fc.uint8Array({ minLength: 32, maxLength: 32 });
const message = fc.uint8Array({ maxLength: 300 });
const N = runs(200);

test('key pairs and signatures are byte-identical to libsodium, noble and node:crypto', () => {
  fc.assert(
    fc.property(seed, message, (s, m) => {
      const { publicKey, secretKey } = crypto.ed25519KeyPair(s);
      const so = sodium.crypto_sign_seed_keypair(s);
      assert.equal(toHex(publicKey), toHex(so.publicKey));
      assert.equal(toHex(secretKey), toHex(so.privateKey));
      assert.equal(toHex(publicKey), toHex(ed25519.getPublicKey(s)));
      const sig = crypto.ed25519Sign(secretKey, m);
      assert.equal(toHex(sig), toHex(sodium.crypto_sign_detached(m, so.privateKey)));
      assert.equal(toHex(sig), toHex(ed25519.sign(m, s)));
      assert.equal(toHex(sig), nodeCrypto.sign(null, m, nodePrivateKey('ed25519', s)).toString('hex'));
      assert.equal(crypto.ed25519Verify(publicKey, m, sig), true);
    }),
    { numRuns: N },
  );
});

test('verification agrees with libsodium, noble (strict) and node:crypto on corrupted inputs', () => {
  fc.assert(
    fc.property(seed, message, fc.nat(), fc.integer({ min: 0, max: 2 }), (s, m, pos, what) => {
      const { publicKey, secretKey } = crypto.ed25519KeyPair(s);
      const sig = crypto.ed25519Sign(secretKey, m);
      const [pk, msg, sg] = [publicKey.slice(), m.slice(), sig.slice()];
      const target = [sg, msg, pk][what]!;
      if (target.length === 0) return;
      target[pos % target.length]! ^= 1 << (pos % 8);
      const ours = crypto.ed25519Verify(pk, msg, sg);
      assert.equal(ours, false);
      assert.equal(sodium.crypto_sign_verify_detached(sg, msg, pk), false);
      let noble = false;
      try {
        noble = ed25519.verify(sg, msg, pk, { zip215: false });
      } catch {
        noble = false;
      }
      assert.equal(noble, false);
      let node = false;
      try {
        node = nodeCrypto.verify(null, msg, nodePublicKey('ed25519', pk), sg);
      } catch {
        node = false;
      }
      assert.equal(node, false);
    }),
    { numRuns: N },
  );
});

test('random 64-byte signatures and random keys are rejected like libsodium does', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), message, fc.uint8Array({ minLength: 64, maxLength: 64 }), (pk, m, sig) => {
      assert.equal(crypto.ed25519Verify(pk, m, sig), sodium.crypto_sign_verify_detached(sig, m, pk));
    }),
    { numRuns: N },
  );
});

test('public key validation agrees with noble (strict decoding, small order refused) on random, valid, small-order and non-canonical keys', () => {
  const nobleValid = (pk: Uint8Array): boolean => {
    try {
      return !ed25519.Point.fromBytes(pk, false).isSmallOrder();
    } catch {
      return false;
    }
  };
  const le = (v: bigint): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => Number((v >> BigInt(8 * i)) & 255n));
  const p = 2n ** 255n - 19n;
  // The eight points of small order, and encodings of y >= p (non-canonical), with both signs.
  const special: Uint8Array[] = [];
  for (const pt of [ed25519.Point.ZERO, ...Array.from({ length: 7 }, (_, k) => ed25519.Point.fromBytes(le(0n), true).multiply(BigInt(k + 1)))]) special.push(pt.toBytes());
  for (const y of [p, p + 1n, p + 2n, 2n ** 255n - 1n, 1n]) for (const sign of [0n, 1n]) special.push(le(y | (sign << 255n)));
  for (const pk of special) assert.equal(crypto.ed25519IsValidPublicKey(pk), nobleValid(pk), toHex(pk));
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), seed, (junk, s) => {
      assert.equal(crypto.ed25519IsValidPublicKey(junk), nobleValid(junk), toHex(junk));
      assert.equal(crypto.ed25519IsValidPublicKey(crypto.ed25519KeyPair(s).publicKey), true);
    }),
    { numRuns: N },
  );
});
