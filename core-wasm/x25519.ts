// X25519 (RFC 7748): constant-time Montgomery ladder on the u-coordinate.
//
// x25519(out, scalar, point): out = X25519(scalar, u); returns 0, or -1 if the result is all
//   zero (out is still written; the caller treats it as an error). The scalar is clamped as
//   RFC 7748 says; bit 255 of u is masked and non-canonical u (>= p) is accepted and reduced,
//   as the RFC requires.
// x25519_base(out, scalar): out = X25519(scalar, 9), computed on the birationally equivalent
//   Edwards curve with the constant-time fixed-base comb of edwards25519.ts (several times
//   faster than a ladder): the clamped scalar reduced mod l times B, then u = (Z + Y) / (Z - Y).
//   9 is the u of B, which has order l, so the reduction changes nothing; the reduced scalar is
//   never 0 (a clamped scalar is 2^254 + 8k < 2^255, and l is odd and above 2^252), so the
//   point is never the identity and Z - Y never vanishes.
// x25519_batch(out, scalar, points, n): n results of one scalar against n consecutive 32-byte
//   u-coordinates, into out (32 n bytes; out may equal points); returns the number of all-zero
//   results. The scalar is clamped once and the final inversions of each group of up to 64
//   results are shared (Montgomery's trick).
//
// The ladder runs 255 fixed steps with masked swaps, two field operations at a time with v128
// (see the SIMD section below). Scratch is owned by this file and wiped before returning.

import {
  fe_add, fe_sub, fe_mul, fe_invert, fe_frombytes, fe_tobytes, fe_cmov, fe_iszero, fe_1, fe_0,
  fe_copy, fe_mul_cols, fe_mul_gv,
} from "./field25519";
import { ge_scalarmult_base } from "./edwards25519";
import { sc_reduce32 } from "./scalar25519";
import { bytes32_iszero } from "./ct";

// scratch: clamped scalar (32), x1 x2 z2 (3 x 40), temporaries (4 x 40)
const SCR: usize = memory.data(32 + 7 * 40, 16);
const K: usize = SCR;
const X1: usize = SCR + 32;
const X2: usize = SCR + 72;
const Z2: usize = SCR + 112;
const TA: usize = SCR + 152;
const TB: usize = SCR + 192;
const TC: usize = SCR + 232;
const TD: usize = SCR + 272;
const SCR_SIZE: usize = 32 + 7 * 40;

// batch scratch: x and z of up to 64 results, and their prefix products
const BATCH: u32 = 64;
const BSCR: usize = memory.data(3 * 64 * 40, 16);
const BX: usize = BSCR;
const BZ: usize = BSCR + 64 * 40;
const BP: usize = BSCR + 128 * 40;
const BSCR_SIZE: usize = 3 * 64 * 40;

// @ts-ignore: decorator
@inline
function clamp(scalar: usize): void {
  memory.copy(K, scalar, 32);
  store<u8>(K, load<u8>(K) & 248);
  store<u8>(K + 31, (load<u8>(K + 31) & 127) | 64);
}

// -1 if the 32 bytes at s are all zero, else 0 (constant time)
// @ts-ignore: decorator
@inline
function zero_flag(s: usize): i32 {
  return -<i32>bytes32_iszero(s);
}

// out = X2 / Z2 (0 if Z2 = 0)
function finish(out: usize): i32 {
  fe_invert(Z2, Z2);
  fe_mul(X2, X2, Z2);
  fe_tobytes(out, X2);
  return zero_flag(out);
}

export function x25519(out: usize, scalar: usize, point: usize): i32 {
  clamp(scalar);
  fe_frombytes(X1, point);
  ladder();
  const r = finish(out);
  memory.fill(SCR, 0, SCR_SIZE);
  return r;
}

// An extended Edwards point (X:Y:Z:T) for x25519_base.
const EP: usize = memory.data(160, 16);

export function x25519_base(out: usize, scalar: usize): void {
  clamp(scalar);
  sc_reduce32(K, K);
  ge_scalarmult_base(EP, K);
  fe_add(TA, EP + 80, EP + 40);
  fe_sub(TB, EP + 80, EP + 40);
  fe_invert(TB, TB);
  fe_mul(X2, TA, TB);
  fe_tobytes(out, X2);
  memory.fill(SCR, 0, SCR_SIZE);
  memory.fill(EP, 0, 160);
}

