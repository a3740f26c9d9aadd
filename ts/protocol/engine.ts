// The sans-IO engine (PROTOCOL.md "Engine"): one member's view of one group. It takes packets,
// the time and commands, and returns packets to broadcast and events; `save()` gives the whole
// state as bytes. It never touches sockets, timers or disks.
//
// Persistence contract: the host makes the state from save() durable *before* it broadcasts the
// packets of an Output, runs one writer per member state, and re-sends stored bytes rather than
// asking the engine to encrypt again. Message keys are deterministic from the chain state, so
// sending from a stale state would otherwise repeat keys (the per-packet nonce still keeps
// keystreams apart).

import { checkBytes } from '../bytes.js';
import { constantTimeEqual } from '../crypto/hash.js';
import { randomBytes } from '../crypto/random.js';
import { InvalidArgumentError, SmmpError } from '../errors.js';
import { Reader, Writer } from './bytes-codec.js';
import { ContentKind, decodeBody, encodeBody, type Body, type ContentKindValue } from './epoch/body.js';
import { Epoch, type Delivered } from './epoch/epoch.js';
import { Transcript } from './epoch/transcript.js';
import { ProtocolError } from './errors.js';
import type { GroupEvent, Output } from './events.js';
import { checkPublicIdentity, type Identity } from './identity.js';
import { initialRunId } from './keyschedule.js';
import { decode, GROUP_ID_LENGTH, MAX_BODY, MAX_MEMBERS, type Data, type Packet } from './packets.js';
import { Roster } from './roster.js';
import { Run, type RunStep } from './run/run.js';
import { readSecrets, writeSecrets } from './run/secrets.js';

export interface EngineOptions {
  roundTimeoutMs?: number; // a run that has not moved for this long aborts (60 s)
  runResendMs?: number; // own run packets are re-sent while a run waits this long (3 s)
  ackDelayMs?: number; // an owed acknowledgement goes out after this quiet time, plus up to 50% jitter (1 s)
  resendMs?: number; // own packets not yet acknowledged by all are re-sent after this, doubling (4 s)
  maxResends?: number; // per packet (8)
  unacknowledgedMs?: number; // an own message not fully acknowledged by then is reported (30 s)
}

const DEFAULTS: Required<EngineOptions> = { roundTimeoutMs: 60_000, runResendMs: 3_000, ackDelayMs: 1_000, resendMs: 4_000, maxResends: 8, unacknowledgedMs: 30_000 };

// Bounds on what waits: application messages queued before the epoch is active, data packets of
// an epoch this member has not established yet, decrypted messages waiting for their parents.
export const MAX_QUEUED = 1000;
export const MAX_EARLY = 4096;
export const MAX_HELD = 4096;
// Re-sends of one packet are at most this far apart.
export const MAX_RESEND_INTERVAL_MS = 60_000;

const STATE_MAGIC = new TextEncoder().encode('SMMPSTATE');
const STATE_VERSION = 1;

interface RunRecord {
  run: Run;
  received: Uint8Array[]; // raw packets fed to the run, to replay on load
  lastProgress: number;
  lastResend: number;
}

// An own packet kept until every other member has acknowledged it (or a later one).
interface Outgoing {
  seq: number;
  kind: ContentKindValue;
  id: Uint8Array;
  raw: Uint8Array;
  sentAt: number;
  attempts: number;
  nextResend: number;
  reported: boolean;
}

interface EpochRecord {
  epoch: Epoch;
  transcript: Transcript;
  heard: boolean[]; // members whose new-epoch message was delivered (self included)
  active: boolean;
  held: Delivered[][]; // per sender: decrypted, in order, waiting for their parents
  outbox: Outgoing[]; // seq ascending
  ackDue: number | undefined; // when an owed acknowledgement goes out
  runPackets: Uint8Array[]; // own packets of the run that made this epoch, re-sent until active
  lastRunResend: number;
  rolledBack: boolean; // an own packet beyond this state arrived: never send in this epoch again
}

