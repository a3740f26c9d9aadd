// X25519 (RFC 7748): constant-time Montgomery ladder on the u-coordinate.
//
// x25519(out, scalar, point): out = X25519(scalar, u); returns 0, or -1 if the result is all
//   zero (out is still written). The scalar is clamped as RFC 7748 says; bit 255 of u is masked
//   and non-canonical u (>= p) is accepted and reduced, as the RFC requires.
// x25519_base(out, scalar): out = X25519(scalar, 9).
// x25519_batch(out, scalar, points, n): n results of one scalar against n consecutive 32-byte
//   u-coordinates; returns the number of all-zero results.
//
// The ladder runs 255 fixed steps with masked swaps; field multiplications and squarings are
// inlined in the step. Scratch is owned by this file and wiped before returning.

import {
  fe_mul_inline, fe_sq_inline, fe_add, fe_sub, fe_mul_small, fe_mul, fe_invert, fe_frombytes,
  fe_tobytes, fe_cswap, fe_1, fe_0, fe_copy,
} from "./field25519";

// scratch: clamped scalar (32), x1 x2 z2 x3 z3 (5 x 40), temporaries (6 x 40)
const SCR: usize = memory.data(32 + 11 * 40, 16);
const K: usize = SCR;
const X1: usize = SCR + 32;
const X2: usize = SCR + 72;
const Z2: usize = SCR + 112;
const X3: usize = SCR + 152;
const Z3: usize = SCR + 192;
const TA: usize = SCR + 232;
const TB: usize = SCR + 272;
const TC: usize = SCR + 312;
const TD: usize = SCR + 352;
const TE: usize = SCR + 392;
const TF: usize = SCR + 432;
const SCR_SIZE: usize = 32 + 11 * 40;

