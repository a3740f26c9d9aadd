// Invites: how members find each other. An invite is a compact string, `smmp1:` followed by the
// base64url of a strict binary layout (docs/API.md "Sessions", "Invites"):
//
//   u8   kind          1 = found (these members form a new group), 2 = join (an existing group
//                      that is adding members; the list is the group after the addition)
//   u16  url length    0 when the invite names no relay, else at most 1024
//   ...  relay URL     UTF-8, a ws: or wss: URL in its normalized form
//   32   room id       the relay room: an unguessable capability, never reused across groups
//   16   group id
//   u16  N             2 .. MAX_MEMBERS
//   32*N identity keys canonical X25519 public keys, strictly ascending
//   4    check         the first 4 bytes of hash("invite", everything before): catches typos
//                      and truncated copies, not forgery (anyone who can edit an invite can
//                      recompute it; safety numbers are what people compare)
//
// Decoding is strict: every failure is an InvalidInviteError with a reason, and an invite has
// exactly one string.

import { checkBytes } from '../bytes.js';
import { constantTimeEqual } from '../crypto/hash.js';
import { randomBytes } from '../crypto/random.js';
import { isCanonicalX25519PublicKey } from '../crypto/x25519.js';
import { InvalidArgumentError, SmmpError } from '../errors.js';
import { Reader, Writer } from '../protocol/bytes-codec.js';
import { checkPublicIdentity } from '../protocol/identity.js';
import { hash, safetyNumber } from '../protocol/keyschedule.js';
import { GROUP_ID_LENGTH, MAX_MEMBERS } from '../protocol/packets.js';
import { compareBytes } from '../protocol/roster.js';
import { decodeBase64url, encodeBase64url } from '../base64url.js';
import { InvalidInviteError } from './errors.js';

export const INVITE_PREFIX = 'smmp1:';
export const ROOM_ID_LENGTH = 32; // the relay's room id (ts/relay/room-id.ts)
export const MAX_RELAY_URL = 1024;
const CHECK_LENGTH = 4;
const KINDS = { found: 1, join: 2 } as const;

export type InviteKind = keyof typeof KINDS;

export interface Invite {
  kind: InviteKind;
  relayUrl?: string;
  roomId: Uint8Array;
  groupId: Uint8Array;
  members: Uint8Array[]; // ascending by bytes, as the engine orders them
}

// A new group's invite: fresh room and group ids. `members` includes the inviter.
export function createInvite(params: { members: readonly Uint8Array[]; relayUrl?: string }): Invite {
  return normalizeInvite({ kind: 'found', roomId: randomBytes(ROOM_ID_LENGTH), groupId: randomBytes(GROUP_ID_LENGTH), members: [...params.members], ...(params.relayUrl !== undefined ? { relayUrl: params.relayUrl } : {}) });
}

// Checks an invite built by hand and returns it in canonical form (keys sorted, URL normalized).
export function normalizeInvite(invite: Invite): Invite {
  if (invite === null || typeof invite !== 'object') throw new InvalidArgumentError('invite', 'expected an Invite object');
  if (!(invite.kind in KINDS)) throw new InvalidArgumentError('invite.kind', "expected 'found' or 'join'");
  checkBytes('invite.roomId', invite.roomId, ROOM_ID_LENGTH);
  checkBytes('invite.groupId', invite.groupId, GROUP_ID_LENGTH);
  if (!Array.isArray(invite.members) || invite.members.length < 2 || invite.members.length > MAX_MEMBERS) {
    throw new InvalidArgumentError('invite.members', `expected 2 to ${MAX_MEMBERS} identity keys`);
  }
  invite.members.forEach((k, i) => checkPublicIdentity(`invite.members[${i}]`, k));
  const members = invite.members.map((k) => k.slice()).sort(compareBytes);
  for (let i = 1; i < members.length; i++) {
    if (compareBytes(members[i - 1]!, members[i]!) === 0) throw new InvalidArgumentError('invite.members', 'an identity key is listed twice');
  }
  const out: Invite = { kind: invite.kind, roomId: invite.roomId.slice(), groupId: invite.groupId.slice(), members };
  if (invite.relayUrl !== undefined) {
    const url = normalizeRelayUrl(invite.relayUrl);
    if (url === undefined) throw new InvalidArgumentError('invite.relayUrl', 'expected a ws: or wss: URL without credentials');
    out.relayUrl = url;
  }
  return out;
}

