// ristretto255 (RFC 9496): a prime-order group over Curve25519 with canonical 32-byte encodings.
// Every input point is decoded strictly (non-canonical encodings are errors); every operation
// returns an encoding. The identity is a valid element here; the protocol decides where it is
// not acceptable (as an H value or as the key K).

import { checkBytes } from '../bytes.js';
import { InvalidEncodingError } from '../errors.js';
import { wasm } from './core.js';
import * as io from './io.js';
import { putScalar } from './scalar.js';

const invalid = (name: string): InvalidEncodingError => new InvalidEncodingError(name, 'not a canonical ristretto255 encoding');

function putPoint(name: string, p: Uint8Array): number {
  checkBytes(name, p, 32);
  return io.put(p);
}

function binary(op: 'ristretto255_add' | 'ristretto255_sub', a: Uint8Array, b: Uint8Array): Uint8Array {
  io.open(io.frameSize(32, 32, 32));
  try {
    const pa = putPoint('a', a);
    const pb = putPoint('b', b);
    const out = io.alloc(32);
    const x = wasm();
    if (x[op](out, pa, pb) !== 0) throw invalid(x.ristretto255_is_valid(pa) === 1 ? 'b' : 'a');
    return io.read(out, 32);
  } finally {
    io.close();
  }
}

export const ristretto255 = {
  // The encoding of the identity element.
  identity(): Uint8Array {
    return new Uint8Array(32);
  },

  isValid(p: Uint8Array): boolean {
    checkBytes('p', p, 32);
    io.open(io.frameSize(32));
    try {
      return wasm().ristretto255_is_valid(io.put(p)) === 1;
    } finally {
      io.close();
    }
  },

  add: (a: Uint8Array, b: Uint8Array): Uint8Array => binary('ristretto255_add', a, b),
  sub: (a: Uint8Array, b: Uint8Array): Uint8Array => binary('ristretto255_sub', a, b),

  neg(a: Uint8Array): Uint8Array {
    io.open(io.frameSize(32, 32));
    try {
      const pa = putPoint('a', a);
      const out = io.alloc(32);
      if (wasm().ristretto255_neg(out, pa) !== 0) throw invalid('a');
      return io.read(out, 32);
    } finally {
      io.close();
    }
  },

  // Group equality (RFC 9496 4.3.3). Both inputs must be valid encodings.
  equals(a: Uint8Array, b: Uint8Array): boolean {
    io.open(io.frameSize(32, 32));
    try {
      const pa = putPoint('a', a);
      const pb = putPoint('b', b);
      const r = wasm().ristretto255_equals(pa, pb);
      if (r < 0) throw invalid(wasm().ristretto255_is_valid(pa) === 1 ? 'b' : 'a');
      return r === 1;
    } finally {
      io.close();
    }
  },

  // scalar * point, constant time in the scalar; the scalar must be canonical (< l).
  scalarMult(scalar: Uint8Array, point: Uint8Array): Uint8Array {
    io.open(io.frameSize(32, 32, 32));
    try {
      const s = putScalar('scalar', scalar);
      const p = putPoint('point', point);
      const out = io.alloc(32);
      if (wasm().ristretto255_scalarmult(out, s, p) !== 0) throw invalid('point');
      return io.read(out, 32);
    } finally {
      io.close();
    }
  },

  // scalar * G with the precomputed table; constant time.
  scalarMultBase(scalar: Uint8Array): Uint8Array {
    io.open(io.frameSize(32, 32));
    try {
      const s = putScalar('scalar', scalar);
      const out = io.alloc(32);
      wasm().ristretto255_scalarmult_base(out, s);
      return io.read(out, 32);
    } finally {
      io.close();
    }
  },

  // The one-way map from 64 uniform bytes (RFC 9496 4.3.4).
  fromUniform(bytes: Uint8Array): Uint8Array {
    checkBytes('bytes', bytes, 64);
    io.open(io.frameSize(64, 32));
    try {
      const b = io.put(bytes);
      const out = io.alloc(32);
      wasm().ristretto255_from_uniform(out, b);
      return io.read(out, 32);
    } finally {
      io.close();
    }
  },
};
