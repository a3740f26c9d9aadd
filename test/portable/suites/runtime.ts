// What each runtime must provide, checked where the suites run: randomness beyond the 65,536-byte
// getRandomValues limit, and a core that needs no SharedArrayBuffer (Chromium pages that are not
// cross-origin isolated have none).

import { wasm } from '../../../ts/crypto/core.js';
import { assert, crypto, isInitialized, suite, test, toHex } from '../support.js';

suite('Runtime', () => {
  test('the runner loaded the core through its binding', () => {
    assert.equal(isInitialized(), true);
  });

  test('randomBytes fills past the 65,536-byte getRandomValues limit', () => {
    for (const n of [0, 1, 65_535, 65_536, 65_537, 200_000]) assert.equal(crypto.randomBytes(n).length, n);
    const r = crypto.randomBytes(200_000);
    // 200,000 random bytes contain every byte value, also in the last slice.
    assert.equal(new Set(r).size, 256);
    assert.equal(new Set(r.subarray(196_608)).size, 256);
    assert.notEqual(toHex(crypto.randomBytes(32)), toHex(crypto.randomBytes(32)));
  });

  test('the core runs on a plain (not shared) ArrayBuffer', () => {
    const buffer = wasm().memory.buffer;
    assert.equal(Object.prototype.toString.call(buffer), '[object ArrayBuffer]');
  });
});
