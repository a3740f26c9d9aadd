// Room ids are capabilities: 32 random bytes that anyone who holds them may join, shared in an
// invite as 43 characters of unpadded base64url (RFC 4648, section 5). The relay sees them but
// nothing that ties them to a group or a person.

import { checkBytes } from '../bytes.js';
import { randomBytes } from '../crypto/random.js';
import { InvalidArgumentError } from '../errors.js';
import { ROOM_ID_BYTES } from './wire.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ROOM_ID_CHARS = 43;

export function newRoomId(): Uint8Array {
  return randomBytes(ROOM_ID_BYTES);
}

export function roomIdToString(room: Uint8Array): string {
  checkBytes('room', room, ROOM_ID_BYTES);
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of room) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += ALPHABET[(acc >> bits) & 63];
    }
    acc &= (1 << bits) - 1;
  }
  return bits > 0 ? out + ALPHABET[(acc << (6 - bits)) & 63] : out;
}

// Strict: exactly 43 characters of the alphabet, and the unused low bits of the last one zero,
// so every room id has one spelling.
export function roomIdFromString(text: string): Uint8Array {
  if (typeof text !== 'string' || text.length !== ROOM_ID_CHARS) {
    throw new InvalidArgumentError('room', `expected ${ROOM_ID_CHARS} base64url characters`);
  }
  const out = new Uint8Array(ROOM_ID_BYTES);
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const v = ALPHABET.indexOf(text[i]!);
    if (v < 0) throw new InvalidArgumentError('room', `not base64url at character ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 255;
      acc &= (1 << bits) - 1;
    }
  }
  if (acc !== 0) throw new InvalidArgumentError('room', 'non-canonical encoding (trailing bits set)');
  return out;
}

// The key a relay files a room under (also part of Redis key names).
export function roomKey(room: Uint8Array): string {
  return roomIdToString(room);
}
