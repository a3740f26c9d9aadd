// One run of the group key agreement (PROTOCOL.md "Group key agreement"), as seen by one
// member: three broadcast rounds (Hello, Key, Confirm), then established. Packets may arrive in
// any order and more than once; a Key or Confirm that arrives before this member can use it
// waits. Any failed check aborts the run; nothing from an aborted run takes effect.

import { wipe } from '../../bytes.js';
import { bd } from '../../crypto/bd.js';
import { constantTimeEqual } from '../../crypto/hash.js';
import { SmmpError } from '../../errors.js';
import { ProtocolError } from '../errors.js';
import { abortTag, blameTag, confirmKey, confirmValue, epochKeys, transcript2, type EpochKeys } from '../keyschedule.js';
import { AbortReason, encode, NOBODY, TagList, type Abort, type Blame, type Confirm, type Hello, type Key } from '../packets.js';
import type { Roster } from '../roster.js';
import { judge } from './blame.js';
import { checkHelloValues, completeHellos } from './hello.js';
import { PairKeys, tagSlot } from './pairwise.js';
import { drawSecrets, type RunSecrets } from './secrets.js';

export interface RunParams {
  groupId: Uint8Array;
  runId: Uint8Array;
  previousEpochId: Uint8Array; // 16 zero bytes when the group is new
  roster: Roster;
  identitySecret: Uint8Array; // b_j
  identityKey: Uint8Array; // B_j
}

// What an established run hands to the epoch that follows it.
export interface Established {
  keys: EpochKeys;
  sid: Uint8Array;
  roster: Roster;
  self: number;
  signing: { publicKey: Uint8Array; secretKey: Uint8Array };
  ratchetSecret: Uint8Array; // q_j
  peers: { S: Uint8Array; Q: Uint8Array }[]; // every member's signing key and first ratchet key
}

// 'blame': the run failed and this member takes part in the Blame round (it stays reachable for
// Blame packets until every member's has arrived or the caller's timeout ends it).
export type RunPhase = 'hello' | 'key' | 'confirm' | 'established' | 'blame' | 'aborted';

export interface RunStep {
  send: Uint8Array[];
  established?: Established;
  aborted?: { error: ProtocolError };
  // The Blame round is over: these members' values do not fit (index -> why).
  blamed?: Map<number, string>;
}

export type RunPacket = Hello | Key | Confirm | Abort | Blame;

// Failures whose culprit the failing member cannot tell (an honest member may look guilty
// through an equivocating one): they go to the Blame round.
const BLAMEABLE = new Set(['BAD_KEY_TAG', 'SUM_CHECK_FAILED', 'BAD_CONFIRMATION', 'INVALID_KEY']);

const reasonOf: Partial<Record<string, number>> = {
  BAD_KEY_TAG: AbortReason.BadKeyTag,
  SUM_CHECK_FAILED: AbortReason.SumCheck,
  BAD_CONFIRMATION: AbortReason.BadConfirmation,
  CONFLICTING_HELLO: AbortReason.Conflict,
  REPEATED_VALUE: AbortReason.Conflict,
};

export class Run {
  phase: RunPhase = 'hello';
  readonly self: number;
  private secrets: RunSecrets;
  private readonly hellos: (Hello | undefined)[];
  private readonly helloBytes: (Uint8Array | undefined)[];
  private readonly keysIn: (Key | undefined)[];
  private readonly confirmsIn: (Confirm | undefined)[];
  private readonly rawIn = new Map<string, Uint8Array>(); // kind/index -> bytes, for duplicates
  // Packets of other members stored so far: grows only with a packet the run had not seen.
  stored = 0;
  // This member's own packets of the run, as sent: re-sent unchanged while others wait.
  readonly sent: Uint8Array[] = [];
  private sid?: Uint8Array;
  private t1?: Uint8Array;
  private t2?: Uint8Array;
  private pair?: PairKeys;
  private K?: Uint8Array;
  private ck?: Uint8Array; // confirmation key from K, derived once
  private readonly blames = new Map<number, Blame>();
  private readonly named = new Map<number, string>();
  private blameSent = false;

  // `secrets` only when resuming a saved run: a fresh run draws its own.
  constructor(private readonly p: RunParams, secrets?: RunSecrets) {
    this.self = p.roster.indexOf(p.identityKey);
    const n = p.roster.size;
    this.hellos = new Array(n).fill(undefined);
    this.helloBytes = new Array(n).fill(undefined);
    this.keysIn = new Array(n).fill(undefined);
    this.confirmsIn = new Array(n).fill(undefined);
    this.secrets = secrets ?? drawSecrets();
  }

  get params(): RunParams {
    return this.p;
  }

