// An established epoch, as one member holds it (PROTOCOL.md "Data messages"): every sender's
// chain, the header key, every member's signing key. `seal` makes this member's next packet;
// `open` checks and decrypts another member's, in per-sender order: a packet ahead of its
// sender's next sequence number waits (signature checked, so only its sender can fill that
// buffer) until the gap fills.

import { wipe } from '../../bytes.js';
import { aes256Ctr } from '../../crypto/aes.js';
import { ed25519Sign, ed25519Verify } from '../../crypto/ed25519.js';
import { constantTimeEqual } from '../../crypto/hash.js';
import { randomBytes } from '../../crypto/random.js';
import { fromHex, toHex } from '../../bytes.js';
import { Reader, Writer } from '../bytes-codec.js';
import { ProtocolError } from '../errors.js';
import { bodyTag, chainStep, healChain, messageId, outOfChainSignatureInput, packetKeys, signatureInput } from '../keyschedule.js';
import { dataAuthenticated, decode, encode, HEADER_LENGTH, MAX_BODY, MAX_MEMBERS, NONCE_LENGTH, PAD_RESEND_LENGTH, REFRESH_REQUEST_LENGTH, type Data, type PadResend, type RefreshRequest } from '../packets.js';
import type { Roster } from '../roster.js';
import type { Established } from '../run/run.js';
import { decodeBody, encodeBody, type Body } from './body.js';
import { Ratchets } from './healing.js';

// How many future packets per sender wait for a gap to fill, and how many recent ids per sender
// are kept to tell a duplicate from a conflicting packet.
export const MAX_BUFFERED_PER_SENDER = 256;
export const ID_WINDOW = 256;

export interface Delivered {
  sender: number;
  seq: number;
  id: Uint8Array;
  body: Body;
}

// A duplicate is an outcome, not an error: the engine uses its sender and seq (a re-sent packet
// means its sender has not seen this member's acknowledgement).
export type Opened =
  | { status: 'delivered'; messages: Delivered[] }
  | { status: 'buffered' }
  | { status: 'own'; seq: number }
  | { status: 'duplicate'; sender: number; seq: number };

interface Header {
  sender: number;
  seq: number;
  signature: Uint8Array;
}

interface Waiting {
  packet: Data;
  header: Header;
  id: Uint8Array;
  raw: Uint8Array;
}

interface SenderState {
  chain: Uint8Array; // chain key for sequence number `next`
  next: number;
  ids: Map<number, string>; // seq -> id (hex), the last ID_WINDOW processed
  buffer: Map<number, Waiting>;
  // The packet at `next` whose healing pad is to a ratchet key this member no longer holds: kept
  // until the sender re-sends the pad.
  padBlocked?: Waiting;
}

// The packets a member sends outside its chain: their sealed length and signature label.
type OutOfChainKind = 'PadResend' | 'RefreshRequest';
const OUT_OF_CHAIN = {
  PadResend: { length: PAD_RESEND_LENGTH, label: 'pad-resend' },
  RefreshRequest: { length: REFRESH_REQUEST_LENGTH, label: 'refresh-request' },
} as const;

// A pad re-sent by the sender of a healing message (PROTOCOL.md "Healing: pad re-sends").
interface Repad {
  gen: number;
  E: Uint8Array;
  pad: Uint8Array;
}

interface SavedProgress {
  sendSeq: number;
  sent: Map<number, string>;
  senders: { next: number; ids: Map<number, string> }[];
  buffered: Uint8Array[];
  ratchets: Ratchets;
  seeds: Map<number, Uint8Array>;
}

function writeIds(w: Writer, ids: Map<number, string>): void {
  w.u32(ids.size);
  for (const [seq, id] of ids) w.u32(seq).bytes(fromHex(id));
}

function readIds(r: Reader): Map<number, string> {
  const out = new Map<number, string>();
  const n = r.count('u32', 0, ID_WINDOW, 'ids');
  for (let i = 0; i < n; i++) out.set(r.u32('seq'), toHex(r.bytes(32, 'id')));
  return out;
}

