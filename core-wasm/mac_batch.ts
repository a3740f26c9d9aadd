// Batched HMAC-SHA-256 and HKDF-SHA-256: n items of one shape in one call, four at a time on
// the lanes of sha256x4.ts (the key agreement makes N-1 tags or keys of one length at a time).
//
// Item i (0 <= i < n) takes each input at its pointer + i * its stride: a stride of 0 gives
// every item the same input (a shared key or salt is then absorbed once). Lengths are the same
// for every item; n, lengths and strides are public. Outputs go to out + i * (output length)
// and must not overlap the inputs. A last group of fewer than four items fills the idle lanes
// with a copy of an item and discards them.
//
// hmac_sha256_batch(out, outLen, n, key, keyLen, keyStride, msg, msgLen, msgStride): the first
//   outLen (1..32) bytes of each item's HMAC. 0, or -1 (writing nothing) for another outLen.
// hmac_sha256_batch_verify(ok, n, key, keyLen, keyStride, msg, msgLen, msgStride, tags, tagLen):
//   ok[i] = 1 if the first tagLen (1..32) bytes of item i's HMAC equal the tagLen bytes at
//   tags + i * tagLen (constant-time comparison), else 0. Returns the number of mismatches, or
//   -1 (writing nothing) for another tagLen. The MACs never leave the core.
// hkdf_sha256_batch(out, outLen, n, salt, saltLen, saltStride, ikm, ikmLen, ikmStride, info,
//   infoLen, infoStride): HKDF (extract, then expand to outLen bytes) of each item; an empty
//   salt is 32 zero bytes (RFC 5869). 0, or -1 (writing nothing) if outLen > 255 * 32.
// hkdf_sha256_expand_batch(out, outLen, n, prk, prkLen, prkStride, info, infoLen, infoStride):
//   HKDF-Expand of each item; as above.

import { sha256x4_init, sha256x4_block, sha256x4_digest } from "./sha256x4";
import { hmac_sha256_init, ct_equal } from "./hmac";
import { hkdf_sha256, hkdf_sha256_expand } from "./hkdf";

const MAX_OUT: u32 = 255 * 32;
// Infos up to this length go through the lanes (T(i-1) || info || i is assembled per lane);
// longer ones, which the protocol never uses, take the one-item path.
const INFO_MAX: u32 = 512;
const MSG_STRIDE: usize = 576;

// Secret scratch, zeroed before every export returns.
const IN4: usize = memory.data(128, 16);    // lanes keyed with K ^ ipad (the current keys)
const OUT4: usize = memory.data(128, 16);   // lanes keyed with K ^ opad
const SIN4: usize = memory.data(128, 16);   // the same for the salts of hkdf_sha256_batch
const SOUT4: usize = memory.data(128, 16);
const ST4: usize = memory.data(128, 16);    // the running state
const KEYS: usize = memory.data(256, 16);   // the lanes' key blocks
const TAIL: usize = memory.data(512, 16);   // the lanes' last message bytes and padding (2 blocks)
const DIG: usize = memory.data(256, 16);    // the inner digests, padded: the outer hash's block
const MAC: usize = memory.data(128, 16);    // the lanes' MACs
const PRK4: usize = memory.data(128, 16);   // the lanes' PRKs (hkdf_sha256_batch)
const CTX: usize = memory.data(224, 16);    // a one-lane HMAC context (shared and long keys)
const MSG: usize = memory.data(4 * <i32>MSG_STRIDE, 16); // T(i-1) || info || i of each lane
// Public scratch.
const ZERO_SALT: usize = memory.data(32, 16);

function wipe(): void {
  memory.fill(IN4, 0, 128);
  memory.fill(OUT4, 0, 128);
  memory.fill(SIN4, 0, 128);
  memory.fill(SOUT4, 0, 128);
  memory.fill(ST4, 0, 128);
  memory.fill(KEYS, 0, 256);
  memory.fill(TAIL, 0, 512);
  memory.fill(DIG, 0, 256);
  memory.fill(MAC, 0, 128);
  memory.fill(PRK4, 0, 128);
  memory.fill(CTX, 0, 224);
  memory.fill(MSG, 0, 4 * MSG_STRIDE);
}

