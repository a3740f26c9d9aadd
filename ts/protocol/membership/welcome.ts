// The Welcome of an addition (PROTOCOL.md "Membership: Welcome"): the run's roster, encrypted to
// each joiner. The proposer draws an ephemeral X25519 key E; joiner J's box is keyed from
// X25519(e, B_J), so only J (with b_J) opens it and the relay learns no identity key.

import { wipe } from '../../bytes.js';
import { aes256Ctr } from '../../crypto/aes.js';
import { constantTimeEqual } from '../../crypto/hash.js';
import { randomBytes } from '../../crypto/random.js';
import { isCanonicalX25519PublicKey, x25519, x25519Base } from '../../crypto/x25519.js';
import { SmmpError } from '../../errors.js';
import { welcomeKeys, welcomeTag } from '../keyschedule.js';
import type { Welcome } from '../packets.js';
import { TAG_LENGTH } from '../keyschedule.js';
import { Roster } from '../roster.js';

export function sealWelcome(groupId: Uint8Array, runId: Uint8Array, previousEpochId: Uint8Array, roster: Roster, joiners: readonly Uint8Array[]): Welcome {
  const e = randomBytes(32);
  const E = x25519Base(e);
  const plain = new Uint8Array(roster.size * 32);
  roster.keys.forEach((k, i) => plain.set(k, i * 32));
  const boxes = joiners.map((B) => {
    const dh = x25519(e, B);
    const k = welcomeKeys(dh, runId, E, B);
    const ct = aes256Ctr(k.enc, k.iv, plain);
    const tag = welcomeTag(k.mac, runId, E, ct);
    wipe(dh, k.enc, k.mac);
    const box = new Uint8Array(ct.length + TAG_LENGTH);
    box.set(ct);
    box.set(tag, ct.length);
    return box;
  });
  wipe(e);
  return { kind: 'Welcome', groupId, runId, n: roster.size, previousEpochId, ephemeral: E, boxes };
}

// The roster a Welcome gives this identity, or undefined if no box is for it (or the Welcome is
// not well formed: it is unauthenticated, so anything wrong just means "not for us").
export function openWelcome(w: Welcome, identity: { secretKey: Uint8Array; publicKey: Uint8Array }): Roster | undefined {
  if (!isCanonicalX25519PublicKey(w.ephemeral)) return undefined;
  let dh: Uint8Array;
  try {
    dh = x25519(identity.secretKey, w.ephemeral);
  } catch (e) {
    if (e instanceof SmmpError) return undefined;
    throw e;
  }
  const k = welcomeKeys(dh, w.runId, w.ephemeral, identity.publicKey);
  wipe(dh);
  try {
    for (const box of w.boxes) {
      const ct = box.subarray(0, box.length - TAG_LENGTH);
      if (!constantTimeEqual(welcomeTag(k.mac, w.runId, w.ephemeral, ct), box.subarray(box.length - TAG_LENGTH))) continue;
      const plain = aes256Ctr(k.enc, k.iv, ct);
      const keys = Array.from({ length: w.n }, (_, i) => plain.slice(i * 32, i * 32 + 32));
      try {
        const roster = new Roster(keys);
        return roster.has(identity.publicKey) ? roster : undefined;
      } catch (e) {
        if (e instanceof SmmpError) return undefined;
        throw e;
      }
    }
    return undefined;
  } finally {
    wipe(k.enc, k.mac);
  }
}
