// The storage layer every runtime shares (docs/STORAGE.md): the keystore and the encrypted state
// store over a slot, the errors, and memory implementations. The runtime entries add where the
// bytes live: ./files.js (Node, Deno) and ./browser.js (IndexedDB, Web Locks).

export * from './errors.js';
export { checkStoreName, MemorySlot, type ByteSlot } from './slot.js';
export { DEFAULT_SCRYPT_PARAMS, SCRYPT_LIMITS, type Passphrase, type ScryptParams } from './kdf.js';
export { changePassphrase, createKeystore, Keystore, openKeystore, type ChangePassphraseOptions, type CreateKeystoreOptions } from './keystore.js';
export { EncryptedStateStore, LockedStateStore, MemoryStateStore, MAX_STATE_BYTES, type StateLock, type StateStore } from './state-store.js';
