// Scalars modulo l = 2^252 + c, c = 27742317777372353535851937790883648493 (125 bits).
//
// Scalars are 32 bytes little-endian. Internally a value is held in signed i64 limbs of radix
// 2^21 (limb k has weight 2^(21 k)); products are schoolbook in i64. Reduction folds every limb
// k >= 12 using 2^252 = -c (mod l), carrying after each fold so no accumulator overflows, then
// brings the result into [0, l) with a fixed sequence of additions and masked conditional
// subtractions of l. All loops have fixed bounds: constant time.
//
// Inputs to every function may be any 32-byte value (< 2^256), reduced or not; sc_reduce64
// takes any 64-byte value. Outputs are always fully reduced (< l) and may alias inputs.

// c in radix 2^21 (6 digits)
const C0: i64 = 1430509;
const C1: i64 = 1626855;
const C2: i64 = 1442968;
const C3: i64 = 997804;
const C4: i64 = 1960495;
const C5: i64 = 683900;
const MASK21: i64 = 0x1fffff;

// l - 2, little-endian (the public exponent of sc_invert)
const L_MINUS_2: usize = memory.data<u8>([
  0xeb, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);
// l as 32-bit words, little-endian
const L_WORDS: usize = memory.data<u32>([
  0x5cf5d3ed, 0x5812631a, 0xa2f79cd6, 0x14def9de, 0, 0, 0, 0x10000000,
]);

// Scratch (i64 limbs), one block so it can be wiped at once
const SCR: usize = memory.data(192 + 4 * 96 + 16 * 96 + 96, 16);
const T: usize = SCR;                       // wide value being reduced (24 limbs)
const Y: usize = SCR + 192;                 // conditional subtraction (12 limbs)
const A: usize = SCR + 288;                 // operands
const B: usize = SCR + 384;
const CC: usize = SCR + 480;
const INV_TAB: usize = SCR + 576;           // a^0 .. a^15 (12 limbs each)
const INV_ACC: usize = SCR + 576 + 16 * 96;
const SCR_SIZE: usize = 192 + 4 * 96 + 16 * 96 + 96;

// @ts-ignore: decorator
@inline
function limb(p: usize, k: i32): i64 {
  return load<i64>(p + (<usize>k << 3));
}
// @ts-ignore: decorator
@inline
function setl(p: usize, k: i32, v: i64): void {
  store<i64>(p + (<usize>k << 3), v);
}

// 32 bytes -> 12 limbs (limb 11 holds bits 231..255, 25 bits)
function load32(d: usize, s: usize): void {
  for (let k = 0; k < 11; k++) {
    const bit = k * 21;
    setl(d, k, <i64>((load<u32>(s + <usize>(bit >> 3)) >> <u32>(bit & 7)) & 0x1fffff));
  }
  setl(d, 11, <i64>(load<u32>(s, 28) >> 7));
}

// 64 bytes -> 24 limbs in T (limb 23 holds bits 483..511)
function load64(s: usize): void {
  for (let k = 0; k < 23; k++) {
    const bit = k * 21;
    setl(T, k, <i64>((load<u32>(s + <usize>(bit >> 3)) >> <u32>(bit & 7)) & 0x1fffff));
  }
  setl(T, 23, <i64>(load<u32>(s, 60) >> 3));
}

// floor carries from limb `from` to limb `to - 1` into limb `to`
// @ts-ignore: decorator
@inline
function carry(p: usize, from: i32, to: i32): void {
  for (let j = from; j < to; j++) {
    const v = limb(p, j);
    const c = v >> 21;
    setl(p, j, v & MASK21);
    setl(p, j + 1, limb(p, j + 1) + c);
  }
}

// p[k..k+5] -= x * c
// @ts-ignore: decorator
@inline
function subc(p: usize, k: i32, x: i64): void {
  const q = p + (<usize>k << 3);
  store<i64>(q, load<i64>(q, 0) - x * C0, 0);
  store<i64>(q, load<i64>(q, 8) - x * C1, 8);
  store<i64>(q, load<i64>(q, 16) - x * C2, 16);
  store<i64>(q, load<i64>(q, 24) - x * C3, 24);
  store<i64>(q, load<i64>(q, 32) - x * C4, 32);
  store<i64>(q, load<i64>(q, 40) - x * C5, 40);
}

// Reduce the 24 signed limbs in T (|value| < 2^512, |limbs| < 2^60) mod l into 12 limbs at
// `out` (limbs 0..10 in [0, 2^21), limb 11 in [0, 2^21]; value in [0, l)).
function reduceT(out: usize): void {
  carry(T, 0, 23);                         // limbs 0..22 in [0, 2^21), limb 23 < 2^30 in size
  for (let i = 23; i >= 12; i--) {
    const x = limb(T, i);
    setl(T, i, 0);
    subc(T, i - 12, x);                    // x 2^(21 i) = x 2^(21 (i-12)) 2^252 = -x c 2^(21(i-12))
    carry(T, i - 12, i - 1);
  }
  // value = sum of limbs 0..11; limbs 0..10 in [0, 2^21); fold the excess of limb 11 once more
  let x = limb(T, 11) >> 21;
  setl(T, 11, limb(T, 11) & MASK21);
  subc(T, 0, x);
  carry(T, 0, 11);                          // now value in (-l, 2l)
  // add l (c plus 2^252 = 2^21 in limb 11): value in (0, 3l)
  subc(T, 0, -1);
  setl(T, 11, limb(T, 11) + (1 << 21));
  carry(T, 0, 11);
  // two masked conditional subtractions of l
  for (let r = 0; r < 2; r++) {
    memory.copy(Y, T, 96);
    subc(Y, 0, 1);
    setl(Y, 11, limb(Y, 11) - (1 << 21));
    carry(Y, 0, 11);
    const keep = limb(Y, 11) >> 63;        // all ones if T - l < 0
    for (let k = 0; k < 12; k++) {
      const t = limb(T, k);
      setl(T, k, t ^ ((t ^ limb(Y, k)) & ~keep));
    }
  }
  if (out != T) memory.copy(out, T, 96);
}

// 12 limbs (reduced) -> 32 bytes
function store32(s: usize, p: usize): void {
  let acc: u64 = 0;
  let bits: u32 = 0;
  let o: usize = 0;
  for (let k = 0; k < 12; k++) {
    acc |= <u64>limb(p, k) << bits;
    bits += 21;
    while (bits >= 8) {
      store<u8>(s + o, <u8>acc);
      o++;
      acc >>= 8;
      bits -= 8;
    }
  }
  // 252 bits written as 31 bytes + 4 bits; limb 11 may carry bit 252
  store<u8>(s + 31, <u8>acc);
}

// T = a * b + c (12-limb operands; c may be 0 pointer for none)
function mulT(a: usize, b: usize, c: usize): void {
  memory.fill(T, 0, 24 * 8);
  for (let i = 0; i < 12; i++) {
    const ai = limb(a, i);
    const q = T + (<usize>i << 3);
    for (let j = 0; j < 12; j++) {
      const r = q + (<usize>j << 3);
      store<i64>(r, load<i64>(r) + ai * limb(b, j));
    }
  }
  if (c) {
    for (let k = 0; k < 12; k++) setl(T, k, limb(T, k) + limb(c, k));
  }
}

function wipe(): void {
  memory.fill(SCR, 0, 192 + 4 * 96);
}

export function sc_reduce64(out: usize, s: usize): void {
  load64(s);
  reduceT(A);
  store32(out, A);
  wipe();
}

export function sc_reduce32(out: usize, s: usize): void {
  memory.fill(T, 0, 24 * 8);
  load32(T, s);
  reduceT(A);
  store32(out, A);
  wipe();
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
  const x = load<u64>(s, 0) | load<u64>(s, 8) | load<u64>(s, 16) | load<u64>(s, 24);
  const y = <u32>(x >> 32) | <u32>x;
  return ((y | (0 - y)) >> 31) ^ 1;
}

export function sc_add(out: usize, a: usize, b: usize): void {
  load32(A, a);
  load32(B, b);
  memory.fill(T, 0, 24 * 8);
  for (let k = 0; k < 12; k++) setl(T, k, limb(A, k) + limb(B, k));
  reduceT(A);
  store32(out, A);
  wipe();
}

export function sc_sub(out: usize, a: usize, b: usize): void {
  load32(A, a);
  load32(B, b);
  memory.fill(T, 0, 24 * 8);
  for (let k = 0; k < 12; k++) setl(T, k, limb(A, k) - limb(B, k));
  reduceT(A);
  store32(out, A);
  wipe();
}

export function sc_neg(out: usize, a: usize): void {
  load32(A, a);
  memory.fill(T, 0, 24 * 8);
  for (let k = 0; k < 12; k++) setl(T, k, -limb(A, k));
  reduceT(A);
  store32(out, A);
  wipe();
}

export function sc_mul(out: usize, a: usize, b: usize): void {
  load32(A, a);
  load32(B, b);
  mulT(A, B, 0);
  reduceT(A);
  store32(out, A);
  wipe();
}

export function sc_muladd(out: usize, a: usize, b: usize, c: usize): void {
  load32(A, a);
  load32(B, b);
  load32(CC, c);
  mulT(A, B, CC);
  reduceT(A);
  store32(out, A);
  wipe();
}

// a^(l - 2) mod l by fixed 4-bit windows over the public exponent (0 -> 0)
export function sc_invert(out: usize, a: usize): void {
  // table: a^0 .. a^15 in reduced limbs
  memory.fill(INV_TAB, 0, 96);
  setl(INV_TAB, 0, 1);
  load32(T, a);
  memory.fill(T + 96, 0, 96);
  reduceT(INV_TAB + 96);
  for (let i = 2; i < 16; i++) {
    const dst = INV_TAB + <usize>i * 96;
    mulT(dst - 96, INV_TAB + 96, 0);
    reduceT(dst);
  }
  // top nibble first
  memory.copy(INV_ACC, INV_TAB + <usize>(load<u8>(L_MINUS_2 + 31) >> 4) * 96, 96);
  for (let n = 62; n >= 0; n--) {
    for (let r = 0; r < 4; r++) {
      mulT(INV_ACC, INV_ACC, 0);
      reduceT(INV_ACC);
    }
    const nib = (load<u8>(L_MINUS_2 + <usize>(n >> 1)) >> <u8>((n & 1) << 2)) & 15;
    if (nib != 0) {                         // public exponent: branching is fine
      mulT(INV_ACC, INV_TAB + <usize>nib * 96, 0);
      reduceT(INV_ACC);
    }
  }
  store32(out, INV_ACC);
  memory.fill(SCR, 0, SCR_SIZE);
}
