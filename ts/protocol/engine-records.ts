// What the engine holds per run and per epoch, and how it is saved (PROTOCOL.md "Saved state").
// The engine's logic is in engine.ts; this file is its state and the one codec for it.

import { Reader, Writer } from './bytes-codec.js';
import { decodeBody, encodeBody, type Body, type ContentKindValue } from './epoch/body.js';
import { Epoch, type Delivered } from './epoch/epoch.js';
import { CLOCK_WINDOW, Transcript } from './epoch/transcript.js';
import { ProtocolError } from './errors.js';
import { MAX_ATTEMPTS, Operation, type OperationValue } from './membership/proposal.js';
import { MAX_BODY, MAX_MEMBERS } from './packets.js';
import { Roster } from './roster.js';
import type { Run } from './run/run.js';

// Bounds on what waits: application messages queued before the epoch is active, data packets of
// an epoch this member has not established yet, decrypted messages waiting for their parents,
// run packets of a run this member has not started yet (by count and by bytes).
export const MAX_QUEUED = 1000;
export const MAX_EARLY = 4096;
export const MAX_HELD = 4096;
export const MAX_EARLY_RUN = 4096;
export const MAX_EARLY_RUN_BYTES = 8 << 20;
// Membership operations this member wants and has not had accepted yet.
export const MAX_WANTED = 16;

// Why a run is happening: a proposal accepted in the epoch before it (none for the run that
// creates a group).
export interface RunOrigin {
  proposalId: Uint8Array; // the proposal's message id: the first run's id
  op: OperationValue;
  proposer: Uint8Array; // identity key
}

export interface RunRecord {
  run: Run;
  received: Uint8Array[]; // raw packets fed to the run, to replay on load
  lastProgress: number;
  lastResend: number;
  origin: RunOrigin | undefined;
  welcome: Uint8Array | undefined; // this member's Welcome for joiners, re-sent with its run packets
}

// An own packet kept until every other member has acknowledged it (or a later one).
export interface Outgoing {
  seq: number;
  kind: ContentKindValue;
  id: Uint8Array;
  raw: Uint8Array;
  sentAt: number;
  attempts: number;
  nextResend: number;
  reported: boolean;
}

export interface EpochRecord {
  epoch: Epoch;
  transcript: Transcript;
  heard: boolean[]; // members whose new-epoch message was delivered (self included)
  active: boolean;
  activeAt: number;
  held: Delivered[][]; // per sender: decrypted, in order, waiting for their parents
  // Per sender: since when its stream has been blocked (on unknown parents, or on a gap in its
  // sequence numbers), and whether that was reported. Not saved: a loaded state starts counting
  // again.
  blockedSince: (number | undefined)[];
  gapSince: (number | undefined)[];
  reported: boolean[];
  outbox: Outgoing[]; // seq ascending
  ackDue: number | undefined; // when an owed acknowledgement goes out
  runPackets: Uint8Array[]; // own packets of the run that made this epoch, re-sent until active
  lastRunResend: number;
  rolledBack: boolean; // an own packet beyond this state arrived: never send in this epoch again
  // Nothing more is sealed in this epoch: a removal was accepted, or a newer epoch was established.
  sealed: boolean;
  applicationMessages: number; // delivered or sent, for the refresh policy
  sinceHeal: number; // own packets sealed since the last healing one, for the healing policy
  lastHealAt: number;
  refreshProposed: boolean;
  // The proposal this epoch ends with (the first one delivered), and each member's proposal (to
  // see a second, different one from the same member).
  accepted: RunOrigin | undefined;
  proposals: Map<number, Uint8Array>; // member index -> proposal id
  ownProposal: { seq: number; id: Uint8Array; content: Uint8Array } | undefined; // waiting for the relay's echo
  // Once superseded: how many packets each member sent in this epoch (from its next epoch's
  // first message), and when the epoch is closed at the latest (T_grace).
  finalCount: (number | undefined)[];
  closeAt: number | undefined;
  // With publishSigningKeys: this member's signing seed of the epoch before, published in this
  // epoch once that one is closed at every member.
  publish: { epochId: Uint8Array; seed: Uint8Array; at: number } | undefined;
}

