// NIST SP 800-38A F.5.5 and F.5.6 (test/vectors/rfc/aes_ctr.json): CTR-AES256. The file also
// holds AES-128/192 cases, which this library does not offer.

import { assert, crypto, fromHex, suite, test, toHex, vectors } from '../support.js';

interface CtrCase { name: string; key_bits: number; key: string; initial_counter: string; plaintext: string[] | string; ciphertext: string[] | string; direction: string }

const join = (x: string[] | string): string => (Array.isArray(x) ? x.join('') : x);

const file = await vectors<{ tests: CtrCase[] }>('rfc/aes_ctr.json');

suite('SP 800-38A AES-256-CTR', () => {
  for (const v of file.tests.filter((t) => t.key_bits === 256)) {
    test(`AES-256-CTR ${v.name}`, () => {
      const [input, output] = v.direction === 'encrypt' ? [v.plaintext, v.ciphertext] : [v.ciphertext, v.plaintext];
      assert.equal(toHex(crypto.aes256Ctr(fromHex(v.key), fromHex(v.initial_counter), fromHex(join(input)))), join(output));
    });
  }
});
