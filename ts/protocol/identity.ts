// Long-term identities (PROTOCOL.md "Identities"): one X25519 key pair per device.

import { checkBytes } from '../bytes.js';
import { randomBytes } from '../crypto/random.js';
import { isCanonicalX25519PublicKey, x25519Base } from '../crypto/x25519.js';
import { InvalidEncodingError } from '../errors.js';
import { safetyNumber } from './keyschedule.js';

export interface Identity {
  secretKey: Uint8Array; // 32 bytes; keep it in a keystore
  publicKey: Uint8Array; // 32 bytes; share it
}

export function generateIdentity(): Identity {
  const secretKey = randomBytes(32);
  return { secretKey, publicKey: x25519Base(secretKey) };
}

// Rebuilds an identity from its secret key (as a keystore stores it).
export function identityFromSecret(secretKey: Uint8Array): Identity {
  checkBytes('secretKey', secretKey, 32);
  return { secretKey: secretKey.slice(), publicKey: x25519Base(secretKey) };
}

export function checkPublicIdentity(name: string, publicKey: Uint8Array): Uint8Array {
  checkBytes(name, publicKey, 32);
  if (!isCanonicalX25519PublicKey(publicKey)) throw new InvalidEncodingError(name, 'not a canonical X25519 public key');
  return publicKey;
}

export { safetyNumber };