export function newEpochRecord(epoch: Epoch, now: number, runPackets: Uint8Array[]): EpochRecord {
  const n = epoch.roster.size;
  return {
    epoch,
    transcript: new Transcript(n),
    heard: epoch.roster.keys.map((_, i) => i === epoch.self),
    active: false,
    activeAt: 0,
    held: epoch.roster.keys.map(() => []),
    blockedSince: new Array(n).fill(undefined),
    gapSince: new Array(n).fill(undefined),
    reported: new Array(n).fill(false),
    outbox: [],
    ackDue: undefined,
    runPackets,
    lastRunResend: now,
    rolledBack: false,
    sealed: false,
    applicationMessages: 0,
    sinceHeal: 0,
    lastHealAt: now,
    refreshProposed: false,
    accepted: undefined,
    proposals: new Map(),
    ownProposal: undefined,
    finalCount: new Array(n).fill(undefined),
    closeAt: undefined,
    publish: undefined,
  };
}

// A membership operation this member asked for, until a run for it is established (or it has
// failed MAX_ATTEMPTS times).
export interface Wanted {
  op: OperationValue;
  targets: Uint8Array[];
  attempt: number;
  // For a refresh asked for by members whose state was rolled back: they cannot read the
  // proposal (their ratchet keys are older than its pads), so they get a Welcome like joiners.
  welcome: Uint8Array[];
}

// --- Saved state --------------------------------------------------------------------------------

const optional = (w: Writer, v: number | undefined): Writer => w.u8(v === undefined ? 0 : 1).u64(v ?? 0);
const readOptional = (r: Reader, what: string): number | undefined => {
  const has = r.u8(`${what} flag`);
  const v = r.u64(what);
  if (has > 1) throw new ProtocolError('MALFORMED_PACKET', `saved state: bad ${what} flag`);
  return has === 1 ? v : undefined;
};
const flag = (r: Reader, what: string): boolean => {
  const v = r.u8(what);
  if (v > 1) throw new ProtocolError('MALFORMED_PACKET', `saved state: bad ${what} flag`);
  return v === 1;
};

export function writeOrigin(w: Writer, o: RunOrigin | undefined): void {
  w.u8(o ? 1 : 0);
  if (o) w.bytes(o.proposalId).u8(o.op).bytes(o.proposer);
}

export function readOrigin(r: Reader): RunOrigin | undefined {
  if (!flag(r, 'origin')) return undefined;
  const proposalId = r.bytes(32, 'proposal id');
  const op = r.u8('operation') as OperationValue;
  if (op !== Operation.Add && op !== Operation.Remove && op !== Operation.Refresh) throw new ProtocolError('MALFORMED_PACKET', 'saved state: unknown operation');
  return { proposalId, op, proposer: r.bytes(32, 'proposer') };
}

export function writeWanted(w: Writer, wanted: readonly Wanted[]): void {
  w.u32(wanted.length);
  for (const x of wanted) {
    w.u8(x.op).u8(x.attempt);
    writeList(w, x.targets);
    writeList(w, x.welcome);
  }
}

export function readWanted(r: Reader): Wanted[] {
  return Array.from({ length: r.count('u32', 0, MAX_WANTED, 'wanted') }, () => {
    const op = r.u8('operation') as OperationValue;
    const attempt = r.u8('attempt');
    if (attempt >= MAX_ATTEMPTS) throw new ProtocolError('MALFORMED_PACKET', 'saved state: attempt out of range');
    return { op, attempt, targets: readList(r, MAX_MEMBERS, 32, 'targets'), welcome: readList(r, MAX_MEMBERS, 32, 'welcome') };
  });
}

export function saveEpochRecord(w: Writer, cur: EpochRecord): void {
  cur.epoch.save(w);
  for (const h of cur.heard) w.u8(h ? 1 : 0);
  w.u8(cur.active ? 1 : 0).u64(cur.activeAt);
  const entries = cur.transcript.entries();
  w.u32(entries.length);
  for (const e of entries) {
    w.bytes(e.id).u16(e.sender).u32(e.seq).u8(e.kind).u8(e.head ? 1 : 0);
    for (const v of e.vc) w.u32(v);
  }
  for (const vc of cur.transcript.latest) for (const v of vc) w.u32(v);
  const held = cur.held.flat();
  w.u32(held.length);
  for (const d of held) w.u16(d.sender).u32(d.seq).bytes(d.id).vbytes(encodeBody(d.body));
  w.u32(cur.outbox.length);
  for (const o of cur.outbox) w.u32(o.seq).u8(o.kind).bytes(o.id).vbytes(o.raw).u64(o.sentAt).u8(o.attempts).u64(o.nextResend).u8(o.reported ? 1 : 0);
  optional(w, cur.ackDue);
  writeList(w, cur.runPackets);
  w.u64(cur.lastRunResend).u8(cur.rolledBack ? 1 : 0).u8(cur.sealed ? 1 : 0).u32(cur.applicationMessages).u32(cur.sinceHeal).u64(cur.lastHealAt).u8(cur.refreshProposed ? 1 : 0);
  writeOrigin(w, cur.accepted);
  w.u16(cur.proposals.size);
  for (const [k, id] of cur.proposals) w.u16(k).bytes(id);
  w.u8(cur.ownProposal ? 1 : 0);
  if (cur.ownProposal) w.u32(cur.ownProposal.seq).bytes(cur.ownProposal.id).vbytes(cur.ownProposal.content);
  for (const c of cur.finalCount) optional(w, c);
  optional(w, cur.closeAt);
  w.u8(cur.publish ? 1 : 0);
  if (cur.publish) w.bytes(cur.publish.epochId).bytes(cur.publish.seed).u64(cur.publish.at);
}

