// Merkle-Damgard buffering and padding shared by sha256.ts and sha512.ts (FIPS 180-4 §5.1).
//
// Context layout, S = the state size in bytes (32 or 64), B = the block size (64 or 128):
//   [0, S)            chaining state, owned by the hash
//   [S, S + 8)        total bytes absorbed, u64 (the bit length is this << 3)
//   [S + 8, S + 12)   bytes waiting in the block buffer, u32 (0 .. B-1)
//   [S + 16, S + 16 + B)  block buffer
// S and B are literals at every call (B picks the hash's compression function), so after
// inlining these compile as if written per hash.

import { sha256_blocks } from "./sha256";
import { sha512_blocks } from "./sha512";

// Compresses n >= 1 consecutive blocks at p into the state at st.
// @ts-ignore: decorator
@inline
function blocks(B: usize, st: usize, p: usize, n: usize): void {
  if (B == 64) sha256_blocks(st, p, n);
  else sha512_blocks(st, p, n);
}

// Absorbs len bytes at data.
// @ts-ignore: decorator
@inline
export function md_update(
  ctx: usize, data: usize, len: u32, S: usize, B: usize,
): void {
  if (len == 0) return;
  store<u64>(ctx + S, load<u64>(ctx + S) + <u64>len);
  const buf = ctx + S + 16;
  let rem = <usize>len;
  let fill = <usize>load<u32>(ctx + S + 8);
  if (fill != 0) {
    let take: usize = B - fill;
    if (take > rem) take = rem;
    memory.copy(buf + fill, data, take);
    fill += take;
    data += take;
    rem -= take;
    if (fill < B) {
      store<u32>(ctx + S + 8, <u32>fill);
      return;
    }
    blocks(B, ctx, buf, 1);
  }
  const nb = rem / B;
  if (nb != 0) {
    blocks(B, ctx, data, nb);
    data += nb * B;
    rem &= B - 1;
  }
  if (rem != 0) memory.copy(buf, data, rem);
  store<u32>(ctx + S + 8, <u32>rem);
}

// Appends the padding (0x80, zeros, the bit length big-endian in the last B/8 bytes) and
// compresses the last block or two. The state then holds the digest; the caller reads it out.
// @ts-ignore: decorator
@inline
export function md_pad(ctx: usize, S: usize, B: usize): void {
  const buf = ctx + S + 16;
  const at = B - (B >> 3);                       // where the length field starts (56 or 112)
  let fill = <usize>load<u32>(ctx + S + 8);
  store<u8>(buf + fill, 0x80);
  fill++;
  if (fill > at) {
    memory.fill(buf + fill, 0, B - fill);
    blocks(B, ctx, buf, 1);
    fill = 0;
  }
  memory.fill(buf + fill, 0, at - fill);
  const bytes = load<u64>(ctx + S);
  if (B == 128) store<u64>(buf + at, bswap<u64>(bytes >> 61));   // high half of 128-bit length
  store<u64>(buf + B - 8, bswap<u64>(bytes << 3));
  blocks(B, ctx, buf, 1);
}
