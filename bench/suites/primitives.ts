// The primitive workloads: ours against libsodium-wrappers-sumo, @noble/* and node:crypto (with
// key objects built in advance, and with raw bytes imported on every call, since raw bytes are
// what a protocol holds). Inputs are fixed per workload so every implementation does the same work.

import { createCipheriv, createHash, createHmac, createSecretKey, diffieHellman, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import sodium from 'libsodium-wrappers-sumo';
import { ed25519, ristretto255 as nobleR, x25519 as nobleX } from '@noble/curves/ed25519.js';
import { sha256 as nSha256, sha512 as nSha512 } from '@noble/hashes/sha2.js';
import { hmac as nHmac } from '@noble/hashes/hmac.js';
import { ctr as nCtr } from '@noble/ciphers/aes.js';
import { crypto } from '../../bindings/node/index.js';
import { nodePrivateKey, nodePublicKey } from '../../test/support/references.js';
import type { Workload } from '../harness.js';

const rnd = (n: number): Uint8Array => crypto.randomBytes(n);
const le = (b: Uint8Array): bigint => BigInt('0x' + Buffer.from(b).reverse().toString('hex'));

export async function primitiveWorkloads(): Promise<Workload[]> {
  await sodium.ready;
  const out: Workload[] = [];

  {
    const sk = rnd(32);
    const pk = crypto.x25519Base(rnd(32));
    const [skObj, pkObj] = [nodePrivateKey('x25519', sk), nodePublicKey('x25519', pk)];
    out.push({
      name: 'X25519 shared secret',
      cases: [
        { impl: 'smmp', fn: () => crypto.x25519(sk, pk) },
        { impl: 'libsodium', fn: () => sodium.crypto_scalarmult(sk, pk) },
        { impl: 'noble', fn: () => nobleX.getSharedSecret(sk, pk) },
        { impl: 'node (KeyObject)', fn: () => diffieHellman({ privateKey: skObj, publicKey: pkObj }) },
        { impl: 'node (raw bytes)', fn: () => diffieHellman({ privateKey: nodePrivateKey('x25519', sk), publicKey: nodePublicKey('x25519', pk) }) },
      ],
    });
    out.push({
      name: 'X25519 public key',
      cases: [
        { impl: 'smmp', fn: () => crypto.x25519Base(sk) },
        { impl: 'libsodium', fn: () => sodium.crypto_scalarmult_base(sk) },
        { impl: 'noble', fn: () => nobleX.getPublicKey(sk) },
      ],
    });
  }

  {
    const s = crypto.scalar.random();
    const p = crypto.ristretto255.fromUniform(rnd(64));
    const S = le(s);
    out.push({
      name: 'ristretto255 scalar mult',
      cases: [
        { impl: 'smmp', fn: () => crypto.ristretto255.scalarMult(s, p) },
        { impl: 'libsodium', fn: () => sodium.crypto_scalarmult_ristretto255(s, p) },
        { impl: 'noble', fn: () => nobleR.Point.fromBytes(p).multiply(S).toBytes() },
      ],
    });
    out.push({
      name: 'ristretto255 base mult',
      cases: [
        { impl: 'smmp', fn: () => crypto.ristretto255.scalarMultBase(s) },
        { impl: 'libsodium', fn: () => sodium.crypto_scalarmult_ristretto255_base(s) },
        { impl: 'noble', fn: () => nobleR.Point.BASE.multiply(S).toBytes() },
      ],
    });
  }

  {
    const seed = rnd(32);
    const { publicKey, secretKey } = crypto.ed25519KeyPair(seed);
    const msg = rnd(64);
    const sig = crypto.ed25519Sign(secretKey, msg);
    const [skObj, pkObj] = [nodePrivateKey('ed25519', seed), nodePublicKey('ed25519', publicKey)];
    out.push({
      name: 'Ed25519 sign (64 B)',
      cases: [
        { impl: 'smmp', fn: () => crypto.ed25519Sign(secretKey, msg) },
        { impl: 'libsodium', fn: () => sodium.crypto_sign_detached(msg, secretKey) },
        { impl: 'noble', fn: () => ed25519.sign(msg, seed) },
        { impl: 'node (KeyObject)', fn: () => nodeSign(null, msg, skObj) },
        { impl: 'node (raw bytes)', fn: () => nodeSign(null, msg, nodePrivateKey('ed25519', seed)) },
      ],
    });
    out.push({
      name: 'Ed25519 verify (64 B)',
      cases: [
        { impl: 'smmp', fn: () => crypto.ed25519Verify(publicKey, msg, sig) },
        { impl: 'libsodium', fn: () => sodium.crypto_sign_verify_detached(sig, msg, publicKey) },
        { impl: 'noble', fn: () => ed25519.verify(sig, msg, publicKey, { zip215: false }) },
        { impl: 'node (KeyObject)', fn: () => nodeVerify(null, msg, pkObj, sig) },
        { impl: 'node (raw bytes)', fn: () => nodeVerify(null, msg, nodePublicKey('ed25519', publicKey), sig) },
      ],
    });
  }

  for (const size of [64, 1024]) {
    const m = rnd(size);
    const key = rnd(32);
    const keyObj = createSecretKey(key);
    const label = size === 64 ? '64 B' : '1 KiB';
    out.push({
      name: `SHA-256 ${label}`,
      bytes: size,
      cases: [
        { impl: 'smmp', fn: () => crypto.sha256(m) },
        { impl: 'libsodium', fn: () => sodium.crypto_hash_sha256(m) },
        { impl: 'noble', fn: () => nSha256(m) },
        { impl: 'node (raw bytes)', fn: () => createHash('sha256').update(m).digest() },
      ],
    });
    out.push({
      name: `SHA-512 ${label}`,
      bytes: size,
      cases: [
        { impl: 'smmp', fn: () => crypto.sha512(m) },
        { impl: 'libsodium', fn: () => sodium.crypto_hash_sha512(m) },
        { impl: 'noble', fn: () => nSha512(m) },
        { impl: 'node (raw bytes)', fn: () => createHash('sha512').update(m).digest() },
      ],
    });
    out.push({
      name: `HMAC-SHA256 ${label}`,
      bytes: size,
      cases: [
        { impl: 'smmp', fn: () => crypto.hmacSha256(key, m) },
        { impl: 'libsodium', fn: () => sodium.crypto_auth_hmacsha256(m, key) },
        { impl: 'noble', fn: () => nHmac(nSha256, key, m) },
        { impl: 'node (KeyObject)', fn: () => createHmac('sha256', keyObj).update(m).digest() },
        { impl: 'node (raw bytes)', fn: () => createHmac('sha256', key).update(m).digest() },
      ],
    });
  }

  for (const size of [64, 1024, 1 << 20]) {
    const data = rnd(size);
    const key = rnd(32);
    const iv = rnd(16);
    const keyObj = createSecretKey(key);
    const label = size === 64 ? '64 B' : size === 1024 ? '1 KiB' : '1 MiB';
    out.push({
      name: `AES-256-CTR ${label}`,
      bytes: size,
      cases: [
        { impl: 'smmp', fn: () => crypto.aes256Ctr(key, iv, data) },
        { impl: 'noble', fn: () => nCtr(key, iv).encrypt(data) },
        { impl: 'node (KeyObject)', fn: () => createCipheriv('aes-256-ctr', keyObj, iv).update(data) },
        { impl: 'node (raw bytes)', fn: () => createCipheriv('aes-256-ctr', key, iv).update(data) },
      ],
    });
  }
  return out;
}
