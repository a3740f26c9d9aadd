// The Burmester-Desmedt helpers: for groups of 2 to 12 every member derives the same key, equal
// to the closed form (h_0 h_1 + h_1 h_2 + ... + h_{N-1} h_0) * G computed independently with
// BigInt and @noble/curves; the X values sum to the identity; tampering is caught.

import { ristretto255 as nobleRistretto } from '@noble/curves/ed25519.js';
import { assert, crypto, InvalidEncodingError, suite, test, toHex, WeakKeyError } from '../support.js';

const { bd, ristretto255, scalar } = crypto;
const l = 2n ** 252n + 27742317777372353535851937790883648493n;
const le = (b: Uint8Array): bigint => BigInt('0x' + (toHex(b.slice().reverse()) || '0'));

function group(n: number): { h: Uint8Array[]; H: Uint8Array[]; X: Uint8Array[] } {
  const h = Array.from({ length: n }, () => scalar.random());
  const H = h.map((x) => ristretto255.scalarMultBase(x));
  const X = h.map((x, j) => bd.round2(x, H[(j + 1) % n]!, H[(j + n - 1) % n]!));
  return { h, H, X };
}

suite('Burmester-Desmedt', () => {
  for (const n of [2, 3, 4, 5, 8, 12]) {
    test(`BD with ${n} members: all derive the closed-form key`, () => {
      const { h, H, X } = group(n);
      assert.equal(bd.sumIsIdentity(X), true);
      let e = 0n;
      for (let j = 0; j < n; j++) e = (e + le(h[j]!) * le(h[(j + 1) % n]!)) % l;
      const expected = toHex(nobleRistretto.Point.BASE.multiply(e).toBytes());
      for (let j = 0; j < n; j++) {
        assert.equal(toHex(bd.key(h[j]!, H[(j + n - 1) % n]!, X, j)), expected, `member ${j}`);
      }
      if (n === 2) for (const x of X) assert.equal(toHex(x), toHex(ristretto255.identity()));
    });
  }

  test('BD: a tampered X breaks the sum check and the agreement', () => {
    const n = 5;
    const { h, H, X } = group(n);
    const tampered = X.slice();
    tampered[2] = ristretto255.add(X[2]!, ristretto255.scalarMultBase(scalar.random()));
    assert.equal(bd.sumIsIdentity(tampered), false);
    const keys = new Set(h.map((hj, j) => toHex(bd.key(hj, H[(j + n - 1) % n]!, tampered, j))));
    assert.ok(keys.size > 1);
  });

  test('BD: invalid encodings are typed errors', () => {
    const { h, H, X } = group(3);
    const bad = new Uint8Array(32).fill(0xff);
    assert.throws(() => bd.round2(h[0]!, bad, H[2]!), InvalidEncodingError);
    assert.throws(() => bd.key(h[0]!, H[2]!, [X[0]!, bad, X[2]!], 0), InvalidEncodingError);
    assert.throws(() => bd.sumIsIdentity([X[0]!, bad]), InvalidEncodingError);
    assert.throws(() => bd.key(h[0]!, H[2]!, [X[0]!], 0), /xs.length/);
    assert.throws(() => bd.key(h[0]!, H[2]!, X, 3), /j: expected an integer from 0 to 2/);
  });

  test('BD: a key equal to the identity is refused', () => {
    // With H_{j-1} the identity and all X the identity, K is the identity.
    const zero = ristretto255.identity();
    assert.throws(() => bd.key(scalar.random(), zero, [zero, zero, zero], 1), WeakKeyError);
  });
});
