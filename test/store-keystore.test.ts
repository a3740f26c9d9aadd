// The keystore in files (Node): typed errors for damaged, crafted, truncated and out-of-bounds
// files with the file left untouched, the real default parameters once, atomic passphrase
// changes, and entries of later versions kept. The formats themselves also run in every runtime
// (test/portable/suites/store.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { crypto, fromHex, LONG, toHex, vectors } from './support/core.js';
import {
  changePassphrase,
  createKeystore,
  DEFAULT_SCRYPT_PARAMS,
  FileSlot,
  KeystoreDamagedError,
  KeystoreParametersError,
  openKeystore,
  UnsupportedFormatError,
  WrongPassphraseError,
} from '../ts/store/files.js';
import { scryptParamsProblem } from '../ts/store/kdf.js';
import { sealKeystore, unsealKeystore } from '../ts/store/keystore-format.js';

const FAST = { log2N: 4, r: 1, p: 1 };
const dir = mkdtempSync(join(tmpdir(), 'smmp-keystore-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const newPath = (): string => join(dir, `keystore-${files++}`);

// Offsets in a v1 keystore file (docs/STORAGE.md "Keystore file").
const AT = { version: 8, log2N: 10, r: 11, p: 15, salt: 19, iv: 51, length: 67, ciphertext: 71 };
const CIPHERTEXT = 78;
const MAC = AT.ciphertext + CIPHERTEXT;
const CHECKSUM = MAC + 32;

function withChecksum(body: Uint8Array): Uint8Array {
  const b = body.subarray(0, body.length - 32);
  return new Uint8Array([...b, ...crypto.sha256(b)]);
}

// Opens the file and returns the error, checking the file is byte-for-byte as it was.
async function openError(path: string, passphrase: string): Promise<unknown> {
  const before = readFileSync(path);
  const mtime = statSync(path).mtimeMs;
  try {
    await openKeystore(new FileSlot(path), passphrase);
  } catch (e) {
    assert.ok(readFileSync(path).equals(before), 'the file changed');
    assert.equal(statSync(path).mtimeMs, mtime);
    return e;
  }
  assert.fail('expected the open to fail');
}

test('a keystore file: mode 0600, no temp files left, opens with the passphrase', async () => {
  const path = newPath();
  const k = await createKeystore(new FileSlot(path), 'pw', { params: FAST });
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  assert.equal(readFileSync(path).length, CHECKSUM + 32);
  const o = await openKeystore(new FileSlot(path), 'pw');
  assert.equal(toHex(o.identity.publicKey), toHex(k.identity.publicKey));
});

test('a bit flipped at every byte: KeystoreDamagedError, file untouched', async () => {
  const path = newPath();
  await createKeystore(new FileSlot(path), 'pw', { params: FAST });
  const good = readFileSync(path);
  for (let i = 0; i < good.length; i++) {
    const bad = Uint8Array.from(good);
    bad[i]! ^= 1 << (i % 8);
    writeFileSync(path, bad);
    assert.ok((await openError(path, 'pw')) instanceof KeystoreDamagedError, `byte ${i}`);
  }
  for (const n of [0, 1, 8, 100, good.length - 1]) {
    writeFileSync(path, good.subarray(0, n));
    assert.ok((await openError(path, 'pw')) instanceof KeystoreDamagedError, `cut at ${n}`);
  }
});

test('crafted files (checksum recomputed after a flip): each field gives its own typed error', async () => {
  const path = newPath();
  await createKeystore(new FileSlot(path), 'pw', { params: FAST });
  const good = readFileSync(path);
  const seen = new Map<string, number>();
  for (let i = 0; i < CHECKSUM; i++) {
    const bad = Uint8Array.from(good);
    bad[i]! ^= 1 << (i % 8);
    writeFileSync(path, withChecksum(bad));
    const e = await openError(path, 'pw');
    let expected: new (...a: any[]) => Error;
    if (i < AT.version) expected = KeystoreDamagedError; // magic
    else if (i < AT.log2N) expected = UnsupportedFormatError;
    else if (i < AT.salt) {
      const v = new DataView(bad.buffer);
      const params = { log2N: bad[AT.log2N]!, r: v.getUint32(AT.r), p: v.getUint32(AT.p) };
      expected = scryptParamsProblem(params) === undefined ? WrongPassphraseError : KeystoreParametersError;
    } else if (i >= AT.length && i < AT.ciphertext) expected = KeystoreDamagedError; // ciphertext length
    else expected = WrongPassphraseError; // salt, IV, ciphertext, MAC
    assert.ok(e instanceof expected, `byte ${i}: expected ${expected.name}, got ${String(e)}`);
    seen.set(expected.name, (seen.get(expected.name) ?? 0) + 1);
  }
  assert.deepEqual([...seen.keys()].sort(), ['KeystoreDamagedError', 'KeystoreParametersError', 'UnsupportedFormatError', 'WrongPassphraseError']);
});

test('parameters a hostile file states are bounded before any work or allocation', { timeout: 10_000 }, async () => {
  const path = newPath();
  await createKeystore(new FileSlot(path), 'pw', { params: FAST });
  const good = readFileSync(path);
  const cases: [number, number, number, string][] = [
    [63, 1, 1, 'log2N'],
    [20, 8, 1, 'memory'], // 1 GiB
    [18, 32, 1, 'memory'],
    [17, 8, 16, 'N * r * p'],
    [4, 0xffffffff, 1, 'r'],
    [4, 1, 0xffffffff, 'p'],
    [0, 1, 1, 'log2N'],
  ];
  for (const [log2N, r, p, what] of cases) {
    const bad = Uint8Array.from(good);
    const v = new DataView(bad.buffer);
    bad[AT.log2N] = log2N;
    v.setUint32(AT.r, r);
    v.setUint32(AT.p, p);
    writeFileSync(path, withChecksum(bad));
    const e = await openError(path, 'pw');
    assert.ok(e instanceof KeystoreParametersError && e.message.includes(what), `${log2N}/${r}/${p}: ${String(e)}`);
  }
});

test('the real default parameters (log2N 17, r 8, p 1) round-trip', async () => {
  assert.deepEqual({ ...DEFAULT_SCRYPT_PARAMS }, { log2N: 17, r: 8, p: 1 });
  const path = newPath();
  const k = await createKeystore(new FileSlot(path), 'a passphrase of some length');
  assert.equal(readFileSync(path)[AT.log2N], 17);
  const o = await openKeystore(new FileSlot(path), 'a passphrase of some length');
  assert.equal(toHex(o.storageKey), toHex(k.storageKey));
  assert.deepEqual({ ...o.params }, { ...DEFAULT_SCRYPT_PARAMS });
});

test('changing the passphrase rewrites the file atomically, keeps its mode and leaves no temp file', async () => {
  const path = newPath();
  await createKeystore(new FileSlot(path), 'one', { params: FAST });
  await changePassphrase(new FileSlot(path), 'one', 'two');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  assert.ok((await openError(path, 'one')) instanceof WrongPassphraseError);
  await openKeystore(new FileSlot(path), 'two');
});

test('entries of a later version survive a passphrase change by this one', async () => {
  const path = newPath();
  const extra = { tag: 7, value: crypto.randomBytes(100) };
  const contents = { identitySecret: crypto.randomBytes(32), storageKey: crypto.randomBytes(32), unknown: [extra] };
  writeFileSync(path, await sealKeystore(contents, new TextEncoder().encode('x'), FAST));
  await changePassphrase(new FileSlot(path), 'x', 'y');
  const opened = await unsealKeystore(readFileSync(path), new TextEncoder().encode('y'));
  assert.equal(opened.contents.unknown.length, 1);
  assert.equal(opened.contents.unknown[0]!.tag, 7);
  assert.equal(toHex(opened.contents.unknown[0]!.value), toHex(extra.value));
});

test('RFC 7914 vector 4 (N = 2^20, r = 8, 1 GiB) with the noble scrypt we call', { skip: LONG ? false : 'SMMP_LONG=1' }, async () => {
  const v = vectors<{ scrypt: { N: number; r: number; p: number; password: string; salt: string; dk_len: number; dk: string; slow?: boolean }[] }>('rfc/scrypt.json').scrypt.find((x) => x.slow)!;
  const dk = await scryptAsync(fromHex(v.password), fromHex(v.salt), { N: v.N, r: v.r, p: v.p, dkLen: v.dk_len, maxmem: 2 ** 31 });
  assert.equal(toHex(dk), v.dk);
});
