// GF(2^255 - 19) arithmetic.
//
// A field element is 10 signed i32 limbs (40 bytes), radix 2^25.5: limb i has weight
// 2^ceil(25.5 i) (0, 26, 51, 77, 102, 128, 153, 179, 204, 230), so even limbs are nominally
// 26 bits and odd limbs 25 bits. Products are accumulated in i64.
//
// LIMB BOUNDS ("a x nominal" means |f_i| <= a * 2^26 for even i and <= a * 2^25 for odd i):
//
//   carried   = |h_i| <= 1.01 x 2^25 (even i) and 1.01 x 2^24 (odd i), i.e. about 0.51 x nominal.
//               Produced by fe_mul, fe_sq, fe_sq2, fe_mul_small, fe_invert, fe_pow22523,
//               fe_sqrt_ratio_m1, fe_0 and fe_1.
//   fe_frombytes and the constants FE_SQRTM1, FE_D, FE_D2 give 0 <= h_i < 2^26 / 2^25
//               (1.0 x nominal, a little more than carried).
//   fe_add, fe_sub, fe_neg: exact limb-wise, NOT carried. Accept any inputs whose limb-wise
//               result fits in i32. add/sub of two carried elements is <= 1.02 x 2^26 / 2^25
//               (1.02 x nominal); fe_neg keeps the bound of its input.
//   fe_mul, fe_sq accept inputs up to 3.9 x nominal (the i64 accumulators stay below 2^63);
//               so any sum/difference of up to 7 carried elements (or 3 fe_frombytes outputs)
//               may be fed in directly. Output carried.
//   fe_sq2 accepts inputs up to 2.75 x nominal (it doubles before carrying). Output carried.
//   fe_mul_small(h, f, c): |c| < 2^24 and f up to 3.9 x nominal. Output carried.
//   fe_cmov, fe_cswap, fe_cneg, fe_copy: any limbs (cneg negates limb-wise, keeping the bound).
//   fe_tobytes, fe_isnegative, fe_iszero: any i32 limbs (a rounding carry pass comes first).
//   fe_eq(f, g): any limbs with f - g fitting in i32 limb-wise (e.g. both below 2^30).
//   fe_invert, fe_pow22523, fe_sqrt_ratio_m1: inputs up to 3.9 x nominal (as fe_mul); outputs
//               carried (fe_sqrt_ratio_m1's output is the nonnegative root, carried).
//
// All functions are constant time. Outputs may alias inputs. Scratch used by the longer
// functions is static, owned by this file, and wiped before they return.

import { bytes32_iszero } from "./ct";

// ---------------------------------------------------------------------------------------------
// Constants (limbs, each 0 <= limb < nominal)

// sqrt(-1) = 2^((p-1)/4) mod p
export const FE_SQRTM1: usize = memory.data<i32>([
  34513072, 25610706, 9377949, 3500415, 12389472, 33281959, 41962654, 31548777, 326685, 11406482,
]);
// d = -121665 / 121666 mod p
export const FE_D: usize = memory.data<i32>([
  56195235, 13857412, 51736253, 6949390, 114729, 24766616, 60832955, 30306712, 48412415, 21499315,
]);
// 2d mod p
export const FE_D2: usize = memory.data<i32>([
  45281625, 27714825, 36363642, 13898781, 229458, 15978800, 54557047, 27058993, 29715967, 9444199,
]);

// Scratch: invert/pow chain (4 elements), sqrt_ratio_m1 (6 elements), encodings
const INV_T: usize = memory.data(160, 16);
const SQR_T: usize = memory.data(240, 16);
const BYTES_T: usize = memory.data(32, 16);
const EQ_T: usize = memory.data(72, 16);

// ---------------------------------------------------------------------------------------------
// Simple operations

export function fe_0(h: usize): void {
  memory.fill(h, 0, 40);
}

export function fe_1(h: usize): void {
  memory.fill(h, 0, 40);
  store<i32>(h, 1);
}

export function fe_copy(h: usize, f: usize): void {
  memory.copy(h, f, 40);
}

