// Passphrase to keys: scrypt (RFC 7914, @noble/hashes) with the parameters a keystore file
// states, bounded before any work is done, then HKDF-split into encryption and MAC keys.

import { scryptAsync } from '@noble/hashes/scrypt.js';
import { isBytes, wipe } from '../bytes.js';
import { InvalidArgumentError } from '../errors.js';
import { splitKeys, type EnvelopeKeys } from './envelope.js';

export interface ScryptParams {
  // N = 2^log2N: the CPU and memory cost.
  log2N: number;
  // Block size: memory per step is 128 * r bytes.
  r: number;
  // Parallelisation (run one after another here).
  p: number;
}

// 2^17 * 8 * 128 bytes = 128 MiB and about a second of one core in JS (measured in
// docs/STORAGE.md): an unlock that a person waits for once per start, and per guess 2^20
// BlockMix rounds for an attacker. OWASP's scrypt minimum is N = 2^17, r = 8, p = 1.
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ log2N: 17, r: 8, p: 1 });

// What a file may ask of us. A hostile file could otherwise make us allocate gigabytes or run
// for hours: memory is 128 * r * (N + p + 1) bytes, work is N * r * p BlockMix rounds.
export const SCRYPT_LIMITS = Object.freeze({
  maxLog2N: 20,
  maxR: 32,
  maxP: 16,
  // 256 MiB: twice the default, still possible in a browser tab.
  maxMemoryBytes: 256 * 1024 * 1024,
  // 2^23 rounds: 8 times the default, some seconds at most.
  maxWork: 2 ** 23,
});

// The reason the parameters are refused, or undefined if they are within bounds.
export function scryptParamsProblem(params: ScryptParams): string | undefined {
  const { log2N, r, p } = params;
  const int = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  if (!int(log2N, 1, SCRYPT_LIMITS.maxLog2N)) return `log2N ${String(log2N)} outside 1..${SCRYPT_LIMITS.maxLog2N}`;
  if (!int(r, 1, SCRYPT_LIMITS.maxR)) return `r ${String(r)} outside 1..${SCRYPT_LIMITS.maxR}`;
  if (!int(p, 1, SCRYPT_LIMITS.maxP)) return `p ${String(p)} outside 1..${SCRYPT_LIMITS.maxP}`;
  const memory = scryptMemory(params);
  if (memory > SCRYPT_LIMITS.maxMemoryBytes) return `needs ${memory} bytes of memory, more than ${SCRYPT_LIMITS.maxMemoryBytes}`;
  const work = 2 ** log2N * r * p;
  if (work > SCRYPT_LIMITS.maxWork) return `N * r * p = ${work}, more than ${SCRYPT_LIMITS.maxWork}`;
  return undefined;
}

// What noble's scrypt allocates: V (N blocks), B (p blocks) and one scratch block.
export function scryptMemory({ log2N, r, p }: ScryptParams): number {
  return 128 * r * (2 ** log2N + p + 1);
}

// Passphrases are text people type, so the same characters must give the same bytes on every
// system: Unicode NFC, then UTF-8. Bytes are taken as they are.
const MAX_PASSPHRASE_BYTES = 4096;

export type Passphrase = string | Uint8Array;

export function passphraseBytes(passphrase: Passphrase, name = 'passphrase'): Uint8Array {
  let bytes: Uint8Array;
  if (typeof passphrase === 'string') bytes = new TextEncoder().encode(passphrase.normalize('NFC'));
  else if (isBytes(passphrase)) bytes = passphrase.slice();
  else throw new InvalidArgumentError(name, 'expected a string or a Uint8Array');
  if (bytes.length === 0 || bytes.length > MAX_PASSPHRASE_BYTES) {
    wipe(bytes);
    throw new InvalidArgumentError(name, `expected 1 to ${MAX_PASSPHRASE_BYTES} bytes`);
  }
  return bytes;
}

// RFC 7914 scrypt, asynchronous so a page stays responsive while it runs. The caller bounds
// the parameters first; maxmem is set to the bound as a second guard.
export function scrypt(password: Uint8Array, salt: Uint8Array, params: ScryptParams, length: number): Promise<Uint8Array> {
  return scryptAsync(password, salt, { N: 2 ** params.log2N, r: params.r, p: params.p, dkLen: length, maxmem: SCRYPT_LIMITS.maxMemoryBytes + 4096 });
}

// scrypt(passphrase, salt) -> 32 bytes -> HKDF-split into the keystore's two keys. The
// intermediate key is erased; the caller erases the returned keys.
export async function keystoreKeys(passphrase: Uint8Array, salt: Uint8Array, params: ScryptParams): Promise<EnvelopeKeys> {
  const master = await scrypt(passphrase, salt, params, 32);
  try {
    return splitKeys(master, 'smmp/v1/keystore');
  } finally {
    wipe(master);
  }
}
