// FIPS 180-4 example messages (test/vectors/rfc/sha2.json): message_ascii repeated `repeat`
// times. The 1 GiB case streams through the wrapper's chunking and runs only in long mode.

import { assert, crypto, isLong, suite, test, toHex, utf8, vectors } from '../support.js';

interface Sha2Case { name: string; message_ascii: string; repeat: number; sha256: string; sha512: string; slow?: boolean }

const file = await vectors<{ tests: Sha2Case[] }>('rfc/sha2.json');

suite('FIPS 180-4 SHA-2', () => {
  for (const v of file.tests) {
    test(`SHA-2 ${v.name}`, { skip: v.slow === true && !isLong() && 'slow: SMMP_LONG=1' }, () => {
      const unit = utf8(v.message_ascii);
      const msg = new Uint8Array(unit.length * v.repeat);
      for (let i = 0; i < v.repeat; i++) msg.set(unit, i * unit.length);
      assert.equal(toHex(crypto.sha256(msg)), v.sha256);
      assert.equal(toHex(crypto.sha512(msg)), v.sha512);
    });
  }
});
