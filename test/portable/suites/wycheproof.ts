// Project Wycheproof (test/vectors/wycheproof, Apache-2.0). "valid" must reproduce the result,
// "invalid" must be rejected, "acceptable" may go either way but must never give a different
// value. Our X25519 policy: non-canonical public keys are rejected as encodings and an all-zero
// shared secret as a weak key; both are typed errors.

import { assert, crypto, fromHex, InvalidArgumentError, InvalidEncodingError, SmmpError, suite, test, toHex, vectors, WeakKeyError } from '../support.js';

interface Group<T> { tests: (T & { tcId: number; result: 'valid' | 'invalid' | 'acceptable'; flags: string[]; comment: string })[] }
interface File<G> { testGroups: G[] }

const x25519File = await vectors<File<Group<{ public: string; private: string; shared: string }>>>('wycheproof/x25519_test.json');
const ed25519File = await vectors<File<Group<{ msg: string; sig: string }> & { publicKey: { pk: string } }>>('wycheproof/ed25519_test.json');
type MacFile = File<Group<{ key: string; msg: string; tag: string }> & { tagSize: number }>;
const macFiles = {
  'hmac_sha256_test.json': await vectors<MacFile>('wycheproof/hmac_sha256_test.json'),
  'hmac_sha512_test.json': await vectors<MacFile>('wycheproof/hmac_sha512_test.json'),
};
const hkdfFile = await vectors<File<Group<{ ikm: string; salt: string; info: string; size: number; okm: string }>>>('wycheproof/hkdf_sha256_test.json');

suite('Wycheproof', () => {
  test('Wycheproof x25519_test.json', () => {
    let computed = 0;
    let rejected = 0;
    for (const g of x25519File.testGroups) {
      for (const t of g.tests) {
        const id = `tcId ${t.tcId} (${t.comment})`;
        let out: string | undefined;
        try {
          out = toHex(crypto.x25519(fromHex(t.private), fromHex(t.public)));
        } catch (e) {
          assert.ok(e instanceof InvalidEncodingError || e instanceof WeakKeyError, `${id}: unexpected ${String(e)}`);
          assert.notEqual(t.result, 'valid', `${id}: a valid case was rejected`);
          if (e instanceof WeakKeyError) assert.ok(t.flags.includes('ZeroSharedSecret'), `${id}: weak-key error without a zero secret`);
          rejected++;
          continue;
        }
        assert.notEqual(t.result, 'invalid', `${id}: an invalid case was accepted`);
        assert.equal(out, t.shared, id);
        computed++;
      }
    }
    assert.equal(computed + rejected, 518);
    assert.ok(rejected >= 31, 'every all-zero secret is rejected');
  });

  test('Wycheproof ed25519_test.json', () => {
    let n = 0;
    for (const g of ed25519File.testGroups) {
      const pk = fromHex(g.publicKey.pk);
      for (const t of g.tests) {
        const sig = fromHex(t.sig);
        const id = `tcId ${t.tcId} (${t.comment})`;
        // Signatures of the wrong length are rejected by the length check, as typed errors.
        const ok = sig.length === 64 ? crypto.ed25519Verify(pk, fromHex(t.msg), sig) : (assert.throws(() => crypto.ed25519Verify(pk, fromHex(t.msg), sig), InvalidArgumentError), false);
        assert.equal(ok, t.result === 'valid', id);
        n++;
      }
    }
    assert.equal(n, 151);
  });

  for (const [name, mac] of [['hmac_sha256_test.json', crypto.hmacSha256], ['hmac_sha512_test.json', crypto.hmacSha512]] as const) {
    test(`Wycheproof ${name}`, () => {
      let n = 0;
      for (const g of macFiles[name].testGroups) {
        for (const t of g.tests) {
          const tag = toHex(mac(fromHex(t.key), fromHex(t.msg)).subarray(0, g.tagSize / 8));
          assert.equal(tag === t.tag, t.result === 'valid', `tcId ${t.tcId}`);
          n++;
        }
      }
      assert.equal(n, 174);
    });
  }

  test('Wycheproof hkdf_sha256_test.json', () => {
    let n = 0;
    for (const g of hkdfFile.testGroups) {
      for (const t of g.tests) {
        const run = (): Uint8Array => crypto.hkdfSha256(fromHex(t.ikm), fromHex(t.salt), fromHex(t.info), t.size);
        if (t.result === 'invalid') {
          assert.throws(run, (e: unknown) => e instanceof SmmpError && e.code === 'INVALID_ARGUMENT', `tcId ${t.tcId}`);
        } else {
          assert.equal(toHex(run()), t.okm, `tcId ${t.tcId}`);
        }
        n++;
      }
    }
    assert.equal(n, 86);
  });
});
