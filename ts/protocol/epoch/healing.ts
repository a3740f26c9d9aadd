// Healing (PROTOCOL.md "Healing"): with a message, a sender draws a fresh X25519 ratchet key and
// a 32-byte seed, pads the seed to every other member's newest ratchet key it has processed, and
// mixes the seed into its chain after the message. A thief of the sender's state (or, once they
// have processed the new ratchet key, of a receiver's) loses the chain from there on.
//
// Each member keeps the private keys of its recent ratchet generations (the window) until every
// other member has acknowledged the message that announced a newer one: only then can no pad to
// an older generation still be under way.

import { wipe } from '../../bytes.js';
import { constantTimeEqual } from '../../crypto/hash.js';
import { randomBytes } from '../../crypto/random.js';
import { isCanonicalX25519PublicKey, x25519, x25519Base, x25519Batch } from '../../crypto/x25519.js';
import { WeakKeyError } from '../../errors.js';
import { Reader, Writer } from '../bytes-codec.js';
import { ProtocolError } from '../errors.js';
import { healCommit, healPadMask } from '../keyschedule.js';
import type { Healing } from './body.js';

// Own ratchet generations kept at most (the oldest goes first beyond this).
export const RATCHET_WINDOW = 32;

interface OwnKey {
  secret: Uint8Array;
  key: Uint8Array;
  announcedAt: number; // own sequence number of the message that announced it (-1: the Hello)
}

export interface Healed {
  healing: Healing; // goes into the body
  seed: Uint8Array;
}

export class Ratchets {
  private readonly own = new Map<number, OwnKey>(); // generation -> private key
  private ownGen: number;
  // Every member's newest ratchet key this member has processed, with its generation.
  private readonly peers: { gen: number; key: Uint8Array }[];

  constructor(
    private readonly self: number,
    q: Uint8Array, // own generation-0 secret, from the run
    initial: readonly Uint8Array[], // every member's Q
  ) {
    this.ownGen = 0;
    this.own.set(0, { secret: q.slice(), key: initial[self]!.slice(), announcedAt: -1 });
    this.peers = initial.map((key) => ({ gen: 0, key: key.slice() }));
  }

  // Seals side: a fresh ratchet key and seed, the seed padded to each other member's newest key.
  heal(sid: Uint8Array, seq: number): Healed & { commit: Uint8Array; next: { secret: Uint8Array; key: Uint8Array } } {
    const secret = randomBytes(32);
    const R = x25519Base(secret);
    const seed = randomBytes(32);
    const commit = healCommit(sid, this.self, seq, seed);
    const others = this.peers.flatMap((p, i) => (i === this.self ? [] : [{ i, ...p }]));
    let dh: Uint8Array[];
    try {
      dh = x25519Batch(secret, others.map((o) => o.key));
    } catch (e) {
      // Peer ratchet keys were checked when they arrived; a zero result means a low-order key
      // slipped through, which is a bug, not an input error.
      if (e instanceof WeakKeyError) throw new ProtocolError('INVALID_KEY', 'a ratchet key gave an all-zero Diffie-Hellman result');
      throw e;
    }
    const pads = others.map((o, k) => {
      const mask = healPadMask(dh[k]!, sid, this.self, seq, o.i, o.gen, R, o.key);
      const pad = xor(seed, mask);
      wipe(mask, dh[k]!);
      return { gen: o.gen, pad };
    });
    return { healing: { R, commit, pads }, seed, commit, next: { secret, key: R } };
  }

  // After sealing the healing message `seq`: the new key is this member's newest generation.
  rotateOwn(next: { secret: Uint8Array; key: Uint8Array }, seq: number): void {
    this.ownGen++;
    this.own.set(this.ownGen, { secret: next.secret, key: next.key, announcedAt: seq });
    this.peers[this.self] = { gen: this.ownGen, key: next.key };
    while (this.own.size > RATCHET_WINDOW) this.discard(Math.min(...this.own.keys()));
  }

  // Opening side: this member's seed from sender's healing section, checked against the
  // commitment. Changes nothing; the caller commits with `peerRotated`.
  open(sid: Uint8Array, sender: number, seq: number, h: Healing, n: number): Uint8Array {
    if (h.pads.length !== n - 1) throw new ProtocolError('BAD_HEALING_PAD', `member ${sender} seq ${seq}: ${h.pads.length} pads for ${n - 1} members`, sender);
    const { gen, pad } = h.pads[this.self < sender ? this.self : this.self - 1]!;
    return this.unpad(sid, sender, seq, gen, h.R, pad, h.commit);
  }

