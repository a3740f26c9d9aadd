// The storage entry for Node and Deno (package subpath smmp/store): the shared layer plus files.

export * from './index.js';
export { createFileAtomic, writeFileAtomic } from './atomic-file.js';
export { acquireFileLock, FileLock } from './file-lock.js';
export { FileSlot } from './file-slot.js';
export { openFileStateStore, type FileStateStoreOptions } from './file-store.js';
