// SHA-2, HMAC and HKDF against node:crypto, @noble/hashes and libsodium on random inputs,
// including lengths around the block sizes and inputs long enough to be streamed in chunks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { crypto, runs, toHex } from './support/core.js';
import { nobleHkdf, nobleHkdfExpand, nobleHkdfExtract, nobleHmac, nobleSha256, nobleSha512, nodeCrypto, sodium } from './support/references.js';

// Lengths that matter: empty, block boundaries (64, 128) and their neighbours, and random ones.
const message = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.integer({ min: 0, max: 3 }).chain((k) => fc.uint8Array({ minLength: 64 * k + 55, maxLength: 64 * k + 73 })),
);
const N = runs(300);

test('sha256 and sha512 match node:crypto, noble and libsodium', () => {
  fc.assert(
    fc.property(message, (m) => {
      const ours256 = toHex(crypto.sha256(m));
      assert.equal(ours256, nodeCrypto.createHash('sha256').update(m).digest('hex'));
      assert.equal(ours256, toHex(nobleSha256(m)));
      assert.equal(ours256, toHex(sodium.crypto_hash_sha256(m)));
      const ours512 = toHex(crypto.sha512(m));
      assert.equal(ours512, nodeCrypto.createHash('sha512').update(m).digest('hex'));
      assert.equal(ours512, toHex(nobleSha512(m)));
      assert.equal(ours512, toHex(sodium.crypto_hash_sha512(m)));
    }),
    { numRuns: N },
  );
});

test('hmacSha256 and hmacSha512 match node:crypto, noble and libsodium (keys of every length)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), message, (key, m) => {
      const ours256 = toHex(crypto.hmacSha256(key, m));
      assert.equal(ours256, nodeCrypto.createHmac('sha256', key).update(m).digest('hex'));
      assert.equal(ours256, toHex(nobleHmac(nobleSha256, key, m)));
      const ours512 = toHex(crypto.hmacSha512(key, m));
      assert.equal(ours512, nodeCrypto.createHmac('sha512', key).update(m).digest('hex'));
      assert.equal(ours512, toHex(nobleHmac(nobleSha512, key, m)));
      if (key.length === 32) {
        assert.equal(ours256, toHex(sodium.crypto_auth_hmacsha256(m, key)));
        assert.equal(ours512, toHex(sodium.crypto_auth_hmacsha512(m, key)));
      }
    }),
    { numRuns: N },
  );
});

test('hkdfSha256 matches node:crypto and noble, extract and expand separately too', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 }), fc.integer({ min: 0, max: 255 * 32 }), (ikm, salt, info, len) => {
      const ours = crypto.hkdfSha256(ikm, salt, info, len);
      assert.equal(toHex(ours), toHex(nobleHkdf(nobleSha256, ikm, salt, info, len)));
      if (len > 0) assert.equal(toHex(ours), Buffer.from(nodeCrypto.hkdfSync('sha256', ikm, salt, info, len)).toString('hex'));
      const prk = crypto.hkdfSha256Extract(ikm, salt);
      assert.equal(toHex(prk), toHex(nobleHkdfExtract(nobleSha256, ikm, salt)));
      assert.equal(toHex(crypto.hkdfSha256Expand(prk, info, len)), toHex(ours));
      assert.equal(toHex(crypto.hkdfSha256Expand(prk, info, len)), toHex(nobleHkdfExpand(nobleSha256, prk, info, len)));
    }),
    { numRuns: Math.min(N, 2000) },
  );
});

test('streamed inputs (longer than one 64 KiB chunk) hash like one-shot references', () => {
  for (const len of [65535, 65536, 65537, 3 * 65536 + 5, 1 << 20]) {
    const m = new Uint8Array(len);
    for (let i = 0; i < len; i++) m[i] = (i * 31 + (i >> 8)) & 255;
    const key = m.subarray(0, 77);
    assert.equal(toHex(crypto.sha256(m)), nodeCrypto.createHash('sha256').update(m).digest('hex'), `sha256 ${len}`);
    assert.equal(toHex(crypto.sha512(m)), nodeCrypto.createHash('sha512').update(m).digest('hex'), `sha512 ${len}`);
    assert.equal(toHex(crypto.hmacSha256(key, m)), nodeCrypto.createHmac('sha256', key).update(m).digest('hex'), `hmac256 ${len}`);
    assert.equal(toHex(crypto.hmacSha512(key, m)), nodeCrypto.createHmac('sha512', key).update(m).digest('hex'), `hmac512 ${len}`);
  }
});

test('constantTimeEqual agrees with byte comparison', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat(), fc.boolean(), (a, i, flip) => {
      const b = a.slice();
      if (flip && b.length > 0) b[i % b.length]! ^= 1 << (i % 8);
      assert.equal(crypto.constantTimeEqual(a, b), !(flip && b.length > 0));
    }),
    { numRuns: N },
  );
  assert.equal(crypto.constantTimeEqual(new Uint8Array(3), new Uint8Array(4)), false);
});
