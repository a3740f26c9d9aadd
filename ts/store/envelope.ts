// The sealed envelope both stored formats share (docs/STORAGE.md "Envelope"):
//
//   magic(8) version(u16) <format's header fields> iv(16) u32 n ciphertext(n) mac(32) checksum(32)
//
// AES-256-CTR under an encryption key, HMAC-SHA256 under a separate MAC key over every byte
// before the MAC, and an unkeyed SHA-256 over every byte before the checksum. The checksum is
// checked first and tells accidental damage (a torn copy, a flipped bit) apart from a failing
// MAC (a wrong key); it is no defence against tampering, which the MAC is.

import { concatBytes, wipe } from '../bytes.js';
import { aes256Ctr } from '../crypto/aes.js';
import { constantTimeEqual, hkdfSha256, hmacSha256, sha256 } from '../crypto/hash.js';
import { randomBytes } from '../crypto/random.js';
import { ProtocolError } from '../protocol/errors.js';
import { Reader, Writer } from '../protocol/bytes-codec.js';

export const IV_LENGTH = 16;
export const MAC_LENGTH = 32;
export const CHECKSUM_LENGTH = 32;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export interface EnvelopeKeys {
  encryption: Uint8Array;
  mac: Uint8Array;
}

// Splits one secret into the encryption and MAC keys with HKDF-SHA256 (empty salt: `ikm` is
// already uniformly random), info = label || u32 length(context) || context. The context binds
// the keys to one use (the member-state name), so bytes sealed for one slot fail in another.
export function splitKeys(ikm: Uint8Array, labelPrefix: string, context: Uint8Array = new Uint8Array(0)): EnvelopeKeys {
  const info = (label: string): Uint8Array => new Writer(64 + context.length).bytes(utf8(`${labelPrefix}/${label}`)).vbytes(context).finish();
  const salt = new Uint8Array(0);
  return { encryption: hkdfSha256(ikm, salt, info('encryption'), 32), mac: hkdfSha256(ikm, salt, info('mac'), 32) };
}

export function wipeKeys(keys: EnvelopeKeys): void {
  wipe(keys.encryption, keys.mac);
}

// `header` holds magic, version and the format's fields; returns the whole envelope.
export function seal(header: Writer, keys: EnvelopeKeys, plaintext: Uint8Array): Uint8Array {
  const iv = randomBytes(IV_LENGTH);
  const ciphertext = aes256Ctr(keys.encryption, iv, plaintext);
  const macked = header.bytes(iv).vbytes(ciphertext).finish();
  const body = concatBytes(macked, hmacSha256(keys.mac, macked));
  return concatBytes(body, sha256(body));
}

// The bytes before the checksum if the checksum holds, otherwise undefined.
export function checksummedBody(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length < CHECKSUM_LENGTH) return undefined;
  const body = bytes.subarray(0, bytes.length - CHECKSUM_LENGTH);
  return constantTimeEqual(sha256(body), bytes.subarray(body.length)) ? body : undefined;
}

export interface SealedPart {
  iv: Uint8Array;
  ciphertext: Uint8Array;
  mac: Uint8Array;
  // Every byte the MAC covers.
  macked: Uint8Array;
}

// Reads iv, ciphertext and MAC after the header fields; `r` must read `body`.
export function readSealedPart(r: Reader, body: Uint8Array, maxCiphertext: number): SealedPart {
  const iv = r.bytes(IV_LENGTH, 'iv');
  const ciphertext = r.vbytes(maxCiphertext, 'ciphertext');
  const macked = body.subarray(0, r.offset);
  const mac = r.bytes(MAC_LENGTH, 'mac');
  r.end();
  return { iv, ciphertext, mac, macked };
}

// The plaintext, or undefined when the MAC fails (nothing is decrypted then).
export function openSealedPart(part: SealedPart, keys: EnvelopeKeys): Uint8Array | undefined {
  const expected = hmacSha256(keys.mac, part.macked);
  const ok = constantTimeEqual(expected, part.mac);
  wipe(expected);
  return ok ? aes256Ctr(keys.encryption, part.iv, part.ciphertext) : undefined;
}

// Runs a parse over the strict Reader and turns its "malformed" into the caller's error.
export function parseOr<T>(damaged: (detail: string) => Error, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ProtocolError && e.code === 'MALFORMED_PACKET') throw damaged(e.message);
    throw e;
  }
}

export function checkMagic(r: Reader, magic: Uint8Array, damaged: (detail: string) => Error, what: string): void {
  const got = r.bytes(magic.length, 'magic');
  if (!got.every((b, i) => b === magic[i])) throw damaged(`no ${what} magic at the start`);
}

export const ascii = utf8;
