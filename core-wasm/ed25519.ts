// Ed25519 (RFC 8032 section 5.1, pure Ed25519: no context, no prehash).
//
// Keys: seed 32 bytes; pk 32 bytes; sk 64 bytes = seed || pk (the libsodium layout). Signing
// takes pk from sk[32..64] as libsodium does: the caller must keep sk consistent (sk is only
// ever made by ed25519_keypair).
//
// VERIFICATION RULES (strict; all inputs public, so verification is variable time):
//   1. S (sig[32..64]) must be < l (no malleability).
//   2. A (pk) and R (sig[0..32]) must be canonical encodings: y < p, and x = 0 with the sign bit
//      set is rejected (Wycheproof tcId 151); they must decode to curve points.
//   3. A and R must not have small order (8A, 8R != identity), which rejects the 8 torsion
//      points (including the identity) for both.
//   4. Cofactored equation: [8]([S]B - [k]A - R) == identity, k = SHA-512(R || A || M) mod l.
//      The cofactored form is what a batch verifier can check, so single and future batch
//      verification accept the same set. Every Wycheproof ed25519_test.json vector gives the same
//      verdict under the cofactored and the cofactorless ([S]B - [k]A encodes to R) equation
//      (checked in the test suite; ED25519_COFACTORLESS = true builds the latter, slowly).
//      They differ only when A or R has a torsion component (mixed order): cofactored accepts
//      an honest signature under such an A, cofactorless rejects 7 in 8 of them.
// Speed: the cofactored equation allows half-size scalars. Lattice reduction (a partial extended
// Euclid on (l, k)) gives r < 2^127 and t with |t| < 2^126 and r = t k (mod l); since |t| is
// invertible mod l and [8] maps every point into the prime-order subgroup,
//   [8]([S]B - [k]A - R) = 0  <=>  [8]([|t| S mod l]B - [sign(t) r]A - [|t|]R) = 0,
// which is checked with about 129 doublings instead of 253.
// Signing is constant time in the secret key and the nonce; every secret is wiped.

import { fe_iszero } from "./field25519";
import {
  ge_frombytes, ge_tobytes, ge_scalarmult_base, ge_multi_scalarmult_vartime, ge_p3_neg,
  ge_is_small_order, ge_p3_dbl, ge_p3_copy,
} from "./edwards25519";
import { sc_reduce32, sc_reduce64, sc_muladd, sc_mul, sc_is_canonical } from "./scalar25519";
import { sha512_init, sha512_update, sha512_final, SHA512_CTX_SIZE } from "./sha512";

// Build-time switch for the verification equation (false: cofactored, the default).
const ED25519_COFACTORLESS: bool = false;

// ---------------------------------------------------------------------------------------------
// Scratch

const CTX: usize = memory.data(<i32>SHA512_CTX_SIZE, 16);
const H64: usize = memory.data(64, 16);     // SHA-512 of the seed: a (clamped) || prefix
const A32: usize = memory.data(32, 16);     // a mod l
const R64: usize = memory.data(64, 16);     // nonce hash, then r mod l in the first 32 bytes
const K64: usize = memory.data(64, 16);     // challenge hash, then k mod l
const RB: usize = memory.data(32, 16);      // encoded R
const SB: usize = memory.data(32, 16);      // S
const P1: usize = memory.data(160, 16);
const P2: usize = memory.data(160, 16);
const P3: usize = memory.data(160, 16);
const SP: usize = memory.data(32, 16);      // |t| S mod l
// lattice reduction: 256-bit unsigned integers as four u64 words, little-endian
const LR_A: usize = memory.data(32, 16);
const LR_B: usize = memory.data(32, 16);
const LR_C: usize = memory.data(32, 16);
const LR_D: usize = memory.data(32, 16);
const LR_SH: usize = memory.data(32, 16);
const LR_TS: usize = memory.data(32, 16);
const LR_R: usize = memory.data(32, 16);    // result r
const LR_T: usize = memory.data(32, 16);    // result |t|
// l, little-endian u64 words
const ORDER: usize = memory.data<u64>([
  0x5812631a5cf5d3ed, 0x14def9dea2f79cd6, 0x0000000000000000, 0x1000000000000000,
]);


// ---------------------------------------------------------------------------------------------
// Lattice reduction for verification (variable time: public values only)

