// The session runner: one member's engine wired to a relay transport, a clock and a store, so an
// app calls `send(text)` and listens for events (docs/API.md "Sessions").
//
// It keeps the persistence contract (PROTOCOL.md "Engine"):
// - every engine call runs in one queue; after each, the session record (engine state, relay
//   cursor, shown history) is saved and the save awaited BEFORE the call's packets are published
//   and its events reach the app;
// - one writer: the store holds the member state's lock for as long as the session runs;
// - re-sends are the engine's stored bytes, published as they are;
// - on start it replays the room from the saved cursor until the transport reports 'caught-up'
//   before it publishes or sends anything (a packet of its own beyond its state shows a rollback
//   then, before a key could be reused); after a reconnect it again publishes only once caught up.

import { checkBytes, toHex, wipe } from '../bytes.js';
import { constantTimeEqual } from '../crypto/hash.js';
import { InvalidArgumentError } from '../errors.js';
import { GroupMember, type EngineOptions, type MemberStatus } from '../protocol/engine.js';
import type { ProtocolError } from '../protocol/errors.js';
import type { GroupEvent, Output } from '../protocol/events.js';
import type { Identity } from '../protocol/identity.js';
import { safetyNumber } from '../protocol/keyschedule.js';
import type { RunPhase } from '../protocol/run/run.js';
import { SessionError } from './errors.js';
import { History, type ChatMessage } from './history.js';
import { decodeInvite, encodeInvite, normalizeInvite, type Invite } from './invite.js';
import type { HistoryGap, RoomCursor, RoomPacket, StateStore, Transport, TransportEvent, TransportStatus } from './ports.js';
import { SerialQueue } from './queue.js';
import { decodeRecord, encodeRecord } from './record.js';
import { VerifiedSet } from './verified.js';

export interface SessionOptions {
  identity: Identity;
  transport: Transport;
  // Holds the session record and, while the session runs, the member state's lock: a store, or a
  // function that opens one (taking the lock) when the session starts. The session owns it:
  // stop() closes it (releasing the lock) if it has close().
  store: StateStore | (() => Promise<StateStore>);
  // Which group to form: needed when the store holds no session yet, checked against it otherwise.
  invite?: Invite | string;
  engine?: EngineOptions;
  tickMs?: number; // how often the engine's timers run (250 ms)
  historyLimit?: number; // messages kept for display (500)
  // Largest message accepted by send() (64 KiB): its padded packet must fit the relay's frame
  // limit (256 KiB by default); raise both together.
  maxMessageBytes?: number;
  now?: () => number; // the clock (Date.now)
}

// Alarms the UI shows: a failed key agreement (`aborted`, and `blame` naming members whose values
// do not fit), a refused packet (`rejected`), a transcript that diverged (`divergence`: two
// different packets for one message, one under one's own name, or a member's messages waiting
// for parents nobody delivered), messages lost beyond recovery (`gap`; a refresh follows), a
// rolled-back state (`rolled-back`).
export type AlarmKind = 'aborted' | 'blame' | 'rejected' | 'divergence' | 'gap' | 'rolled-back';

export type SessionEvent =
  | { type: 'progress'; phase: RunPhase; waitingFor: Uint8Array[] }
  | { type: 'established'; groupCode: string; members: Uint8Array[] }
  | { type: 'active'; groupCode: string; members: Uint8Array[] }
  | { type: 'proposal'; op: 'add' | 'remove' | 'refresh'; by: Uint8Array; members: Uint8Array[] } // a membership change was accepted: its key agreement starts
  | { type: 'dropped'; members: Uint8Array[] } // absent from a key agreement in time: no longer in the group
  | { type: 'member-left'; member: Uint8Array } // said goodbye; its removal follows
  | { type: 'removed' } // this member was removed: its keys are erased, nothing more arrives
  | { type: 'left' } // this member left (leave()): likewise
  | { type: 'message'; message: ChatMessage } // a message of another member, to show
  | { type: 'status'; message: ChatMessage } // an own message changed status
  // `members`: those the alarm names (accused, or whose stream is affected); `error` where the
  // engine refused something.
  | { type: 'alarm'; kind: AlarmKind; message: string; members: Uint8Array[]; error?: ProtocolError }
  | { type: 'connection'; event: TransportEvent } // the transport connected, caught up, lost the connection...
  | { type: 'gap'; gap: HistoryGap } // the relay no longer held part of the room's history
  | { type: 'caught-up' } // the backlog is processed; sending may begin (first time) or resume
  | { type: 'digest'; digest: string } // the conversation digest changed (hex); compare across members
  | { type: 'closed'; error?: Error }; // stopped; `error` when a failure stopped it