export class GroupMember {
  private run: RunRecord | undefined;
  private current: EpochRecord | undefined;
  private queued: Uint8Array[] = [];
  private early: Uint8Array[] = [];
  private readonly opts: Required<EngineOptions>;

  private constructor(
    private readonly identity: Identity,
    readonly groupId: Uint8Array,
    opts: EngineOptions,
  ) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  // Starts the run that creates a group. Every invited member calls this with the same group id
  // and member list (the invite carries both); they derive the same run.
  static create(identity: Identity, params: { groupId: Uint8Array; members: readonly Uint8Array[]; now: number }, opts: EngineOptions = {}): { member: GroupMember; output: Output } {
    checkBytes('groupId', params.groupId, GROUP_ID_LENGTH);
    params.members.forEach((k, i) => checkPublicIdentity(`members[${i}]`, k));
    const roster = new Roster(params.members);
    if (!roster.has(identity.publicKey)) throw new InvalidArgumentError('members', "must include this member's own identity key");
    const m = new GroupMember(identity, params.groupId.slice(), opts);
    const run = new Run({
      groupId: m.groupId,
      runId: initialRunId(m.groupId, roster.keys),
      previousEpochId: new Uint8Array(16),
      roster,
      identitySecret: identity.secretKey,
      identityKey: identity.publicKey,
    });
    m.run = { run, received: [], lastProgress: params.now, lastResend: params.now };
    const out: Output = { packets: [], events: [] };
    m.applyRunStep(run.start(), params.now, out);
    return { member: m, output: out };
  }

  get members(): Uint8Array[] {
    return (this.current?.epoch.roster ?? this.run?.run.params.roster)?.keys.map((k) => k.slice()) ?? [];
  }

  get isActive(): boolean {
    return this.current?.active === true;
  }

  get epochId(): Uint8Array | undefined {
    return this.current?.epoch.epochId.slice();
  }

  get groupCode(): string | undefined {
    return this.current?.epoch.groupCode;
  }

  // The conversation digest: the hash of the transcript's heads. Members whose digests match have
  // seen the same messages.
  get digest(): Uint8Array | undefined {
    return this.current?.transcript.digest();
  }

  // A packet from the relay. Never throws for bad input: a refused packet is a 'rejected' event.
  receive(packet: Uint8Array, now: number): Output {
    const out: Output = { packets: [], events: [] };
    let p: Packet;
    try {
      p = decode(packet);
    } catch (e) {
      return reject(e, out);
    }
    if (p.kind === 'Data') {
      this.receiveData(packet, p, now, out);
    } else if (this.run !== undefined && constantTimeEqual(p.groupId, this.groupId) && constantTimeEqual(p.runId, this.run.run.params.runId)) {
      const rec = this.run;
      const before = rec.run.stored;
      const step = rec.run.receive(p, packet);
      // Only a packet the run had not seen counts as progress: re-sent duplicates must not keep
      // a stalled run from timing out.
      if (rec.run.stored !== before) {
        rec.received.push(packet);
        rec.lastProgress = now;
      }
      this.applyRunStep(step, now, out);
    } else {
      out.events.push({ type: 'ignored', reason: 'other-run' });
    }
    return out;
  }

  // An application message. Before the epoch is active it waits (bounded) and goes out on
  // activation, in order.
  send(content: Uint8Array, now: number): Output {
    checkBytes('content', content);
    const out: Output = { packets: [], events: [] };
    if (this.current?.rolledBack) throw new ProtocolError('STATE_ROLLED_BACK', 'this state was rolled back: it must not send in this epoch again (a refresh starts a new one)');
    if (this.current?.active) {
      this.seal(this.current, ContentKind.Application, content, now, out);
    } else {
      if (this.queued.length >= MAX_QUEUED) throw new ProtocolError('BUFFER_FULL', `${MAX_QUEUED} messages already wait for the epoch to become active`);
      this.queued.push(content.slice());
    }
    return out;
  }

