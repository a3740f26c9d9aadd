// Test groups: N members with fresh identities running the key agreement over an in-memory
// broadcast (every packet to every member, the sender too, as the relay does), in an order
// drawn from a seed, with an optional hook that rewrites or drops packets per recipient.

import { crypto } from './core.js';
import { decode, encode, type Packet } from '../../ts/protocol/packets.js';
import { Roster } from '../../ts/protocol/roster.js';
import { Run, type RunPacket, type RunStep } from '../../ts/protocol/run/run.js';
import { seededRandom } from './seeded.js';

export interface Member {
  run: Run;
  established?: NonNullable<RunStep['established']>;
  aborted?: NonNullable<RunStep['aborted']>;
  blamed?: NonNullable<RunStep['blamed']>;
}

export type Tamper = (p: Packet, to: number) => Packet | undefined;

export function newGroup(n: number): Member[] {
  const ids = Array.from({ length: n }, () => {
    const secret = crypto.randomBytes(32);
    return { secret, key: crypto.x25519Base(secret) };
  });
  const roster = new Roster(ids.map((i) => i.key));
  const groupId = crypto.randomBytes(16);
  const runId = crypto.randomBytes(32);
  const members = ids.map((id) => ({ run: new Run({ groupId, runId, previousEpochId: new Uint8Array(16), roster, identitySecret: id.secret, identityKey: id.key }) }));
  // In roster order, so members[j].run.self === j.
  return members.sort((a, b) => a.run.self - b.run.self);
}

export function runKeyAgreement(members: Member[], seed: number, tamper?: Tamper): void {
  const rnd = seededRandom(seed);
  const queue: { bytes: Uint8Array; to: number }[] = [];
  const post = (step: RunStep, m: Member): void => {
    if (step.established) m.established = step.established;
    if (step.aborted) m.aborted = step.aborted;
    if (step.blamed) m.blamed = step.blamed;
    for (const bytes of step.send) for (let to = 0; to < members.length; to++) queue.push({ bytes, to });
  };
  members.forEach((m) => post(m.run.start(), m));
  while (queue.length > 0) {
    const { bytes, to } = queue.splice(Math.floor(rnd() * queue.length), 1)[0]!;
    let p = decode(bytes);
    let raw = bytes;
    if (tamper) {
      const t = tamper(p, to);
      if (t === undefined) continue;
      if (t !== p) raw = encode((p = t));
    }
    const m = members[to]!;
    post(m.run.receive(p as RunPacket, raw), m);
  }
}
