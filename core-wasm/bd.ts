// Burmester-Desmedt group key agreement helpers over ristretto255 (see design/protocol.md,
// "Group key agreement"). One call per round. All points are 32-byte ristretto255 encodings;
// h is a 32-byte scalar, reduced mod l before use.
//
// Status codes: 0 ok, -1 an input is invalid (bad encoding, n < 2, j >= n), -2 K is the
// identity (bd_key only). The identity is a valid X value (for n = 2 every X is the identity).
// Constant time in h (and in the secret intermediate values and K); n, j and the public points
// steer control flow. Secret scratch is wiped before returning.

import {
  ge_p3_0, ge_p3_add, ge_p3_sub, ge_p3_copy, ge_scalarmult, ge_wipe,
} from "./edwards25519";
import { ristretto_decode, ristretto_encode, ristretto_point_is_identity } from "./ristretto255";
import { sc_reduce32 } from "./scalar25519";

const S32: usize = memory.data(32, 16);   // h mod l
const PA: usize = memory.data(160, 16);
const PB: usize = memory.data(160, 16);
const PY: usize = memory.data(160, 16);   // Y_k
const PK: usize = memory.data(160, 16);   // K
const PS: usize = memory.data(160, 16);   // sum of the X values (public)

function wipe(): void {
  memory.fill(S32, 0, 32);
  memory.fill(PA, 0, 160);
  memory.fill(PB, 0, 160);
  memory.fill(PY, 0, 160);
  memory.fill(PK, 0, 160);
  memory.fill(PS, 0, 160);
  ge_wipe();
}

// Round 2: out = X = h * (H_next - H_prev). -1 if hNext or hPrev is invalid.
export function bd_round2(out: usize, h: usize, hNext: usize, hPrev: usize): i32 {
  if ((ristretto_decode(PA, hNext) | ristretto_decode(PB, hPrev)) != 0) {
    wipe();
    return -1;
  }
  ge_p3_sub(PA, PA, PB);
  sc_reduce32(S32, h);
  ge_scalarmult(PA, S32, PA);
  ristretto_encode(out, PA);
  wipe();
  return 0;
}

// Key: xs = X_0 .. X_{n-1} (n consecutive 32-byte encodings), j = own index.
// Y_0 = h * H_{j-1}, Y_{k+1} = Y_k + X_{(j+k) mod n}, K = sum_{k=0}^{n-1} Y_k
//   = n h H_{j-1} + (n-1) X_j + (n-2) X_{j+1} + ... + 1 X_{j-2}.
// Every X (including X_{j-1}, which K does not use) must be a valid encoding.
// out = K; -1 invalid input; -2 if K is the identity (out is then zeroed).
export function bd_key(out: usize, n: u32, h: usize, hPrev: usize, xs: usize, j: u32): i32 {
  return key(out, n, h, hPrev, xs, j, false);
}

// bd_key and bd_sum_is_identity in one pass, each X decoded once: -1 and -2 as bd_key, else
// out = K and 0 if the X values sum to the identity, 1 if they do not.
export function bd_key_sum(out: usize, n: u32, h: usize, hPrev: usize, xs: usize, j: u32): i32 {
  return key(out, n, h, hPrev, xs, j, true);
}

// @ts-ignore: decorator
@inline
function key(out: usize, n: u32, h: usize, hPrev: usize, xs: usize, j: u32, sum: bool): i32 {
  if (n < 2 || j >= n) return -1;
  if (ristretto_decode(PA, hPrev) != 0) {
    wipe();
    return -1;
  }
  // X_{j-1} is checked first (it is not used below)
  if (ristretto_decode(PB, xs + <usize>((j + n - 1) % n) * 32) != 0) {
    wipe();
    return -1;
  }
  if (sum) ge_p3_copy(PS, PB);
  sc_reduce32(S32, h);
  ge_scalarmult(PY, S32, PA);           // Y_0
  ge_p3_copy(PK, PY);                   // K = Y_0
  for (let k: u32 = 0; k + 1 < n; k++) {
    if (ristretto_decode(PB, xs + <usize>((j + k) % n) * 32) != 0) {
      wipe();
      return -1;
    }
    if (sum) ge_p3_add(PS, PS, PB);
    ge_p3_add(PY, PY, PB);              // Y_{k+1}
    ge_p3_add(PK, PK, PY);
  }
  const isId = ristretto_point_is_identity(PK);
  const sumIsId = sum ? ristretto_point_is_identity(PS) : 1;
  ristretto_encode(out, PK);
  wipe();
  if (isId != 0) {
    memory.fill(out, 0, 32);
    return -2;
  }
  return 1 - <i32>sumIsId;
}

// 1 if X_0 + ... + X_{n-1} is the identity, 0 if not, -1 if an encoding is invalid or n < 2.
export function bd_sum_is_identity(xs: usize, n: u32): i32 {
  if (n < 2) return -1;
  ge_p3_0(PA);
  for (let k: u32 = 0; k < n; k++) {
    if (ristretto_decode(PB, xs + <usize>k * 32) != 0) {
      wipe();
      return -1;
    }
    ge_p3_add(PA, PA, PB);
  }
  const r = <i32>ristretto_point_is_identity(PA);
  wipe();
  return r;
}
