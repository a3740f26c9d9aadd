// SHA-256 (FIPS 180-4 §6.2), streaming and one-shot, on raw pointers.
//
// Context layout (SHA256_CTX_SIZE bytes, any alignment; md.ts buffers and pads):
//   [0, 32)    chaining state H0..H7, u32 in native (little-endian) order
//   [32, 40)   total bytes absorbed, u64 (the bit length is this << 3, mod 2^64)
//   [40, 44)   bytes waiting in the block buffer, u32 (0..63)
//   [48, 112)  block buffer
// The message schedule and working variables live in locals only, so nothing derived from the
// message is left in linear memory except the context itself, which final() zeroes.

import { md_update, md_pad } from "./md";

export const SHA256_CTX_SIZE: u32 = 112;

const ST: usize = 0;
const LEN: usize = 32;
const FILL: usize = 40;

// Round constants K (FIPS 180-4 §4.2.2): the first 32 bits of the fractional parts
// of the cube roots of the first 64 primes.
const K: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
export const SHA256_K: usize = K; // shared with the four-lane compression of sha256x4.ts

// Ch, Σ0, Σ1, σ0, σ1 of FIPS 180-4 §4.1.2.
// @ts-ignore: decorator
@inline function Ch(x: u32, y: u32, z: u32): u32 { return z ^ (x & (y ^ z)); }
// @ts-ignore: decorator
@inline function Sigma0(x: u32): u32 { return rotr<u32>(x, 2) ^ rotr<u32>(x, 13) ^ rotr<u32>(x, 22); }
// @ts-ignore: decorator
@inline function Sigma1(x: u32): u32 { return rotr<u32>(x, 6) ^ rotr<u32>(x, 11) ^ rotr<u32>(x, 25); }
// @ts-ignore: decorator
@inline function sigma0(x: u32): u32 { return rotr<u32>(x, 7) ^ rotr<u32>(x, 18) ^ (x >> 3); }
// @ts-ignore: decorator
@inline function sigma1(x: u32): u32 { return rotr<u32>(x, 17) ^ rotr<u32>(x, 19) ^ (x >> 10); }

// Context of the one-shot sha256(); zeroed by sha256_final before it returns.
const ONE: usize = memory.data(112, 16);