  // The seed under a pad to this member's key of generation `gen`, from the DH with `R` (the
  // message's new ratchet key, or the fresh key of a pad re-send), checked against `commit`.
  unpad(sid: Uint8Array, sender: number, seq: number, gen: number, R: Uint8Array, pad: Uint8Array, commit: Uint8Array): Uint8Array {
    if (!isCanonicalX25519PublicKey(R)) throw new ProtocolError('BAD_HEALING_PAD', `member ${sender} seq ${seq}: the pad's public key is not canonical`, sender);
    const h = { R, commit };
    const mine = this.own.get(gen);
    if (mine === undefined) {
      throw new ProtocolError('PAD_KEY_EXPIRED', `member ${sender} seq ${seq}: padded to ratchet generation ${gen}, which this member ${gen > this.ownGen ? 'never had' : 'has discarded'}`, sender);
    }
    let dh: Uint8Array;
    try {
      dh = x25519(mine.secret, h.R);
    } catch (e) {
      if (e instanceof WeakKeyError) throw new ProtocolError('BAD_HEALING_PAD', `member ${sender} seq ${seq}: the new ratchet key gives an all-zero result`, sender);
      throw e;
    }
    const mask = healPadMask(dh, sid, sender, seq, this.self, gen, h.R, mine.key);
    const seed = xor(pad, mask);
    wipe(dh, mask);
    if (!constantTimeEqual(healCommit(sid, sender, seq, seed), h.commit)) {
      wipe(seed);
      throw new ProtocolError('BAD_HEALING_PAD', `member ${sender} seq ${seq}: the healing seed does not match its commitment`, sender);
    }
    return seed;
  }

  // Sender side of a pad re-send: the seed of own message `seq` padded afresh to member i's
  // newest ratchet key, under a fresh ephemeral key.
  repad(sid: Uint8Array, seq: number, i: number, seed: Uint8Array): { gen: number; E: Uint8Array; pad: Uint8Array } {
    const e = randomBytes(32);
    const E = x25519Base(e);
    const peer = this.peers[i]!;
    let dh: Uint8Array;
    try {
      dh = x25519(e, peer.key);
    } catch (err) {
      if (err instanceof WeakKeyError) throw new ProtocolError('INVALID_KEY', 'a ratchet key gave an all-zero Diffie-Hellman result');
      throw err;
    } finally {
      wipe(e);
    }
    const mask = healPadMask(dh, sid, this.self, seq, i, peer.gen, E, peer.key);
    const pad = xor(seed, mask);
    wipe(dh, mask);
    return { gen: peer.gen, E, pad };
  }

  peerRotated(sender: number, key: Uint8Array): void {
    const p = this.peers[sender]!;
    this.peers[sender] = { gen: p.gen + 1, key: key.slice() };
  }

  // Discards own generations older than the newest one whose announcement every other member
  // has acknowledged (`acknowledged(seq)`): nobody will pad to them any more.
  retire(acknowledged: (seq: number) => boolean): void {
    let newest = -1;
    for (const [gen, k] of this.own) if (gen > newest && (k.announcedAt < 0 || acknowledged(k.announcedAt))) newest = gen;
    for (const gen of [...this.own.keys()]) if (gen < newest) this.discard(gen);
  }

  get generations(): number[] {
    return [...this.own.keys()].sort((a, b) => a - b);
  }

  private discard(gen: number): void {
    const k = this.own.get(gen);
    if (k) wipe(k.secret);
    this.own.delete(gen);
  }

  wipe(): void {
    for (const gen of [...this.own.keys()]) this.discard(gen);
  }

  save(w: Writer): void {
    w.u32(this.ownGen).u16(this.own.size);
    for (const [gen, k] of this.own) w.u32(gen).bytes(k.secret).bytes(k.key).u32(k.announcedAt + 1);
    for (const p of this.peers) w.u32(p.gen).bytes(p.key);
  }

  static load(r: Reader, self: number, n: number): Ratchets {
    const ownGen = r.u32('own generation');
    const count = r.count('u16', 1, RATCHET_WINDOW, 'ratchet window');
    const own: [number, OwnKey][] = [];
    for (let i = 0; i < count; i++) own.push([r.u32('generation'), { secret: r.bytes(32, 'ratchet secret'), key: r.bytes(32, 'ratchet key'), announcedAt: r.u32('announced at') - 1 }]);
    const peers = Array.from({ length: n }, () => ({ gen: r.u32('generation'), key: r.bytes(32, 'ratchet key') }));
    const rs = new Ratchets(self, new Uint8Array(32), peers.map((p) => p.key));
    rs.own.clear();
    for (const [gen, k] of own) rs.own.set(gen, k);
    rs.ownGen = ownGen;
    peers.forEach((p, i) => (rs.peers[i] = p));
    return rs;
  }
}

// A seed padded with (or recovered from) a 32-byte mask.
function xor(a: Uint8Array, mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  for (let b = 0; b < 32; b++) out[b] = a[b]! ^ mask[b]!;
  return out;
}
