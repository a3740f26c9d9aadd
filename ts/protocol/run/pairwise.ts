// Pairwise triple-DH keys between a member j and every other member i (PROTOCOL.md "Round 2:
// pairwise keys"). All 3(N-1) Diffie-Hellman operations take three calls into the core, one per
// (private key, list of public keys) pair.

import { x25519Batch } from '../../crypto/x25519.js';
import { WeakKeyError } from '../../errors.js';
import { concatBytes, wipe } from '../../bytes.js';
import { ProtocolError } from '../errors.js';
import { pairSubkey, pairwiseKey, type PairUse } from '../keyschedule.js';

export class PairKeys {
  // k_ji for every i (undefined at i = j).
  private constructor(private readonly keys: (Uint8Array | undefined)[], private readonly j: number) {}

  // identity b_j / R_j: own identity and run ephemeral secrets; B / R: everyone's public keys.
  static derive(sid: Uint8Array, j: number, b: Uint8Array, r: Uint8Array, B: readonly Uint8Array[], R: readonly Uint8Array[]): PairKeys {
    const others = B.map((_, i) => i).filter((i) => i !== j);
    let dhBR: Uint8Array[], dhRB: Uint8Array[], dhRR: Uint8Array[];
    try {
      dhBR = x25519Batch(b, others.map((i) => R[i]!));
      dhRB = x25519Batch(r, others.map((i) => B[i]!));
      dhRR = x25519Batch(r, others.map((i) => R[i]!));
    } catch (e) {
      if (e instanceof WeakKeyError) throw new ProtocolError('INVALID_KEY', `a Diffie-Hellman result was all zero (${e.argument})`);
      throw e;
    }
    const keys: (Uint8Array | undefined)[] = new Array(B.length).fill(undefined);
    others.forEach((i, k) => {
      // For a < b: IKM = DH(b_a, R_b) || DH(r_a, B_b) || DH(r_a, R_b). Member b computes the same
      // values as DH(r_b, B_a) || DH(b_b, R_a) || DH(r_b, R_a).
      const [a, bIdx] = j < i ? [j, i] : [i, j];
      const ikm = j < i ? concatBytes(dhBR[k]!, dhRB[k]!, dhRR[k]!) : concatBytes(dhRB[k]!, dhBR[k]!, dhRR[k]!);
      keys[i] = pairwiseKey(sid, a, bIdx, [B[a]!, B[bIdx]!], [R[a]!, R[bIdx]!], ikm);
      wipe(ikm, dhBR[k]!, dhRB[k]!, dhRR[k]!);
    });
    return new PairKeys(keys, j);
  }

  // The subkey for messages from `from` to `to`, one of which is this member.
  subkey(use: PairUse, from: number, to: number): Uint8Array {
    const other = from === this.j ? to : from;
    const k = this.keys[other];
    if (k === undefined) throw new ProtocolError('NOT_A_MEMBER', `no pairwise key with member ${other}`);
    return pairSubkey(k, use, from, to);
  }

  wipe(): void {
    for (const k of this.keys) k?.fill(0);
  }
}

// Position of recipient `to` in the tag list of sender `from` (tags skip the sender's own index).
export const tagSlot = (from: number, to: number): number => (to < from ? to : to - 1);
