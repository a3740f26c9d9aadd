// Storage errors (docs/STORAGE.md "Errors"). Each names where the bytes live (`location`: a file
// path, or "indexeddb:<database>/<key>", or "memory:<name>"). A failed open or load never
// changes what is stored.

import { SmmpError } from '../errors.js';

export type StoreErrorCode =
  | 'KEYSTORE_DAMAGED' // the checksum fails or the file does not parse: accidental damage, or not a keystore
  | 'WRONG_PASSPHRASE' // intact file whose MAC fails: a wrong passphrase, or deliberate tampering
  | 'KEYSTORE_PARAMETERS' // scrypt parameters outside the accepted bounds (in a file, or asked for)
  | 'KEYSTORE_EXISTS' // createKeystore() where a keystore is already stored
  | 'KEYSTORE_NOT_FOUND' // openKeystore() where nothing is stored
  | 'UNSUPPORTED_FORMAT' // a newer format version than this library reads
  | 'STATE_DAMAGED' // the checksum fails or the state does not parse: accidental damage or truncation
  | 'STATE_REJECTED' // intact state whose MAC fails: another storage key, another slot, or tampering
  | 'STATE_LOCKED' // another process, tab or store instance holds this member state
  | 'STORE_TOO_LARGE' // the stored bytes exceed the bound the reader accepts
  | 'STORE_UNAVAILABLE'; // the runtime lacks the storage or lock API (IndexedDB, Web Locks)

export class StoreError extends SmmpError {
  override readonly code: StoreErrorCode;
  readonly location: string;
  constructor(code: StoreErrorCode, location: string, message: string) {
    super(code, `${location}: ${message}`);
    this.code = code;
    this.location = location;
  }
}

export class KeystoreDamagedError extends StoreError {
  constructor(location: string, detail: string) {
    super('KEYSTORE_DAMAGED', location, `the keystore is damaged or not a keystore (${detail}); it was left as it is`);
  }
}

export class WrongPassphraseError extends StoreError {
  constructor(location: string) {
    super('WRONG_PASSPHRASE', location, 'wrong passphrase (the file is intact; if the passphrase is right, the file was altered deliberately)');
  }
}

export class KeystoreParametersError extends StoreError {
  constructor(location: string, detail: string) {
    super('KEYSTORE_PARAMETERS', location, `scrypt parameters refused: ${detail}`);
  }
}

export class KeystoreExistsError extends StoreError {
  constructor(location: string) {
    super('KEYSTORE_EXISTS', location, 'a keystore already exists here; open it, or remove it first');
  }
}

export class KeystoreNotFoundError extends StoreError {
  constructor(location: string) {
    super('KEYSTORE_NOT_FOUND', location, 'no keystore here; create one first');
  }
}

export class UnsupportedFormatError extends StoreError {
  readonly format: string;
  readonly version: number;
  constructor(location: string, format: string, version: number, supported: number) {
    super('UNSUPPORTED_FORMAT', location, `${format} format version ${version} is not supported (this library reads version ${supported}); upgrade smmp`);
    this.format = format;
    this.version = version;
  }
}

export class StateDamagedError extends StoreError {
  constructor(location: string, detail: string) {
    super('STATE_DAMAGED', location, `the stored state is damaged or truncated (${detail}); nothing was loaded`);
  }
}

export class StateRejectedError extends StoreError {
  constructor(location: string) {
    super('STATE_REJECTED', location, 'the stored state fails authentication: it belongs to another member slot or storage key, or it was altered; nothing was loaded');
  }
}

// Who holds a lock, as far as we can tell: a process (file locks) or "another tab or worker"
// (Web Locks say nothing about the holder).
export interface LockHolder {
  pid?: number;
  host?: string;
  // When the holding process started (ms since 1970), to tell a reused pid from the holder.
  startedAt?: number;
  description: string;
}

export class StateLockedError extends StoreError {
  readonly holder: LockHolder;
  constructor(location: string, holder: LockHolder, detail = '') {
    super('STATE_LOCKED', location, `this member state is in use by ${holder.description}; only one instance may write it${detail === '' ? '' : ` (${detail})`}`);
    this.holder = holder;
  }
}

export class StoreTooLargeError extends StoreError {
  constructor(location: string, size: number, max: number) {
    super('STORE_TOO_LARGE', location, `${size} bytes stored, more than the ${max} accepted`);
  }
}

export class StoreUnavailableError extends StoreError {
  constructor(location: string, detail: string) {
    super('STORE_UNAVAILABLE', location, detail);
  }
}