export function fe_add(h: usize, f: usize, g: usize): void {
  store<i32>(h, load<i32>(f, 0) + load<i32>(g, 0), 0);
  store<i32>(h, load<i32>(f, 4) + load<i32>(g, 4), 4);
  store<i32>(h, load<i32>(f, 8) + load<i32>(g, 8), 8);
  store<i32>(h, load<i32>(f, 12) + load<i32>(g, 12), 12);
  store<i32>(h, load<i32>(f, 16) + load<i32>(g, 16), 16);
  store<i32>(h, load<i32>(f, 20) + load<i32>(g, 20), 20);
  store<i32>(h, load<i32>(f, 24) + load<i32>(g, 24), 24);
  store<i32>(h, load<i32>(f, 28) + load<i32>(g, 28), 28);
  store<i32>(h, load<i32>(f, 32) + load<i32>(g, 32), 32);
  store<i32>(h, load<i32>(f, 36) + load<i32>(g, 36), 36);
}

export function fe_sub(h: usize, f: usize, g: usize): void {
  store<i32>(h, load<i32>(f, 0) - load<i32>(g, 0), 0);
  store<i32>(h, load<i32>(f, 4) - load<i32>(g, 4), 4);
  store<i32>(h, load<i32>(f, 8) - load<i32>(g, 8), 8);
  store<i32>(h, load<i32>(f, 12) - load<i32>(g, 12), 12);
  store<i32>(h, load<i32>(f, 16) - load<i32>(g, 16), 16);
  store<i32>(h, load<i32>(f, 20) - load<i32>(g, 20), 20);
  store<i32>(h, load<i32>(f, 24) - load<i32>(g, 24), 24);
  store<i32>(h, load<i32>(f, 28) - load<i32>(g, 28), 28);
  store<i32>(h, load<i32>(f, 32) - load<i32>(g, 32), 32);
  store<i32>(h, load<i32>(f, 36) - load<i32>(g, 36), 36);
}

export function fe_neg(h: usize, f: usize): void {
  for (let i: usize = 0; i < 40; i += 4) store<i32>(h + i, -load<i32>(f + i));
}

// f = b ? g : f
export function fe_cmov(f: usize, g: usize, b: u32): void {
  const m: i32 = -<i32>(b & 1);
  for (let i: usize = 0; i < 40; i += 4) {
    const x = load<i32>(f + i);
    store<i32>(f + i, x ^ ((x ^ load<i32>(g + i)) & m));
  }
}

// (f, g) = b ? (g, f) : (f, g)
export function fe_cswap(f: usize, g: usize, b: u32): void {
  const m: i32 = -<i32>(b & 1);
  for (let i: usize = 0; i < 40; i += 4) {
    const x = load<i32>(f + i);
    const y = load<i32>(g + i);
    const t = (x ^ y) & m;
    store<i32>(f + i, x ^ t);
    store<i32>(g + i, y ^ t);
  }
}

// h = b ? -f : f
export function fe_cneg(h: usize, f: usize, b: u32): void {
  const m: i32 = -<i32>(b & 1);
  for (let i: usize = 0; i < 40; i += 4) {
    const x = load<i32>(f + i);
    // (x ^ m) - m is x when m = 0 and -x when m = -1
    store<i32>(h + i, (x ^ m) - m);
  }
}

// ---------------------------------------------------------------------------------------------
// Carry chain shared by mul, sq, sq2, mul_small: takes 10 i64 accumulators (|h_i| < 2^63 - 2^25)
// and stores a carried element (|h_i| <= 2^25 (+2^13 slack) even, 2^24 (+2^17 slack) odd).
// `pair` (a literal) is the X25519 ladder's layout instead (x25519.ts): accumulators >= 0,
// floor carries so every limb stays nonnegative (0 <= h_i < 2^26 / 2^25, limb 1 up to
// 2^25 + 2^15), limb i stored at h + 8 i.