export function x25519_batch(out: usize, scalar: usize, points: usize, n: u32): i32 {
  clamp(scalar);
  let zeros: i32 = 0;
  for (let start: u32 = 0; start < n; start += BATCH) {
    const m = min(BATCH, n - start);
    // ladders; a zero z (low-order input) is replaced by 1 with x set to 0, so that the shared
    // inversion stays valid and that result is 0 as the single-shot path gives
    for (let i: u32 = 0; i < m; i++) {
      fe_frombytes(X1, points + (<usize>(start + i) << 5));
      ladder();
      const bx = BX + <usize>i * 40, bz = BZ + <usize>i * 40;
      const z0 = fe_iszero(Z2);
      fe_1(TA);
      fe_0(TB);
      fe_cmov(Z2, TA, z0);
      fe_cmov(X2, TB, z0);
      fe_copy(bx, X2);
      fe_copy(bz, Z2);
      // prefix products BP[i] = z_0 ... z_i
      if (i == 0) fe_copy(BP, bz);
      else fe_mul(BP + <usize>i * 40, BP + <usize>(i - 1) * 40, bz);
    }
    // inv = 1 / (z_0 ... z_{m-1}); walk back: 1/z_i = inv * BP[i-1], inv *= z_i
    fe_invert(TC, BP + <usize>(m - 1) * 40);
    for (let i = <i32>m - 1; i >= 0; i--) {
      const bx = BX + <usize>i * 40, bz = BZ + <usize>i * 40;
      if (i > 0) {
        fe_mul(TD, TC, BP + <usize>(i - 1) * 40);  // 1 / z_i
        fe_mul(TC, TC, bz);
      } else {
        fe_copy(TD, TC);
      }
      fe_mul(TD, TD, bx);
      const o = out + (<usize>(start + <u32>i) << 5);
      fe_tobytes(o, TD);
      zeros -= zero_flag(o);
    }
  }
  memory.fill(SCR, 0, SCR_SIZE);
  memory.fill(BSCR, 0, BSCR_SIZE);
  return zeros;
}


// ---------------------------------------------------------------------------------------------
// The ladder, 2-way SIMD.
//
// A "pair" holds two field elements A and B lane-wise: limb i at byte 8 i as two u32 [A_i, B_i]
// (80 bytes; a v128 holds limbs 2k and 2k+1 of both lanes). Limbs are UNSIGNED so carries are
// logical shifts (wasm SIMD has no cheap 64-bit arithmetic shift); subtraction adds 2p first.
// "Carried" here means 0 <= limb < 1.01 x nominal (outputs of pm_mul / pm_sq); the products
// accept limbs up to 3.02 x nominal (19 g_j and 2 f_i stay below 2^32, u64 accumulators below
// 2^63). i64x2.extmul_low_i32x4_u gives both lanes' 32x32->64 products at once.
// Ladder state: P = (x2, z2), Q = (x3, z3). Per step: 2 pair squarings, 2 pair multiplications and
// one single multiplication by x1 (fe_mul_cols of field25519.ts, on lane B of a pair).

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
const PXG: usize = PSCR + 160;     // x1 as fe_mul column-pair vectors (96 bytes, see x1mul_laneB)
const PAB: usize = PSCR + 320;     // (A, B)
const PDC: usize = PSCR + 400;     // (D, C), then (DA + CB, DA - CB)
const PL: usize = PSCR + 480;      // (AA, E)
const PR: usize = PSCR + 560;      // (BB, AA + a24 E)
const PSCR_SIZE: usize = 8 * 80;

// lane-B mask: [0, -1, 0, -1] as i32x4
// @ts-ignore: decorator
@lazy const LANEB: v128 = i32x4(0, -1, 0, -1);

