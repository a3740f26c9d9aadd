// The edwards25519 group: -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19).
//
// Point representations (each field element 40 bytes, see field25519.ts):
//   p3     extended (X : Y : Z : T), x = X/Z, y = Y/Z, T = XY/Z         160 bytes: X 0, Y 40, Z 80, T 120
//   p2     projective (X : Y : Z); a p3 buffer can be read as a p2     120 bytes (160 reserved)
//   p1p1   completed ((X : Z), (Y : T)), x = X/Z, y = Y/T               160 bytes
//   cached (Y+X, Y-X, Z, 2dT) of a p3, the second operand of ge_add      160 bytes
//   niels  (y+x, y-x, 2dxy) of an affine point (Z = 1), for ge_madd      120 bytes
//
// Unless a function says otherwise its output must not alias its inputs (the formulas read
// inputs after writing outputs). Functions whose names start with ge_p3_ (add, sub, neg, dbl)
// go through their own scratch, so there the output may alias an input.
//
// Limb bounds: every formula below feeds fe_mul/fe_sq with sums or differences of at most
// three carried elements (<= 1.53 x nominal; fe_mul and fe_sq accept 3.9 x).
//
// Only the squarings of the doubling are inlined: inlining everything gained about 2% for 32 KB
// of code.
//
// Constant time: everything except the functions marked _vartime (verification, public
// inputs only) and ge_frombytes (its early exits depend on the public encoding only).

import {
  fe_0, fe_1, fe_copy, fe_add, fe_sub, fe_neg, fe_sq, fe_cswap, fe_cneg, fe_frombytes,
  fe_tobytes, fe_bytes_canonical, fe_isnegative, fe_iszero, fe_invert, fe_sqrt_ratio_m1,
  fe_mul, fe_sq_inline, FE_D, FE_D2,
} from "./field25519";
import {
  ED25519_BASE_TABLE, ED25519_BASE_ODD, ED25519_BASE128_ODD, BASE_W, BASE_TEETH, BASE_DIGITS,
  BASE_ENTRIES,
  ED25519_BX, ED25519_BY, ED25519_BT,
} from "./ed25519_table";

// ---------------------------------------------------------------------------------------------
// Constants

// Identity in cached form (1, 1, 1, 0) and niels form (1, 1, 0) (+ 8 bytes of padding).
const CACHED_ID: usize = memory.data<i32>([
  1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
], 16);
const NIELS_ID: usize = memory.data<i32>([
  1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0,
], 16);

// ---------------------------------------------------------------------------------------------
// Scratch (owned by this file; one region per function so nested calls never collide)

// Scratch of the basic formulas, one block so that ge_wipe clears it at once: it can hold
// intermediate values of secret computations.
const SHARED_SIZE: usize = 40 + 40 + 160 + 160 + 160;
const SHARED: usize = memory.data(<i32>SHARED_SIZE, 16);
const ADD_T0: usize = SHARED;                   // ge_add / ge_sub / ge_madd / ge_msub
const DBL_T0: usize = SHARED + 40;              // ge_p2_dbl
const P3OP_C: usize = SHARED + 80;              // ge_p3_add / ge_p3_sub
const P3OP_T: usize = SHARED + 240;
const P3DBL_T: usize = SHARED + 400;            // ge_p3_dbl
const SO_R: usize = memory.data(160, 16);       // ge_is_small_order
const SO_T: usize = memory.data(160, 16);
const ENC_T: usize = memory.data(120, 16);      // ge_tobytes
const DEC_T: usize = memory.data(80, 16);       // ge_frombytes

// ge_scalarmult
const SM_E: usize = memory.data(64, 16);        // signed radix-16 digits
const SM_TBL: usize = memory.data(8 * 160, 16); // cached P, 2P, ..., 8P
const SM_C: usize = memory.data(160, 16);       // selected cached point
const SM_T: usize = memory.data(160, 16);       // p1p1
const SM_U: usize = memory.data(160, 16);       // p3 accumulator
const SM_R: usize = memory.data(160, 16);       // p2
const SM_Q: usize = memory.data(8 * 160, 16);   // p3 P, 2P, ..., 8P while building the table

