// The session record: everything one member's session keeps, saved as one byte string after
// every change (the store encrypts it at rest and writes it atomically). The engine state, the
// relay cursor and the shown history travel together, so a restart resumes exactly: it replays
// the room from the cursor, and what the app had shown is neither lost nor shown twice.
//
//   9     magic "SMMPSESS1"
//   32    own identity key           checked on load: a record of another identity is refused
//   32    room id, 16 group id
//   u16   relay URL length (<= 1024), UTF-8 relay URL (may be empty)
//   u64   log, u64 seq               the relay cursor: the room log's incarnation (0: none yet)
//                                    and the sequence number of the last packet processed
//   u32   next local number          for own messages' `own:<n>` keys
//   u32 + engine state               GroupMember.save()
//   u32 + verified set               VerifiedSet.toBytes()
//   u32   history length, then each message:
//         u8 flags (1 own, 2 has id), u32 local number (own), [32 id], 32 from, u64 at,
//         u8 status, u16 missing count, 32 per missing key, u32 + content

import { fromHex, toHex } from '../bytes.js';
import { constantTimeEqual } from '../crypto/hash.js';
import { SmmpError } from '../errors.js';
import { Reader, Writer } from '../protocol/bytes-codec.js';
import { MAX_BODY, MAX_MEMBERS } from '../protocol/packets.js';
import { SessionError } from './errors.js';
import type { ChatMessage, MessageStatus } from './history.js';
import type { RoomCursor } from './ports.js';
import { MAX_RELAY_URL, ROOM_ID_LENGTH } from './invite.js';

const MAGIC = new TextEncoder().encode('SMMPSESS1');
const MAX_STATE = 1 << 28;
export const MAX_HISTORY = 100_000;
const STATUSES: readonly MessageStatus[] = ['queued', 'sent', 'delivered', 'unacknowledged', 'received'];

export interface SessionRecord {
  identityKey: Uint8Array;
  roomId: Uint8Array;
  groupId: Uint8Array;
  relayUrl: string; // '' when none
  cursor: RoomCursor | null;
  nextLocal: number;
  engine: Uint8Array;
  verified: Uint8Array;
  history: ChatMessage[];
}

export function encodeRecord(rec: SessionRecord): Uint8Array {
  const url = new TextEncoder().encode(rec.relayUrl);
  const w = new Writer(256 + rec.engine.length + rec.verified.length + rec.history.reduce((s, m) => s + 120 + m.content.length + 32 * m.missing.length, 0));
  w.bytes(MAGIC).bytes(rec.identityKey).bytes(rec.roomId).bytes(rec.groupId).u16(url.length).bytes(url);
  w.u64(rec.cursor?.log ?? 0).u64(rec.cursor?.seq ?? 0).u32(rec.nextLocal).vbytes(rec.engine).vbytes(rec.verified).u32(rec.history.length);
  for (const m of rec.history) {
    w.u8((m.own ? 1 : 0) | (m.id !== undefined ? 2 : 0)).u32(m.own ? Number(m.key.slice(4)) : 0);
    if (m.id !== undefined) w.bytes(fromHex(m.id));
    w.bytes(m.from).u64(m.at).u8(STATUSES.indexOf(m.status)).u16(m.missing.length);
    for (const k of m.missing) w.bytes(k);
    w.vbytes(m.content);
  }
  return w.finish();
}

export function decodeRecord(bytes: Uint8Array): SessionRecord {
  try {
    return readRecord(bytes);
  } catch (e) {
    if (e instanceof SmmpError) throw new SessionError('STATE_CORRUPT', `the stored session does not decode: ${e.message}`);
    throw e;
  }
}

function readRecord(bytes: Uint8Array): SessionRecord {
  const r = new Reader(bytes, 'session record');
  if (!constantTimeEqual(r.bytes(MAGIC.length, 'magic'), MAGIC)) throw new SessionError('STATE_CORRUPT', 'not an SMMP session record (or of another version)');
  const identityKey = r.bytes(32, 'identity key');
  const roomId = r.bytes(ROOM_ID_LENGTH, 'room id');
  const groupId = r.bytes(16, 'group id');
  const urlLength = r.count('u16', 0, MAX_RELAY_URL, 'relay URL length');
  let relayUrl: string;
  try {
    relayUrl = new TextDecoder('utf-8', { fatal: true }).decode(r.bytes(urlLength, 'relay URL'));
  } catch (e) {
    if (e instanceof SmmpError) throw e;
    throw new SessionError('STATE_CORRUPT', 'the relay URL is not UTF-8');
  }
  const log = r.u64('cursor log');
  const seq = r.u64('cursor seq');
  if (log === 0 && seq !== 0) throw new SessionError('STATE_CORRUPT', 'a cursor without a log');
  const cursor = log === 0 ? null : { log, seq };
  const nextLocal = r.u32('next local number');
  const engine = r.vbytes(MAX_STATE, 'engine state');
  const verified = r.vbytes(MAX_STATE, 'verified set');
  const n = r.count('u32', 0, MAX_HISTORY, 'history');
  const decoder = new TextDecoder();
  const history: ChatMessage[] = [];
  for (let i = 0; i < n; i++) {
    const flags = r.u8('flags');
    if (flags > 3) throw new SessionError('STATE_CORRUPT', `history flags ${flags}`);
    const own = (flags & 1) !== 0;
    const local = r.u32('local number');
    const id = flags & 2 ? toHex(r.bytes(32, 'id')) : undefined;
    const from = r.bytes(32, 'from');
    const at = r.u64('at');
    const status = STATUSES[r.u8('status')];
    if (status === undefined) throw new SessionError('STATE_CORRUPT', 'unknown message status');
    const missing = Array.from({ length: r.count('u16', 0, MAX_MEMBERS, 'missing') }, () => r.bytes(32, 'missing key'));
    const content = r.vbytes(MAX_BODY, 'content');
    if (!own && id === undefined) throw new SessionError('STATE_CORRUPT', 'a received message without an id');
    history.push({ key: own ? `own:${local}` : id!, id, own, from, content, text: decoder.decode(content), at, status, missing });
  }
  r.end();
  return { identityKey, roomId, groupId, relayUrl, cursor, nextLocal, engine, verified, history };
}
