// The storage formats in every runtime, over memory slots: the keystore and the encrypted state
// round-trip, and every damaged, truncated, misplaced or wrongly keyed input gives its typed
// error and leaves the stored bytes as they were. Files, IndexedDB and locks have their own tests
// (test/store-*.test.ts, test/deno/store.test.ts, test/browser/store-page.ts).

import {
  createKeystore,
  changePassphrase,
  EncryptedStateStore,
  KeystoreDamagedError,
  KeystoreExistsError,
  KeystoreNotFoundError,
  KeystoreParametersError,
  MemorySlot,
  MemoryStateStore,
  openKeystore,
  StateDamagedError,
  StateRejectedError,
  WrongPassphraseError,
  type ByteSlot,
} from '../../../ts/store/index.js';
import { assert, crypto, identityFromSecret, InvalidArgumentError, suite, test, toHex } from '../support.js';

// Small scrypt costs keep these fast; test/store-keystore.test.ts runs the real defaults once.
const FAST = { log2N: 4, r: 1, p: 1 };
const equalBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean => a !== undefined && b !== undefined && toHex(a) === toHex(b);

async function stored(slot: ByteSlot): Promise<Uint8Array> {
  const bytes = await slot.read();
  assert.ok(bytes !== undefined, 'nothing stored');
  return bytes!;
}

suite('store: keystore', () => {
  test('create then open gives the same identity and storage key; the file has the stated size', async () => {
    const slot = new MemorySlot('ks');
    const created = await createKeystore(slot, 'correct horse', { params: FAST });
    const opened = await openKeystore(slot, 'correct horse');
    assert.ok(equalBytes(opened.identity.secretKey, created.identity.secretKey));
    assert.ok(equalBytes(opened.identity.publicKey, identityFromSecret(created.identity.secretKey).publicKey));
    assert.ok(equalBytes(opened.storageKey, created.storageKey));
    assert.equal(opened.params.log2N, 4);
    assert.equal((await stored(slot)).length, 213); // docs/STORAGE.md "Keystore file"
    opened.wipe();
    assert.ok(opened.storageKey.every((b) => b === 0) && opened.identity.secretKey.every((b) => b === 0));
  });

  test('an imported identity is kept; a second create is refused and changes nothing', async () => {
    const slot = new MemorySlot('ks');
    const secret = crypto.randomBytes(32);
    await createKeystore(slot, 'pw', { params: FAST, identitySecret: secret });
    const before = await stored(slot);
    await assert.rejects(createKeystore(slot, 'pw', { params: FAST }), KeystoreExistsError);
    assert.ok(equalBytes(await slot.read(), before));
    assert.ok(equalBytes((await openKeystore(slot, 'pw')).identity.secretKey, secret));
    await assert.rejects(openKeystore(new MemorySlot('empty'), 'pw'), KeystoreNotFoundError);
  });

  test('a wrong passphrase gives WrongPassphraseError and leaves the bytes as they were', async () => {
    const slot = new MemorySlot('ks');
    await createKeystore(slot, 'right', { params: FAST });
    const before = await stored(slot);
    await assert.rejects(openKeystore(slot, 'wrong'), (e) => e instanceof WrongPassphraseError && e.code === 'WRONG_PASSPHRASE');
    await assert.rejects(changePassphrase(slot, 'wrong', 'new'), WrongPassphraseError);
    assert.ok(equalBytes(await slot.read(), before));
  });

  test('every byte flipped gives KeystoreDamagedError (checked before any scrypt work)', async () => {
    const good = await stored(await (async () => {
      const s = new MemorySlot('ks');
      await createKeystore(s, 'pw', { params: FAST });
      return s;
    })());
    for (let i = 0; i < good.length; i++) {
      const bad = good.slice();
      bad[i]! ^= 1 << (i % 8);
      const slot = new MemorySlot('flip');
      await slot.write(bad);
      await assert.rejects(openKeystore(slot, 'pw'), KeystoreDamagedError, `flip at ${i}`);
      assert.ok(equalBytes(await slot.read(), bad));
    }
  });

  test('every truncation, and trailing bytes, give KeystoreDamagedError', async () => {
    const s = new MemorySlot('ks');
    await createKeystore(s, 'pw', { params: FAST });
    const good = await stored(s);
    for (let n = 0; n < good.length; n++) {
      const slot = new MemorySlot('cut');
      await slot.write(good.subarray(0, n));
      await assert.rejects(openKeystore(slot, 'pw'), KeystoreDamagedError, `cut at ${n}`);
    }
    const slot = new MemorySlot('long');
    await slot.write(new Uint8Array([...good, 0]));
    await assert.rejects(openKeystore(slot, 'pw'), KeystoreDamagedError);
  });

  test('changing the passphrase re-seals with a fresh salt and IV; the old one stops working', async () => {
    const slot = new MemorySlot('ks');
    const k = await createKeystore(slot, 'old', { params: FAST });
    const before = await stored(slot);
    await changePassphrase(slot, 'old', 'new', { params: { log2N: 5, r: 1, p: 1 } });
    const after = await stored(slot);
    assert.equal(after.length, before.length);
    assert.notEqual(toHex(after.subarray(19, 67)), toHex(before.subarray(19, 67)), 'salt and IV must change');
    await assert.rejects(openKeystore(slot, 'old'), WrongPassphraseError);
    const opened = await openKeystore(slot, 'new');
    assert.ok(equalBytes(opened.storageKey, k.storageKey) && equalBytes(opened.identity.secretKey, k.identity.secretKey));
    assert.equal(opened.params.log2N, 5);
  });

  test('passphrases are compared after Unicode NFC; empty ones and weak or huge parameters are refused', async () => {
    const slot = new MemorySlot('ks');
    await createKeystore(slot, 'caf\u00e9', { params: FAST });
    await openKeystore(slot, 'cafe\u0301');
    await assert.rejects(createKeystore(new MemorySlot('x'), '', { params: FAST }), InvalidArgumentError);
    await assert.rejects(createKeystore(new MemorySlot('x'), 'pw', { params: { log2N: 21, r: 8, p: 1 } }), KeystoreParametersError);
    await assert.rejects(createKeystore(new MemorySlot('x'), 'pw', { params: { log2N: 17, r: 8, p: 16 } }), KeystoreParametersError);
    await assert.rejects(createKeystore(new MemorySlot('x'), 'pw', { params: { log2N: 0, r: 1, p: 1 } }), KeystoreParametersError);
  });
});

