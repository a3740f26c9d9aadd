// Argument checks and byte helpers shared by every public function: one place for each rule.

import { InvalidArgumentError } from './errors.js';

export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && value.constructor.name === 'Uint8Array');
}

// Throws unless `value` is a Uint8Array (of exactly `length` bytes when given).
export function checkBytes(name: string, value: unknown, length?: number): Uint8Array {
  if (!isBytes(value)) throw new InvalidArgumentError(name, `expected a Uint8Array, got ${describe(value)}`);
  if (length !== undefined && value.length !== length) {
    throw new InvalidArgumentError(name, `expected ${length} bytes, got ${value.length}`);
  }
  return value;
}

// Throws unless `value` is an integer in [min, max].
export function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(name, `expected an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}

// Overwrite secrets we no longer need. JS cannot guarantee that no copy exists elsewhere (the
// engine may have moved the bytes), but it removes the copies we hold.
export function wipe(...buffers: Uint8Array[]): void {
  for (const b of buffers) b.fill(0);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

const HEX = '0123456789abcdef';

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += HEX[b >> 4]! + HEX[b & 15]!;
  return s;
}

export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new InvalidArgumentError('hex', 'expected an even-length hexadecimal string');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