// ge_scalarmult_base
const SB_S: usize = memory.data(40, 16);        // scalar copy, zero padded
const SB_E: usize = memory.data(64, 16);        // signed radix-2^W digits
const SB_N: usize = memory.data(128, 16);       // selected niels point (+ padding)
const SB_T: usize = memory.data(160, 16);
const SB_U: usize = memory.data(160, 16);
const SB_R: usize = memory.data(160, 16);

// ge_multi_scalarmult_vartime (public data only, not wiped)
const MS_S: usize = memory.data(64, 16);        // s_lo, s_hi as 32-byte scalars
const MS_N0: usize = memory.data(256, 16);      // NAFs
const MS_N1: usize = memory.data(256, 16);
const MS_NA: usize = memory.data(256, 16);
const MS_NB: usize = memory.data(256, 16);
const MS_W: usize = memory.data(48, 16);        // scalar copy as 64-bit words (+ zero word)
const MS_TA: usize = memory.data(8 * 160, 16);  // cached A, 3A, ..., 15A
const MS_TB: usize = memory.data(8 * 160, 16);  // cached R, 3R, ..., 15R
const MS_C2: usize = memory.data(160, 16);
const MS_T: usize = memory.data(160, 16);
const MS_U: usize = memory.data(160, 16);
const MS_R: usize = memory.data(160, 16);

// ---------------------------------------------------------------------------------------------
// Basic forms

// Zero the scratch of the basic formulas. ge_scalarmult and ge_scalarmult_base call it; callers
// that run ge_add / ge_p3_add / ... on secret points themselves call it before returning.
export function ge_wipe(): void {
  memory.fill(SHARED, 0, SHARED_SIZE);
}

export function ge_p3_0(h: usize): void {
  fe_0(h);
  fe_1(h + 40);
  fe_1(h + 80);
  fe_0(h + 120);
}

export function ge_p3_copy(h: usize, p: usize): void {
  memory.copy(h, p, 160);
}

// The base point B in extended coordinates.
export function ge_p3_base(h: usize): void {
  fe_copy(h, ED25519_BX);
  fe_copy(h + 40, ED25519_BY);
  fe_1(h + 80);
  fe_copy(h + 120, ED25519_BT);
}

// r = p (p1p1 -> p2). r may alias p.
export function ge_p1p1_to_p2(r: usize, p: usize): void {
  fe_mul(r, p, p + 120);
  fe_mul(r + 40, p + 40, p + 80);
  fe_mul(r + 80, p + 80, p + 120);
}

// r = p (p1p1 -> p3). r must not alias p.
export function ge_p1p1_to_p3(r: usize, p: usize): void {
  fe_mul(r, p, p + 120);
  fe_mul(r + 40, p + 40, p + 80);
  fe_mul(r + 80, p + 80, p + 120);
  fe_mul(r + 120, p, p + 40);
}

// r = cached(p). r must not alias p.
export function ge_p3_to_cached(r: usize, p: usize): void {
  fe_add(r, p + 40, p);
  fe_sub(r + 40, p + 40, p);
  fe_copy(r + 80, p + 80);
  fe_mul(r + 120, p + 120, FE_D2);
}

// ---------------------------------------------------------------------------------------------
// Addition and doubling (Hisil-Wong-Carter-Dawson, a = -1)

// r (p1p1) = p (p3) + q, or - q if sub; q cached (Y+X, Y-X, Z, 2dT) or, if niels, (y+x, y-x,
// 2dxy) with Z = 1. -q is q with its first two elements swapped and the last negated: the
// products take them swapped and G, F trade places. sub and niels are literals at every call.
// @ts-ignore: decorator
@inline
function add_formula(r: usize, p: usize, q: usize, sub: bool, niels: bool): void {
  const t0 = ADD_T0;
  fe_add(r, p + 40, p);                          // Y1 + X1
  fe_sub(r + 40, p + 40, p);                     // Y1 - X1
  fe_mul(r + 80, r, sub ? q + 40 : q);           // A = (Y1 + X1)(Y2 + X2)
  fe_mul(r + 40, r + 40, sub ? q : q + 40);      // B = (Y1 - X1)(Y2 - X2)
  fe_mul(r + 120, niels ? q + 80 : q + 120, p + 120);   // C = 2d T1 T2
  if (niels) {
    fe_add(t0, p + 80, p + 80);                  // D = 2 Z1
  } else {
    fe_mul(r, p + 80, q + 80);                   // Z1 Z2
    fe_add(t0, r, r);                            // D = 2 Z1 Z2
  }
  fe_sub(r, r + 80, r + 40);                     // E = A - B
  fe_add(r + 40, r + 80, r + 40);                // H = A + B
  if (sub) {
    fe_sub(r + 80, t0, r + 120);
    fe_add(r + 120, t0, r + 120);
  } else {
    fe_add(r + 80, t0, r + 120);                 // G = D + C
    fe_sub(r + 120, t0, r + 120);                // F = D - C
  }
}