// Lane l of the keyed states = the inner and outer states of the one-lane context in CTX.
function take_ctx(in4: usize, out4: usize, l: usize): void {
  for (let k: usize = 0; k < 8; k++) {
    store<u32>(in4 + (k << 4) + (l << 2), load<u32>(CTX + (k << 2)));
    store<u32>(out4 + (k << 4) + (l << 2), load<u32>(CTX + 112 + (k << 2)));
  }
}

// All four lanes keyed with one key (any length).
function key_shared(in4: usize, out4: usize, key: usize, keyLen: u32): void {
  hmac_sha256_init(CTX, key, keyLen);
  for (let l: usize = 0; l < 4; l++) take_ctx(in4, out4, l);
  memory.fill(CTX, 0, 224);
}

// Lane l keyed with the keyLen bytes at k_l. Keys longer than a block are hashed first, by the
// one-lane path.
function key4(in4: usize, out4: usize, k0: usize, k1: usize, k2: usize, k3: usize, keyLen: u32): void {
  if (keyLen > 64) {
    hmac_sha256_init(CTX, k0, keyLen); take_ctx(in4, out4, 0);
    hmac_sha256_init(CTX, k1, keyLen); take_ctx(in4, out4, 1);
    hmac_sha256_init(CTX, k2, keyLen); take_ctx(in4, out4, 2);
    hmac_sha256_init(CTX, k3, keyLen); take_ctx(in4, out4, 3);
    memory.fill(CTX, 0, 224);
    return;
  }
  memory.fill(KEYS, 0, 256);
  memory.copy(KEYS, k0, keyLen);
  memory.copy(KEYS + 64, k1, keyLen);
  memory.copy(KEYS + 128, k2, keyLen);
  memory.copy(KEYS + 192, k3, keyLen);
  const ipad = i32x4.splat(0x36363636), flip = i32x4.splat(0x6a6a6a6a); // flip = ipad ^ opad
  for (let o: usize = 0; o < 256; o += 16) v128.store(KEYS + o, v128.xor(v128.load(KEYS + o), ipad));
  sha256x4_init(in4);
  sha256x4_block(in4, KEYS, KEYS + 64, KEYS + 128, KEYS + 192);
  for (let o: usize = 0; o < 256; o += 16) v128.store(KEYS + o, v128.xor(v128.load(KEYS + o), flip));
  sha256x4_init(out4);
  sha256x4_block(out4, KEYS, KEYS + 64, KEYS + 128, KEYS + 192);
  memory.fill(KEYS, 0, 256);
}

// Lane l's last len % 64 message bytes (at m_l) and the padding of a message of 64 + len bytes
// (the key block came first) into TAIL + 128 l; returns the number of blocks (1 or 2).
// @ts-ignore: decorator
@inline
function tail(l: usize, m: usize, len: u32): usize {
  const rem = <usize>(len & 63);
  const nb: usize = rem < 56 ? 1 : 2;
  const t = TAIL + (l << 7);
  memory.copy(t, m + <usize>(len & ~63), rem);
  store<u8>(t + rem, 0x80);
  memory.fill(t + rem + 1, 0, (nb << 6) - 9 - rem);
  store<u64>(t + (nb << 6) - 8, bswap<u64>((<u64>len + 64) << 3));
  return nb;
}

