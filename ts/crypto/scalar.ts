// Scalars modulo the group order l of ristretto255 / Ed25519, as 32 little-endian bytes.
// Inputs must be canonical (< l): a non-canonical scalar is an encoding error, not silently
// reduced, so two encodings never stand for one value. `reduce` is the explicit way in.

import { checkBytes } from '../bytes.js';
import { InvalidArgumentError, InvalidEncodingError } from '../errors.js';
import { wasm } from './core.js';
import * as io from './io.js';
import { randomBytes } from './random.js';

// Puts a scalar in the current frame after checking, in constant time, that it is below l.
export function putScalar(name: string, s: Uint8Array): number {
  checkBytes(name, s, 32);
  const p = io.put(s);
  if (wasm().sc_is_canonical(p) !== 1) throw new InvalidEncodingError(name, 'scalar is not below the group order l');
  return p;
}

function binary(op: 'sc_add' | 'sc_sub' | 'sc_mul', a: Uint8Array, b: Uint8Array): Uint8Array {
  io.open(io.frameSize(32, 32, 32));
  try {
    const pa = putScalar('a', a);
    const pb = putScalar('b', b);
    const out = io.alloc(32);
    wasm()[op](out, pa, pb);
    return io.read(out, 32);
  } finally {
    io.close();
  }
}

export const scalar = {
  // A uniformly random scalar: 64 random bytes reduced mod l (bias below 2^-250).
  random(): Uint8Array {
    const wide = randomBytes(64);
    try {
      return scalar.reduce(wide);
    } finally {
      wide.fill(0);
    }
  },

  // Any 32 or 64 bytes (little-endian) reduced mod l.
  reduce(bytes: Uint8Array): Uint8Array {
    checkBytes('bytes', bytes);
    if (bytes.length !== 32 && bytes.length !== 64) throw new InvalidArgumentError('bytes', `expected 32 or 64 bytes, got ${bytes.length}`);
    io.open(io.frameSize(64, 32));
    try {
      const p = io.put(bytes);
      const out = io.alloc(32);
      if (bytes.length === 64) wasm().sc_reduce64(out, p);
      else wasm().sc_reduce32(out, p);
      return io.read(out, 32);
    } finally {
      io.close();
    }
  },

  isCanonical(s: Uint8Array): boolean {
    checkBytes('s', s, 32);
    io.open(io.frameSize(32));
    try {
      return wasm().sc_is_canonical(io.put(s)) === 1;
    } finally {
      io.close();
    }
  },

  add: (a: Uint8Array, b: Uint8Array): Uint8Array => binary('sc_add', a, b),
  sub: (a: Uint8Array, b: Uint8Array): Uint8Array => binary('sc_sub', a, b),
  mul: (a: Uint8Array, b: Uint8Array): Uint8Array => binary('sc_mul', a, b),

  neg(a: Uint8Array): Uint8Array {
    io.open(io.frameSize(32, 32));
    try {
      const pa = putScalar('a', a);
      const out = io.alloc(32);
      wasm().sc_neg(out, pa);
      return io.read(out, 32);
    } finally {
      io.close();
    }
  },

  // The inverse mod l; zero has none. (Only whether a is zero is revealed by the branch.)
  invert(a: Uint8Array): Uint8Array {
    io.open(io.frameSize(32, 32));
    try {
      const pa = putScalar('a', a);
      if (wasm().sc_iszero(pa) === 1) throw new InvalidArgumentError('a', 'zero has no inverse');
      const out = io.alloc(32);
      wasm().sc_invert(out, pa);
      return io.read(out, 32);
    } finally {
      io.close();
    }
  },
};
