// HKDF with HMAC-SHA-256 (RFC 5869).
//
// Expand stages its output in a private buffer and copies it out at the end, so `out` may
// overlap any input (the PRK, the info, or in hkdf_sha256 the salt and IKM).

import { hmac_sha256, hmac_sha256_init, hmac_sha256_update, hmac_sha256_final } from "./hmac";

const HASH_LEN: u32 = 32;
const MAX_OUT: u32 = 255 * HASH_LEN; // RFC 5869 §2.3: L <= 255 * HashLen
const HMAC_CTX: usize = 224; // HMAC_SHA256_CTX_SIZE

// Secret scratch, zeroed before every exported function returns.
const KEYED: usize = memory.data(<i32>HMAC_CTX, 16); // HMAC context keyed with the PRK
const WORK: usize = memory.data(<i32>HMAC_CTX, 16); // copy of KEYED for one output block
const OKM: usize = memory.data(255 * 32, 16); // T(1) || T(2) || ...
const PRK: usize = memory.data(32, 16); // PRK inside the one-shot hkdf_sha256
// Public scratch.
const ZERO_SALT: usize = memory.data(32, 16); // never written: the default salt
const COUNTER: usize = memory.data(1, 1);

// PRK = HMAC-SHA-256(salt, IKM), 32 bytes at `prk`. An empty salt means 32 zero bytes.
export function hkdf_sha256_extract(prk: usize, salt: usize, saltLen: u32, ikm: usize, ikmLen: u32): void {
  if (saltLen == 0) {
    salt = ZERO_SALT;
    saltLen = HASH_LEN;
  }
  hmac_sha256(prk, salt, saltLen, ikm, ikmLen);
}

// OKM = T(1) || T(2) || ... truncated to `outLen` bytes, where T(i) = HMAC(PRK, T(i-1) || info
// || i). The PRK may have any length. Returns 0, or -1 (writing nothing) if outLen > 255 * 32.
export function hkdf_sha256_expand(out: usize, outLen: u32, prk: usize, prkLen: u32, info: usize, infoLen: u32): i32 {
  if (outLen > MAX_OUT) return -1;
  if (outLen == 0) return 0;
  const blocks = (outLen + HASH_LEN - 1) / HASH_LEN;
  hmac_sha256_init(KEYED, prk, prkLen);
  let t = OKM;
  for (let i: u32 = 1; i <= blocks; i++) {
    memory.copy(WORK, KEYED, HMAC_CTX);
    if (i > 1) hmac_sha256_update(WORK, t - HASH_LEN, HASH_LEN);
    hmac_sha256_update(WORK, info, infoLen);
    store<u8>(COUNTER, <u8>i);
    hmac_sha256_update(WORK, COUNTER, 1);
    hmac_sha256_final(WORK, t); // zeroes WORK
    t += HASH_LEN;
  }
  memory.fill(KEYED, 0, HMAC_CTX);
  memory.copy(out, OKM, outLen);
  memory.fill(OKM, 0, blocks * HASH_LEN);
  store<u8>(COUNTER, 0);
  return 0;
}

// Extract then expand. Returns 0, or -1 (writing nothing) if outLen > 255 * 32.
export function hkdf_sha256(
  out: usize, outLen: u32,
  salt: usize, saltLen: u32,
  ikm: usize, ikmLen: u32,
  info: usize, infoLen: u32,
): i32 {
  if (outLen > MAX_OUT) return -1;
  hkdf_sha256_extract(PRK, salt, saltLen, ikm, ikmLen);
  const r = hkdf_sha256_expand(out, outLen, PRK, HASH_LEN, info, infoLen);
  memory.fill(PRK, 0, HASH_LEN);
  return r;
}
