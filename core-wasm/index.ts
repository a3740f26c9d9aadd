// The module's entry: everything exported here is a wasm export, and nothing else is. The JS
// side declares the same list in ts/crypto/core.ts (CoreExports); keep the two in step and bump
// the ABI version when a signature changes.

import { SHA256_CTX_SIZE } from "./sha256";
import { SHA512_CTX_SIZE } from "./sha512";
import { HMAC_SHA256_CTX_SIZE, HMAC_SHA512_CTX_SIZE } from "./hmac";

export function core_abi_version(): u32 {
  return 2;
}

export { io_base, io_reserve } from "./io";

export { sha256, sha256_init, sha256_update, sha256_final } from "./sha256";
export { sha512, sha512_init, sha512_update, sha512_final } from "./sha512";
export {
  hmac_sha256, hmac_sha256_init, hmac_sha256_update, hmac_sha256_final,
  hmac_sha512, hmac_sha512_init, hmac_sha512_update, hmac_sha512_final,
  ct_equal,
} from "./hmac";
export { hkdf_sha256_extract, hkdf_sha256_expand, hkdf_sha256 } from "./hkdf";
export { hmac_sha256_batch, hmac_sha256_batch_verify, hkdf_sha256_batch, hkdf_sha256_expand_batch } from "./mac_batch";

export function sha256_ctx_size(): u32 { return SHA256_CTX_SIZE; }
export function sha512_ctx_size(): u32 { return SHA512_CTX_SIZE; }
export function hmac_sha256_ctx_size(): u32 { return HMAC_SHA256_CTX_SIZE; }
export function hmac_sha512_ctx_size(): u32 { return HMAC_SHA512_CTX_SIZE; }

export { aes256_ctr } from "./aes256ctr";

export { x25519, x25519_base, x25519_batch } from "./x25519";
export {
  sc_reduce64, sc_reduce32, sc_is_canonical, sc_add, sc_sub, sc_neg, sc_mul, sc_invert, sc_iszero,
} from "./scalar25519";

export {
  ristretto255_is_valid, ristretto255_is_identity, ristretto255_add, ristretto255_sub,
  ristretto255_neg, ristretto255_equals, ristretto255_scalarmult, ristretto255_scalarmult_base,
  ristretto255_from_uniform,
} from "./ristretto255";
export { ed25519_check_public_key, ed25519_keypair, ed25519_sign, ed25519_verify } from "./ed25519";
export { bd_round2, bd_key, bd_key_sum, bd_sum_is_identity } from "./bd";
