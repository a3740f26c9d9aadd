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
//      (all 151 checked both ways; ED25519_COFACTORLESS = true builds the latter, slowly).
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
// lattice reduction results (32-byte little-endian, upper half zero)
const LR_R: usize = memory.data(32, 16);    // result r
const LR_T: usize = memory.data(32, 16);    // result |t|
// l, little-endian u64 words
const ORDER: usize = memory.data<u64>([
  0x5812631a5cf5d3ed, 0x14def9dea2f79cd6, 0x0000000000000000, 0x1000000000000000,
]);

// ---------------------------------------------------------------------------------------------
// Lattice reduction for verification (variable time: public values only). 256-bit integers are
// held in four u64 locals, little-endian (a0..a3 = r_{i-1}, b0..b3 = r_i); |t| values are below
// 2^128 and use two words (c = |t_{i-1}|, d = |t_i|).

// @ts-ignore: decorator
@inline
function bitlen4(x0: u64, x1: u64, x2: u64, x3: u64): i32 {
  if (x3 != 0) return 256 - <i32>clz<u64>(x3);
  if (x2 != 0) return 192 - <i32>clz<u64>(x2);
  if (x1 != 0) return 128 - <i32>clz<u64>(x1);
  return 64 - <i32>clz<u64>(x0);
}

// x >= y
// @ts-ignore: decorator
@inline
function ge4(x0: u64, x1: u64, x2: u64, x3: u64, y0: u64, y1: u64, y2: u64, y3: u64): bool {
  if (x3 != y3) return x3 > y3;
  if (x2 != y2) return x2 > y2;
  if (x1 != y1) return x1 > y1;
  return x0 >= y0;
}

// Partial extended Euclid on (l, k), k < l: the remainders r_i = s_i l + t_i k decrease and
// |t_i| <= l / r_{i-1}; stop at the first r_i < 2^127, so |t_i| < 2^126. Stores r_i in LR_R and
// |t_i| in LR_T (32 bytes each); returns 1 if t_i > 0 (t_1 = 1 and the signs alternate).
function lattice_reduce(k: usize): i32 {
  let a0: u64 = load<u64>(ORDER, 0), a1: u64 = load<u64>(ORDER, 8);
  let a2: u64 = load<u64>(ORDER, 16), a3: u64 = load<u64>(ORDER, 24);
  let b0 = load<u64>(k, 0), b1 = load<u64>(k, 8), b2 = load<u64>(k, 16), b3 = load<u64>(k, 24);
  let c0: u64 = 0, c1: u64 = 0, d0: u64 = 1, d1: u64 = 0;
  let positive: i32 = 1;
  while ((b3 | b2 | (b1 >> 63)) != 0) {
    // a = a mod b, c = c + q d, q = floor(a / b), by binary long division: subtract
    // (b << j, d << j) for j = sft .. 0 whenever it fits (for sft = 0 this is one subtraction)
    const sft = bitlen4(a0, a1, a2, a3) - bitlen4(b0, b1, b2, b3);
    // s = b << sft, u = d << sft
    let s0 = b0, s1 = b1, s2 = b2, s3 = b3, u0 = d0, u1 = d1;
    let n = sft;
    while (n >= 64) {
      s3 = s2; s2 = s1; s1 = s0; s0 = 0; u1 = u0; u0 = 0;
      n -= 64;
    }
    if (n > 0) {
      const m = <u64>n, r = <u64>(64 - n);
      s3 = (s3 << m) | (s2 >> r); s2 = (s2 << m) | (s1 >> r); s1 = (s1 << m) | (s0 >> r);
      s0 <<= m; u1 = (u1 << m) | (u0 >> r); u0 <<= m;
    }
    for (let j = sft; j >= 0; j--) {
      if (ge4(a0, a1, a2, a3, s0, s1, s2, s3)) {
        let x = a0 - s0, br = <u64>(a0 < s0);
        a0 = x;
        x = a1 - s1 - br; br = <u64>(a1 < s1 || (a1 == s1 && br != 0)); a1 = x;
        x = a2 - s2 - br; br = <u64>(a2 < s2 || (a2 == s2 && br != 0)); a2 = x;
        a3 = a3 - s3 - br;
        const y = c0 + u0;
        c1 = c1 + u1 + <u64>(y < c0);
        c0 = y;
      }
      s0 = (s0 >> 1) | (s1 << 63); s1 = (s1 >> 1) | (s2 << 63);
      s2 = (s2 >> 1) | (s3 << 63); s3 >>= 1;
      u0 = (u0 >> 1) | (u1 << 63); u1 >>= 1;
    }
    let x = a0; a0 = b0; b0 = x;
    x = a1; a1 = b1; b1 = x;
    x = a2; a2 = b2; b2 = x;
    x = a3; a3 = b3; b3 = x;
    x = c0; c0 = d0; d0 = x;
    x = c1; c1 = d1; d1 = x;
    positive ^= 1;
  }
  store<u64>(LR_R, b0, 0); store<u64>(LR_R, b1, 8); store<u64>(LR_R, 0, 16); store<u64>(LR_R, 0, 24);
  store<u64>(LR_T, d0, 0); store<u64>(LR_T, d1, 8); store<u64>(LR_T, 0, 16); store<u64>(LR_T, 0, 24);
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

// 1 if pk is a public key ed25519_verify can accept (a canonical encoding of a point that is not
// of small order), else 0. Public values only: no secret passes here.
export function ed25519_check_public_key(pk: usize): i32 {
  if (ge_frombytes(P1, pk) != 0) return 0;
  return ge_is_small_order(P1) != 0 ? 0 : 1;
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