function u256_bitlen(a: usize): i32 {
  for (let i = 3; i >= 0; i--) {
    const w = load<u64>(a + (<usize>i << 3));
    if (w != 0) return (i << 6) + 64 - <i32>clz<u64>(w);
  }
  return 0;
}

// a >= b
function u256_ge(a: usize, b: usize): bool {
  for (let i = 3; i >= 0; i--) {
    const x = load<u64>(a + (<usize>i << 3)), y = load<u64>(b + (<usize>i << 3));
    if (x != y) return x > y;
  }
  return true;
}

// a -= b (a >= b)
function u256_sub(a: usize, b: usize): void {
  let borrow: u64 = 0;
  for (let i: usize = 0; i < 32; i += 8) {
    const x = load<u64>(a + i), y = load<u64>(b + i);
    const d = x - y - borrow;
    borrow = <u64>(x < y || (x == y && borrow != 0));
    store<u64>(a + i, d);
  }
}

// a += b (no overflow past 2^256 by the bounds below)
function u256_add(a: usize, b: usize): void {
  let carry: u64 = 0;
  for (let i: usize = 0; i < 32; i += 8) {
    const x = load<u64>(a + i), y = load<u64>(b + i);
    const t = x + y;
    const c1 = <u64>(t < x);
    const u = t + carry;
    carry = c1 | <u64>(u < t);
    store<u64>(a + i, u);
  }
}

// d = a << n (0 <= n < 256; bits past 2^256 dropped)
function u256_shl(d: usize, a: usize, n: i32): void {
  const words = n >> 6, bits = <u64>(n & 63);
  for (let i = 3; i >= 0; i--) {
    const j = i - words;
    let w: u64 = 0;
    if (j >= 0) {
      w = load<u64>(a + (<usize>j << 3)) << bits;
      if (bits != 0 && j > 0) w |= load<u64>(a + (<usize>(j - 1) << 3)) >> (64 - bits);
    }
    store<u64>(d + (<usize>i << 3), w);
  }
}

function u256_shr1(a: usize): void {
  for (let i: usize = 0; i < 32; i += 8) {
    let w = load<u64>(a + i) >> 1;
    if (i < 24) w |= load<u64>(a + i + 8) << 63;
    store<u64>(a + i, w);
  }
}

// Partial extended Euclid on (l, k), k < l: the remainders r_i = s_i l + t_i k decrease and
// |t_i| <= l / r_{i-1}; stop at the first r_i < 2^127, so |t_i| < 2^126. Leaves r_i in LR_R and
// |t_i| in LR_T; returns 1 if t_i > 0 (t_1 = 1 and the signs alternate).
function lattice_reduce(k: usize): i32 {
  let r0 = LR_A, r1 = LR_B, t0 = LR_C, t1 = LR_D;
  memory.copy(r0, ORDER, 32);
  memory.copy(r1, k, 32);
  memory.fill(t0, 0, 32);
  memory.fill(t1, 0, 32);
  store<u64>(t1, 1);
  let positive: i32 = 1;
  while (u256_bitlen(r1) > 127) {
    // r0 = r0 mod r1, t0 = t0 + q |t1|, by binary long division
    const sft = u256_bitlen(r0) - u256_bitlen(r1);
    u256_shl(LR_SH, r1, sft);
    u256_shl(LR_TS, t1, sft);
    for (let j = sft; j >= 0; j--) {
      if (u256_ge(r0, LR_SH)) {
        u256_sub(r0, LR_SH);
        u256_add(t0, LR_TS);
      }
      u256_shr1(LR_SH);
      u256_shr1(LR_TS);
    }
    let x = r0; r0 = r1; r1 = x;
    x = t0; t0 = t1; t1 = x;
    positive ^= 1;
  }
  memory.copy(LR_R, r1, 32);
  memory.copy(LR_T, t1, 32);
  return positive;
}

// ---------------------------------------------------------------------------------------------

// H64 = SHA-512(seed); the first half is clamped into the secret scalar a.
function expand_seed(seed: usize): void {
  sha512_init(CTX);
  sha512_update(CTX, seed, 32);
  sha512_final(CTX, H64);
  store<u8>(H64, load<u8>(H64, 0) & 248, 0);
  store<u8>(H64, (load<u8>(H64, 31) & 127) | 64, 31);
}