// MAC + 32 l = HMAC of the len bytes at m_l under the lanes' keyed states in4 / out4.
function mac4(in4: usize, out4: usize, m0: usize, m1: usize, m2: usize, m3: usize, len: u32): void {
  memory.copy(ST4, in4, 128);
  for (let o: usize = 0; o + 64 <= <usize>len; o += 64) sha256x4_block(ST4, m0 + o, m1 + o, m2 + o, m3 + o);
  tail(0, m0, len);
  tail(1, m1, len);
  tail(2, m2, len);
  const nb = tail(3, m3, len);
  sha256x4_block(ST4, TAIL, TAIL + 128, TAIL + 256, TAIL + 384);
  if (nb == 2) sha256x4_block(ST4, TAIL + 64, TAIL + 192, TAIL + 320, TAIL + 448);
  for (let l: usize = 0; l < 4; l++) {
    const d = DIG + (l << 6);
    sha256x4_digest(ST4, l, d);
    store<u8>(d + 32, 0x80);
    memory.fill(d + 33, 0, 23);
    store<u64>(d + 56, bswap<u64>(<u64>(64 + 32) << 3));
  }
  memory.copy(ST4, out4, 128);
  sha256x4_block(ST4, DIG, DIG + 64, DIG + 128, DIG + 192);
  for (let l: usize = 0; l < 4; l++) sha256x4_digest(ST4, l, MAC + (l << 5));
}

// The items of the group starting at i (n items in all): index of lane l, a repeat of the last
// item for lanes past the end.
// @ts-ignore: decorator
@inline
function lane(i: u32, l: u32, n: u32): usize {
  return <usize>min(i + l, n - 1);
}

export function hmac_sha256_batch(
  out: usize, outLen: u32, n: u32,
  key: usize, keyLen: u32, keyStride: u32,
  msg: usize, msgLen: u32, msgStride: u32,
): i32 {
  if (outLen == 0 || outLen > 32) return -1;
  const ks = <usize>keyStride, ms = <usize>msgStride;
  if (keyStride == 0 && n != 0) key_shared(IN4, OUT4, key, keyLen);
  for (let i: u32 = 0; i < n; i += 4) {
    const a = lane(i, 0, n), b = lane(i, 1, n), c = lane(i, 2, n), d = lane(i, 3, n);
    if (keyStride != 0) key4(IN4, OUT4, key + a * ks, key + b * ks, key + c * ks, key + d * ks, keyLen);
    mac4(IN4, OUT4, msg + a * ms, msg + b * ms, msg + c * ms, msg + d * ms, msgLen);
    for (let l: u32 = 0; l < 4 && i + l < n; l++) memory.copy(out + <usize>(i + l) * <usize>outLen, MAC + (<usize>l << 5), outLen);
  }
  wipe();
  return 0;
}

export function hmac_sha256_batch_verify(
  ok: usize, n: u32,
  key: usize, keyLen: u32, keyStride: u32,
  msg: usize, msgLen: u32, msgStride: u32,
  tags: usize, tagLen: u32,
): i32 {
  if (tagLen == 0 || tagLen > 32) return -1;
  const ks = <usize>keyStride, ms = <usize>msgStride;
  let bad: i32 = 0;
  if (keyStride == 0 && n != 0) key_shared(IN4, OUT4, key, keyLen);
  for (let i: u32 = 0; i < n; i += 4) {
    const a = lane(i, 0, n), b = lane(i, 1, n), c = lane(i, 2, n), d = lane(i, 3, n);
    if (keyStride != 0) key4(IN4, OUT4, key + a * ks, key + b * ks, key + c * ks, key + d * ks, keyLen);
    mac4(IN4, OUT4, msg + a * ms, msg + b * ms, msg + c * ms, msg + d * ms, msgLen);
    for (let l: u32 = 0; l < 4 && i + l < n; l++) {
      const eq = ct_equal(MAC + (<usize>l << 5), tags + <usize>(i + l) * <usize>tagLen, tagLen);
      store<u8>(ok + <usize>(i + l), <u8>eq);
      bad += 1 - <i32>eq;
    }
  }
  wipe();
  return bad;
}