  // Lets time pass: re-sends what others may miss, sends owed acknowledgements, reports messages
  // not acknowledged in time, and aborts a run that stalled.
  tick(now: number): Output {
    const out: Output = { packets: [], events: [] };
    const run = this.run;
    if (run !== undefined) {
      if (now - run.lastProgress >= this.opts.roundTimeoutMs) {
        this.applyRunStep(run.run.timeout(), now, out);
      } else if (now - Math.max(run.lastProgress, run.lastResend) >= this.opts.runResendMs) {
        run.lastResend = now;
        out.packets.push(...run.run.sent);
      }
    }
    const cur = this.current;
    if (cur === undefined) return out;
    if (!cur.active && now - cur.lastRunResend >= this.opts.runResendMs) {
      // Others may still wait for this member's Confirm (or its new-epoch message).
      cur.lastRunResend = now;
      out.packets.push(...cur.runPackets, ...cur.outbox.filter((o) => o.kind === ContentKind.NewEpoch).map((o) => o.raw));
    }
    if (cur.ackDue !== undefined && now >= cur.ackDue && cur.active) this.seal(cur, ContentKind.Ack, new Uint8Array(0), now, out);
    this.resend(cur, now, out);
    const keys = cur.epoch.roster.keys;
    for (const o of cur.outbox) {
      if (o.kind !== ContentKind.Application || o.reported || now - o.sentAt < this.opts.unacknowledgedMs) continue;
      o.reported = true;
      out.events.push({ type: 'unacknowledged', id: o.id.slice(), missing: cur.transcript.missingAcks(cur.epoch.self, o.seq).map((k) => keys[k]!.slice()) });
    }
    return out;
  }

  // Own packets not acknowledged by everyone are re-broadcast, stored bytes unchanged, with
  // doubling delays (capped), at most maxResends times. The whole unacknowledged range up to a due
  // packet goes again, so a member that missed an earlier one can fill its gap. Acknowledgements
  // go again too: in a quiet group nobody acknowledges the last ones, and the digests converge
  // only once every member has them. A re-sent acknowledgement creates no obligation, so two
  // members never acknowledge each other in a loop.
  private resend(cur: EpochRecord, now: number, out: Output): void {
    let upTo = -1;
    for (const o of cur.outbox) if (o.attempts < this.opts.maxResends && now >= o.nextResend) upTo = o.seq;
    for (const o of cur.outbox) {
      if (o.seq > upTo) break;
      out.packets.push(o.raw);
      o.attempts++;
      o.nextResend = now + Math.min(this.opts.resendMs * 2 ** o.attempts, MAX_RESEND_INTERVAL_MS);
    }
  }

  private seal(cur: EpochRecord, kind: ContentKindValue, content: Uint8Array, now: number, out: Output): void {
    if (cur.rolledBack) return; // acknowledgements included
    const parents = cur.transcript.parents();
    const { packet, id, seq } = cur.epoch.seal({ kind, parents, content });
    cur.transcript.deliver(cur.epoch.self, seq, kind, id, parents);
    cur.outbox.push({ seq, kind, id, raw: packet, sentAt: now, attempts: 0, nextResend: now + this.opts.resendMs, reported: false });
    // This message descends from everything delivered so far: nothing is owed any more.
    cur.ackDue = undefined;
    out.packets.push(packet);
    if (kind === ContentKind.Application) out.events.push({ type: 'sent', id: id.slice(), seq });
  }

