// Pairwise triple-DH keys between a member j and every other member i (PROTOCOL.md "Round 2:
// pairwise keys"), and the tags made and checked with them. Each step takes one call into the
// core for all N-1 peers: three for the 3(N-1) Diffie-Hellman operations (one per (private key,
// list of public keys) pair), one for the N-1 pairwise keys, one per subkey use and direction,
// and one per round for the tags.

import { x25519Many } from '../../crypto/x25519.js';
import { WeakKeyError } from '../../errors.js';
import { wipe } from '../../bytes.js';
import { ProtocolError } from '../errors.js';
import { confirmTags, confirmTagsValid, confirmValues, keyTags, keyTagsValid, pairSubkey, pairSubkeys, pairwiseKeys, TAG_LENGTH, type Pair, type PairUse } from '../keyschedule.js';
import type { Confirm, Key } from '../packets.js';

// Position of recipient `to` in the tag list of sender `from` (tags skip the sender's own index).
export const tagSlot = (from: number, to: number): number => (to < from ? to : to - 1);

export class PairKeys {
  // Everything is indexed by slot: the other members in index order (slot s is member
  // s < j ? s : s + 1, the order of tag lists). kab: k_ji per slot; the subkeys of the two
  // uses every run needs, derived once: [use][0] from j to the slot's member, [use][1] back.
  private constructor(
    private readonly j: number,
    private readonly kab: Uint8Array[],
    private readonly used: Record<'key' | 'confirm', [Uint8Array[], Uint8Array[]]>,
    private readonly buffers: Uint8Array[], // what the views above point into, for wipe()
  ) {}

  // b / r: own identity and run ephemeral secrets; B / R: everyone's public keys.
  static derive(sid: Uint8Array, j: number, b: Uint8Array, r: Uint8Array, B: readonly Uint8Array[], R: readonly Uint8Array[]): PairKeys {
    const others = B.map((_, i) => i).filter((i) => i !== j);
    const Ro = others.map((i) => R[i]!);
    let dhBR: Uint8Array, dhRB: Uint8Array, dhRR: Uint8Array;
    try {
      dhBR = x25519Many(b, Ro);
      dhRB = x25519Many(r, others.map((i) => B[i]!));
      dhRR = x25519Many(r, Ro);
    } catch (e) {
      if (e instanceof WeakKeyError) throw new ProtocolError('INVALID_KEY', `a Diffie-Hellman result was all zero (${e.argument})`);
      throw e;
    }
    // For a < b: IKM = DH(b_a, R_b) || DH(r_a, B_b) || DH(r_a, R_b). Member b computes the same
    // values as DH(r_b, B_a) || DH(b_b, R_a) || DH(r_b, R_a).
    const ikm = new Uint8Array(96 * others.length);
    const pairs = others.map((i, k): Pair => {
      const dh = (all: Uint8Array): Uint8Array => all.subarray(32 * k, 32 * k + 32);
      ikm.set(dh(j < i ? dhBR : dhRB), 96 * k);
      ikm.set(dh(j < i ? dhRB : dhBR), 96 * k + 32);
      ikm.set(dh(dhRR), 96 * k + 64);
      const [a, c] = j < i ? [j, i] : [i, j];
      return { a, b: c, identities: [B[a]!, B[c]!], ephemerals: [R[a]!, R[c]!] };
    });
    wipe(dhBR, dhRB, dhRR);
    const kabBytes = pairwiseKeys(sid, pairs, slices(ikm, 96));
    wipe(ikm);
    const kab = slices(kabBytes, 32);
    const buffers = [kabBytes];
    const derive = (use: PairUse, outward: boolean): Uint8Array[] => {
      const bytes = pairSubkeys(kab, use, others.map((i) => (outward ? [j, i] : [i, j])));
      buffers.push(bytes);
      return slices(bytes, 32);
    };
    return new PairKeys(j, kab, { key: [derive('key', true), derive('key', false)], confirm: [derive('confirm', true), derive('confirm', false)] }, buffers);
  }

  // The subkey for messages from `from` to `to`, one of which is this member.
  subkey(use: PairUse, from: number, to: number): Uint8Array {
    const other = from === this.j ? to : from;
    const slot = tagSlot(this.j, other);
    if (other === this.j || slot < 0 || slot >= this.kab.length) throw new ProtocolError('NOT_A_MEMBER', `no pairwise key with member ${other}`);
    if (use === 'abort') return pairSubkey(this.kab[slot]!, use, from, to);
    return this.used[use][from === this.j ? 0 : 1][slot]!;
  }

  // Round 2: this member's key tags to every other member, as the Key packet's tag list.
  keyTags(sid: Uint8Array, t1: Uint8Array, x: Uint8Array): Uint8Array {
    return keyTags(this.used.key[0], sid, t1, this.j, x);
  }

  // Round 3: the first member whose key tag to this member does not verify, or undefined.
  // `keys` holds every member's Key (this member's own is skipped).
  badKeyTag(sid: Uint8Array, t1: Uint8Array, keys: readonly Key[]): number | undefined {
    const from = keys.filter((k) => k.j !== this.j);
    const tags = from.map((k) => k.tags.at(tagSlot(k.j, this.j)) ?? new Uint8Array(TAG_LENGTH));
    const ok = keyTagsValid(from.map((k) => this.subkeyIn('key', k.j)), sid, t1, from.map((k) => k.j), from.map((k) => k.X), tags);
    return from[ok.indexOf(false)]?.j;
  }

  // Round 3: this member's confirm tags (over its confirmation value) as a tag list.
  confirmTags(value: Uint8Array): Uint8Array {
    return confirmTags(this.used.confirm[0], value);
  }

  // Establishing: the first member whose confirm tag to this member does not verify against the
  // confirmation value recomputed from this member's own key, or undefined.
  badConfirmTag(ck: Uint8Array, sid: Uint8Array, t2: Uint8Array, confirms: readonly Confirm[]): number | undefined {
    const from = confirms.filter((c) => c.j !== this.j);
    const values = confirmValues(ck, sid, t2, from.map((c) => c.j));
    try {
      const tags = from.map((c) => c.tags.at(tagSlot(c.j, this.j)) ?? new Uint8Array(TAG_LENGTH));
      const ok = confirmTagsValid(from.map((c) => this.subkeyIn('confirm', c.j)), slices(values, 32), tags);
      return from[ok.indexOf(false)]?.j;
    } finally {
      wipe(values);
    }
  }

  private subkeyIn(use: 'key' | 'confirm', from: number): Uint8Array {
    return this.subkey(use, from, this.j);
  }

  wipe(): void {
    wipe(...this.buffers);
  }
}

// Views of consecutive `size`-byte items.
function slices(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let o = 0; o < bytes.length; o += size) out.push(bytes.subarray(o, o + size));
  return out;
}
