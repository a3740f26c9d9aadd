// The SMMP v1 wire format: every packet kind's encoder and decoder side by side. Byte layouts
// are in docs/PROTOCOL.md "Wire format". Decoding is strict: known version and kind, counts
// within bounds, exact lengths, no trailing bytes. A decoded packet has the right shape; what
// its values mean (valid keys, a known run) is checked by the step that uses it.

import { constantTimeEqual } from '../crypto/hash.js';
import { Reader, Writer } from './bytes-codec.js';
import { malformed, ProtocolError } from './errors.js';
import { TAG_LENGTH, VERSION } from './keyschedule.js';

export const MAX_MEMBERS = 1024;
export const MAX_BODY = 1 << 20;
export const GROUP_ID_LENGTH = 16;
export const RUN_ID_LENGTH = 32;
export const EPOCH_ID_LENGTH = 16;
export const NONCE_LENGTH = 16;
// The encrypted header: sender (u16), sequence number (u32), signature (64).
export const HEADER_LENGTH = 2 + 4 + 64;

export const Kind = { Hello: 1, Key: 2, Confirm: 3, Abort: 4, Welcome: 5, Blame: 6, Data: 16, PadResend: 17, RefreshRequest: 18 } as const;
export type KindName = keyof typeof Kind;

interface RunPacket {
  groupId: Uint8Array;
  runId: Uint8Array;
  n: number; // members in the run
  j: number; // sender's index
}

export interface Hello extends RunPacket {
  kind: 'Hello';
  R: Uint8Array; // triple-DH ephemeral (X25519)
  Q: Uint8Array; // first data ratchet key (X25519)
  S: Uint8Array; // ephemeral Ed25519 signing key
  H: Uint8Array; // BD value h_j * G (ristretto255)
  nonce: Uint8Array; // 32 bytes
}

export interface Key extends RunPacket {
  kind: 'Key';
  X: Uint8Array;
  tags: TagList; // n - 1 tags, addressed to the other members in index order
}

export interface Confirm extends RunPacket {
  kind: 'Confirm';
  tags: TagList;
}

export const AbortReason = { Timeout: 1, BadPacket: 2, BadKeyTag: 3, SumCheck: 4, BadConfirmation: 5, Conflict: 6 } as const;

export interface Abort extends RunPacket {
  kind: 'Abort';
  reason: number;
  accused: number; // an index, or NOBODY
  tags: TagList;
}

export const NOBODY = 0xffff;

// After a failed run, a member that has not established reveals its BD secret h_j and what it
// received (PROTOCOL.md "Blame"), so everyone can see whose values do not fit.
export interface Blame extends RunPacket {
  kind: 'Blame';
  h: Uint8Array; // the revealed BD secret scalar
  heard: Uint8Array[]; // n H values as received (own included; zeros where missing)
  xs: Uint8Array[]; // n X values as received (zeros where missing)
  tags: TagList;
}

// Tells members who join a run what the run is (PROTOCOL.md "Membership: Welcome"): the roster,
// encrypted to each joiner's identity key under an ephemeral X25519 key, so the relay does not
// learn identity keys. Unauthenticated: everything in it is bound into sid, so a forged Welcome
// only starts a run that fails.
export interface Welcome {
  kind: 'Welcome';
  groupId: Uint8Array;
  runId: Uint8Array;
  n: number; // members in the run
  previousEpochId: Uint8Array;
  ephemeral: Uint8Array; // E, X25519
  boxes: Uint8Array[]; // per joiner: the roster (n x 32) encrypted, then a 16-byte tag
}

export const MAX_JOINERS = 64;
export const welcomeBoxLength = (n: number): number => n * 32 + TAG_LENGTH;

export interface Data {
  kind: 'Data';
  epochId: Uint8Array;
  nonce: Uint8Array; // v: fresh per packet
  body: Uint8Array; // encrypted, padded body
  tag: Uint8Array; // HMAC over the preceding bytes, keyed per packet
  header: Uint8Array; // encrypted (sender, seq, signature)
}

// A sender's answer to a pad request (PROTOCOL.md "Healing: pad re-sends"), outside its chain so
// that it is not stuck behind the message it unblocks. Everything but the epoch id and v is
// encrypted under the epoch header key.
export interface PadResend {
  kind: 'PadResend';
  epochId: Uint8Array;
  nonce: Uint8Array; // v
  sealed: Uint8Array; // PAD_RESEND_LENGTH bytes
}

// sender u16 | seq u32 | to u16 | generation u32 | E [32] | pad [32] | signature [64]
export const PAD_RESEND_LENGTH = 2 + 4 + 2 + 4 + 32 + 32 + 64;