export function encodeInvite(invite: Invite): string {
  const inv = normalizeInvite(invite);
  const url = new TextEncoder().encode(inv.relayUrl ?? '');
  if (url.length > MAX_RELAY_URL) throw new InvalidArgumentError('invite.relayUrl', `longer than ${MAX_RELAY_URL} bytes`);
  const w = new Writer(64 + url.length + 32 * inv.members.length);
  w.u8(KINDS[inv.kind]).u16(url.length).bytes(url).bytes(inv.roomId).bytes(inv.groupId).u16(inv.members.length);
  for (const k of inv.members) w.bytes(k);
  const body = w.finish();
  return INVITE_PREFIX + encodeBase64url(new Writer(body.length + CHECK_LENGTH).bytes(body).bytes(check(body)).finish());
}

export function decodeInvite(text: string): Invite {
  if (typeof text !== 'string') throw new InvalidInviteError('encoding', 'expected a string');
  const trimmed = text.trim(); // pasted text often carries a newline
  if (!trimmed.startsWith(INVITE_PREFIX)) throw new InvalidInviteError('prefix', `does not start with ${INVITE_PREFIX}`);
  // Bounded before decoding: the largest valid invite is about 45 kB of text.
  if (trimmed.length > INVITE_PREFIX.length + Math.ceil(((5 + MAX_RELAY_URL + 2 * 16 + 2 + 32 * MAX_MEMBERS + CHECK_LENGTH) * 4) / 3)) {
    throw new InvalidInviteError('layout', 'too long');
  }
  const raw = decodeBase64url(trimmed.slice(INVITE_PREFIX.length));
  if (raw === undefined) throw new InvalidInviteError('encoding', 'not canonical base64url');
  if (raw.length < CHECK_LENGTH) throw new InvalidInviteError('layout', 'too short');
  const body = raw.subarray(0, raw.length - CHECK_LENGTH);
  if (!constantTimeEqual(check(body), raw.subarray(raw.length - CHECK_LENGTH))) throw new InvalidInviteError('checksum', 'the check digits do not match: a typo or an incomplete copy');
  try {
    return readBody(body);
  } catch (e) {
    if (e instanceof InvalidInviteError) throw e;
    if (e instanceof SmmpError) throw new InvalidInviteError('layout', e.message);
    throw e;
  }
}

function readBody(body: Uint8Array): Invite {
  const r = new Reader(body, 'invite');
  const kindByte = r.u8('kind');
  const kind = (Object.keys(KINDS) as InviteKind[]).find((k) => KINDS[k] === kindByte);
  if (kind === undefined) throw new InvalidInviteError('layout', `unknown kind ${kindByte}`);
  const urlLength = r.u16('relay URL length');
  if (urlLength > MAX_RELAY_URL) throw new InvalidInviteError('relay-url', `a relay URL of ${urlLength} bytes exceeds ${MAX_RELAY_URL}`);
  const urlBytes = r.bytes(urlLength, 'relay URL');
  let relayUrl: string | undefined;
  if (urlBytes.length > 0) {
    let s: string;
    try {
      s = new TextDecoder('utf-8', { fatal: true }).decode(urlBytes);
    } catch {
      throw new InvalidInviteError('relay-url', 'the relay URL is not UTF-8');
    }
    if (normalizeRelayUrl(s) !== s) throw new InvalidInviteError('relay-url', 'the relay URL is not a normalized ws: or wss: URL');
    relayUrl = s;
  }
  const roomId = r.bytes(ROOM_ID_LENGTH, 'room id');
  const groupId = r.bytes(GROUP_ID_LENGTH, 'group id');
  const n = r.u16('members');
  if (n < 2 || n > MAX_MEMBERS) throw new InvalidInviteError('members', `${n} members: a group has 2 to ${MAX_MEMBERS}`);
  const members: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const k = r.bytes(32, 'identity key');
    if (!isCanonicalX25519PublicKey(k)) throw new InvalidInviteError('member-key', `member ${i} is not a canonical X25519 public key`);
    if (i > 0 && compareBytes(members[i - 1]!, k) >= 0) throw new InvalidInviteError('members', 'identity keys are not strictly ascending');
    members.push(k);
  }
  r.end();
  return { kind, ...(relayUrl !== undefined ? { relayUrl } : {}), roomId, groupId, members };
}

// Who the invite names, with the safety number people compare out of band.
export const inviteMembers = (invite: Invite): { key: Uint8Array; safetyNumber: string }[] =>
  invite.members.map((key) => ({ key: key.slice(), safetyNumber: safetyNumber(key) }));

function check(body: Uint8Array): Uint8Array {
  return hash('invite', body).slice(0, CHECK_LENGTH);
}

function normalizeRelayUrl(s: string): string | undefined {
  if (typeof s !== 'string' || !URL.canParse(s)) return undefined;
  const u = new URL(s);
  if ((u.protocol !== 'ws:' && u.protocol !== 'wss:') || u.username !== '' || u.password !== '' || u.hash !== '') return undefined;
  return u.href;
}
