// The sans-IO engine (PROTOCOL.md "Engine"): one member's view of one group. It takes packets,
// the time and commands, and returns packets to broadcast and events; `save()` gives the whole
// state as bytes. It never touches sockets, timers or disks.
//
// Persistence contract: the host makes the state from save() durable *before* it broadcasts the
// packets of an Output, runs one writer per member state, and re-sends stored bytes rather than
// asking the engine to encrypt again. Message keys are deterministic from the chain state, so
// sending from a stale state would otherwise repeat keys (the per-packet nonce still keeps
// keystreams apart).
//
// Ordering contract: the host delivers packets in the relay's room order (its transport does).
// Membership proposals are decided in that order (the first delivered wins), so every member
// picks the same one.

import { checkBytes } from '../bytes.js';
import { constantTimeEqual } from '../crypto/hash.js';
import { randomBytes } from '../crypto/random.js';
import { ed25519KeyPair } from '../crypto/ed25519.js';
import { InvalidArgumentError, SmmpError } from '../errors.js';
import { Reader, Writer } from './bytes-codec.js';
import { ContentKind, type ContentKindValue } from './epoch/body.js';
import { Epoch } from './epoch/epoch.js';
import { ProtocolError } from './errors.js';
import type { GroupEvent, Output } from './events.js';
import { checkPublicIdentity, type Identity } from './identity.js';
import { initialRunId, retryRunId } from './keyschedule.js';
import {
  loadEpochRecord, MAX_EARLY, MAX_EARLY_RUN, MAX_EARLY_RUN_BYTES, MAX_HELD, MAX_QUEUED, MAX_WANTED, newEpochRecord, readList, readOrigin, readWanted,
  saveEpochRecord, writeList, writeOrigin, writeWanted, type EpochRecord, type RunOrigin, type RunRecord, type Wanted,
} from './engine-records.js';
import { checkProposal, decodeEpochEnd, decodeProposal, encodeEpochEnd, encodeProposal, MAX_ATTEMPTS, Operation, operationName, resultingMembers, type OperationValue } from './membership/proposal.js';
import { decode, encode, EPOCH_ID_LENGTH, GROUP_ID_LENGTH, isOfRun, MAX_BODY, MAX_MEMBERS, type Data, type PadResend, type RefreshRequest, type Welcome } from './packets.js';
import { Roster } from './roster.js';
import { Run, type RunStep } from './run/run.js';
import { openWelcome, sealWelcome } from './membership/welcome.js';
import { readSecrets, writeSecrets } from './run/secrets.js';

export { MAX_EARLY, MAX_HELD, MAX_QUEUED } from './engine-records.js';

export interface EngineOptions {
  roundTimeoutMs?: number; // a run that has not moved for this long drops its absent members or aborts (60 s)
  runResendMs?: number; // own run packets are re-sent while a run waits this long (3 s)
  ackDelayMs?: number; // an owed acknowledgement goes out after this quiet time, plus up to 50% jitter (1 s)
  resendMs?: number; // own packets not yet acknowledged by all are re-sent after this, doubling (4 s)
  maxResends?: number; // per packet (8)
  unacknowledgedMs?: number; // an own message not fully acknowledged by then is reported (30 s)
  graceMs?: number; // T_grace: an epoch's keys are erased this long after a newer one is established, at the latest (10 min)
  refreshMs?: number; // bounded epochs: a refresh is proposed once the epoch is this old (24 h)
  refreshMessages?: number; // ... or has carried this many application messages (10,000)
  // Healing policy: every message heals in groups of up to healAllUpTo members (16); in larger
  // groups a member heals with its next message once healEveryMessages (16) messages or
  // healEveryMs (60 s) have passed since its last healing message.
  healAllUpTo?: number;
  healEveryMessages?: number;
  healEveryMs?: number;
  parentTimeoutMs?: number; // T_parent: a sender's stream blocked on unknown parents this long is reported as divergence (30 s)
  gapTimeoutMs?: number; // T_gap: a gap in a sender's sequence unfilled this long is reported and a refresh proposed (120 s)
  // Deniability: publish this member's signing key of an old epoch once that epoch is closed at
  // every member (T_grace after the new one, plus a minute). Off by default.
  publishSigningKeys?: boolean;
}

const DEFAULTS: Required<EngineOptions> = {
  roundTimeoutMs: 60_000,
  runResendMs: 3_000,
  ackDelayMs: 1_000,
  resendMs: 4_000,
  maxResends: 8,
  unacknowledgedMs: 30_000,
  graceMs: 600_000,
  refreshMs: 86_400_000,
  refreshMessages: 10_000,
  healAllUpTo: 16,
  healEveryMessages: 16,
  healEveryMs: 60_000,
  parentTimeoutMs: 30_000,
  gapTimeoutMs: 120_000,
  publishSigningKeys: false,
};

// After T_grace every member has closed the old epoch; this margin covers members that
// established a little later.
const PUBLISH_MARGIN_MS = 60_000;

// Re-sends of one packet are at most this far apart.
export const MAX_RESEND_INTERVAL_MS = 60_000;
// Members propose a due refresh this far apart, by index, so that usually one does.
const REFRESH_STAGGER_MS = 5_000;

const STATE_MAGIC = new TextEncoder().encode('SMMPSTATE');
const STATE_VERSION = 2;
const NO_EPOCH = new Uint8Array(EPOCH_ID_LENGTH);

// 'joining': waits for a Welcome naming it, then for its run. 'removed' and 'left': the state
// holds no keys any more and takes no packets.
export type MemberStatus = 'joining' | 'member' | 'removed' | 'left';
const STATUS: readonly MemberStatus[] = ['joining', 'member', 'removed', 'left'];

