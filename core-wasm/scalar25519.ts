// Scalars modulo l = 2^252 + c, c = 27742317777372353535851937790883648493 (125 bits).
//
// Scalars are 32 bytes little-endian. Inputs to every function may be any 32-byte value
// (< 2^256), reduced or not; sc_reduce64 takes any 64-byte value. Outputs are always fully
// reduced (< l) and may alias inputs. All functions are constant time (straight-line code, no
// secret-dependent branches or indices).
//
// Method: values are split into signed i64 limbs of radix 2^21 (limb k has weight 2^(21 k));
// products are schoolbook. reduce24 folds every limb k >= 12 with 2^252 = -c (mod l), c having
// six 21-bit digits, carrying the touched limbs after each fold so nothing overflows: when limb
// i is folded it is below 2^34 in size, so every product term stays below 2^55. Two more folds
// of the excess above 2^252 leave a value in (-l, 2l); adding l and two masked conditional
// subtractions of l give the result in [0, l).

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

// Reduce the value sum(s_k 2^(21 k)) (|s_k| < 2^55, value < 2^512 in size) mod l; write 32 bytes.
function reduce24(out: usize, s0: i64, s1: i64, s2: i64, s3: i64, s4: i64, s5: i64, s6: i64, s7: i64, s8: i64, s9: i64, s10: i64, s11: i64, s12: i64, s13: i64, s14: i64, s15: i64, s16: i64, s17: i64, s18: i64, s19: i64, s20: i64, s21: i64, s22: i64, s23: i64): void {
  let c: i64;
  c = s0 >> 21; s1 += c; s0 -= c << 21;
  c = s1 >> 21; s2 += c; s1 -= c << 21;
  c = s2 >> 21; s3 += c; s2 -= c << 21;
  c = s3 >> 21; s4 += c; s3 -= c << 21;
  c = s4 >> 21; s5 += c; s4 -= c << 21;
  c = s5 >> 21; s6 += c; s5 -= c << 21;
  c = s6 >> 21; s7 += c; s6 -= c << 21;
  c = s7 >> 21; s8 += c; s7 -= c << 21;
  c = s8 >> 21; s9 += c; s8 -= c << 21;
  c = s9 >> 21; s10 += c; s9 -= c << 21;
  c = s10 >> 21; s11 += c; s10 -= c << 21;
  c = s11 >> 21; s12 += c; s11 -= c << 21;
  c = s12 >> 21; s13 += c; s12 -= c << 21;
  c = s13 >> 21; s14 += c; s13 -= c << 21;
  c = s14 >> 21; s15 += c; s14 -= c << 21;
  c = s15 >> 21; s16 += c; s15 -= c << 21;
  c = s16 >> 21; s17 += c; s16 -= c << 21;
  c = s17 >> 21; s18 += c; s17 -= c << 21;
  c = s18 >> 21; s19 += c; s18 -= c << 21;
  c = s19 >> 21; s20 += c; s19 -= c << 21;
  c = s20 >> 21; s21 += c; s20 -= c << 21;
  c = s21 >> 21; s22 += c; s21 -= c << 21;
  c = s22 >> 21; s23 += c; s22 -= c << 21;
  s11 -= s23 * 1430509;
  s12 -= s23 * 1626855;
  s13 -= s23 * 1442968;
  s14 -= s23 * 997804;
  s15 -= s23 * 1960495;
  s16 -= s23 * 683900;
  c = s11 >> 21; s12 += c; s11 -= c << 21;
  c = s12 >> 21; s13 += c; s12 -= c << 21;
  c = s13 >> 21; s14 += c; s13 -= c << 21;
  c = s14 >> 21; s15 += c; s14 -= c << 21;
  c = s15 >> 21; s16 += c; s15 -= c << 21;
  c = s16 >> 21; s17 += c; s16 -= c << 21;
  s10 -= s22 * 1430509;
  s11 -= s22 * 1626855;
  s12 -= s22 * 1442968;
  s13 -= s22 * 997804;
  s14 -= s22 * 1960495;
  s15 -= s22 * 683900;
  c = s10 >> 21; s11 += c; s10 -= c << 21;
  c = s11 >> 21; s12 += c; s11 -= c << 21;
  c = s12 >> 21; s13 += c; s12 -= c << 21;
  c = s13 >> 21; s14 += c; s13 -= c << 21;
  c = s14 >> 21; s15 += c; s14 -= c << 21;
  c = s15 >> 21; s16 += c; s15 -= c << 21;
  s9 -= s21 * 1430509;
  s10 -= s21 * 1626855;
  s11 -= s21 * 1442968;
  s12 -= s21 * 997804;
  s13 -= s21 * 1960495;
  s14 -= s21 * 683900;
  c = s9 >> 21; s10 += c; s9 -= c << 21;
  c = s10 >> 21; s11 += c; s10 -= c << 21;
  c = s11 >> 21; s12 += c; s11 -= c << 21;
  c = s12 >> 21; s13 += c; s12 -= c << 21;
  c = s13 >> 21; s14 += c; s13 -= c << 21;
  c = s14 >> 21; s15 += c; s14 -= c << 21;
  s8 -= s20 * 1430509;
  s9 -= s20 * 1626855;
  s10 -= s20 * 1442968;
  s11 -= s20 * 997804;
  s12 -= s20 * 1960495;
  s13 -= s20 * 683900;
  c = s8 >> 21; s9 += c; s8 -= c << 21;
  c = s9 >> 21; s10 += c; s9 -= c << 21;
  c = s10 >> 21; s11 += c; s10 -= c << 21;
  c = s11 >> 21; s12 += c; s11 -= c << 21;
  c = s12 >> 21; s13 += c; s12 -= c << 21;
  c = s13 >> 21; s14 += c; s13 -= c << 21;
  s7 -= s19 * 1430509;
  s8 -= s19 * 1626855;
  s9 -= s19 * 1442968;
  s10 -= s19 * 997804;
  s11 -= s19 * 1960495;
  s12 -= s19 * 683900;
  c = s7 >> 21; s8 += c; s7 -= c << 21;
  c = s8 >> 21; s9 += c; s8 -= c << 21;
  c = s9 >> 21; s10 += c; s9 -= c << 21;
  c = s10 >> 21; s11 += c; s10 -= c << 21;
  c = s11 >> 21; s12 += c; s11 -= c << 21;
  c = s12 >> 21; s13 += c; s12 -= c << 21;
  s6 -= s18 * 1430509;
  s7 -= s18 * 1626855;
  s8 -= s18 * 1442968;
  s9 -= s18 * 997804;
  s10 -= s18 * 1960495;
  s11 -= s18 * 683900;
  c = s6 >> 21; s7 += c; s6 -= c << 21;
  c = s7 >> 21; s8 += c; s7 -= c << 21;
  c = s8 >> 21; s9 += c; s8 -= c << 21;
  c = s9 >> 21; s10 += c; s9 -= c << 21;
  c = s10 >> 21; s11 += c; s10 -= c << 21;
  c = s11 >> 21; s12 += c; s11 -= c << 21;
  s5 -= s17 * 1430509;
  s6 -= s17 * 1626855;
  s7 -= s17 * 1442968;
  s8 -= s17 * 997804;
  s9 -= s17 * 1960495;
  s10 -= s17 * 683900;
  c = s5 >> 21; s6 += c; s5 -= c << 21;
  c = s6 >> 21; s7 += c; s6 -= c << 21;
  c = s7 >> 21; s8 += c; s7 -= c << 21;
  c = s8 >> 21; s9 += c; s8 -= c << 21;
  c = s9 >> 21; s10 += c; s9 -= c << 21;
  c = s10 >> 21; s11 += c; s10 -= c << 21;
  s4 -= s16 * 1430509;
  s5 -= s16 * 1626855;
  s6 -= s16 * 1442968;
  s7 -= s16 * 997804;
  s8 -= s16 * 1960495;
  s9 -= s16 * 683900;
  c = s4 >> 21; s5 += c; s4 -= c << 21;
  c = s5 >> 21; s6 += c; s5 -= c << 21;
  c = s6 >> 21; s7 += c; s6 -= c << 21;
  c = s7 >> 21; s8 += c; s7 -= c << 21;
  c = s8 >> 21; s9 += c; s8 -= c << 21;
  c = s9 >> 21; s10 += c; s9 -= c << 21;
  s3 -= s15 * 1430509;
  s4 -= s15 * 1626855;
  s5 -= s15 * 1442968;
  s6 -= s15 * 997804;
  s7 -= s15 * 1960495;
  s8 -= s15 * 683900;
  c = s3 >> 21; s4 += c; s3 -= c << 21;
  c = s4 >> 21; s5 += c; s4 -= c << 21;
  c = s5 >> 21; s6 += c; s5 -= c << 21;
  c = s6 >> 21; s7 += c; s6 -= c << 21;
  c = s7 >> 21; s8 += c; s7 -= c << 21;
  c = s8 >> 21; s9 += c; s8 -= c << 21;
  s2 -= s14 * 1430509;
  s3 -= s14 * 1626855;
  s4 -= s14 * 1442968;
  s5 -= s14 * 997804;
  s6 -= s14 * 1960495;
  s7 -= s14 * 683900;
  c = s2 >> 21; s3 += c; s2 -= c << 21;
  c = s3 >> 21; s4 += c; s3 -= c << 21;
  c = s4 >> 21; s5 += c; s4 -= c << 21;
  c = s5 >> 21; s6 += c; s5 -= c << 21;
  c = s6 >> 21; s7 += c; s6 -= c << 21;
  c = s7 >> 21; s8 += c; s7 -= c << 21;
  s1 -= s13 * 1430509;
  s2 -= s13 * 1626855;
  s3 -= s13 * 1442968;
  s4 -= s13 * 997804;
  s5 -= s13 * 1960495;
  s6 -= s13 * 683900;
  c = s1 >> 21; s2 += c; s1 -= c << 21;
  c = s2 >> 21; s3 += c; s2 -= c << 21;
  c = s3 >> 21; s4 += c; s3 -= c << 21;
  c = s4 >> 21; s5 += c; s4 -= c << 21;
  c = s5 >> 21; s6 += c; s5 -= c << 21;
  c = s6 >> 21; s7 += c; s6 -= c << 21;
  s0 -= s12 * 1430509;
  s1 -= s12 * 1626855;
  s2 -= s12 * 1442968;
  s3 -= s12 * 997804;
  s4 -= s12 * 1960495;
  s5 -= s12 * 683900;
  c = s0 >> 21; s1 += c; s0 -= c << 21;
  c = s1 >> 21; s2 += c; s1 -= c << 21;
  c = s2 >> 21; s3 += c; s2 -= c << 21;
  c = s3 >> 21; s4 += c; s3 -= c << 21;
  c = s4 >> 21; s5 += c; s4 -= c << 21;
  c = s5 >> 21; s6 += c; s5 -= c << 21;
  c = s0 >> 21; s1 += c; s0 -= c << 21;
  c = s1 >> 21; s2 += c; s1 -= c << 21;
  c = s2 >> 21; s3 += c; s2 -= c << 21;
  c = s3 >> 21; s4 += c; s3 -= c << 21;
  c = s4 >> 21; s5 += c; s4 -= c << 21;
  c = s5 >> 21; s6 += c; s5 -= c << 21;
  c = s6 >> 21; s7 += c; s6 -= c << 21;
  c = s7 >> 21; s8 += c; s7 -= c << 21;
  c = s8 >> 21; s9 += c; s8 -= c << 21;
  c = s9 >> 21; s10 += c; s9 -= c << 21;
  c = s10 >> 21; s11 += c; s10 -= c << 21;
  c = s11 >> 21; s11 -= c << 21;
  s0 -= c * 1430509;
  s1 -= c * 1626855;
  s2 -= c * 1442968;
  s3 -= c * 997804;
  s4 -= c * 1960495;
  s5 -= c * 683900;
  c = s0 >> 21; s1 += c; s0 -= c << 21;
  c = s1 >> 21; s2 += c; s1 -= c << 21;
  c = s2 >> 21; s3 += c; s2 -= c << 21;
  c = s3 >> 21; s4 += c; s3 -= c << 21;
  c = s4 >> 21; s5 += c; s4 -= c << 21;
  c = s5 >> 21; s6 += c; s5 -= c << 21;
  c = s6 >> 21; s7 += c; s6 -= c << 21;
  c = s7 >> 21; s8 += c; s7 -= c << 21;
  c = s8 >> 21; s9 += c; s8 -= c << 21;
  c = s9 >> 21; s10 += c; s9 -= c << 21;
  c = s10 >> 21; s11 += c; s10 -= c << 21;
  c = s11 >> 21; s11 -= c << 21;
  s0 -= c * 1430509;
  s1 -= c * 1626855;
  s2 -= c * 1442968;
  s3 -= c * 997804;
  s4 -= c * 1960495;
  s5 -= c * 683900;
  c = s0 >> 21; s1 += c; s0 -= c << 21;
  c = s1 >> 21; s2 += c; s1 -= c << 21;
  c = s2 >> 21; s3 += c; s2 -= c << 21;
  c = s3 >> 21; s4 += c; s3 -= c << 21;
  c = s4 >> 21; s5 += c; s4 -= c << 21;
  c = s5 >> 21; s6 += c; s5 -= c << 21;
  c = s6 >> 21; s7 += c; s6 -= c << 21;
  c = s7 >> 21; s8 += c; s7 -= c << 21;
  c = s8 >> 21; s9 += c; s8 -= c << 21;
  c = s9 >> 21; s10 += c; s9 -= c << 21;
  c = s10 >> 21; s11 += c; s10 -= c << 21;
  // + l
  s0 += 1430509;
  s1 += 1626855;
  s2 += 1442968;
  s3 += 997804;
  s4 += 1960495;
  s5 += 683900;
  s11 += 1 << 21;
  c = s0 >> 21; s1 += c; s0 -= c << 21;
  c = s1 >> 21; s2 += c; s1 -= c << 21;
  c = s2 >> 21; s3 += c; s2 -= c << 21;
  c = s3 >> 21; s4 += c; s3 -= c << 21;
  c = s4 >> 21; s5 += c; s4 -= c << 21;
  c = s5 >> 21; s6 += c; s5 -= c << 21;
  c = s6 >> 21; s7 += c; s6 -= c << 21;
  c = s7 >> 21; s8 += c; s7 -= c << 21;
  c = s8 >> 21; s9 += c; s8 -= c << 21;
  c = s9 >> 21; s10 += c; s9 -= c << 21;
  c = s10 >> 21; s11 += c; s10 -= c << 21;
  {
    let y0 = s0 - 1430509;
    let y1 = s1 - 1626855;
    let y2 = s2 - 1442968;
    let y3 = s3 - 997804;
    let y4 = s4 - 1960495;
    let y5 = s5 - 683900;
    let y6 = s6;
    let y7 = s7;
    let y8 = s8;
    let y9 = s9;
    let y10 = s10;
    let y11 = s11 - (1 << 21);
    c = y0 >> 21; y1 += c; y0 -= c << 21;
    c = y1 >> 21; y2 += c; y1 -= c << 21;
    c = y2 >> 21; y3 += c; y2 -= c << 21;
    c = y3 >> 21; y4 += c; y3 -= c << 21;
    c = y4 >> 21; y5 += c; y4 -= c << 21;
    c = y5 >> 21; y6 += c; y5 -= c << 21;
    c = y6 >> 21; y7 += c; y6 -= c << 21;
    c = y7 >> 21; y8 += c; y7 -= c << 21;
    c = y8 >> 21; y9 += c; y8 -= c << 21;
    c = y9 >> 21; y10 += c; y9 -= c << 21;
    c = y10 >> 21; y11 += c; y10 -= c << 21;
    const keep = y11 >> 63;
    s0 ^= (s0 ^ y0) & ~keep;
    s1 ^= (s1 ^ y1) & ~keep;
    s2 ^= (s2 ^ y2) & ~keep;
    s3 ^= (s3 ^ y3) & ~keep;
    s4 ^= (s4 ^ y4) & ~keep;
    s5 ^= (s5 ^ y5) & ~keep;
    s6 ^= (s6 ^ y6) & ~keep;
    s7 ^= (s7 ^ y7) & ~keep;
    s8 ^= (s8 ^ y8) & ~keep;
    s9 ^= (s9 ^ y9) & ~keep;
    s10 ^= (s10 ^ y10) & ~keep;
    s11 ^= (s11 ^ y11) & ~keep;
  }
  {
    let y0 = s0 - 1430509;
    let y1 = s1 - 1626855;
    let y2 = s2 - 1442968;
    let y3 = s3 - 997804;
    let y4 = s4 - 1960495;
    let y5 = s5 - 683900;
    let y6 = s6;
    let y7 = s7;
    let y8 = s8;
    let y9 = s9;
    let y10 = s10;
    let y11 = s11 - (1 << 21);
    c = y0 >> 21; y1 += c; y0 -= c << 21;
    c = y1 >> 21; y2 += c; y1 -= c << 21;
    c = y2 >> 21; y3 += c; y2 -= c << 21;
    c = y3 >> 21; y4 += c; y3 -= c << 21;
    c = y4 >> 21; y5 += c; y4 -= c << 21;
    c = y5 >> 21; y6 += c; y5 -= c << 21;
    c = y6 >> 21; y7 += c; y6 -= c << 21;
    c = y7 >> 21; y8 += c; y7 -= c << 21;
    c = y8 >> 21; y9 += c; y8 -= c << 21;
    c = y9 >> 21; y10 += c; y9 -= c << 21;
    c = y10 >> 21; y11 += c; y10 -= c << 21;
    const keep = y11 >> 63;
    s0 ^= (s0 ^ y0) & ~keep;
    s1 ^= (s1 ^ y1) & ~keep;
    s2 ^= (s2 ^ y2) & ~keep;
    s3 ^= (s3 ^ y3) & ~keep;
    s4 ^= (s4 ^ y4) & ~keep;
    s5 ^= (s5 ^ y5) & ~keep;
    s6 ^= (s6 ^ y6) & ~keep;
    s7 ^= (s7 ^ y7) & ~keep;
    s8 ^= (s8 ^ y8) & ~keep;
    s9 ^= (s9 ^ y9) & ~keep;
    s10 ^= (s10 ^ y10) & ~keep;
    s11 ^= (s11 ^ y11) & ~keep;
  }
  store<u64>(out, <u64>s0 | (<u64>s1 << 21) | (<u64>s2 << 42) | (<u64>s3 << 63), 0);
  store<u64>(out, (<u64>s3 >> 1) | (<u64>s4 << 20) | (<u64>s5 << 41) | (<u64>s6 << 62), 8);
  store<u64>(out, (<u64>s6 >> 2) | (<u64>s7 << 19) | (<u64>s8 << 40) | (<u64>s9 << 61), 16);
  store<u64>(out, (<u64>s9 >> 3) | (<u64>s10 << 18) | (<u64>s11 << 39), 24);
}