  private receiveData(packet: Uint8Array, p: Data, now: number, out: Output): void {
    const cur = this.current;
    if (cur === undefined || !constantTimeEqual(p.epochId, cur.epoch.epochId)) {
      // A member that established before this one may already send in the new epoch.
      if (this.run !== undefined && this.early.length < MAX_EARLY) {
        this.early.push(packet);
        return;
      }
      out.events.push({ type: 'ignored', reason: 'other-run' });
      return;
    }
    let opened;
    try {
      opened = cur.epoch.open(packet, p);
    } catch (e) {
      // Sending on from a rolled-back state would reuse message keys: stop sending in this epoch.
      if (e instanceof ProtocolError && e.code === 'STATE_ROLLED_BACK') cur.rolledBack = true;
      reject(e, out);
      return;
    }
    if (opened.status === 'duplicate') {
      out.events.push({ type: 'ignored', reason: 'duplicate' });
      // Its sender re-sent it: it has not seen this member's acknowledgement. Owe one (not for
      // acknowledgements themselves, or two quiet members would acknowledge each other for ever).
      if (opened.sender !== cur.epoch.self && cur.transcript.kindOf(opened.sender, opened.seq) !== ContentKind.Ack) this.oweAck(cur, now);
      return;
    }
    if (opened.status !== 'delivered') return;
    for (const m of opened.messages) {
      const queue = cur.held[m.sender]!;
      if (cur.held.reduce((s, h) => s + h.length, 0) >= MAX_HELD) {
        reject(new ProtocolError('BUFFER_FULL', `${MAX_HELD} messages already wait for their parents`, m.sender), out);
        break;
      }
      queue.push(m);
    }
    this.release(cur, now, out);
  }

  // Delivers held messages whose parents are all delivered, each sender's in order, until none
  // can move. An unknown parent blocks only its sender's stream.
  private release(cur: EpochRecord, now: number, out: Output): void {
    const keys = cur.epoch.roster.keys;
    for (let moved = true; moved; ) {
      moved = false;
      for (const queue of cur.held) {
        while (queue.length > 0 && cur.transcript.parentsKnown(queue[0]!.body.parents)) {
          const m = queue.shift()!;
          moved = true;
          cur.transcript.deliver(m.sender, m.seq, m.body.kind, m.id, m.body.parents);
          if (m.body.kind === ContentKind.NewEpoch) cur.heard[m.sender] = true;
          if (m.body.kind === ContentKind.Application) out.events.push({ type: 'message', from: keys[m.sender]!.slice(), content: m.body.content, id: m.id, seq: m.seq });
          if (m.body.kind !== ContentKind.Ack) this.oweAck(cur, now);
        }
      }
    }
    this.settle(cur, out);
    this.checkActive(cur, now, out);
  }

  private oweAck(cur: EpochRecord, now: number): void {
    if (cur.ackDue !== undefined) return;
    const jitter = (randomBytes(1)[0]! / 255) * 0.5;
    cur.ackDue = now + Math.round(this.opts.ackDelayMs * (1 + jitter));
  }

  // Own packets acknowledged by every other member leave the outbox, with every earlier one
  // (a member that processed a packet processed its sender's earlier ones).
  private settle(cur: EpochRecord, out: Output): void {
    let upTo = -1;
    for (const o of cur.outbox) if (cur.transcript.missingAcks(cur.epoch.self, o.seq).length === 0) upTo = o.seq;
    while (cur.outbox.length > 0 && cur.outbox[0]!.seq <= upTo) {
      const o = cur.outbox.shift()!;
      if (o.kind === ContentKind.Application) out.events.push({ type: 'acknowledged', id: o.id.slice() });
    }
  }

  private applyRunStep(step: RunStep, now: number, out: Output): void {
    const rec = this.run!;
    out.packets.push(...step.send);
    const keys = rec.run.params.roster.keys;
    if (step.aborted) {
      const { error } = step.aborted;
      out.events.push({ type: 'aborted', runId: rec.run.params.runId, error, ...(error.member !== undefined ? { accused: keys[error.member]!.slice() } : {}) });
      this.run = undefined;
      this.early = [];
      return;
    }
    if (step.established) {
      const epoch = new Epoch(step.established);
      // The epoch copied the chain keys; these copies have no further use.
      for (const c of step.established.keys.chains) c.fill(0);
      const cur: EpochRecord = {
        epoch,
        transcript: new Transcript(keys.length),
        heard: keys.map((_, i) => i === epoch.self),
        active: false,
        held: keys.map(() => []),
        outbox: [],
        ackDue: undefined,
        runPackets: rec.run.sent.slice(),
        lastRunResend: now,
        rolledBack: false,
      };
      this.current = cur;
      this.run = undefined;
      out.events.push({ type: 'established', epochId: epoch.epochId.slice(), groupCode: epoch.groupCode, members: keys.map((k) => k.slice()) });
      this.seal(cur, ContentKind.NewEpoch, new Uint8Array(0), now, out);
      const early = this.early;
      this.early = [];
      // Held as received bytes; each was decoded as a data packet when it arrived.
      for (const raw of early) this.receiveData(raw, decode(raw) as Data, now, out);
      this.checkActive(cur, now, out);
      return;
    }
    out.events.push({ type: 'run-progress', runId: rec.run.params.runId, phase: rec.run.phase, waitingFor: rec.run.waitingFor().map((i) => keys[i]!.slice()) });
  }

