// Round 1 (PROTOCOL.md "Round 1: Hello"): checks on the collected Hellos, and sid and T1.

import { ed25519IsValidPublicKey } from '../../crypto/ed25519.js';
import { ristretto255 } from '../../crypto/ristretto255.js';
import { isCanonicalX25519PublicKey } from '../../crypto/x25519.js';
import { ProtocolError } from '../errors.js';
import { sessionId, transcript1 } from '../keyschedule.js';
import type { Hello } from '../packets.js';
import type { Roster } from '../roster.js';

export interface HelloResult {
  sid: Uint8Array;
  t1: Uint8Array;
}

// Checks each Hello's values as it arrives; throws attributing the failure to its sender.
export function checkHelloValues(h: Hello): void {
  for (const [name, key] of [['R', h.R], ['Q', h.Q]] as const) {
    if (!isCanonicalX25519PublicKey(key)) throw new ProtocolError('INVALID_KEY', `Hello ${name} of member ${h.j} is not a canonical X25519 key`, h.j);
  }
  if (!ed25519IsValidPublicKey(h.S)) throw new ProtocolError('INVALID_KEY', `Hello S of member ${h.j} is not a canonical Ed25519 key of large order`, h.j);
  if (!ristretto255.isValid(h.H)) throw new ProtocolError('INVALID_KEY', `Hello H of member ${h.j} is not a ristretto255 encoding`, h.j);
  if (h.H.every((b) => b === 0)) throw new ProtocolError('INVALID_KEY', `Hello H of member ${h.j} is the identity`, h.j);
}

// With every member's Hello (in index order, raw bytes as received, the own one as sent).
export function completeHellos(groupId: Uint8Array, runId: Uint8Array, previousEpochId: Uint8Array, roster: Roster, hellos: readonly Hello[], raw: readonly Uint8Array[]): HelloResult {
  // No ephemeral value may repeat, within or across members: a repeat means a replayed or
  // copied Hello, and R = Q would tie the ratchet to the triple-DH. Values are indexed by their
  // first six bytes (public values: no need for constant time); only on a shared prefix, which
  // honest random values practically never have, are whole values compared.
  const first = new Map<number, number>(); // prefix -> index of the first value with it
  const values: Uint8Array[] = [];
  const owner: number[] = [];
  for (const h of hellos) {
    for (const v of [h.R, h.Q, h.S, h.H, h.nonce]) {
      const k = prefix(v);
      if (first.has(k)) {
        for (let i = first.get(k)!; i < values.length; i++) {
          if (prefix(values[i]!) === k && sameBytes(values[i]!, v)) throw new ProtocolError('REPEATED_VALUE', `members ${owner[i]} and ${h.j} sent the same ephemeral value`);
        }
      } else {
        first.set(k, values.length);
      }
      values.push(v);
      owner.push(h.j);
    }
  }
  const sid = sessionId(groupId, runId, previousEpochId, roster.keys, hellos.map((h) => h.nonce));
  return { sid, t1: transcript1(sid, raw) };
}

const prefix = (v: Uint8Array): number => v[0]! + v[1]! * 2 ** 8 + v[2]! * 2 ** 16 + v[3]! * 2 ** 24 + v[4]! * 2 ** 32 + v[5]! * 2 ** 40;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
