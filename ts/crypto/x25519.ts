// X25519 (RFC 7748). Stricter than the RFC on input, as the protocol needs: a public key must
// be a canonical encoding (top bit clear, u < p), and a shared secret of all zeros (a small-order
// peer key) is an error, never a key.

import { checkBytes } from '../bytes.js';
import { InvalidArgumentError, InvalidEncodingError, WeakKeyError } from '../errors.js';
import { wasm } from './core.js';
import * as io from './io.js';

// Public keys are public, so checking them in JS with early exits leaks nothing.
export function isCanonicalX25519PublicKey(u: Uint8Array): boolean {
  if (u.length !== 32 || (u[31]! & 0x80) !== 0) return false;
  // u >= p = 2^255 - 19 only for 0x7fff...ffed .. 0x7fff...ffff.
  if (u[31] !== 0x7f) return true;
  for (let i = 30; i >= 1; i--) if (u[i] !== 0xff) return true;
  return u[0]! < 0xed;
}

function checkPublic(name: string, u: Uint8Array): void {
  checkBytes(name, u, 32);
  if (!isCanonicalX25519PublicKey(u)) throw new InvalidEncodingError(name, 'not a canonical X25519 public key (top bit set or u >= 2^255-19)');
}

export function x25519(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  checkBytes('secretKey', secretKey, 32);
  checkPublic('publicKey', publicKey);
  io.open(io.frameSize(32, 32, 32));
  try {
    const s = io.put(secretKey);
    const p = io.put(publicKey);
    const out = io.alloc(32);
    if (wasm().x25519(out, s, p) !== 0) throw new WeakKeyError('publicKey', 'X25519 gave the all-zero shared secret (small-order public key)');
    return io.read(out, 32);
  } finally {
    io.close();
  }
}

export function x25519Base(secretKey: Uint8Array): Uint8Array {
  checkBytes('secretKey', secretKey, 32);
  io.open(io.frameSize(32, 32));
  try {
    const s = io.put(secretKey);
    const out = io.alloc(32);
    wasm().x25519_base(out, s);
    return io.read(out, 32);
  } finally {
    io.close();
  }
}

// One private key against many public keys in one call into the core (the triple-DH of a key
// agreement does N-1 of these at once).
export function x25519Batch(secretKey: Uint8Array, publicKeys: readonly Uint8Array[]): Uint8Array[] {
  const all = x25519Many(secretKey, publicKeys);
  const result: Uint8Array[] = [];
  for (let i = 0; i < publicKeys.length; i++) result.push(all.slice(32 * i, 32 * i + 32));
  all.fill(0);
  return result;
}

// x25519Batch with the results concatenated (result i at 32 i): one output array.
export function x25519Many(secretKey: Uint8Array, publicKeys: readonly Uint8Array[]): Uint8Array {
  checkBytes('secretKey', secretKey, 32);
  if (!Array.isArray(publicKeys)) throw new InvalidArgumentError('publicKeys', 'expected an array of 32-byte public keys');
  const n = publicKeys.length;
  for (let i = 0; i < n; i++) {
    const pk = publicKeys[i];
    // the argument's name is built only for a key that fails (N-1 keys per call in a run)
    if (!(pk instanceof Uint8Array && pk.length === 32 && isCanonicalX25519PublicKey(pk))) checkPublic(`publicKeys[${i}]`, pk);
  }
  io.open(io.frameSize(32, 32 * n, 32 * n));
  try {
    const s = io.put(secretKey);
    const pts = io.alloc(32 * n);
    publicKeys.forEach((pk, i) => io.write(pts + 32 * i, pk));
    const out = io.alloc(32 * n);
    const zeros = wasm().x25519_batch(out, s, pts, n);
    const all = io.read(out, 32 * n);
    if (zeros !== 0) {
      for (let i = 0; i < n; i++) {
        if (all.subarray(32 * i, 32 * i + 32).every((b) => b === 0)) {
          all.fill(0);
          throw new WeakKeyError(`publicKeys[${i}]`, 'X25519 gave the all-zero shared secret (small-order public key)');
        }
      }
    }
    return all;
  } finally {
    io.close();
  }
}