export class Epoch {
  readonly epochId: Uint8Array;
  readonly roster: Roster;
  readonly self: number;
  readonly groupCode: string;
  private readonly sid: Uint8Array;
  private readonly headerKey: Uint8Array;
  private readonly signingKeys: Uint8Array[];
  private readonly signingSecret: Uint8Array;
  private readonly senders: SenderState[];
  private sendSeq = 0;
  private sendChain: Uint8Array;
  private readonly sent = new Map<number, string>(); // own seq -> id
  private readonly ratchets: Ratchets;
  // Own healing seeds by sequence number, kept until the message is fully acknowledged, to
  // answer pad requests.
  private readonly seeds = new Map<number, Uint8Array>();

  constructor(e: Established, restored?: SavedProgress) {
    this.epochId = e.keys.epochId;
    this.roster = e.roster;
    this.self = e.self;
    this.groupCode = e.keys.groupCode;
    this.sid = e.sid;
    this.headerKey = e.keys.headerKey;
    this.signingKeys = e.peers.map((p) => p.S);
    this.signingSecret = e.signing.secretKey;
    this.sendChain = e.keys.chains[e.self]!.slice();
    // Own copies: the epoch erases chain keys as it uses them. The own slot stays zero: this
    // member's chain is sendChain, and a second copy of its start would outlive its use.
    this.senders = e.keys.chains.map((chain, j) => ({ chain: j === e.self ? new Uint8Array(32) : chain.slice(), next: 0, ids: new Map(), buffer: new Map() }));
    this.ratchets = restored?.ratchets ?? new Ratchets(e.self, e.ratchetSecret, e.peers.map((p) => p.Q));
    if (restored !== undefined) {
      this.sendSeq = restored.sendSeq;
      for (const [seq, id] of restored.sent) this.sent.set(seq, id);
      restored.senders.forEach((r, j) => {
        const s = this.senders[j]!;
        s.next = r.next;
        for (const [seq, id] of r.ids) s.ids.set(seq, id);
      });
      for (const [seq, seed] of restored.seeds) this.seeds.set(seq, seed);
      // Buffered packets are re-checked on load, exactly as when they first arrived (their
      // errors were reported then).
      for (const raw of restored.buffered) {
        try {
          this.open(raw);
        } catch (e) {
          if (!(e instanceof ProtocolError)) throw e;
        }
      }
    }
  }

  // The state to persist (PROTOCOL.md "Saved state"): the current chain keys only, so a
  // snapshot holds no key of a message processed before it.
  save(w: Writer): void {
    w.bytes(this.epochId).bytes(this.sid).bytes(this.headerKey).vbytes(new TextEncoder().encode(this.groupCode));
    w.u16(this.n).u16(this.self);
    for (const k of this.roster.keys) w.bytes(k);
    for (const k of this.signingKeys) w.bytes(k);
    w.bytes(this.signingSecret).u32(this.sendSeq).bytes(this.sendChain);
    writeIds(w, this.sent);
    const buffered: Uint8Array[] = [];
    for (const s of this.senders) {
      w.bytes(s.chain).u32(s.next);
      writeIds(w, s.ids);
      if (s.padBlocked) buffered.push(s.padBlocked.raw);
      for (const b of s.buffer.values()) buffered.push(b.raw);
    }
    w.u32(buffered.length);
    for (const b of buffered) w.vbytes(b);
    this.ratchets.save(w);
    w.u16(this.seeds.size);
    for (const [seq, seed] of this.seeds) w.u32(seq).bytes(seed);
  }

