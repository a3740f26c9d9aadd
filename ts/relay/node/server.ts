// The relay on Node: an HTTP server whose WebSocket upgrades (any path) go to a RelayCore
// through the `ws` package, and whose plain requests go to an optional static-file handler.
// Embeddable (startRelay) and run by main.ts (`npm run relay`).

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { RelayCore } from '../core.js';
import { relayCore, type RelayServerOptions } from '../setup.js';
import { CLOSE_CODES } from '../errors.js';
import { staticFiles, type RequestHandler } from './static-files.js';

export interface StartRelayOptions extends RelayServerOptions {
  static?: string | RequestHandler; // a directory to serve, or a handler for plain HTTP requests
}

export interface RunningRelay {
  url: string; // ws://host:port/
  port: number;
  core: RelayCore;
  close(): Promise<void>;
}

// ws enforces the frame limit itself, at the frame header, closing with 1009; this socket class
// turns that into the relay's own FRAME_TOO_LARGE code so clients see one code for one breach.
class RelaySocket extends WebSocket {
  override close(code?: number, reason?: string | Buffer): void {
    if (code === 1009) return super.close(CLOSE_CODES.FRAME_TOO_LARGE.code, 'FRAME_TOO_LARGE: frame exceeds the relay limit');
    super.close(code, reason);
  }
}

const PING_INTERVAL_MS = 30_000;

export async function startRelay(options: StartRelayOptions = {}): Promise<RunningRelay> {
  const core = await relayCore(options);
  const serveStatic = typeof options.static === 'string' ? staticFiles(options.static) : options.static;

  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        if (serveStatic !== undefined && (await serveStatic(req, res))) return;
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      } catch {
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      }
    })();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: core.limits.maxFrameBytes, WebSocket: RelaySocket, perMessageDeflate: false });
  const alive = new WeakSet<WebSocket>();
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => accept(ws)));

  function accept(ws: WebSocket): void {
    const handle = core.connect({
      send: (frame) => ws.send(frame),
      close: (code, reason) => ws.close(code, reason),
      bufferedAmount: () => ws.bufferedAmount,
    });
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('message', (data: RawData, isBinary: boolean) => handle.receive(bytesOf(data), isBinary));
    ws.on('close', () => handle.closed());
    ws.on('error', () => {}); // a close event follows
  }

  // Connections that stop answering pings are cut, so their rooms stop counting them.
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address, family } = server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;

  let closing: Promise<void> | undefined;
  return {
    url: `ws://${host}:${port}/`,
    port,
    core,
    close: () =>
      (closing ??= (async () => {
        clearInterval(pinger);
        await core.close();
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })()),
  };
}

// A plain Uint8Array over the message. The decoder copies what it keeps (payloads are stored in
// the log), so no Buffer view pins the socket's read chunk in memory.
function bytesOf(data: RawData): Uint8Array {
  const b = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}
