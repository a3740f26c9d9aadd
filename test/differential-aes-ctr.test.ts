// AES-256-CTR against node:crypto and @noble/ciphers on random keys, counters and lengths,
// including counters about to wrap in their low 32 and 64 bits and at 2^128 - 1.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { crypto, runs, toHex } from './support/core.js';
import { nobleCtr, nodeCrypto } from './support/references.js';

const reference = (key: Uint8Array, iv: Uint8Array, data: Uint8Array): string => {
  const c = nodeCrypto.createCipheriv('aes-256-ctr', key, iv);
  return Buffer.concat([c.update(data), c.final()]).toString('hex');
};

// Counter blocks whose low bytes are all 0xff wrap within a few blocks.
const counter = fc.oneof(
  fc.uint8Array({ minLength: 16, maxLength: 16 }),
  fc.tuple(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 0, max: 255 })).map(([c, k, low]) => {
    const out = c.slice();
    out.fill(0xff, 16 - k);
    out[15] = 0xff - (low % 8);
    return out;
  }),
);

test('aes256Ctr matches node:crypto and noble', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), counter, fc.uint8Array({ maxLength: 700 }), (key, iv, data) => {
      const ours = toHex(crypto.aes256Ctr(key, iv, data));
      assert.equal(ours, reference(key, iv, data));
      assert.equal(ours, toHex(nobleCtr(key, iv).encrypt(data)));
    }),
    { numRuns: runs(300) },
  );
});

test('aes256Ctr wraps the 128-bit counter and decrypts what it encrypts', () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i);
  const top = new Uint8Array(16).fill(0xff);
  const data = Uint8Array.from({ length: 16 * 5 + 3 }, (_, i) => i * 7);
  const ct = crypto.aes256Ctr(key, top, data);
  assert.equal(toHex(ct), reference(key, top, data));
  assert.equal(toHex(crypto.aes256Ctr(key, top, ct)), toHex(data));
});

test('aes256Ctr streams inputs across chunk boundaries (1 MiB and odd sizes)', () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
  const iv = Uint8Array.from({ length: 16 }, (_, i) => (i < 12 ? i : 0xff));
  for (const len of [65535, 65536, 65537, 200_001, 1 << 20]) {
    const data = Uint8Array.from({ length: len }, (_, i) => (i * 13) & 255);
    assert.equal(toHex(crypto.aes256Ctr(key, iv, data)), reference(key, iv, data), `length ${len}`);
  }
});