suite('store: encrypted state', () => {
  const key = crypto.randomBytes(32);

  test('round trip; nothing saved loads as undefined; each save uses a fresh IV', async () => {
    const slot = new MemorySlot('st');
    const store = new EncryptedStateStore(slot, 'alice.group-1', key);
    assert.equal(await store.load(), undefined);
    const state = crypto.randomBytes(1000);
    await store.save(state);
    const first = await stored(slot);
    assert.equal(first.length, 1000 + 94); // docs/STORAGE.md "State file"
    assert.ok(equalBytes(await store.load(), state));
    await store.save(state);
    assert.notEqual(toHex(await stored(slot)), toHex(first));
    await store.save(new Uint8Array(0));
    assert.equal((await store.load())!.length, 0);
  });

  test("a state copied to another member's slot, or read under another storage key, is rejected", async () => {
    const slot = new MemorySlot('st');
    await new EncryptedStateStore(slot, 'alice', key).save(crypto.randomBytes(64));
    await assert.rejects(new EncryptedStateStore(slot, 'bob', key).load(), (e) => e instanceof StateRejectedError && e.code === 'STATE_REJECTED');
    await assert.rejects(new EncryptedStateStore(slot, 'alice', crypto.randomBytes(32)).load(), StateRejectedError);
  });

  test('every byte flipped or cut gives StateDamagedError, never partial state', async () => {
    const slot = new MemorySlot('st');
    const store = new EncryptedStateStore(slot, 'alice', key);
    await store.save(crypto.randomBytes(40));
    const good = await stored(slot);
    for (let i = 0; i < good.length; i++) {
      const bad = good.slice();
      bad[i]! ^= 0x80 >> (i % 8);
      await slot.write(bad);
      await assert.rejects(store.load(), StateDamagedError, `flip at ${i}`);
      await slot.write(good.subarray(0, i));
      await assert.rejects(store.load(), StateDamagedError, `cut at ${i}`);
    }
  });

  test('names are checked; the memory store keeps copies', async () => {
    assert.throws(() => new EncryptedStateStore(new MemorySlot(), '../x', key), InvalidArgumentError);
    assert.throws(() => new EncryptedStateStore(new MemorySlot(), 'ok', key.subarray(1)), InvalidArgumentError);
    const m = new MemoryStateStore();
    assert.equal(await m.load(), undefined);
    const s = new Uint8Array([1, 2, 3]);
    await m.save(s);
    s[0] = 9;
    assert.equal((await m.load())![0], 1);
  });
});
