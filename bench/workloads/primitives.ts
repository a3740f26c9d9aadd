// The primitive workloads, defined once for every runtime: ours against libsodium-wrappers-sumo
// and @noble/*, plus whatever the runtime itself offers for the same primitive (node:crypto in
// Node, WebCrypto in Deno and Chromium), supplied by the runner as a `Native`. Inputs are drawn
// once per workload so every implementation does the same work, and each workload checks that
// every implementation computes the same output before it is timed.

import sodium from 'libsodium-wrappers-sumo';
import { ed25519, ristretto255 as nobleR, x25519 as nobleX } from '@noble/curves/ed25519.js';
import { sha256 as nSha256, sha512 as nSha512 } from '@noble/hashes/sha2.js';
import { hmac as nHmac } from '@noble/hashes/hmac.js';
import { ctr as nCtr } from '@noble/ciphers/aes.js';
import { crypto } from '../../ts/index.js';
import type { Case, Workload } from '../measure.js';

// The runtime's own implementation of a primitive, as one or more cases (say, with keys imported
// in advance and with raw bytes imported on every call). A missing entry: the runtime has none.
export interface Native {
  x25519?(secret: Uint8Array, publicKey: Uint8Array): Promise<Case[]>;
  ed25519Sign?(seed: Uint8Array, publicKey: Uint8Array, msg: Uint8Array): Promise<Case[]>;
  ed25519Verify?(publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array): Promise<Case[]>;
  sha256?(msg: Uint8Array): Promise<Case[]>;
  sha512?(msg: Uint8Array): Promise<Case[]>;
  hmacSha256?(key: Uint8Array, msg: Uint8Array): Promise<Case[]>;
  aes256Ctr?(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Case[]>;
}

const rnd = (n: number): Uint8Array => crypto.randomBytes(n);
const littleEndian = (b: Uint8Array): bigint => b.reduceRight((x, byte) => (x << 8n) | BigInt(byte), 0n);
const sizeLabel = (n: number): string => (n >= 1 << 20 ? `${n >> 20} MiB` : n >= 1024 ? `${n >> 10} KiB` : `${n} B`);

export async function primitiveWorkloads(native: Native): Promise<Workload[]> {
  await sodium.ready;
  const out: Workload[] = [];
  const add = async (name: string, cases: Case[], nativeCases?: Promise<Case[]>, bytes?: number): Promise<void> => {
    out.push({ name, sameOutput: true, cases: [...cases, ...((await nativeCases) ?? [])], ...(bytes !== undefined ? { bytes } : {}) });
  };

  {
    const sk = rnd(32);
    const pk = crypto.x25519Base(rnd(32));
    await add(
      'X25519 shared secret',
      [
        { impl: 'smmp', fn: () => crypto.x25519(sk, pk) },
        { impl: 'libsodium', fn: () => sodium.crypto_scalarmult(sk, pk) },
        { impl: 'noble', fn: () => nobleX.getSharedSecret(sk, pk) },
      ],
      native.x25519?.(sk, pk),
    );
    await add('X25519 public key', [
      { impl: 'smmp', fn: () => crypto.x25519Base(sk) },
      { impl: 'libsodium', fn: () => sodium.crypto_scalarmult_base(sk) },
      { impl: 'noble', fn: () => nobleX.getPublicKey(sk) },
    ]);
  }

  {
    const s = crypto.scalar.random();
    const p = crypto.ristretto255.fromUniform(rnd(64));
    const S = littleEndian(s);
    await add('ristretto255 scalar mult', [
      { impl: 'smmp', fn: () => crypto.ristretto255.scalarMult(s, p) },
      { impl: 'libsodium', fn: () => sodium.crypto_scalarmult_ristretto255(s, p) },
      { impl: 'noble', fn: () => nobleR.Point.fromBytes(p).multiply(S).toBytes() },
    ]);
    await add('ristretto255 base mult', [
      { impl: 'smmp', fn: () => crypto.ristretto255.scalarMultBase(s) },
      { impl: 'libsodium', fn: () => sodium.crypto_scalarmult_ristretto255_base(s) },
      { impl: 'noble', fn: () => nobleR.Point.BASE.multiply(S).toBytes() },
    ]);
  }

  {
    const seed = rnd(32);
    const { publicKey, secretKey } = crypto.ed25519KeyPair(seed);
    const msg = rnd(64);
    const sig = crypto.ed25519Sign(secretKey, msg);
    await add(
      'Ed25519 sign (64 B)',
      [
        { impl: 'smmp', fn: () => crypto.ed25519Sign(secretKey, msg) },
        { impl: 'libsodium', fn: () => sodium.crypto_sign_detached(msg, secretKey) },
        { impl: 'noble', fn: () => ed25519.sign(msg, seed) },
      ],
      native.ed25519Sign?.(seed, publicKey, msg),
    );
    await add(
      'Ed25519 verify (64 B)',
      [
        { impl: 'smmp', fn: () => crypto.ed25519Verify(publicKey, msg, sig) },
        { impl: 'libsodium', fn: () => sodium.crypto_sign_verify_detached(sig, msg, publicKey) },
        { impl: 'noble', fn: () => ed25519.verify(sig, msg, publicKey, { zip215: false }) },
      ],
      native.ed25519Verify?.(publicKey, msg, sig),
    );
  }

  for (const size of [64, 1024]) {
    const m = rnd(size);
    const key = rnd(32);
    const label = sizeLabel(size);
    await add(
      `SHA-256 ${label}`,
      [
        { impl: 'smmp', fn: () => crypto.sha256(m) },
        { impl: 'libsodium', fn: () => sodium.crypto_hash_sha256(m) },
        { impl: 'noble', fn: () => nSha256(m) },
      ],
      native.sha256?.(m),
      size,
    );
    await add(
      `SHA-512 ${label}`,
      [
        { impl: 'smmp', fn: () => crypto.sha512(m) },
        { impl: 'libsodium', fn: () => sodium.crypto_hash_sha512(m) },
        { impl: 'noble', fn: () => nSha512(m) },
      ],
      native.sha512?.(m),
      size,
    );
    await add(
      `HMAC-SHA256 ${label}`,
      [
        { impl: 'smmp', fn: () => crypto.hmacSha256(key, m) },
        { impl: 'libsodium', fn: () => sodium.crypto_auth_hmacsha256(m, key) },
        { impl: 'noble', fn: () => nHmac(nSha256, key, m) },
      ],
      native.hmacSha256?.(key, m),
      size,
    );
  }

  // libsodium has no AES-CTR (only AES-256-GCM, and only with AES-NI).
  for (const size of [64, 1024, 1 << 20]) {
    const data = rnd(size);
    const key = rnd(32);
    const iv = rnd(16);
    await add(
      `AES-256-CTR ${sizeLabel(size)}`,
      [
        { impl: 'smmp', fn: () => crypto.aes256Ctr(key, iv, data) },
        { impl: 'noble', fn: () => nCtr(key, iv).encrypt(data) },
      ],
      native.aes256Ctr?.(key, iv, data),
      size,
    );
  }
  return out;
}
