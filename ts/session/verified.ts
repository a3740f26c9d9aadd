// The identity keys a person has confirmed out of band (compared safety numbers). The UI says
// whose are unverified; the set is saved with the session (or wherever the app keeps it).

import { checkBytes, toHex } from '../bytes.js';
import { InvalidArgumentError } from '../errors.js';
import { Reader, Writer } from '../protocol/bytes-codec.js';
import { checkPublicIdentity } from '../protocol/identity.js';
import { MAX_MEMBERS } from '../protocol/packets.js';
import { compareBytes } from '../protocol/roster.js';

// Bounded so a stored set cannot make load allocate without limit.
export const MAX_VERIFIED = 16 * MAX_MEMBERS;

export class VerifiedSet {
  private readonly keys = new Map<string, Uint8Array>();

  constructor(keys: Iterable<Uint8Array> = []) {
    for (const k of keys) this.add(k);
  }

  add(identityKey: Uint8Array): void {
    checkPublicIdentity('identityKey', identityKey);
    if (!this.keys.has(toHex(identityKey)) && this.keys.size >= MAX_VERIFIED) throw new InvalidArgumentError('identityKey', `the set already holds ${MAX_VERIFIED} keys`);
    this.keys.set(toHex(identityKey), identityKey.slice());
  }

  delete(identityKey: Uint8Array): boolean {
    checkBytes('identityKey', identityKey, 32);
    return this.keys.delete(toHex(identityKey));
  }

  has(identityKey: Uint8Array): boolean {
    return this.keys.has(toHex(identityKey));
  }

  // Those of `members` not in the set (one's own key is never listed: nobody verifies oneself).
  unverified(members: readonly Uint8Array[], self?: Uint8Array): Uint8Array[] {
    const own = self === undefined ? undefined : toHex(self);
    return members.filter((k) => toHex(k) !== own && !this.keys.has(toHex(k))).map((k) => k.slice());
  }

  get size(): number {
    return this.keys.size;
  }

  toBytes(): Uint8Array {
    const sorted = [...this.keys.values()].sort(compareBytes);
    const w = new Writer(4 + 32 * sorted.length).u32(sorted.length);
    for (const k of sorted) w.bytes(k);
    return w.finish();
  }

  static fromBytes(bytes: Uint8Array): VerifiedSet {
    checkBytes('bytes', bytes);
    const r = new Reader(bytes, 'verified set');
    const n = r.count('u32', 0, MAX_VERIFIED, 'keys');
    const set = new VerifiedSet();
    for (let i = 0; i < n; i++) set.add(r.bytes(32, 'identity key'));
    r.end();
    return set;
  }
}
