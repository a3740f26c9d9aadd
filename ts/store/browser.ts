// The storage entry for browsers and workers (package subpath smmp/store): the shared layer plus
// IndexedDB and Web Locks.

export * from './index.js';
export { IndexedDbSlot } from './indexeddb-slot.js';
export { DEFAULT_DATABASE, openIndexedDbStateStore, type IndexedDbStateStoreOptions } from './indexeddb-store.js';
export { acquireWebLock, WebLock } from './web-lock.js';