// @ts-ignore: decorator
@inline
function fe_carry_store(
  h: usize, pair: bool,
  h0: i64, h1: i64, h2: i64, h3: i64, h4: i64,
  h5: i64, h6: i64, h7: i64, h8: i64, h9: i64,
): void {
  const r26: i64 = pair ? 0 : 1 << 25;
  const r25: i64 = pair ? 0 : 1 << 24;
  let c: i64;
  c = (h0 + r26) >> 26; h1 += c; h0 -= c << 26;
  c = (h4 + r26) >> 26; h5 += c; h4 -= c << 26;
  c = (h1 + r25) >> 25; h2 += c; h1 -= c << 25;
  c = (h5 + r25) >> 25; h6 += c; h5 -= c << 25;
  c = (h2 + r26) >> 26; h3 += c; h2 -= c << 26;
  c = (h6 + r26) >> 26; h7 += c; h6 -= c << 26;
  c = (h3 + r25) >> 25; h4 += c; h3 -= c << 25;
  c = (h7 + r25) >> 25; h8 += c; h7 -= c << 25;
  c = (h4 + r26) >> 26; h5 += c; h4 -= c << 26;
  c = (h8 + r26) >> 26; h9 += c; h8 -= c << 26;
  c = (h9 + r25) >> 25; h0 += c * 19; h9 -= c << 25;
  c = (h0 + r26) >> 26; h1 += c; h0 -= c << 26;
  const s: usize = pair ? 8 : 4;
  store<i32>(h, <i32>h0, 0);
  store<i32>(h + s, <i32>h1, 0);
  store<i32>(h + 2 * s, <i32>h2, 0);
  store<i32>(h + 3 * s, <i32>h3, 0);
  store<i32>(h + 4 * s, <i32>h4, 0);
  store<i32>(h + 5 * s, <i32>h5, 0);
  store<i32>(h + 6 * s, <i32>h6, 0);
  store<i32>(h + 7 * s, <i32>h7, 0);
  store<i32>(h + 8 * s, <i32>h8, 0);
  store<i32>(h + 9 * s, <i32>h9, 0);
}

// ---------------------------------------------------------------------------------------------
// Multiplication, with v128. Term f_i g_j belongs to limb i+j (times 19 when i+j >= 10) and is
// doubled when i and j are both odd (the radix is not an integer power). Column pairs: the
// product is accumulated as sum_i f_i * (g_j, g_j+1) with f_i splat across the lanes and
// (g_j, g_j+1) a lane pair of g, so each i64x2.extmul_{low,high}_i32x4_s gives the two products
// of output columns (i+j, i+j+1). Even i use the pairs (g0,g1), (g2,g3), ...; odd i use (0,g0),
// (2g1,g2), ..., (2g9,0). Columns 10..18 are folded back times 19, then fe_carry_store. 55
// vector products instead of the 100 of the scalar schoolbook, bit-identical to it and about
// 1.25x faster. (For inputs up to 3.9 x nominal, 2 g_j of odd j stays below 2^28: the doubling
// in i32 lanes is exact.)

// @ts-ignore: decorator
@inline
function lo(a: v128, b: v128): v128 {
  return i64x2.extmul_low_i32x4_s(a, b);
}

// @ts-ignore: decorator
@inline
function hi(a: v128, b: v128): v128 {
  return i64x2.extmul_high_i32x4_s(a, b);
}

// @ts-ignore: decorator
@inline
function times19(a: v128): v128 {
  return i64x2.add(i64x2.add(i64x2.shl(a, 4), i64x2.shl(a, 1)), a);
}

// @ts-ignore: decorator
@inline
export function fe_mul_inline(h: usize, f: usize, g: usize): void {
  fe_mul_cols(h, f, false, fe_mul_gv(g, 0), fe_mul_gv(g, 1), fe_mul_gv(g, 2), fe_mul_gv(g, 3), fe_mul_gv(g, 4), fe_mul_gv(g, 5));
}

// The six vectors of g that the column pairs multiply (k = 0..5, a literal): the lane pairs
// (g0,g1,g2,g3), (g4..g7), (g6..g9) and (0,g0,2g1,g2), (2g3,g4,2g5,g6), (2g7,g8,2g9,0).
// @ts-ignore: decorator
@inline
export function fe_mul_gv(g: usize, k: i32): v128 {
  if (k == 0) return v128.load(g, 0);
  if (k == 1) return v128.load(g, 16);
  if (k == 2) return v128.load(g, 24);
  const z = i32x4.splat(0);
  const ge0 = v128.load(g, 0), ge1 = v128.load(g, 16), ge2 = v128.load(g, 24);
  if (k == 3) return i32x4.shuffle(i32x4.shuffle(z, ge0, 0, 4, 6, 6), i32x4.shl(ge0, 1), 0, 1, 5, 3);
  if (k == 4) return i32x4.shuffle(i32x4.shuffle(i32x4.shl(ge0, 1), ge1, 3, 4, 1, 6), i32x4.shl(ge1, 1), 0, 1, 5, 3);
  return i32x4.shuffle(i32x4.shuffle(i32x4.shl(ge2, 1), ge2, 1, 6, 3, 3), z, 0, 1, 2, 4);
}

