// HMAC-SHA-256 and HMAC-SHA-512 (RFC 2104, FIPS 198-1), streaming and one-shot, plus a
// constant-time byte comparison for verifying tags.
//
// An HMAC context is two hash contexts back to back: the inner hash, already fed the block
// (K ^ ipad), then the outer hash, already fed (K ^ opad). final() finishes the inner hash,
// feeds its digest to the outer one and finishes that; both halves end up zeroed.

import { SHA256_CTX_SIZE, sha256_init, sha256_update, sha256_final } from "./sha256";
import { SHA512_CTX_SIZE, sha512_init, sha512_update, sha512_final } from "./sha512";

export const HMAC_SHA256_CTX_SIZE: u32 = 2 * SHA256_CTX_SIZE;
export const HMAC_SHA512_CTX_SIZE: u32 = 2 * SHA512_CTX_SIZE;

const IPAD: u64 = 0x3636363636363636;
const OPAD_X_IPAD: u64 = 0x6a6a6a6a6a6a6a6a; // 0x5c ^ 0x36 in every byte

// Secret scratch, zeroed before every exported function returns.
const KEYBLOCK: usize = memory.data(128, 16); // key padded (or hashed) to one block, then XORed with the pads
const KEYHASH: usize = memory.data(208, 16); // hash context for keys longer than a block
const INNER: usize = memory.data(64, 16); // inner digest
// Contexts of the one-shot functions; zeroed by the *_final they end with.
const ONE256: usize = memory.data(224, 16);
const ONE512: usize = memory.data(416, 16);

// XORs the 64-bit pattern `pad` into `words` words at `p`.
// @ts-ignore: decorator
@inline function xorPad(p: usize, words: usize, pad: u64): void {
  for (let i: usize = 0; i < words; i++) {
    store<u64>(p + (i << 3), load<u64>(p + (i << 3)) ^ pad);
  }
}

// ---- Both -----------------------------------------------------------------------------------
// B = the hash's block size (64: SHA-256, 128: SHA-512), a literal at every call, so after
// inlining these compile as if written per hash.

// @ts-ignore: decorator
@inline
function hash_init(B: u32, ctx: usize): void {
  if (B == 64) sha256_init(ctx);
  else sha512_init(ctx);
}

// @ts-ignore: decorator
@inline
function hash_update(B: u32, ctx: usize, data: usize, len: u32): void {
  if (B == 64) sha256_update(ctx, data, len);
  else sha512_update(ctx, data, len);
}

// @ts-ignore: decorator
@inline
function hash_final(B: u32, ctx: usize, out: usize): void {
  if (B == 64) sha256_final(ctx, out);
  else sha512_final(ctx, out);
}

// @ts-ignore: decorator
@inline
function hmac_init(ctx: usize, key: usize, keyLen: u32, B: u32): void {
  const outer = ctx + (B == 64 ? SHA256_CTX_SIZE : SHA512_CTX_SIZE);
  memory.fill(KEYBLOCK, 0, B);
  if (keyLen > B) {
    hash_init(B, KEYHASH);
    hash_update(B, KEYHASH, key, keyLen);
    hash_final(B, KEYHASH, KEYBLOCK); // zeroes KEYHASH
  } else {
    memory.copy(KEYBLOCK, key, keyLen);
  }
  xorPad(KEYBLOCK, B >> 3, IPAD);
  hash_init(B, ctx);
  hash_update(B, ctx, KEYBLOCK, B);
  xorPad(KEYBLOCK, B >> 3, OPAD_X_IPAD);
  hash_init(B, outer);
  hash_update(B, outer, KEYBLOCK, B);
  memory.fill(KEYBLOCK, 0, B);
}

// @ts-ignore: decorator
@inline
function hmac_final(ctx: usize, out: usize, B: u32): void {
  const outer = ctx + (B == 64 ? SHA256_CTX_SIZE : SHA512_CTX_SIZE);
  const D = B >> 1;                     // digest size
  hash_final(B, ctx, INNER);
  hash_update(B, outer, INNER, D);
  memory.fill(INNER, 0, D);
  hash_final(B, outer, out);
}

// ---- HMAC-SHA-256 -------------------------------------------------------------------------

export function hmac_sha256_init(ctx: usize, key: usize, keyLen: u32): void {
  hmac_init(ctx, key, keyLen, 64);
}

export function hmac_sha256_update(ctx: usize, data: usize, len: u32): void {
  sha256_update(ctx, data, len);
}

// Writes the 32-byte tag to `out` and zeroes the context.
export function hmac_sha256_final(ctx: usize, out: usize): void {
  hmac_final(ctx, out, 64);
}

// One-shot HMAC-SHA-256; `out` (32 bytes) may alias the key or the message.
export function hmac_sha256(out: usize, key: usize, keyLen: u32, msg: usize, msgLen: u32): void {
  hmac_sha256_init(ONE256, key, keyLen);
  sha256_update(ONE256, msg, msgLen);
  hmac_sha256_final(ONE256, out);
}

// ---- HMAC-SHA-512 -------------------------------------------------------------------------

export function hmac_sha512_init(ctx: usize, key: usize, keyLen: u32): void {
  hmac_init(ctx, key, keyLen, 128);
}

export function hmac_sha512_update(ctx: usize, data: usize, len: u32): void {
  sha512_update(ctx, data, len);
}

// Writes the 64-byte tag to `out` and zeroes the context.
export function hmac_sha512_final(ctx: usize, out: usize): void {
  hmac_final(ctx, out, 128);
}

// One-shot HMAC-SHA-512; `out` (64 bytes) may alias the key or the message.
export function hmac_sha512(out: usize, key: usize, keyLen: u32, msg: usize, msgLen: u32): void {
  hmac_sha512_init(ONE512, key, keyLen);
  sha512_update(ONE512, msg, msgLen);
  hmac_sha512_final(ONE512, out);
}

// ---- Tag comparison -----------------------------------------------------------------------

// 1 if the `len` bytes at `a` and `b` are equal, else 0. The running time depends on `len`
// only, never on the contents.
export function ct_equal(a: usize, b: usize, len: u32): u32 {
  const n = <usize>len;
  let acc: u64 = 0;
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) acc |= load<u64>(a + i) ^ load<u64>(b + i);
  for (; i < n; i++) acc |= <u64>(load<u8>(a + i) ^ load<u8>(b + i));
  // acc | -acc has its top bit set exactly when acc != 0.
  return <u32>(((acc | (0 - acc)) >> 63) ^ 1);
}