export type SessionEventType = SessionEvent['type'];
type Listener<K extends SessionEventType> = (e: Extract<SessionEvent, { type: K }>) => void;

export interface MemberInfo {
  key: Uint8Array;
  safetyNumber: string;
  self: boolean;
  verified: boolean; // one's own key counts as verified
}

const DIVERGENCE = new Set(['CONFLICTING_MESSAGE', 'IMPERSONATION_DETECTED']);
// Packets held while not caught up; each is also in the engine's state and goes again when due.
const MAX_PENDING = 4096;
// Message bound: 64 KiB of content pads to a 128 KiB body, well inside the relay's 256 KiB frames.
const DEFAULT_MAX_MESSAGE = 64 * 1024;
// Inbound packets processed per save.
const BATCH = 256;

type Inbound = { kind: 'packet'; packet: RoomPacket } | { kind: 'status'; event: TransportEvent };

export class Session {
  readonly identity: Identity;
  private readonly opts: SessionOptions;
  private readonly queue = new SerialQueue();
  private readonly listeners = new Map<SessionEventType, Set<(e: SessionEvent) => void>>();
  private readonly now: () => number;

  private store: StateStore | undefined;
  private engine: GroupMember | undefined;
  private history: History | undefined;
  private verifiedSet = new VerifiedSet();
  private origin: Invite | undefined; // the room, group and relay of this session
  private cursor: RoomCursor | null = null; // of the last packet processed (saved with the state)
  private taken: RoomCursor | null = null; // of the last packet taken from the transport

  private inbox: Inbound[] = [];
  private draining = false;
  private online = false; // caught up on the current connection: packets may leave
  private pending: Uint8Array[] = [];
  private ticking = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private state: 'new' | 'starting' | 'running' | 'closed' = 'new';
  private failure: Error | undefined;
  private lastDigest: string | undefined;
  private connection: TransportStatus | 'new' = 'new';
  private readonly firstCatchUp: Promise<void>;
  private caughtUpResolve!: () => void;
  private caughtUpReject!: (e: Error) => void;

  constructor(opts: SessionOptions) {
    if (opts === null || typeof opts !== 'object') throw new InvalidArgumentError('opts', 'expected session options');
    checkBytes('identity.publicKey', opts.identity?.publicKey, 32);
    checkBytes('identity.secretKey', opts.identity?.secretKey, 32);
    for (const name of ['open', 'publish', 'close'] as const) {
      if (typeof opts.transport?.[name] !== 'function') throw new InvalidArgumentError('transport', `expected a Transport with ${name}()`);
    }
    if (typeof opts.store !== 'function') checkStore(opts.store);
    this.opts = opts;
    this.identity = opts.identity;
    this.now = opts.now ?? Date.now;
    this.firstCatchUp = new Promise((resolve, reject) => {
      this.caughtUpResolve = resolve;
      this.caughtUpReject = reject;
    });
    this.firstCatchUp.catch(() => undefined); // observed through send() and caughtUp
  }

  // --- Events ------------------------------------------------------------------------------

  on<K extends SessionEventType>(type: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(type);
    if (set === undefined) this.listeners.set(type, (set = new Set()));
    set.add(listener as (e: SessionEvent) => void);
    return () => set.delete(listener as (e: SessionEvent) => void);
  }

  private emit(e: SessionEvent): void {
    for (const l of this.listeners.get(e.type) ?? []) {
      try {
        l(e);
      } catch (err) {
        // An app bug must not leave the session half-way through a step: report it outside.
        setTimeout(() => {
          throw err;
        }, 0);
      }
    }
  }