// h = f g from g's six vectors; f's limbs are read at f + 4 i, or with `pair` (a literal) at
// f + 8 i and h is written in the ladder's pair layout (see fe_carry_store): x25519.ts
// multiplies one lane of a pair by x1 this way, with x1's vectors computed once per ladder.
// @ts-ignore: decorator
@inline
export function fe_mul_cols(h: usize, f: usize, pair: bool, ge0: v128, ge1: v128, ge2: v128, go0: v128, go1: v128, go2: v128): void {
  const s: usize = pair ? 8 : 4;
  const f0 = v128.load32_splat(f, 0), f1 = v128.load32_splat(f + s, 0);
  const f2 = v128.load32_splat(f + 2 * s, 0), f3 = v128.load32_splat(f + 3 * s, 0);
  const f4 = v128.load32_splat(f + 4 * s, 0), f5 = v128.load32_splat(f + 5 * s, 0);
  const f6 = v128.load32_splat(f + 6 * s, 0), f7 = v128.load32_splat(f + 7 * s, 0);
  const f8 = v128.load32_splat(f + 8 * s, 0), f9 = v128.load32_splat(f + 9 * s, 0);
  let a0 = lo(f0, ge0);                         // columns 0, 1
  a0 = i64x2.add(a0, lo(f1, go0));
  let a1 = hi(f0, ge0);                         // columns 2, 3
  a1 = i64x2.add(a1, i64x2.add(hi(f1, go0), lo(f2, ge0)));
  a1 = i64x2.add(a1, lo(f3, go0));
  let a2 = lo(f0, ge1);                         // columns 4, 5
  a2 = i64x2.add(a2, i64x2.add(lo(f1, go1), hi(f2, ge0)));
  a2 = i64x2.add(a2, i64x2.add(hi(f3, go0), lo(f4, ge0)));
  a2 = i64x2.add(a2, lo(f5, go0));
  let a3 = hi(f0, ge1);                         // columns 6, 7
  a3 = i64x2.add(a3, i64x2.add(hi(f1, go1), lo(f2, ge1)));
  a3 = i64x2.add(a3, i64x2.add(lo(f3, go1), hi(f4, ge0)));
  a3 = i64x2.add(a3, i64x2.add(hi(f5, go0), lo(f6, ge0)));
  a3 = i64x2.add(a3, lo(f7, go0));
  let a4 = hi(f0, ge2);                         // columns 8, 9
  a4 = i64x2.add(a4, i64x2.add(lo(f1, go2), hi(f2, ge1)));
  a4 = i64x2.add(a4, i64x2.add(hi(f3, go1), lo(f4, ge1)));
  a4 = i64x2.add(a4, i64x2.add(lo(f5, go1), hi(f6, ge0)));
  a4 = i64x2.add(a4, i64x2.add(hi(f7, go0), lo(f8, ge0)));
  a4 = i64x2.add(a4, lo(f9, go0));
  let a5 = hi(f1, go2);                         // columns 10, 11 (x 19 into 0, 1)
  a5 = i64x2.add(a5, i64x2.add(hi(f2, ge2), lo(f3, go2)));
  a5 = i64x2.add(a5, i64x2.add(hi(f4, ge1), hi(f5, go1)));
  a5 = i64x2.add(a5, i64x2.add(lo(f6, ge1), lo(f7, go1)));
  a5 = i64x2.add(a5, i64x2.add(hi(f8, ge0), hi(f9, go0)));
  let a6 = hi(f3, go2);                         // columns 12, 13 (x 19 into 2, 3)
  a6 = i64x2.add(a6, i64x2.add(hi(f4, ge2), lo(f5, go2)));
  a6 = i64x2.add(a6, i64x2.add(hi(f6, ge1), hi(f7, go1)));
  a6 = i64x2.add(a6, i64x2.add(lo(f8, ge1), lo(f9, go1)));
  let a7 = hi(f5, go2);                         // columns 14, 15 (x 19 into 4, 5)
  a7 = i64x2.add(a7, i64x2.add(hi(f6, ge2), lo(f7, go2)));
  a7 = i64x2.add(a7, i64x2.add(hi(f8, ge1), hi(f9, go1)));
  let a8 = hi(f7, go2);                         // columns 16, 17 (x 19 into 6, 7)
  a8 = i64x2.add(a8, i64x2.add(hi(f8, ge2), lo(f9, go2)));
  let a9 = hi(f9, go2);                         // columns 18, 19 (x 19 into 8, 9)
  const s0 = i64x2.add(a0, times19(a5));
  const s1 = i64x2.add(a1, times19(a6));
  const s2 = i64x2.add(a2, times19(a7));
  const s3 = i64x2.add(a3, times19(a8));
  const s4 = i64x2.add(a4, times19(a9));
  fe_carry_store(
    h, pair,
    i64x2.extract_lane(s0, 0), i64x2.extract_lane(s0, 1),
    i64x2.extract_lane(s1, 0), i64x2.extract_lane(s1, 1),
    i64x2.extract_lane(s2, 0), i64x2.extract_lane(s2, 1),
    i64x2.extract_lane(s3, 0), i64x2.extract_lane(s3, 1),
    i64x2.extract_lane(s4, 0), i64x2.extract_lane(s4, 1),
  );
}

