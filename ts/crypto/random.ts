// Randomness from the runtime's CSPRNG. getRandomValues fills at most 65,536 bytes per call
// (a QuotaExceededError beyond), so larger requests are filled in slices.

import { checkInteger } from '../bytes.js';
import { WasmUnavailableError } from '../errors.js';

const MAX_PER_CALL = 65536;

export function randomBytes(length: number): Uint8Array {
  checkInteger('length', length, 0, 2 ** 31 - 1);
  const c = globalThis.crypto;
  if (c === undefined || typeof c.getRandomValues !== 'function') {
    throw new WasmUnavailableError('globalThis.crypto.getRandomValues is missing: no secure randomness in this runtime');
  }
  const out = new Uint8Array(length);
  for (let off = 0; off < length; off += MAX_PER_CALL) {
    c.getRandomValues(out.subarray(off, Math.min(length, off + MAX_PER_CALL)));
  }
  return out;
}
