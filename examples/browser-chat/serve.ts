// `npm run chat:web -- [--port 8788] [relay options]`: the relay with the browser chat page on
// the same port (http://127.0.0.1:PORT/ for the page, ws://127.0.0.1:PORT/ for the relay),
// served under a strict Content-Security-Policy. Prints one line, "smmp chat page at ...", when
// ready. The page is built into dist/examples/browser-chat/public/ on start.

import type { ServerResponse, IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseRelayArgs } from '../../ts/relay/cli.js';
import type { RelayLimits } from '../../ts/relay/limits.js';
import { startRelay, type RunningRelay } from '../../ts/relay/node/server.js';
import { staticFiles } from '../../ts/relay/node/static-files.js';
import { bundleBrowserChat } from './bundle.js';

// The policy of bindings/README.md "Browsers" plus what the page needs: its own style, and
// WebSockets to the relay an invite names (the page's own by default).
export const CHAT_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' ws: wss:; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface ChatWebOptions {
  port?: number; // 0 (the default) picks a free port
  host?: string; // 127.0.0.1
  redis?: string;
  limits?: Partial<RelayLimits>;
}

export async function startChatWeb(options: ChatWebOptions = {}): Promise<RunningRelay & { pageUrl: string }> {
  const dir = await bundleBrowserChat(fileURLToPath(new URL('./public/', import.meta.url)));
  const files = staticFiles(dir);
  const relay = await startRelay({
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    ...(options.redis === undefined ? {} : { redis: options.redis }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    static: (req: IncomingMessage, res: ServerResponse) => {
      res.setHeader('Content-Security-Policy', CHAT_CSP);
      res.setHeader('Referrer-Policy', 'no-referrer');
      return files(req, res);
    },
  });
  return { ...relay, pageUrl: relay.url.replace(/^ws:/, 'http:') };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  let cmd;
  try {
    const argv = process.argv.slice(2);
    // 8788 by default: 8787 is where the terminal chat hosts its relay.
    cmd = parseRelayArgs(argv.includes('--port') ? argv : ['--port', '8788', ...argv]);
    if (cmd.static !== undefined) throw new Error('--static: the chat page is what this serves');
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const web = await startChatWeb({ port: cmd.port, host: cmd.host, limits: cmd.limits, ...(cmd.redis === undefined ? {} : { redis: cmd.redis }) });
  console.log(`smmp chat page at ${web.pageUrl} (relay ${web.url}, ${cmd.redis === undefined ? 'memory log' : `redis ${cmd.redis}`}); open it in two browsers, or with ?db=NAME for a second identity`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void web.close().then(() => process.exit(0)));
}
