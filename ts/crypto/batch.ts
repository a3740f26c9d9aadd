// Many HMAC-SHA256 or HKDF-SHA256 computations in one call into the core: the key agreement
// makes N-1 tags or keys at a time, and one crossing with one frame costs far less than N-1.
//
// Every input is one Uint8Array, used by every item; or an array holding one Uint8Array per
// item, all of one length; or Packed: the items back to back in one array (copied into the core
// in one go, the cheapest form). The item count is that of the per-item inputs, which must
// agree. Outputs come back concatenated: item i at i * (output length).

import { checkBytes, checkInteger } from '../bytes.js';
import { InvalidArgumentError } from '../errors.js';
import { wasm } from './core.js';
import { HKDF_SHA256_MAX_LENGTH } from './hash.js';
import * as io from './io.js';

// `count` items of one length, back to back in `bytes`.
export class Packed {
  readonly size: number;

  constructor(readonly bytes: Uint8Array, readonly count: number) {
    checkBytes('bytes', bytes);
    checkInteger('count', count, 0, bytes.length === 0 ? Number.MAX_SAFE_INTEGER : bytes.length);
    this.size = count === 0 ? 0 : bytes.length / count;
    if (!Number.isInteger(this.size)) throw new InvalidArgumentError('bytes', `${bytes.length} bytes do not split into ${count} items of one length`);
  }

  // Item i, as a view.
  item(i: number): Uint8Array {
    return this.bytes.subarray(i * this.size, (i + 1) * this.size);
  }
}

export type BatchInput = Uint8Array | readonly Uint8Array[] | Packed;

// A batch's inputs, outputs and scratch together stay below this (wasm memory grows to fit).
export const BATCH_MAX_BYTES = 1 << 24;

interface Shape {
  n: number;
  lengths: number[]; // per item, of each input in order
}

// Checks the inputs and returns the item count and each input's item length.
function shape(inputs: Record<string, BatchInput>): Shape {
  let n: number | undefined;
  const lengths: number[] = [];
  for (const [name, x] of Object.entries(inputs)) {
    if (x instanceof Packed) {
      if (n !== undefined && x.count !== n) throw new InvalidArgumentError(name, `expected ${n} items like the other inputs, got ${x.count}`);
      n = x.count;
      lengths.push(x.size);
    } else if (Array.isArray(x)) {
      if (n !== undefined && x.length !== n) throw new InvalidArgumentError(name, `expected ${n} items like the other inputs, got ${x.length}`);
      n = x.length;
      const len = x.length > 0 ? checkBytes(`${name}[0]`, x[0]).length : 0;
      x.forEach((v: unknown, i: number) => {
        if (!(v instanceof Uint8Array && v.length === len)) checkBytes(`${name}[${i}]`, v, len);
      });
      lengths.push(len);
    } else {
      lengths.push(checkBytes(name, x as unknown).length);
    }
  }
  if (n === undefined) throw new InvalidArgumentError(Object.keys(inputs).join('/'), 'one input must be an array of items');
  return { n, lengths };
}

function checkSize(total: number): void {
  if (total > BATCH_MAX_BYTES) throw new InvalidArgumentError('batch', `${total} bytes of inputs and outputs, at most ${BATCH_MAX_BYTES} in one call`);
}

// Copies an input into the open frame: its address and stride (0 when shared).
function put(x: BatchInput, len: number): [number, number] {
  if (x instanceof Packed) return [io.put(x.bytes), len];
  if (!Array.isArray(x)) return [io.put(x as Uint8Array), 0];
  const items = x as readonly Uint8Array[];
  const p = io.alloc(len * items.length);
  items.forEach((v, i) => io.write(p + i * len, v));
  return [p, len];
}

const sizeOf = (x: BatchInput, len: number): number => (x instanceof Packed ? x.bytes.length : Array.isArray(x) ? len * x.length : len);

