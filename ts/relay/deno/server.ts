// The relay on Deno: Deno.serve, with WebSocket upgrades (any path) going to a RelayCore.
// Run by main.ts (`deno task relay`). Only the part of the Deno namespace used here is typed,
// so tsc compiles this file too.

import type { RelayCore } from '../core.js';
import { relayCore, type RelayServerOptions } from '../setup.js';

interface DenoServer {
  finished: Promise<void>;
  shutdown(): Promise<void>;
  addr: { hostname: string; port: number };
}

interface DenoNet {
  serve(options: { port: number; hostname: string; onListen?: () => void }, handler: (req: Request) => Response): DenoServer;
  upgradeWebSocket(req: Request, options?: { idleTimeout?: number }): { socket: WebSocket; response: Response };
}

export type ServeRelayOptions = RelayServerOptions;

export interface RunningDenoRelay {
  url: string;
  port: number;
  core: RelayCore;
  close(): Promise<void>;
}

export async function serveRelay(options: ServeRelayOptions = {}): Promise<RunningDenoRelay> {
  const deno = (globalThis as unknown as { Deno: DenoNet }).Deno;
  const core = await relayCore(options);

  const server = deno.serve({ port: options.port ?? 0, hostname: options.host ?? '127.0.0.1', onListen: () => {} }, (req) => {
    if (req.headers.get('upgrade')?.toLowerCase() !== 'websocket') return new Response('not found\n', { status: 404 });
    // Deno's own idle pings keep dead connections from counting in rooms.
    const { socket, response } = deno.upgradeWebSocket(req, { idleTimeout: 60 });
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      const handle = core.connect({
        send: (frame) => {
          if (socket.readyState === WebSocket.OPEN) socket.send(frame as Uint8Array<ArrayBuffer>);
        },
        close: (code, reason) => socket.close(code, reason),
        bufferedAmount: () => socket.bufferedAmount,
      });
      socket.onmessage = (ev) => {
        // Frames above the limit still arrive whole (Deno has no per-socket limit); the core
        // closes the connection over them.
        if (ev.data instanceof ArrayBuffer) handle.receive(new Uint8Array(ev.data), true);
        else handle.receive(new Uint8Array(0), false);
      };
      socket.onclose = () => handle.closed();
    };
    socket.onerror = () => {};
    return response;
  });

  const { port } = server.addr;
  let closing: Promise<void> | undefined;
  return {
    url: `ws://${options.host ?? '127.0.0.1'}:${port}/`,
    port,
    core,
    close: () =>
      (closing ??= (async () => {
        await core.close();
        await server.shutdown();
      })()),
  };
}
