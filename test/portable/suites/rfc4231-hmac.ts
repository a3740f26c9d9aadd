// RFC 4231 test cases 1-7 (test/vectors/rfc/hmac_sha2.json); case 5 is truncated to 16 bytes.

import { assert, crypto, fromHex, suite, test, toHex, vectors } from '../support.js';

interface HmacCase { name: string; key: string; data: string; hmac_sha256: string; hmac_sha512: string; truncate_bytes?: number }

const file = await vectors<{ tests: HmacCase[] }>('rfc/hmac_sha2.json');

suite('RFC 4231 HMAC', () => {
  for (const v of file.tests) {
    test(`HMAC ${v.name}`, () => {
      const cut = (h: Uint8Array): string => toHex(v.truncate_bytes ? h.subarray(0, v.truncate_bytes) : h);
      assert.equal(cut(crypto.hmacSha256(fromHex(v.key), fromHex(v.data))), v.hmac_sha256);
      assert.equal(cut(crypto.hmacSha512(fromHex(v.key), fromHex(v.data))), v.hmac_sha512);
    });
  }
});
