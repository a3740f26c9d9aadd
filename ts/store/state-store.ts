// Where a session runner keeps a member's engine state (GroupMember.save() bytes). The runner
// saves after every command and before sending that command's packets (the persistence
// contract, docs/API.md), so save() resolves only once the bytes are durable.
//
// Encrypted state, version 1 (docs/STORAGE.md "State file"):
//
//   "SMMPSTAT" u16 version=1 iv(16) u32 n ciphertext(n) mac(32) checksum(32)
//
// under keys HKDF-split from the keystore's storage key with the member-state name bound in.

import { checkBytes, wipe } from '../bytes.js';
import { InvalidArgumentError } from '../errors.js';
import { Reader, Writer } from '../protocol/bytes-codec.js';
import { ascii, checkMagic, checksummedBody, openSealedPart, parseOr, readSealedPart, seal, splitKeys, wipeKeys } from './envelope.js';
import { StateDamagedError, StateLockedError, StateRejectedError, UnsupportedFormatError } from './errors.js';
import { checkStoreName, type ByteSlot } from './slot.js';

export interface StateStore {
  // The last state saved, or undefined if none was ever saved.
  load(): Promise<Uint8Array | undefined>;
  // Replaces the state atomically and durably.
  save(state: Uint8Array): Promise<void>;
}

// Plain state in memory (tests, and hosts that persist elsewhere). Keeps its own copies.
export class MemoryStateStore implements StateStore {
  private state: Uint8Array | undefined;

  async load(): Promise<Uint8Array | undefined> {
    return this.state?.slice();
  }

  async save(state: Uint8Array): Promise<void> {
    checkBytes('state', state);
    this.state?.fill(0);
    this.state = state.slice();
  }
}

export const STATE_MAGIC = ascii('SMMPSTAT');
export const STATE_VERSION = 1;
// Engine state grows with the group and the buffers it keeps; far below this in practice.
export const MAX_STATE_BYTES = 64 * 1024 * 1024;

// State encrypted at rest in a slot, under keys bound to `name`: bytes copied from another
// member's slot (or sealed under another storage key) fail with StateRejectedError.
export class EncryptedStateStore implements StateStore {
  readonly name: string;
  private readonly storageKey: Uint8Array;
  private readonly context: Uint8Array;
  private wiped = false;

  constructor(readonly slot: ByteSlot, name: string, storageKey: Uint8Array) {
    this.name = checkStoreName(name);
    this.storageKey = checkBytes('storageKey', storageKey, 32).slice();
    this.context = new TextEncoder().encode(name);
  }

  get location(): string {
    return this.slot.location;
  }

  // Typed errors, never partial state: StateDamagedError (checksum, truncation, format),
  // UnsupportedFormatError, StateRejectedError (MAC).
  async load(): Promise<Uint8Array | undefined> {
    this.checkOpen();
    const file = await this.slot.read();
    if (file === undefined) return undefined;
    const location = this.location;
    const damaged = (detail: string): Error => new StateDamagedError(location, detail);
    const body = checksummedBody(file);
    if (body === undefined) throw damaged(file.length === 0 ? 'empty' : 'checksum mismatch');
    const part = parseOr(damaged, () => {
      const r = new Reader(body, 'state');
      checkMagic(r, STATE_MAGIC, damaged, 'state');
      const version = r.u16('version');
      if (version !== STATE_VERSION) throw new UnsupportedFormatError(location, 'state', version, STATE_VERSION);
      return readSealedPart(r, body, MAX_STATE_BYTES);
    });
    const keys = splitKeys(this.storageKey, 'smmp/v1/state', this.context);
    try {
      const state = openSealedPart(part, keys);
      if (state === undefined) throw new StateRejectedError(location);
      return state;
    } finally {
      wipeKeys(keys);
    }
  }

  async save(state: Uint8Array): Promise<void> {
    this.checkOpen();
    checkBytes('state', state);
    if (state.length > MAX_STATE_BYTES) throw new InvalidArgumentError('state', `${state.length} bytes, more than ${MAX_STATE_BYTES}`);
    const keys = splitKeys(this.storageKey, 'smmp/v1/state', this.context);
    let file: Uint8Array;
    try {
      file = seal(new Writer(64 + state.length).bytes(STATE_MAGIC).u16(STATE_VERSION), keys, state);
    } finally {
      wipeKeys(keys);
    }
    await this.slot.write(file);
  }

  // Erases this store's copy of the storage key; it cannot be used afterwards.
  wipe(): void {
    this.wiped = true;
    wipe(this.storageKey);
  }

  private checkOpen(): void {
    if (this.wiped) throw new StateLockedError(this.location, { description: 'nobody: this store was closed' }, 'open it again');
  }
}

// A held lock on one member state (a lock file in Node and Deno, a Web Lock in browsers).
export interface StateLock {
  readonly location: string;
  // Throws StateLockedError if the lock is no longer ours (released, or taken over).
  check(): Promise<void>;
  // Idempotent.
  release(): Promise<void>;
}

// The store a session runner holds: encrypted at rest, and the one writer of its member state
// until close(). Every load and save first checks that the lock is still held.
export class LockedStateStore implements StateStore {
  private closed = false;

  constructor(private readonly store: EncryptedStateStore, private readonly lock: StateLock) {}

  get name(): string {
    return this.store.name;
  }

  get location(): string {
    return this.store.location;
  }

  private async ready(): Promise<void> {
    if (!this.closed) await this.lock.check();
  }

  async load(): Promise<Uint8Array | undefined> {
    await this.ready();
    return this.store.load();
  }

  async save(state: Uint8Array): Promise<void> {
    await this.ready();
    await this.store.save(state);
  }

  // Releases the lock and erases the key. Idempotent.
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.store.wipe();
    await this.lock.release();
  }
}
