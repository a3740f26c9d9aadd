// ristretto255 (RFC 9496), on top of edwards25519.ts. Encodings are 32 bytes.
//
// Status codes: 0 ok, -1 an input is not a canonical valid encoding.
//
// Identity results: ristretto255_scalarmult / _add / _sub may produce the identity (the all-zero
// encoding) and do NOT report it as an error (as @noble/curves; unlike libsodium's
// crypto_scalarmult_ristretto255, which rejects an identity result). The protocol layer decides:
// ristretto255_is_identity tests an encoding, and bd_key rejects K = identity itself.
//
// Constant time: decoding, encoding and the one-way map are constant time in their inputs (the
// only branch in decoding is the final accept/reject); scalar multiplication is constant time in
// the scalar. Outputs may alias inputs.

import {
  fe_1, fe_add, fe_sub, fe_neg, fe_mul, fe_sq, fe_cmov, fe_cneg, fe_frombytes, fe_tobytes,
  fe_bytes_canonical, fe_isnegative, fe_iszero, fe_eq, fe_sqrt_ratio_m1, FE_D, FE_SQRTM1,
} from "./field25519";
import {
  ge_p3_add, ge_p3_sub, ge_p3_neg, ge_scalarmult, ge_scalarmult_base, ge_wipe,
} from "./edwards25519";
import {
  RISTRETTO_SQRT_AD_MINUS_ONE, RISTRETTO_INVSQRT_A_MINUS_D, RISTRETTO_ONE_MINUS_D_SQ,
  RISTRETTO_D_MINUS_ONE_SQ,
} from "./ed25519_table";
import { sc_reduce32 } from "./scalar25519";
import { bytes32_iszero } from "./ct";

// ---------------------------------------------------------------------------------------------
// Scratch

const DEC_T: usize = memory.data(11 * 40, 16);  // ristretto_decode
const ENC_T: usize = memory.data(12 * 40, 16);  // ristretto_encode
const EQ_T: usize = memory.data(4 * 40, 16);    // ristretto_point_equals
const MAP_T: usize = memory.data(10 * 40, 16);  // elligator map
const OP_A: usize = memory.data(160, 16);       // public operations: decoded points
const OP_B: usize = memory.data(160, 16);
const FU_P: usize = memory.data(160, 16);       // from_uniform
const FU_Q: usize = memory.data(160, 16);
const SM_S: usize = memory.data(32, 16);        // reduced scalar
const SM_P: usize = memory.data(160, 16);

// ---------------------------------------------------------------------------------------------
// Internal: decode / encode / equality on extended points (used by bd.ts)

// RFC 9496 4.3.1. h = the decoded point (p3). 0 ok, -1 invalid. Constant time.
export function ristretto_decode(h: usize, s: usize): i32 {
  const S = DEC_T, ss = DEC_T + 40, u1 = DEC_T + 80, u2 = DEC_T + 120, u2sq = DEC_T + 160;
  const v = DEC_T + 200, inv = DEC_T + 240, denx = DEC_T + 280, deny = DEC_T + 320;
  const one = DEC_T + 360, t = DEC_T + 400;
  // s must be < p (so also bit 255 clear) and non-negative (even)
  let ok: u32 = fe_bytes_canonical(s) & ((<u32>load<u8>(s, 31) >> 7) ^ 1) & ((<u32>load<u8>(s) & 1) ^ 1);
  fe_frombytes(S, s);
  fe_1(one);
  fe_sq(ss, S);
  fe_sub(u1, one, ss);                  // 1 - s^2
  fe_add(u2, one, ss);                  // 1 + s^2
  fe_sq(u2sq, u2);
  fe_sq(t, u1);
  fe_mul(v, FE_D, t);
  fe_neg(v, v);
  fe_sub(v, v, u2sq);                   // -(D u1^2) - u2^2
  fe_mul(t, v, u2sq);
  ok &= fe_sqrt_ratio_m1(inv, one, t);  // invsqrt(v u2^2)
  fe_mul(denx, inv, u2);
  fe_mul(deny, inv, denx);
  fe_mul(deny, deny, v);
  fe_mul(t, S, denx);
  fe_add(t, t, t);                      // 2 s den_x
  fe_cneg(h, t, fe_isnegative(t));      // x = |2 s den_x|
  fe_mul(h + 40, u1, deny);             // y = u1 den_y
  fe_1(h + 80);
  fe_mul(h + 120, h, h + 40);           // t = x y
  ok &= (fe_isnegative(h + 120) ^ 1) & (fe_iszero(h + 40) ^ 1);
  memory.fill(DEC_T, 0, 11 * 40);
  return ok ? 0 : -1;
}