  // --- Lifecycle ---------------------------------------------------------------------------

  // Loads the session from the store (or forms the group of the invite when the store is empty),
  // then connects. Resolves once connected; `caughtUp` resolves once the backlog is processed.
  async start(): Promise<void> {
    if (this.state !== 'new') throw new SessionError('SESSION_CLOSED', 'a session starts once; make a new one');
    this.state = 'starting';
    try {
      await this.queue.run(() => this.load());
      this.state = 'running';
      this.opts.transport.open(this.origin!.roomId, this.cursor, {
        packet: (p) => this.take({ kind: 'packet', packet: p }),
        status: (e) => this.take({ kind: 'status', event: e }),
        // Nothing to do but tell: what others still hold is re-sent by them, the rest is gone.
        gap: (g) => this.emit({ type: 'gap', gap: g }),
      });
    } catch (e) {
      await this.fail(e as Error, false);
      throw e;
    }
  }

  // Resolves when the room's backlog has been processed for the first time (sends wait for it).
  get caughtUp(): Promise<void> {
    return this.firstCatchUp;
  }

  // Stops timers and the connection after the queued work; the saved record stays for a restart.
  async stop(): Promise<void> {
    if (this.state === 'closed') return;
    await this.queue.idle().catch(() => undefined);
    await this.fail(undefined, true);
  }

