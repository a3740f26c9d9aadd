// Chat controllers for tests: members on one in-process relay core (the in-memory transport runs
// the real wire protocol and transport logic), each with its own identity and state store, fast
// engine timers, and bounded waits on what their screens show.

import { RelayCore } from '../../ts/relay/core.js';
import { memoryTransport } from '../../ts/transport/memory.js';
import { MemoryStateStore } from '../../ts/store/state-store.js';
import { generateIdentity, type Identity } from '../../ts/protocol/identity.js';
import type { StateStore } from '../../ts/session/index.js';
import { ChatController } from '../../examples/chat-core/controller.js';
import { entryText } from '../../examples/chat-core/format.js';

export const FAST = { ackDelayMs: 30, resendMs: 300, runResendMs: 300, unacknowledgedMs: 1500 };

export interface ChatMember {
  name: string;
  identity: Identity;
  store: StateStore;
  chat: ChatController;
}

export class ChatRoomFixture {
  readonly relay = new RelayCore();
  readonly members: ChatMember[] = [];

  member(name: string, identity = generateIdentity(), store: StateStore = new MemoryStateStore()): ChatMember {
    const chat = new ChatController({
      identity,
      store,
      connect: async () => memoryTransport(this.relay, { backoffInitialMs: 20, backoffMaxMs: 200 }),
      relayForNewGroup: async () => 'ws://127.0.0.1:1/',
      engine: FAST,
      tickMs: 20,
    });
    const m = { name, identity, store, chat };
    this.members.push(m);
    return m;
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((m) => m.chat.stop()));
    await this.relay.close();
  }
}

// Everything the pane holds, one entry a line, as the terminal prints it before wrapping.
export const screen = (c: ChatController): string => c.entries.map(entryText).join('\n');

// The last invite (or key) the chat printed to copy.
export function lastCode(c: ChatController, prefix = 'smmp1:'): string {
  for (let i = c.entries.length - 1; i >= 0; i--) {
    const e = c.entries[i]!;
    if (e.kind === 'note' && e.code === true && e.text.startsWith(prefix)) return e.text;
  }
  throw new Error(`no ${prefix} text on the screen:\n${screen(c)}`);
}

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 10_000, context: () => string = () => ''): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${context()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;