// out = a b + c mod l (a, b, c any 32-byte values)
function mul_add_reduce(out: usize, a: usize, b: usize, cc: usize): void {
  const a0 = <i64>((load<u32>(a, 0) >> 0) & 0x1fffff);
  const a1 = <i64>((load<u32>(a, 2) >> 5) & 0x1fffff);
  const a2 = <i64>((load<u32>(a, 5) >> 2) & 0x1fffff);
  const a3 = <i64>((load<u32>(a, 7) >> 7) & 0x1fffff);
  const a4 = <i64>((load<u32>(a, 10) >> 4) & 0x1fffff);
  const a5 = <i64>((load<u32>(a, 13) >> 1) & 0x1fffff);
  const a6 = <i64>((load<u32>(a, 15) >> 6) & 0x1fffff);
  const a7 = <i64>((load<u32>(a, 18) >> 3) & 0x1fffff);
  const a8 = <i64>((load<u32>(a, 21) >> 0) & 0x1fffff);
  const a9 = <i64>((load<u32>(a, 23) >> 5) & 0x1fffff);
  const a10 = <i64>((load<u32>(a, 26) >> 2) & 0x1fffff);
  const a11 = <i64>(load<u32>(a, 28) >> 7);
  const b0 = <i64>((load<u32>(b, 0) >> 0) & 0x1fffff);
  const b1 = <i64>((load<u32>(b, 2) >> 5) & 0x1fffff);
  const b2 = <i64>((load<u32>(b, 5) >> 2) & 0x1fffff);
  const b3 = <i64>((load<u32>(b, 7) >> 7) & 0x1fffff);
  const b4 = <i64>((load<u32>(b, 10) >> 4) & 0x1fffff);
  const b5 = <i64>((load<u32>(b, 13) >> 1) & 0x1fffff);
  const b6 = <i64>((load<u32>(b, 15) >> 6) & 0x1fffff);
  const b7 = <i64>((load<u32>(b, 18) >> 3) & 0x1fffff);
  const b8 = <i64>((load<u32>(b, 21) >> 0) & 0x1fffff);
  const b9 = <i64>((load<u32>(b, 23) >> 5) & 0x1fffff);
  const b10 = <i64>((load<u32>(b, 26) >> 2) & 0x1fffff);
  const b11 = <i64>(load<u32>(b, 28) >> 7);

  const c0 = <i64>((load<u32>(cc, 0) >> 0) & 0x1fffff);
  const c1 = <i64>((load<u32>(cc, 2) >> 5) & 0x1fffff);
  const c2 = <i64>((load<u32>(cc, 5) >> 2) & 0x1fffff);
  const c3 = <i64>((load<u32>(cc, 7) >> 7) & 0x1fffff);
  const c4 = <i64>((load<u32>(cc, 10) >> 4) & 0x1fffff);
  const c5 = <i64>((load<u32>(cc, 13) >> 1) & 0x1fffff);
  const c6 = <i64>((load<u32>(cc, 15) >> 6) & 0x1fffff);
  const c7 = <i64>((load<u32>(cc, 18) >> 3) & 0x1fffff);
  const c8 = <i64>((load<u32>(cc, 21) >> 0) & 0x1fffff);
  const c9 = <i64>((load<u32>(cc, 23) >> 5) & 0x1fffff);
  const c10 = <i64>((load<u32>(cc, 26) >> 2) & 0x1fffff);
  const c11 = <i64>(load<u32>(cc, 28) >> 7);
  const s0 = a0 * b0 + c0;
  const s1 = a0 * b1 + a1 * b0 + c1;
  const s2 = a0 * b2 + a1 * b1 + a2 * b0 + c2;
  const s3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + c3;
  const s4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0 + c4;
  const s5 = a0 * b5 + a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1 + a5 * b0 + c5;
  const s6 = a0 * b6 + a1 * b5 + a2 * b4 + a3 * b3 + a4 * b2 + a5 * b1 + a6 * b0 + c6;
  const s7 = a0 * b7 + a1 * b6 + a2 * b5 + a3 * b4 + a4 * b3 + a5 * b2 + a6 * b1 + a7 * b0 + c7;
  const s8 = a0 * b8 + a1 * b7 + a2 * b6 + a3 * b5 + a4 * b4 + a5 * b3 + a6 * b2 + a7 * b1 + a8 * b0 + c8;
  const s9 = a0 * b9 + a1 * b8 + a2 * b7 + a3 * b6 + a4 * b5 + a5 * b4 + a6 * b3 + a7 * b2 + a8 * b1 + a9 * b0 + c9;
  const s10 = a0 * b10 + a1 * b9 + a2 * b8 + a3 * b7 + a4 * b6 + a5 * b5 + a6 * b4 + a7 * b3 + a8 * b2 + a9 * b1 + a10 * b0 + c10;
  const s11 = a0 * b11 + a1 * b10 + a2 * b9 + a3 * b8 + a4 * b7 + a5 * b6 + a6 * b5 + a7 * b4 + a8 * b3 + a9 * b2 + a10 * b1 + a11 * b0 + c11;
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
  const t0 = <i64>((load<u32>(s, 0) >> 0) & 0x1fffff);
  const t1 = <i64>((load<u32>(s, 2) >> 5) & 0x1fffff);
  const t2 = <i64>((load<u32>(s, 5) >> 2) & 0x1fffff);
  const t3 = <i64>((load<u32>(s, 7) >> 7) & 0x1fffff);
  const t4 = <i64>((load<u32>(s, 10) >> 4) & 0x1fffff);
  const t5 = <i64>((load<u32>(s, 13) >> 1) & 0x1fffff);
  const t6 = <i64>((load<u32>(s, 15) >> 6) & 0x1fffff);
  const t7 = <i64>((load<u32>(s, 18) >> 3) & 0x1fffff);
  const t8 = <i64>((load<u32>(s, 21) >> 0) & 0x1fffff);
  const t9 = <i64>((load<u32>(s, 23) >> 5) & 0x1fffff);
  const t10 = <i64>((load<u32>(s, 26) >> 2) & 0x1fffff);
  const t11 = <i64>((load<u32>(s, 28) >> 7) & 0x1fffff);
  const t12 = <i64>((load<u32>(s, 31) >> 4) & 0x1fffff);
  const t13 = <i64>((load<u32>(s, 34) >> 1) & 0x1fffff);
  const t14 = <i64>((load<u32>(s, 36) >> 6) & 0x1fffff);
  const t15 = <i64>((load<u32>(s, 39) >> 3) & 0x1fffff);
  const t16 = <i64>((load<u32>(s, 42) >> 0) & 0x1fffff);
  const t17 = <i64>((load<u32>(s, 44) >> 5) & 0x1fffff);
  const t18 = <i64>((load<u32>(s, 47) >> 2) & 0x1fffff);
  const t19 = <i64>((load<u32>(s, 49) >> 7) & 0x1fffff);
  const t20 = <i64>((load<u32>(s, 52) >> 4) & 0x1fffff);
  const t21 = <i64>((load<u32>(s, 55) >> 1) & 0x1fffff);
  const t22 = <i64>((load<u32>(s, 57) >> 6) & 0x1fffff);
  const t23 = <i64>(load<u32>(s, 60) >> 3);
  reduce24(out, t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15, t16, t17, t18, t19, t20, t21, t22, t23);
}

