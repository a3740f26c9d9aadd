// node:crypto as the native implementation in Node: once with key objects built in advance (its
// best case), once importing raw bytes on every call (what a protocol holding raw keys pays).
// node:crypto has no X25519 public-key-only call, no ristretto255.

import { createCipheriv, createHash, createHmac, createSecretKey, diffieHellman, sign, verify } from 'node:crypto';
import { nodePrivateKey, nodePublicKey } from '../../test/support/references.js';
import type { Native } from '../workloads/primitives.js';

const KEYOBJECT = 'node (KeyObject)';
const RAW = 'node (raw bytes)';

export const nodeNative: Native = {
  async x25519(sk, pk) {
    const [skObj, pkObj] = [nodePrivateKey('x25519', sk), nodePublicKey('x25519', pk)];
    return [
      { impl: KEYOBJECT, fn: () => diffieHellman({ privateKey: skObj, publicKey: pkObj }) },
      { impl: RAW, fn: () => diffieHellman({ privateKey: nodePrivateKey('x25519', sk), publicKey: nodePublicKey('x25519', pk) }) },
    ];
  },
  async ed25519Sign(seed, _publicKey, msg) {
    const skObj = nodePrivateKey('ed25519', seed);
    return [
      { impl: KEYOBJECT, fn: () => sign(null, msg, skObj) },
      { impl: RAW, fn: () => sign(null, msg, nodePrivateKey('ed25519', seed)) },
    ];
  },
  async ed25519Verify(publicKey, msg, sig) {
    const pkObj = nodePublicKey('ed25519', publicKey);
    return [
      { impl: KEYOBJECT, fn: () => verify(null, msg, pkObj, sig) },
      { impl: RAW, fn: () => verify(null, msg, nodePublicKey('ed25519', publicKey), sig) },
    ];
  },
  async sha256(m) {
    return [{ impl: RAW, fn: () => createHash('sha256').update(m).digest() }];
  },
  async sha512(m) {
    return [{ impl: RAW, fn: () => createHash('sha512').update(m).digest() }];
  },
  async hmacSha256(key, m) {
    const keyObj = createSecretKey(key);
    return [
      { impl: KEYOBJECT, fn: () => createHmac('sha256', keyObj).update(m).digest() },
      { impl: RAW, fn: () => createHmac('sha256', key).update(m).digest() },
    ];
  },
  async aes256Ctr(key, iv, data) {
    const keyObj = createSecretKey(key);
    return [
      { impl: KEYOBJECT, fn: () => createCipheriv('aes-256-ctr', keyObj, iv).update(data) },
      { impl: RAW, fn: () => createCipheriv('aes-256-ctr', key, iv).update(data) },
    ];
  },
};
