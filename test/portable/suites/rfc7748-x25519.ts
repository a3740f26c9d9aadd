// RFC 7748 5.2 and 6.1 (test/vectors/rfc/x25519.json). The iterated test feeds each output back
// as the next scalar and u; the 1,000,000-iteration value runs only in long mode.

import { assert, crypto, fromHex, InvalidEncodingError, isLong, suite, test, toHex, vectors } from '../support.js';

interface X25519File {
  scalar_mult: { name: string; scalar: string; u: string; output: string }[];
  iterated: { start: string; results: { iterations: number; expected_k: string; slow?: boolean }[] };
  diffie_hellman: { name: string; alice_private: string; alice_public: string; bob_private: string; bob_public: string; shared_secret: string };
}

const file = await vectors<X25519File>('rfc/x25519.json');

suite('RFC 7748 X25519', () => {
  for (const v of file.scalar_mult) {
    test(`X25519 ${v.name}`, () => {
      const u = fromHex(v.u);
      if (u[31]! & 0x80) {
        // The RFC masks the top bit; our API demands canonical keys, so the caller masks it.
        assert.throws(() => crypto.x25519(fromHex(v.scalar), u), InvalidEncodingError);
        u[31]! &= 0x7f;
      }
      assert.equal(toHex(crypto.x25519(fromHex(v.scalar), u)), v.output);
    });
  }

  const it = file.iterated;
  for (const r of it.results) {
    test(`X25519 RFC 7748 5.2 after ${r.iterations} iterations`, { skip: r.slow === true && !isLong() && 'slow: SMMP_LONG=1' }, () => {
      let k = fromHex(it.start);
      let u = fromHex(it.start);
      for (let i = 0; i < r.iterations; i++) {
        // RFC 7748 masks the top bit of u; the iterated values can have it set.
        const uMasked = u.slice();
        uMasked[31]! &= 0x7f;
        const next = crypto.x25519(k, uMasked);
        u = k;
        k = next;
      }
      assert.equal(toHex(k), r.expected_k);
    });
  }

  const v = file.diffie_hellman;
  test(`X25519 ${v.name}`, () => {
    assert.equal(toHex(crypto.x25519Base(fromHex(v.alice_private))), v.alice_public);
    assert.equal(toHex(crypto.x25519Base(fromHex(v.bob_private))), v.bob_public);
    assert.equal(toHex(crypto.x25519(fromHex(v.alice_private), fromHex(v.bob_public))), v.shared_secret);
    assert.equal(toHex(crypto.x25519(fromHex(v.bob_private), fromHex(v.alice_public))), v.shared_secret);
  });
});