// A member whose state was rolled back asks for a refresh (PROTOCOL.md "Engine: rollback"): it
// may not seal anything in its chain again, so this goes outside it, like a PadResend.
export interface RefreshRequest {
  kind: 'RefreshRequest';
  epochId: Uint8Array;
  nonce: Uint8Array; // v
  sealed: Uint8Array; // REFRESH_REQUEST_LENGTH bytes
}

// sender u16 | signature [64]
export const REFRESH_REQUEST_LENGTH = 2 + 64;

export type Packet = Hello | Key | Confirm | Abort | Welcome | Blame | Data | PadResend | RefreshRequest;

function runHead(w: Writer, kind: number, p: RunPacket): Writer {
  return w.u8(VERSION).u8(kind).bytes(p.groupId).bytes(p.runId).u16(p.n).u16(p.j);
}

// The n - 1 tags of a run packet, kept as the one byte string they are on the wire: a member
// reads only its own slot, so decoding makes neither a copy nor n - 1 arrays.
export class TagList {
  private constructor(readonly bytes: Uint8Array) {}

  static of(tags: readonly Uint8Array[]): TagList {
    const bytes = new Uint8Array(tags.length * TAG_LENGTH);
    tags.forEach((t, i) => bytes.set(t, i * TAG_LENGTH));
    return new TagList(bytes);
  }

  // Tags already laid out as on the wire (the batched tag computations return them so).
  static ofBytes(bytes: Uint8Array): TagList {
    if (bytes.length % TAG_LENGTH !== 0) throw malformed(`a tag list of ${bytes.length} bytes`);
    return new TagList(bytes);
  }

  // A view into the packet: a member reads one slot, once.
  static read(r: Reader, n: number): TagList {
    return new TagList(r.view((n - 1) * TAG_LENGTH, 'tags'));
  }

  get count(): number {
    return this.bytes.length / TAG_LENGTH;
  }

  // The tag in `slot`, or undefined past the end.
  at(slot: number): Uint8Array | undefined {
    return slot >= 0 && slot < this.count ? this.bytes.subarray(slot * TAG_LENGTH, (slot + 1) * TAG_LENGTH) : undefined;
  }
}

function tags(w: Writer, t: TagList): Writer {
  return w.bytes(t.bytes);
}

export function encode(p: Packet): Uint8Array {
  const w = new Writer();
  switch (p.kind) {
    case 'Hello':
      return runHead(w, Kind.Hello, p).bytes(p.R).bytes(p.Q).bytes(p.S).bytes(p.H).bytes(p.nonce).finish();
    case 'Key':
      return tags(runHead(w, Kind.Key, p).bytes(p.X), p.tags).finish();
    case 'Confirm':
      return tags(runHead(w, Kind.Confirm, p), p.tags).finish();
    case 'Abort':
      return tags(runHead(w, Kind.Abort, p).u8(p.reason).u16(p.accused), p.tags).finish();
    case 'Welcome': {
      runHead(w, Kind.Welcome, { ...p, j: 0 }).bytes(p.previousEpochId).bytes(p.ephemeral).u16(p.boxes.length);
      for (const b of p.boxes) w.bytes(b);
      return w.finish();
    }
    case 'Blame': {
      runHead(w, Kind.Blame, p).bytes(p.h);
      for (const v of p.heard) w.bytes(v);
      for (const v of p.xs) w.bytes(v);
      return tags(w, p.tags).finish();
    }
    case 'PadResend':
    case 'RefreshRequest':
      return w.u8(VERSION).u8(Kind[p.kind]).bytes(p.epochId).bytes(p.nonce).bytes(p.sealed).finish();
    case 'Data':
      return w.u8(VERSION).u8(Kind.Data).bytes(p.epochId).bytes(p.nonce).vbytes(p.body).bytes(p.tag).bytes(p.header).finish();
  }
}

// The bytes of a data packet that its tag covers (everything before the tag).
export function dataAuthenticated(p: Pick<Data, 'epochId' | 'nonce' | 'body'>): Uint8Array {
  return new Writer(40 + p.body.length).u8(VERSION).u8(Kind.Data).bytes(p.epochId).bytes(p.nonce).vbytes(p.body).finish();
}

// Run packets are read as views into the packet bytes (Reader.view): a run keeps each packet's
// bytes unchanged for its duplicate checks anyway. Only what outlives the run is copied: a
// Hello's S and Q, which stay with the epoch (32-byte copies, which V8 keeps on its heap: one
// larger copy would cost an off-heap allocation per Hello).
// Whether raw bytes are a run packet of run `runId`, without decoding them (the run id follows
// version, kind and group id in every run header).
export function isOfRun(raw: Uint8Array, runId: Uint8Array): boolean {
  const at = 2 + GROUP_ID_LENGTH;
  return raw.length >= at + RUN_ID_LENGTH && constantTimeEqual(raw.subarray(at, at + RUN_ID_LENGTH), runId);
}

