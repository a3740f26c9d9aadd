// How the chats name members: by the first five digits of their safety number ("#12345"), with
// the full number in /members for comparing out of band; identity keys as 64 hex digits.

import { fromHex, toHex } from '../../ts/bytes.js';
import { SmmpError } from '../../ts/errors.js';
import { checkPublicIdentity } from '../../ts/protocol/identity.js';
import { safetyNumber } from '../../ts/protocol/keyschedule.js';
import type { MemberInfo } from '../../ts/session/index.js';
import { ChatError } from './errors.js';

export const shortName = (key: Uint8Array): string => `#${safetyNumber(key).slice(0, 5)}`;

export const keyText = (key: Uint8Array): string => toHex(key);

// An identity key as people paste it: 64 hex digits, separators (spaces, colons) ignored.
export function parseKey(text: string): Uint8Array {
  const hex = text.replace(/[\s:]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new ChatError('BAD_KEY', `"${clip(text)}" is not an identity key (64 hex digits; /id shows one's own)`);
  try {
    return checkPublicIdentity('key', fromHex(hex));
  } catch (e) {
    if (e instanceof SmmpError) throw new ChatError('BAD_KEY', `"${clip(text)}" is not a valid identity key: ${e.message}`);
    throw e;
  }
}

// The member a /verify argument names: its number in /members (1-based), or the start of its
// safety number ("#12345", "12345 678", at least five digits).
export function resolveMember(members: readonly MemberInfo[], who: string): MemberInfo {
  const text = who.trim();
  if (/^\d{1,3}$/.test(text)) {
    const m = members[Number(text) - 1];
    if (m === undefined) throw new ChatError('UNKNOWN_MEMBER', `there is no member ${text} (the group has ${members.length}; see /members)`);
    return m;
  }
  const digits = text.replace(/^#/, '').replace(/\s/g, '');
  if (!/^\d{5,30}$/.test(digits)) throw new ChatError('UNKNOWN_MEMBER', `"${clip(text)}": give a member's number in /members or at least 5 digits of its safety number`);
  const found = members.filter((m) => m.safetyNumber.replace(/\s/g, '').startsWith(digits));
  if (found.length === 0) throw new ChatError('UNKNOWN_MEMBER', `no member's safety number starts with ${digits}`);
  if (found.length > 1) throw new ChatError('AMBIGUOUS_MEMBER', `${found.length} members' safety numbers start with ${digits}: give more digits`);
  return found[0]!;
}

const clip = (s: string): string => (s.length > 24 ? `${s.slice(0, 21)}...` : s);
