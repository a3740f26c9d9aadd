// Sessions for runner tests: members on one in-process relay (the real relay core behind the
// in-memory transport), each with a store that records which state is durable, fast engine
// timers, and bounded waits.

import { RelayCore } from '../../ts/relay/core.js';
import { memoryTransport } from '../../ts/transport/memory.js';
import { MemoryStateStore, type StateStore } from '../../ts/store/state-store.js';
import { generateIdentity, type Identity } from '../../ts/protocol/identity.js';
import { Session, type SessionEvent, type SessionOptions } from '../../ts/session/session.js';
import { createInvite, type Invite } from '../../ts/session/invite.js';
import type { Transport } from '../../ts/session/ports.js';

export const FAST = { ackDelayMs: 30, resendMs: 300, runResendMs: 300, unacknowledgedMs: 1500 };

// A memory store that remembers the last state whose save has completed (is durable).
export class RecordingStore implements StateStore {
  private readonly inner = new MemoryStateStore();
  durable: Uint8Array | undefined;
  saves = 0;
  failNext: Error | undefined;

  async load(): Promise<Uint8Array | undefined> {
    return this.inner.load();
  }

  async save(state: Uint8Array): Promise<void> {
    if (this.failNext) throw this.failNext;
    const copy = state.slice();
    await this.inner.save(state);
    this.durable = copy;
    this.saves++;
  }
}

export interface Member {
  name: string;
  identity: Identity;
  store: RecordingStore;
  session: Session;
  events: SessionEvent[];
}

export class Group {
  readonly relay = new RelayCore();
  readonly members: Member[] = [];
  readonly invite: Invite;

  constructor(readonly names: string[], readonly wrap: (t: Transport, m: { name: string; identity: Identity; store: RecordingStore }) => Transport = (t) => t) {
    const ids = names.map(() => generateIdentity());
    this.invite = createInvite({ members: ids.map((i) => i.publicKey) });
    names.forEach((name, i) => this.members.push(this.member(name, ids[i]!, new RecordingStore())));
  }

  member(name: string, identity: Identity, store: RecordingStore, extra: Partial<SessionOptions> = {}): Member {
    const transport = this.wrap(memoryTransport(this.relay, { backoffInitialMs: 20, backoffMaxMs: 200 }), { name, identity, store });
    const session = new Session({ identity, transport, store, invite: this.invite, engine: FAST, tickMs: 20, ...extra });
    const m: Member = { name, identity, store, session, events: [] };
    for (const type of ['progress', 'established', 'active', 'proposal', 'dropped', 'member-left', 'removed', 'left', 'message', 'status', 'alarm', 'connection', 'gap', 'caught-up', 'digest', 'closed'] as const) {
      session.on(type, (e) => m.events.push(e));
    }
    return m;
  }

  // Replaces member i with a new session on the same identity and store (a restart).
  restart(i: number, extra: Partial<SessionOptions> = {}): Member {
    const old = this.members[i]!;
    const m = this.member(old.name, old.identity, old.store, extra);
    this.members[i] = m;
    return m;
  }

  async start(): Promise<void> {
    await Promise.all(this.members.map((m) => m.session.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.members.map((m) => m.session.stop()));
    await this.relay.close();
  }
}

export async function waitFor(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// What member m shows: its kept history's texts, by sender name.
export function shown(g: Group, m: Member): string[] {
  const name = (k: Uint8Array): string => g.members.find((x) => Buffer.compare(x.identity.publicKey, k) === 0)?.name ?? '?';
  return m.session.messages.map((x) => `${name(x.from)}: ${x.text}`);
}