// RFC 9496 4.3.2. s = the canonical encoding of the point h (p3). Constant time.
export function ristretto_encode(s: usize, h: usize): void {
  const u1 = ENC_T, u2 = ENC_T + 40, inv = ENC_T + 80, den1 = ENC_T + 120, den2 = ENC_T + 160;
  const zinv = ENC_T + 200, x = ENC_T + 240, y = ENC_T + 280, deninv = ENC_T + 320;
  const t = ENC_T + 360, one = ENC_T + 400, t2 = ENC_T + 440;
  const X0 = h, Y0 = h + 40, Z0 = h + 80, T0 = h + 120;
  fe_add(t, Z0, Y0);
  fe_sub(t2, Z0, Y0);
  fe_mul(u1, t, t2);                    // (Z + Y)(Z - Y)
  fe_mul(u2, X0, Y0);
  fe_sq(t, u2);
  fe_mul(t, t, u1);
  fe_1(one);
  fe_sqrt_ratio_m1(inv, one, t);        // invsqrt(u1 u2^2)
  fe_mul(den1, inv, u1);
  fe_mul(den2, inv, u2);
  fe_mul(zinv, den1, den2);
  fe_mul(zinv, zinv, T0);
  fe_mul(t, T0, zinv);
  const rotate = fe_isnegative(t);
  fe_mul(x, Y0, FE_SQRTM1);             // iY0 (used if rotate)
  fe_mul(y, X0, FE_SQRTM1);             // iX0
  fe_mul(deninv, den1, RISTRETTO_INVSQRT_A_MINUS_D);
  // select: x = rotate ? iY0 : X0, y = rotate ? iX0 : Y0, den_inv = rotate ? enchanted : den2
  fe_cmov(y, Y0, rotate ^ 1);
  fe_cmov(x, X0, rotate ^ 1);
  fe_cmov(deninv, den2, rotate ^ 1);
  fe_mul(t, x, zinv);
  fe_cneg(y, y, fe_isnegative(t));
  fe_sub(t, Z0, y);
  fe_mul(t, deninv, t);
  fe_cneg(t, t, fe_isnegative(t));      // |den_inv (z - y)|
  fe_tobytes(s, t);
  memory.fill(ENC_T, 0, 12 * 40);
}

// RFC 9496 4.3.3: 1 if the points represent the same ristretto255 element.
export function ristretto_point_equals(p: usize, q: usize): u32 {
  const a = EQ_T, b = EQ_T + 40, c = EQ_T + 80, d = EQ_T + 120;
  fe_mul(a, p, q + 40);                 // x1 y2
  fe_mul(b, p + 40, q);                 // y1 x2
  fe_mul(c, p + 40, q + 40);            // y1 y2
  fe_mul(d, p, q);                      // x1 x2
  const r = fe_eq(a, b) | fe_eq(c, d);
  memory.fill(EQ_T, 0, 160);
  return r;
}

// 1 if the point represents the identity element: x = 0 or y = 0 (equality with (0, 1)).
export function ristretto_point_is_identity(p: usize): u32 {
  return fe_iszero(p) | fe_iszero(p + 40);
}

// RFC 9496 4.3.4 MAP: h = the point (p3) for the field element encoded at tb (bit 255 masked).
function ristretto_map(h: usize, tb: usize): void {
  const t = MAP_T, r = MAP_T + 40, u = MAP_T + 80, v = MAP_T + 120, s = MAP_T + 160;
  const c = MAP_T + 200, n = MAP_T + 240, one = MAP_T + 280, a = MAP_T + 320, b = MAP_T + 360;
  fe_frombytes(t, tb);
  fe_1(one);
  fe_sq(r, t);
  fe_mul(r, r, FE_SQRTM1);              // r = SQRT_M1 t^2
  fe_add(a, r, one);
  fe_mul(u, a, RISTRETTO_ONE_MINUS_D_SQ);   // u = (r + 1) ONE_MINUS_D_SQ
  fe_mul(a, r, FE_D);
  fe_neg(a, a);
  fe_sub(a, a, one);                    // -1 - r D
  fe_add(b, r, FE_D);                   // r + D
  fe_mul(v, a, b);
  const wasSquare = fe_sqrt_ratio_m1(s, u, v);
  fe_mul(a, s, t);
  fe_cneg(a, a, fe_isnegative(a) ^ 1);  // s' = -|s t|
  fe_cmov(s, a, wasSquare ^ 1);
  fe_neg(c, one);                       // -1
  fe_cmov(c, r, wasSquare ^ 1);
  fe_sub(a, r, one);
  fe_mul(n, c, a);
  fe_mul(n, n, RISTRETTO_D_MINUS_ONE_SQ);
  fe_sub(n, n, v);                      // N = c (r - 1) D_MINUS_ONE_SQ - v
  // w0 = 2 s v -> a, w1 = N SQRT_AD_MINUS_ONE -> b, w2 = 1 - s^2 -> c, w3 = 1 + s^2 -> u
  fe_mul(a, s, v);
  fe_add(a, a, a);
  fe_mul(b, n, RISTRETTO_SQRT_AD_MINUS_ONE);
  fe_sq(v, s);
  fe_sub(c, one, v);
  fe_add(u, one, v);
  fe_mul(h, a, u);
  fe_mul(h + 40, c, b);
  fe_mul(h + 80, b, u);
  fe_mul(h + 120, a, c);
  memory.fill(MAP_T, 0, 10 * 40);
}

