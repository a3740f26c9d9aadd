// `npm run relay -- [--port 8787] [--redis redis://...] [--static DIR] [limits]`: runs the relay
// until SIGINT or SIGTERM. Prints one line, "smmp relay listening on ws://...", when ready.

import { parseRelayArgs } from '../cli.js';
import { startRelay } from './server.js';

let cmd;
try {
  cmd = parseRelayArgs(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}

const relay = await startRelay({
  port: cmd.port,
  host: cmd.host,
  limits: cmd.limits,
  ...(cmd.redis === undefined ? {} : { redis: cmd.redis }),
  ...(cmd.static === undefined ? {} : { static: cmd.static }),
  onError: (e) => console.error(`relay: backend: ${e.message}`),
});
console.log(`smmp relay listening on ${relay.url} (${cmd.redis === undefined ? 'memory log' : `redis ${cmd.redis}`})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void relay.close().then(() => process.exit(0));
  });
}