export function fe_mul(h: usize, f: usize, g: usize): void {
  fe_mul_inline(h, f, g);
}

// Squaring (55 products). dbl = 1 gives 2 f^2.
// @ts-ignore: decorator
@inline
export function fe_sq_inline(h: usize, f: usize, dbl: bool): void {
  const f0 = <i64>load<i32>(f, 0), f1 = <i64>load<i32>(f, 4);
  const f2 = <i64>load<i32>(f, 8), f3 = <i64>load<i32>(f, 12);
  const f4 = <i64>load<i32>(f, 16), f5 = <i64>load<i32>(f, 20);
  const f6 = <i64>load<i32>(f, 24), f7 = <i64>load<i32>(f, 28);
  const f8 = <i64>load<i32>(f, 32), f9 = <i64>load<i32>(f, 36);
  const f0_2 = f0 << 1, f1_2 = f1 << 1, f2_2 = f2 << 1, f3_2 = f3 << 1;
  const f4_2 = f4 << 1, f5_2 = f5 << 1, f6_2 = f6 << 1, f7_2 = f7 << 1;
  const f5_38 = f5 * 38, f6_19 = f6 * 19, f7_38 = f7 * 38, f8_19 = f8 * 19, f9_38 = f9 * 38;

  let h0 = f0 * f0 + f1_2 * f9_38 + f2_2 * f8_19 + f3_2 * f7_38 + f4_2 * f6_19 + f5 * f5_38;
  let h1 = f0_2 * f1 + f2 * f9_38 + f3_2 * f8_19 + f4 * f7_38 + f5_2 * f6_19;
  let h2 = f0_2 * f2 + f1_2 * f1 + f3_2 * f9_38 + f4_2 * f8_19 + f5_2 * f7_38 + f6 * f6_19;
  let h3 = f0_2 * f3 + f1_2 * f2 + f4 * f9_38 + f5_2 * f8_19 + f6 * f7_38;
  let h4 = f0_2 * f4 + f1_2 * f3_2 + f2 * f2 + f5_2 * f9_38 + f6_2 * f8_19 + f7 * f7_38;
  let h5 = f0_2 * f5 + f1_2 * f4 + f2_2 * f3 + f6 * f9_38 + f7_2 * f8_19;
  let h6 = f0_2 * f6 + f1_2 * f5_2 + f2_2 * f4 + f3_2 * f3 + f7_2 * f9_38 + f8 * f8_19;
  let h7 = f0_2 * f7 + f1_2 * f6 + f2_2 * f5 + f3_2 * f4 + f8 * f9_38;
  let h8 = f0_2 * f8 + f1_2 * f7_2 + f2_2 * f6 + f3_2 * f5_2 + f4 * f4 + f9 * f9_38;
  let h9 = f0_2 * f9 + f1_2 * f8 + f2_2 * f7 + f3_2 * f6 + f4_2 * f5;

  if (dbl) {
    h0 <<= 1; h1 <<= 1; h2 <<= 1; h3 <<= 1; h4 <<= 1;
    h5 <<= 1; h6 <<= 1; h7 <<= 1; h8 <<= 1; h9 <<= 1;
  }
  fe_carry_store(h, false, h0, h1, h2, h3, h4, h5, h6, h7, h8, h9);
}

