// A slot: one durable byte string, replaced atomically. The keystore and the encrypted state
// store are written once over this interface; each runtime supplies slots (files in Node and
// Deno, IndexedDB in browsers, memory everywhere).

import { checkBytes } from '../bytes.js';
import { InvalidArgumentError } from '../errors.js';

export interface ByteSlot {
  // Where the bytes live, for error messages: a path, "indexeddb:<db>/<key>", "memory:<name>".
  readonly location: string;
  // The stored bytes, or undefined when nothing is stored.
  read(): Promise<Uint8Array | undefined>;
  // Replaces the stored bytes atomically: afterwards a reader sees the old bytes or the new,
  // never a mix, even if the process dies during the call. Resolves once the bytes are durable.
  write(bytes: Uint8Array): Promise<void>;
  // Stores the bytes only if nothing is stored yet, atomically; false if something was there.
  create(bytes: Uint8Array): Promise<boolean>;
}

// A slot in memory: for tests, and hosts that persist elsewhere. Keeps its own copy.
export class MemorySlot implements ByteSlot {
  readonly location: string;
  private bytes: Uint8Array | undefined;

  constructor(name = 'slot') {
    this.location = `memory:${name}`;
  }

  async read(): Promise<Uint8Array | undefined> {
    return this.bytes?.slice();
  }

  async write(bytes: Uint8Array): Promise<void> {
    checkBytes('bytes', bytes);
    this.bytes?.fill(0);
    this.bytes = bytes.slice();
  }

  async create(bytes: Uint8Array): Promise<boolean> {
    checkBytes('bytes', bytes);
    if (this.bytes !== undefined) return false;
    this.bytes = bytes.slice();
    return true;
  }
}

// Member-state names: one rule for every backend, narrow enough to be a file name anywhere
// (no separators, no leading dot, no case-folding surprises beyond what the caller chose).
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function checkStoreName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new InvalidArgumentError('name', 'expected 1 to 128 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit');
  }
  return name;
}
