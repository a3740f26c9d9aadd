// The sans-IO engine (PROTOCOL.md "Engine"): one member's view of one group. It takes packets,
// the time and commands, and returns packets to broadcast and events; `save()` gives the whole
// state as bytes. It never touches sockets, timers or disks.
//
// Persistence contract: the host makes the state from save() durable *before* it broadcasts the
// packets of an Output, runs one writer per member state, and re-sends stored bytes rather than
// asking the engine to encrypt again. Message keys are deterministic from the chain state, so
// sending from a stale state would otherwise repeat keys (the per-packet nonce still keeps
// keystreams apart).

import { constantTimeEqual } from '../crypto/hash.js';
import { Reader, Writer } from './bytes-codec.js';
import { ContentKind } from './epoch/body.js';
import { Epoch } from './epoch/epoch.js';
import { ProtocolError } from './errors.js';
import type { GroupEvent, Output } from './events.js';
import { checkPublicIdentity, type Identity } from './identity.js';
import { initialRunId } from './keyschedule.js';
import { decode, GROUP_ID_LENGTH, MAX_BODY, MAX_MEMBERS, type Packet } from './packets.js';
import { Roster } from './roster.js';
import { Run, type RunStep } from './run/run.js';
import { readSecrets, writeSecrets } from './run/secrets.js';
import { checkBytes } from '../bytes.js';
import { InvalidArgumentError, SmmpError } from '../errors.js';

export interface EngineOptions {
  // A run that has not moved for this long aborts (default 60 s).
  roundTimeoutMs?: number;
}

// Bounds on what waits: application messages queued before the epoch is active, and data
// packets of an epoch this member has not established yet.
export const MAX_QUEUED = 1000;
export const MAX_EARLY = 4096;

const STATE_MAGIC = new TextEncoder().encode('SMMPSTATE');
const STATE_VERSION = 1;

interface RunRecord {
  run: Run;
  received: Uint8Array[]; // raw packets fed to the run, to replay on load
  lastProgress: number;
}

interface EpochRecord {
  epoch: Epoch;
  heard: boolean[]; // members whose new-epoch message was processed (self included)
  active: boolean;
}

export class GroupMember {
  private run: RunRecord | undefined;
  private current: EpochRecord | undefined;
  private queued: Uint8Array[] = [];
  private early: Uint8Array[] = [];
  private readonly roundTimeoutMs: number;

  private constructor(
    private readonly identity: Identity,
    readonly groupId: Uint8Array,
    opts: EngineOptions,
  ) {
    this.roundTimeoutMs = opts.roundTimeoutMs ?? 60_000;
  }