  private async fail(error: Error | undefined, orderly: boolean): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.failure = error;
    this.online = false;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.inbox = [];
    this.caughtUpReject(new SessionError('SESSION_CLOSED', `the session stopped before it caught up${error ? `: ${error.message}` : ''}`));
    try {
      await this.opts.transport.close();
    } catch {
      // Closing a transport that never opened, or is already gone: nothing left to release.
    }
    const store = this.store as (StateStore & { close?: () => Promise<void> | void }) | undefined;
    if (typeof store?.close === 'function') await Promise.resolve(store.close()).catch(() => undefined);
    this.emit(orderly || error === undefined ? { type: 'closed' } : { type: 'closed', error });
  }

  private async load(): Promise<void> {
    const given = this.opts.invite === undefined ? undefined : typeof this.opts.invite === 'string' ? decodeInvite(this.opts.invite) : normalizeInvite(this.opts.invite);
    const limit = this.opts.historyLimit ?? 500;
    this.store = typeof this.opts.store === 'function' ? checkStore(await this.opts.store()) : this.opts.store;
    const stored = await this.store.load();
    if (stored !== undefined) {
      const rec = decodeRecord(stored);
      wipe(stored);
      if (!constantTimeEqual(rec.identityKey, this.identity.publicKey)) throw new SessionError('STATE_MISMATCH', 'the store holds the session of another identity');
      if (given !== undefined && (!constantTimeEqual(given.roomId, rec.roomId) || !constantTimeEqual(given.groupId, rec.groupId))) {
        throw new SessionError('STATE_MISMATCH', 'the store holds a session of another group or room than the invite');
      }
      try {
        this.engine = GroupMember.load(this.identity, rec.engine, this.opts.engine);
      } finally {
        wipe(rec.engine);
      }
      this.origin = { kind: 'found', roomId: rec.roomId, groupId: rec.groupId, members: this.engine.members, ...(rec.relayUrl !== '' ? { relayUrl: rec.relayUrl } : {}) };
      this.history = new History(limit, rec.history, rec.nextLocal);
      this.verifiedSet = VerifiedSet.fromBytes(rec.verified);
      this.cursor = this.taken = rec.cursor;
      return;
    }
    if (given === undefined) throw new SessionError('NO_GROUP', 'the store holds no session: pass the invite of the group to form');
    if (!given.members.some((k) => constantTimeEqual(k, this.identity.publicKey))) throw new InvalidArgumentError('invite', 'does not list this identity');
    this.origin = given;
    this.history = new History(limit);
    if (given.kind === 'join') {
      // Added to a running group: the Welcome that names this member is somewhere in the room's
      // log (cursor null: the replay starts from the oldest packet the relay holds).
      this.engine = GroupMember.join(this.identity, { groupId: given.groupId }, this.opts.engine);
      await this.commit([]);
      return;
    }
    const { member, output } = GroupMember.create(this.identity, { groupId: given.groupId, members: given.members, now: this.now() }, this.opts.engine);
    this.engine = member;
    await this.commit([output]);
  }

  // --- Inbound -----------------------------------------------------------------------------

  private take(item: Inbound): void {
    if (this.state !== 'running') return;
    if (item.kind === 'packet') {
      const { log, seq } = item.packet;
      // Each sequence number once: a packet at or before the cursor of the same log is done. A new
      // log (the relay lost the room and began again) starts a new count.
      if (this.taken !== null && log === this.taken.log && seq <= this.taken.seq) return;
      this.taken = { log, seq };
    }
    this.inbox.push(item);
    if (!this.draining) {
      this.draining = true;
      void this.queue.run(() => this.drain()).catch((e) => this.fail(e as Error, false));
    }
  }

  // Processes what the transport delivered, in order. Packets are processed in batches with one
  // save each; a status change is applied only after every packet before it.
  private async drain(): Promise<void> {
    while (this.inbox.length > 0 && this.state === 'running') {
      const outs: Output[] = [];
      let last = this.cursor;
      while (this.inbox.length > 0 && this.inbox[0]!.kind === 'packet' && outs.length < BATCH) {
        const { packet } = this.inbox.shift() as Extract<Inbound, { kind: 'packet' }>;
        outs.push(this.engine!.receive(packet.data, this.now()));
        last = { log: packet.log, seq: packet.seq };
      }
      if (outs.length > 0) {
        this.cursor = last;
        await this.commit(outs);
        continue;
      }
      const { event } = this.inbox.shift() as Extract<Inbound, { kind: 'status' }>;
      this.connection = event.status;
      this.emit({ type: 'connection', event });
      if (event.status === 'caught-up') {
        this.onCaughtUp();
      } else {
        this.online = false;
        // Closed without stop(): the relay refused in a way no retry mends (the room is full, say).
        if (event.status === 'closed') {
          const why = event.error?.message ?? event.reason ?? 'no reason given';
          await this.fail(new SessionError('TRANSPORT_CLOSED', `the relay connection closed for good: ${why}`), false);
          return;
        }
      }
    }
    this.draining = false;
  }

  private onCaughtUp(): void {
    this.online = true;
    const held = this.pending;
    this.pending = [];
    this.publish(held);
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.tick(), this.opts.tickMs ?? 250);
      // A timer must not keep a Node or Deno process alive on its own.
      (this.timer as { unref?: () => void }).unref?.();
    }
    this.caughtUpResolve();
    this.emit({ type: 'caught-up' });
  }

  private tick(): void {
    if (!this.online || this.ticking || this.state !== 'running') return;
    this.ticking = true;
    void this.queue
      .run(async () => {
        try {
          const out = this.engine!.tick(this.now());
          if (out.packets.length > 0 || out.events.length > 0) await this.commit([out]);
        } finally {
          this.ticking = false;
        }
      })
      .catch((e) => this.fail(e as Error, false));
  }

  // --- Commands ----------------------------------------------------------------------------

  // Sends an application message (text as UTF-8, or bytes). Resolves once the engine has it and
  // the state is durable: the message is 'sent' (published) or 'queued' (the group is not active
  // yet; it goes out on activation). Waits for the first catch-up after start.
  async send(content: string | Uint8Array): Promise<ChatMessage> {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : checkBytes('content', content).slice();
    const max = this.opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE;
    if (bytes.length > max) throw new InvalidArgumentError('content', `${bytes.length} bytes, more than the ${max} a message may have`);
    this.checkOpen();
    await this.firstCatchUp;
    return this.queue.run(async () => {
      this.checkOpen();
      const out = this.engine!.send(bytes, this.now()); // throws (state unchanged) on BUFFER_FULL, STATE_ROLLED_BACK
      const message = this.history!.addOwn(this.identity.publicKey, bytes, this.now());
      await this.commit([out]);
      return message;
    });
  }

  // Proposes adding members (their identity keys). Once the group accepts it, a key agreement
  // with them runs; give each of them invite(keys) to start their session with.
  add(identityKeys: readonly Uint8Array[]): Promise<void> {
    return this.command((now) => this.engine!.propose({ add: identityKeys }, now));
  }

  // Proposes removing members; application messages wait until the smaller group is active.
  remove(identityKeys: readonly Uint8Array[]): Promise<void> {
    return this.command((now) => this.engine!.propose({ remove: identityKeys }, now));
  }

  // Proposes a new key agreement with the same members (fresh keys).
  refresh(): Promise<void> {
    return this.command((now) => this.engine!.refresh(now));
  }

  // Says goodbye and erases this member's keys; the others remove it. The session can be
  // stopped afterwards (its record stays, marked as left).
  leave(): Promise<void> {
    return this.command((now) => this.engine!.leave(now));
  }

  // One engine command, after the first catch-up, through the queue, under the contract.
  private async command(call: (now: number) => Output): Promise<void> {
    this.checkOpen();
    await this.firstCatchUp;
    return this.queue.run(async () => {
      this.checkOpen();
      await this.commit([call(this.now())]); // a refused command throws before anything changes
    });
  }

  // Marks a member's identity key as verified (safety numbers compared out of band); saved.
  verify(identityKey: Uint8Array): Promise<void> {
    this.checkOpen();
    this.verifiedSet.add(identityKey);
    return this.queue.run(() => this.commit([]));
  }

  unverify(identityKey: Uint8Array): Promise<void> {
    this.checkOpen();
    this.verifiedSet.delete(identityKey);
    return this.queue.run(() => this.commit([]));
  }

  private checkOpen(): void {
    if (this.state === 'closed') throw new SessionError('SESSION_CLOSED', `the session is stopped${this.failure ? `: ${this.failure.message}` : ''}`);
    if (this.state !== 'running') throw new SessionError('SESSION_CLOSED', 'start() the session first');
  }

  // --- Where the group stands --------------------------------------------------------------

  get members(): MemberInfo[] {
    const self = toHex(this.identity.publicKey);
    return (this.engine?.members ?? []).map((key) => {
      const own = toHex(key) === self;
      return { key, safetyNumber: safetyNumber(key), self: own, verified: own || this.verifiedSet.has(key) };
    });
  }

  get unverified(): MemberInfo[] {
    return this.members.filter((m) => !m.verified);
  }

  get isActive(): boolean {
    return this.engine?.isActive ?? false;
  }

  get groupCode(): string | undefined {
    return this.engine?.groupCode;
  }

  // The conversation digest in hex: members whose digests match have seen the same messages.
  get digest(): string | undefined {
    const d = this.engine?.digest;
    return d === undefined ? undefined : toHex(d);
  }

  get epochId(): Uint8Array | undefined {
    return this.engine?.epochId;
  }

  // What to show: the kept history, oldest first (own messages with their status).
  get messages(): readonly ChatMessage[] {
    return this.history?.messages ?? [];
  }

  get connectionStatus(): TransportStatus | 'new' {
    return this.connection;
  }

  get relayCursor(): RoomCursor | null {
    return this.cursor === null ? null : { ...this.cursor };
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  // An invite to share. With `add`: for members being added (after add(keys)), listing the group
  // as it will be. Without: the founding invite (the members of the group being formed).
  invite(add: readonly Uint8Array[] = []): string {
    if (this.origin === undefined || this.engine === undefined) throw new SessionError('SESSION_CLOSED', 'start() the session first');
    const members = [...this.engine.members];
    for (const k of add) if (!members.some((m) => constantTimeEqual(m, k))) members.push(k);
    return encodeInvite({ ...this.origin, kind: add.length > 0 ? 'join' : 'found', members });
  }

  // The relay the session's invite names, if any (known once start() has loaded the record: a
  // transport may open its connection lazily, in open(), from it).
  get relayUrl(): string | undefined {
    return this.origin?.relayUrl;
  }

  // 'joining' (added, waiting for the Welcome and its key agreement), 'member', 'removed', 'left'.
  get memberState(): MemberStatus | undefined {
    return this.engine?.state;
  }

  // --- The contract ------------------------------------------------------------------------

  // Saves the record, then publishes the packets, then tells the app: in that order, always.
  private async commit(outs: Output[]): Promise<void> {
    const events = outs.flatMap((o) => o.events);
    const touched = this.history!.apply(events, this.now());
    const engineState = this.engine!.save();
    const record = encodeRecord({
      identityKey: this.identity.publicKey,
      roomId: this.origin!.roomId,
      groupId: this.origin!.groupId,
      relayUrl: this.origin!.relayUrl ?? '',
      cursor: this.cursor,
      nextLocal: this.history!.nextLocal,
      engine: engineState,
      verified: this.verifiedSet.toBytes(),
      history: this.history!.messages as ChatMessage[],
    });
    wipe(engineState);
    try {
      await this.store!.save(record);
    } finally {
      wipe(record);
    }
    this.publish(outs.flatMap((o) => o.packets));
    for (const e of events) this.tell(e, touched.get(e));
    const digest = this.digest;
    if (digest !== undefined && digest !== this.lastDigest) {
      this.lastDigest = digest;
      this.emit({ type: 'digest', digest });
    }
  }

  private publish(packets: Uint8Array[]): void {
    if (packets.length === 0) return;
    if (!this.online) {
      this.pending.push(...packets);
      if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
      return;
    }
    for (const p of packets) {
      try {
        // A packet lost here (the connection dropped) is re-sent by the engine when due.
        void Promise.resolve(this.opts.transport.publish(p)).catch(() => undefined);
      } catch {
        // As above: the engine re-sends.
      }
    }
  }

  private tell(e: GroupEvent, message: ChatMessage | undefined): void {
    switch (e.type) {
      case 'run-progress':
        return this.emit({ type: 'progress', phase: e.phase, waitingFor: e.waitingFor });
      case 'established':
        return this.emit({ type: 'established', groupCode: e.groupCode, members: e.members });
      case 'active':
        return this.emit({ type: 'active', groupCode: e.groupCode, members: e.members });
      case 'aborted':
        return this.emit({ type: 'alarm', kind: 'aborted', message: e.error.message, members: e.accused ? [e.accused] : [], error: e.error });
      case 'blame':
        return this.emit({ type: 'alarm', kind: 'blame', message: `the key agreement names ${e.accused.length} member(s): ${e.accused.map((a) => a.reason).join('; ')}`, members: e.accused.map((a) => a.member) });
      case 'divergence':
        return this.emit({ type: 'alarm', kind: 'divergence', message: `messages of a member wait for ${e.missing.length} earlier message(s) nobody delivered: members may be shown different histories`, members: [e.member] });
      case 'gap':
        return this.emit({ type: 'alarm', kind: 'gap', message: `messages of a member from number ${e.next} are missing beyond recovery; a new key agreement follows`, members: [e.member] });
      case 'signing-key-published':
        return;
      case 'rejected': {
        const kind: AlarmKind = e.error.code === 'STATE_ROLLED_BACK' ? 'rolled-back' : DIVERGENCE.has(e.error.code) ? 'divergence' : 'rejected';
        const accused = e.error.member === undefined ? undefined : this.engine!.members[e.error.member];
        return this.emit({ type: 'alarm', kind, message: e.error.message, members: accused ? [accused] : [], error: e.error });
      }
      case 'message':
        if (message) this.emit({ type: 'message', message });
        return;
      case 'sent':
      case 'acknowledged':
      case 'unacknowledged':
        if (message) this.emit({ type: 'status', message });
        return;
      case 'proposal':
        return this.emit({ type: 'proposal', op: e.op, by: e.by, members: e.members });
      case 'dropped':
        return this.emit({ type: 'dropped', members: e.members });
      case 'member-left':
        return this.emit({ type: 'member-left', member: e.member });
      case 'removed':
      case 'left':
        return this.emit({ type: e.type });
      case 'ignored':
        return;
    }
  }
}

function checkStore(store: StateStore): StateStore {
  for (const name of ['load', 'save'] as const) {
    if (typeof store?.[name] !== 'function') throw new InvalidArgumentError('store', `expected a StateStore with ${name}()`);
  }
  return store;
}