function readRunHead(r: Reader): Omit<RunPacket, never> {
  const groupId = r.view(GROUP_ID_LENGTH, 'group id');
  const runId = r.view(RUN_ID_LENGTH, 'run id');
  const n = r.count('u16', 2, MAX_MEMBERS, 'member count');
  const j = r.u16('sender index');
  if (j >= n) throw malformed(`sender index ${j} not below member count ${n}`);
  return { groupId, runId, n, j };
}

export function decode(bytes: Uint8Array): Packet {
  if (!(bytes instanceof Uint8Array)) throw malformed('packet is not a Uint8Array');
  const r = new Reader(bytes, 'packet');
  const version = r.u8('version');
  if (version !== VERSION) throw new ProtocolError('UNSUPPORTED_VERSION', `packet version ${version}, this implementation speaks ${VERSION}`);
  const kind = r.u8('kind');
  let p: Packet;
  switch (kind) {
    case Kind.Hello: {
      const h = readRunHead(r);
      p = { kind: 'Hello', groupId: h.groupId, runId: h.runId, n: h.n, j: h.j, R: r.view(32, 'R'), Q: r.bytes(32, 'Q'), S: r.bytes(32, 'S'), H: r.view(32, 'H'), nonce: r.view(32, 'nonce') };
      break;
    }
    case Kind.Key: {
      const h = readRunHead(r);
      p = { kind: 'Key', groupId: h.groupId, runId: h.runId, n: h.n, j: h.j, X: r.view(32, 'X'), tags: TagList.read(r, h.n) };
      break;
    }
    case Kind.Confirm: {
      const h = readRunHead(r);
      p = { kind: 'Confirm', groupId: h.groupId, runId: h.runId, n: h.n, j: h.j, tags: TagList.read(r, h.n) };
      break;
    }
    case Kind.Abort: {
      const h = readRunHead(r);
      const reason = r.u8('reason');
      if (!Object.values(AbortReason).includes(reason as never)) throw malformed(`unknown abort reason ${reason}`);
      const accused = r.u16('accused');
      if (accused !== NOBODY && accused >= h.n) throw malformed(`accused index ${accused} not below member count ${h.n}`);
      p = { kind: 'Abort', ...h, reason, accused, tags: TagList.read(r, h.n) };
      break;
    }
    case Kind.Welcome: {
      const h = readRunHead(r);
      if (h.j !== 0) throw malformed(`Welcome sender index must be 0, not ${h.j}`);
      const previousEpochId = r.bytes(EPOCH_ID_LENGTH, 'previous epoch id');
      const ephemeral = r.bytes(32, 'ephemeral key');
      const count = r.count('u16', 1, Math.min(MAX_JOINERS, h.n - 1), 'joiner count');
      const boxes = Array.from({ length: count }, () => r.bytes(welcomeBoxLength(h.n), 'roster box'));
      p = { kind: 'Welcome', groupId: h.groupId, runId: h.runId, n: h.n, previousEpochId, ephemeral, boxes };
      break;
    }
    case Kind.Blame: {
      const h = readRunHead(r);
      const secret = r.bytes(32, 'h');
      const heard = Array.from({ length: h.n }, () => r.bytes(32, 'H'));
      const xs = Array.from({ length: h.n }, () => r.bytes(32, 'X'));
      p = { kind: 'Blame', ...h, h: secret, heard, xs, tags: TagList.read(r, h.n) };
      break;
    }
    case Kind.PadResend:
      p = { kind: 'PadResend', epochId: r.bytes(EPOCH_ID_LENGTH, 'epoch id'), nonce: r.bytes(NONCE_LENGTH, 'nonce'), sealed: r.bytes(PAD_RESEND_LENGTH, 'sealed pad') };
      break;
    case Kind.RefreshRequest:
      p = { kind: 'RefreshRequest', epochId: r.bytes(EPOCH_ID_LENGTH, 'epoch id'), nonce: r.bytes(NONCE_LENGTH, 'nonce'), sealed: r.bytes(REFRESH_REQUEST_LENGTH, 'sealed request') };
      break;
    case Kind.Data: {
      p = {
        kind: 'Data',
        epochId: r.bytes(EPOCH_ID_LENGTH, 'epoch id'),
        nonce: r.bytes(NONCE_LENGTH, 'nonce'),
        body: r.vbytes(MAX_BODY, 'body'),
        tag: r.bytes(TAG_LENGTH, 'tag'),
        header: r.bytes(HEADER_LENGTH, 'header'),
      };
      break;
    }
    default:
      throw malformed(`unknown packet kind ${kind}`);
  }
  r.end();
  return p;
}
