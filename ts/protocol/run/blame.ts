// The Blame round (PROTOCOL.md "Blame"): after a run fails without a certain culprit (a failed
// pairwise tag, a failed sum check or confirmation), every member that has not established
// reveals its BD secret h with the H and X values it received. Each member then checks every
// revealed secret against what it received itself, and names the members whose values do not
// fit. An honest member's values always fit (over an honest network): it sends one Hello to
// all, and its X is h times the difference of the neighbours' H values it saw, which its Blame
// reports.

import { bd } from '../../crypto/bd.js';
import { constantTimeEqual } from '../../crypto/hash.js';
import { ristretto255 } from '../../crypto/ristretto255.js';
import { scalar } from '../../crypto/scalar.js';
import { SmmpError } from '../../errors.js';
import { keyTag } from '../keyschedule.js';
import type { Blame, Hello, Key } from '../packets.js';
import type { Roster } from '../roster.js';
import { tagSlot, type PairKeys } from './pairwise.js';

export interface View {
  self: number;
  roster: Roster;
  sid: Uint8Array;
  t1: Uint8Array;
  pair: PairKeys;
  hellos: readonly Hello[]; // as received (own as sent)
  keys: readonly Key[]; // as received (own as sent)
}

// Why member b.j is named, or undefined if its values fit this member's view.
export function judge(v: View, b: Blame): string | undefined {
  const l = b.j;
  if (!scalar.isCanonical(b.h) || b.h.every((x) => x === 0)) return 'it revealed an invalid secret';
  if (!constantTimeEqual(ristretto255.scalarMultBase(b.h), v.hellos[l]!.H)) {
    return 'the H in its Hello does not fit the secret it revealed (it sent different Hellos, or the network changed it)';
  }
  // X is only held against l when l's own tag vouches that l sent it to this member.
  const key = v.keys[l]!;
  const tagOk = constantTimeEqual(keyTag(v.pair.subkey('key', l, v.self), v.sid, v.t1, l, key.X), key.tags.at(tagSlot(l, v.self))!);
  if (!tagOk) return undefined;
  let expected: Uint8Array;
  try {
    expected = bd.round2(b.h, b.heard[v.roster.next(l)]!, b.heard[v.roster.prev(l)]!);
  } catch (e) {
    if (e instanceof SmmpError) return 'it reports neighbour values that are not group elements';
    throw e;
  }
  if (!constantTimeEqual(expected, key.X)) return 'the X it sent here does not fit its secret and the neighbour values it reports';
  return undefined;
}
