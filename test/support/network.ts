// A simulated relay for engine tests: every packet goes to every member, its sender included,
// in an order, with losses and with duplicates drawn from a seed. Delivery takes no time: time
// advances only when nothing is in flight, and then every member's tick runs (re-sends,
// acknowledgements, timeouts).

import { GroupMember, type EngineOptions, type GroupEvent, type Output } from '../../ts/protocol/engine.js';
import { generateIdentity, type Identity } from '../../ts/protocol/identity.js';
import { crypto } from './core.js';
import { seededRandom } from './seeded.js';

export interface SimMember {
  identity: Identity;
  engine: GroupMember;
  events: GroupEvent[];
}

export interface NetworkOptions {
  seed: number;
  duplicate?: number; // probability that a delivery happens twice
  loss?: number; // probability that a delivery is dropped
  // Deliver in the order packets were posted, as a relay does (its room order); duplicates and
  // losses still apply. Membership changes need it: proposals are decided in relay order.
  ordered?: boolean;
  engine?: EngineOptions;
  // Rewrites (or drops, with undefined) a delivery: a hostile relay or an equivocating sender.
  tamper?: (packet: Uint8Array, to: number) => Uint8Array | undefined;
}

export class Network {
  readonly members: SimMember[] = [];
  private queue: { packet: Uint8Array; to: number }[] = [];
  // Members that are gone: nothing reaches them, their clocks stop.
  readonly offline = new Set<number>();
  private readonly rnd: () => number;
  now = 0;

  constructor(private readonly opts: NetworkOptions) {
    this.rnd = seededRandom(opts.seed);
  }

  static group(n: number, opts: NetworkOptions): Network {
    const net = new Network(opts);
    const ids = Array.from({ length: n }, () => generateIdentity());
    const groupId = crypto.randomBytes(16);
    const outputs = ids.map((identity) => {
      const { member, output } = GroupMember.create(identity, { groupId, members: ids.map((i) => i.publicKey), now: net.now }, opts.engine);
      net.members.push({ identity, engine: member, events: [] });
      return output;
    });
    // Posted once everyone exists, so every Hello reaches every member.
    outputs.forEach((out, i) => net.post(i, out));
    return net;
  }

  // Every packet any member has posted, in order.
  readonly log: Uint8Array[] = [];

  post(from: number, out: Output): void {
    this.members[from]!.events.push(...out.events);
    this.log.push(...out.packets);
    for (const packet of out.packets) {
      for (let to = 0; to < this.members.length; to++) {
        if (this.offline.has(to)) continue;
        if (this.opts.loss && this.rnd() < this.opts.loss) continue;
        this.queue.push({ packet, to });
        if (this.opts.duplicate && this.rnd() < this.opts.duplicate) this.queue.push({ packet, to });
      }
    }
  }

  // Delivers until nothing is in flight. `hold` keeps matching deliveries back (they stay queued).
  run(hold?: (packet: Uint8Array, to: number) => boolean): void {
    for (;;) {
      const ready = hold ? this.queue.filter((d) => !hold(d.packet, d.to)) : this.queue;
      if (ready.length === 0) return;
      const d = ready[this.opts.ordered ? 0 : Math.floor(this.rnd() * ready.length)]!;
      this.queue.splice(this.queue.indexOf(d), 1);
      const packet = this.opts.tamper ? this.opts.tamper(d.packet, d.to) : d.packet;
      if (packet !== undefined) this.post(d.to, this.members[d.to]!.engine.receive(packet, this.now));
    }
  }

  // Delivers and lets time pass (in steps of `stepMs`) until nothing is in flight and no member
  // has anything to send, or `maxMs` of simulated time have passed.
  settle(stepMs = 500, maxMs = 600_000): void {
    const end = this.now + maxMs;
    this.quietSince = undefined;
    for (;;) {
      this.run();
      if (this.now >= end) return;
      this.now += stepMs;
      let sent = 0;
      this.members.forEach((m, i) => {
        if (this.offline.has(i)) return;
        const out = m.engine.tick(this.now);
        sent += out.packets.length;
        this.post(i, out);
      });
      if (sent === 0 && this.quietSince === undefined) this.quietSince = this.now;
      if (sent > 0) this.quietSince = undefined;
      // Quiet for a while: every timer that could still fire (acks, re-sends) has had its chance.
      if (this.quietSince !== undefined && this.now - this.quietSince > 120_000) return;
    }
  }

  private quietSince: number | undefined;

  // A member that joins an existing group: it receives what is posted from now on (an invite
  // carries the room position to start from).
  join(identity: Identity): number {
    this.members.push({ identity, engine: GroupMember.join(identity, { groupId: this.members[0]!.engine.groupId }, this.opts.engine), events: [] });
    return this.members.length - 1;
  }

  // Runs a command on member `i` and posts its output.
  act(i: number, command: (engine: GroupMember) => Output): void {
    this.post(i, command(this.members[i]!.engine));
  }

  send(from: number, text: string): void {
    this.post(from, this.members[from]!.engine.send(new TextEncoder().encode(text), this.now));
  }

  // Messages each member has been shown, as "sender-index:text", in arrival order.
  received(to: number): string[] {
    const keys = this.members.map((m) => crypto.sha256(m.identity.publicKey).join(','));
    return this.members[to]!.events.flatMap((e) => (e.type === 'message' ? [`${keys.indexOf(crypto.sha256(e.from).join(','))}:${new TextDecoder().decode(e.content)}`] : []));
  }

  inFlight(): number {
    return this.queue.length;
  }
}
