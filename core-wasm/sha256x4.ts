// SHA-256 compression of four independent messages at once, one per v128 lane (FIPS 180-4
// §6.2): the batched HMAC and HKDF (hmac_batch.ts) make N-1 tags or keys of one length at a
// time, and four lanes of 32-bit words cost little more than one.
//
// A 4-lane state is 8 v128 (128 bytes): vector k holds word H_k of messages 0..3 in lanes 0..3.
// Blocks are read from four pointers, so the four messages need not be adjacent.

import { SHA256_K } from "./sha256";

// @ts-ignore: decorator
@inline function rotr(x: v128, n: i32): v128 { return v128.or(i32x4.shr_u(x, n), i32x4.shl(x, 32 - n)); }
// Σ0, Σ1, σ0, σ1 of FIPS 180-4 §4.1.2, lane-wise.
// @ts-ignore: decorator
@inline function Sigma0(x: v128): v128 { return v128.xor(v128.xor(rotr(x, 2), rotr(x, 13)), rotr(x, 22)); }
// @ts-ignore: decorator
@inline function Sigma1(x: v128): v128 { return v128.xor(v128.xor(rotr(x, 6), rotr(x, 11)), rotr(x, 25)); }
// @ts-ignore: decorator
@inline function sigma0(x: v128): v128 { return v128.xor(v128.xor(rotr(x, 7), rotr(x, 18)), i32x4.shr_u(x, 3)); }
// @ts-ignore: decorator
@inline function sigma1(x: v128): v128 { return v128.xor(v128.xor(rotr(x, 17), rotr(x, 19)), i32x4.shr_u(x, 10)); }
// Ch(e, f, g) takes f where e is set, else g; Maj(a, b, c) is b where b = c, else a.
// @ts-ignore: decorator
@inline function Ch(e: v128, f: v128, g: v128): v128 { return v128.bitselect(f, g, e); }
// @ts-ignore: decorator
@inline function Maj(a: v128, b: v128, c: v128): v128 { return v128.bitselect(a, b, v128.xor(b, c)); }