  static load(r: Reader, roster: (keys: Uint8Array[]) => Roster): Epoch {
    const epochId = r.bytes(16, 'epoch id');
    const sid = r.bytes(32, 'sid');
    const headerKey = r.bytes(32, 'header key');
    const groupCode = new TextDecoder().decode(r.vbytes(16, 'group code'));
    const n = r.count('u16', 2, MAX_MEMBERS, 'members');
    const self = r.u16('self');
    const keys: Uint8Array[] = [];
    for (let i = 0; i < n; i++) keys.push(r.bytes(32, 'identity key'));
    const peers: { S: Uint8Array; Q: Uint8Array }[] = [];
    for (let i = 0; i < n; i++) peers.push({ S: r.bytes(32, 'signing key'), Q: new Uint8Array(32) });
    const signingSecret = r.bytes(64, 'signing secret');
    const sendSeq = r.u32('send seq');
    const sendChain = r.bytes(32, 'send chain');
    const sent = readIds(r);
    const chains: Uint8Array[] = [];
    const senders: SavedProgress['senders'] = [];
    for (let i = 0; i < n; i++) {
      chains.push(r.bytes(32, 'chain'));
      senders.push({ next: r.u32('next'), ids: readIds(r) });
    }
    const buffered: Uint8Array[] = [];
    const nb = r.count('u32', 0, n * MAX_BUFFERED_PER_SENDER, 'buffered');
    for (let i = 0; i < nb; i++) buffered.push(r.vbytes(MAX_BODY + 200, 'buffered packet'));
    if (self >= n) throw new ProtocolError('MALFORMED_PACKET', 'saved state: own index out of range');
    const ratchets = Ratchets.load(r, self, n);
    const seeds = new Map<number, Uint8Array>();
    const ns = r.count('u16', 0, ID_WINDOW, 'seeds');
    for (let i = 0; i < ns; i++) seeds.set(r.u32('seq'), r.bytes(32, 'seed'));
    if (self >= n) throw new ProtocolError('MALFORMED_PACKET', 'saved state: own index out of range');
    chains[self] = sendChain;
    const est: Established = {
      keys: { epochId, headerKey, chains, groupCode },
      sid,
      roster: roster(keys),
      self,
      signing: { publicKey: peers[self]!.S, secretKey: signingSecret },
      ratchetSecret: new Uint8Array(32),
      peers,
    };
    return new Epoch(est, { sendSeq, sent, senders, buffered, ratchets, seeds });
  }

  get n(): number {
    return this.roster.size;
  }

  // How many packets this member has sealed in the epoch.
  get sentCount(): number {
    return this.sendSeq;
  }

  // The next sequence number expected from `sender` (all below it are processed).
  nextFrom(sender: number): number {
    return sender === this.self ? this.sendSeq : this.senders[sender]!.next;
  }

  // Closing the epoch: every key it holds is overwritten. Nothing can be sealed or opened after.
  wipe(): void {
    wipe(this.headerKey, this.signingSecret, this.sendChain, this.sid);
    this.ratchets.wipe();
    for (const seq of [...this.seeds.keys()]) this.forgetSeed(seq);
    for (const s of this.senders) {
      wipe(s.chain);
      s.buffer.clear();
    }
    this.closed = true;
  }

  private closed = false;

  // Whether packets of `sender` wait in its buffer for an earlier one (a gap).
  hasGap(sender: number): boolean {
    return sender !== this.self && this.senders[sender]!.buffer.size > 0;
  }

  // A copy of this member's signing seed, to publish once the epoch is closed everywhere.
  signingSeed(): Uint8Array {
    return this.signingSecret.slice(0, 32);
  }

  signingKeyOf(member: number): Uint8Array {
    return this.signingKeys[member]!.slice();
  }

  // The sequence number of `sender`'s packet blocked on an expired pad, if any.
  padBlockedAt(sender: number): number | undefined {
    return this.senders[sender]?.padBlocked?.header.seq;
  }

  // Forgets the seeds of own messages every member has acknowledged: nobody will ask for them.
  forgetSeeds(acknowledged: (seq: number) => boolean): void {
    for (const seq of [...this.seeds.keys()]) if (acknowledged(seq)) this.forgetSeed(seq);
  }

  private forgetSeed(seq: number): void {
    const seed = this.seeds.get(seq);
    if (seed) wipe(seed);
    this.seeds.delete(seq);
  }

  // Answers member `to`'s request for a fresh pad of own healing message `seq`: a packet outside
  // the chain, or undefined if the seed is gone (the message was acknowledged by everyone, so
  // the request is stale).
  padResend(to: number, seq: number): Uint8Array | undefined {
    const seed = this.seeds.get(seq);
    if (seed === undefined || to === this.self || to >= this.n) return undefined;
    const { gen, E, pad } = this.ratchets.repad(this.sid, seq, to, seed);
    return this.outOfChain('PadResend', new Writer(76).u16(this.self).u32(seq).u16(to).u32(gen).bytes(E).bytes(pad).finish());
  }

  // Asks the others for a refresh, from a state that must not seal in its chain again (it was
  // rolled back).
  refreshRequest(): Uint8Array {
    return this.outOfChain('RefreshRequest', new Writer(2).u16(this.self).finish());
  }

