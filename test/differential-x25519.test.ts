// X25519 against libsodium, @noble/curves and node:crypto on random keys. Public keys are
// random canonical u-coordinates (on the curve or its twist, as an attacker may send).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { crypto, InvalidEncodingError, runs, toHex } from './support/core.js';
import { nobleX25519, nodeCrypto, nodePrivateKey, nodePublicKey, sodium } from './support/references.js';

const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
const canonicalU = bytes32.map((u) => {
  const c = u.slice();
  c[31]! &= 0x7f;
  return crypto.isCanonicalX25519PublicKey(c) ? c : c.fill(1, 0, 1);
});
const N = runs(200);

test('x25519Base matches libsodium, noble and node:crypto', () => {
  fc.assert(
    fc.property(bytes32, (sk) => {
      const ours = toHex(crypto.x25519Base(sk));
      assert.equal(ours, toHex(sodium.crypto_scalarmult_base(sk)));
      assert.equal(ours, toHex(nobleX25519.getPublicKey(sk)));
      const jwk = nodeCrypto.createPublicKey(nodePrivateKey('x25519', sk)).export({ format: 'jwk' });
      assert.equal(ours, Buffer.from(jwk.x!, 'base64url').toString('hex'));
    }),
    { numRuns: N },
  );
});

test('x25519 matches libsodium, noble and node:crypto', () => {
  fc.assert(
    fc.property(bytes32, canonicalU, (sk, pk) => {
      const ours = toHex(crypto.x25519(sk, pk));
      assert.equal(ours, toHex(sodium.crypto_scalarmult(sk, pk)));
      assert.equal(ours, toHex(nobleX25519.getSharedSecret(sk, pk)));
      const node = nodeCrypto.diffieHellman({ privateKey: nodePrivateKey('x25519', sk), publicKey: nodePublicKey('x25519', pk) });
      assert.equal(ours, node.toString('hex'));
    }),
    { numRuns: N },
  );
});

test('x25519Batch equals one x25519 per public key', () => {
  fc.assert(
    fc.property(bytes32, fc.array(canonicalU, { minLength: 0, maxLength: 12 }), (sk, pks) => {
      const batch = crypto.x25519Batch(sk, pks).map(toHex);
      assert.deepEqual(batch, pks.map((pk) => toHex(crypto.x25519(sk, pk))));
    }),
    { numRuns: Math.min(N, 300) },
  );
});

test('non-canonical public keys are rejected (where libsodium reduces them)', () => {
  fc.assert(
    fc.property(bytes32, bytes32, (sk, u) => {
      const bad = u.slice();
      bad[31]! |= 0x80;
      assert.throws(() => crypto.x25519(sk, bad), InvalidEncodingError);
      assert.throws(() => crypto.x25519Batch(sk, [bad]), InvalidEncodingError);
    }),
    { numRuns: 50 },
  );
});