// Masked swap of P and Q, then (A, B) = (x2 + z2, x2 - z2) into PAB and
// (D, C) = (x3 - z3, x3 + z3) into PDC, on the limbs at byte offset o (one v128 of each pair).
// P and Q themselves are not needed afterwards.
// @ts-ignore: decorator
@inline
function pm_cswap_bfly_at(o: usize, m: v128): void {
  const x = v128.load(PP + o);
  const y = v128.load(PQ + o);
  const d = v128.and(v128.xor(x, y), m);
  const p = v128.xor(x, d);
  const q = v128.xor(y, d);
  const tp = i32x4.shuffle(p, p, 1, 0, 3, 2);
  const tq = i32x4.shuffle(q, q, 1, 0, 3, 2);
  const twop = v128.load(TWOP + o);
  // (A, B): lane A p.A + p.B, lane B p.A + 2p - p.B; (D, C): lane A q.A + 2p - q.B, lane B q.A + q.B
  v128.store(PAB + o, i32x4.add(tp, v128.bitselect(i32x4.sub(twop, p), p, LANEB)));
  v128.store(PDC + o, i32x4.add(q, v128.bitselect(tq, i32x4.sub(twop, tq), LANEB)));
}

// @ts-ignore: decorator
@inline
function pm_cswap_bfly(b: u32): void {
  const m = i32x4.splat(-<i32>(b & 1));
  pm_cswap_bfly_at(0, m);
  pm_cswap_bfly_at(16, m);
  pm_cswap_bfly_at(32, m);
  pm_cswap_bfly_at(48, m);
  pm_cswap_bfly_at(64, m);
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

// How pm_carry_out writes the carried pair v = (a, b). The mode is always a literal: the pair
// operations are inlined, so Binaryen drops the branches of the other modes.
const OUT_PLAIN: i32 = 0;  // h = (a, b)
const OUT_BFLY: i32 = 1;   // h = (a + b, a - b + 2p)
const OUT_LR: i32 = 2;     // h = (a, a - b + 2p) and r = (b, a)
const OUT_ADD: i32 = 3;    // h += (a, b)

// One v128 of the output: limbs o/8 and o/8 + 1 of both lanes, from the u64 accumulators lo, hi.
// @ts-ignore: decorator
@inline
function pm_out(h: usize, r: usize, o: usize, lo: v128, hi: v128, mode: i32): void {
  const v = i32x4.shuffle(lo, hi, 0, 2, 4, 6);
  if (mode == OUT_PLAIN) {
    v128.store(h + o, v);
  } else if (mode == OUT_ADD) {
    v128.store(h + o, i32x4.add(v128.load(h + o), v));
  } else {
    const t = i32x4.shuffle(v, v, 1, 0, 3, 2);
    const d = i32x4.sub(v128.load(TWOP + o), v);       // 2p - (a, b)
    if (mode == OUT_BFLY) {
      v128.store(h + o, i32x4.add(t, v128.bitselect(d, v, LANEB)));
    } else {
      v128.store(h + o, v128.bitselect(i32x4.add(t, d), v, LANEB));
      v128.store(r + o, t);
    }
  }
}

// Carry chain of the pair products (u64 accumulators h0..h9 of both lanes), then the output as
// mode says. Output limbs carried (before the butterfly of OUT_BFLY / OUT_LR, the sum of OUT_ADD).
// @ts-ignore: decorator
@inline
function pm_carry_out(
  h: usize, r: usize, mode: i32,
  h0: v128, h1: v128, h2: v128, h3: v128, h4: v128,
  h5: v128, h6: v128, h7: v128, h8: v128, h9: v128,
): void {
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
  pm_out(h, r, 0, h0, h1, mode);
  pm_out(h, r, 16, h2, h3, mode);
  pm_out(h, r, 32, h4, h5, mode);
  pm_out(h, r, 48, h6, h7, mode);
  pm_out(h, r, 64, h8, h9, mode);
}

// h = f g lane-wise (inputs up to 3.02 x nominal), written as mode says (OUT_PLAIN: carried).
// @ts-ignore: decorator
@inline
function pm_mul(h: usize, f: usize, g: usize, mode: i32): void {
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
  pm_carry_out(h, 0, mode, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

// h = f^2 lane-wise (55 products per lane; inputs up to 3.02 x nominal), written as mode says:
// OUT_PLAIN (carried), or OUT_LR for the ladder's (AA, BB) = f^2: h = (AA, E = AA - BB + 2p) and
// r = (BB, AA + 121665 E)  [RFC 7748 a24].
// @ts-ignore: decorator
@inline
function pm_sq(h: usize, f: usize, r: usize, mode: i32): void {
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
  pm_carry_out(h, r, mode, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
  if (mode == OUT_LR) {
    // r += (0, 121665 E): the lane-A factor is 0, so lane A of r keeps BB
    const k = i32x4(0, 121665, 0, 121665);
    const l0 = v128.load(h, 0);
    const l1 = v128.load(h, 16);
    const l2 = v128.load(h, 32);
    const l3 = v128.load(h, 48);
    const l4 = v128.load(h, 64);
    pm_carry_out(
      r, 0, OUT_ADD,
      i64x2.extmul_low_i32x4_u(l0, k), i64x2.extmul_high_i32x4_u(l0, k),
      i64x2.extmul_low_i32x4_u(l1, k), i64x2.extmul_high_i32x4_u(l1, k),
      i64x2.extmul_low_i32x4_u(l2, k), i64x2.extmul_high_i32x4_u(l2, k),
      i64x2.extmul_low_i32x4_u(l3, k), i64x2.extmul_high_i32x4_u(l3, k),
      i64x2.extmul_low_i32x4_u(l4, k), i64x2.extmul_high_i32x4_u(l4, k),
    );
  }
}

// The pair operations above are inlined into this one function (measured about 8% faster than
// calling them: fewer spills around calls and no code-switching cost).
// Ladder on the clamped scalar in K and u in X1 (scalar element, 0 <= limbs < nominal); leaves
// the projective result in X2, Z2.
function ladder(): void {
  memory.fill(PSCR, 0, PSCR_SIZE);
  store<u32>(PP, 1);                   // P = (1, 0)
  store<u32>(PQ + 4, 1);               // Q = (x1, 1)
  for (let i: usize = 0; i < 10; i++) store<u32>(PQ + (i << 3), load<u32>(X1 + (i << 2)));
  v128.store(PXG, fe_mul_gv(X1, 0), 0);
  v128.store(PXG, fe_mul_gv(X1, 1), 16);
  v128.store(PXG, fe_mul_gv(X1, 2), 32);
  v128.store(PXG, fe_mul_gv(X1, 3), 48);
  v128.store(PXG, fe_mul_gv(X1, 4), 64);
  v128.store(PXG, fe_mul_gv(X1, 5), 80);
  let swap: u32 = 0;
  for (let t = 254; t >= 0; t--) {
    const kt = (<u32>load<u8>(K + <usize>(t >> 3)) >> <u32>(t & 7)) & 1;
    swap ^= kt;
    pm_cswap_bfly(swap);               // PAB = (A, B), PDC = (D, C)
    swap = kt;
    // ordered so that each operation's inputs were produced two operations earlier
    pm_mul(PDC, PAB, PDC, OUT_BFLY);         // (DA + CB, DA - CB)
    pm_sq(PL, PAB, PR, OUT_LR);              // PL = (AA, E), PR = (BB, AA + a24 E)
    pm_sq(PQ, PDC, 0, OUT_PLAIN);            // (x3, (DA - CB)^2)
    pm_mul(PP, PL, PR, OUT_PLAIN);           // P = (AA BB, E (AA + a24 E))
    // lane B alone times x1: a pair product here would spend half its work on x3 * 1
    fe_mul_cols(PQ + 4, PQ + 4, true,        // Q = (x3, x1 (DA - CB)^2)
      v128.load(PXG, 0), v128.load(PXG, 16), v128.load(PXG, 32),
      v128.load(PXG, 48), v128.load(PXG, 64), v128.load(PXG, 80));
  }
  pm_cswap(PP, PQ, swap);
  for (let i: usize = 0; i < 10; i++) {
    store<u32>(X2 + (i << 2), load<u32>(PP + (i << 3)));
    store<u32>(Z2 + (i << 2), load<u32>(PP + (i << 3) + 4));
  }
  memory.fill(PSCR, 0, PSCR_SIZE);
}
