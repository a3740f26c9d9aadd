// The crypto API: typed, synchronous functions over Uint8Arrays, usable once the core is loaded.

export { aes256Ctr } from './aes.js';
export { bd, BD_MAX_MEMBERS } from './bd.js';
export { ed25519IsValidPublicKey, ed25519KeyPair, ed25519Sign, ed25519Verify, ED25519_MAX_MESSAGE, type Ed25519KeyPair } from './ed25519.js';
export {
  constantTimeEqual,
  hkdfSha256,
  hkdfSha256Expand,
  hkdfSha256Extract,
  HKDF_SHA256_MAX_LENGTH,
  hmacSha256,
  hmacSha512,
  sha256,
  sha512,
} from './hash.js';
export { randomBytes } from './random.js';
export { ristretto255 } from './ristretto255.js';
export { scalar } from './scalar.js';
export { isCanonicalX25519PublicKey, x25519, x25519Base, x25519Batch } from './x25519.js';