// r (p1p1) = p (p3) + q (cached)
export function ge_add(r: usize, p: usize, q: usize): void {
  add_formula(r, p, q, false, false);
}

// r (p1p1) = p (p3) - q (cached)
export function ge_sub(r: usize, p: usize, q: usize): void {
  add_formula(r, p, q, true, false);
}

// r (p1p1) = p (p3) + q (niels)
export function ge_madd(r: usize, p: usize, q: usize): void {
  add_formula(r, p, q, false, true);
}

// r (p1p1) = p (p3) - q (niels)
export function ge_msub(r: usize, p: usize, q: usize): void {
  add_formula(r, p, q, true, true);
}

// r (p1p1) = 2 p (p2 or p3)
export function ge_p2_dbl(r: usize, p: usize): void {
  const t0 = DBL_T0;
  fe_sq_inline(r, p, false);            // X^2
  fe_sq_inline(r + 80, p + 40, false);  // Y^2
  fe_sq_inline(r + 120, p + 80, true);  // 2 Z^2
  fe_add(r + 40, p, p + 40);            // X + Y
  fe_sq_inline(t0, r + 40, false);      // (X + Y)^2
  fe_add(r + 40, r + 80, r);            // Y^2 + X^2
  fe_sub(r + 80, r + 80, r);            // Y^2 - X^2
  fe_sub(r, t0, r + 40);                // 2XY
  fe_sub(r + 120, r + 120, r + 80);     // 2Z^2 - (Y^2 - X^2)
}

// ---------------------------------------------------------------------------------------------
// Whole-point helpers (p3 in, p3 out; output may alias inputs)

export function ge_p3_add(r: usize, p: usize, q: usize): void {
  ge_p3_to_cached(P3OP_C, q);
  ge_add(P3OP_T, p, P3OP_C);
  ge_p1p1_to_p3(r, P3OP_T);
}

export function ge_p3_sub(r: usize, p: usize, q: usize): void {
  ge_p3_to_cached(P3OP_C, q);
  ge_sub(P3OP_T, p, P3OP_C);
  ge_p1p1_to_p3(r, P3OP_T);
}

export function ge_p3_neg(r: usize, p: usize): void {
  fe_neg(r, p);
  fe_copy(r + 40, p + 40);
  fe_copy(r + 80, p + 80);
  fe_neg(r + 120, p + 120);
}

export function ge_p3_dbl(r: usize, p: usize): void {
  ge_p2_dbl(P3DBL_T, p);
  ge_p1p1_to_p3(r, P3DBL_T);
}

// 1 if 8p is the identity (p has small order, including the identity itself), else 0.
// 8p = identity iff X(8p) = 0: the only points with x = 0 are (0, 1) and (0, -1), and 8p cannot
// be (0, -1) (that would give p order 16; the torsion subgroup has order 8).
export function ge_is_small_order(p: usize): u32 {
  ge_p2_dbl(SO_T, p);
  ge_p1p1_to_p2(SO_R, SO_T);
  ge_p2_dbl(SO_T, SO_R);
  ge_p1p1_to_p2(SO_R, SO_T);
  ge_p2_dbl(SO_T, SO_R);
  ge_p1p1_to_p2(SO_R, SO_T);
  return fe_iszero(SO_R);
}

// ---------------------------------------------------------------------------------------------
// Ed25519 encoding (RFC 8032 5.1.2 / 5.1.3)

