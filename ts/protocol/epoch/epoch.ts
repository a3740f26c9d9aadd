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
import { toHex } from '../../bytes.js';
import { Reader, Writer } from '../bytes-codec.js';
import { ProtocolError } from '../errors.js';
import { bodyTag, chainStep, messageId, packetKeys, signatureInput } from '../keyschedule.js';
import { dataAuthenticated, decode, encode, HEADER_LENGTH, NONCE_LENGTH, type Data } from '../packets.js';
import type { Roster } from '../roster.js';
import type { Established } from '../run/run.js';
import { decodeBody, encodeBody, type Body } from './body.js';

// How many future packets per sender wait for a gap to fill, and how many recent ids per sender
// are kept to tell a duplicate from a conflicting packet.
export const MAX_BUFFERED_PER_SENDER = 256;
export const ID_WINDOW = 1024;

export interface Delivered {
  sender: number;
  seq: number;
  id: Uint8Array;
  body: Body;
}

export type Opened = { status: 'delivered'; messages: Delivered[] } | { status: 'buffered' } | { status: 'own'; seq: number };

interface Header {
  sender: number;
  seq: number;
  signature: Uint8Array;
}

interface SenderState {
  chain: Uint8Array; // chain key for sequence number `next`
  next: number;
  ids: Map<number, string>; // seq -> id (hex), the last ID_WINDOW processed
  buffer: Map<number, { packet: Data; header: Header; id: Uint8Array }>;
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

  constructor(e: Established) {
    this.epochId = e.keys.epochId;
    this.roster = e.roster;
    this.self = e.self;
    this.groupCode = e.keys.groupCode;
    this.sid = e.sid;
    this.headerKey = e.keys.headerKey;
    this.signingKeys = e.peers.map((p) => p.S);
    this.signingSecret = e.signing.secretKey;
    this.sendChain = e.keys.chains[e.self]!.slice();
    // Own copies: the epoch erases chain keys as it uses them.
    this.senders = e.keys.chains.map((chain) => ({ chain: chain.slice(), next: 0, ids: new Map(), buffer: new Map() }));
  }

  get n(): number {
    return this.roster.size;
  }

  // This member's next packet carrying `body`.
  seal(body: Body): { packet: Uint8Array; id: Uint8Array; seq: number } {
    const seq = this.sendSeq;
    const { messageKey, next } = chainStep(this.sendChain);
    wipe(this.sendChain);
    this.sendChain = next;
    this.sendSeq++;
    const v = randomBytes(NONCE_LENGTH);
    const k = packetKeys(messageKey, v);
    wipe(messageKey);
    const plain = encodeBody(body);
    const ct = aes256Ctr(k.encKey, k.iv, plain);
    wipe(plain);
    const tag = bodyTag(k.macKey, dataAuthenticated({ epochId: this.epochId, nonce: v, body: ct }), this.self, seq);
    wipe(k.encKey, k.macKey);
    const id = messageId(this.epochId, this.self, seq, v, ct, tag);
    const signature = ed25519Sign(this.signingSecret, signatureInput(this.sid, id));
    const header = aes256Ctr(this.headerKey, v, new Writer(HEADER_LENGTH).u16(this.self).u32(seq).bytes(signature).finish());
    this.sent.set(seq, toHex(id));
    return { packet: encode({ kind: 'Data', epochId: this.epochId, nonce: v, body: ct, tag, header }), id, seq };
  }

  // Checks and decrypts a data packet of this epoch. Throws a ProtocolError, with no state
  // changed, for anything that does not verify.
  open(raw: Uint8Array): Opened {
    const p = decode(raw);
    if (p.kind !== 'Data') throw new ProtocolError('WRONG_STATE', `a ${p.kind} packet is not a data packet`);
    if (!constantTimeEqual(p.epochId, this.epochId)) throw new ProtocolError('WRONG_RUN', 'data packet of another epoch');
    const h = this.readHeader(p);
    const id = messageId(this.epochId, h.sender, h.seq, p.nonce, p.body, p.tag);
    if (!ed25519Verify(this.signingKeys[h.sender]!, signatureInput(this.sid, id), h.signature)) {
      throw new ProtocolError('BAD_SIGNATURE', `data packet claiming member ${h.sender}: signature does not verify`);
    }
    const hex = toHex(id);
    if (h.sender === this.self) {
      if (this.sent.get(h.seq) === hex) return { status: 'own', seq: h.seq };
      throw new ProtocolError('IMPERSONATION_DETECTED', `a valid packet under this member's own index (seq ${h.seq}) that it did not send`, h.sender);
    }
    const s = this.senders[h.sender]!;
    if (h.seq < s.next) {
      const known = s.ids.get(h.seq);
      if (known === undefined || known === hex) throw new ProtocolError('DUPLICATE', `member ${h.sender} seq ${h.seq} already processed`, h.sender);
      throw new ProtocolError('CONFLICTING_MESSAGE', `member ${h.sender} signed two different packets for seq ${h.seq}`, h.sender);
    }
    if (h.seq > s.next) {
      const waiting = s.buffer.get(h.seq);
      if (waiting !== undefined) {
        if (toHex(waiting.id) === hex) throw new ProtocolError('DUPLICATE', `member ${h.sender} seq ${h.seq} already buffered`, h.sender);
        throw new ProtocolError('CONFLICTING_MESSAGE', `member ${h.sender} signed two different packets for seq ${h.seq}`, h.sender);
      }
      if (s.buffer.size >= MAX_BUFFERED_PER_SENDER) throw new ProtocolError('BUFFER_FULL', `${MAX_BUFFERED_PER_SENDER} packets of member ${h.sender} already wait for a gap`, h.sender);
      s.buffer.set(h.seq, { packet: p, header: h, id });
      return { status: 'buffered' };
    }
    const messages = [this.process(s, p, h, id)];
    for (let w = s.buffer.get(s.next); w !== undefined; w = s.buffer.get(s.next)) {
      s.buffer.delete(s.next);
      try {
        messages.push(this.process(s, w.packet, w.header, w.id));
      } catch {
        // A buffered packet whose tag or body fails was signed by its sender; drop it and stop
        // here: the sender's stream is blocked until a valid packet for this seq arrives.
        break;
      }
    }
    return { status: 'delivered', messages };
  }

  // The packet at its sender's next sequence number: derive its keys, check its tag, decrypt.
  private process(s: SenderState, p: Data, h: Header, id: Uint8Array): Delivered {
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
      try {
        body = decodeBody(plain);
      } catch (e) {
        wipe(next);
        throw e instanceof ProtocolError ? new ProtocolError(e.code, `member ${h.sender} seq ${h.seq}: ${e.message}`, h.sender) : e;
      } finally {
        wipe(plain);
      }
      // Commit: the used chain key is erased, the id remembered.
      wipe(s.chain);
      s.chain = next;
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