  // What a saved run needs besides its packets: everything else is derived again, byte for
  // byte, by replaying the packets it had received (all derivations are deterministic).
  get savedSecrets(): RunSecrets {
    return this.secrets;
  }

  get n(): number {
    return this.p.roster.size;
  }

  private head() {
    return { groupId: this.p.groupId, runId: this.p.runId, n: this.n, j: this.self };
  }

  // Round 1: this member's Hello.
  start(): RunStep {
    const s = this.secrets;
    const hello: Hello = { kind: 'Hello', ...this.head(), R: s.R, Q: s.Q, S: s.signing.publicKey, H: s.H, nonce: s.nonce };
    const bytes = encode(hello);
    this.hellos[this.self] = hello;
    this.helloBytes[this.self] = bytes;
    this.sent.push(bytes);
    const send = [bytes];
    try {
      return this.advance(send);
    } catch (e) {
      const failed = this.fail(e);
      failed.send.unshift(...send);
      return failed;
    }
  }

  // A packet of this run (the caller has matched group and run id).
  receive(packet: RunPacket, raw: Uint8Array): RunStep {
    if (packet.kind === 'Blame') return this.receiveBlame(packet);
    if (this.phase === 'blame' && packet.kind === 'Key' && !this.blameSent && packet.n === this.n) {
      // Keys still under way when the run failed: this member's Blame reveals its view once it
      // has them all.
      try {
        this.store(this.keysIn, packet, raw);
      } catch {
        return { send: [] };
      }
      return this.keysIn.every((k) => k !== undefined) ? this.sendBlame() : { send: [] };
    }
    if (this.phase === 'established' || this.phase === 'aborted' || this.phase === 'blame') return { send: [] };
    // Packets made before a failure in the same step (a Key, then a failed round 3) still go
    // out: the others need them, for their own checks and for the Blame round.
    const send: Uint8Array[] = [];
    try {
      if (packet.n !== this.n) throw new ProtocolError('WRONG_RUN', `packet for a run of ${packet.n} members, this run has ${this.n}`);
      switch (packet.kind) {
        case 'Hello':
          this.storeHello(packet, raw);
          break;
        case 'Key':
          this.store(this.keysIn, packet, raw);
          break;
        case 'Confirm':
          this.store(this.confirmsIn, packet, raw);
          break;
        case 'Abort':
          return this.receiveAbort(packet);
        default:
          break;
      }
      return this.advance(send);
    } catch (e) {
      const failed = this.fail(e);
      failed.send.unshift(...send);
      return failed;
    }
  }

  // The run timed out waiting for some member (the caller's clock decides when). In the Blame
  // round: the round ends with the Blame packets at hand.
  timeout(): RunStep {
    if (this.phase === 'blame') return this.endBlame();
    if (this.phase === 'established' || this.phase === 'aborted') return { send: [] };
    return this.fail(new ProtocolError('WRONG_STATE', `run timed out in round ${this.phase}`), AbortReason.Timeout);
  }

  // Members whose packet for the current round is still missing.
  waitingFor(): number[] {
    if (this.phase === 'blame') return Array.from({ length: this.n }, (_, i) => i).filter((i) => i !== this.self && !this.blames.has(i));
    const have = this.phase === 'hello' ? this.hellos : this.phase === 'key' ? this.keysIn : this.confirmsIn;
    return have.flatMap((x, i) => (x === undefined && i !== this.self ? [i] : []));
  }

  private storeHello(h: Hello, raw: Uint8Array): void {
    const prev = this.helloBytes[h.j];
    if (prev !== undefined) {
      if (!constantTimeEqual(prev, raw)) throw new ProtocolError('CONFLICTING_HELLO', `two different Hellos for member ${h.j}`, h.j === this.self ? undefined : h.j);
      return;
    }
    checkHelloValues(h);
    this.hellos[h.j] = h;
    this.helloBytes[h.j] = raw;
    this.stored++;
  }

  private store<T extends Key | Confirm>(slots: (T | undefined)[], p: T, raw: Uint8Array): void {
    if (p.j === this.self) return; // our own, echoed by the relay
    const slot = `${p.kind}/${p.j}`;
    const prev = this.rawIn.get(slot);
    if (prev !== undefined) {
      if (!constantTimeEqual(prev, raw)) throw new ProtocolError('CONFLICTING_HELLO', `two different ${p.kind} packets from member ${p.j}`, p.j);
      return;
    }
    this.rawIn.set(slot, raw);
    slots[p.j] = p;
    this.stored++;
  }