  // The member asking for a refresh, once its signature verifies.
  openRefreshRequest(p: RefreshRequest): number {
    if (this.closed) throw new ProtocolError('WRONG_RUN', 'the epoch is closed');
    return this.openOutOfChain('RefreshRequest', p.nonce, p.sealed)!.sender;
  }

  // A packet outside the chain: fields and a signature by this member's epoch key over them,
  // encrypted under the header key with a fresh v (the relay sees neither sender nor content).
  private outOfChain(kind: OutOfChainKind, fields: Uint8Array): Uint8Array {
    const v = randomBytes(NONCE_LENGTH);
    const signature = ed25519Sign(this.signingSecret, outOfChainSignatureInput(OUT_OF_CHAIN[kind].label, this.sid, this.epochId, v, fields));
    const sealed = aes256Ctr(this.headerKey, v, new Writer(fields.length + 64).bytes(fields).bytes(signature).finish());
    return encode({ kind, epochId: this.epochId, nonce: v, sealed });
  }

  // Decrypts and checks an out-of-chain packet; its fields start with the sender (u16).
  // `forHere` sees the fields first: a packet addressed to someone else is not ours to judge, so
  // its signature is not checked (undefined).
  private openOutOfChain(kind: OutOfChainKind, v: Uint8Array, sealed: Uint8Array, forHere: (fields: Uint8Array) => boolean = () => true): { sender: number; fields: Uint8Array } | undefined {
    const plain = aes256Ctr(this.headerKey, v, sealed);
    const length = OUT_OF_CHAIN[kind].length - 64;
    const fields = plain.subarray(0, length);
    if (!forHere(fields)) return undefined;
    const sender = (fields[0]! << 8) | fields[1]!;
    if (sender >= this.n) throw new ProtocolError('BAD_SIGNATURE', `${kind} names member ${sender}`);
    if (!ed25519Verify(this.signingKeys[sender]!, outOfChainSignatureInput(OUT_OF_CHAIN[kind].label, this.sid, this.epochId, v, fields), plain.subarray(length))) {
      throw new ProtocolError('BAD_SIGNATURE', `${kind} claiming member ${sender}: signature does not verify`);
    }
    return { sender, fields };
  }

  // A pad re-send: if it is for this member and for the packet blocked on an expired pad, that
  // packet (and what waited behind it) is processed now. Undefined when it is for someone else
  // or stale.
  openPadResend(p: PadResend): Opened | undefined {
    if (this.closed) throw new ProtocolError('WRONG_RUN', 'the epoch is closed');
    // `to` follows sender (u16) and seq (u32).
    const opened = this.openOutOfChain('PadResend', p.nonce, p.sealed, (f) => ((f[6]! << 8) | f[7]!) === this.self);
    if (opened === undefined) return undefined;
    const { sender, fields } = opened;
    const r = new Reader(fields, 'pad re-send');
    r.u16('sender');
    const seq = r.u32('seq');
    r.u16('to');
    const gen = r.u32('generation');
    const E = r.bytes(32, 'E');
    const pad = r.bytes(32, 'pad');
    r.end();
    const s = this.senders[sender]!;
    const blocked = s.padBlocked;
    if (blocked === undefined || blocked.header.seq !== seq) return undefined;
    const first = this.process(s, blocked.packet, blocked.header, blocked.id, { gen, E, pad });
    s.padBlocked = undefined;
    return { status: 'delivered', messages: this.drain(s, first) };
  }

  // Discards own ratchet keys nobody will pad to any more (see Ratchets.retire).
  retireRatchetKeys(acknowledged: (seq: number) => boolean): void {
    this.ratchets.retire(acknowledged);
  }

  get ratchetGenerations(): number[] {
    return this.ratchets.generations;
  }

