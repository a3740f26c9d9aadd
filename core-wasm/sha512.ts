// SHA-512 (FIPS 180-4 §6.4), streaming and one-shot, on raw pointers.
//
// Context layout (SHA512_CTX_SIZE bytes, any alignment; md.ts buffers and pads):
//   [0, 64)    chaining state H0..H7, u64 in native (little-endian) order
//   [64, 72)   total bytes absorbed, u64 (the 128-bit bit length is this * 8)
//   [72, 76)   bytes waiting in the block buffer, u32 (0..127)
//   [80, 208)  block buffer
// The message schedule and working variables live in locals only, so nothing derived from the
// message is left in linear memory except the context itself, which final() zeroes.

import { md_update, md_pad } from "./md";

export const SHA512_CTX_SIZE: u32 = 208;

const ST: usize = 0;
const LEN: usize = 64;
const FILL: usize = 72;

// Round constants K (FIPS 180-4 §4.2.3): the first 64 bits of the fractional parts
// of the cube roots of the first 80 primes.
const K: usize = memory.data<u64>([
  0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
  0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
  0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
  0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
  0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
  0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
  0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
  0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
  0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
  0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
  0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
  0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
  0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
  0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
  0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
  0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
  0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
  0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
  0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
  0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
]);

// Ch, Σ0, Σ1, σ0, σ1 of FIPS 180-4 §4.1.3.
// @ts-ignore: decorator
@inline function Ch(x: u64, y: u64, z: u64): u64 { return z ^ (x & (y ^ z)); }
// @ts-ignore: decorator
@inline function Sigma0(x: u64): u64 { return rotr<u64>(x, 28) ^ rotr<u64>(x, 34) ^ rotr<u64>(x, 39); }
// @ts-ignore: decorator
@inline function Sigma1(x: u64): u64 { return rotr<u64>(x, 14) ^ rotr<u64>(x, 18) ^ rotr<u64>(x, 41); }
// @ts-ignore: decorator
@inline function sigma0(x: u64): u64 { return rotr<u64>(x, 1) ^ rotr<u64>(x, 8) ^ (x >> 7); }
// @ts-ignore: decorator
@inline function sigma1(x: u64): u64 { return rotr<u64>(x, 19) ^ rotr<u64>(x, 61) ^ (x >> 6); }