export function fe_sq(h: usize, f: usize): void {
  fe_sq_inline(h, f, false);
}

export function fe_sq2(h: usize, f: usize): void {
  fe_sq_inline(h, f, true);
}

// h = f^(2^n), n >= 1 (n public)
export function fe_sqn(h: usize, f: usize, n: i32): void {
  fe_sq_inline(h, f, false);
  for (let i = 1; i < n; i++) fe_sq_inline(h, h, false);
}

export function fe_mul_small(h: usize, f: usize, c: i32): void {
  const k = <i64>c;
  fe_carry_store(
    h, false,
    <i64>load<i32>(f, 0) * k, <i64>load<i32>(f, 4) * k,
    <i64>load<i32>(f, 8) * k, <i64>load<i32>(f, 12) * k,
    <i64>load<i32>(f, 16) * k, <i64>load<i32>(f, 20) * k,
    <i64>load<i32>(f, 24) * k, <i64>load<i32>(f, 28) * k,
    <i64>load<i32>(f, 32) * k, <i64>load<i32>(f, 36) * k,
  );
}

// ---------------------------------------------------------------------------------------------
// Encoding

// 32 bytes little-endian, bit 255 ignored; limbs are read directly (0 <= h_i < 2^26 / 2^25).
// Every limb fits in one unaligned 32-bit load inside the 32 input bytes.
export function fe_frombytes(h: usize, s: usize): void {
  const h0 = load<u32>(s, 0) & 0x3ffffff;          // bits 0..25
  const h1 = (load<u32>(s, 3) >> 2) & 0x1ffffff;   // 26..50
  const h2 = (load<u32>(s, 6) >> 3) & 0x3ffffff;   // 51..76
  const h3 = (load<u32>(s, 9) >> 5) & 0x1ffffff;   // 77..101
  const h4 = (load<u32>(s, 12) >> 6) & 0x3ffffff;  // 102..127
  const h5 = load<u32>(s, 16) & 0x1ffffff;         // 128..152
  const h6 = (load<u32>(s, 19) >> 1) & 0x3ffffff;  // 153..178
  const h7 = (load<u32>(s, 22) >> 3) & 0x1ffffff;  // 179..203
  const h8 = (load<u32>(s, 25) >> 4) & 0x3ffffff;  // 204..229
  const h9 = (load<u32>(s, 28) >> 6) & 0x1ffffff;  // 230..254
  store<u32>(h, h0, 0); store<u32>(h, h1, 4); store<u32>(h, h2, 8); store<u32>(h, h3, 12);
  store<u32>(h, h4, 16); store<u32>(h, h5, 20); store<u32>(h, h6, 24); store<u32>(h, h7, 28);
  store<u32>(h, h8, 32); store<u32>(h, h9, 36);
}

