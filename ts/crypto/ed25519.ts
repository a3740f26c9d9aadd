// Ed25519 (RFC 8032, pure). Verification is strict; the exact rules are documented in
// core-wasm/ed25519.ts. A signature that fails any rule is simply invalid: verify returns false
// rather than throwing, so callers have one outcome to handle for untrusted input.

import { checkBytes } from '../bytes.js';
import { InvalidArgumentError } from '../errors.js';
import { wasm } from './core.js';
import * as io from './io.js';

// Signing hashes the message twice, so it must sit whole in wasm memory; this bounds how far
// memory grows. Protocol messages are far smaller.
export const ED25519_MAX_MESSAGE = 64 * 1024 * 1024;

export interface Ed25519KeyPair {
  publicKey: Uint8Array; // 32 bytes
  secretKey: Uint8Array; // 64 bytes: seed || publicKey
}

function checkMessage(message: Uint8Array): void {
  checkBytes('message', message);
  if (message.length > ED25519_MAX_MESSAGE) throw new InvalidArgumentError('message', `at most ${ED25519_MAX_MESSAGE} bytes`);
}

export function ed25519KeyPair(seed: Uint8Array): Ed25519KeyPair {
  checkBytes('seed', seed, 32);
  io.open(io.frameSize(32, 32, 64));
  try {
    const s = io.put(seed);
    const pk = io.alloc(32);
    const sk = io.alloc(64);
    wasm().ed25519_keypair(pk, sk, s);
    return { publicKey: io.read(pk, 32), secretKey: io.read(sk, 64) };
  } finally {
    io.close();
  }
}

// `secretKey` must be one that ed25519KeyPair returned: its second half is trusted to be the
// public key of its first half (signing with a mismatched half would leak the key).
export function ed25519Sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  checkBytes('secretKey', secretKey, 64);
  checkMessage(message);
  io.open(io.frameSize(64, message.length, 64));
  try {
    const sk = io.put(secretKey);
    const m = io.put(message);
    const sig = io.alloc(64);
    wasm().ed25519_sign(sig, sk, m, message.length);
    return io.read(sig, 64);
  } finally {
    io.close();
  }
}

export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  checkBytes('publicKey', publicKey, 32);
  checkMessage(message);
  checkBytes('signature', signature, 64);
  io.open(io.frameSize(32, message.length, 64));
  try {
    const pk = io.put(publicKey);
    const m = io.put(message);
    const sig = io.put(signature);
    return wasm().ed25519_verify(sig, pk, m, message.length) === 1;
  } finally {
    io.close();
  }
}

// Whether `publicKey` is one ed25519Verify can accept: a canonical encoding of a curve point not
// of small order. Lets a protocol refuse a bad key when it arrives, not at the first signature.
export function ed25519IsValidPublicKey(publicKey: Uint8Array): boolean {
  checkBytes('publicKey', publicKey, 32);
  io.open(io.frameSize(32));
  try {
    return wasm().ed25519_check_public_key(io.put(publicKey)) === 1;
  } finally {
    io.close();
  }
}
