// The keystore file, version 1 (docs/STORAGE.md "Keystore file"):
//
//   "SMMPKEYS" u16 version=1 u8 log2N u32 r u32 p salt(32) iv(16) u32 n ciphertext(n) mac(32) checksum(32)
//
// The plaintext is a list of tagged entries, so a later version can add secrets: entries this
// version does not know are kept as they are when it rewrites the file.

import { wipe } from '../bytes.js';
import { randomBytes } from '../crypto/random.js';
import { Reader, Writer } from '../protocol/bytes-codec.js';
import { malformed } from '../protocol/errors.js';
import { ascii, checkMagic, checksummedBody, openSealedPart, parseOr, readSealedPart, seal, wipeKeys } from './envelope.js';
import { KeystoreDamagedError, KeystoreParametersError, UnsupportedFormatError, WrongPassphraseError } from './errors.js';
import { keystoreKeys, scryptParamsProblem, type ScryptParams } from './kdf.js';

export const KEYSTORE_MAGIC = ascii('SMMPKEYS');
export const KEYSTORE_VERSION = 1;
const SALT_LENGTH = 32;
// Far above what v1 stores (78 bytes); bounds what a damaged length field can make us read.
const MAX_PLAINTEXT = 64 * 1024;
const MAX_ENTRIES = 256;

export const EntryTag = {
  IdentitySecret: 1, // the device's long-term X25519 secret key, 32 bytes
  StorageKey: 2, // the key session state is encrypted under at rest, 32 bytes
} as const;

export interface KeystoreEntry {
  tag: number;
  value: Uint8Array;
}

export interface KeystoreContents {
  identitySecret: Uint8Array;
  storageKey: Uint8Array;
  // Entries of later versions, in tag order, written back unchanged.
  unknown: KeystoreEntry[];
}

export function wipeContents(c: KeystoreContents): void {
  wipe(c.identitySecret, c.storageKey, ...c.unknown.map((e) => e.value));
}

// Entries in strictly increasing tag order (one canonical encoding).
function encodeEntries(c: KeystoreContents): Uint8Array {
  const entries: KeystoreEntry[] = [
    { tag: EntryTag.IdentitySecret, value: c.identitySecret },
    { tag: EntryTag.StorageKey, value: c.storageKey },
    ...c.unknown,
  ].sort((a, b) => a.tag - b.tag);
  const w = new Writer(2 + entries.reduce((n, e) => n + 6 + e.value.length, 0));
  w.u16(entries.length);
  for (const e of entries) w.u16(e.tag).vbytes(e.value);
  return w.finish();
}

function decodeEntries(plaintext: Uint8Array): KeystoreContents {
  const r = new Reader(plaintext, 'keystore contents');
  const count = r.count('u16', 2, MAX_ENTRIES, 'entry count');
  let identitySecret: Uint8Array | undefined;
  let storageKey: Uint8Array | undefined;
  const unknown: KeystoreEntry[] = [];
  let last = 0;
  for (let i = 0; i < count; i++) {
    const tag = r.u16('entry tag');
    if (tag <= last) throw malformed(`keystore contents: entry tags out of order at ${tag}`);
    last = tag;
    const value = r.vbytes(MAX_PLAINTEXT, 'entry value');
    if (tag === EntryTag.IdentitySecret || tag === EntryTag.StorageKey) {
      if (value.length !== 32) throw malformed(`keystore contents: entry ${tag} of ${value.length} bytes, expected 32`);
      if (tag === EntryTag.IdentitySecret) identitySecret = value;
      else storageKey = value;
    } else {
      unknown.push({ tag, value });
    }
  }
  r.end();
  if (identitySecret === undefined || storageKey === undefined) throw malformed('keystore contents: the identity or the storage key is missing');
  return { identitySecret, storageKey, unknown };
}

// Seals the contents under the passphrase with a fresh salt and IV. `passphrase` is the
// normalised bytes (kdf.passphraseBytes).
export async function sealKeystore(contents: KeystoreContents, passphrase: Uint8Array, params: ScryptParams, location = 'keystore'): Promise<Uint8Array> {
  const problem = scryptParamsProblem(params);
  if (problem !== undefined) throw new KeystoreParametersError(location, problem);
  const salt = randomBytes(SALT_LENGTH);
  const keys = await keystoreKeys(passphrase, salt, params);
  const plaintext = encodeEntries(contents);
  try {
    const header = new Writer(256).bytes(KEYSTORE_MAGIC).u16(KEYSTORE_VERSION).u8(params.log2N).u32(params.r).u32(params.p).bytes(salt);
    return seal(header, keys, plaintext);
  } finally {
    wipeKeys(keys);
    wipe(plaintext);
  }
}

export interface OpenedKeystore {
  contents: KeystoreContents;
  params: ScryptParams;
}

// Checks in the order that keeps failures distinguishable and cheap: checksum (damage), magic,
// version, parameter bounds (before any scrypt work), then the MAC (passphrase).
export async function unsealKeystore(file: Uint8Array, passphrase: Uint8Array, location = 'keystore'): Promise<OpenedKeystore> {
  const damaged = (detail: string): Error => new KeystoreDamagedError(location, detail);
  const body = checksummedBody(file);
  if (body === undefined) throw damaged(file.length === 0 ? 'empty' : 'checksum mismatch');
  const { params, salt, part } = parseOr(damaged, () => {
    const r = new Reader(body, 'keystore');
    checkMagic(r, KEYSTORE_MAGIC, damaged, 'keystore');
    const version = r.u16('version');
    if (version !== KEYSTORE_VERSION) throw new UnsupportedFormatError(location, 'keystore', version, KEYSTORE_VERSION);
    const params: ScryptParams = { log2N: r.u8('log2N'), r: r.u32('r'), p: r.u32('p') };
    const salt = r.bytes(SALT_LENGTH, 'salt');
    return { params, salt, part: readSealedPart(r, body, MAX_PLAINTEXT) };
  });
  const problem = scryptParamsProblem(params);
  if (problem !== undefined) throw new KeystoreParametersError(location, problem);
  const keys = await keystoreKeys(passphrase, salt, params);
  let plaintext: Uint8Array | undefined;
  try {
    plaintext = openSealedPart(part, keys);
  } finally {
    wipeKeys(keys);
  }
  if (plaintext === undefined) throw new WrongPassphraseError(location);
  try {
    return { contents: parseOr(damaged, () => decodeEntries(plaintext)), params };
  } finally {
    wipe(plaintext);
  }
}