// Loads 16 bytes at `p + off` as two big-endian u64 lanes.
// @ts-ignore: decorator
@inline function loadBE64x2(p: usize, off: usize): v128 {
  const x = v128.load(p + off);
  return i8x16.shuffle(x, x, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
}

// Context of the one-shot sha512(); zeroed by sha512_final before it returns.
const ONE: usize = memory.data(208, 16);

// Compresses `n` >= 1 consecutive 128-byte blocks at `p` into the state at `st`.
export function sha512_blocks(st: usize, p: usize, n: usize): void {
  let t: u64;
  do {
    let a = load<u64>(st, 0);
    let b = load<u64>(st, 8);
    let c = load<u64>(st, 16);
    let d = load<u64>(st, 24);
    let e = load<u64>(st, 32);
    let f = load<u64>(st, 40);
    let g = load<u64>(st, 48);
    let h = load<u64>(st, 56);
    // Message words, big-endian: each 16-byte load is byte-swapped per 8-byte lane with one shuffle.
    let v = loadBE64x2(p, 0);
    let w0 = i64x2.extract_lane(v, 0);
    let w1 = i64x2.extract_lane(v, 1);
    v = loadBE64x2(p, 16);
    let w2 = i64x2.extract_lane(v, 0);
    let w3 = i64x2.extract_lane(v, 1);
    v = loadBE64x2(p, 32);
    let w4 = i64x2.extract_lane(v, 0);
    let w5 = i64x2.extract_lane(v, 1);
    v = loadBE64x2(p, 48);
    let w6 = i64x2.extract_lane(v, 0);
    let w7 = i64x2.extract_lane(v, 1);
    v = loadBE64x2(p, 64);
    let w8 = i64x2.extract_lane(v, 0);
    let w9 = i64x2.extract_lane(v, 1);
    v = loadBE64x2(p, 80);
    let w10 = i64x2.extract_lane(v, 0);
    let w11 = i64x2.extract_lane(v, 1);
    v = loadBE64x2(p, 96);
    let w12 = i64x2.extract_lane(v, 0);
    let w13 = i64x2.extract_lane(v, 1);
    v = loadBE64x2(p, 112);
    let w14 = i64x2.extract_lane(v, 0);
    let w15 = i64x2.extract_lane(v, 1);
    // 5 passes of 16 rounds with the schedule W[t..t+15] in w0..w15; between passes the
    // schedule advances by 16 words in place (W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16]).
    // Maj(a, b, c) is computed as b ^ ((a ^ b) & (b ^ c)): this round's a ^ b is the next
    // round's b ^ c, so x0 and x1 alternately hold the two.
    let kp = K;
    let x0: u64 = 0;
    let x1 = b ^ c;
    for (let pass = 0; ; pass++) {
      t = h + Sigma1(e) + Ch(e, f, g) + load<u64>(kp, 0) + w0; d += t; x0 = a ^ b; h = t + Sigma0(a) + (b ^ (x0 & x1));
      t = g + Sigma1(d) + Ch(d, e, f) + load<u64>(kp, 8) + w1; c += t; x1 = h ^ a; g = t + Sigma0(h) + (a ^ (x1 & x0));
      t = f + Sigma1(c) + Ch(c, d, e) + load<u64>(kp, 16) + w2; b += t; x0 = g ^ h; f = t + Sigma0(g) + (h ^ (x0 & x1));
      t = e + Sigma1(b) + Ch(b, c, d) + load<u64>(kp, 24) + w3; a += t; x1 = f ^ g; e = t + Sigma0(f) + (g ^ (x1 & x0));
      t = d + Sigma1(a) + Ch(a, b, c) + load<u64>(kp, 32) + w4; h += t; x0 = e ^ f; d = t + Sigma0(e) + (f ^ (x0 & x1));
      t = c + Sigma1(h) + Ch(h, a, b) + load<u64>(kp, 40) + w5; g += t; x1 = d ^ e; c = t + Sigma0(d) + (e ^ (x1 & x0));
      t = b + Sigma1(g) + Ch(g, h, a) + load<u64>(kp, 48) + w6; f += t; x0 = c ^ d; b = t + Sigma0(c) + (d ^ (x0 & x1));
      t = a + Sigma1(f) + Ch(f, g, h) + load<u64>(kp, 56) + w7; e += t; x1 = b ^ c; a = t + Sigma0(b) + (c ^ (x1 & x0));
      t = h + Sigma1(e) + Ch(e, f, g) + load<u64>(kp, 64) + w8; d += t; x0 = a ^ b; h = t + Sigma0(a) + (b ^ (x0 & x1));
      t = g + Sigma1(d) + Ch(d, e, f) + load<u64>(kp, 72) + w9; c += t; x1 = h ^ a; g = t + Sigma0(h) + (a ^ (x1 & x0));
      t = f + Sigma1(c) + Ch(c, d, e) + load<u64>(kp, 80) + w10; b += t; x0 = g ^ h; f = t + Sigma0(g) + (h ^ (x0 & x1));
      t = e + Sigma1(b) + Ch(b, c, d) + load<u64>(kp, 88) + w11; a += t; x1 = f ^ g; e = t + Sigma0(f) + (g ^ (x1 & x0));
      t = d + Sigma1(a) + Ch(a, b, c) + load<u64>(kp, 96) + w12; h += t; x0 = e ^ f; d = t + Sigma0(e) + (f ^ (x0 & x1));
      t = c + Sigma1(h) + Ch(h, a, b) + load<u64>(kp, 104) + w13; g += t; x1 = d ^ e; c = t + Sigma0(d) + (e ^ (x1 & x0));
      t = b + Sigma1(g) + Ch(g, h, a) + load<u64>(kp, 112) + w14; f += t; x0 = c ^ d; b = t + Sigma0(c) + (d ^ (x0 & x1));
      t = a + Sigma1(f) + Ch(f, g, h) + load<u64>(kp, 120) + w15; e += t; x1 = b ^ c; a = t + Sigma0(b) + (c ^ (x1 & x0));
      if (pass == 4) break;
      kp += 128;
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
    store<u64>(st, load<u64>(st, 0) + a, 0);
    store<u64>(st, load<u64>(st, 8) + b, 8);
    store<u64>(st, load<u64>(st, 16) + c, 16);
    store<u64>(st, load<u64>(st, 24) + d, 24);
    store<u64>(st, load<u64>(st, 32) + e, 32);
    store<u64>(st, load<u64>(st, 40) + f, 40);
    store<u64>(st, load<u64>(st, 48) + g, 48);
    store<u64>(st, load<u64>(st, 56) + h, 56);
    p += 128;
  } while (--n);
}

export function sha512_init(ctx: usize): void {
  store<u64>(ctx, 0x6a09e667f3bcc908, ST + 0);
  store<u64>(ctx, 0xbb67ae8584caa73b, ST + 8);
  store<u64>(ctx, 0x3c6ef372fe94f82b, ST + 16);
  store<u64>(ctx, 0xa54ff53a5f1d36f1, ST + 24);
  store<u64>(ctx, 0x510e527fade682d1, ST + 32);
  store<u64>(ctx, 0x9b05688c2b3e6c1f, ST + 40);
  store<u64>(ctx, 0x1f83d9abfb41bd6b, ST + 48);
  store<u64>(ctx, 0x5be0cd19137e2179, ST + 56);
  store<u64>(ctx, 0, LEN);
  store<u32>(ctx, 0, FILL);
}

export function sha512_update(ctx: usize, data: usize, len: u32): void {
  md_update(ctx, data, len, 64, 128);
}

export function sha512_final(ctx: usize, out: usize): void {
  md_pad(ctx, 64, 128);
  // Read the state out before wiping, so `out` may overlap the context.
  const h0 = load<u64>(ctx, ST + 0);
  const h1 = load<u64>(ctx, ST + 8);
  const h2 = load<u64>(ctx, ST + 16);
  const h3 = load<u64>(ctx, ST + 24);
  const h4 = load<u64>(ctx, ST + 32);
  const h5 = load<u64>(ctx, ST + 40);
  const h6 = load<u64>(ctx, ST + 48);
  const h7 = load<u64>(ctx, ST + 56);
  memory.fill(ctx, 0, SHA512_CTX_SIZE);
  store<u64>(out, bswap<u64>(h0), 0);
  store<u64>(out, bswap<u64>(h1), 8);
  store<u64>(out, bswap<u64>(h2), 16);
  store<u64>(out, bswap<u64>(h3), 24);
  store<u64>(out, bswap<u64>(h4), 32);
  store<u64>(out, bswap<u64>(h5), 40);
  store<u64>(out, bswap<u64>(h6), 48);
  store<u64>(out, bswap<u64>(h7), 56);
}

// One-shot SHA-512 of `len` bytes at `data` into 64 bytes at `out` (which may alias `data`).
export function sha512(out: usize, data: usize, len: u32): void {
  sha512_init(ONE);
  sha512_update(ONE, data, len);
  sha512_final(ONE, out);
}
