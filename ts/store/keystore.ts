// The device keystore over a slot (a file, an IndexedDB record, memory): create it once, open it
// at every start with the passphrase, change the passphrase in one atomic rewrite.

import { checkBytes, wipe } from '../bytes.js';
import { randomBytes } from '../crypto/random.js';
import { identityFromSecret, type Identity } from '../protocol/identity.js';
import { KeystoreExistsError, KeystoreNotFoundError, KeystoreParametersError } from './errors.js';
import { DEFAULT_SCRYPT_PARAMS, passphraseBytes, scryptParamsProblem, type Passphrase, type ScryptParams } from './kdf.js';
import { sealKeystore, unsealKeystore, wipeContents, type KeystoreContents } from './keystore-format.js';
import type { ByteSlot } from './slot.js';

// An opened keystore: the device identity and the storage key for session state. The engine
// keeps using `identity` (it holds the object, not a copy), so wipe() belongs at exit.
export class Keystore {
  constructor(
    readonly location: string,
    readonly identity: Identity,
    readonly storageKey: Uint8Array,
    readonly params: Readonly<ScryptParams>,
  ) {}

  wipe(): void {
    wipe(this.identity.secretKey, this.storageKey);
  }
}

export interface CreateKeystoreOptions {
  // scrypt cost; DEFAULT_SCRYPT_PARAMS unless given (tests use small ones).
  params?: ScryptParams;
  // An existing identity secret to keep (e.g. moving a device); a new identity otherwise.
  identitySecret?: Uint8Array;
}

function checkParams(location: string, params: ScryptParams): ScryptParams {
  const problem = scryptParamsProblem(params);
  if (problem !== undefined) throw new KeystoreParametersError(location, problem);
  return { log2N: params.log2N, r: params.r, p: params.p };
}

function toKeystore(location: string, c: KeystoreContents, params: ScryptParams): Keystore {
  const identity = identityFromSecret(c.identitySecret);
  const keystore = new Keystore(location, identity, c.storageKey.slice(), Object.freeze({ ...params }));
  wipeContents(c);
  return keystore;
}

// Creates a keystore in an empty slot, with a new random storage key. Throws
// KeystoreExistsError (leaving the slot as it is) if something is stored there.
export async function createKeystore(slot: ByteSlot, passphrase: Passphrase, options: CreateKeystoreOptions = {}): Promise<Keystore> {
  const params = checkParams(slot.location, options.params ?? DEFAULT_SCRYPT_PARAMS);
  const secret = options.identitySecret === undefined ? randomBytes(32) : checkBytes('identitySecret', options.identitySecret, 32).slice();
  const contents: KeystoreContents = { identitySecret: secret, storageKey: randomBytes(32), unknown: [] };
  const pass = passphraseBytes(passphrase);
  try {
    if ((await slot.read()) !== undefined) throw new KeystoreExistsError(slot.location);
    const file = await sealKeystore(contents, pass, params, slot.location);
    if (!(await slot.create(file))) throw new KeystoreExistsError(slot.location);
    return toKeystore(slot.location, contents, params);
  } finally {
    wipe(pass);
    wipeContents(contents);
  }
}

// Opens the keystore. Typed errors, the slot untouched in every case: KeystoreNotFoundError,
// KeystoreDamagedError, UnsupportedFormatError, KeystoreParametersError, WrongPassphraseError.
export async function openKeystore(slot: ByteSlot, passphrase: Passphrase): Promise<Keystore> {
  const pass = passphraseBytes(passphrase);
  try {
    const file = await slot.read();
    if (file === undefined) throw new KeystoreNotFoundError(slot.location);
    const { contents, params } = await unsealKeystore(file, pass, slot.location);
    return toKeystore(slot.location, contents, params);
  } finally {
    wipe(pass);
  }
}

export interface ChangePassphraseOptions {
  // New scrypt cost; the file's current parameters unless given.
  params?: ScryptParams;
}

// Re-seals the same secrets (and any entries of later versions) under a new passphrase, with a
// fresh salt and IV, replacing the stored bytes atomically: a crash leaves the old file or the
// new one. Fails like openKeystore() if the old passphrase is wrong.
export async function changePassphrase(slot: ByteSlot, oldPassphrase: Passphrase, newPassphrase: Passphrase, options: ChangePassphraseOptions = {}): Promise<void> {
  const oldPass = passphraseBytes(oldPassphrase, 'oldPassphrase');
  let newPass: Uint8Array | undefined;
  try {
    newPass = passphraseBytes(newPassphrase, 'newPassphrase');
    if (options.params !== undefined) checkParams(slot.location, options.params);
    const file = await slot.read();
    if (file === undefined) throw new KeystoreNotFoundError(slot.location);
    const { contents, params } = await unsealKeystore(file, oldPass, slot.location);
    try {
      await slot.write(await sealKeystore(contents, newPass, options.params ?? params, slot.location));
    } finally {
      wipeContents(contents);
    }
  } finally {
    wipe(oldPass);
    if (newPass !== undefined) wipe(newPass);
  }
}
