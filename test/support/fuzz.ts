// Shared by the decoder fuzz tests: valid inputs with a few random edits, and the check that a
// decoder fails only with typed errors.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SmmpError } from '../../ts/errors.js';

// One of `base`, with one to four edits: a byte set, a truncation, an extension or an insertion.
export const mutated = (base: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> =>
  fc.tuple(fc.integer({ min: 0, max: base.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 }), fc.nat(255)), { minLength: 1, maxLength: 4 })).map(([i, edits]) => {
    let b = base[i]!.slice();
    for (const [pos, op, val] of edits) {
      const at = b.length === 0 ? 0 : pos % b.length;
      if (op === 0 && b.length > 0) b[at] = val;
      else if (op === 1) b = b.slice(0, at);
      else if (op === 2) b = Uint8Array.from([...b, ...new Uint8Array(val % 40).fill(val)]);
      else b = Uint8Array.from([...b.slice(0, at), val, ...b.slice(at)]);
    }
    return b;
  });

export function typedOnly(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof SmmpError, `untyped error: ${String(e)}`);
  }
}
