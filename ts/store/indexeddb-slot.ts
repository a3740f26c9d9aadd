// A slot that is one record of an IndexedDB object store (browsers, workers). IndexedDB
// transactions are atomic; writes ask for "strict" durability, so a write resolves once the
// browser has flushed it, as a file write resolves after fsync.

import { checkBytes } from '../bytes.js';
import { InvalidArgumentError } from '../errors.js';
import { StoreUnavailableError } from './errors.js';
import type { ByteSlot } from './slot.js';

const OBJECT_STORE = 'slots';

// One open connection per database name, shared by every slot in it; dropped when another
// context upgrades or deletes the database, and reopened on next use.
const connections = new Map<string, Promise<IDBDatabase>>();

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function connect(database: string, location: string): Promise<IDBDatabase> {
  const cached = connections.get(database);
  if (cached !== undefined) return cached;
  const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (idb === undefined) return Promise.reject(new StoreUnavailableError(location, 'this runtime has no IndexedDB'));
  const opening = new Promise<IDBDatabase>((resolve, reject) => {
    const req = idb.open(database, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(OBJECT_STORE)) req.result.createObjectStore(OBJECT_STORE);
    };
    req.onsuccess = () => {
      const db = req.result;
      const forget = (): void => {
        db.close();
        if (connections.get(database) === opening) connections.delete(database);
      };
      db.onversionchange = forget;
      db.onclose = forget;
      resolve(db);
    };
    req.onerror = () => reject(new StoreUnavailableError(location, `IndexedDB refused to open "${database}": ${req.error?.message ?? 'unknown error'}`));
    req.onblocked = () => reject(new StoreUnavailableError(location, `IndexedDB "${database}" is blocked by another tab holding an older version open`));
  });
  connections.set(database, opening);
  opening.catch(() => connections.delete(database));
  return opening;
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export class IndexedDbSlot implements ByteSlot {
  readonly location: string;

  constructor(readonly database: string, readonly key: string) {
    if (typeof database !== 'string' || database === '' || typeof key !== 'string' || key === '') {
      throw new InvalidArgumentError(typeof database !== 'string' || database === '' ? 'database' : 'key', 'expected a non-empty string');
    }
    this.location = `indexeddb:${database}/${key}`;
  }

  private async transaction(mode: IDBTransactionMode): Promise<IDBTransaction> {
    const db = await connect(this.database, this.location);
    return mode === 'readwrite' ? db.transaction(OBJECT_STORE, mode, { durability: 'strict' }) : db.transaction(OBJECT_STORE, mode);
  }

  // A record that is not bytes (written by something else) reads as zero bytes, which every
  // format reports as damaged rather than as absent.
  async read(): Promise<Uint8Array | undefined> {
    const tx = await this.transaction('readonly');
    const value: unknown = await request(tx.objectStore(OBJECT_STORE).get(this.key));
    if (value === undefined) return undefined;
    if (value instanceof Uint8Array) return value;
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    return new Uint8Array(0);
  }

  async write(bytes: Uint8Array): Promise<void> {
    checkBytes('bytes', bytes);
    const tx = await this.transaction('readwrite');
    const finished = done(tx);
    tx.objectStore(OBJECT_STORE).put(bytes.slice(), this.key);
    await finished;
  }

  async create(bytes: Uint8Array): Promise<boolean> {
    checkBytes('bytes', bytes);
    const tx = await this.transaction('readwrite');
    const finished = done(tx);
    const req = tx.objectStore(OBJECT_STORE).add(bytes.slice(), this.key);
    // add() fails with ConstraintError when the key exists: that is the answer, not a failure,
    // so the error neither aborts the transaction nor reaches its onerror.
    let exists = false;
    req.onerror = (ev) => {
      if (req.error?.name === 'ConstraintError') {
        exists = true;
        ev.preventDefault();
        ev.stopPropagation();
      }
    };
    await finished;
    return !exists;
  }
}