// HMAC-SHA256 of each item, truncated to `outLength` (1..32) bytes.
export function hmacSha256Batch(keys: BatchInput, messages: BatchInput, outLength = 32): Uint8Array {
  const { n, lengths } = shape({ keys, messages });
  checkInteger('outLength', outLength, 1, 32);
  const [kl, ml] = lengths as [number, number];
  const sizes = [sizeOf(keys, kl), sizeOf(messages, ml), n * outLength];
  checkSize(sizes.reduce((a, b) => a + b, 0));
  io.open(io.frameSize(...sizes));
  try {
    const [k, ks] = put(keys, kl);
    const [m, ms] = put(messages, ml);
    const out = io.alloc(n * outLength);
    wasm().hmac_sha256_batch(out, outLength, n, k, kl, ks, m, ml, ms);
    return io.read(out, n * outLength);
  } finally {
    io.close();
  }
}

// For each item, whether its HMAC-SHA256 truncated to the length of tag i (1..32 bytes, one
// length for all) equals tag i, compared in constant time. The MACs never leave the core.
export function hmacSha256BatchVerify(keys: BatchInput, messages: BatchInput, tags: readonly Uint8Array[] | Packed): boolean[] {
  if (!Array.isArray(tags) && !(tags instanceof Packed)) throw new InvalidArgumentError('tags', 'expected an array of tags or Packed tags');
  const { n, lengths } = shape({ keys, messages, tags });
  const [kl, ml, tl] = lengths as [number, number, number];
  if (n > 0) checkInteger('tags[0].length', tl, 1, 32);
  const sizes = [sizeOf(keys, kl), sizeOf(messages, ml), n * tl, n];
  checkSize(sizes.reduce((a, b) => a + b, 0));
  io.open(io.frameSize(...sizes));
  try {
    const [k, ks] = put(keys, kl);
    const [m, ms] = put(messages, ml);
    const [t] = put(tags, tl);
    const ok = io.alloc(n);
    if (n > 0) wasm().hmac_sha256_batch_verify(ok, n, k, kl, ks, m, ml, ms, t, tl);
    const flags = io.heap().subarray(ok, ok + n);
    return Array.from(flags, (f) => f === 1);
  } finally {
    io.close();
  }
}

// HKDF-SHA256 (extract, then expand to `length` bytes) of each item.
export function hkdfSha256Batch(ikms: BatchInput, salts: BatchInput, infos: BatchInput, length: number): Uint8Array {
  const { n, lengths } = shape({ ikms, salts, infos });
  checkInteger('length', length, 0, HKDF_SHA256_MAX_LENGTH);
  const [il, sl, nl] = lengths as [number, number, number];
  const sizes = [sizeOf(ikms, il), sizeOf(salts, sl), sizeOf(infos, nl), n * length];
  checkSize(sizes.reduce((a, b) => a + b, 0));
  io.open(io.frameSize(...sizes));
  try {
    const [i, is] = put(ikms, il);
    const [s, ss] = put(salts, sl);
    const [f, fs] = put(infos, nl);
    const out = io.alloc(n * length);
    wasm().hkdf_sha256_batch(out, length, n, s, sl, ss, i, il, is, f, nl, fs);
    return io.read(out, n * length);
  } finally {
    io.close();
  }
}

// HKDF-SHA256-Expand of each item's PRK and info to `length` bytes.
export function hkdfSha256ExpandBatch(prks: BatchInput, infos: BatchInput, length: number): Uint8Array {
  const { n, lengths } = shape({ prks, infos });
  checkInteger('length', length, 0, HKDF_SHA256_MAX_LENGTH);
  const [pl, nl] = lengths as [number, number];
  const sizes = [sizeOf(prks, pl), sizeOf(infos, nl), n * length];
  checkSize(sizes.reduce((a, b) => a + b, 0));
  io.open(io.frameSize(...sizes));
  try {
    const [p, ps] = put(prks, pl);
    const [f, fs] = put(infos, nl);
    const out = io.alloc(n * length);
    wasm().hkdf_sha256_expand_batch(out, length, n, p, pl, ps, f, nl, fs);
    return io.read(out, n * length);
  } finally {
    io.close();
  }
}
