// Room ids are capabilities: 32 random bytes that anyone who holds them may join, shared in an
// invite as 43 characters of unpadded base64url (RFC 4648, section 5). The relay sees them but
// nothing that ties them to a group or a person.

import { checkBytes } from '../bytes.js';
import { randomBytes } from '../crypto/random.js';
import { InvalidArgumentError } from '../errors.js';
import { decodeBase64url, encodeBase64url } from '../base64url.js';
import { ROOM_ID_BYTES } from './wire.js';

const ROOM_ID_CHARS = 43;

export function newRoomId(): Uint8Array {
  return randomBytes(ROOM_ID_BYTES);
}

export function roomIdToString(room: Uint8Array): string {
  checkBytes('room', room, ROOM_ID_BYTES);
  return encodeBase64url(room);
}

// Strict: exactly 43 characters of the alphabet, and the unused low bits of the last one zero,
// so every room id has one spelling.
export function roomIdFromString(text: string): Uint8Array {
  if (typeof text !== 'string' || text.length !== ROOM_ID_CHARS) {
    throw new InvalidArgumentError('room', `expected ${ROOM_ID_CHARS} base64url characters`);
  }
  const out = decodeBase64url(text);
  if (out === undefined) throw new InvalidArgumentError('room', 'not the canonical base64url spelling of a room id');
  return out;
}

// The key a relay files a room under (also part of Redis key names).
export function roomKey(room: Uint8Array): string {
  return roomIdToString(room);
}
