// Constant-time byte helpers shared by the curve files (no scratch).

// 1 if the 32 bytes at s are all zero, else 0; no branch on the contents.
// @ts-ignore: decorator
@inline
export function bytes32_iszero(s: usize): u32 {
  const x = load<u64>(s, 0) | load<u64>(s, 8) | load<u64>(s, 16) | load<u64>(s, 24);
  const y = <u32>(x >> 32) | <u32>x;
  return ((y | (0 - y)) >> 31) ^ 1;   // y | -y has its top bit set exactly when y != 0
}