export function sc_reduce32(out: usize, s: usize): void {
  const a0 = <i64>((load<u32>(s, 0) >> 0) & 0x1fffff);
  const a1 = <i64>((load<u32>(s, 2) >> 5) & 0x1fffff);
  const a2 = <i64>((load<u32>(s, 5) >> 2) & 0x1fffff);
  const a3 = <i64>((load<u32>(s, 7) >> 7) & 0x1fffff);
  const a4 = <i64>((load<u32>(s, 10) >> 4) & 0x1fffff);
  const a5 = <i64>((load<u32>(s, 13) >> 1) & 0x1fffff);
  const a6 = <i64>((load<u32>(s, 15) >> 6) & 0x1fffff);
  const a7 = <i64>((load<u32>(s, 18) >> 3) & 0x1fffff);
  const a8 = <i64>((load<u32>(s, 21) >> 0) & 0x1fffff);
  const a9 = <i64>((load<u32>(s, 23) >> 5) & 0x1fffff);
  const a10 = <i64>((load<u32>(s, 26) >> 2) & 0x1fffff);
  const a11 = <i64>(load<u32>(s, 28) >> 7);
  reduce24(out, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
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
  const a0 = <i64>((load<u32>(a, 0) >> 0) & 0x1fffff);
  const a1 = <i64>((load<u32>(a, 2) >> 5) & 0x1fffff);
  const a2 = <i64>((load<u32>(a, 5) >> 2) & 0x1fffff);
  const a3 = <i64>((load<u32>(a, 7) >> 7) & 0x1fffff);
  const a4 = <i64>((load<u32>(a, 10) >> 4) & 0x1fffff);
  const a5 = <i64>((load<u32>(a, 13) >> 1) & 0x1fffff);
  const a6 = <i64>((load<u32>(a, 15) >> 6) & 0x1fffff);
  const a7 = <i64>((load<u32>(a, 18) >> 3) & 0x1fffff);
  const a8 = <i64>((load<u32>(a, 21) >> 0) & 0x1fffff);
  const a9 = <i64>((load<u32>(a, 23) >> 5) & 0x1fffff);
  const a10 = <i64>((load<u32>(a, 26) >> 2) & 0x1fffff);
  const a11 = <i64>(load<u32>(a, 28) >> 7);
  const b0 = <i64>((load<u32>(b, 0) >> 0) & 0x1fffff);
  const b1 = <i64>((load<u32>(b, 2) >> 5) & 0x1fffff);
  const b2 = <i64>((load<u32>(b, 5) >> 2) & 0x1fffff);
  const b3 = <i64>((load<u32>(b, 7) >> 7) & 0x1fffff);
  const b4 = <i64>((load<u32>(b, 10) >> 4) & 0x1fffff);
  const b5 = <i64>((load<u32>(b, 13) >> 1) & 0x1fffff);
  const b6 = <i64>((load<u32>(b, 15) >> 6) & 0x1fffff);
  const b7 = <i64>((load<u32>(b, 18) >> 3) & 0x1fffff);
  const b8 = <i64>((load<u32>(b, 21) >> 0) & 0x1fffff);
  const b9 = <i64>((load<u32>(b, 23) >> 5) & 0x1fffff);
  const b10 = <i64>((load<u32>(b, 26) >> 2) & 0x1fffff);
  const b11 = <i64>(load<u32>(b, 28) >> 7);
  reduce24(out, a0 + b0, a1 + b1, a2 + b2, a3 + b3, a4 + b4, a5 + b5, a6 + b6, a7 + b7, a8 + b8, a9 + b9, a10 + b10, a11 + b11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

export function sc_sub(out: usize, a: usize, b: usize): void {
  const a0 = <i64>((load<u32>(a, 0) >> 0) & 0x1fffff);
  const a1 = <i64>((load<u32>(a, 2) >> 5) & 0x1fffff);
  const a2 = <i64>((load<u32>(a, 5) >> 2) & 0x1fffff);
  const a3 = <i64>((load<u32>(a, 7) >> 7) & 0x1fffff);
  const a4 = <i64>((load<u32>(a, 10) >> 4) & 0x1fffff);
  const a5 = <i64>((load<u32>(a, 13) >> 1) & 0x1fffff);
  const a6 = <i64>((load<u32>(a, 15) >> 6) & 0x1fffff);
  const a7 = <i64>((load<u32>(a, 18) >> 3) & 0x1fffff);
  const a8 = <i64>((load<u32>(a, 21) >> 0) & 0x1fffff);
  const a9 = <i64>((load<u32>(a, 23) >> 5) & 0x1fffff);
  const a10 = <i64>((load<u32>(a, 26) >> 2) & 0x1fffff);
  const a11 = <i64>(load<u32>(a, 28) >> 7);
  const b0 = <i64>((load<u32>(b, 0) >> 0) & 0x1fffff);
  const b1 = <i64>((load<u32>(b, 2) >> 5) & 0x1fffff);
  const b2 = <i64>((load<u32>(b, 5) >> 2) & 0x1fffff);
  const b3 = <i64>((load<u32>(b, 7) >> 7) & 0x1fffff);
  const b4 = <i64>((load<u32>(b, 10) >> 4) & 0x1fffff);
  const b5 = <i64>((load<u32>(b, 13) >> 1) & 0x1fffff);
  const b6 = <i64>((load<u32>(b, 15) >> 6) & 0x1fffff);
  const b7 = <i64>((load<u32>(b, 18) >> 3) & 0x1fffff);
  const b8 = <i64>((load<u32>(b, 21) >> 0) & 0x1fffff);
  const b9 = <i64>((load<u32>(b, 23) >> 5) & 0x1fffff);
  const b10 = <i64>((load<u32>(b, 26) >> 2) & 0x1fffff);
  const b11 = <i64>(load<u32>(b, 28) >> 7);
  reduce24(out, a0 - b0, a1 - b1, a2 - b2, a3 - b3, a4 - b4, a5 - b5, a6 - b6, a7 - b7, a8 - b8, a9 - b9, a10 - b10, a11 - b11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

export function sc_neg(out: usize, a: usize): void {
  const a0 = <i64>((load<u32>(a, 0) >> 0) & 0x1fffff);
  const a1 = <i64>((load<u32>(a, 2) >> 5) & 0x1fffff);
  const a2 = <i64>((load<u32>(a, 5) >> 2) & 0x1fffff);
  const a3 = <i64>((load<u32>(a, 7) >> 7) & 0x1fffff);
  const a4 = <i64>((load<u32>(a, 10) >> 4) & 0x1fffff);
  const a5 = <i64>((load<u32>(a, 13) >> 1) & 0x1fffff);
  const a6 = <i64>((load<u32>(a, 15) >> 6) & 0x1fffff);
  const a7 = <i64>((load<u32>(a, 18) >> 3) & 0x1fffff);
  const a8 = <i64>((load<u32>(a, 21) >> 0) & 0x1fffff);
  const a9 = <i64>((load<u32>(a, 23) >> 5) & 0x1fffff);
  const a10 = <i64>((load<u32>(a, 26) >> 2) & 0x1fffff);
  const a11 = <i64>(load<u32>(a, 28) >> 7);

  reduce24(out, -a0, -a1, -a2, -a3, -a4, -a5, -a6, -a7, -a8, -a9, -a10, -a11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
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