// Compresses `n` >= 1 consecutive 64-byte blocks at `p` into the state at `st`.
export function sha256_blocks(st: usize, p: usize, n: usize): void {
  let t: u32;
  do {
    let a = load<u32>(st, 0);
    let b = load<u32>(st, 4);
    let c = load<u32>(st, 8);
    let d = load<u32>(st, 12);
    let e = load<u32>(st, 16);
    let f = load<u32>(st, 20);
    let g = load<u32>(st, 24);
    let h = load<u32>(st, 28);
    let w0 = bswap<u32>(load<u32>(p, 0));
    let w1 = bswap<u32>(load<u32>(p, 4));
    let w2 = bswap<u32>(load<u32>(p, 8));
    let w3 = bswap<u32>(load<u32>(p, 12));
    let w4 = bswap<u32>(load<u32>(p, 16));
    let w5 = bswap<u32>(load<u32>(p, 20));
    let w6 = bswap<u32>(load<u32>(p, 24));
    let w7 = bswap<u32>(load<u32>(p, 28));
    let w8 = bswap<u32>(load<u32>(p, 32));
    let w9 = bswap<u32>(load<u32>(p, 36));
    let w10 = bswap<u32>(load<u32>(p, 40));
    let w11 = bswap<u32>(load<u32>(p, 44));
    let w12 = bswap<u32>(load<u32>(p, 48));
    let w13 = bswap<u32>(load<u32>(p, 52));
    let w14 = bswap<u32>(load<u32>(p, 56));
    let w15 = bswap<u32>(load<u32>(p, 60));
    // 4 passes of 16 rounds with the schedule W[t..t+15] in w0..w15; between passes the
    // schedule advances by 16 words in place (W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16]).
    // Maj(a, b, c) is computed as b ^ ((a ^ b) & (b ^ c)): this round's a ^ b is the next
    // round's b ^ c, so x0 and x1 alternately hold the two.
    let kp = K;
    let x0: u32 = 0;
    let x1 = b ^ c;
    for (let pass = 0; ; pass++) {
      t = h + Sigma1(e) + Ch(e, f, g) + load<u32>(kp, 0) + w0; d += t; x0 = a ^ b; h = t + Sigma0(a) + (b ^ (x0 & x1));
      t = g + Sigma1(d) + Ch(d, e, f) + load<u32>(kp, 4) + w1; c += t; x1 = h ^ a; g = t + Sigma0(h) + (a ^ (x1 & x0));
      t = f + Sigma1(c) + Ch(c, d, e) + load<u32>(kp, 8) + w2; b += t; x0 = g ^ h; f = t + Sigma0(g) + (h ^ (x0 & x1));
      t = e + Sigma1(b) + Ch(b, c, d) + load<u32>(kp, 12) + w3; a += t; x1 = f ^ g; e = t + Sigma0(f) + (g ^ (x1 & x0));
      t = d + Sigma1(a) + Ch(a, b, c) + load<u32>(kp, 16) + w4; h += t; x0 = e ^ f; d = t + Sigma0(e) + (f ^ (x0 & x1));
      t = c + Sigma1(h) + Ch(h, a, b) + load<u32>(kp, 20) + w5; g += t; x1 = d ^ e; c = t + Sigma0(d) + (e ^ (x1 & x0));
      t = b + Sigma1(g) + Ch(g, h, a) + load<u32>(kp, 24) + w6; f += t; x0 = c ^ d; b = t + Sigma0(c) + (d ^ (x0 & x1));
      t = a + Sigma1(f) + Ch(f, g, h) + load<u32>(kp, 28) + w7; e += t; x1 = b ^ c; a = t + Sigma0(b) + (c ^ (x1 & x0));
      t = h + Sigma1(e) + Ch(e, f, g) + load<u32>(kp, 32) + w8; d += t; x0 = a ^ b; h = t + Sigma0(a) + (b ^ (x0 & x1));
      t = g + Sigma1(d) + Ch(d, e, f) + load<u32>(kp, 36) + w9; c += t; x1 = h ^ a; g = t + Sigma0(h) + (a ^ (x1 & x0));
      t = f + Sigma1(c) + Ch(c, d, e) + load<u32>(kp, 40) + w10; b += t; x0 = g ^ h; f = t + Sigma0(g) + (h ^ (x0 & x1));
      t = e + Sigma1(b) + Ch(b, c, d) + load<u32>(kp, 44) + w11; a += t; x1 = f ^ g; e = t + Sigma0(f) + (g ^ (x1 & x0));
      t = d + Sigma1(a) + Ch(a, b, c) + load<u32>(kp, 48) + w12; h += t; x0 = e ^ f; d = t + Sigma0(e) + (f ^ (x0 & x1));
      t = c + Sigma1(h) + Ch(h, a, b) + load<u32>(kp, 52) + w13; g += t; x1 = d ^ e; c = t + Sigma0(d) + (e ^ (x1 & x0));
      t = b + Sigma1(g) + Ch(g, h, a) + load<u32>(kp, 56) + w14; f += t; x0 = c ^ d; b = t + Sigma0(c) + (d ^ (x0 & x1));
      t = a + Sigma1(f) + Ch(f, g, h) + load<u32>(kp, 60) + w15; e += t; x1 = b ^ c; a = t + Sigma0(b) + (c ^ (x1 & x0));
      if (pass == 3) break;
      kp += 64;
      w0 += sigma1(w14) + w9 + sigma0(w1);
      w1 += sigma1(w15) + w10 + sigma0(w2);
      w2 += sigma1(w0) + w11 + sigma0(w3);
      w3 += sigma1(w1) + w12 + sigma0(w4);
      w4 += sigma1(w2) + w13 + sigma0(w5);
      w5 += sigma1(w3) + w14 + sigma0(w6);
      w6 += sigma1(w4) + w15 + sigma0(w7);
      w7 += sigma1(w5) + w0 + sigma0(w8);
      w8 += sigma1(w6) + w1 + sigma0(w9);
      w9 += sigma1(w7) + w2 + sigma0(w10);
      w10 += sigma1(w8) + w3 + sigma0(w11);
      w11 += sigma1(w9) + w4 + sigma0(w12);
      w12 += sigma1(w10) + w5 + sigma0(w13);
      w13 += sigma1(w11) + w6 + sigma0(w14);
      w14 += sigma1(w12) + w7 + sigma0(w15);
      w15 += sigma1(w13) + w8 + sigma0(w0);
    }
    store<u32>(st, load<u32>(st, 0) + a, 0);
    store<u32>(st, load<u32>(st, 4) + b, 4);
    store<u32>(st, load<u32>(st, 8) + c, 8);
    store<u32>(st, load<u32>(st, 12) + d, 12);
    store<u32>(st, load<u32>(st, 16) + e, 16);
    store<u32>(st, load<u32>(st, 20) + f, 20);
    store<u32>(st, load<u32>(st, 24) + g, 24);
    store<u32>(st, load<u32>(st, 28) + h, 28);
    p += 64;
  } while (--n);
}