function wipe(): void {
  memory.fill(CTX, 0, <usize>SHA512_CTX_SIZE);
  memory.fill(H64, 0, 64);
  memory.fill(A32, 0, 32);
  memory.fill(R64, 0, 64);
  memory.fill(K64, 0, 64);
  memory.fill(RB, 0, 32);
  memory.fill(SB, 0, 32);
  memory.fill(P1, 0, 160);
  memory.fill(P2, 0, 160);
  memory.fill(P3, 0, 160);
}

// pk = [a]B encoded; sk = seed || pk. seed may alias sk (its first 32 bytes).
export function ed25519_keypair(pk: usize, sk: usize, seed: usize): void {
  expand_seed(seed);
  sc_reduce32(A32, H64);                // [a]B = [a mod l]B
  ge_scalarmult_base(P1, A32);
  ge_tobytes(RB, P1);
  memory.copy(sk, seed, 32);
  memory.copy(sk + 32, RB, 32);
  memory.copy(pk, RB, 32);
  wipe();
}

// sig = R || S, deterministic (RFC 8032 5.1.6). sig is written only at the end, so it may
// overlap sk or msg.
export function ed25519_sign(sig: usize, sk: usize, msg: usize, msgLen: u32): void {
  expand_seed(sk);
  sc_reduce32(A32, H64);
  // r = SHA-512(prefix || M) mod l
  sha512_init(CTX);
  sha512_update(CTX, H64 + 32, 32);
  sha512_update(CTX, msg, msgLen);
  sha512_final(CTX, R64);
  sc_reduce64(R64, R64);
  ge_scalarmult_base(P1, R64);
  ge_tobytes(RB, P1);
  // k = SHA-512(R || A || M) mod l
  sha512_init(CTX);
  sha512_update(CTX, RB, 32);
  sha512_update(CTX, sk + 32, 32);
  sha512_update(CTX, msg, msgLen);
  sha512_final(CTX, K64);
  sc_reduce64(K64, K64);
  // S = r + k a mod l
  sc_muladd(SB, K64, A32, R64);
  memory.copy(sig, RB, 32);
  memory.copy(sig + 32, SB, 32);
  wipe();
}

// 1 if sig is a valid signature of msg under pk by the rules above, else 0.
export function ed25519_verify(sig: usize, pk: usize, msg: usize, msgLen: u32): i32 {
  memory.copy(RB, sig, 32);
  memory.copy(SB, sig + 32, 32);
  if (sc_is_canonical(SB) == 0) return 0;
  if (ge_frombytes(P1, pk) != 0) return 0;             // A
  if (ge_is_small_order(P1) != 0) return 0;
  if (ge_frombytes(P2, RB) != 0) return 0;             // R
  if (ge_is_small_order(P2) != 0) return 0;
  sha512_init(CTX);
  sha512_update(CTX, RB, 32);
  sha512_update(CTX, pk, 32);
  sha512_update(CTX, msg, msgLen);
  sha512_final(CTX, K64);
  sc_reduce64(K64, K64);
  if (ED25519_COFACTORLESS) {
    // [S]B + [k_lo](-A) + [k_hi](-2^128 A) encodes to R
    ge_p3_neg(P1, P1);
    ge_p3_copy(P2, P1);
    for (let i = 0; i < 128; i++) ge_p3_dbl(P2, P2);
    memory.fill(LR_R, 0, 32);
    memory.fill(LR_T, 0, 32);
    memory.copy(LR_R, K64, 16);
    memory.copy(LR_T, K64 + 16, 16);
    ge_multi_scalarmult_vartime(P3, SB, LR_R, P1, LR_T, P2);
    ge_tobytes(H64, P3);
    return memory.compare(H64, RB, 32) == 0 ? 1 : 0;
  }
  // [8]([|t| S]B + [r](-sign(t) A) + [|t|](-R)) == identity
  if (lattice_reduce(K64) != 0) ge_p3_neg(P1, P1);
  ge_p3_neg(P2, P2);
  sc_mul(SP, LR_T, SB);
  ge_multi_scalarmult_vartime(P3, SP, LR_R, P1, LR_T, P2);
  ge_p3_dbl(P3, P3);
  ge_p3_dbl(P3, P3);
  ge_p3_dbl(P3, P3);
  return <i32>fe_iszero(P3);            // X = 0 iff identity (see ge_is_small_order)
}