// Four big-endian words of one message, as 32-bit lanes.
// @ts-ignore: decorator
@inline function be4(p: usize, o: usize): v128 {
  return i8x16.shuffle(v128.load(p + o), v128.load(p + o), 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
}

export function sha256x4_init(st: usize): void {
  v128.store(st, i32x4.splat(0x6a09e667), 0);
  v128.store(st, i32x4.splat(0xbb67ae85), 16);
  v128.store(st, i32x4.splat(0x3c6ef372), 32);
  v128.store(st, i32x4.splat(0xa54ff53a), 48);
  v128.store(st, i32x4.splat(0x510e527f), 64);
  v128.store(st, i32x4.splat(0x9b05688c), 80);
  v128.store(st, i32x4.splat(0x1f83d9ab), 96);
  v128.store(st, i32x4.splat(0x5be0cd19), 112);
}

// Compresses one 64-byte block of each message (block of message l at p_l) into the state.
export function sha256x4_block(st: usize, p0: usize, p1: usize, p2: usize, p3: usize): void {
  // the schedule's first 16 words, transposed: w_t holds word t of the four blocks
  let w0: v128, w1: v128, w2: v128, w3: v128, w4: v128, w5: v128, w6: v128, w7: v128;
  let w8: v128, w9: v128, w10: v128, w11: v128, w12: v128, w13: v128, w14: v128, w15: v128;
  {
    let r0 = be4(p0, 0), r1 = be4(p1, 0), r2 = be4(p2, 0), r3 = be4(p3, 0);
    let t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
    let t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
    w0 = i32x4.shuffle(t0, t2, 0, 1, 4, 5); w1 = i32x4.shuffle(t0, t2, 2, 3, 6, 7);
    w2 = i32x4.shuffle(t1, t3, 0, 1, 4, 5); w3 = i32x4.shuffle(t1, t3, 2, 3, 6, 7);
    r0 = be4(p0, 16); r1 = be4(p1, 16); r2 = be4(p2, 16); r3 = be4(p3, 16);
    t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5); t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
    t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5); t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
    w4 = i32x4.shuffle(t0, t2, 0, 1, 4, 5); w5 = i32x4.shuffle(t0, t2, 2, 3, 6, 7);
    w6 = i32x4.shuffle(t1, t3, 0, 1, 4, 5); w7 = i32x4.shuffle(t1, t3, 2, 3, 6, 7);
    r0 = be4(p0, 32); r1 = be4(p1, 32); r2 = be4(p2, 32); r3 = be4(p3, 32);
    t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5); t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
    t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5); t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
    w8 = i32x4.shuffle(t0, t2, 0, 1, 4, 5); w9 = i32x4.shuffle(t0, t2, 2, 3, 6, 7);
    w10 = i32x4.shuffle(t1, t3, 0, 1, 4, 5); w11 = i32x4.shuffle(t1, t3, 2, 3, 6, 7);
    r0 = be4(p0, 48); r1 = be4(p1, 48); r2 = be4(p2, 48); r3 = be4(p3, 48);
    t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5); t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
    t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5); t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
    w12 = i32x4.shuffle(t0, t2, 0, 1, 4, 5); w13 = i32x4.shuffle(t0, t2, 2, 3, 6, 7);
    w14 = i32x4.shuffle(t1, t3, 0, 1, 4, 5); w15 = i32x4.shuffle(t1, t3, 2, 3, 6, 7);
  }
  let a = v128.load(st, 0);
  let b = v128.load(st, 16);
  let c = v128.load(st, 32);
  let d = v128.load(st, 48);
  let e = v128.load(st, 64);
  let f = v128.load(st, 80);
  let g = v128.load(st, 96);
  let h = v128.load(st, 112);
  // 4 passes of 16 rounds with the schedule W[t..t+15] in w0..w15, as sha256_blocks does; the
  // roles of a..h rotate by one each round instead of moving the values.
  let kp = SHA256_K;
  let t: v128;
  for (let pass = 0; ; pass++) {
    t = i32x4.add(i32x4.add(i32x4.add(h, Sigma1(e)), i32x4.add(Ch(e, f, g), v128.load32_splat(kp, 0))), w0); d = i32x4.add(d, t); h = i32x4.add(t, i32x4.add(Sigma0(a), Maj(a, b, c)));
    t = i32x4.add(i32x4.add(i32x4.add(g, Sigma1(d)), i32x4.add(Ch(d, e, f), v128.load32_splat(kp, 4))), w1); c = i32x4.add(c, t); g = i32x4.add(t, i32x4.add(Sigma0(h), Maj(h, a, b)));
    t = i32x4.add(i32x4.add(i32x4.add(f, Sigma1(c)), i32x4.add(Ch(c, d, e), v128.load32_splat(kp, 8))), w2); b = i32x4.add(b, t); f = i32x4.add(t, i32x4.add(Sigma0(g), Maj(g, h, a)));
    t = i32x4.add(i32x4.add(i32x4.add(e, Sigma1(b)), i32x4.add(Ch(b, c, d), v128.load32_splat(kp, 12))), w3); a = i32x4.add(a, t); e = i32x4.add(t, i32x4.add(Sigma0(f), Maj(f, g, h)));
    t = i32x4.add(i32x4.add(i32x4.add(d, Sigma1(a)), i32x4.add(Ch(a, b, c), v128.load32_splat(kp, 16))), w4); h = i32x4.add(h, t); d = i32x4.add(t, i32x4.add(Sigma0(e), Maj(e, f, g)));
    t = i32x4.add(i32x4.add(i32x4.add(c, Sigma1(h)), i32x4.add(Ch(h, a, b), v128.load32_splat(kp, 20))), w5); g = i32x4.add(g, t); c = i32x4.add(t, i32x4.add(Sigma0(d), Maj(d, e, f)));
    t = i32x4.add(i32x4.add(i32x4.add(b, Sigma1(g)), i32x4.add(Ch(g, h, a), v128.load32_splat(kp, 24))), w6); f = i32x4.add(f, t); b = i32x4.add(t, i32x4.add(Sigma0(c), Maj(c, d, e)));
    t = i32x4.add(i32x4.add(i32x4.add(a, Sigma1(f)), i32x4.add(Ch(f, g, h), v128.load32_splat(kp, 28))), w7); e = i32x4.add(e, t); a = i32x4.add(t, i32x4.add(Sigma0(b), Maj(b, c, d)));
    t = i32x4.add(i32x4.add(i32x4.add(h, Sigma1(e)), i32x4.add(Ch(e, f, g), v128.load32_splat(kp, 32))), w8); d = i32x4.add(d, t); h = i32x4.add(t, i32x4.add(Sigma0(a), Maj(a, b, c)));
    t = i32x4.add(i32x4.add(i32x4.add(g, Sigma1(d)), i32x4.add(Ch(d, e, f), v128.load32_splat(kp, 36))), w9); c = i32x4.add(c, t); g = i32x4.add(t, i32x4.add(Sigma0(h), Maj(h, a, b)));
    t = i32x4.add(i32x4.add(i32x4.add(f, Sigma1(c)), i32x4.add(Ch(c, d, e), v128.load32_splat(kp, 40))), w10); b = i32x4.add(b, t); f = i32x4.add(t, i32x4.add(Sigma0(g), Maj(g, h, a)));
    t = i32x4.add(i32x4.add(i32x4.add(e, Sigma1(b)), i32x4.add(Ch(b, c, d), v128.load32_splat(kp, 44))), w11); a = i32x4.add(a, t); e = i32x4.add(t, i32x4.add(Sigma0(f), Maj(f, g, h)));
    t = i32x4.add(i32x4.add(i32x4.add(d, Sigma1(a)), i32x4.add(Ch(a, b, c), v128.load32_splat(kp, 48))), w12); h = i32x4.add(h, t); d = i32x4.add(t, i32x4.add(Sigma0(e), Maj(e, f, g)));
    t = i32x4.add(i32x4.add(i32x4.add(c, Sigma1(h)), i32x4.add(Ch(h, a, b), v128.load32_splat(kp, 52))), w13); g = i32x4.add(g, t); c = i32x4.add(t, i32x4.add(Sigma0(d), Maj(d, e, f)));
    t = i32x4.add(i32x4.add(i32x4.add(b, Sigma1(g)), i32x4.add(Ch(g, h, a), v128.load32_splat(kp, 56))), w14); f = i32x4.add(f, t); b = i32x4.add(t, i32x4.add(Sigma0(c), Maj(c, d, e)));
    t = i32x4.add(i32x4.add(i32x4.add(a, Sigma1(f)), i32x4.add(Ch(f, g, h), v128.load32_splat(kp, 60))), w15); e = i32x4.add(e, t); a = i32x4.add(t, i32x4.add(Sigma0(b), Maj(b, c, d)));
    if (pass == 3) break;
    kp += 64;
    w0 = i32x4.add(w0, i32x4.add(i32x4.add(sigma1(w14), w9), sigma0(w1)));
    w1 = i32x4.add(w1, i32x4.add(i32x4.add(sigma1(w15), w10), sigma0(w2)));
    w2 = i32x4.add(w2, i32x4.add(i32x4.add(sigma1(w0), w11), sigma0(w3)));
    w3 = i32x4.add(w3, i32x4.add(i32x4.add(sigma1(w1), w12), sigma0(w4)));
    w4 = i32x4.add(w4, i32x4.add(i32x4.add(sigma1(w2), w13), sigma0(w5)));
    w5 = i32x4.add(w5, i32x4.add(i32x4.add(sigma1(w3), w14), sigma0(w6)));
    w6 = i32x4.add(w6, i32x4.add(i32x4.add(sigma1(w4), w15), sigma0(w7)));
    w7 = i32x4.add(w7, i32x4.add(i32x4.add(sigma1(w5), w0), sigma0(w8)));
    w8 = i32x4.add(w8, i32x4.add(i32x4.add(sigma1(w6), w1), sigma0(w9)));
    w9 = i32x4.add(w9, i32x4.add(i32x4.add(sigma1(w7), w2), sigma0(w10)));
    w10 = i32x4.add(w10, i32x4.add(i32x4.add(sigma1(w8), w3), sigma0(w11)));
    w11 = i32x4.add(w11, i32x4.add(i32x4.add(sigma1(w9), w4), sigma0(w12)));
    w12 = i32x4.add(w12, i32x4.add(i32x4.add(sigma1(w10), w5), sigma0(w13)));
    w13 = i32x4.add(w13, i32x4.add(i32x4.add(sigma1(w11), w6), sigma0(w14)));
    w14 = i32x4.add(w14, i32x4.add(i32x4.add(sigma1(w12), w7), sigma0(w15)));
    w15 = i32x4.add(w15, i32x4.add(i32x4.add(sigma1(w13), w8), sigma0(w0)));
  }
  v128.store(st, i32x4.add(v128.load(st, 0), a), 0);
  v128.store(st, i32x4.add(v128.load(st, 16), b), 16);
  v128.store(st, i32x4.add(v128.load(st, 32), c), 32);
  v128.store(st, i32x4.add(v128.load(st, 48), d), 48);
  v128.store(st, i32x4.add(v128.load(st, 64), e), 64);
  v128.store(st, i32x4.add(v128.load(st, 80), f), 80);
  v128.store(st, i32x4.add(v128.load(st, 96), g), 96);
  v128.store(st, i32x4.add(v128.load(st, 112), h), 112);
}

// The digest of lane l (32 bytes, big-endian words) to out.
export function sha256x4_digest(st: usize, l: usize, out: usize): void {
  for (let k: usize = 0; k < 8; k++) store<u32>(out + (k << 2), bswap<u32>(load<u32>(st + (k << 4) + (l << 2))));
}
