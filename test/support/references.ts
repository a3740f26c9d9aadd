// The independent implementations we compare against, loaded once per test file.

import sodiumModule from 'libsodium-wrappers-sumo';

await sodiumModule.ready;
export const sodium = sodiumModule;
export * as nodeCrypto from 'node:crypto';
export { ed25519, ristretto255 as nobleRistretto, x25519 as nobleX25519 } from '@noble/curves/ed25519.js';
export { sha256 as nobleSha256, sha512 as nobleSha512 } from '@noble/hashes/sha2.js';
export { hmac as nobleHmac } from '@noble/hashes/hmac.js';
export { hkdf as nobleHkdf, extract as nobleHkdfExtract, expand as nobleHkdfExpand } from '@noble/hashes/hkdf.js';
export { ctr as nobleCtr } from '@noble/ciphers/aes.js';

import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

// node:crypto takes raw Curve25519 keys only wrapped in PKCS#8 / SPKI DER; these are the fixed
// prefixes of RFC 8410 for a 32-byte key.
const DER = {
  x25519: { pkcs8: '302e020100300506032b656e04220420', spki: '302a300506032b656e032100' },
  ed25519: { pkcs8: '302e020100300506032b657004220420', spki: '302a300506032b6570032100' },
} as const;

export function nodePrivateKey(kind: keyof typeof DER, raw: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([Buffer.from(DER[kind].pkcs8, 'hex'), raw]), format: 'der', type: 'pkcs8' });
}

export function nodePublicKey(kind: keyof typeof DER, raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([Buffer.from(DER[kind].spki, 'hex'), raw]), format: 'der', type: 'spki' });
}