  private checkActive(cur: EpochRecord, now: number, out: Output): void {
    if (cur.active || !cur.heard.every(Boolean)) return;
    cur.active = true;
    cur.runPackets = [];
    out.events.push({ type: 'active', epochId: cur.epoch.epochId.slice(), groupCode: cur.epoch.groupCode, members: cur.epoch.roster.keys.map((k) => k.slice()) });
    const queued = this.queued;
    this.queued = [];
    for (const content of queued) this.seal(cur, ContentKind.Application, content, now, out);
  }

  // The whole state (PROTOCOL.md "Saved state"). Contains secrets: the host encrypts it at rest.
  save(): Uint8Array {
    const w = new Writer(4096);
    w.bytes(STATE_MAGIC).u16(STATE_VERSION).bytes(this.identity.publicKey).bytes(this.groupId);
    const run = this.run;
    w.u8(run ? 1 : 0);
    if (run) {
      const p = run.run.params;
      w.bytes(p.runId).bytes(p.previousEpochId).u16(p.roster.size);
      for (const k of p.roster.keys) w.bytes(k);
      writeSecrets(w, run.run.savedSecrets);
      w.u64(run.lastProgress).u32(run.received.length);
      for (const r of run.received) w.vbytes(r);
    }
    const cur = this.current;
    w.u8(cur ? 1 : 0);
    if (cur) saveEpochRecord(w, cur);
    writeList(w, this.queued);
    writeList(w, this.early);
    return w.finish();
  }

  // Resumes exactly where save() left off, replay protection included. The identity must be the
  // one the state was saved with.
  static load(identity: Identity, state: Uint8Array, opts: EngineOptions = {}): GroupMember {
    checkBytes('state', state);
    const r = new Reader(state, 'saved state');
    const magic = r.bytes(STATE_MAGIC.length, 'magic');
    if (!constantTimeEqual(magic, STATE_MAGIC)) throw new ProtocolError('MALFORMED_PACKET', 'not an SMMP saved state');
    const version = r.u16('version');
    if (version !== STATE_VERSION) throw new ProtocolError('UNSUPPORTED_VERSION', `saved state version ${version}, this implementation reads ${STATE_VERSION}`);
    if (!constantTimeEqual(r.bytes(32, 'identity'), identity.publicKey)) throw new InvalidArgumentError('identity', 'the state was saved by another identity');
    const m = new GroupMember(identity, r.bytes(GROUP_ID_LENGTH, 'group id'), opts);
    if (r.u8('run flag') === 1) {
      const runId = r.bytes(32, 'run id');
      const previousEpochId = r.bytes(16, 'previous epoch id');
      const n = r.count('u16', 2, MAX_MEMBERS, 'members');
      const keys: Uint8Array[] = [];
      for (let i = 0; i < n; i++) keys.push(r.bytes(32, 'identity key'));
      const secrets = readSecrets(r);
      const lastProgress = r.u64('last progress');
      const received = readList(r, 4 * MAX_MEMBERS * 4, MAX_BODY, 'run packets');
      const run = new Run({ groupId: m.groupId, runId, previousEpochId, roster: new Roster(keys), identitySecret: identity.secretKey, identityKey: identity.publicKey }, secrets);
      m.run = { run, received: [], lastProgress, lastResend: lastProgress };
      m.applyRunStep(run.start(), lastProgress, { packets: [], events: [] });
      for (const raw of received) m.receive(raw, lastProgress);
      if (m.run) m.run.lastProgress = lastProgress;
    }
    if (r.u8('epoch flag') === 1) m.current = loadEpochRecord(r);
    m.queued = readList(r, MAX_QUEUED, MAX_BODY, 'queued');
    m.early = readList(r, MAX_EARLY, MAX_BODY + 200, 'early');
    r.end();
    return m;
  }
}

