// `deno task relay -- [--port 8787] [--redis redis://...] [limits]`: runs the relay until
// SIGINT or SIGTERM. Prints one line, "smmp relay listening on ws://...", when ready.

import { parseRelayArgs, type RelayCommand } from '../cli.js';
import { serveRelay } from './server.js';

interface DenoProcess {
  args: string[];
  exit(code: number): never;
  addSignalListener(signal: 'SIGINT' | 'SIGTERM', f: () => void): void;
}
const deno: DenoProcess = (globalThis as unknown as { Deno: DenoProcess }).Deno;

let cmd: RelayCommand;
try {
  cmd = parseRelayArgs(deno.args);
  if (cmd.static !== undefined) throw new Error('--static: the Deno relay serves no files (use the Node relay)');
} catch (e) {
  console.error((e as Error).message);
  deno.exit(2);
}

const relay = await serveRelay({
  port: cmd.port,
  host: cmd.host,
  limits: cmd.limits,
  ...(cmd.redis === undefined ? {} : { redis: cmd.redis }),
  onError: (e) => console.error(`relay: backend: ${e.message}`),
});
console.log(`smmp relay listening on ${relay.url} (${cmd.redis === undefined ? 'memory log' : `redis ${cmd.redis}`})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  deno.addSignalListener(signal, () => {
    void relay.close().then(() => deno.exit(0));
  });
}
