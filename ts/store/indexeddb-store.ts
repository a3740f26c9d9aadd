// The member-state store for browsers: one IndexedDB record per member state, encrypted under
// the keystore's storage key, and a Web Lock held while the store is open.

import { checkBytes } from '../bytes.js';
import { IndexedDbSlot } from './indexeddb-slot.js';
import { checkStoreName } from './slot.js';
import { EncryptedStateStore, LockedStateStore } from './state-store.js';
import { acquireWebLock } from './web-lock.js';

export const DEFAULT_DATABASE = 'smmp';

export interface IndexedDbStateStoreOptions {
  // The IndexedDB database; DEFAULT_DATABASE unless given.
  database?: string;
  // The member-state name; bound into the encryption keys.
  name: string;
  // Keystore.storageKey.
  storageKey: Uint8Array;
}

// The record "state/<name>" in the database and the Web Lock "smmp:<database>/<name>".
// StateLockedError if another tab, window or worker holds it. close() releases the lock.
export async function openIndexedDbStateStore(options: IndexedDbStateStoreOptions): Promise<LockedStateStore> {
  const name = checkStoreName(options.name);
  checkBytes('storageKey', options.storageKey, 32);
  const database = options.database ?? DEFAULT_DATABASE;
  const lock = await acquireWebLock(`smmp:${database}/${name}`);
  return new LockedStateStore(new EncryptedStateStore(new IndexedDbSlot(database, `state/${name}`), name, options.storageKey), lock);
}