export class GroupMember {
  private status: MemberStatus = 'member';
  private run: RunRecord | undefined;
  private blaming: RunRecord | undefined; // a failed run in its Blame round (not saved: it ends at the timeout)
  private current: EpochRecord | undefined;
  private previous: EpochRecord | undefined; // the epoch before current, until it is closed
  private queued: Uint8Array[] = [];
  private early: Uint8Array[] = []; // data packets of an epoch not established yet
  private earlyRun: Uint8Array[] = []; // run packets of a run not started yet
  private wanted: Wanted[] = [];
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
    const out: Output = { packets: [], events: [] };
    m.startRun(initialRunId(m.groupId, roster.keys), NO_EPOCH, roster, undefined, params.now, out);
    return { member: m, output: out };
  }

  // A member being added to an existing group: it learns the run from the Welcome that the
  // proposer of the addition broadcasts, and takes part in it.
  static join(identity: Identity, params: { groupId: Uint8Array }, opts: EngineOptions = {}): GroupMember {
    checkBytes('groupId', params.groupId, GROUP_ID_LENGTH);
    const m = new GroupMember(identity, params.groupId.slice(), opts);
    m.status = 'joining';
    return m;
  }

  get state(): MemberStatus {
    return this.status;
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

  // A packet from the relay, in the relay's order. Never throws for bad input: a refused packet
  // is a 'rejected' event.
  receive(packet: Uint8Array, now: number): Output {
    const out: Output = { packets: [], events: [] };
    if (this.status === 'removed' || this.status === 'left') return ignored(out);
    let p;
    try {
      p = decode(packet);
    } catch (e) {
      return reject(e, out);
    }
    if (p.kind === 'Data') {
      this.receiveData(packet, p, now, out);
    } else if (p.kind === 'PadResend') {
      this.receivePadResend(p, now, out);
    } else if (p.kind === 'RefreshRequest') {
      this.receiveRefreshRequest(p, now, out);
    } else if (!constantTimeEqual(p.groupId, this.groupId)) {
      ignored(out);
    } else if (p.kind === 'Welcome') {
      this.receiveWelcome(p, now, out);
    } else if (this.blaming !== undefined && constantTimeEqual(p.runId, this.blaming.run.params.runId)) {
      this.applyBlameStep(this.blaming.run.receive(p, packet), now, out);
    } else if (this.run !== undefined && constantTimeEqual(p.runId, this.run.run.params.runId)) {
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
      // Perhaps a run this member starts later (it has not processed the proposal yet).
      this.keepEarlyRun(packet);
      ignored(out);
    }
    return out;
  }

  // An application message. Before the epoch is active (or while a removal is under way) it
  // waits, bounded, and goes out once the next epoch is active, in order.
  send(content: Uint8Array, now: number): Output {
    checkBytes('content', content);
    this.checkMember();
    const out: Output = { packets: [], events: [] };
    const cur = this.current;
    if (cur?.rolledBack) throw new ProtocolError('STATE_ROLLED_BACK', 'this state was rolled back: it must not send in this epoch again (a refresh starts a new one)');
    if (cur?.active && !cur.sealed) {
      this.seal(cur, ContentKind.Application, content, now, out);
    } else {
      if (this.queued.length >= MAX_QUEUED) throw new ProtocolError('BUFFER_FULL', `${MAX_QUEUED} messages already wait for the epoch to become active`);
      this.queued.push(content.slice());
    }
    return out;
  }

  // Proposes adding or removing members. The proposal goes out as a message of the current
  // epoch; if another member's proposal is delivered first, this one is proposed again in the
  // next epoch.
  propose(change: { add?: readonly Uint8Array[]; remove?: readonly Uint8Array[] }, now: number): Output {
    const add = change.add ?? [];
    const remove = change.remove ?? [];
    if ((add.length === 0) === (remove.length === 0)) throw new InvalidArgumentError('change', 'give members to add or members to remove (one of the two)');
    const op = add.length > 0 ? Operation.Add : Operation.Remove;
    const targets = (add.length > 0 ? add : remove).map((k, i) => checkPublicIdentity(`${op === Operation.Add ? 'add' : 'remove'}[${i}]`, k).slice());
    return this.want(op, targets, now);
  }

  // Proposes a new run with the same members: fresh keys, signing keys and header key.
  refresh(now: number): Output {
    return this.want(Operation.Refresh, [], now);
  }

  // Leaves the group: a last message tells the others (who then remove this member), and this
  // state erases its keys. Nothing can be sent or received afterwards.
  leave(now: number): Output {
    this.checkMember();
    const out: Output = { packets: [], events: [] };
    const cur = this.current;
    if (cur === undefined || !cur.active || cur.rolledBack) throw new ProtocolError('WRONG_STATE', 'leaving needs an active epoch');
    cur.sealed = false; // the goodbye goes out even while a removal is under way
    this.seal(cur, ContentKind.Leave, new Uint8Array(0), now, out);
    this.end('left', out);
    return out;
  }

  // Lets time pass: re-sends what others may miss, sends owed acknowledgements, reports messages
  // not acknowledged in time, drops absent members from a stalled run, closes the old epoch, and
  // proposes a due refresh.
  tick(now: number): Output {
    const out: Output = { packets: [], events: [] };
    if (this.status === 'removed' || this.status === 'left') return out;
    const blaming = this.blaming;
    if (blaming !== undefined && now - blaming.lastProgress >= this.opts.roundTimeoutMs) this.applyBlameStep(blaming.run.timeout(), now, out);
    const run = this.run;
    if (run !== undefined) {
      if (now - run.lastProgress >= this.opts.roundTimeoutMs) {
        this.runTimedOut(run, now, out);
      } else if (now - Math.max(run.lastProgress, run.lastResend) >= this.opts.runResendMs) {
        run.lastResend = now;
        if (run.welcome) out.packets.push(run.welcome);
        out.packets.push(...run.run.sent);
      }
    }
    const prev = this.previous;
    if (prev !== undefined) {
      this.resend(prev, now, out);
      this.closePrevious(now);
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
    this.checkStalled(cur, now, out);
    if (cur.publish && now >= cur.publish.at && cur.active) {
      const content = new Writer(48).bytes(cur.publish.epochId).bytes(cur.publish.seed).finish();
      if (this.seal(cur, ContentKind.SigningKey, content, now, out)) {
        cur.publish.seed.fill(0);
        cur.publish = undefined;
      }
    }
    const due = now - cur.activeAt >= this.opts.refreshMs + cur.epoch.self * REFRESH_STAGGER_MS || cur.applicationMessages >= this.opts.refreshMessages;
    if (cur.active && !cur.refreshProposed && due && this.wanted.length === 0) {
      cur.refreshProposed = true;
      this.wantRefresh();
    }
    this.proposeWanted(now, out);
    return out;
  }

  // --- Membership -------------------------------------------------------------------------------

  private want(op: OperationValue, targets: Uint8Array[], now: number): Output {
    this.checkMember();
    const cur = this.current;
    if (cur === undefined) throw new ProtocolError('WRONG_STATE', 'the group has no epoch yet');
    // Checked now, so the caller hears of a change that cannot be made; checked again when it
    // is proposed, against the roster of that moment.
    resultingMembers(cur.epoch.roster, op, targets, this.identity.publicKey);
    if (this.wanted.length >= MAX_WANTED) throw new ProtocolError('BUFFER_FULL', `${MAX_WANTED} membership changes already wait`);
    this.wanted.push({ op, targets, attempt: 0, welcome: [] });
    const out: Output = { packets: [], events: [] };
    this.proposeWanted(now, out);
    return out;
  }

  // Proposes the first wanted change (removals first) when nothing is under way in the epoch.
  private proposeWanted(now: number, out: Output): void {
    const cur = this.current;
    if (cur === undefined || !cur.active || cur.sealed || cur.rolledBack || cur.accepted || cur.ownProposal || this.run) return;
    while (this.wanted.length > 0) {
      const i = Math.max(0, this.wanted.findIndex((w) => w.op === Operation.Remove));
      const w = this.wanted[i]!;
      let members: Uint8Array[];
      try {
        members = resultingMembers(cur.epoch.roster, w.op, w.targets, this.identity.publicKey);
      } catch {
        // No longer possible (the member was removed or added meanwhile): nothing to do.
        this.wanted.splice(i, 1);
        continue;
      }
      const content = encodeProposal({ op: w.op, attempt: w.attempt, epochId: cur.epoch.epochId, members });
      const sealed = this.seal(cur, ContentKind.Proposal, content, now, out);
      if (sealed) cur.ownProposal = { ...sealed, content };
      return;
    }
  }

  // A proposal delivered in the current epoch (another member's, or this member's own as the
  // relay echoed it: its place in the relay's order is what counts).
  private onProposal(cur: EpochRecord, sender: number, id: Uint8Array, content: Uint8Array, now: number, out: Output): void {
    const proposer = cur.epoch.roster.keys[sender]!;
    let p;
    try {
      p = decodeProposal(content);
      if (!constantTimeEqual(p.epochId, cur.epoch.epochId)) throw new ProtocolError('WRONG_STATE', 'the proposal names another epoch');
      checkProposal(cur.epoch.roster, p, proposer);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      reject(new ProtocolError('BAD_PROPOSAL', `member ${sender}'s proposal: ${msg}`, sender), out);
      return;
    }
    const earlier = cur.proposals.get(sender);
    if (earlier !== undefined && !constantTimeEqual(earlier, id)) {
      // Two proposals from one member for one epoch: signed evidence of equivocation (one per
      // member and epoch is the rule; a re-proposal follows a failed run, in a new epoch of
      // selection).
      reject(new ProtocolError('CONFLICTING_MESSAGE', `member ${sender} made two proposals for one epoch`, sender), out);
      return;
    }
    cur.proposals.set(sender, id);
    if (cur.accepted !== undefined || this.run !== undefined) return; // the first one wins
    const origin: RunOrigin = { proposalId: id.slice(), op: p.op, proposer: proposer.slice() };
    cur.accepted = origin;
    if (sender === cur.epoch.self) cur.ownProposal = undefined;
    out.events.push({ type: 'proposal', id: id.slice(), op: operationName(p.op), by: proposer.slice(), members: p.members.map((k) => k.slice()) });
    const roster = new Roster(p.members);
    if (!roster.has(this.identity.publicKey)) {
      this.end('removed', out);
      return;
    }
    // Removal: nothing more is sent in this epoch, so the removed member reads nothing new.
    if (p.op === Operation.Remove) cur.sealed = true;
    this.startRun(id, cur.epoch.epochId, roster, origin, now, out);
  }

  private receiveWelcome(w: Welcome, now: number, out: Output): void {
    // A joiner, or a member whose state was rolled back waiting for the refresh it asked for.
    const cur = this.current;
    const rolledBack = this.status === 'member' && cur !== undefined && cur.rolledBack && this.run === undefined && constantTimeEqual(w.previousEpochId, cur.epoch.epochId);
    if ((this.status !== 'joining' && !rolledBack) || (this.run && constantTimeEqual(this.run.run.params.runId, w.runId))) {
      ignored(out);
      return;
    }
    const roster = openWelcome(w, this.identity);
    if (roster === undefined) {
      ignored(out); // a Welcome for other joiners
      return;
    }
    // A later Welcome replaces a run that did not finish (a joiner catching up on the room's
    // history may meet the Welcomes of earlier, failed runs first).
    if (this.run) this.run.run.timeout();
    this.run = undefined;
    this.startRun(w.runId, w.previousEpochId, roster, undefined, now, out);
  }

  private startRun(runId: Uint8Array, previousEpochId: Uint8Array, roster: Roster, origin: RunOrigin | undefined, now: number, out: Output): void {
    const run = new Run({ groupId: this.groupId, runId, previousEpochId, roster, identitySecret: this.identity.secretKey, identityKey: this.identity.publicKey });
    const rec: RunRecord = { run, received: [], lastProgress: now, lastResend: now, origin, welcome: this.welcomeFor(run.params, origin) };
    if (rec.welcome) out.packets.push(rec.welcome);
    this.run = rec;
    this.applyRunStep(run.start(), now, out);
    // Packets of this run that arrived before this member started it.
    const mine: Uint8Array[] = [];
    const others: Uint8Array[] = [];
    for (const raw of this.earlyRun) (isOfRun(raw, runId) ? mine : others).push(raw);
    this.earlyRun = others;
    for (const raw of mine) if (this.run === rec) this.receive(raw, now).events.forEach((e) => out.events.push(e));
  }

  // The proposer of an addition tells the joiners (members of the run not in the current epoch)
  // what the run is.
  // Likewise, for a refresh it proposed on request, the members whose state was rolled back.
  private welcomeFor(p: Run['params'], origin: RunOrigin | undefined): Uint8Array | undefined {
    const cur = this.current;
    if (origin === undefined || origin.op === Operation.Remove || !constantTimeEqual(origin.proposer, this.identity.publicKey) || cur === undefined) return undefined;
    const requesters = this.wanted.find((w) => w.op === Operation.Refresh)?.welcome ?? [];
    const joiners = origin.op === Operation.Add ? p.roster.keys.filter((k) => !cur.epoch.roster.has(k)) : requesters.filter((k) => p.roster.has(k));
    if (joiners.length === 0) return undefined;
    return encode(sealWelcome(this.groupId, p.runId, p.previousEpochId, p.roster, joiners));
  }

  // A stalled run: members that never took part are dropped and the rest start again without
  // them (every remaining member derives the same new run), so an absent member cannot block the
  // group. Otherwise (or with fewer than two left) the run aborts.
  private runTimedOut(rec: RunRecord, now: number, out: Output): void {
    const run = rec.run;
    const roster = run.params.roster;
    const missing = run.waitingFor();
    const remaining = roster.keys.filter((_, i) => !missing.includes(i));
    if (missing.length === 0 || remaining.length < 2) {
      this.applyRunStep(run.timeout(), now, out);
      return;
    }
    const dropped = missing.map((i) => roster.keys[i]!.slice());
    run.timeout(); // erases its secrets; its Abort is not sent: the others drop the same members
    this.run = undefined;
    out.events.push({ type: 'dropped', runId: run.params.runId.slice(), members: dropped });
    this.startRun(retryRunId(run.params.runId, dropped), run.params.previousEpochId, new Roster(remaining), rec.origin, now, out);
  }

  // The refresh this member wants, added if there is none yet (undefined if the list is full).
  private wantRefresh(): Wanted | undefined {
    let refresh = this.wanted.find((w) => w.op === Operation.Refresh);
    if (refresh === undefined && this.wanted.length < MAX_WANTED) this.wanted.push((refresh = { op: Operation.Refresh, targets: [], attempt: 0, welcome: [] }));
    return refresh;
  }

  // A Leave delivered from `sender`: every member proposes its removal (the first delivered wins).
  private onLeave(cur: EpochRecord, sender: number, out: Output): void {
    const key = cur.epoch.roster.keys[sender]!;
    out.events.push({ type: 'member-left', member: key.slice() });
    if (sender === cur.epoch.self || cur.accepted !== undefined) return;
    if (this.wanted.some((w) => w.op === Operation.Remove && w.targets.some((t) => constantTimeEqual(t, key)))) return;
    if (this.wanted.length < MAX_WANTED) this.wanted.push({ op: Operation.Remove, targets: [key.slice()], attempt: 0, welcome: [] });
  }

  // The proposal of this member that a run has now carried out, or that failed for the last time.
  private settleWanted(origin: RunOrigin | undefined, established: boolean): void {
    if (origin === undefined || !constantTimeEqual(origin.proposer, this.identity.publicKey)) return;
    const i = this.wanted.findIndex((w) => w.op === origin.op);
    if (i < 0) return;
    const w = this.wanted[i]!;
    if (established || w.attempt + 1 >= MAX_ATTEMPTS) this.wanted.splice(i, 1);
    else w.attempt++;
  }

  private end(status: 'removed' | 'left', out: Output): void {
    this.status = status;
    for (const rec of [this.current, this.previous]) rec?.epoch.wipe();
    if (this.run) this.run.run.timeout();
    this.run = undefined;
    this.current = undefined;
    this.previous = undefined;
    this.queued = [];
    this.early = [];
    this.earlyRun = [];
    this.wanted = [];
    out.events.push({ type: status });
  }

  private checkMember(): void {
    if (this.status !== 'member') throw new ProtocolError('WRONG_STATE', `this member is ${this.status === 'joining' ? 'still joining' : this.status}`);
  }

  // --- Epochs -----------------------------------------------------------------------------------

  // Own packets not acknowledged by everyone are re-broadcast, stored bytes unchanged, with
  // doubling delays (capped), at most maxResends times. The whole unacknowledged range up to a due
  // packet goes again, so a member that missed an earlier one can fill its gap. Acknowledgements
  // go again too: in a quiet group nobody acknowledges the last ones, and the digests converge
  // only once every member has them. A re-sent acknowledgement creates no obligation, so two
  // members never acknowledge each other in a loop.
  private resend(rec: EpochRecord, now: number, out: Output): void {
    let upTo = -1;
    for (const o of rec.outbox) if (o.attempts < this.opts.maxResends && now >= o.nextResend) upTo = o.seq;
    for (const o of rec.outbox) {
      if (o.seq > upTo) break;
      out.packets.push(o.raw);
      o.attempts++;
      o.nextResend = now + Math.min(this.opts.resendMs * 2 ** o.attempts, MAX_RESEND_INTERVAL_MS);
    }
  }

  private seal(rec: EpochRecord, kind: ContentKindValue, content: Uint8Array, now: number, out: Output): { seq: number; id: Uint8Array } | undefined {
    if (rec.rolledBack || rec.sealed) return undefined; // acknowledgements included
    const parents = rec.transcript.parents();
    const heal = this.healsNow(rec, kind, now);
    const { packet, id, seq } = rec.epoch.seal({ kind, parents, content }, heal);
    if (heal) {
      rec.sinceHeal = 0;
      rec.lastHealAt = now;
    } else {
      rec.sinceHeal++;
    }
    rec.transcript.deliver(rec.epoch.self, seq, kind, id, parents);
    rec.outbox.push({ seq, kind, id, raw: packet, sentAt: now, attempts: 0, nextResend: now + this.opts.resendMs, reported: false });
    // This message descends from everything delivered so far: nothing is owed any more.
    rec.ackDue = undefined;
    out.packets.push(packet);
    if (kind === ContentKind.Application) {
      rec.applicationMessages++;
      out.events.push({ type: 'sent', id: id.slice(), seq });
    }
    return { seq, id };
  }

  // The healing policy. A new-epoch message never heals: its chain is fresh from the run.
  private healsNow(rec: EpochRecord, kind: ContentKindValue, now: number): boolean {
    if (kind === ContentKind.NewEpoch) return false;
    if (rec.epoch.n <= this.opts.healAllUpTo) return true;
    return rec.sinceHeal + 1 >= this.opts.healEveryMessages || now - rec.lastHealAt >= this.opts.healEveryMs;
  }

  // The current or previous epoch named by a packet's epoch id.
  private recordOf(epochId: Uint8Array): EpochRecord | undefined {
    return [this.current, this.previous].find((r) => r !== undefined && constantTimeEqual(epochId, r.epoch.epochId));
  }

  private receiveData(packet: Uint8Array, p: Data, now: number, out: Output): void {
    const rec = this.recordOf(p.epochId);
    if (rec === undefined) {
      // A member that established before this one may already send in the new epoch.
      if ((this.run !== undefined || this.status === 'joining') && this.early.length < MAX_EARLY) {
        this.early.push(packet);
        return;
      }
      ignored(out);
      return;
    }
    let opened;
    try {
      opened = rec.epoch.open(packet, p);
    } catch (e) {
      // A pad to a ratchet key this member no longer holds (a sender far behind, or its message
      // long delayed): not an attack; ask the sender for a fresh pad.
      if (e instanceof ProtocolError && e.code === 'PAD_KEY_EXPIRED' && e.member !== undefined) {
        out.events.push({ type: 'pad-requested', member: rec.epoch.roster.keys[e.member]!.slice() });
        this.requestPad(rec, e.member, now, out);
        return;
      }
      // Sending on from a rolled-back state would reuse message keys: stop sending in this epoch,
      // and ask the others (outside the chain) for a refresh, which gives this member a new one.
      if (e instanceof ProtocolError && e.code === 'STATE_ROLLED_BACK' && !rec.rolledBack) {
        rec.rolledBack = true;
        if (rec === this.current) out.packets.push(rec.epoch.refreshRequest());
      }
      reject(e, out);
      return;
    }
    if (opened.status === 'duplicate') {
      out.events.push({ type: 'ignored', reason: 'duplicate' });
      // Its sender re-sent it: it has not seen this member's acknowledgement. Owe one (not for
      // acknowledgements themselves, or two quiet members would acknowledge each other for ever).
      if (opened.sender !== rec.epoch.self && rec.transcript.kindOf(opened.sender, opened.seq) !== ContentKind.Ack) this.oweAck(rec, now);
      return;
    }
    if (opened.status === 'own') {
      // The relay's echo of this member's proposal: now it has its place in the room's order.
      const own = rec.ownProposal;
      if (rec === this.current && own !== undefined && own.seq === opened.seq) this.onProposal(rec, rec.epoch.self, own.id, own.content, now, out);
      return;
    }
    this.accept(rec, opened, now, out);
  }

  // A pad re-sent by the sender of a healing message this member could not open.
  private receivePadResend(p: PadResend, now: number, out: Output): void {
    const rec = this.recordOf(p.epochId);
    if (rec === undefined) return void ignored(out);
    let opened;
    try {
      opened = rec.epoch.openPadResend(p);
    } catch (e) {
      reject(e, out);
      return;
    }
    if (opened === undefined) return void ignored(out); // for another member, or stale
    this.accept(rec, opened, now, out);
  }

  // A member whose state was rolled back asks for a refresh: this member proposes one (the
  // first proposal delivered wins, as always).
  private receiveRefreshRequest(p: RefreshRequest, now: number, out: Output): void {
    const cur = this.current;
    if (cur === undefined || !constantTimeEqual(p.epochId, cur.epoch.epochId)) return void ignored(out);
    let sender: number;
    try {
      sender = cur.epoch.openRefreshRequest(p);
    } catch (e) {
      reject(e, out);
      return;
    }
    if (sender === cur.epoch.self) return void ignored(out); // its own request, echoed
    const member = cur.epoch.roster.keys[sender]!.slice();
    out.events.push({ type: 'refresh-requested', member });
    const refresh = this.wantRefresh();
    if (refresh && !refresh.welcome.some((k) => constantTimeEqual(k, member))) refresh.welcome.push(member);
    this.proposeWanted(now, out);
  }

  private requestPad(rec: EpochRecord, sender: number, now: number, out: Output): void {
    const seq = rec.epoch.padBlockedAt(sender);
    if (seq === undefined) return;
    this.seal(rec, ContentKind.PadRequest, new Writer(6).u16(sender).u32(seq).finish(), now, out);
  }

  // Decrypted messages, in their senders' order, go to the transcript as their parents arrive.
  private accept(rec: EpochRecord, opened: ReturnType<Epoch['open']>, now: number, out: Output): void {
    if (opened.status !== 'delivered') return;
    for (const m of opened.messages) {
      if (rec.held.reduce((s, h) => s + h.length, 0) >= MAX_HELD) {
        reject(new ProtocolError('BUFFER_FULL', `${MAX_HELD} messages already wait for their parents`, m.sender), out);
        break;
      }
      rec.held[m.sender]!.push(m);
    }
    this.release(rec, now, out);
  }

  // Delivers held messages whose parents are all delivered, each sender's in order, until none
  // can move. An unknown parent blocks only its sender's stream.
  private release(rec: EpochRecord, now: number, out: Output): void {
    const keys = rec.epoch.roster.keys;
    for (let moved = true; moved; ) {
      moved = false;
      for (const queue of rec.held) {
        while (queue.length > 0 && rec.transcript.parentsKnown(queue[0]!.body.parents)) {
          const m = queue.shift()!;
          moved = true;
          rec.transcript.deliver(m.sender, m.seq, m.body.kind, m.id, m.body.parents);
          switch (m.body.kind) {
            case ContentKind.NewEpoch:
              rec.heard[m.sender] = true;
              this.noteEpochEnd(rec, m.sender, m.body.content);
              break;
            case ContentKind.Application:
              rec.applicationMessages++;
              out.events.push({ type: 'message', from: keys[m.sender]!.slice(), content: m.body.content, id: m.id, seq: m.seq });
              break;
            case ContentKind.Proposal:
              if (rec === this.current) this.onProposal(rec, m.sender, m.id, m.body.content, now, out);
              break;
            case ContentKind.Leave:
              if (rec === this.current) this.onLeave(rec, m.sender, out);
              break;
            case ContentKind.PadRequest:
              this.onPadRequest(rec, m.sender, m.body.content, out);
              break;
            case ContentKind.SigningKey:
              if (rec === this.current) this.onSigningKey(rec, m.sender, m.body.content, out);
              break;
          }
          if (this.current === undefined) return; // this member was removed
          if (m.body.kind !== ContentKind.Ack) this.oweAck(rec, now);
        }
      }
    }
    this.settle(rec, out);
    if (rec === this.current) this.checkActive(rec, now, out);
    if (rec === this.previous) this.closePrevious(now);
  }

  // A sender whose stream has been blocked too long: on unknown parents, the network (or the
  // sender) has shown this member a different history than others (divergence); on a gap, its
  // missing packets never came (a refresh starts over).
  private checkStalled(rec: EpochRecord, now: number, out: Output): void {
    const keys = rec.epoch.roster.keys;
    for (let k = 0; k < keys.length; k++) {
      const held = rec.held[k]!;
      const blocked = held.length > 0;
      if (!blocked) rec.blockedSince[k] = undefined;
      else rec.blockedSince[k] ??= now;
      const gap = rec.epoch.hasGap(k);
      if (!gap) rec.gapSince[k] = undefined;
      else rec.gapSince[k] ??= now;
      if (!blocked && !gap) rec.reported[k] = false;
      if (rec.reported[k]) continue;
      if (blocked && now - rec.blockedSince[k]! >= this.opts.parentTimeoutMs) {
        rec.reported[k] = true;
        const missing = held[0]!.body.parents.filter((p) => !rec.transcript.parentsKnown([p]));
        out.events.push({ type: 'divergence', member: keys[k]!.slice(), missing: missing.map((p) => p.slice()) });
      } else if (gap && now - rec.gapSince[k]! >= this.opts.gapTimeoutMs) {
        rec.reported[k] = true;
        out.events.push({ type: 'gap', member: keys[k]!.slice(), next: rec.epoch.nextFrom(k) });
        this.wantRefresh();
      }
    }
  }

  // A member published its signing key of an old epoch: from now on anyone could sign as it
  // there, so no packet of that epoch is accepted any more (it is closed at once, if still open).
  private onSigningKey(rec: EpochRecord, sender: number, content: Uint8Array, out: Output): void {
    let epochId: Uint8Array, seed: Uint8Array;
    try {
      const r = new Reader(content, 'published signing key');
      epochId = r.bytes(EPOCH_ID_LENGTH, 'epoch id');
      seed = r.bytes(32, 'signing seed');
      r.end();
    } catch (e) {
      reject(e, out);
      return;
    }
    const member = rec.epoch.roster.keys[sender]!;
    const prev = this.previous;
    if (prev !== undefined && constantTimeEqual(prev.epoch.epochId, epochId)) {
      if (prev.epoch.roster.has(member) && !constantTimeEqual(ed25519KeyPair(seed).publicKey, prev.epoch.signingKeyOf(prev.epoch.roster.indexOf(member)))) {
        reject(new ProtocolError('BAD_SIGNATURE', `member ${sender} published a signing key that is not its key of the old epoch`, sender), out);
        return;
      }
      prev.epoch.wipe();
      this.previous = undefined;
    }
    seed.fill(0);
    out.events.push({ type: 'signing-key-published', member: member.slice(), epochId: epochId.slice() });
  }

  // Another member asks for a fresh pad of one of this member's healing messages.
  private onPadRequest(rec: EpochRecord, from: number, content: Uint8Array, out: Output): void {
    let sender: number, seq: number;
    try {
      const r = new Reader(content, 'pad request');
      sender = r.u16('sender');
      seq = r.u32('seq');
      r.end();
    } catch (e) {
      reject(e, out);
      return;
    }
    if (sender !== rec.epoch.self) return; // for another sender
    const packet = rec.epoch.padResend(from, seq);
    if (packet) out.packets.push(packet);
  }

  // A new-epoch message names how many packets its sender sent in the epoch before: once all of
  // them are processed here, that sender's old chain is closed.
  private noteEpochEnd(rec: EpochRecord, sender: number, content: Uint8Array): void {
    const prev = this.previous;
    if (rec !== this.current || prev === undefined) return;
    let end;
    try {
      end = decodeEpochEnd(content);
    } catch {
      return; // signed by its sender and already delivered; its old chain then closes at T_grace
    }
    if (!constantTimeEqual(end.previousEpochId, prev.epoch.epochId)) return;
    const key = rec.epoch.roster.keys[sender]!;
    if (prev.epoch.roster.has(key)) prev.finalCount[prev.epoch.roster.indexOf(key)] = end.sent;
    this.closePrevious(undefined);
  }

  // The previous epoch is erased once every chain in it is closed (each remaining member's
  // new-epoch message processed and all its old packets with it; removed members' chains closed
  // at once), or at T_grace.
  private closePrevious(now: number | undefined): void {
    const prev = this.previous;
    const cur = this.current;
    if (prev === undefined || cur === undefined) return;
    const open = prev.epoch.roster.keys.some((k, i) => {
      if (i === prev.epoch.self || !cur.epoch.roster.has(k)) return false;
      const count = prev.finalCount[i];
      return count === undefined || prev.epoch.nextFrom(i) < count;
    });
    if (open && (now === undefined || prev.closeAt === undefined || now < prev.closeAt)) return;
    prev.epoch.wipe();
    this.previous = undefined;
  }

  private oweAck(rec: EpochRecord, now: number): void {
    if (rec.ackDue !== undefined) return;
    const jitter = (randomBytes(1)[0]! / 255) * 0.5;
    rec.ackDue = now + Math.round(this.opts.ackDelayMs * (1 + jitter));
  }

  // Own packets acknowledged by every other member leave the outbox, with every earlier one
  // (a member that processed a packet processed its sender's earlier ones).
  private settle(rec: EpochRecord, out: Output): void {
    let upTo = -1;
    for (const o of rec.outbox) if (rec.transcript.missingAcks(rec.epoch.self, o.seq).length === 0) upTo = o.seq;
    while (rec.outbox.length > 0 && rec.outbox[0]!.seq <= upTo) {
      const o = rec.outbox.shift()!;
      if (o.kind === ContentKind.Application) out.events.push({ type: 'acknowledged', id: o.id.slice() });
    }
    // Own ratchet keys whose successor every member has acknowledged are no longer padded to,
    // and seeds of messages every member has acknowledged are no longer asked for.
    const acked = (seq: number): boolean => rec.transcript.missingAcks(rec.epoch.self, seq).length === 0;
    rec.epoch.retireRatchetKeys(acked);
    rec.epoch.forgetSeeds(acked);
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
      if (rec.run.phase === 'blame') {
        this.blaming = { ...rec, lastProgress: now };
      } else if (step.blamed) {
        this.reportBlame(rec, step.blamed, out);
      }
      // Nothing of the run takes effect: the epoch goes on, and proposals for it may be made
      // again (the proposer re-proposes, up to MAX_ATTEMPTS).
      const cur = this.current;
      if (cur && rec.origin) {
        cur.accepted = undefined;
        cur.sealed = false;
        cur.ownProposal = undefined;
        cur.proposals.clear();
        this.settleWanted(rec.origin, false);
        this.proposeWanted(now, out);
      }
      return;
    }
    if (step.established) {
      const epoch = new Epoch(step.established);
      // The epoch copied the chain keys; these copies have no further use.
      for (const c of step.established.keys.chains) c.fill(0);
      step.established.ratchetSecret.fill(0);
      const old = this.current;
      const cur = newEpochRecord(epoch, now, rec.run.sent.slice());
      if (old !== undefined) {
        // Only one superseded epoch is kept: an older one still open closes now.
        this.previous?.epoch.wipe();
        old.sealed = true;
        old.closeAt = now + this.opts.graceMs;
        this.previous = old;
        if (this.opts.publishSigningKeys) cur.publish = { epochId: old.epoch.epochId.slice(), seed: old.epoch.signingSeed(), at: now + this.opts.graceMs + PUBLISH_MARGIN_MS };
      }
      this.current = cur;
      this.run = undefined;
      this.status = 'member';
      this.settleWanted(rec.origin, true);
      // Any new epoch is a fresh one: a refresh this member still wanted is done.
      this.wanted = this.wanted.filter((w) => w.op !== Operation.Refresh);
      out.events.push({ type: 'established', epochId: epoch.epochId.slice(), groupCode: epoch.groupCode, members: keys.map((k) => k.slice()) });
      const end = encodeEpochEnd({ previousEpochId: old?.epoch.epochId ?? NO_EPOCH, sent: old?.epoch.sentCount ?? 0 });
      this.seal(cur, ContentKind.NewEpoch, end, now, out);
      const early = this.early;
      this.early = [];
      // Held as received bytes; each was decoded as a data packet when it arrived.
      for (const raw of early) this.receiveData(raw, decode(raw) as Data, now, out);
      this.checkActive(cur, now, out);
      this.closePrevious(undefined);
      return;
    }
    out.events.push({ type: 'run-progress', runId: rec.run.params.runId, phase: rec.run.phase, waitingFor: rec.run.waitingFor().map((i) => keys[i]!.slice()) });
  }

  private applyBlameStep(step: RunStep, now: number, out: Output): void {
    const rec = this.blaming!;
    out.packets.push(...step.send);
    rec.lastProgress = now;
    if (step.blamed) {
      this.blaming = undefined;
      this.reportBlame(rec, step.blamed, out);
    }
  }

  private reportBlame(rec: RunRecord, blamed: Map<number, string>, out: Output): void {
    const keys = rec.run.params.roster.keys;
    out.events.push({ type: 'blame', runId: rec.run.params.runId.slice(), accused: [...blamed].map(([i, reason]) => ({ member: keys[i]!.slice(), reason })) });
  }

  private checkActive(cur: EpochRecord, now: number, out: Output): void {
    if (cur.active || !cur.heard.every(Boolean)) return;
    cur.active = true;
    cur.activeAt = now;
    cur.runPackets = [];
    out.events.push({ type: 'active', epochId: cur.epoch.epochId.slice(), groupCode: cur.epoch.groupCode, members: cur.epoch.roster.keys.map((k) => k.slice()) });
    const queued = this.queued;
    this.queued = [];
    for (const content of queued) this.seal(cur, ContentKind.Application, content, now, out);
    this.proposeWanted(now, out);
  }

  private keepEarlyRun(raw: Uint8Array): void {
    this.earlyRun.push(raw);
    let bytes = this.earlyRun.reduce((s, r) => s + r.length, 0);
    while (this.earlyRun.length > MAX_EARLY_RUN || bytes > MAX_EARLY_RUN_BYTES) bytes -= this.earlyRun.shift()!.length;
  }

  // --- Saved state ------------------------------------------------------------------------------

  // The whole state (PROTOCOL.md "Saved state"). Contains secrets: the host encrypts it at rest.
  save(): Uint8Array {
    const w = new Writer(4096);
    w.bytes(STATE_MAGIC).u16(STATE_VERSION).bytes(this.identity.publicKey).bytes(this.groupId).u8(STATUS.indexOf(this.status));
    const run = this.run;
    w.u8(run ? 1 : 0);
    if (run) {
      const p = run.run.params;
      w.bytes(p.runId).bytes(p.previousEpochId).u16(p.roster.size);
      for (const k of p.roster.keys) w.bytes(k);
      writeSecrets(w, run.run.savedSecrets);
      w.u64(run.lastProgress);
      writeOrigin(w, run.origin);
      w.u8(run.welcome ? 1 : 0);
      writeList(w, run.received);
    }
    for (const rec of [this.current, this.previous]) {
      w.u8(rec ? 1 : 0);
      if (rec) saveEpochRecord(w, rec);
    }
    writeList(w, this.queued);
    writeList(w, this.early);
    writeList(w, this.earlyRun);
    writeWanted(w, this.wanted);
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
    const status = STATUS[r.u8('status')];
    if (status === undefined) throw new ProtocolError('MALFORMED_PACKET', 'saved state: unknown status');
    m.status = status;
    let run: { rec: RunRecord; replay: Uint8Array[] } | undefined;
    if (r.u8('run flag') === 1) {
      const runId = r.bytes(32, 'run id');
      const previousEpochId = r.bytes(16, 'previous epoch id');
      const n = r.count('u16', 2, MAX_MEMBERS, 'members');
      const keys: Uint8Array[] = [];
      for (let i = 0; i < n; i++) keys.push(r.bytes(32, 'identity key'));
      const secrets = readSecrets(r);
      const lastProgress = r.u64('last progress');
      const origin = readOrigin(r);
      r.u8('welcome'); // kept for the layout; the Welcome is sealed afresh on load
      const replay = readList(r, 4 * MAX_MEMBERS * 4, MAX_BODY, 'run packets');
      const roster = new Roster(keys);
      const rr = new Run({ groupId: m.groupId, runId, previousEpochId, roster, identitySecret: identity.secretKey, identityKey: identity.publicKey }, secrets);
      const rec: RunRecord = { run: rr, received: [], lastProgress, lastResend: lastProgress, origin, welcome: undefined };
      run = { rec, replay };
    }
    if (r.u8('epoch flag') === 1) m.current = loadEpochRecord(r);
    if (r.u8('previous epoch flag') === 1) m.previous = loadEpochRecord(r);
    m.queued = readList(r, MAX_QUEUED, MAX_BODY, 'queued');
    m.early = readList(r, MAX_EARLY, MAX_BODY + 200, 'early');
    m.earlyRun = readList(r, MAX_EARLY_RUN, MAX_BODY, 'early run packets');
    m.wanted = readWanted(r);
    r.end();
    if (run) {
      run.rec.welcome = m.welcomeFor(run.rec.run.params, run.rec.origin);
      // The run is rebuilt by replaying what it had received over its saved secrets: every
      // derivation is deterministic, so it arrives at the same place.
      m.run = run.rec;
      m.applyRunStep(run.rec.run.start(), run.rec.lastProgress, { packets: [], events: [] });
      for (const raw of run.replay) m.receive(raw, run.rec.lastProgress);
      if (m.run) m.run.lastProgress = run.rec.lastProgress;
    }
    return m;
  }
}

function ignored(out: Output): Output {
  out.events.push({ type: 'ignored', reason: 'other-run' });
  return out;
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