export function sha256_init(ctx: usize): void {
  store<u32>(ctx, 0x6a09e667, ST + 0);
  store<u32>(ctx, 0xbb67ae85, ST + 4);
  store<u32>(ctx, 0x3c6ef372, ST + 8);
  store<u32>(ctx, 0xa54ff53a, ST + 12);
  store<u32>(ctx, 0x510e527f, ST + 16);
  store<u32>(ctx, 0x9b05688c, ST + 20);
  store<u32>(ctx, 0x1f83d9ab, ST + 24);
  store<u32>(ctx, 0x5be0cd19, ST + 28);
  store<u64>(ctx, 0, LEN);
  store<u32>(ctx, 0, FILL);
}

export function sha256_update(ctx: usize, data: usize, len: u32): void {
  md_update(ctx, data, len, 32, 64);
}

export function sha256_final(ctx: usize, out: usize): void {
  md_pad(ctx, 32, 64);
  // Read the state out before wiping, so `out` may overlap the context.
  const h0 = load<u32>(ctx, ST + 0);
  const h1 = load<u32>(ctx, ST + 4);
  const h2 = load<u32>(ctx, ST + 8);
  const h3 = load<u32>(ctx, ST + 12);
  const h4 = load<u32>(ctx, ST + 16);
  const h5 = load<u32>(ctx, ST + 20);
  const h6 = load<u32>(ctx, ST + 24);
  const h7 = load<u32>(ctx, ST + 28);
  memory.fill(ctx, 0, SHA256_CTX_SIZE);
  store<u32>(out, bswap<u32>(h0), 0);
  store<u32>(out, bswap<u32>(h1), 4);
  store<u32>(out, bswap<u32>(h2), 8);
  store<u32>(out, bswap<u32>(h3), 12);
  store<u32>(out, bswap<u32>(h4), 16);
  store<u32>(out, bswap<u32>(h5), 20);
  store<u32>(out, bswap<u32>(h6), 24);
  store<u32>(out, bswap<u32>(h7), 28);
}

// One-shot SHA-256 of `len` bytes at `data` into 32 bytes at `out` (which may alias `data`).
export function sha256(out: usize, data: usize, len: u32): void {
  sha256_init(ONE);
  sha256_update(ONE, data, len);
  sha256_final(ONE, out);
}
