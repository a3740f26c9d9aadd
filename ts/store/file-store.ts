// The member-state store for Node and Deno: <directory>/<name>.state, encrypted under the
// keystore's storage key, written atomically, and locked by <directory>/<name>.lock while open.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { checkBytes } from '../bytes.js';
import { removeStaleTemps } from './atomic-file.js';
import { acquireFileLock } from './file-lock.js';
import { FileSlot } from './file-slot.js';
import { checkStoreName } from './slot.js';
import { EncryptedStateStore, LockedStateStore } from './state-store.js';

export interface FileStateStoreOptions {
  // The folder (created if missing, mode 0700) that holds the state and lock files.
  directory: string;
  // The member-state name, e.g. one per group and device; bound into the encryption keys.
  name: string;
  // Keystore.storageKey.
  storageKey: Uint8Array;
}

// Takes the member's lock (StateLockedError if another process or store holds it), removes
// temp files a crashed writer left, and returns the store. close() releases the lock.
export async function openFileStateStore(options: FileStateStoreOptions): Promise<LockedStateStore> {
  const name = checkStoreName(options.name);
  checkBytes('storageKey', options.storageKey, 32);
  await mkdir(options.directory, { recursive: true, mode: 0o700 });
  const statePath = join(options.directory, `${name}.state`);
  const lock = await acquireFileLock(join(options.directory, `${name}.lock`));
  try {
    await removeStaleTemps(statePath);
    return new LockedStateStore(new EncryptedStateStore(new FileSlot(statePath), name, options.storageKey), lock);
  } catch (e) {
    await lock.release();
    throw e;
  }
}
