// The Chromium member of the end-to-end test (bundled by the test with esbuild): the browser
// binding, the encrypted IndexedDB store under a Web Lock, the browser's WebSocket. Config as
// JSON in the page's hash; events go to the test through the exposed function e2eEvent, commands
// come in through globalThis.e2eCommand.

import { init } from '../../bindings/browser/index.js';
import { fromHex } from '../../ts/bytes.js';
import { decodeInvite } from '../../ts/session/invite.js';
import { openIndexedDbStateStore } from '../../ts/store/indexeddb-store.js';
import { webSocketTransport } from '../../ts/transport/websocket.js';
import { runMember, type MemberCommand, type MemberConfig } from './e2e-member.js';

const page = globalThis as unknown as { e2eEvent(json: string): void; e2eCommand?: (c: MemberCommand) => Promise<void>; location: { hash: string } };
const emit = (e: object): void => void page.e2eEvent(JSON.stringify(e));
try {
  await init();
  const config = JSON.parse(decodeURIComponent(page.location.hash.slice(1))) as MemberConfig;
  const transport = webSocketTransport(decodeInvite(config.invite).relayUrl!, { backoffInitialMs: 100, backoffMaxMs: 1000 });
  const store = () => openIndexedDbStateStore({ name: config.name, storageKey: fromHex(config.storageKey) });
  page.e2eCommand = await runMember(config, store, transport, emit);
} catch (e) {
  emit({ ev: 'error', message: (e as Error).message });
}