export function ge_tobytes(s: usize, h: usize): void {
  const recip = ENC_T, x = ENC_T + 40, y = ENC_T + 80;
  fe_invert(recip, h + 80);
  fe_mul(x, h, recip);
  fe_mul(y, h + 40, recip);
  fe_tobytes(s, y);
  store<u8>(s, load<u8>(s, 31) ^ <u8>(fe_isnegative(x) << 7), 31);
  memory.fill(ENC_T, 0, 120);
}

// Strict decoding: 0 ok, -1 if y >= p (non-canonical), if x^2 = (y^2 - 1)/(d y^2 + 1) has no
// root, or if x = 0 with the sign bit set. The point is not checked for small order here.
export function ge_frombytes(h: usize, s: usize): i32 {
  const u = DEC_T, v = DEC_T + 40;
  if (fe_bytes_canonical(s) == 0) return -1;
  fe_frombytes(h + 40, s);
  fe_1(h + 80);
  fe_sq(u, h + 40);
  fe_mul(v, u, FE_D);
  fe_sub(u, u, h + 80);                 // y^2 - 1
  fe_add(v, v, h + 80);                 // d y^2 + 1
  const ok = fe_sqrt_ratio_m1(h, u, v); // nonnegative root
  memory.fill(DEC_T, 0, 80);
  if (ok == 0) return -1;
  const sign = <u32>load<u8>(s, 31) >> 7;
  if ((fe_iszero(h) & sign) != 0) return -1;
  fe_cneg(h, h, sign);                  // the root was nonnegative (even)
  fe_mul(h + 120, h, h + 40);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Constant-time table selection

// @ts-ignore: decorator
@inline
function ct_eq_mask(a: i32, b: i32): v128 {
  // a, b small non-negative: all-ones iff a == b
  return i32x4.splat(((a ^ b) - 1) >> 31);
}

// dst = digit * (entry 1 of tbl), from count entries of size bytes: cached (160: Y+X, Y-X, Z,
// 2dT) or niels (120: y+x, y-x, 2dxy) forms of P, 2P, ..., count P; |digit| <= count; id is the
// identity in that form. Scans the whole table; -P swaps the first two elements and negates the
// last. count and size are literals at every call (so the size tests fold away): a cached entry
// is 10 vectors; a niels entry 8, the last at byte 104 overlapping the one before.
// @ts-ignore: decorator
@inline
function select(dst: usize, tbl: usize, digit: i32, id: usize, count: i32, size: usize): void {
  const m = digit >> 31;
  const babs = (digit ^ m) - m;
  const o7: usize = size == 160 ? 112 : 104;
  let a0 = v128.load(id, 0), a1 = v128.load(id, 16), a2 = v128.load(id, 32), a3 = v128.load(id, 48);
  let a4 = v128.load(id, 64), a5 = v128.load(id, 80), a6 = v128.load(id, 96);
  let a7 = v128.load(id + o7);
  let a8 = a0, a9 = a0;
  if (size == 160) {
    a8 = v128.load(id, 128);
    a9 = v128.load(id, 144);
  }
  for (let k = 1; k <= count; k++) {
    const e = tbl + <usize>(k - 1) * size;
    const mask = ct_eq_mask(babs, k);
    a0 = v128.bitselect(v128.load(e, 0), a0, mask);
    a1 = v128.bitselect(v128.load(e, 16), a1, mask);
    a2 = v128.bitselect(v128.load(e, 32), a2, mask);
    a3 = v128.bitselect(v128.load(e, 48), a3, mask);
    a4 = v128.bitselect(v128.load(e, 64), a4, mask);
    a5 = v128.bitselect(v128.load(e, 80), a5, mask);
    a6 = v128.bitselect(v128.load(e, 96), a6, mask);
    a7 = v128.bitselect(v128.load(e + o7), a7, mask);
    if (size == 160) {
      a8 = v128.bitselect(v128.load(e, 128), a8, mask);
      a9 = v128.bitselect(v128.load(e, 144), a9, mask);
    }
  }
  v128.store(dst, a0, 0); v128.store(dst, a1, 16); v128.store(dst, a2, 32); v128.store(dst, a3, 48);
  v128.store(dst, a4, 64); v128.store(dst, a5, 80); v128.store(dst, a6, 96);
  v128.store(dst + o7, a7);
  if (size == 160) {
    v128.store(dst, a8, 128);
    v128.store(dst, a9, 144);
  }
  const neg = <u32>(m & 1);
  fe_cswap(dst, dst + 40, neg);
  fe_cneg(dst + size - 40, dst + size - 40, neg);
}

// c = digit * P from tbl = cached(P), ..., cached(8P); |digit| <= 8.
function select_cached(c: usize, tbl: usize, digit: i32): void {
  select(c, tbl, digit, CACHED_ID, 8, 160);
}

// n = digit * (entry 1 of tbl) from tbl = niels(P), ..., niels(BASE_ENTRIES P);
// |digit| <= BASE_ENTRIES. n needs 128 bytes.
function select_niels(n: usize, tbl: usize, digit: i32): void {
  select(n, tbl, digit, NIELS_ID, BASE_ENTRIES, 120);
}

// ---------------------------------------------------------------------------------------------
// Variable-base scalar multiplication, constant time: h = a * p.
// a: 32 bytes little-endian with a[31] <= 127 (any scalar < 2^255; reduce mod l first when the
// point may have a torsion component and that matters). Signed radix-16 digits in [-8, 8],
// 8 cached multiples, 252 doublings and 64 additions. h may alias p.

export function ge_scalarmult(h: usize, a: usize, p: usize): void {
  const e = SM_E;
  // digits
  for (let i = 0; i < 32; i++) {
    const b = <i32>load<u8>(a + <usize>i);
    store<i8>(e + <usize>(2 * i), <i8>(b & 15));
    store<i8>(e + <usize>(2 * i + 1), <i8>(b >> 4));
  }
  let carry: i32 = 0;
  for (let i = 0; i < 63; i++) {
    let v = <i32>load<i8>(e + <usize>i) + carry;
    carry = (v + 8) >> 4;
    v -= carry << 4;
    store<i8>(e + <usize>i, <i8>v);
  }
  store<i8>(e + 63, <i8>(<i32>load<i8>(e + 63) + carry));

  // table: cached P, 2P, ..., 8P, from the p3 multiples in SM_Q (kP = 2 (k/2)P for even k,
  // (k-1)P + P for odd k; k public)
  ge_p3_copy(SM_Q, p);
  ge_p3_to_cached(SM_TBL, SM_Q);
  for (let k: usize = 2; k <= 8; k++) {
    if ((k & 1) == 0) ge_p2_dbl(SM_T, SM_Q + (k / 2 - 1) * 160);
    else ge_add(SM_T, SM_Q + (k - 2) * 160, SM_TBL);
    ge_p1p1_to_p3(SM_Q + (k - 1) * 160, SM_T);
    ge_p3_to_cached(SM_TBL + (k - 1) * 160, SM_Q + (k - 1) * 160);
  }

  // main loop: U = e[63]; then U = 16 U + e[i]
  select_cached(SM_C, SM_TBL, <i32>load<i8>(e + 63));
  ge_p3_0(SM_U);
  ge_add(SM_T, SM_U, SM_C);
  ge_p1p1_to_p3(SM_U, SM_T);
  for (let i = 62; i >= 0; i--) {
    ge_p2_dbl(SM_T, SM_U); ge_p1p1_to_p2(SM_R, SM_T);
    ge_p2_dbl(SM_T, SM_R); ge_p1p1_to_p2(SM_R, SM_T);
    ge_p2_dbl(SM_T, SM_R); ge_p1p1_to_p2(SM_R, SM_T);
    ge_p2_dbl(SM_T, SM_R); ge_p1p1_to_p3(SM_U, SM_T);
    select_cached(SM_C, SM_TBL, <i32>load<i8>(e + <usize>i));
    ge_add(SM_T, SM_U, SM_C);
    if (i > 0) ge_p1p1_to_p2(SM_U, SM_T);               // the next doubling ignores T
    else ge_p1p1_to_p3(h, SM_T);
  }

  memory.fill(SM_E, 0, 64);
  memory.fill(SM_TBL, 0, 8 * 160);
  memory.fill(SM_C, 0, 160);
  memory.fill(SM_T, 0, 160);
  memory.fill(SM_U, 0, 160);
  memory.fill(SM_R, 0, 160);
  memory.fill(SM_Q, 0, 8 * 160);
  ge_wipe();
}

// ---------------------------------------------------------------------------------------------
// Fixed-base scalar multiplication, constant time: h = a * B.
// a: 32 bytes little-endian, a < 2^253 (any scalar reduced mod l). Signed radix-2^W digits
// e_0..e_{D-1} in [-2^(W-1), 2^(W-1)] (W = BASE_W, D = BASE_DIGITS); comb with t = BASE_TEETH
// teeth: table row i holds k 2^(t W i) B, k = 1..2^(W-1), so
//   a B = sum_{r = t-1 .. 0} 2^(W r) sum_{i = r mod t} e_i 2^(W (i - r)) B,
// evaluated as: for r = t-1 down to 0 { W doublings (except the first round); add the digits
// e_i, i = r mod t, from row (i - r) / t }. D mixed additions and W (t - 1) doublings.

export function ge_scalarmult_base(h: usize, a: usize): void {
  const e = SB_E;
  memory.copy(SB_S, a, 32);
  store<u64>(SB_S, 0, 32);
  const wmask: i32 = (1 << BASE_W) - 1;
  const half: i32 = 1 << (BASE_W - 1);
  let carry: i32 = 0;
  for (let i = 0; i < BASE_DIGITS; i++) {
    const pos = i * BASE_W;
    let v = ((<i32>load<u16>(SB_S + <usize>(pos >> 3)) >> (pos & 7)) & wmask) + carry;
    if (i < BASE_DIGITS - 1) {
      carry = (v + half) >> BASE_W;
      v -= carry << BASE_W;
    }
    store<i8>(e + <usize>i, <i8>v);
  }

  const row: usize = <usize>BASE_ENTRIES * 120;
  ge_p3_0(SB_U);
  for (let r = BASE_TEETH - 1; r >= 0; r--) {
    if (r < BASE_TEETH - 1) {
      ge_p2_dbl(SB_T, SB_U);
      for (let j = 1; j < BASE_W; j++) {
        ge_p1p1_to_p2(SB_R, SB_T);
        ge_p2_dbl(SB_T, SB_R);
      }
      ge_p1p1_to_p3(SB_U, SB_T);
    }
    for (let i = r; i < BASE_DIGITS; i += BASE_TEETH) {
      select_niels(SB_N, ED25519_BASE_TABLE + <usize>(i / BASE_TEETH) * row, <i32>load<i8>(e + <usize>i));
      ge_madd(SB_T, SB_U, SB_N);
      ge_p1p1_to_p3(SB_U, SB_T);
    }
  }
  ge_p3_copy(h, SB_U);

  memory.fill(SB_S, 0, 40);
  memory.fill(SB_E, 0, 64);
  memory.fill(SB_N, 0, 128);
  memory.fill(SB_T, 0, 160);
  memory.fill(SB_U, 0, 160);
  memory.fill(SB_R, 0, 160);
  ge_wipe();
}

// ---------------------------------------------------------------------------------------------
// Variable-time multi-scalar multiplication, for verification only (public inputs):
// h = s B + a A + b R, with s < 2^256 split as s_lo + 2^128 s_hi (s_lo B + s_hi B', where
// B' = 2^128 B has its own table) and a, b < 2^128 (32-byte little-endian buffers, upper half
// zero). So the loop has about 129 doublings. Width-8 NAF for s_lo and s_hi over the precomputed
// niels tables B, 3B, ..., 127B and B', 3B', ..., 127B'; width-5 NAF for a and b over cached
// A, 3A, ..., 15A and R, ..., 15R built here. The Ed25519 verifier gets half-size a and b by
// lattice reduction (see ed25519.ts).

// naf[0..255] = width-w NAF of the 32-byte scalar at s (s < 2^255): digits odd, |digit| <
// 2^(w-1), any w consecutive digits hold at most one nonzero.
function naf_vartime(naf: usize, s: usize, w: i32): void {
  memory.fill(naf, 0, 256);
  memory.copy(MS_W, s, 32);
  store<u64>(MS_W, 0, 32);
  const width: u64 = <u64>1 << <u64>w;
  const wmask: u64 = width - 1;
  let pos: i32 = 0;
  let carry: u64 = 0;
  while (pos < 256) {
    const idx = pos >> 6;
    const bit = pos & 63;
    let buf: u64 = load<u64>(MS_W + (<usize>idx << 3)) >> <u64>bit;
    if (bit > 64 - w) buf |= load<u64>(MS_W + (<usize>(idx + 1) << 3)) << <u64>(64 - bit);
    const window = carry + (buf & wmask);
    if ((window & 1) == 0) {
      pos += 1;
      continue;
    }
    if (window < (width >> 1)) {
      carry = 0;
      store<i8>(naf + <usize>pos, <i8>window);
    } else {
      carry = 1;
      store<i8>(naf + <usize>pos, <i8>(<i64>window - <i64>width));
    }
    pos += w;
  }
}

// tbl = cached P, 3P, ..., 15P
function odd_multiples_cached(tbl: usize, p: usize): void {
  ge_p3_to_cached(tbl, p);
  ge_p3_dbl(MS_U, p);
  ge_p3_to_cached(MS_C2, MS_U);
  ge_p3_copy(MS_R, p);
  for (let i = 1; i < 8; i++) {
    ge_add(MS_T, MS_R, MS_C2);
    ge_p1p1_to_p3(MS_R, MS_T);
    ge_p3_to_cached(tbl + <usize>i * 160, MS_R);
  }
}

// T (p1p1 in, p1p1 out) += d * (odd multiples table: cached, or niels if niels, a literal at
// every call); U is a p3 temporary. Public digits: branching is fine.
// @ts-ignore: decorator
@inline
function ms_add(tbl: usize, d: i32, niels: bool): void {
  const size: usize = niels ? 120 : 160;
  if (d > 0) {
    ge_p1p1_to_p3(MS_U, MS_T);
    if (niels) ge_madd(MS_T, MS_U, tbl + <usize>(d >> 1) * size);
    else ge_add(MS_T, MS_U, tbl + <usize>(d >> 1) * size);
  } else if (d < 0) {
    ge_p1p1_to_p3(MS_U, MS_T);
    if (niels) ge_msub(MS_T, MS_U, tbl + <usize>((-d) >> 1) * size);
    else ge_sub(MS_T, MS_U, tbl + <usize>((-d) >> 1) * size);
  }
}

export function ge_multi_scalarmult_vartime(
  h: usize, s: usize, a: usize, pA: usize, b: usize, pB: usize,
): void {
  memory.fill(MS_S, 0, 64);
  memory.copy(MS_S, s, 16);
  memory.copy(MS_S + 32, s + 16, 16);
  naf_vartime(MS_N0, MS_S, 8);
  naf_vartime(MS_N1, MS_S + 32, 8);
  naf_vartime(MS_NA, a, 5);
  naf_vartime(MS_NB, b, 5);
  odd_multiples_cached(MS_TA, pA);
  odd_multiples_cached(MS_TB, pB);

  let i = 255;
  while (
    i >= 0 && (load<i8>(MS_N0 + <usize>i) | load<i8>(MS_N1 + <usize>i) |
      load<i8>(MS_NA + <usize>i) | load<i8>(MS_NB + <usize>i)) == 0
  ) i--;
  ge_p3_0(h);
  if (i < 0) return;
  ge_p3_0(MS_R);
  for (; i >= 0; i--) {
    ge_p2_dbl(MS_T, MS_R);
    ms_add(MS_TA, <i32>load<i8>(MS_NA + <usize>i), false);
    ms_add(MS_TB, <i32>load<i8>(MS_NB + <usize>i), false);
    ms_add(ED25519_BASE_ODD, <i32>load<i8>(MS_N0 + <usize>i), true);
    ms_add(ED25519_BASE128_ODD, <i32>load<i8>(MS_N1 + <usize>i), true);
    if (i > 0) ge_p1p1_to_p2(MS_R, MS_T);
  }
  ge_p1p1_to_p3(h, MS_T);
}
