// RFC 9496 appendix A (test/vectors/rfc/ristretto255.json): A.1 multiples of the generator,
// A.2 invalid encodings (each must be rejected everywhere an encoding is read), A.3 the one-way
// map from 64 uniform bytes.

import { assert, crypto, fromHex, InvalidEncodingError, suite, test, toHex, vectors } from '../support.js';

interface RistrettoFile {
  multiples_of_generator: { multiple: number; encoding: string }[];
  invalid_encodings: { encoding: string; reason: string }[];
  from_uniform_bytes: { input: string; output: string }[];
}

const file = await vectors<RistrettoFile>('rfc/ristretto255.json');
const { ristretto255, scalar } = crypto;

const scalarOf = (n: number): Uint8Array => {
  const s = new Uint8Array(32);
  s[0] = n;
  return s;
};

suite('RFC 9496 ristretto255', () => {
  test('ristretto255 A.1: multiples of the generator by scalarMultBase, scalarMult and repeated add', () => {
    const G = fromHex(file.multiples_of_generator[1]!.encoding);
    let acc = ristretto255.identity();
    for (const v of file.multiples_of_generator) {
      assert.equal(toHex(ristretto255.scalarMultBase(scalarOf(v.multiple))), v.encoding, `base ${v.multiple}`);
      assert.equal(toHex(ristretto255.scalarMult(scalarOf(v.multiple), G)), v.encoding, `mult ${v.multiple}`);
      assert.equal(toHex(acc), v.encoding, `sum ${v.multiple}`);
      assert.equal(ristretto255.isValid(fromHex(v.encoding)), true);
      acc = ristretto255.add(acc, G);
    }
  });

  test('ristretto255 A.1: sub, neg and equals agree with the multiples', () => {
    const enc = file.multiples_of_generator.map((v) => fromHex(v.encoding));
    for (let i = 1; i < enc.length; i++) {
      assert.equal(toHex(ristretto255.sub(enc[i]!, enc[1]!)), toHex(enc[i - 1]!));
      assert.equal(ristretto255.equals(ristretto255.add(enc[i]!, ristretto255.neg(enc[i]!)), enc[0]!), true);
      assert.equal(ristretto255.equals(enc[i]!, enc[i - 1]!), false);
    }
    assert.equal(toHex(scalar.reduce(scalarOf(5))), toHex(scalarOf(5)));
  });

  for (const v of file.invalid_encodings) {
    test(`ristretto255 A.2 rejects ${v.encoding.slice(0, 16)}... (${v.reason})`, () => {
      const bad = fromHex(v.encoding);
      const G = fromHex(file.multiples_of_generator[1]!.encoding);
      assert.equal(ristretto255.isValid(bad), false);
      assert.throws(() => ristretto255.add(bad, G), InvalidEncodingError);
      assert.throws(() => ristretto255.add(G, bad), (e: unknown) => e instanceof InvalidEncodingError && e.argument === 'b');
      assert.throws(() => ristretto255.sub(bad, G), InvalidEncodingError);
      assert.throws(() => ristretto255.neg(bad), InvalidEncodingError);
      assert.throws(() => ristretto255.equals(bad, G), InvalidEncodingError);
      assert.throws(() => ristretto255.scalarMult(scalarOf(3), bad), InvalidEncodingError);
    });
  }

  for (const v of file.from_uniform_bytes) {
    test(`ristretto255 A.3 fromUniform ${v.input.slice(0, 16)}...`, () => {
      assert.equal(toHex(ristretto255.fromUniform(fromHex(v.input))), v.output);
    });
  }
});
