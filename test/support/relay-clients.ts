// Test clients for the relay: a Member records what its transport delivers; `until` polls for a
// condition with a deadline; `cuttableLinks` gives in-process links the test can cut mid-flight
// (frames stop arriving, as when a network drops, then the link closes).

import assert from 'node:assert/strict';
import type { RelayCore } from '../../ts/relay/core.js';
import type { HistoryGap, RoomCursor, RoomPacket, TransportEvent } from '../../ts/transport/transport.js';
import type { RelayTransport } from '../../ts/transport/relay-transport.js';
import type { Link, LinkFactory } from '../../ts/transport/link.js';
import { memoryLinks } from '../../ts/transport/memory.js';

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
export const untext = (b: Uint8Array): string => new TextDecoder().decode(b);

export async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const open = new Set<Member>();

// Closes every member still open: for `finally`, so a failed assertion cannot leave transports
// reconnecting and the test process running.
export async function closeMembers(): Promise<void> {
  await Promise.all([...open].map((m) => m.transport.close()));
  open.clear();
}

export class Member {
  readonly packets: RoomPacket[] = [];
  readonly arrivals: number[] = []; // performance.now() at each packet's delivery
  readonly events: TransportEvent[] = [];
  readonly gaps: HistoryGap[] = [];

  constructor(
    readonly name: string,
    readonly transport: RelayTransport,
    room: Uint8Array,
    cursor: RoomCursor | null = null,
  ) {
    open.add(this);
    transport.open(room, cursor, {
      packet: (p) => {
        this.packets.push(p);
        this.arrivals.push(performance.now());
      },
      status: (e) => this.events.push(e),
      gap: (g) => this.gaps.push(g),
    });
  }

  get texts(): string[] {
    return this.packets.map((p) => untext(p.data));
  }

  get seqs(): number[] {
    return this.packets.map((p) => p.seq);
  }

  statuses(): string[] {
    return this.events.map((e) => e.status);
  }

  count(status: TransportEvent['status']): number {
    return this.events.filter((e) => e.status === status).length;
  }

  closedEvent(): Extract<TransportEvent, { status: 'closed' }> | undefined {
    return this.events.find((e): e is Extract<TransportEvent, { status: 'closed' }> => e.status === 'closed');
  }

  caughtUp(): Promise<void> {
    return until(() => this.count('caught-up') > 0, `${this.name} caught up`);
  }

  has(n: number, timeoutMs?: number): Promise<void> {
    return until(() => this.packets.length >= n, `${this.name} to hold ${n} packets (has ${this.packets.length})`, timeoutMs);
  }

  say(s: string): void {
    this.transport.publish(text(s));
  }
}

// Dense from `first`, no repeats.
export function assertDense(seqs: number[], first = 1): void {
  seqs.forEach((s, i) => assert.equal(s, first + i, `seq at ${i} is ${s}, expected ${first + i}`));
}

// In-process links the test can cut: `deafen()` stops frames to the client on the newest link
// (what the relay sends is lost, what the client sends still arrives); `cut()` drops it like a
// dead network: frames in either direction stop, then the transport sees it close (1006).
export function cuttableLinks(core: RelayCore): { factory: LinkFactory; deafen(): void; cut(): void; count(): number } {
  const inner = memoryLinks(core);
  const cuts: (() => void)[] = [];
  const deafens: (() => void)[] = [];
  return {
    factory: (events, attempt) => {
      let dead = false;
      let deaf = false;
      const made = inner(
        {
          open: () => !dead && events.open(),
          frame: (b, bin) => !dead && !deaf && events.frame(b, bin),
          close: (code, reason) => !dead && events.close(code, reason),
        },
        attempt,
      );
      deafens.push(() => (deaf = true));
      const link: Link = {
        send: (f) => !dead && made.link.send(f),
        close: (code, reason) => made.link.close(code, reason),
      };
      cuts.push(() => {
        dead = true;
        made.link.close(1000, 'cut');
        queueMicrotask(() => events.close(1006, 'cut'));
      });
      return { link };
    },
    deafen: () => deafens[deafens.length - 1]!(),
    cut: () => cuts[cuts.length - 1]!(),
    count: () => cuts.length,
  };
}
