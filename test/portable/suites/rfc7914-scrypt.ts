// RFC 7914 section 12 (test/vectors/rfc/scrypt.json) through the scrypt call the keystore makes
// (ts/store/kdf.ts: @noble/hashes scryptAsync with our memory bound). The 1 GiB vector is above
// the keystore's bounds; test/store-keystore.test.ts runs it under SMMP_LONG=1.

import { scrypt, scryptParamsProblem } from '../../../ts/store/kdf.js';
import { assert, fromHex, suite, test, toHex, vectors } from '../support.js';

interface ScryptCase { name: string; password: string; salt: string; N: number; r: number; p: number; dk_len: number; dk: string; slow?: boolean }

const file = await vectors<{ scrypt: ScryptCase[] }>('rfc/scrypt.json');

suite('RFC 7914 scrypt', () => {
  for (const v of file.scrypt) {
    const params = { log2N: Math.log2(v.N), r: v.r, p: v.p };
    if (v.slow === true) {
      test(`${v.name} (N = ${v.N}, r = ${v.r}) is refused by the keystore bounds`, () => {
        assert.ok(scryptParamsProblem(params)?.includes('memory'));
      });
      continue;
    }
    test(`${v.name} (N = ${v.N}, r = ${v.r}, p = ${v.p})`, async () => {
      assert.equal(scryptParamsProblem(params), undefined);
      assert.equal(toHex(await scrypt(fromHex(v.password), fromHex(v.salt), params, v.dk_len)), v.dk);
    });
  }
});
