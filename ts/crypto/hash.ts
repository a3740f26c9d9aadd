// SHA-256, SHA-512, HMAC and HKDF over the core. Long inputs are streamed through the I/O area
// in chunks, so any Uint8Array can be hashed without growing wasm memory to its size.

import { checkBytes, checkInteger } from '../bytes.js';
import { InvalidArgumentError } from '../errors.js';
import { wasm } from './core.js';
import * as io from './io.js';

// Inputs up to this size go in one call; longer ones are streamed in chunks of this size.
const CHUNK = 64 * 1024;

type Ptr = number;

// A hash or MAC as the core exposes it: one-shot, and init/update/final for streaming. Plain
// hashes ignore the key arguments, so one routine drives all four functions.
interface Digest {
  outLen: number;
  ctxSize: number;
  oneShot(out: Ptr, key: Ptr, keyLen: number, data: Ptr, len: number): void;
  init(ctx: Ptr, key: Ptr, keyLen: number): void;
  update(ctx: Ptr, data: Ptr, len: number): void;
  final(ctx: Ptr, out: Ptr): void;
}

function run(d: Digest, key: Uint8Array | undefined, msg: Uint8Array): Uint8Array {
  const keyLen = key?.length ?? 0;
  if (msg.length <= CHUNK) {
    io.open(io.frameSize(keyLen, msg.length, d.outLen));
    try {
      const k = key === undefined ? 0 : io.put(key);
      const m = io.put(msg);
      const out = io.alloc(d.outLen);
      d.oneShot(out, k, keyLen, m, msg.length);
      return io.read(out, d.outLen);
    } finally {
      io.close();
    }
  }
  io.open(io.frameSize(keyLen, d.ctxSize, CHUNK, d.outLen));
  try {
    const k = key === undefined ? 0 : io.put(key);
    const ctx = io.alloc(d.ctxSize);
    const buf = io.alloc(CHUNK);
    const out = io.alloc(d.outLen);
    d.init(ctx, k, keyLen);
    for (let off = 0; off < msg.length; off += CHUNK) {
      const part = msg.subarray(off, Math.min(msg.length, off + CHUNK));
      io.write(buf, part);
      d.update(ctx, buf, part.length);
    }
    d.final(ctx, out);
    return io.read(out, d.outLen);
  } finally {
    io.close();
  }
}

// Built on first use, after init: the core's functions are bound once, not per call.
let digests: { sha256: Digest; sha512: Digest; hmacSha256: Digest; hmacSha512: Digest } | undefined;

function table(): NonNullable<typeof digests> {
  if (digests !== undefined) return digests;
  const x = wasm();
  return (digests = {
    sha256: {
      outLen: 32,
      ctxSize: x.sha256_ctx_size(),
      oneShot: (out, _k, _kl, data, len) => x.sha256(out, data, len),
      init: (ctx) => x.sha256_init(ctx),
      update: x.sha256_update,
      final: x.sha256_final,
    },
    sha512: {
      outLen: 64,
      ctxSize: x.sha512_ctx_size(),
      oneShot: (out, _k, _kl, data, len) => x.sha512(out, data, len),
      init: (ctx) => x.sha512_init(ctx),
      update: x.sha512_update,
      final: x.sha512_final,
    },
    hmacSha256: {
      outLen: 32,
      ctxSize: x.hmac_sha256_ctx_size(),
      oneShot: x.hmac_sha256,
      init: x.hmac_sha256_init,
      update: x.hmac_sha256_update,
      final: x.hmac_sha256_final,
    },
    hmacSha512: {
      outLen: 64,
      ctxSize: x.hmac_sha512_ctx_size(),
      oneShot: x.hmac_sha512,
      init: x.hmac_sha512_init,
      update: x.hmac_sha512_update,
      final: x.hmac_sha512_final,
    },
  });
}

export function sha256(message: Uint8Array): Uint8Array {
  return run(table().sha256, undefined, checkBytes('message', message));
}

export function sha512(message: Uint8Array): Uint8Array {
  return run(table().sha512, undefined, checkBytes('message', message));
}

export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  return run(table().hmacSha256, checkBytes('key', key), checkBytes('message', message));
}

export function hmacSha512(key: Uint8Array, message: Uint8Array): Uint8Array {
  return run(table().hmacSha512, checkBytes('key', key), checkBytes('message', message));
}

// RFC 5869 bounds the output to 255 hash lengths.
export const HKDF_SHA256_MAX_LENGTH = 255 * 32;

export function hkdfSha256Extract(ikm: Uint8Array, salt: Uint8Array): Uint8Array {
  checkBytes('ikm', ikm);
  checkBytes('salt', salt);
  io.open(io.frameSize(ikm.length, salt.length, 32));
  try {
    const i = io.put(ikm);
    const s = io.put(salt);
    const out = io.alloc(32);
    wasm().hkdf_sha256_extract(out, s, salt.length, i, ikm.length);
    return io.read(out, 32);
  } finally {
    io.close();
  }
}

export function hkdfSha256Expand(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  checkBytes('prk', prk);
  checkBytes('info', info);
  checkInteger('length', length, 0, HKDF_SHA256_MAX_LENGTH);
  io.open(io.frameSize(prk.length, info.length, length));
  try {
    const p = io.put(prk);
    const i = io.put(info);
    const out = io.alloc(length);
    if (wasm().hkdf_sha256_expand(out, length, p, prk.length, i, info.length) !== 0) {
      throw new InvalidArgumentError('length', `at most ${HKDF_SHA256_MAX_LENGTH} bytes`);
    }
    return io.read(out, length);
  } finally {
    io.close();
  }
}

// Extract then expand in one call.
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  checkBytes('ikm', ikm);
  checkBytes('salt', salt);
  checkBytes('info', info);
  checkInteger('length', length, 0, HKDF_SHA256_MAX_LENGTH);
  io.open(io.frameSize(ikm.length, salt.length, info.length, length));
  try {
    const i = io.put(ikm);
    const s = io.put(salt);
    const n = io.put(info);
    const out = io.alloc(length);
    if (wasm().hkdf_sha256(out, length, s, salt.length, i, ikm.length, n, info.length) !== 0) {
      throw new InvalidArgumentError('length', `at most ${HKDF_SHA256_MAX_LENGTH} bytes`);
    }
    return io.read(out, length);
  } finally {
    io.close();
  }
}

// Constant-time comparison of two byte strings. The lengths are public: strings of different
// lengths are unequal without looking at their contents.
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  checkBytes('a', a);
  checkBytes('b', b);
  if (a.length !== b.length) return false;
  io.open(io.frameSize(a.length, b.length));
  try {
    const pa = io.put(a);
    const pb = io.put(b);
    return wasm().ct_equal(pa, pb, a.length) === 1;
  } finally {
    io.close();
  }
}