function saveEpochRecord(w: Writer, cur: EpochRecord): void {
  cur.epoch.save(w);
  for (const h of cur.heard) w.u8(h ? 1 : 0);
  w.u8(cur.active ? 1 : 0);
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
  w.u8(cur.ackDue === undefined ? 0 : 1).u64(cur.ackDue ?? 0);
  writeList(w, cur.runPackets);
  w.u64(cur.lastRunResend).u8(cur.rolledBack ? 1 : 0);
}

function loadEpochRecord(r: Reader): EpochRecord {
  const epoch = Epoch.load(r, (keys) => new Roster(keys));
  const n = epoch.roster.size;
  const heard = epoch.roster.keys.map(() => r.u8('heard') === 1);
  const active = r.u8('active') === 1;
  const transcript = new Transcript(n);
  const readVc = (): Uint32Array => Uint32Array.from({ length: n }, () => r.u32('clock'));
  const entries = Array.from({ length: r.count('u32', 0, n * 1025, 'transcript entries') }, () => {
    const id = r.bytes(32, 'id');
    const sender = r.u16('sender');
    const seq = r.u32('seq');
    const kind = r.u8('kind');
    const head = r.u8('head') === 1;
    return { id, sender, seq, kind, head, vc: readVc() };
  });
  transcript.restore(entries, Array.from({ length: n }, readVc));
  const held: Delivered[][] = epoch.roster.keys.map(() => []);
  const nh = r.count('u32', 0, MAX_HELD, 'held');
  for (let i = 0; i < nh; i++) {
    const sender = r.u16('sender');
    const seq = r.u32('seq');
    const id = r.bytes(32, 'id');
    const body: Body = decodeBody(r.vbytes(MAX_BODY, 'body'));
    if (sender >= n) throw new ProtocolError('MALFORMED_PACKET', 'saved state: held message sender out of range');
    held[sender]!.push({ sender, seq, id, body });
  }
  const outbox: Outgoing[] = Array.from({ length: r.count('u32', 0, 1 << 20, 'outbox') }, () => ({
    seq: r.u32('seq'),
    kind: r.u8('kind') as ContentKindValue,
    id: r.bytes(32, 'id'),
    raw: r.vbytes(MAX_BODY + 200, 'packet'),
    sentAt: r.u64('sent at'),
    attempts: r.u8('attempts'),
    nextResend: r.u64('next resend'),
    reported: r.u8('reported') === 1,
  }));
  const owe = r.u8('ack flag') === 1;
  const due = r.u64('ack due');
  const runPackets = readList(r, 3, MAX_BODY, 'run packets');
  const lastRunResend = r.u64('last run resend');
  const rolledBack = r.u8('rolled back') === 1;
  return { epoch, transcript, heard, active, held, outbox, ackDue: owe ? due : undefined, runPackets, lastRunResend, rolledBack };
}

function writeList(w: Writer, items: readonly Uint8Array[]): void {
  w.u32(items.length);
  for (const x of items) w.vbytes(x);
}

function readList(r: Reader, maxCount: number, maxBytes: number, what: string): Uint8Array[] {
  return Array.from({ length: r.count('u32', 0, maxCount, what) }, () => r.vbytes(maxBytes, what));
}

function reject(e: unknown, out: Output): Output {
  // Any typed error from below (a bad encoding caught by the crypto layer, say) is a refused
  // packet too; anything untyped is a bug and propagates.
  if (!(e instanceof SmmpError)) throw e;
  const error = e instanceof ProtocolError ? e : new ProtocolError('MALFORMED_PACKET', e.message);
  if (error.expected) out.events.push({ type: 'ignored', reason: 'other-run' });
  else out.events.push({ type: 'rejected', error });
  return out;
}

export type { GroupEvent, Output };