  // Starts the run that creates a group. Every invited member calls this with the same group id
  // and member list (the invite carries both); they derive the same run.
  static create(identity: Identity, params: { groupId: Uint8Array; members: readonly Uint8Array[]; now: number }, opts: EngineOptions = {}): { member: GroupMember; output: Output } {
    checkBytes('groupId', params.groupId, GROUP_ID_LENGTH);
    params.members.forEach((k, i) => checkPublicIdentity(`members[${i}]`, k));
    const roster = new Roster(params.members);
    if (!roster.has(identity.publicKey)) throw new InvalidArgumentError('members', 'must include this member\'s own identity key');
    const m = new GroupMember(identity, params.groupId.slice(), opts);
    const run = new Run({
      groupId: m.groupId,
      runId: initialRunId(m.groupId, roster.keys),
      previousEpochId: new Uint8Array(16),
      roster,
      identitySecret: identity.secretKey,
      identityKey: identity.publicKey,
    });
    m.run = { run, received: [], lastProgress: params.now };
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
      this.receiveData(packet, out);
    } else if (this.run !== undefined && constantTimeEqual(p.groupId, this.groupId) && constantTimeEqual(p.runId, this.run.run.params.runId)) {
      this.run.received.push(packet);
      this.run.lastProgress = now;
      this.applyRunStep(this.run.run.receive(p, packet), now, out);
    } else {
      reject(new ProtocolError('WRONG_RUN', 'packet of a run this member is not in'), out);
    }
    return out;
  }

  // An application message. Before the epoch is active it waits (bounded) and goes out on
  // activation, in order.
  send(content: Uint8Array, now: number): Output {
    checkBytes('content', content);
    void now;
    const out: Output = { packets: [], events: [] };
    if (this.current?.active) {
      out.packets.push(this.current.epoch.seal({ kind: ContentKind.Application, parents: [], content }).packet);
    } else {
      if (this.queued.length >= MAX_QUEUED) throw new ProtocolError('BUFFER_FULL', `${MAX_QUEUED} messages already wait for the epoch to become active`);
      this.queued.push(content.slice());
    }
    return out;
  }

  // Lets time pass: a run that has not moved within the round timeout aborts.
  tick(now: number): Output {
    const out: Output = { packets: [], events: [] };
    if (this.run !== undefined && now - this.run.lastProgress >= this.roundTimeoutMs) {
      this.applyRunStep(this.run.run.timeout(), now, out);
    }
    return out;
  }

  private receiveData(packet: Uint8Array, out: Output): void {
    const cur = this.current;
    if (cur === undefined || !this.isCurrentEpoch(packet)) {
      // A member that established before this one may already send in the new epoch.
      if (this.run !== undefined && this.early.length < MAX_EARLY) {
        this.early.push(packet);
        return;
      }
      reject(new ProtocolError('WRONG_RUN', 'data packet of an epoch this member does not hold'), out);
      return;
    }
    let opened;
    try {
      opened = cur.epoch.open(packet);
    } catch (e) {
      reject(e, out);
      return;
    }
    if (opened.status !== 'delivered') return;
    const keys = cur.epoch.roster.keys;
    for (const m of opened.messages) {
      if (m.body.kind === ContentKind.NewEpoch) cur.heard[m.sender] = true;
      else if (m.body.kind === ContentKind.Application) out.events.push({ type: 'message', from: keys[m.sender]!.slice(), content: m.body.content, id: m.id, seq: m.seq });
    }
    this.checkActive(out);
  }

  private isCurrentEpoch(packet: Uint8Array): boolean {
    // The epoch id sits right after version and kind.
    return this.current !== undefined && constantTimeEqual(packet.subarray(2, 18), this.current.epoch.epochId);
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
      this.current = { epoch, heard: keys.map((_, i) => i === epoch.self), active: false };
      this.run = undefined;
      out.events.push({ type: 'established', epochId: epoch.epochId.slice(), groupCode: epoch.groupCode, members: keys.map((k) => k.slice()) });
      out.packets.push(epoch.seal({ kind: ContentKind.NewEpoch, parents: [], content: new Uint8Array(0) }).packet);
      const early = this.early;
      this.early = [];
      for (const p of early) this.receiveData(p, out);
      this.checkActive(out);
      return;
    }
    out.events.push({ type: 'run-progress', runId: rec.run.params.runId, phase: rec.run.phase, waitingFor: rec.run.waitingFor().map((i) => keys[i]!.slice()) });
    void now;
  }

  private checkActive(out: Output): void {
    const cur = this.current;
    if (cur === undefined || cur.active || !cur.heard.every(Boolean)) return;
    cur.active = true;
    out.events.push({ type: 'active', epochId: cur.epoch.epochId.slice(), groupCode: cur.epoch.groupCode, members: cur.epoch.roster.keys.map((k) => k.slice()) });
    const queued = this.queued;
    this.queued = [];
    for (const content of queued) out.packets.push(cur.epoch.seal({ kind: ContentKind.Application, parents: [], content }).packet);
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
    if (cur) {
      cur.epoch.save(w);
      for (const h of cur.heard) w.u8(h ? 1 : 0);
      w.u8(cur.active ? 1 : 0);
    }
    w.u32(this.queued.length);
    for (const q of this.queued) w.vbytes(q);
    w.u32(this.early.length);
    for (const e of this.early) w.vbytes(e);
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
      const received: Uint8Array[] = [];
      const count = r.count('u32', 0, 4 * MAX_MEMBERS * 4, 'run packets');
      for (let i = 0; i < count; i++) received.push(r.vbytes(MAX_BODY, 'run packet'));
      const run = new Run({ groupId: m.groupId, runId, previousEpochId, roster: new Roster(keys), identitySecret: identity.secretKey, identityKey: identity.publicKey }, secrets);
      m.run = { run, received: [], lastProgress };
      const replay: Output = { packets: [], events: [] };
      m.applyRunStep(run.start(), lastProgress, replay);
      for (const raw of received) m.receive(raw, lastProgress);
      m.run && (m.run.lastProgress = lastProgress);
    }
    if (r.u8('epoch flag') === 1) {
      const epoch = Epoch.load(r, (keys) => new Roster(keys));
      const heard = epoch.roster.keys.map(() => r.u8('heard') === 1);
      m.current = { epoch, heard, active: r.u8('active') === 1 };
    }
    const nq = r.count('u32', 0, MAX_QUEUED, 'queued');
    for (let i = 0; i < nq; i++) m.queued.push(r.vbytes(MAX_BODY, 'queued message'));
    const ne = r.count('u32', 0, MAX_EARLY, 'early');
    for (let i = 0; i < ne; i++) m.early.push(r.vbytes(MAX_BODY + 200, 'early packet'));
    r.end();
    return m;
  }
}

function reject(e: unknown, out: Output): Output {
  // Any typed error from below (a bad encoding caught by the crypto layer, say) is a refused
  // packet too; anything untyped is a bug and propagates.
  if (!(e instanceof SmmpError)) throw e;
  const error = e instanceof ProtocolError ? e : new ProtocolError('MALFORMED_PACKET', e.message);
  out.events.push({ type: 'rejected', error });
  return out;
}

export type { GroupEvent, Output };
