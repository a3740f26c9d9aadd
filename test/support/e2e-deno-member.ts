// The Deno member of the end-to-end test, run by Deno from dist/ (compiled JS): the Deno binding,
// an encrypted file store (node:fs in Deno), Deno's global WebSocket. Config as JSON in the first
// argument; commands as JSON lines on stdin; events as JSON lines on stdout.

import { init } from '../../bindings/deno/mod.js';
import { fromHex } from '../../ts/bytes.js';
import { decodeInvite } from '../../ts/session/invite.js';
import { openFileStateStore } from '../../ts/store/file-store.js';
import { webSocketTransport } from '../../ts/transport/websocket.js';
import { runMember, type MemberCommand, type MemberConfig } from './e2e-member.js';

// Only what this file uses of the Deno namespace, typed here so tsc compiles it too.
interface DenoApi {
  args: string[];
  stdin: { readable: ReadableStream<Uint8Array> };
  exit(code: number): never;
}
const Deno = (globalThis as unknown as { Deno: DenoApi }).Deno;

await init();
const config = JSON.parse(Deno.args[0]!) as MemberConfig;
const emit = (e: object): void => console.log(JSON.stringify(e));
try {
  const transport = webSocketTransport(decodeInvite(config.invite).relayUrl!, { backoffInitialMs: 100, backoffMaxMs: 1000 });
  const store = () => openFileStateStore({ directory: config.dir!, name: config.name, storageKey: fromHex(config.storageKey) });
  const command = await runMember(config, store, transport, emit);
  const decoder = new TextDecoder();
  let buffered = '';
  read: for await (const chunk of Deno.stdin.readable) {
    buffered += decoder.decode(chunk, { stream: true });
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const c = JSON.parse(buffered.slice(0, nl)) as MemberCommand;
      buffered = buffered.slice(nl + 1);
      await command(c);
      if (c.cmd === 'stop') break read;
    }
  }
  Deno.exit(0);
} catch (e) {
  emit({ ev: 'error', message: (e as Error).message });
  Deno.exit(1);
}