  // Moves through as many rounds as the packets at hand allow.
  private advance(send: Uint8Array[]): RunStep {
    if (this.phase === 'hello' && this.hellos.every((h) => h !== undefined)) send.push(this.round2());
    if (this.phase === 'key' && this.keysIn.every((k, i) => k !== undefined || i === this.self)) send.push(this.round3());
    if (this.phase === 'confirm' && this.confirmsIn.every((c, i) => c !== undefined || i === this.self)) return { send, established: this.establish() };
    return { send };
  }

  private round2(): Uint8Array {
    const hellos = this.hellos as Hello[];
    const { sid, t1 } = completeHellos(this.p.groupId, this.p.runId, this.p.previousEpochId, this.p.roster, hellos, this.helloBytes as Uint8Array[]);
    this.sid = sid;
    this.t1 = t1;
    const s = this.secrets;
    this.pair = PairKeys.derive(sid, this.self, this.p.identitySecret, s.r, this.p.roster.keys, hellos.map((h) => h.R));
    const j = this.self;
    const x = bd.round2(s.h, hellos[this.p.roster.next(j)]!.H, hellos[this.p.roster.prev(j)]!.H);
    const key: Key = { kind: 'Key', ...this.head(), X: x, tags: TagList.ofBytes(this.pair.keyTags(sid, t1, x)) };
    this.keysIn[j] = key;
    this.phase = 'key';
    const bytes = encode(key);
    this.sent.push(bytes);
    return bytes;
  }

  private round3(): Uint8Array {
    const keys = this.keysIn as Key[];
    const [sid, t1, pair, j] = [this.sid!, this.t1!, this.pair!, this.self];
    const bad = pair.badKeyTag(sid, t1, keys);
    if (bad !== undefined) throw new ProtocolError('BAD_KEY_TAG', `the round-2 tag of member ${bad} does not verify (member ${bad} or the network)`, bad);
    const xs = keys.map((k) => k.X);
    let sumOk: boolean;
    try {
      ({ key: this.K, sumIsIdentity: sumOk } = bd.keyAndSumCheck(this.secrets.h, this.hellos[this.p.roster.prev(j)]!.H, xs, j));
    } catch (e) {
      if (e instanceof SmmpError) throw new ProtocolError('INVALID_KEY', `round-2 values: ${e.message}`);
      throw e;
    }
    if (!sumOk) throw new ProtocolError('SUM_CHECK_FAILED', 'the X values do not sum to the identity');
    this.t2 = transcript2(t1, xs);
    this.ck = confirmKey(this.K, sid);
    const value = confirmValue(this.ck, sid, this.t2, j);
    const tags = TagList.ofBytes(pair.confirmTags(value));
    wipe(value);
    this.phase = 'confirm';
    const bytes = encode({ kind: 'Confirm', ...this.head(), tags });
    this.sent.push(bytes);
    return bytes;
  }

  private establish(): Established {
    const [sid, t2, pair, K, ck, j] = [this.sid!, this.t2!, this.pair!, this.K!, this.ck!, this.self];
    const bad = pair.badConfirmTag(ck, sid, t2, this.confirmsIn.filter((c) => c !== undefined));
    if (bad !== undefined) throw new ProtocolError('BAD_CONFIRMATION', `member ${bad}'s key confirmation does not verify: it holds a different key or transcript`, bad);
    const keys = epochKeys(K, sid, t2, this.n);
    const hellos = this.hellos as Hello[];
    const established: Established = {
      keys,
      sid,
      roster: this.p.roster,
      self: j,
      signing: this.secrets.signing,
      ratchetSecret: this.secrets.q,
      peers: hellos.map((h) => ({ S: h.S, Q: h.Q })),
    };
    this.phase = 'established';
    // Erase what only the key agreement needed: h, r, K and the pairwise keys.
    this.eraseRunSecrets();
    return established;
  }

  private eraseRunSecrets(): void {
    wipe(this.secrets.h, this.secrets.r);
    this.K?.fill(0);
    this.ck?.fill(0);
    this.pair?.wipe();
  }

  private receiveAbort(a: Abort): RunStep {
    if (a.j === this.self) return { send: [] };
    // Once pairwise keys exist an Abort must carry a valid tag, so only a member can stop the
    // run this way; before that, anyone who can drop packets can stop a run anyway.
    if (this.pair !== undefined) {
      const body = encode({ ...a, tags: TagList.of([]) });
      const expect = abortTag(this.pair.subkey('abort', a.j, this.self), this.sid!, body);
      if (!constantTimeEqual(expect, a.tags.at(tagSlot(a.j, this.self)) ?? new Uint8Array(0))) {
        return { send: [] }; // not authentic: ignore
      }
    }
    const accused = a.accused === NOBODY ? undefined : a.accused;
    const error = new ProtocolError('WRONG_STATE', `member ${a.j} aborted the run (reason ${a.reason})`, accused);
    if (this.canBlame()) return this.startBlame(error, []);
    return this.abortWith(error, []);
  }

