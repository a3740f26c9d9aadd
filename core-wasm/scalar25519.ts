// Scalars modulo l = 2^252 + c, c = 27742317777372353535851937790883648493 (125 bits).
//
// Scalars are 32 bytes little-endian. Inputs to every function may be any 32-byte value
// (< 2^256), reduced or not; sc_reduce64 takes any 64-byte value. Outputs are always fully
// reduced (< l) and may alias inputs. All functions are constant time (no secret-dependent
// branches, loop bounds or indices).
//
// Method: values are split into signed i64 limbs of radix 2^21 (limb k has weight 2^(21 k));
// products are schoolbook. reduce24 folds every limb k >= 12 with 2^252 = -c (mod l), c having
// six 21-bit digits, carrying the touched limbs after each fold so nothing overflows: when limb
// i is folded it is below 2^34 in size, so every product term stays below 2^55. Two more folds
// of the excess above 2^252 leave a value in (-l, 2l); adding l and two masked conditional
// subtractions of l give the result in [0, l). Every operation unpacks its operands with limb21
// and ends in reduce24, which is generated (unrolled) by core-wasm/gen/scalar25519_reduce.mjs.

import { bytes32_iszero } from "./ct";
import { reduce24 } from "./scalar25519_reduce";

// l as 32-bit words, little-endian
const L_WORDS: usize = memory.data<u32>([
  0x5cf5d3ed, 0x5812631a, 0xa2f79cd6, 0x14def9de, 0, 0, 0, 0x10000000,
]);
// l - 2, little-endian (the public exponent of sc_invert)
const L_MINUS_2: usize = memory.data<u8>([
  0xeb, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);
const ZERO32: usize = memory.data(32, 16);
// sc_invert scratch: a^1 .. a^15 (15 x 32) and the accumulator (32)
const INV_TAB: usize = memory.data(16 * 32, 16);
const INV_ACC: usize = memory.data(32, 16);

// Limb k (bits 21 k .. 21 k + 20) of the little-endian value at p; top: all the bits from 21 k
// to the end of the 32-bit word read instead (the top limb: 25 bits of a 32-byte value, 29 of
// a 64-byte one). k is a literal at every call, so the offsets fold to constants.
// @ts-ignore: decorator
@inline
function limb21(p: usize, k: i32, top: bool = false): i64 {
  const q = p + <usize>((21 * k) >> 3), s = <u32>((21 * k) & 7);
  return top ? <i64>(load<u32>(q) >> s) : <i64>((load<u32>(q) >> s) & 0x1fffff);
}

// out = a b + c mod l (a, b, c any 32-byte values)
function mul_add_reduce(out: usize, a: usize, b: usize, cc: usize): void {
  const a0 = limb21(a, 0), a1 = limb21(a, 1), a2 = limb21(a, 2), a3 = limb21(a, 3);
  const a4 = limb21(a, 4), a5 = limb21(a, 5), a6 = limb21(a, 6), a7 = limb21(a, 7);
  const a8 = limb21(a, 8), a9 = limb21(a, 9), a10 = limb21(a, 10), a11 = limb21(a, 11, true);
  const b0 = limb21(b, 0), b1 = limb21(b, 1), b2 = limb21(b, 2), b3 = limb21(b, 3);
  const b4 = limb21(b, 4), b5 = limb21(b, 5), b6 = limb21(b, 6), b7 = limb21(b, 7);
  const b8 = limb21(b, 8), b9 = limb21(b, 9), b10 = limb21(b, 10), b11 = limb21(b, 11, true);
  const s0 = a0 * b0 + limb21(cc, 0);
  const s1 = a0 * b1 + a1 * b0 + limb21(cc, 1);
  const s2 = a0 * b2 + a1 * b1 + a2 * b0 + limb21(cc, 2);
  const s3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + limb21(cc, 3);
  const s4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0 + limb21(cc, 4);
  const s5 = a0 * b5 + a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1 + a5 * b0 + limb21(cc, 5);
  const s6 = a0 * b6 + a1 * b5 + a2 * b4 + a3 * b3 + a4 * b2 + a5 * b1 + a6 * b0 + limb21(cc, 6);
  const s7 = a0 * b7 + a1 * b6 + a2 * b5 + a3 * b4 + a4 * b3 + a5 * b2 + a6 * b1 + a7 * b0 + limb21(cc, 7);
  const s8 = a0 * b8 + a1 * b7 + a2 * b6 + a3 * b5 + a4 * b4 + a5 * b3 + a6 * b2 + a7 * b1 + a8 * b0 + limb21(cc, 8);
  const s9 = a0 * b9 + a1 * b8 + a2 * b7 + a3 * b6 + a4 * b5 + a5 * b4 + a6 * b3 + a7 * b2 + a8 * b1 + a9 * b0 + limb21(cc, 9);
  const s10 = a0 * b10 + a1 * b9 + a2 * b8 + a3 * b7 + a4 * b6 + a5 * b5 + a6 * b4 + a7 * b3 + a8 * b2 + a9 * b1 + a10 * b0 + limb21(cc, 10);
  const s11 = a0 * b11 + a1 * b10 + a2 * b9 + a3 * b8 + a4 * b7 + a5 * b6 + a6 * b5 + a7 * b4 + a8 * b3 + a9 * b2 + a10 * b1 + a11 * b0 + limb21(cc, 11, true);
  const s12 = a1 * b11 + a2 * b10 + a3 * b9 + a4 * b8 + a5 * b7 + a6 * b6 + a7 * b5 + a8 * b4 + a9 * b3 + a10 * b2 + a11 * b1;
  const s13 = a2 * b11 + a3 * b10 + a4 * b9 + a5 * b8 + a6 * b7 + a7 * b6 + a8 * b5 + a9 * b4 + a10 * b3 + a11 * b2;
  const s14 = a3 * b11 + a4 * b10 + a5 * b9 + a6 * b8 + a7 * b7 + a8 * b6 + a9 * b5 + a10 * b4 + a11 * b3;
  const s15 = a4 * b11 + a5 * b10 + a6 * b9 + a7 * b8 + a8 * b7 + a9 * b6 + a10 * b5 + a11 * b4;
  const s16 = a5 * b11 + a6 * b10 + a7 * b9 + a8 * b8 + a9 * b7 + a10 * b6 + a11 * b5;
  const s17 = a6 * b11 + a7 * b10 + a8 * b9 + a9 * b8 + a10 * b7 + a11 * b6;
  const s18 = a7 * b11 + a8 * b10 + a9 * b9 + a10 * b8 + a11 * b7;
  const s19 = a8 * b11 + a9 * b10 + a10 * b9 + a11 * b8;
  const s20 = a9 * b11 + a10 * b10 + a11 * b9;
  const s21 = a10 * b11 + a11 * b10;
  const s22 = a11 * b11;
  reduce24(out, s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15, s16, s17, s18, s19, s20, s21, s22, 0);
}

export function sc_reduce64(out: usize, s: usize): void {
  reduce24(
    out,
    limb21(s, 0), limb21(s, 1), limb21(s, 2), limb21(s, 3),
    limb21(s, 4), limb21(s, 5), limb21(s, 6), limb21(s, 7),
    limb21(s, 8), limb21(s, 9), limb21(s, 10), limb21(s, 11),
    limb21(s, 12), limb21(s, 13), limb21(s, 14), limb21(s, 15),
    limb21(s, 16), limb21(s, 17), limb21(s, 18), limb21(s, 19),
    limb21(s, 20), limb21(s, 21), limb21(s, 22), limb21(s, 23, true),
  );
}

// out = a + sign b mod l (sign 1 or -1; a, b any 32-byte values)
// @ts-ignore: decorator
@inline
function add_reduce(out: usize, a: usize, b: usize, sign: i64): void {
  const a0 = limb21(a, 0), a1 = limb21(a, 1), a2 = limb21(a, 2), a3 = limb21(a, 3);
  const a4 = limb21(a, 4), a5 = limb21(a, 5), a6 = limb21(a, 6), a7 = limb21(a, 7);
  const a8 = limb21(a, 8), a9 = limb21(a, 9), a10 = limb21(a, 10), a11 = limb21(a, 11, true);
  reduce24(
    out,
    a0 + sign * limb21(b, 0), a1 + sign * limb21(b, 1), a2 + sign * limb21(b, 2),
    a3 + sign * limb21(b, 3), a4 + sign * limb21(b, 4), a5 + sign * limb21(b, 5),
    a6 + sign * limb21(b, 6), a7 + sign * limb21(b, 7), a8 + sign * limb21(b, 8),
    a9 + sign * limb21(b, 9), a10 + sign * limb21(b, 10), a11 + sign * limb21(b, 11, true),
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  );
}

export function sc_reduce32(out: usize, s: usize): void {
  reduce24(
    out,
    limb21(s, 0), limb21(s, 1), limb21(s, 2), limb21(s, 3),
    limb21(s, 4), limb21(s, 5), limb21(s, 6), limb21(s, 7),
    limb21(s, 8), limb21(s, 9), limb21(s, 10), limb21(s, 11, true),
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  );
}

// 1 if s < l (constant time): borrow of s - l over 32-bit words
export function sc_is_canonical(s: usize): u32 {
  let borrow: i64 = 0;
  for (let i: usize = 0; i < 32; i += 4) {
    const d = <i64>load<u32>(s + i) - <i64>load<u32>(L_WORDS + i) - borrow;
    borrow = (d >> 63) & 1;
  }
  return <u32>borrow;
}

export function sc_iszero(s: usize): u32 {
  return bytes32_iszero(s);
}

export function sc_add(out: usize, a: usize, b: usize): void {
  add_reduce(out, a, b, 1);
}

export function sc_sub(out: usize, a: usize, b: usize): void {
  add_reduce(out, a, b, -1);
}

export function sc_neg(out: usize, a: usize): void {
  add_reduce(out, ZERO32, a, -1);
}

export function sc_mul(out: usize, a: usize, b: usize): void {
  mul_add_reduce(out, a, b, ZERO32);
}

export function sc_muladd(out: usize, a: usize, b: usize, c: usize): void {
  mul_add_reduce(out, a, b, c);
}

// a^(l - 2) mod l (0 -> 0): fixed 4-bit windows over the public exponent, table a^1 .. a^15
export function sc_invert(out: usize, a: usize): void {
  sc_reduce32(INV_TAB, a);                       // a^1
  for (let i: usize = 2; i < 16; i++) {
    mul_add_reduce(INV_TAB + (i - 1) * 32, INV_TAB + (i - 2) * 32, INV_TAB, ZERO32);
  }
  // the top nibble of l - 2 is 1
  memory.copy(INV_ACC, INV_TAB, 32);
  for (let n = 62; n >= 0; n--) {
    for (let r = 0; r < 4; r++) mul_add_reduce(INV_ACC, INV_ACC, INV_ACC, ZERO32);
    const nib = (<u32>load<u8>(L_MINUS_2 + <usize>(n >> 1)) >> (<u32>(n & 1) << 2)) & 15;
    if (nib != 0) {                              // public exponent: branching is fine
      mul_add_reduce(INV_ACC, INV_ACC, INV_TAB + <usize>(nib - 1) * 32, ZERO32);
    }
  }
  memory.copy(out, INV_ACC, 32);
  memory.fill(INV_TAB, 0, 16 * 32);
  memory.fill(INV_ACC, 0, 32);
}
