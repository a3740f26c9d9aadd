// The Burmester-Desmedt round computations of the group key agreement, each one call into the
// core so a round crosses the JS/wasm boundary once however large the group.

import { checkBytes, checkInteger } from '../bytes.js';
import { InvalidArgumentError, InvalidEncodingError, WeakKeyError } from '../errors.js';
import { wasm } from './core.js';
import * as io from './io.js';
import { putScalar } from './scalar.js';

// The largest group the key agreement accepts; it bounds every count read from the wire.
export const BD_MAX_MEMBERS = 1024;

function checkXs(xs: readonly Uint8Array[]): void {
  if (!Array.isArray(xs)) throw new InvalidArgumentError('xs', 'expected an array of 32-byte X values');
  checkInteger('xs.length', xs.length, 2, BD_MAX_MEMBERS);
  xs.forEach((x, i) => checkBytes(`xs[${i}]`, x, 32));
}

function putXs(xs: readonly Uint8Array[]): number {
  const p = io.alloc(32 * xs.length);
  xs.forEach((x, i) => io.write(p + 32 * i, x));
  return p;
}

function groupKey(h: Uint8Array, hPrev: Uint8Array, xs: readonly Uint8Array[], j: number, withSum: boolean): { key: Uint8Array; sumIsIdentity: boolean } {
  checkBytes('hPrev', hPrev, 32);
  checkXs(xs);
  checkInteger('j', j, 0, xs.length - 1);
  io.open(io.frameSize(32, 32, 32 * xs.length, 32));
  try {
    const ph = putScalar('h', h);
    const pp = io.put(hPrev);
    const px = putXs(xs);
    const out = io.alloc(32);
    const x = wasm();
    const r = withSum ? x.bd_key_sum(out, xs.length, ph, pp, px, j) : x.bd_key(out, xs.length, ph, pp, px, j);
    if (r === -2) throw new WeakKeyError('xs', 'the group key is the identity element');
    if (r !== 0 && r !== 1) throw new InvalidEncodingError('hPrev/xs', 'not a canonical ristretto255 encoding');
    return { key: io.read(out, 32), sumIsIdentity: r === 0 };
  } finally {
    io.close();
  }
}

export const bd = {
  // Round 2: X_j = h_j * (H_{j+1} - H_{j-1}).
  round2(h: Uint8Array, hNext: Uint8Array, hPrev: Uint8Array): Uint8Array {
    checkBytes('hNext', hNext, 32);
    checkBytes('hPrev', hPrev, 32);
    io.open(io.frameSize(32, 32, 32, 32));
    try {
      const ph = putScalar('h', h);
      const pn = io.put(hNext);
      const pp = io.put(hPrev);
      const out = io.alloc(32);
      if (wasm().bd_round2(out, ph, pn, pp) !== 0) throw new InvalidEncodingError('hNext/hPrev', 'not a canonical ristretto255 encoding');
      return io.read(out, 32);
    } finally {
      io.close();
    }
  },

  // The group key of member j: K = N*h_j*H_{j-1} + (N-1)*X_j + ... + 1*X_{j-2}.
  key(h: Uint8Array, hPrev: Uint8Array, xs: readonly Uint8Array[], j: number): Uint8Array {
    return groupKey(h, hPrev, xs, j, false).key;
  },

  // key() and sumIsIdentity() in one call that decodes each X once (the run needs both).
  keyAndSumCheck(h: Uint8Array, hPrev: Uint8Array, xs: readonly Uint8Array[], j: number): { key: Uint8Array; sumIsIdentity: boolean } {
    return groupKey(h, hPrev, xs, j, true);
  },

  // Whether the X values of a run sum to the identity, as honest values always do.
  sumIsIdentity(xs: readonly Uint8Array[]): boolean {
    checkXs(xs);
    io.open(io.frameSize(32 * xs.length));
    try {
      const r = wasm().bd_sum_is_identity(putXs(xs), xs.length);
      if (r < 0) throw new InvalidEncodingError('xs', 'not a canonical ristretto255 encoding');
      return r === 1;
    } finally {
      io.close();
    }
  },
};
