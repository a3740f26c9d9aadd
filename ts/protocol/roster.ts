// The members of a run or epoch: identity keys ordered by their bytes (ascending), so every
// member derives the same indices from the same set. Index j's neighbours are j-1 and j+1 mod N.

import { toHex } from '../bytes.js';
import { isCanonicalX25519PublicKey } from '../crypto/x25519.js';
import { ProtocolError } from './errors.js';
import { MAX_MEMBERS } from './packets.js';

export class Roster {
  readonly keys: readonly Uint8Array[];
  private readonly index: Map<string, number>;

  constructor(identityKeys: readonly Uint8Array[]) {
    if (identityKeys.length < 2 || identityKeys.length > MAX_MEMBERS) {
      throw new ProtocolError('WRONG_STATE', `a group has 2 to ${MAX_MEMBERS} members, not ${identityKeys.length}`);
    }
    for (const k of identityKeys) {
      if (!isCanonicalX25519PublicKey(k)) throw new ProtocolError('INVALID_KEY', 'an identity key is not a canonical X25519 public key');
    }
    const sorted = [...identityKeys].sort(compareBytes);
    this.index = new Map(sorted.map((k, i) => [toHex(k), i]));
    if (this.index.size !== sorted.length) throw new ProtocolError('INVALID_KEY', 'an identity key is listed twice');
    this.keys = sorted.map((k) => k.slice());
  }

  get size(): number {
    return this.keys.length;
  }

  indexOf(identityKey: Uint8Array): number {
    const i = this.index.get(toHex(identityKey));
    if (i === undefined) throw new ProtocolError('NOT_A_MEMBER', 'identity key not in the member list');
    return i;
  }

  has(identityKey: Uint8Array): boolean {
    return this.index.has(toHex(identityKey));
  }

  next(j: number): number {
    return (j + 1) % this.keys.length;
  }

  prev(j: number): number {
    return (j + this.keys.length - 1) % this.keys.length;
  }
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
