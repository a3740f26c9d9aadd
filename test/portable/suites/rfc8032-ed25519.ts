// RFC 8032 7.1 (test/vectors/rfc/ed25519.json): key pair from seed, deterministic signature,
// verification of the signature and rejection of a corrupted one.

import { assert, crypto, fromHex, suite, test, toHex, vectors } from '../support.js';

interface EdCase { name: string; secret_key: string; public_key: string; message: string; signature: string }

const file = await vectors<{ tests: EdCase[] }>('rfc/ed25519.json');

suite('RFC 8032 Ed25519', () => {
  for (const v of file.tests) {
    test(`Ed25519 ${v.name}`, () => {
      const { publicKey, secretKey } = crypto.ed25519KeyPair(fromHex(v.secret_key));
      assert.equal(toHex(publicKey), v.public_key);
      assert.equal(toHex(secretKey), v.secret_key + v.public_key);
      const msg = fromHex(v.message);
      const sig = crypto.ed25519Sign(secretKey, msg);
      assert.equal(toHex(sig), v.signature);
      assert.equal(crypto.ed25519Verify(publicKey, msg, sig), true);
      const bad = sig.slice();
      bad[10]! ^= 1;
      assert.equal(crypto.ed25519Verify(publicKey, msg, bad), false);
    });
  }
});