// Canonical encoding. First a rounding carry chain (any i32 limbs), then the value is brought
// into [0, p): q = floor((h + 19) / 2^255) is 0 or 1 and h - q p is computed by adding 19 q and
// dropping bit 255 with an exact (floor) carry chain.
export function fe_tobytes(s: usize, f: usize): void {
  let h0 = <i64>load<i32>(f, 0), h1 = <i64>load<i32>(f, 4), h2 = <i64>load<i32>(f, 8);
  let h3 = <i64>load<i32>(f, 12), h4 = <i64>load<i32>(f, 16), h5 = <i64>load<i32>(f, 20);
  let h6 = <i64>load<i32>(f, 24), h7 = <i64>load<i32>(f, 28), h8 = <i64>load<i32>(f, 32);
  let h9 = <i64>load<i32>(f, 36);
  let c: i64;
  // normalise: |h_i| <= 2^25 / 2^24 (+ small)
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  c = (h1 + (1 << 24)) >> 25; h2 += c; h1 -= c << 25;
  c = (h2 + (1 << 25)) >> 26; h3 += c; h2 -= c << 26;
  c = (h3 + (1 << 24)) >> 25; h4 += c; h3 -= c << 25;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h5 + (1 << 24)) >> 25; h6 += c; h5 -= c << 25;
  c = (h6 + (1 << 25)) >> 26; h7 += c; h6 -= c << 26;
  c = (h7 + (1 << 24)) >> 25; h8 += c; h7 -= c << 25;
  c = (h8 + (1 << 25)) >> 26; h9 += c; h8 -= c << 26;
  c = (h9 + (1 << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  // now the value v satisfies |v| < 2^255 - 19 + small; compute q = floor((v + 19) / 2^255)
  // in {-1, 0, 1} and reduce v - q p into [0, p)
  let q: i64 = (19 * h9 + (1 << 24)) >> 25;
  q = (h0 + q) >> 26;
  q = (h1 + q) >> 25;
  q = (h2 + q) >> 26;
  q = (h3 + q) >> 25;
  q = (h4 + q) >> 26;
  q = (h5 + q) >> 25;
  q = (h6 + q) >> 26;
  q = (h7 + q) >> 25;
  q = (h8 + q) >> 26;
  q = (h9 + q) >> 25;
  h0 += 19 * q;
  c = h0 >> 26; h1 += c; h0 -= c << 26;
  c = h1 >> 25; h2 += c; h1 -= c << 25;
  c = h2 >> 26; h3 += c; h2 -= c << 26;
  c = h3 >> 25; h4 += c; h3 -= c << 25;
  c = h4 >> 26; h5 += c; h4 -= c << 26;
  c = h5 >> 25; h6 += c; h5 -= c << 25;
  c = h6 >> 26; h7 += c; h6 -= c << 26;
  c = h7 >> 25; h8 += c; h7 -= c << 25;
  c = h8 >> 26; h9 += c; h8 -= c << 26;
  c = h9 >> 25; h9 -= c << 25;
  // pack limbs (now 0 <= h_i < 2^26 / 2^25) into four 64-bit words
  const u0 = <u64>h0, u1 = <u64>h1, u2 = <u64>h2, u3 = <u64>h3, u4 = <u64>h4;
  const u5 = <u64>h5, u6 = <u64>h6, u7 = <u64>h7, u8 = <u64>h8, u9 = <u64>h9;
  store<u64>(s, u0 | (u1 << 26) | (u2 << 51), 0);
  store<u64>(s, (u2 >> 13) | (u3 << 13) | (u4 << 38), 8);
  store<u64>(s, u5 | (u6 << 25) | (u7 << 51), 16);
  store<u64>(s, (u7 >> 13) | (u8 << 12) | (u9 << 38), 24);
}

// 1 if the 32 bytes with bit 255 cleared encode a value < p. Values >= p are exactly
// p .. 2^255 - 1: bytes 1..30 all 0xff, byte 31 (bit 255 masked) 0x7f, byte 0 >= 0xed.
export function fe_bytes_canonical(s: usize): u32 {
  let a: u32 = (<u32>load<u8>(s, 31) & 0x7f) ^ 0x7f;
  for (let i: usize = 1; i < 31; i++) a |= <u32>load<u8>(s + i) ^ 0xff;
  const allOnes = (a - 1) >> 31;                           // 1 iff a == 0
  const ge = <u32>(0xec - <i32>load<u8>(s, 0)) >> 31;      // 1 iff byte0 >= 0xed
  return 1 ^ (allOnes & ge);
}

export function fe_isnegative(f: usize): u32 {
  fe_tobytes(BYTES_T, f);
  const r = <u32>load<u8>(BYTES_T) & 1;
  memory.fill(BYTES_T, 0, 32);
  return r;
}

export function fe_iszero(f: usize): u32 {
  fe_tobytes(BYTES_T, f);
  const r = bytes32_iszero(BYTES_T);
  memory.fill(BYTES_T, 0, 32);
  return r;
}

export function fe_eq(f: usize, g: usize): u32 {
  fe_sub(EQ_T, f, g);
  fe_tobytes(EQ_T + 40, EQ_T);
  const r = bytes32_iszero(EQ_T + 40);
  memory.fill(EQ_T, 0, 72);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Exponentiation chains (fixed). Leaves z^(2^250 - 1) in t0 and z^11 in t2; z is only read.

function fe_pow_2_250_1(t0: usize, t1: usize, t2: usize, t3: usize, z: usize): void {
  fe_sq(t0, z);                 // 2
  fe_sqn(t1, t0, 2);            // 8
  fe_mul(t1, z, t1);            // 9
  fe_mul(t2, t0, t1);           // 11
  fe_sq(t0, t2);                // 22
  fe_mul(t1, t1, t0);           // 2^5 - 1
  fe_sqn(t0, t1, 5);
  fe_mul(t1, t0, t1);           // 2^10 - 1
  fe_sqn(t0, t1, 10);
  fe_mul(t0, t0, t1);           // 2^20 - 1
  fe_sqn(t3, t0, 20);
  fe_mul(t0, t3, t0);           // 2^40 - 1
  fe_sqn(t0, t0, 10);
  fe_mul(t1, t0, t1);           // 2^50 - 1
  fe_sqn(t0, t1, 50);
  fe_mul(t0, t0, t1);           // 2^100 - 1
  fe_sqn(t3, t0, 100);
  fe_mul(t0, t3, t0);           // 2^200 - 1
  fe_sqn(t0, t0, 50);
  fe_mul(t0, t0, t1);           // 2^250 - 1
}

// h = f^(p - 2) = f^(2^255 - 21); 0 -> 0
export function fe_invert(h: usize, f: usize): void {
  const t0 = INV_T, t1 = INV_T + 40, t2 = INV_T + 80, t3 = INV_T + 120;
  fe_pow_2_250_1(t0, t1, t2, t3, f);
  fe_sqn(t0, t0, 5);            // 2^255 - 32
  fe_mul(h, t0, t2);            // 2^255 - 21
  memory.fill(INV_T, 0, 160);
}

// h = f^((p - 5) / 8) = f^(2^252 - 3)
export function fe_pow22523(h: usize, f: usize): void {
  const t0 = INV_T, t1 = INV_T + 40, t2 = INV_T + 80, t3 = INV_T + 120;
  fe_pow_2_250_1(t0, t1, t2, t3, f);
  fe_sqn(t0, t0, 2);            // 2^252 - 4
  fe_mul(h, t0, f);             // 2^252 - 3
  memory.fill(INV_T, 0, 160);
}

// RFC 9496 section 4.2 SQRT_RATIO_M1(u, v): returns was_square; h = the nonnegative root of
// u/v if it is square, else the nonnegative root of SQRT_M1 * u / v (0 if u = 0 or v = 0).
export function fe_sqrt_ratio_m1(h: usize, u: usize, v: usize): u32 {
  const uu = SQR_T, v3 = SQR_T + 40, r = SQR_T + 80, chk = SQR_T + 120, t = SQR_T + 160;
  const nu = SQR_T + 200;
  fe_copy(uu, u);                      // u and v may alias h
  fe_sq(v3, v);
  fe_mul(v3, v3, v);                   // v^3
  fe_sq(t, v3);
  fe_mul(t, t, v);                     // v^7
  fe_mul(t, t, uu);                    // u v^7
  fe_pow22523(r, t);                   // (u v^7)^((p-5)/8)
  fe_mul(r, r, v3);
  fe_mul(r, r, uu);                    // r = u v^3 (u v^7)^((p-5)/8)
  fe_sq(chk, r);
  fe_mul(chk, chk, v);                 // check = v r^2
  fe_neg(nu, uu);
  const correct = fe_eq(chk, uu);
  const flipped = fe_eq(chk, nu);
  fe_mul(t, nu, FE_SQRTM1);
  const flippedI = fe_eq(chk, t);
  fe_mul(t, r, FE_SQRTM1);             // r' = SQRT_M1 r
  fe_cmov(r, t, flipped | flippedI);
  fe_cneg(h, r, fe_isnegative(r));     // CT_ABS
  memory.fill(SQR_T, 0, 240);
  return correct | flipped;
}