export function loadEpochRecord(r: Reader): EpochRecord {
  const epoch = Epoch.load(r, (keys) => new Roster(keys));
  const n = epoch.roster.size;
  const rec = newEpochRecord(epoch, 0, []);
  rec.heard = epoch.roster.keys.map(() => flag(r, 'heard'));
  rec.active = flag(r, 'active');
  rec.activeAt = r.u64('active at');
  const readVc = (): Uint32Array => Uint32Array.from({ length: n }, () => r.u32('clock'));
  const entries = Array.from({ length: r.count('u32', 0, n * (CLOCK_WINDOW + 1), 'transcript entries') }, () => {
    const id = r.bytes(32, 'id');
    const sender = r.u16('sender');
    const seq = r.u32('seq');
    const kind = r.u8('kind');
    const head = flag(r, 'head');
    if (sender >= n) throw new ProtocolError('MALFORMED_PACKET', 'saved state: transcript sender out of range');
    return { id, sender, seq, kind, head, vc: readVc() };
  });
  rec.transcript.restore(entries, Array.from({ length: n }, readVc));
  const nh = r.count('u32', 0, MAX_HELD, 'held');
  for (let i = 0; i < nh; i++) {
    const sender = r.u16('sender');
    const seq = r.u32('seq');
    const id = r.bytes(32, 'id');
    const body: Body = decodeBody(r.vbytes(MAX_BODY, 'body'));
    if (sender >= n) throw new ProtocolError('MALFORMED_PACKET', 'saved state: held message sender out of range');
    rec.held[sender]!.push({ sender, seq, id, body });
  }
  rec.outbox = Array.from({ length: r.count('u32', 0, 1 << 20, 'outbox') }, () => ({
    seq: r.u32('seq'),
    kind: r.u8('kind') as ContentKindValue,
    id: r.bytes(32, 'id'),
    raw: r.vbytes(MAX_BODY + 200, 'packet'),
    sentAt: r.u64('sent at'),
    attempts: r.u8('attempts'),
    nextResend: r.u64('next resend'),
    reported: flag(r, 'reported'),
  }));
  rec.ackDue = readOptional(r, 'ack due');
  rec.runPackets = readList(r, 3, MAX_BODY, 'run packets');
  rec.lastRunResend = r.u64('last run resend');
  rec.rolledBack = flag(r, 'rolled back');
  rec.sealed = flag(r, 'sealed');
  rec.applicationMessages = r.u32('application messages');
  rec.sinceHeal = r.u32('since heal');
  rec.lastHealAt = r.u64('last heal');
  rec.refreshProposed = flag(r, 'refresh proposed');
  rec.accepted = readOrigin(r);
  const np = r.count('u16', 0, n, 'proposals');
  for (let i = 0; i < np; i++) {
    const k = r.u16('proposer');
    if (k >= n) throw new ProtocolError('MALFORMED_PACKET', 'saved state: proposer out of range');
    rec.proposals.set(k, r.bytes(32, 'proposal id'));
  }
  if (flag(r, 'own proposal')) rec.ownProposal = { seq: r.u32('seq'), id: r.bytes(32, 'id'), content: r.vbytes(MAX_BODY, 'proposal') };
  rec.finalCount = epoch.roster.keys.map(() => readOptional(r, 'final count'));
  rec.closeAt = readOptional(r, 'close at');
  if (flag(r, 'publish')) rec.publish = { epochId: r.bytes(16, 'epoch id'), seed: r.bytes(32, 'signing seed'), at: r.u64('publish at') };
  return rec;
}

export function writeList(w: Writer, items: readonly Uint8Array[]): void {
  w.u32(items.length);
  for (const x of items) w.vbytes(x);
}

export function readList(r: Reader, maxCount: number, maxBytes: number, what: string): Uint8Array[] {
  return Array.from({ length: r.count('u32', 0, maxCount, what) }, () => r.vbytes(maxBytes, what));
}
