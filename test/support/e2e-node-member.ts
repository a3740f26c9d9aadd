// The Node member of the end-to-end test (a child process): state in an encrypted file store,
// the WebSocket transport over the `ws` package (Node 20 has no global WebSocket). Config as
// JSON in argv[2]; commands as JSON lines on stdin; events as JSON lines on stdout.

import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { initSync } from '../../bindings/node/index.js';
import { fromHex } from '../../ts/bytes.js';
import { decodeInvite } from '../../ts/session/invite.js';
import { openFileStateStore } from '../../ts/store/file-store.js';
import { webSocketTransport, type WebSocketConstructor } from '../../ts/transport/websocket.js';
import { runMember, type MemberCommand, type MemberConfig } from './e2e-member.js';

initSync();
const config = JSON.parse(process.argv[2]!) as MemberConfig;
const emit = (e: object): void => void process.stdout.write(`${JSON.stringify(e)}\n`);
try {
  const transport = webSocketTransport(decodeInvite(config.invite).relayUrl!, { WebSocket: WebSocket as unknown as WebSocketConstructor, backoffInitialMs: 100, backoffMaxMs: 1000 });
  const store = () => openFileStateStore({ directory: config.dir!, name: config.name, storageKey: fromHex(config.storageKey) });
  const command = await runMember(config, store, transport, emit);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const c = JSON.parse(line) as MemberCommand;
    await command(c);
    if (c.cmd === 'stop') break;
  }
  process.exit(0);
} catch (e) {
  emit({ ev: 'error', message: (e as Error).message });
  process.exit(1);
}
