// A slot that is one file (Node, Deno): atomic replace and create-if-absent from atomic-file.ts.

import { open } from 'node:fs/promises';
import { checkBytes, checkInteger } from '../bytes.js';
import { InvalidArgumentError } from '../errors.js';
import { createFileAtomic, errorCode, writeFileAtomic } from './atomic-file.js';
import { StoreTooLargeError } from './errors.js';
import type { ByteSlot } from './slot.js';

// Bounds what a read may allocate; above any state the engine writes (MAX_STATE_BYTES + envelope).
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024 + 4096;

export class FileSlot implements ByteSlot {
  readonly location: string;
  private readonly maxBytes: number;

  constructor(readonly path: string, options: { maxBytes?: number } = {}) {
    if (typeof path !== 'string' || path === '') throw new InvalidArgumentError('path', 'expected a file path');
    this.location = path;
    this.maxBytes = checkInteger('maxBytes', options.maxBytes ?? DEFAULT_MAX_FILE_BYTES, 1, 2 ** 31 - 1);
  }

  async read(): Promise<Uint8Array | undefined> {
    let fh;
    try {
      fh = await open(this.path, 'r');
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return undefined;
      throw e;
    }
    try {
      const { size } = await fh.stat();
      if (size > this.maxBytes) throw new StoreTooLargeError(this.location, size, this.maxBytes);
      return new Uint8Array(await fh.readFile());
    } finally {
      await fh.close();
    }
  }

  write(bytes: Uint8Array): Promise<void> {
    return writeFileAtomic(this.path, checkBytes('bytes', bytes));
  }

  create(bytes: Uint8Array): Promise<boolean> {
    return createFileAtomic(this.path, checkBytes('bytes', bytes));
  }
}