  // This member's next packet carrying `body`, healing with it if `heal`.
  seal(body: Body, heal = false): { packet: Uint8Array; id: Uint8Array; seq: number } {
    if (this.closed) throw new ProtocolError('WRONG_STATE', 'the epoch is closed');
    const seq = this.sendSeq;
    const healed = heal ? this.ratchets.heal(this.sid, seq) : undefined;
    // Encoded first: a body that does not fit throws before any state changes.
    const plain = encodeBody(healed ? { ...body, healing: healed.healing } : body);
    const { messageKey, next } = chainStep(this.sendChain);
    wipe(this.sendChain);
    if (healed) {
      this.sendChain = healChain(next, healed.seed, healed.commit, healed.healing.R);
      this.seeds.set(seq, healed.seed.slice());
      for (const old of this.seeds.keys()) if (old <= seq - ID_WINDOW) this.forgetSeed(old);
      wipe(next, healed.seed);
      this.ratchets.rotateOwn(healed.next, seq);
    } else {
      this.sendChain = next;
    }
    this.sendSeq++;
    const v = randomBytes(NONCE_LENGTH);
    const k = packetKeys(messageKey, v);
    wipe(messageKey);
    const ct = aes256Ctr(k.encKey, k.iv, plain);
    wipe(plain);
    const tag = bodyTag(k.macKey, dataAuthenticated({ epochId: this.epochId, nonce: v, body: ct }), this.self, seq);
    wipe(k.encKey, k.macKey);
    const id = messageId(this.epochId, this.self, seq, v, ct, tag);
    const signature = ed25519Sign(this.signingSecret, signatureInput(this.sid, id));
    const header = aes256Ctr(this.headerKey, v, new Writer(HEADER_LENGTH).u16(this.self).u32(seq).bytes(signature).finish());
    this.sent.set(seq, toHex(id));
    this.sent.delete(seq - ID_WINDOW);
    return { packet: encode({ kind: 'Data', epochId: this.epochId, nonce: v, body: ct, tag, header }), id, seq };
  }

  // Checks and decrypts a data packet of this epoch. Throws a ProtocolError, with no state
  // changed, for anything that does not verify.
  // `decoded` when the caller has decoded `raw` already (the engine has, to route it).
  open(raw: Uint8Array, decoded?: Data): Opened {
    if (this.closed) throw new ProtocolError('WRONG_RUN', 'the epoch is closed');
    const p = decoded ?? decode(raw);
    if (p.kind !== 'Data') throw new ProtocolError('WRONG_STATE', `a ${p.kind} packet is not a data packet`);
    if (!constantTimeEqual(p.epochId, this.epochId)) throw new ProtocolError('WRONG_RUN', 'data packet of another epoch');
    const h = this.readHeader(p);
    const id = messageId(this.epochId, h.sender, h.seq, p.nonce, p.body, p.tag);
    // A re-sent packet is recognised before the signature check: its id (which commits to the
    // content and key-committing tag) equals the one processed for that (sender, seq), so
    // whoever assembled it can only have repeated that packet.
    if (h.sender !== this.self) {
      const s = this.senders[h.sender]!;
      const buffered = s.buffer.get(h.seq);
      const seen = h.seq < s.next ? s.ids.get(h.seq) : buffered && toHex(buffered.id);
      if (seen === toHex(id)) return { status: 'duplicate', sender: h.sender, seq: h.seq };
    }
    if (!ed25519Verify(this.signingKeys[h.sender]!, signatureInput(this.sid, id), h.signature)) {
      throw new ProtocolError('BAD_SIGNATURE', `data packet claiming member ${h.sender}: signature does not verify`);
    }
    const hex = toHex(id);
    if (h.sender === this.self) {
      if (this.sent.get(h.seq) === hex) return { status: 'own', seq: h.seq };
      if (h.seq < this.sendSeq && !this.sent.has(h.seq)) return { status: 'duplicate', sender: h.sender, seq: h.seq };
      // Signed with this member's epoch key at a sequence number it has not reached: a newer copy
      // of this state sent it, so this one was restored from an older copy (or cloned).
      if (h.seq >= this.sendSeq) throw new ProtocolError('STATE_ROLLED_BACK', `an own packet with seq ${h.seq} while this state is at ${this.sendSeq}: the state was rolled back`, h.sender);
      throw new ProtocolError('IMPERSONATION_DETECTED', `a valid packet under this member's own index (seq ${h.seq}) that it did not send`, h.sender);
    }
    const s = this.senders[h.sender]!;
    if (h.seq < s.next) {
      const known = s.ids.get(h.seq);
      if (known === undefined || known === hex) return { status: 'duplicate', sender: h.sender, seq: h.seq };
      throw new ProtocolError('CONFLICTING_MESSAGE', `member ${h.sender} signed two different packets for seq ${h.seq}`, h.sender);
    }
    if (h.seq > s.next) {
      const waiting = s.buffer.get(h.seq);
      if (waiting !== undefined) {
        if (toHex(waiting.id) === hex) return { status: 'duplicate', sender: h.sender, seq: h.seq };
        throw new ProtocolError('CONFLICTING_MESSAGE', `member ${h.sender} signed two different packets for seq ${h.seq}`, h.sender);
      }
      if (s.buffer.size >= MAX_BUFFERED_PER_SENDER) throw new ProtocolError('BUFFER_FULL', `${MAX_BUFFERED_PER_SENDER} packets of member ${h.sender} already wait for a gap`, h.sender);
      s.buffer.set(h.seq, { packet: p, header: h, id, raw });
      return { status: 'buffered' };
    }
    if (s.padBlocked !== undefined && toHex(s.padBlocked.id) === hex) return { status: 'buffered' }; // already waits for its pad
    let first: Delivered;
    try {
      first = this.process(s, p, h, id);
    } catch (e) {
      if (e instanceof ProtocolError && e.code === 'PAD_KEY_EXPIRED') s.padBlocked = { packet: p, header: h, id, raw };
      throw e;
    }
    return { status: 'delivered', messages: this.drain(s, first) };
  }

