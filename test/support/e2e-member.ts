// One chat member for the end-to-end test, the same code in Node, Deno and Chromium: a session
// on the relay, driven by commands and reporting what it shows as JSON-able events. Each runtime
// entry (e2e-node-member, e2e-deno-member, e2e-browser-member) supplies the store, the
// transport and the two ends of the pipe.

import { fromHex, toHex } from '../../ts/bytes.js';
import { identityFromSecret } from '../../ts/protocol/identity.js';
import { Session } from '../../ts/session/session.js';
import type { ChatMessage } from '../../ts/session/history.js';
import type { StateStore, Transport } from '../../ts/session/ports.js';

export interface MemberConfig {
  name: string;
  secret: string; // identity secret key, hex
  storageKey: string; // hex
  invite: string;
  dir?: string; // Node and Deno: the state directory
}

export type MemberEvent =
  | { ev: 'started'; history: ShownMessage[] }
  | { ev: 'caught-up' }
  | { ev: 'active'; groupCode: string }
  | { ev: 'message'; message: ShownMessage }
  | { ev: 'status'; key: string; status: string }
  | { ev: 'alarm'; kind: string; code: string }
  | { ev: 'digest'; digest: string | undefined }
  | { ev: 'sent'; key: string }
  | { ev: 'error'; message: string }
  | { ev: 'stopped' };

export type MemberCommand = { cmd: 'send'; text: string } | { cmd: 'digest' } | { cmd: 'stop' };

export interface ShownMessage {
  key: string;
  from: string; // identity key, hex
  text: string;
  own: boolean;
}

// Fast timers so the test stays short; the defaults are for people.
export const E2E_ENGINE = { ackDelayMs: 100, resendMs: 1000, runResendMs: 1000 };

const shown = (m: ChatMessage): ShownMessage => ({ key: m.key, from: toHex(m.from), text: m.text, own: m.own });

export async function runMember(config: MemberConfig, store: StateStore | (() => Promise<StateStore>), transport: Transport, emit: (e: MemberEvent) => void): Promise<(c: MemberCommand) => Promise<void>> {
  const session = new Session({ identity: identityFromSecret(fromHex(config.secret)), transport, store, invite: config.invite, engine: E2E_ENGINE, tickMs: 50 });
  session.on('caught-up', () => emit({ ev: 'caught-up' }));
  session.on('active', (e) => emit({ ev: 'active', groupCode: e.groupCode }));
  session.on('message', (e) => emit({ ev: 'message', message: shown(e.message) }));
  session.on('status', (e) => emit({ ev: 'status', key: e.message.key, status: e.message.status }));
  session.on('alarm', (e) => emit({ ev: 'alarm', kind: e.kind, code: e.error?.code ?? e.message }));
  session.on('closed', (e) => e.error && emit({ ev: 'error', message: e.error.message }));
  await session.start();
  // What the member shows right after a start: its saved history, before anything new arrives.
  emit({ ev: 'started', history: session.messages.map(shown) });
  if (session.isActive) emit({ ev: 'active', groupCode: session.groupCode! });
  return async (c) => {
    try {
      if (c.cmd === 'send') emit({ ev: 'sent', key: (await session.send(c.text)).key });
      else if (c.cmd === 'digest') emit({ ev: 'digest', digest: session.digest });
      else {
        await session.stop();
        emit({ ev: 'stopped' });
      }
    } catch (e) {
      emit({ ev: 'error', message: (e as Error).message });
    }
  };
}
