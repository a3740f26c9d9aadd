// Whether a stolen state holds a key that opens a packet: every 32-byte window of the snapshot,
// taken as a message key or as a chain key walked up to four steps forward, is tried against the
// packet's tag (as member `sender`, sequence numbers below 8). Used by the forward- and
// future-secrecy tests; a control in each shows the search finds keys that are there.

import { crypto } from './core.js';
import { bodyTag, chainStep, packetKeys } from '../../ts/protocol/keyschedule.js';
import { dataAuthenticated, decode } from '../../ts/protocol/packets.js';

export function snapshotOpens(snapshot: Uint8Array, packet: Uint8Array, sender: number): boolean {
  const p = decode(packet);
  if (p.kind !== 'Data') throw new Error('not a data packet');
  const auth = dataAuthenticated(p);
  for (let i = 0; i + 32 <= snapshot.length; i++) {
    let chain: Uint8Array = snapshot.slice(i, i + 32);
    const candidates: Uint8Array[] = [chain];
    for (let step = 0; step < 4; step++) {
      const { messageKey, next } = chainStep(chain);
      candidates.push(messageKey);
      chain = next;
    }
    for (const mk of candidates) {
      const k = packetKeys(mk, p.nonce);
      for (let seq = 0; seq < 8; seq++) if (crypto.constantTimeEqual(bodyTag(k.macKey, auth, sender, seq), p.tag)) return true;
    }
  }
  return false;
}