  // Blame is possible once pairwise keys exist (they authenticate Blame packets) and while this
  // member has not established; its own Blame goes out once it holds every Key.
  private canBlame(): boolean {
    return this.pair !== undefined && this.phase !== 'established';
  }

  // --- Blame ---------------------------------------------------------------------------------

  private startBlame(error: ProtocolError, send: Uint8Array[]): RunStep {
    this.phase = 'blame';
    const step: RunStep = { send, aborted: { error } };
    if (this.keysIn.every((k) => k !== undefined)) {
      const more = this.sendBlame();
      send.push(...more.send);
      if (more.blamed) step.blamed = more.blamed;
    }
    return step;
  }

  private sendBlame(): RunStep {
    this.blameSent = true;
    const blame: Blame = {
      kind: 'Blame',
      ...this.head(),
      h: this.secrets.h,
      heard: (this.hellos as Hello[]).map((h) => h.H),
      xs: (this.keysIn as Key[]).map((k) => k.X),
      tags: TagList.of([]),
    };
    const body = encode(blame);
    const tags: Uint8Array[] = [];
    for (let i = 0; i < this.n; i++) if (i !== this.self) tags.push(blameTag(this.pair!.subkey('blame', this.self, i), this.sid!, body));
    const bytes = encode({ ...blame, tags: TagList.of(tags) });
    this.sent.push(bytes);
    // Blame packets that came first are judged now.
    if (this.blames.size === this.n - 1) return { send: [bytes], blamed: this.endBlame().blamed! };
    return { send: [bytes] };
  }

  private receiveBlame(b: Blame): RunStep {
    if (b.n !== this.n || b.j === this.self || this.pair === undefined || this.blames.has(b.j)) return { send: [] };
    if (this.phase === 'established' || this.phase === 'aborted') return { send: [] };
    const body = encode({ ...b, tags: TagList.of([]) });
    if (!constantTimeEqual(blameTag(this.pair.subkey('blame', b.j, this.self), this.sid!, body), b.tags.at(tagSlot(b.j, this.self)) ?? new Uint8Array(0))) return { send: [] };
    this.blames.set(b.j, b);
    if (this.phase !== 'blame') {
      // Another member gave up and revealed its secret: this run cannot establish anywhere.
      const error = new ProtocolError('WRONG_STATE', `member ${b.j} started the Blame round`);
      if (this.canBlame()) return this.startBlame(error, []);
      return this.abortWith(error, []);
    }
    if (this.blameSent && this.blames.size === this.n - 1) return this.endBlame();
    return { send: [] };
  }

  private endBlame(): RunStep {
    // Without every Key this member revealed nothing and cannot judge: it names nobody.
    if (this.blameSent) for (const b of this.blames.values()) {
      const why = judge({ self: this.self, roster: this.p.roster, sid: this.sid!, t1: this.t1!, pair: this.pair!, hellos: this.hellos as Hello[], keys: this.keysIn as Key[] }, b);
      if (why !== undefined) this.named.set(b.j, why);
    }
    this.phase = 'aborted';
    this.eraseRunSecrets();
    wipe(this.secrets.q, this.secrets.signing.secretKey);
    return { send: [], blamed: new Map(this.named) };
  }

  private fail(e: unknown, reason?: number): RunStep {
    if (!(e instanceof ProtocolError)) throw e;
    if (e.code === 'WRONG_RUN') return { send: [] };
    const abort: Abort = { kind: 'Abort', ...this.head(), reason: reason ?? reasonOf[e.code] ?? AbortReason.BadPacket, accused: e.member ?? NOBODY, tags: TagList.of([]) };
    const body = encode(abort);
    const list: Uint8Array[] = [];
    for (let i = 0; i < this.n; i++) {
      if (i === this.self) continue;
      list.push(this.pair !== undefined ? abortTag(this.pair.subkey('abort', this.self, i), this.sid!, body) : new Uint8Array(16));
    }
    const send = [encode({ ...abort, tags: TagList.of(list) })];
    if (BLAMEABLE.has(e.code) && this.canBlame()) return this.startBlame(e, send);
    return this.abortWith(e, send);
  }

  private abortWith(error: ProtocolError, send: Uint8Array[]): RunStep {
    this.phase = 'aborted';
    this.eraseRunSecrets();
    wipe(this.secrets.q, this.secrets.signing.secretKey);
    return { send, aborted: { error } };
  }
}