const BASE_U: usize = memory.data<u8>([9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

// @ts-ignore: decorator
@inline
function clamp(scalar: usize): void {
  memory.copy(K, scalar, 32);
  store<u8>(K, load<u8>(K) & 248);
  store<u8>(K + 31, (load<u8>(K + 31) & 127) | 64);
}

// One ladder step (RFC 7748 section 5), after the conditional swap.
function ladder_step(): void {
  fe_add(TA, X2, Z2);            // A = x2 + z2
  fe_sub(TB, X2, Z2);            // B = x2 - z2
  fe_add(TC, X3, Z3);            // C = x3 + z3
  fe_sub(TD, X3, Z3);            // D = x3 - z3
  fe_mul_inline(TD, TD, TA);     // DA
  fe_mul_inline(TC, TC, TB);     // CB
  fe_sq_inline(TA, TA, false);   // AA
  fe_sq_inline(TB, TB, false);   // BB
  fe_add(TE, TD, TC);
  fe_sq_inline(X3, TE, false);   // x3 = (DA + CB)^2
  fe_sub(TE, TD, TC);
  fe_sq_inline(TE, TE, false);
  fe_mul_inline(Z3, TE, X1);     // z3 = x1 (DA - CB)^2
  fe_mul_inline(X2, TA, TB);     // x2 = AA BB
  fe_sub(TE, TA, TB);            // E = AA - BB
  fe_mul_small(TF, TE, 121665);
  fe_add(TF, TF, TA);            // AA + a24 E
  fe_mul_inline(Z2, TE, TF);     // z2 = E (AA + a24 E)
}

// Ladder on the clamped scalar in K and u in X1; result u-coordinate bytes to out.
function ladder_scalar(out: usize): i32 {
  fe_1(X2);
  fe_0(Z2);
  fe_copy(X3, X1);
  fe_1(Z3);
  let swap: u32 = 0;
  for (let t = 254; t >= 0; t--) {
    const kt = (<u32>load<u8>(K + <usize>(t >> 3)) >> <u32>(t & 7)) & 1;
    swap ^= kt;
    fe_cswap(X2, X3, swap);
    fe_cswap(Z2, Z3, swap);
    swap = kt;
    ladder_step();
  }
  fe_cswap(X2, X3, swap);
  fe_cswap(Z2, Z3, swap);
  return finish(out);
}

// out = x2 / z2; returns -1 if out is all zero, else 0 (constant time)
function finish(out: usize): i32 {
  fe_invert(Z2, Z2);
  fe_mul(X2, X2, Z2);
  fe_tobytes(out, X2);
  const x = load<u64>(out, 0) | load<u64>(out, 8) | load<u64>(out, 16) | load<u64>(out, 24);
  const y = <u32>(x >> 32) | <u32>x;
  const zero = ((y | (0 - y)) >> 31) ^ 1;
  return -<i32>zero;
}

// @ts-ignore: decorator
@inline
function ladder(out: usize): i32 {
  if (ASC_FEATURE_SIMD) return ladder_simd(out);
  return ladder_scalar(out);
}

export function x25519(out: usize, scalar: usize, point: usize): i32 {
  clamp(scalar);
  fe_frombytes(X1, point);
  const r = ladder(out);
  memory.fill(SCR, 0, SCR_SIZE);
  return r;
}

export function x25519_base(out: usize, scalar: usize): void {
  clamp(scalar);
  fe_frombytes(X1, BASE_U);
  ladder(out);
  memory.fill(SCR, 0, SCR_SIZE);
}

export function x25519_batch(out: usize, scalar: usize, points: usize, n: u32): i32 {
  clamp(scalar);
  let zeros: i32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const off = <usize>i << 5;
    fe_frombytes(X1, points + off);
    zeros -= ladder(out + off);
  }
  memory.fill(SCR, 0, SCR_SIZE);
  return zeros;
}


// ---------------------------------------------------------------------------------------------
// 2-way SIMD ladder (compiled only with --enable simd).
//
// A "pair" holds two field elements A and B lane-wise: limb i at byte 8 i as two u32 [A_i, B_i]
// (80 bytes; a v128 holds limbs 2k and 2k+1 of both lanes). Limbs are UNSIGNED so carries are
// logical shifts (wasm SIMD has no cheap 64-bit arithmetic shift); subtraction adds 2p first.
// "Carried" here means 0 <= limb < 1.01 x nominal (outputs of pm_mul / pm_sq); the products
// accept limbs up to 3.02 x nominal (19 g_j and 2 f_i stay below 2^32, u64 accumulators below
// 2^63). i64x2.extmul_low_i32x4_u gives both lanes' 32x32->64 products at once.
// Ladder state: P = (x2, z2), Q = (x3, z3). Per step: 2 pair squarings, 3 pair multiplications.

// 2p in radix 2^25.5, two limbs per vector, each limb for both lanes
const TWOP: usize = memory.data<u32>([
  0x7ffffda, 0x7ffffda, 0x3fffffe, 0x3fffffe,
  0x7fffffe, 0x7fffffe, 0x3fffffe, 0x3fffffe,
  0x7fffffe, 0x7fffffe, 0x3fffffe, 0x3fffffe,
  0x7fffffe, 0x7fffffe, 0x3fffffe, 0x3fffffe,
  0x7fffffe, 0x7fffffe, 0x3fffffe, 0x3fffffe,
], 16);

// pair scratch (80 bytes each)
const PSCR: usize = memory.data(8 * 80, 16);
const PP: usize = PSCR;            // (x2, z2)
const PQ: usize = PSCR + 80;       // (x3, z3)
const PX1: usize = PSCR + 160;     // (1, x1)
const PX19: usize = PSCR + 240;    // 19 (1, x1)
const PAB: usize = PSCR + 320;     // (A, B), later (DA, CB)
const PDC: usize = PSCR + 400;     // (D, C)
const PL: usize = PSCR + 480;      // (AA, E)
const PR: usize = PSCR + 560;      // (BB, AA + a24 E)
const PSCR_SIZE: usize = 8 * 80;

// lane-B mask: [0, -1, 0, -1] as i32x4
const LANEB: v128 = i32x4(0, -1, 0, -1);

// Masked swap of P and Q, then (A, B) = (x2 + z2, x2 - z2) into PAB and
// (D, C) = (x3 - z3, x3 + z3) into PDC. P and Q themselves are not needed afterwards.
function pm_cswap_bfly(b: u32): void {
  const m = i32x4.splat(-<i32>(b & 1));
  for (let o: usize = 0; o < 80; o += 16) {
    const x = v128.load(PP + o);
    const y = v128.load(PQ + o);
    const d = v128.and(v128.xor(x, y), m);
    const p = v128.xor(x, d);
    const q = v128.xor(y, d);
    const tp = i32x4.shuffle(p, p, 1, 0, 3, 2);
    const tq = i32x4.shuffle(q, q, 1, 0, 3, 2);
    const twop = v128.load(TWOP + o);
    // lane A: p.A + p.B; lane B: p.A + 2p - p.B
    v128.store(PAB + o, i32x4.add(tp, v128.bitselect(i32x4.sub(twop, p), p, LANEB)));
    // lane A: q.A + 2p - q.B; lane B: q.A + q.B
    v128.store(PDC + o, i32x4.add(q, v128.bitselect(tq, i32x4.sub(twop, tq), LANEB)));
  }
}

function pm_cswap(f: usize, g: usize, b: u32): void {
  const m = i32x4.splat(-<i32>(b & 1));
  for (let o: usize = 0; o < 80; o += 16) {
    const x = v128.load(f + o);
    const y = v128.load(g + o);
    const t = v128.and(v128.xor(x, y), m);
    v128.store(f + o, v128.xor(x, t));
    v128.store(g + o, v128.xor(y, t));
  }
}


// h = f g lane-wise (inputs up to 3.02 x nominal); output carried
function pm_mul(h: usize, f: usize, g: usize): void {
  const f0 = v128.load64_zero(f, 0);
  const f1 = v128.load64_zero(f, 8);
  const f2 = v128.load64_zero(f, 16);
  const f3 = v128.load64_zero(f, 24);
  const f4 = v128.load64_zero(f, 32);
  const f5 = v128.load64_zero(f, 40);
  const f6 = v128.load64_zero(f, 48);
  const f7 = v128.load64_zero(f, 56);
  const f8 = v128.load64_zero(f, 64);
  const f9 = v128.load64_zero(f, 72);
  const g0 = v128.load64_zero(g, 0);
  const g1 = v128.load64_zero(g, 8);
  const g2 = v128.load64_zero(g, 16);
  const g3 = v128.load64_zero(g, 24);
  const g4 = v128.load64_zero(g, 32);
  const g5 = v128.load64_zero(g, 40);
  const g6 = v128.load64_zero(g, 48);
  const g7 = v128.load64_zero(g, 56);
  const g8 = v128.load64_zero(g, 64);
  const g9 = v128.load64_zero(g, 72);
  const k19 = i32x4.splat(19);
  const g1_19 = i32x4.mul(g1, k19);
  const g2_19 = i32x4.mul(g2, k19);
  const g3_19 = i32x4.mul(g3, k19);
  const g4_19 = i32x4.mul(g4, k19);
  const g5_19 = i32x4.mul(g5, k19);
  const g6_19 = i32x4.mul(g6, k19);
  const g7_19 = i32x4.mul(g7, k19);
  const g8_19 = i32x4.mul(g8, k19);
  const g9_19 = i32x4.mul(g9, k19);
  const f1_2 = i32x4.shl(f1, 1);
  const f3_2 = i32x4.shl(f3, 1);
  const f5_2 = i32x4.shl(f5, 1);
  const f7_2 = i32x4.shl(f7, 1);
  const f9_2 = i32x4.shl(f9, 1);
  let h0 = i64x2.extmul_low_i32x4_u(f0, g0);
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f1_2, g9_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f2, g8_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f3_2, g7_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f4, g6_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f5_2, g5_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f6, g4_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f7_2, g3_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f8, g2_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f9_2, g1_19));
  let h1 = i64x2.extmul_low_i32x4_u(f0, g1);
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f1, g0));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f2, g9_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f3, g8_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f4, g7_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f5, g6_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f6, g5_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f7, g4_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f8, g3_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f9, g2_19));
  let h2 = i64x2.extmul_low_i32x4_u(f0, g2);
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f1_2, g1));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f2, g0));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f3_2, g9_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f4, g8_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f5_2, g7_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f6, g6_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f7_2, g5_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f8, g4_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f9_2, g3_19));
  let h3 = i64x2.extmul_low_i32x4_u(f0, g3);
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f1, g2));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f2, g1));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f3, g0));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f4, g9_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f5, g8_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f6, g7_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f7, g6_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f8, g5_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f9, g4_19));
  let h4 = i64x2.extmul_low_i32x4_u(f0, g4);
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f1_2, g3));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f2, g2));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f3_2, g1));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f4, g0));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f5_2, g9_19));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f6, g8_19));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f7_2, g7_19));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f8, g6_19));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f9_2, g5_19));
  let h5 = i64x2.extmul_low_i32x4_u(f0, g5);
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f1, g4));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f2, g3));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f3, g2));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f4, g1));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f5, g0));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f6, g9_19));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f7, g8_19));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f8, g7_19));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f9, g6_19));
  let h6 = i64x2.extmul_low_i32x4_u(f0, g6);
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f1_2, g5));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f2, g4));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f3_2, g3));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f4, g2));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f5_2, g1));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f6, g0));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f7_2, g9_19));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f8, g8_19));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f9_2, g7_19));
  let h7 = i64x2.extmul_low_i32x4_u(f0, g7);
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f1, g6));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f2, g5));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f3, g4));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f4, g3));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f5, g2));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f6, g1));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f7, g0));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f8, g9_19));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f9, g8_19));
  let h8 = i64x2.extmul_low_i32x4_u(f0, g8);
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f1_2, g7));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f2, g6));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f3_2, g5));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f4, g4));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f5_2, g3));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f6, g2));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f7_2, g1));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f8, g0));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f9_2, g9_19));
  let h9 = i64x2.extmul_low_i32x4_u(f0, g9);
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f1, g8));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f2, g7));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f3, g6));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f4, g5));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f5, g4));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f6, g3));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f7, g2));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f8, g1));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f9, g0));
  const m26 = i64x2.splat(0x3ffffff);
  const m25 = i64x2.splat(0x1ffffff);
  let c: v128;
  c = i64x2.shr_u(h0, 26); h1 = i64x2.add(h1, c); h0 = v128.and(h0, m26);
  c = i64x2.shr_u(h4, 26); h5 = i64x2.add(h5, c); h4 = v128.and(h4, m26);
  c = i64x2.shr_u(h1, 25); h2 = i64x2.add(h2, c); h1 = v128.and(h1, m25);
  c = i64x2.shr_u(h5, 25); h6 = i64x2.add(h6, c); h5 = v128.and(h5, m25);
  c = i64x2.shr_u(h2, 26); h3 = i64x2.add(h3, c); h2 = v128.and(h2, m26);
  c = i64x2.shr_u(h6, 26); h7 = i64x2.add(h7, c); h6 = v128.and(h6, m26);
  c = i64x2.shr_u(h3, 25); h4 = i64x2.add(h4, c); h3 = v128.and(h3, m25);
  c = i64x2.shr_u(h7, 25); h8 = i64x2.add(h8, c); h7 = v128.and(h7, m25);
  c = i64x2.shr_u(h4, 26); h5 = i64x2.add(h5, c); h4 = v128.and(h4, m26);
  c = i64x2.shr_u(h8, 26); h9 = i64x2.add(h9, c); h8 = v128.and(h8, m26);
  c = i64x2.shr_u(h9, 25); h9 = v128.and(h9, m25);
  h0 = i64x2.add(h0, i64x2.add(c, i64x2.add(i64x2.shl(c, 1), i64x2.shl(c, 4))));  // + 19 c
  c = i64x2.shr_u(h0, 26); h1 = i64x2.add(h1, c); h0 = v128.and(h0, m26);
  v128.store(h, i32x4.shuffle(h0, h1, 0, 2, 4, 6), 0);
  v128.store(h, i32x4.shuffle(h2, h3, 0, 2, 4, 6), 16);
  v128.store(h, i32x4.shuffle(h4, h5, 0, 2, 4, 6), 32);
  v128.store(h, i32x4.shuffle(h6, h7, 0, 2, 4, 6), 48);
  v128.store(h, i32x4.shuffle(h8, h9, 0, 2, 4, 6), 64);
}
// (a, b) = f g lane-wise, then h = (a + b, a - b + 2p)
function pm_mul_bfly(h: usize, f: usize, g: usize): void {
  const f0 = v128.load64_zero(f, 0);
  const f1 = v128.load64_zero(f, 8);
  const f2 = v128.load64_zero(f, 16);
  const f3 = v128.load64_zero(f, 24);
  const f4 = v128.load64_zero(f, 32);
  const f5 = v128.load64_zero(f, 40);
  const f6 = v128.load64_zero(f, 48);
  const f7 = v128.load64_zero(f, 56);
  const f8 = v128.load64_zero(f, 64);
  const f9 = v128.load64_zero(f, 72);
  const g0 = v128.load64_zero(g, 0);
  const g1 = v128.load64_zero(g, 8);
  const g2 = v128.load64_zero(g, 16);
  const g3 = v128.load64_zero(g, 24);
  const g4 = v128.load64_zero(g, 32);
  const g5 = v128.load64_zero(g, 40);
  const g6 = v128.load64_zero(g, 48);
  const g7 = v128.load64_zero(g, 56);
  const g8 = v128.load64_zero(g, 64);
  const g9 = v128.load64_zero(g, 72);
  const k19 = i32x4.splat(19);
  const g1_19 = i32x4.mul(g1, k19);
  const g2_19 = i32x4.mul(g2, k19);
  const g3_19 = i32x4.mul(g3, k19);
  const g4_19 = i32x4.mul(g4, k19);
  const g5_19 = i32x4.mul(g5, k19);
  const g6_19 = i32x4.mul(g6, k19);
  const g7_19 = i32x4.mul(g7, k19);
  const g8_19 = i32x4.mul(g8, k19);
  const g9_19 = i32x4.mul(g9, k19);
  const f1_2 = i32x4.shl(f1, 1);
  const f3_2 = i32x4.shl(f3, 1);
  const f5_2 = i32x4.shl(f5, 1);
  const f7_2 = i32x4.shl(f7, 1);
  const f9_2 = i32x4.shl(f9, 1);
  let h0 = i64x2.extmul_low_i32x4_u(f0, g0);
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f1_2, g9_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f2, g8_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f3_2, g7_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f4, g6_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f5_2, g5_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f6, g4_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f7_2, g3_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f8, g2_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f9_2, g1_19));
  let h1 = i64x2.extmul_low_i32x4_u(f0, g1);
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f1, g0));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f2, g9_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f3, g8_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f4, g7_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f5, g6_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f6, g5_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f7, g4_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f8, g3_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f9, g2_19));
  let h2 = i64x2.extmul_low_i32x4_u(f0, g2);
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f1_2, g1));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f2, g0));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f3_2, g9_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f4, g8_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f5_2, g7_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f6, g6_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f7_2, g5_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f8, g4_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f9_2, g3_19));
  let h3 = i64x2.extmul_low_i32x4_u(f0, g3);
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f1, g2));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f2, g1));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f3, g0));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f4, g9_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f5, g8_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f6, g7_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f7, g6_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f8, g5_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f9, g4_19));
  let h4 = i64x2.extmul_low_i32x4_u(f0, g4);
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f1_2, g3));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f2, g2));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f3_2, g1));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f4, g0));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f5_2, g9_19));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f6, g8_19));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f7_2, g7_19));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f8, g6_19));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f9_2, g5_19));
  let h5 = i64x2.extmul_low_i32x4_u(f0, g5);
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f1, g4));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f2, g3));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f3, g2));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f4, g1));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f5, g0));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f6, g9_19));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f7, g8_19));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f8, g7_19));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f9, g6_19));
  let h6 = i64x2.extmul_low_i32x4_u(f0, g6);
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f1_2, g5));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f2, g4));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f3_2, g3));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f4, g2));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f5_2, g1));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f6, g0));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f7_2, g9_19));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f8, g8_19));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f9_2, g7_19));
  let h7 = i64x2.extmul_low_i32x4_u(f0, g7);
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f1, g6));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f2, g5));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f3, g4));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f4, g3));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f5, g2));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f6, g1));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f7, g0));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f8, g9_19));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f9, g8_19));
  let h8 = i64x2.extmul_low_i32x4_u(f0, g8);
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f1_2, g7));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f2, g6));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f3_2, g5));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f4, g4));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f5_2, g3));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f6, g2));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f7_2, g1));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f8, g0));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f9_2, g9_19));
  let h9 = i64x2.extmul_low_i32x4_u(f0, g9);
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f1, g8));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f2, g7));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f3, g6));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f4, g5));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f5, g4));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f6, g3));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f7, g2));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f8, g1));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f9, g0));
  const m26 = i64x2.splat(0x3ffffff);
  const m25 = i64x2.splat(0x1ffffff);
  let c: v128;
  c = i64x2.shr_u(h0, 26); h1 = i64x2.add(h1, c); h0 = v128.and(h0, m26);
  c = i64x2.shr_u(h4, 26); h5 = i64x2.add(h5, c); h4 = v128.and(h4, m26);
  c = i64x2.shr_u(h1, 25); h2 = i64x2.add(h2, c); h1 = v128.and(h1, m25);
  c = i64x2.shr_u(h5, 25); h6 = i64x2.add(h6, c); h5 = v128.and(h5, m25);
  c = i64x2.shr_u(h2, 26); h3 = i64x2.add(h3, c); h2 = v128.and(h2, m26);
  c = i64x2.shr_u(h6, 26); h7 = i64x2.add(h7, c); h6 = v128.and(h6, m26);
  c = i64x2.shr_u(h3, 25); h4 = i64x2.add(h4, c); h3 = v128.and(h3, m25);
  c = i64x2.shr_u(h7, 25); h8 = i64x2.add(h8, c); h7 = v128.and(h7, m25);
  c = i64x2.shr_u(h4, 26); h5 = i64x2.add(h5, c); h4 = v128.and(h4, m26);
  c = i64x2.shr_u(h8, 26); h9 = i64x2.add(h9, c); h8 = v128.and(h8, m26);
  c = i64x2.shr_u(h9, 25); h9 = v128.and(h9, m25);
  h0 = i64x2.add(h0, i64x2.add(c, i64x2.add(i64x2.shl(c, 1), i64x2.shl(c, 4))));  // + 19 c
  c = i64x2.shr_u(h0, 26); h1 = i64x2.add(h1, c); h0 = v128.and(h0, m26);
  { const v = i32x4.shuffle(h0, h1, 0, 2, 4, 6); const t = i32x4.shuffle(v, v, 1, 0, 3, 2);
    v128.store(h, i32x4.add(t, v128.bitselect(i32x4.sub(v128.load(TWOP, 0), v), v, LANEB)), 0); }
  { const v = i32x4.shuffle(h2, h3, 0, 2, 4, 6); const t = i32x4.shuffle(v, v, 1, 0, 3, 2);
    v128.store(h, i32x4.add(t, v128.bitselect(i32x4.sub(v128.load(TWOP, 16), v), v, LANEB)), 16); }
  { const v = i32x4.shuffle(h4, h5, 0, 2, 4, 6); const t = i32x4.shuffle(v, v, 1, 0, 3, 2);
    v128.store(h, i32x4.add(t, v128.bitselect(i32x4.sub(v128.load(TWOP, 32), v), v, LANEB)), 32); }
  { const v = i32x4.shuffle(h6, h7, 0, 2, 4, 6); const t = i32x4.shuffle(v, v, 1, 0, 3, 2);
    v128.store(h, i32x4.add(t, v128.bitselect(i32x4.sub(v128.load(TWOP, 48), v), v, LANEB)), 48); }
  { const v = i32x4.shuffle(h8, h9, 0, 2, 4, 6); const t = i32x4.shuffle(v, v, 1, 0, 3, 2);
    v128.store(h, i32x4.add(t, v128.bitselect(i32x4.sub(v128.load(TWOP, 64), v), v, LANEB)), 64); }
}
// h = f g with g = PX1, whose 19-multiples are precomputed in PX19
function pm_mul_x1(h: usize, f: usize, g: usize): void {
  const f0 = v128.load64_zero(f, 0);
  const f1 = v128.load64_zero(f, 8);
  const f2 = v128.load64_zero(f, 16);
  const f3 = v128.load64_zero(f, 24);
  const f4 = v128.load64_zero(f, 32);
  const f5 = v128.load64_zero(f, 40);
  const f6 = v128.load64_zero(f, 48);
  const f7 = v128.load64_zero(f, 56);
  const f8 = v128.load64_zero(f, 64);
  const f9 = v128.load64_zero(f, 72);
  const g0 = v128.load64_zero(g, 0);
  const g1 = v128.load64_zero(g, 8);
  const g2 = v128.load64_zero(g, 16);
  const g3 = v128.load64_zero(g, 24);
  const g4 = v128.load64_zero(g, 32);
  const g5 = v128.load64_zero(g, 40);
  const g6 = v128.load64_zero(g, 48);
  const g7 = v128.load64_zero(g, 56);
  const g8 = v128.load64_zero(g, 64);
  const g9 = v128.load64_zero(g, 72);
  const g1_19 = v128.load64_zero(PX19, 8);
  const g2_19 = v128.load64_zero(PX19, 16);
  const g3_19 = v128.load64_zero(PX19, 24);
  const g4_19 = v128.load64_zero(PX19, 32);
  const g5_19 = v128.load64_zero(PX19, 40);
  const g6_19 = v128.load64_zero(PX19, 48);
  const g7_19 = v128.load64_zero(PX19, 56);
  const g8_19 = v128.load64_zero(PX19, 64);
  const g9_19 = v128.load64_zero(PX19, 72);
  const f1_2 = i32x4.shl(f1, 1);
  const f3_2 = i32x4.shl(f3, 1);
  const f5_2 = i32x4.shl(f5, 1);
  const f7_2 = i32x4.shl(f7, 1);
  const f9_2 = i32x4.shl(f9, 1);
  let h0 = i64x2.extmul_low_i32x4_u(f0, g0);
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f1_2, g9_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f2, g8_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f3_2, g7_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f4, g6_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f5_2, g5_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f6, g4_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f7_2, g3_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f8, g2_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f9_2, g1_19));
  let h1 = i64x2.extmul_low_i32x4_u(f0, g1);
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f1, g0));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f2, g9_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f3, g8_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f4, g7_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f5, g6_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f6, g5_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f7, g4_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f8, g3_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f9, g2_19));
  let h2 = i64x2.extmul_low_i32x4_u(f0, g2);
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f1_2, g1));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f2, g0));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f3_2, g9_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f4, g8_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f5_2, g7_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f6, g6_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f7_2, g5_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f8, g4_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f9_2, g3_19));
  let h3 = i64x2.extmul_low_i32x4_u(f0, g3);
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f1, g2));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f2, g1));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f3, g0));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f4, g9_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f5, g8_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f6, g7_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f7, g6_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f8, g5_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f9, g4_19));
  let h4 = i64x2.extmul_low_i32x4_u(f0, g4);
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f1_2, g3));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f2, g2));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f3_2, g1));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f4, g0));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f5_2, g9_19));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f6, g8_19));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f7_2, g7_19));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f8, g6_19));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f9_2, g5_19));
  let h5 = i64x2.extmul_low_i32x4_u(f0, g5);
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f1, g4));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f2, g3));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f3, g2));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f4, g1));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f5, g0));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f6, g9_19));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f7, g8_19));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f8, g7_19));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f9, g6_19));
  let h6 = i64x2.extmul_low_i32x4_u(f0, g6);
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f1_2, g5));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f2, g4));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f3_2, g3));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f4, g2));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f5_2, g1));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f6, g0));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f7_2, g9_19));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f8, g8_19));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f9_2, g7_19));
  let h7 = i64x2.extmul_low_i32x4_u(f0, g7);
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f1, g6));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f2, g5));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f3, g4));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f4, g3));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f5, g2));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f6, g1));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f7, g0));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f8, g9_19));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f9, g8_19));
  let h8 = i64x2.extmul_low_i32x4_u(f0, g8);
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f1_2, g7));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f2, g6));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f3_2, g5));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f4, g4));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f5_2, g3));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f6, g2));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f7_2, g1));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f8, g0));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f9_2, g9_19));
  let h9 = i64x2.extmul_low_i32x4_u(f0, g9);
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f1, g8));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f2, g7));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f3, g6));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f4, g5));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f5, g4));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f6, g3));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f7, g2));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f8, g1));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f9, g0));
  const m26 = i64x2.splat(0x3ffffff);
  const m25 = i64x2.splat(0x1ffffff);
  let c: v128;
  c = i64x2.shr_u(h0, 26); h1 = i64x2.add(h1, c); h0 = v128.and(h0, m26);
  c = i64x2.shr_u(h4, 26); h5 = i64x2.add(h5, c); h4 = v128.and(h4, m26);
  c = i64x2.shr_u(h1, 25); h2 = i64x2.add(h2, c); h1 = v128.and(h1, m25);
  c = i64x2.shr_u(h5, 25); h6 = i64x2.add(h6, c); h5 = v128.and(h5, m25);
  c = i64x2.shr_u(h2, 26); h3 = i64x2.add(h3, c); h2 = v128.and(h2, m26);
  c = i64x2.shr_u(h6, 26); h7 = i64x2.add(h7, c); h6 = v128.and(h6, m26);
  c = i64x2.shr_u(h3, 25); h4 = i64x2.add(h4, c); h3 = v128.and(h3, m25);
  c = i64x2.shr_u(h7, 25); h8 = i64x2.add(h8, c); h7 = v128.and(h7, m25);
  c = i64x2.shr_u(h4, 26); h5 = i64x2.add(h5, c); h4 = v128.and(h4, m26);
  c = i64x2.shr_u(h8, 26); h9 = i64x2.add(h9, c); h8 = v128.and(h8, m26);
  c = i64x2.shr_u(h9, 25); h9 = v128.and(h9, m25);
  h0 = i64x2.add(h0, i64x2.add(c, i64x2.add(i64x2.shl(c, 1), i64x2.shl(c, 4))));  // + 19 c
  c = i64x2.shr_u(h0, 26); h1 = i64x2.add(h1, c); h0 = v128.and(h0, m26);
  v128.store(h, i32x4.shuffle(h0, h1, 0, 2, 4, 6), 0);
  v128.store(h, i32x4.shuffle(h2, h3, 0, 2, 4, 6), 16);
  v128.store(h, i32x4.shuffle(h4, h5, 0, 2, 4, 6), 32);
  v128.store(h, i32x4.shuffle(h6, h7, 0, 2, 4, 6), 48);
  v128.store(h, i32x4.shuffle(h8, h9, 0, 2, 4, 6), 64);
}
// h = f^2 lane-wise (55 products per lane); output carried
function pm_sq(h: usize, f: usize): void {
  const f0 = v128.load64_zero(f, 0);
  const f1 = v128.load64_zero(f, 8);
  const f2 = v128.load64_zero(f, 16);
  const f3 = v128.load64_zero(f, 24);
  const f4 = v128.load64_zero(f, 32);
  const f5 = v128.load64_zero(f, 40);
  const f6 = v128.load64_zero(f, 48);
  const f7 = v128.load64_zero(f, 56);
  const f8 = v128.load64_zero(f, 64);
  const f9 = v128.load64_zero(f, 72);
  const f0_2 = i32x4.shl(f0, 1);
  const f1_2 = i32x4.shl(f1, 1);
  const f2_2 = i32x4.shl(f2, 1);
  const f3_2 = i32x4.shl(f3, 1);
  const f4_2 = i32x4.shl(f4, 1);
  const f5_2 = i32x4.shl(f5, 1);
  const f6_2 = i32x4.shl(f6, 1);
  const f7_2 = i32x4.shl(f7, 1);
  const f5_38 = i32x4.mul(f5, i32x4.splat(38));
  const f6_19 = i32x4.mul(f6, i32x4.splat(19));
  const f7_38 = i32x4.mul(f7, i32x4.splat(38));
  const f8_19 = i32x4.mul(f8, i32x4.splat(19));
  const f9_38 = i32x4.mul(f9, i32x4.splat(38));
  let h0 = i64x2.extmul_low_i32x4_u(f0, f0);
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f1_2, f9_38));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f2_2, f8_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f3_2, f7_38));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f4_2, f6_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f5, f5_38));
  let h1 = i64x2.extmul_low_i32x4_u(f0_2, f1);
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f2, f9_38));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f3_2, f8_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f4, f7_38));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f5_2, f6_19));
  let h2 = i64x2.extmul_low_i32x4_u(f0_2, f2);
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f1_2, f1));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f3_2, f9_38));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f4_2, f8_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f5_2, f7_38));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f6, f6_19));
  let h3 = i64x2.extmul_low_i32x4_u(f0_2, f3);
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f1_2, f2));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f4, f9_38));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f5_2, f8_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f6, f7_38));
  let h4 = i64x2.extmul_low_i32x4_u(f0_2, f4);
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f1_2, f3_2));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f2, f2));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f5_2, f9_38));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f6_2, f8_19));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f7, f7_38));
  let h5 = i64x2.extmul_low_i32x4_u(f0_2, f5);
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f1_2, f4));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f2_2, f3));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f6, f9_38));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f7_2, f8_19));
  let h6 = i64x2.extmul_low_i32x4_u(f0_2, f6);
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f1_2, f5_2));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f2_2, f4));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f3_2, f3));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f7_2, f9_38));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f8, f8_19));
  let h7 = i64x2.extmul_low_i32x4_u(f0_2, f7);
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f1_2, f6));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f2_2, f5));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f3_2, f4));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f8, f9_38));
  let h8 = i64x2.extmul_low_i32x4_u(f0_2, f8);
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f1_2, f7_2));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f2_2, f6));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f3_2, f5_2));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f4, f4));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f9, f9_38));
  let h9 = i64x2.extmul_low_i32x4_u(f0_2, f9);
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f1_2, f8));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f2_2, f7));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f3_2, f6));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f4_2, f5));
  const m26 = i64x2.splat(0x3ffffff);
  const m25 = i64x2.splat(0x1ffffff);
  let c: v128;
  c = i64x2.shr_u(h0, 26); h1 = i64x2.add(h1, c); h0 = v128.and(h0, m26);
  c = i64x2.shr_u(h4, 26); h5 = i64x2.add(h5, c); h4 = v128.and(h4, m26);
  c = i64x2.shr_u(h1, 25); h2 = i64x2.add(h2, c); h1 = v128.and(h1, m25);
  c = i64x2.shr_u(h5, 25); h6 = i64x2.add(h6, c); h5 = v128.and(h5, m25);
  c = i64x2.shr_u(h2, 26); h3 = i64x2.add(h3, c); h2 = v128.and(h2, m26);
  c = i64x2.shr_u(h6, 26); h7 = i64x2.add(h7, c); h6 = v128.and(h6, m26);
  c = i64x2.shr_u(h3, 25); h4 = i64x2.add(h4, c); h3 = v128.and(h3, m25);
  c = i64x2.shr_u(h7, 25); h8 = i64x2.add(h8, c); h7 = v128.and(h7, m25);
  c = i64x2.shr_u(h4, 26); h5 = i64x2.add(h5, c); h4 = v128.and(h4, m26);
  c = i64x2.shr_u(h8, 26); h9 = i64x2.add(h9, c); h8 = v128.and(h8, m26);
  c = i64x2.shr_u(h9, 25); h9 = v128.and(h9, m25);
  h0 = i64x2.add(h0, i64x2.add(c, i64x2.add(i64x2.shl(c, 1), i64x2.shl(c, 4))));  // + 19 c
  c = i64x2.shr_u(h0, 26); h1 = i64x2.add(h1, c); h0 = v128.and(h0, m26);
  v128.store(h, i32x4.shuffle(h0, h1, 0, 2, 4, 6), 0);
  v128.store(h, i32x4.shuffle(h2, h3, 0, 2, 4, 6), 16);
  v128.store(h, i32x4.shuffle(h4, h5, 0, 2, 4, 6), 32);
  v128.store(h, i32x4.shuffle(h6, h7, 0, 2, 4, 6), 48);
  v128.store(h, i32x4.shuffle(h8, h9, 0, 2, 4, 6), 64);
}
// (AA, BB) = f^2; h = (AA, E = AA - BB + 2p); r = (BB, AA + 121665 E)  [RFC 7748 a24]
function pm_sq_LR(h: usize, f: usize, r: usize): void {
  const f0 = v128.load64_zero(f, 0);
  const f1 = v128.load64_zero(f, 8);
  const f2 = v128.load64_zero(f, 16);
  const f3 = v128.load64_zero(f, 24);
  const f4 = v128.load64_zero(f, 32);
  const f5 = v128.load64_zero(f, 40);
  const f6 = v128.load64_zero(f, 48);
  const f7 = v128.load64_zero(f, 56);
  const f8 = v128.load64_zero(f, 64);
  const f9 = v128.load64_zero(f, 72);
  const f0_2 = i32x4.shl(f0, 1);
  const f1_2 = i32x4.shl(f1, 1);
  const f2_2 = i32x4.shl(f2, 1);
  const f3_2 = i32x4.shl(f3, 1);
  const f4_2 = i32x4.shl(f4, 1);
  const f5_2 = i32x4.shl(f5, 1);
  const f6_2 = i32x4.shl(f6, 1);
  const f7_2 = i32x4.shl(f7, 1);
  const f5_38 = i32x4.mul(f5, i32x4.splat(38));
  const f6_19 = i32x4.mul(f6, i32x4.splat(19));
  const f7_38 = i32x4.mul(f7, i32x4.splat(38));
  const f8_19 = i32x4.mul(f8, i32x4.splat(19));
  const f9_38 = i32x4.mul(f9, i32x4.splat(38));
  let h0 = i64x2.extmul_low_i32x4_u(f0, f0);
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f1_2, f9_38));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f2_2, f8_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f3_2, f7_38));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f4_2, f6_19));
  h0 = i64x2.add(h0, i64x2.extmul_low_i32x4_u(f5, f5_38));
  let h1 = i64x2.extmul_low_i32x4_u(f0_2, f1);
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f2, f9_38));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f3_2, f8_19));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f4, f7_38));
  h1 = i64x2.add(h1, i64x2.extmul_low_i32x4_u(f5_2, f6_19));
  let h2 = i64x2.extmul_low_i32x4_u(f0_2, f2);
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f1_2, f1));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f3_2, f9_38));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f4_2, f8_19));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f5_2, f7_38));
  h2 = i64x2.add(h2, i64x2.extmul_low_i32x4_u(f6, f6_19));
  let h3 = i64x2.extmul_low_i32x4_u(f0_2, f3);
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f1_2, f2));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f4, f9_38));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f5_2, f8_19));
  h3 = i64x2.add(h3, i64x2.extmul_low_i32x4_u(f6, f7_38));
  let h4 = i64x2.extmul_low_i32x4_u(f0_2, f4);
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f1_2, f3_2));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f2, f2));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f5_2, f9_38));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f6_2, f8_19));
  h4 = i64x2.add(h4, i64x2.extmul_low_i32x4_u(f7, f7_38));
  let h5 = i64x2.extmul_low_i32x4_u(f0_2, f5);
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f1_2, f4));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f2_2, f3));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f6, f9_38));
  h5 = i64x2.add(h5, i64x2.extmul_low_i32x4_u(f7_2, f8_19));
  let h6 = i64x2.extmul_low_i32x4_u(f0_2, f6);
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f1_2, f5_2));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f2_2, f4));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f3_2, f3));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f7_2, f9_38));
  h6 = i64x2.add(h6, i64x2.extmul_low_i32x4_u(f8, f8_19));
  let h7 = i64x2.extmul_low_i32x4_u(f0_2, f7);
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f1_2, f6));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f2_2, f5));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f3_2, f4));
  h7 = i64x2.add(h7, i64x2.extmul_low_i32x4_u(f8, f9_38));
  let h8 = i64x2.extmul_low_i32x4_u(f0_2, f8);
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f1_2, f7_2));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f2_2, f6));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f3_2, f5_2));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f4, f4));
  h8 = i64x2.add(h8, i64x2.extmul_low_i32x4_u(f9, f9_38));
  let h9 = i64x2.extmul_low_i32x4_u(f0_2, f9);
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f1_2, f8));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f2_2, f7));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f3_2, f6));
  h9 = i64x2.add(h9, i64x2.extmul_low_i32x4_u(f4_2, f5));
  const m26 = i64x2.splat(0x3ffffff);
  const m25 = i64x2.splat(0x1ffffff);
  let c: v128;
  c = i64x2.shr_u(h0, 26); h1 = i64x2.add(h1, c); h0 = v128.and(h0, m26);
  c = i64x2.shr_u(h4, 26); h5 = i64x2.add(h5, c); h4 = v128.and(h4, m26);
  c = i64x2.shr_u(h1, 25); h2 = i64x2.add(h2, c); h1 = v128.and(h1, m25);
  c = i64x2.shr_u(h5, 25); h6 = i64x2.add(h6, c); h5 = v128.and(h5, m25);
  c = i64x2.shr_u(h2, 26); h3 = i64x2.add(h3, c); h2 = v128.and(h2, m26);
  c = i64x2.shr_u(h6, 26); h7 = i64x2.add(h7, c); h6 = v128.and(h6, m26);
  c = i64x2.shr_u(h3, 25); h4 = i64x2.add(h4, c); h3 = v128.and(h3, m25);
  c = i64x2.shr_u(h7, 25); h8 = i64x2.add(h8, c); h7 = v128.and(h7, m25);
  c = i64x2.shr_u(h4, 26); h5 = i64x2.add(h5, c); h4 = v128.and(h4, m26);
  c = i64x2.shr_u(h8, 26); h9 = i64x2.add(h9, c); h8 = v128.and(h8, m26);
  c = i64x2.shr_u(h9, 25); h9 = v128.and(h9, m25);
  h0 = i64x2.add(h0, i64x2.add(c, i64x2.add(i64x2.shl(c, 1), i64x2.shl(c, 4))));  // + 19 c
  c = i64x2.shr_u(h0, 26); h1 = i64x2.add(h1, c); h0 = v128.and(h0, m26);
  const k = i32x4.splat(121665);
  const v0 = i32x4.shuffle(h0, h1, 0, 2, 4, 6);
  const t0 = i32x4.shuffle(v0, v0, 1, 0, 3, 2);
  const l0 = v128.bitselect(i32x4.add(t0, i32x4.sub(v128.load(TWOP, 0), v0)), v0, LANEB);
  v128.store(h, l0, 0);
  const v1 = i32x4.shuffle(h2, h3, 0, 2, 4, 6);
  const t1 = i32x4.shuffle(v1, v1, 1, 0, 3, 2);
  const l1 = v128.bitselect(i32x4.add(t1, i32x4.sub(v128.load(TWOP, 16), v1)), v1, LANEB);
  v128.store(h, l1, 16);
  const v2 = i32x4.shuffle(h4, h5, 0, 2, 4, 6);
  const t2 = i32x4.shuffle(v2, v2, 1, 0, 3, 2);
  const l2 = v128.bitselect(i32x4.add(t2, i32x4.sub(v128.load(TWOP, 32), v2)), v2, LANEB);
  v128.store(h, l2, 32);
  const v3 = i32x4.shuffle(h6, h7, 0, 2, 4, 6);
  const t3 = i32x4.shuffle(v3, v3, 1, 0, 3, 2);
  const l3 = v128.bitselect(i32x4.add(t3, i32x4.sub(v128.load(TWOP, 48), v3)), v3, LANEB);
  v128.store(h, l3, 48);
  const v4 = i32x4.shuffle(h8, h9, 0, 2, 4, 6);
  const t4 = i32x4.shuffle(v4, v4, 1, 0, 3, 2);
  const l4 = v128.bitselect(i32x4.add(t4, i32x4.sub(v128.load(TWOP, 64), v4)), v4, LANEB);
  v128.store(h, l4, 64);
  {
    let h0 = i64x2.extmul_low_i32x4_u(l0, k);
    let h1 = i64x2.extmul_high_i32x4_u(l0, k);
    let h2 = i64x2.extmul_low_i32x4_u(l1, k);
    let h3 = i64x2.extmul_high_i32x4_u(l1, k);
    let h4 = i64x2.extmul_low_i32x4_u(l2, k);
    let h5 = i64x2.extmul_high_i32x4_u(l2, k);
    let h6 = i64x2.extmul_low_i32x4_u(l3, k);
    let h7 = i64x2.extmul_high_i32x4_u(l3, k);
    let h8 = i64x2.extmul_low_i32x4_u(l4, k);
    let h9 = i64x2.extmul_high_i32x4_u(l4, k);
    const m26 = i64x2.splat(0x3ffffff);
    const m25 = i64x2.splat(0x1ffffff);
    let c: v128;
    c = i64x2.shr_u(h0, 26); h1 = i64x2.add(h1, c); h0 = v128.and(h0, m26);
    c = i64x2.shr_u(h4, 26); h5 = i64x2.add(h5, c); h4 = v128.and(h4, m26);
    c = i64x2.shr_u(h1, 25); h2 = i64x2.add(h2, c); h1 = v128.and(h1, m25);
    c = i64x2.shr_u(h5, 25); h6 = i64x2.add(h6, c); h5 = v128.and(h5, m25);
    c = i64x2.shr_u(h2, 26); h3 = i64x2.add(h3, c); h2 = v128.and(h2, m26);
    c = i64x2.shr_u(h6, 26); h7 = i64x2.add(h7, c); h6 = v128.and(h6, m26);
    c = i64x2.shr_u(h3, 25); h4 = i64x2.add(h4, c); h3 = v128.and(h3, m25);
    c = i64x2.shr_u(h7, 25); h8 = i64x2.add(h8, c); h7 = v128.and(h7, m25);
    c = i64x2.shr_u(h4, 26); h5 = i64x2.add(h5, c); h4 = v128.and(h4, m26);
    c = i64x2.shr_u(h8, 26); h9 = i64x2.add(h9, c); h8 = v128.and(h8, m26);
    c = i64x2.shr_u(h9, 25); h9 = v128.and(h9, m25);
    h0 = i64x2.add(h0, i64x2.add(c, i64x2.add(i64x2.shl(c, 1), i64x2.shl(c, 4))));  // + 19 c
    c = i64x2.shr_u(h0, 26); h1 = i64x2.add(h1, c); h0 = v128.and(h0, m26);
    v128.store(r, i32x4.add(t0, v128.and(i32x4.shuffle(h0, h1, 0, 2, 4, 6), LANEB)), 0);
    v128.store(r, i32x4.add(t1, v128.and(i32x4.shuffle(h2, h3, 0, 2, 4, 6), LANEB)), 16);
    v128.store(r, i32x4.add(t2, v128.and(i32x4.shuffle(h4, h5, 0, 2, 4, 6), LANEB)), 32);
    v128.store(r, i32x4.add(t3, v128.and(i32x4.shuffle(h6, h7, 0, 2, 4, 6), LANEB)), 48);
    v128.store(r, i32x4.add(t4, v128.and(i32x4.shuffle(h8, h9, 0, 2, 4, 6), LANEB)), 64);
  }
}

