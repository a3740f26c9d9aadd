// RFC 5869 A.1-A.3 (test/vectors/rfc/hkdf_sha256.json): extract, expand and the combined call.

import { assert, crypto, fromHex, suite, test, toHex, vectors } from '../support.js';

interface HkdfCase { name: string; ikm: string; salt: string; info: string; length: number; prk: string; okm: string }

const file = await vectors<{ tests: HkdfCase[] }>('rfc/hkdf_sha256.json');

suite('RFC 5869 HKDF', () => {
  for (const v of file.tests) {
    test(`HKDF-SHA256 ${v.name}`, () => {
      const prk = crypto.hkdfSha256Extract(fromHex(v.ikm), fromHex(v.salt));
      assert.equal(toHex(prk), v.prk);
      assert.equal(toHex(crypto.hkdfSha256Expand(prk, fromHex(v.info), v.length)), v.okm);
      assert.equal(toHex(crypto.hkdfSha256(fromHex(v.ikm), fromHex(v.salt), fromHex(v.info), v.length)), v.okm);
    });
  }
});