// Expands the four lanes keyed in IN4 / OUT4 (items a..d; `valid` of them real) with their
// infos: T(k) = HMAC(PRK, T(k-1) || info || k).
function expand4(out: usize, outLen: u32, i: u32, valid: u32, infos0: usize, infos1: usize, infos2: usize, infos3: usize, infoLen: u32): void {
  const blocks = (outLen + 31) >> 5;
  for (let k: u32 = 1; k <= blocks; k++) {
    const prev: usize = k > 1 ? 32 : 0;
    for (let l: usize = 0; l < 4; l++) {
      const m = MSG + l * MSG_STRIDE;
      if (k > 1) memory.copy(m, MAC + (l << 5), 32);
      memory.copy(m + prev, l == 0 ? infos0 : l == 1 ? infos1 : l == 2 ? infos2 : infos3, infoLen);
      store<u8>(m + prev + <usize>infoLen, <u8>k);
    }
    mac4(IN4, OUT4, MSG, MSG + MSG_STRIDE, MSG + 2 * MSG_STRIDE, MSG + 3 * MSG_STRIDE, <u32>prev + infoLen + 1);
    const take = min<u32>(32, outLen - ((k - 1) << 5));
    for (let l: u32 = 0; l < valid; l++) memory.copy(out + <usize>(i + l) * <usize>outLen + (<usize>(k - 1) << 5), MAC + (<usize>l << 5), take);
  }
}

export function hkdf_sha256_expand_batch(
  out: usize, outLen: u32, n: u32,
  prk: usize, prkLen: u32, prkStride: u32,
  info: usize, infoLen: u32, infoStride: u32,
): i32 {
  if (outLen > MAX_OUT) return -1;
  const ps = <usize>prkStride, fs = <usize>infoStride;
  if (infoLen > INFO_MAX) {
    for (let i: u32 = 0; i < n; i++) {
      const k = <usize>i;
      hkdf_sha256_expand(out + k * <usize>outLen, outLen, prk + k * ps, prkLen, info + k * fs, infoLen);
    }
    return 0;
  }
  if (outLen == 0 || n == 0) return 0;
  if (prkStride == 0) key_shared(IN4, OUT4, prk, prkLen);
  for (let i: u32 = 0; i < n; i += 4) {
    const a = lane(i, 0, n), b = lane(i, 1, n), c = lane(i, 2, n), d = lane(i, 3, n);
    if (prkStride != 0) key4(IN4, OUT4, prk + a * ps, prk + b * ps, prk + c * ps, prk + d * ps, prkLen);
    expand4(out, outLen, i, min<u32>(4, n - i), info + a * fs, info + b * fs, info + c * fs, info + d * fs, infoLen);
  }
  wipe();
  return 0;
}

export function hkdf_sha256_batch(
  out: usize, outLen: u32, n: u32,
  salt: usize, saltLen: u32, saltStride: u32,
  ikm: usize, ikmLen: u32, ikmStride: u32,
  info: usize, infoLen: u32, infoStride: u32,
): i32 {
  if (outLen > MAX_OUT) return -1;
  if (saltLen == 0) {
    salt = ZERO_SALT;
    saltLen = 32;
    saltStride = 0;
  }
  const ss = <usize>saltStride, is = <usize>ikmStride, fs = <usize>infoStride;
  if (infoLen > INFO_MAX) {
    for (let i: u32 = 0; i < n; i++) {
      const k = <usize>i;
      hkdf_sha256(out + k * <usize>outLen, outLen, salt + k * ss, saltLen, ikm + k * is, ikmLen, info + k * fs, infoLen);
    }
    return 0;
  }
  if (outLen == 0 || n == 0) return 0;
  if (saltStride == 0) key_shared(SIN4, SOUT4, salt, saltLen);
  for (let i: u32 = 0; i < n; i += 4) {
    const a = lane(i, 0, n), b = lane(i, 1, n), c = lane(i, 2, n), d = lane(i, 3, n);
    // extract: PRK = HMAC(salt, IKM), then the PRKs key the lanes for expand
    if (saltStride != 0) key4(SIN4, SOUT4, salt + a * ss, salt + b * ss, salt + c * ss, salt + d * ss, saltLen);
    mac4(SIN4, SOUT4, ikm + a * is, ikm + b * is, ikm + c * is, ikm + d * is, ikmLen);
    memory.copy(PRK4, MAC, 128);
    key4(IN4, OUT4, PRK4, PRK4 + 32, PRK4 + 64, PRK4 + 96, 32);
    expand4(out, outLen, i, min<u32>(4, n - i), info + a * fs, info + b * fs, info + c * fs, info + d * fs, infoLen);
  }
  wipe();
  return 0;
}
