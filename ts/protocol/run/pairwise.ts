// Pairwise triple-DH keys between a member j and every other member i (PROTOCOL.md "Round 2:
// pairwise keys"), and the tags made and checked with them. Each step takes one call into the
// core for all N-1 peers: three for the 3(N-1) Diffie-Hellman operations (one per (private key,
// list of public keys) pair), one for the N-1 pairwise keys, one per subkey use and direction,
// and one per round for the tags.

import { x25519Many } from '../../crypto/x25519.js';
import { WeakKeyError } from '../../errors.js';
import { wipe } from '../../bytes.js';
import { ProtocolError } from '../errors.js';
import { Packed } from '../../crypto/batch.js';
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
    private readonly kab: Packed,
    private readonly used: Record<'key' | 'confirm', [Packed, Packed]>,
  ) {}

  // b / r: own identity and run ephemeral secrets; B / R: everyone's public keys.
  static derive(sid: Uint8Array, j: number, b: Uint8Array, r: Uint8Array, B: readonly Uint8Array[], R: readonly Uint8Array[]): PairKeys {
    const others = B.map((_, i) => i).filter((i) => i !== j);
    const m = others.length;
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
    const ikm = new Uint8Array(96 * m);
    const pairs = others.map((i, k): Pair => {
      const dh = (all: Uint8Array): Uint8Array => all.subarray(32 * k, 32 * k + 32);
      ikm.set(dh(j < i ? dhBR : dhRB), 96 * k);
      ikm.set(dh(j < i ? dhRB : dhBR), 96 * k + 32);
      ikm.set(dh(dhRR), 96 * k + 64);
      const [a, c] = j < i ? [j, i] : [i, j];
      return { a, b: c, identities: [B[a]!, B[c]!], ephemerals: [R[a]!, R[c]!] };
    });
    wipe(dhBR, dhRB, dhRR);
    const kab = new Packed(pairwiseKeys(sid, pairs, new Packed(ikm, m)), m);
    wipe(ikm);
    const derive = (use: PairUse, outward: boolean): Packed => new Packed(pairSubkeys(kab, use, others.map((i) => (outward ? [j, i] : [i, j]))), m);
    return new PairKeys(j, kab, { key: [derive('key', true), derive('key', false)], confirm: [derive('confirm', true), derive('confirm', false)] });
  }

  // The subkey for messages from `from` to `to`, one of which is this member.
  subkey(use: PairUse, from: number, to: number): Uint8Array {
    const other = from === this.j ? to : from;
    const slot = tagSlot(this.j, other);
    if (other === this.j || slot < 0 || slot >= this.kab.count) throw new ProtocolError('NOT_A_MEMBER', `no pairwise key with member ${other}`);
    if (use === 'abort' || use === 'blame') return pairSubkey(this.kab.item(slot), use, from, to);
    return this.used[use][from === this.j ? 0 : 1].item(slot);
  }

  // Round 2: this member's key tags to every other member, as the Key packet's tag list.
  keyTags(sid: Uint8Array, t1: Uint8Array, x: Uint8Array): Uint8Array {
    return keyTags(this.used.key[0], sid, t1, this.j, x);
  }

  // Round 3: the first member whose key tag to this member does not verify, or undefined.
  // `keys` holds every member's Key (this member's own is skipped).
  badKeyTag(sid: Uint8Array, t1: Uint8Array, keys: readonly Key[]): number | undefined {
    const from = keys.filter((k) => k.j !== this.j);
    const ok = keyTagsValid(this.subkeysIn('key', from), sid, t1, from.map((k) => k.j), from.map((k) => k.X), this.tagsTo(from));
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
    const values = new Packed(confirmValues(ck, sid, t2, from.map((c) => c.j)), from.length);
    try {
      const ok = confirmTagsValid(this.subkeysIn('confirm', from), values, this.tagsTo(from));
      return from[ok.indexOf(false)]?.j;
    } finally {
      wipe(values.bytes);
    }
  }

  // The subkeys from each sender to this member: all of them in slot order when every other
  // member sent (as in every round), else those of the senders given.
  private subkeysIn(use: 'key' | 'confirm', from: readonly (Key | Confirm)[]): Packed | Uint8Array[] {
    const all = this.used[use][1];
    return from.length === all.count ? all : from.map((p) => this.subkey(use, p.j, this.j));
  }

  // The tag addressed to this member in each packet (zeros where a list is short, which then
  // fails to verify), back to back.
  private tagsTo(from: readonly (Key | Confirm)[]): Packed {
    const out = new Uint8Array(TAG_LENGTH * from.length);
    from.forEach((p, k) => {
      const src = p.tags.bytes;
      const o = tagSlot(p.j, this.j) * TAG_LENGTH;
      if (o + TAG_LENGTH <= src.length) for (let b = 0; b < TAG_LENGTH; b++) out[k * TAG_LENGTH + b] = src[o + b]!;
    });
    return new Packed(out, from.length);
  }

  wipe(): void {
    wipe(this.kab.bytes, this.used.key[0].bytes, this.used.key[1].bytes, this.used.confirm[0].bytes, this.used.confirm[1].bytes);
  }
}
