// The fresh values a member draws for one run (PROTOCOL.md "Round 1: Hello").

import { wipe } from '../../bytes.js';
import { ed25519KeyPair, type Ed25519KeyPair } from '../../crypto/ed25519.js';
import { randomBytes } from '../../crypto/random.js';
import { ristretto255 } from '../../crypto/ristretto255.js';
import { scalar } from '../../crypto/scalar.js';
import { x25519Base } from '../../crypto/x25519.js';

export interface RunSecrets {
  r: Uint8Array; // triple-DH ephemeral secret; R = r * 9
  R: Uint8Array;
  q: Uint8Array; // first data ratchet secret (healing generation 0); Q = q * 9
  Q: Uint8Array;
  signing: Ed25519KeyPair; // the member's signing key for the epoch
  h: Uint8Array; // BD secret scalar; H = h * G
  H: Uint8Array;
  nonce: Uint8Array;
}

export function drawSecrets(): RunSecrets {
  const r = randomBytes(32);
  const q = randomBytes(32);
  const seed = randomBytes(32);
  const signing = ed25519KeyPair(seed);
  wipe(seed);
  let h = scalar.random();
  // h = 0 would make H the identity, which every member rejects; redraw (probability 2^-252).
  while (h.every((b) => b === 0)) h = scalar.random();
  return { r, R: x25519Base(r), q, Q: x25519Base(q), signing, h, H: ristretto255.scalarMultBase(h), nonce: randomBytes(32) };
}

import { Reader, Writer } from '../bytes-codec.js';

export function writeSecrets(w: Writer, s: RunSecrets): void {
  w.bytes(s.r).bytes(s.R).bytes(s.q).bytes(s.Q).bytes(s.signing.publicKey).bytes(s.signing.secretKey).bytes(s.h).bytes(s.H).bytes(s.nonce);
}

export function readSecrets(r: Reader): RunSecrets {
  const f = (name: string, n = 32): Uint8Array => r.bytes(n, name);
  return { r: f('r'), R: f('R'), q: f('q'), Q: f('Q'), signing: { publicKey: f('S'), secretKey: f('s', 64) }, h: f('h'), H: f('H'), nonce: f('nonce') };
}