  // After `first`, the buffered packets of its sender that now follow in order.
  private drain(s: SenderState, first: Delivered): Delivered[] {
    const messages = [first];
    for (let w = s.buffer.get(s.next); w !== undefined; w = s.buffer.get(s.next)) {
      s.buffer.delete(s.next);
      try {
        messages.push(this.process(s, w.packet, w.header, w.id));
      } catch (e) {
        // A buffered packet whose tag or body fails was signed by its sender; drop it and stop
        // here: the sender's stream is blocked until a valid packet for this seq arrives (or,
        // for an expired pad, its pad is re-sent).
        if (e instanceof ProtocolError && e.code === 'PAD_KEY_EXPIRED') s.padBlocked = w;
        break;
      }
    }
    return messages;
  }

  // The packet at its sender's next sequence number: derive its keys, check its tag, decrypt.
  private process(s: SenderState, p: Data, h: Header, id: Uint8Array, repad?: Repad): Delivered {
    const { messageKey, next } = chainStep(s.chain);
    const k = packetKeys(messageKey, p.nonce);
    wipe(messageKey);
    try {
      const tag = bodyTag(k.macKey, dataAuthenticated(p), h.sender, h.seq);
      if (!constantTimeEqual(tag, p.tag)) {
        wipe(next);
        throw new ProtocolError('BAD_TAG', `member ${h.sender} seq ${h.seq}: signed, but its MAC fails`, h.sender);
      }
      const plain = aes256Ctr(k.encKey, k.iv, p.body);
      let body: Body;
      let chain = next;
      try {
        body = decodeBody(plain);
        if (body.healing) {
          const hl = body.healing;
          const seed = repad ? this.ratchets.unpad(this.sid, h.sender, h.seq, repad.gen, repad.E, repad.pad, hl.commit) : this.ratchets.open(this.sid, h.sender, h.seq, hl, this.n);
          chain = healChain(next, seed, body.healing.commit, body.healing.R);
          wipe(seed, next);
        }
      } catch (e) {
        wipe(next);
        throw e instanceof ProtocolError ? new ProtocolError(e.code, e.member !== undefined ? e.message : `member ${h.sender} seq ${h.seq}: ${e.message}`, h.sender) : e;
      } finally {
        wipe(plain);
      }
      // Commit: the used chain key is erased, the id remembered, the sender's new ratchet key
      // taken.
      if (body.healing) this.ratchets.peerRotated(h.sender, body.healing.R);
      wipe(s.chain);
      s.chain = chain;
      s.ids.set(h.seq, toHex(id));
      s.ids.delete(h.seq - ID_WINDOW);
      s.next = h.seq + 1;
      return { sender: h.sender, seq: h.seq, id, body };
    } finally {
      wipe(k.encKey, k.macKey);
    }
  }

  private readHeader(p: Data): Header {
    const plain = aes256Ctr(this.headerKey, p.nonce, p.header);
    const r = new Reader(plain, 'header');
    const sender = r.u16('sender');
    const seq = r.u32('seq');
    const signature = r.bytes(64, 'signature');
    r.end();
    if (sender >= this.n) throw new ProtocolError('BAD_SIGNATURE', `header names member ${sender}, the epoch has ${this.n}`);
    return { sender, seq, signature };
  }
}