// Ladder on the clamped scalar in K and u in X1 (scalar element, 0 <= limbs < nominal).
function ladder_simd(out: usize): i32 {
  memory.fill(PSCR, 0, PSCR_SIZE);
  store<u32>(PP, 1);                   // P = (1, 0)
  store<u32>(PQ + 4, 1);               // Q = (x1, 1)
  store<u32>(PX1, 1);                  // X1P = (1, x1)
  for (let i: usize = 0; i < 10; i++) {
    const x = load<u32>(X1 + (i << 2));
    store<u32>(PQ + (i << 3), x);
    store<u32>(PX1 + (i << 3) + 4, x);
  }
  for (let o: usize = 0; o < 80; o += 16) {
    v128.store(PX19 + o, i32x4.mul(v128.load(PX1 + o), i32x4.splat(19)));
  }
  let swap: u32 = 0;
  for (let t = 254; t >= 0; t--) {
    const kt = (<u32>load<u8>(K + <usize>(t >> 3)) >> <u32>(t & 7)) & 1;
    swap ^= kt;
    pm_cswap_bfly(swap);               // PAB = (A, B), PDC = (D, C)
    swap = kt;
    // ordered so that each operation's inputs were produced two operations earlier
    pm_mul_bfly(PDC, PAB, PDC);        // (DA + CB, DA - CB)
    pm_sq_LR(PL, PAB, PR);             // PL = (AA, E), PR = (BB, AA + a24 E)
    pm_sq(PDC, PDC);                   // (x3, (DA - CB)^2)
    pm_mul(PP, PL, PR);                // P = (AA BB, E (AA + a24 E))
    pm_mul_x1(PQ, PDC, PX1);           // Q = (x3, x1 (DA - CB)^2)
  }
  pm_cswap(PP, PQ, swap);
  for (let i: usize = 0; i < 10; i++) {
    store<u32>(X2 + (i << 2), load<u32>(PP + (i << 3)));
    store<u32>(Z2 + (i << 2), load<u32>(PP + (i << 3) + 4));
  }
  memory.fill(PSCR, 0, PSCR_SIZE);
  return finish(out);
}
