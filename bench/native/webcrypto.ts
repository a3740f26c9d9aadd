// WebCrypto (crypto.subtle) as the native implementation in Deno and Chromium: once with CryptoKeys
// imported in advance (its best case), once importing the raw bytes on every call (what a protocol
// holding raw keys pays). Every call is a promise, which is the price a caller of WebCrypto pays
// too. A primitive the runtime lacks (X25519 and Ed25519 are recent additions) is left out.
// WebCrypto has no X25519 public-key-only call and no ristretto255.

import type { Case } from '../measure.js';
import type { Native } from '../workloads/primitives.js';

const CRYPTOKEY = 'WebCrypto (CryptoKey)';
const RAW = 'WebCrypto (raw bytes)';
const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

// WebCrypto imports Curve25519 private keys only as PKCS#8 (or JWK): the fixed DER prefix of
// RFC 8410 for a 32-byte key, then the key.
const PKCS8 = { X25519: '302e020100300506032b656e04220420', Ed25519: '302e020100300506032b657004220420' } as const;
const hex = (h: string): number[] => h.match(/../g)!.map((b) => parseInt(b, 16));
const pkcs8 = (alg: keyof typeof PKCS8, raw: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array([...hex(PKCS8[alg]), ...raw]);
// WebCrypto's types take only buffers that are not shared: copies, made before timing starts.
const own = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);

// undefined when the runtime does not implement `alg`.
async function supported<T>(make: () => Promise<T>): Promise<T | undefined> {
  try {
    return await make();
  } catch (e) {
    if ((e as Error).name === 'NotSupportedError') return undefined;
    throw e;
  }
}

const both = (keyed: Case['fn'], raw: Case['fn']): Case[] => [
  { impl: CRYPTOKEY, fn: keyed },
  { impl: RAW, fn: raw },
];

export const webCryptoNative: Native = {
  async x25519(sk, rawPk) {
    const pk = own(rawPk);
    const importPair = async (): Promise<[CryptoKey, CryptoKey]> => [
      await subtle().importKey('pkcs8', pkcs8('X25519', sk), { name: 'X25519' }, false, ['deriveBits']),
      await subtle().importKey('raw', pk, { name: 'X25519' }, false, []),
    ];
    const keys = await supported(importPair);
    if (keys === undefined) return [];
    const derive = ([priv, pub]: [CryptoKey, CryptoKey]): Promise<ArrayBuffer> => subtle().deriveBits({ name: 'X25519', public: pub }, priv, 256);
    return both(
      () => derive(keys),
      async () => derive(await importPair()),
    );
  },
  async ed25519Sign(seed, _publicKey, rawMsg) {
    const msg = own(rawMsg);
    const importSk = (): Promise<CryptoKey> => subtle().importKey('pkcs8', pkcs8('Ed25519', seed), { name: 'Ed25519' }, false, ['sign']);
    const sk = await supported(importSk);
    if (sk === undefined) return [];
    return both(
      () => subtle().sign('Ed25519', sk, msg),
      async () => subtle().sign('Ed25519', await importSk(), msg),
    );
  },
  async ed25519Verify(rawPk, rawMsg, rawSig) {
    const [publicKey, msg, sig] = [own(rawPk), own(rawMsg), own(rawSig)];
    const importPk = (): Promise<CryptoKey> => subtle().importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
    const pk = await supported(importPk);
    if (pk === undefined) return [];
    return both(
      () => subtle().verify('Ed25519', pk, sig, msg),
      async () => subtle().verify('Ed25519', await importPk(), sig, msg),
    );
  },
  async sha256(raw) {
    const m = own(raw);
    return [{ impl: RAW, fn: () => subtle().digest('SHA-256', m) }];
  },
  async sha512(raw) {
    const m = own(raw);
    return [{ impl: RAW, fn: () => subtle().digest('SHA-512', m) }];
  },
  async hmacSha256(rawKey, rawMsg) {
    const [key, m] = [own(rawKey), own(rawMsg)];
    const importKey = (): Promise<CryptoKey> => subtle().importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const k = await importKey();
    return both(
      () => subtle().sign('HMAC', k, m),
      async () => subtle().sign('HMAC', await importKey(), m),
    );
  },
  async aes256Ctr(rawKey, rawIv, rawData) {
    const [key, iv, data] = [own(rawKey), own(rawIv), own(rawData)];
    const importKey = (): Promise<CryptoKey> => subtle().importKey('raw', key, { name: 'AES-CTR' }, false, ['encrypt']);
    const k = await importKey();
    // The whole 16-byte block is the counter, as in SP 800-38A and the other implementations.
    const params = { name: 'AES-CTR', counter: iv, length: 128 };
    return both(
      () => subtle().encrypt(params, k, data),
      async () => subtle().encrypt(params, await importKey(), data),
    );
  },
};