// ---------------------------------------------------------------------------------------------
// Public API

// 1 if p is a canonical valid encoding.
export function ristretto255_is_valid(p: usize): u32 {
  const r = ristretto_decode(OP_A, p);
  memory.fill(OP_A, 0, 160);
  return r == 0 ? 1 : 0;
}

// 1 if p is the canonical encoding of the identity (32 zero bytes). Constant time.
export function ristretto255_is_identity(p: usize): u32 {
  return bytes32_iszero(p);
}

// out = a + b, or a - b if sub (a literal at both calls); -1 if either input is invalid
// @ts-ignore: decorator
@inline
function add_sub(out: usize, a: usize, b: usize, sub: bool): i32 {
  if ((ristretto_decode(OP_A, a) | ristretto_decode(OP_B, b)) != 0) return -1;
  if (sub) ge_p3_sub(OP_A, OP_A, OP_B);
  else ge_p3_add(OP_A, OP_A, OP_B);
  ristretto_encode(out, OP_A);
  memory.fill(OP_A, 0, 160);
  memory.fill(OP_B, 0, 160);
  return 0;
}

export function ristretto255_add(out: usize, a: usize, b: usize): i32 {
  return add_sub(out, a, b, false);
}

export function ristretto255_sub(out: usize, a: usize, b: usize): i32 {
  return add_sub(out, a, b, true);
}

export function ristretto255_neg(out: usize, a: usize): i32 {
  if (ristretto_decode(OP_A, a) != 0) return -1;
  ge_p3_neg(OP_A, OP_A);
  ristretto_encode(out, OP_A);
  memory.fill(OP_A, 0, 160);
  return 0;
}

// 1 equal, 0 not, -1 if either input is invalid. Equality is RFC 9496 EQUALS on the decoded
// points (for canonical encodings this agrees with byte equality).
export function ristretto255_equals(a: usize, b: usize): i32 {
  if ((ristretto_decode(OP_A, a) | ristretto_decode(OP_B, b)) != 0) return -1;
  const r = <i32>ristretto_point_equals(OP_A, OP_B);
  memory.fill(OP_A, 0, 160);
  memory.fill(OP_B, 0, 160);
  return r;
}

// out = scalar * point. The 32-byte scalar is first reduced mod l (any 256-bit value is
// accepted; a scalar of 0 or l gives the identity, which is not an error here). -1 if the point
// is invalid (out is then left untouched). Constant time in the scalar.
export function ristretto255_scalarmult(out: usize, scalar: usize, point: usize): i32 {
  if (ristretto_decode(SM_P, point) != 0) return -1;
  sc_reduce32(SM_S, scalar);
  ge_scalarmult(SM_P, SM_S, SM_P);
  ristretto_encode(out, SM_P);
  memory.fill(SM_S, 0, 32);
  memory.fill(SM_P, 0, 160);
  return 0;
}

// out = scalar * G (G the ristretto255 generator, the Ed25519 base point). The scalar is reduced
// mod l first. Fixed-base table; constant time.
export function ristretto255_scalarmult_base(out: usize, scalar: usize): void {
  sc_reduce32(SM_S, scalar);
  ge_scalarmult_base(SM_P, SM_S);
  ristretto_encode(out, SM_P);
  memory.fill(SM_S, 0, 32);
  memory.fill(SM_P, 0, 160);
}

// RFC 9496 4.3.4 element derivation from 64 uniform bytes: MAP(b[0..32]) + MAP(b[32..64]),
// each half with bit 255 masked (values >= p are reduced). Constant time.
export function ristretto255_from_uniform(out: usize, bytes64: usize): void {
  ristretto_map(FU_P, bytes64);
  ristretto_map(FU_Q, bytes64 + 32);
  ge_p3_add(FU_P, FU_P, FU_Q);
  ristretto_encode(out, FU_P);
  memory.fill(FU_P, 0, 160);
  memory.fill(FU_Q, 0, 160);
  ge_wipe();
}
