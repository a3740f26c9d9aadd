// Real processes for relay tests: a relay (Node or Deno) started the way a user starts it, a
// redis-server on a free port, and a TCP proxy whose connections a test can cut (a network
// failure, not a polite close).

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NODE_MAIN = fileURLToPath(new URL('../../ts/relay/node/main.js', import.meta.url));
const DENO = `${ROOT}node_modules/.bin/deno`;
export const REDIS_SERVER = '/usr/bin/redis-server';

export interface RelayProcess {
  url: string;
  port: number;
  proc: ChildProcess;
  output(): string;
  stop(): Promise<void>; // SIGTERM, waits for exit
  kill(): Promise<void>; // SIGKILL, waits for exit
}

// Starts `npm run relay`'s program (or `deno task relay`'s) and waits for its "listening" line.
export async function startRelayProcess(runtime: 'node' | 'deno', args: string[] = []): Promise<RelayProcess> {
  const proc =
    runtime === 'node'
      ? spawn(process.execPath, [NODE_MAIN, '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(DENO, ['run', '--allow-net', '--allow-env', '--allow-read', 'ts/relay/deno/main.ts', '--port', '0', ...args], {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  const url = await waitForLine(proc, /listening on (ws:\/\/\S+)/, 30_000);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  let log = '';
  proc.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    await exited;
  };
  return { url, port: Number(new URL(url).port), proc, output: () => log, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}

function waitForLine(proc: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    const onData = (d: Buffer): void => {
      seen += d.toString();
      const m = pattern.exec(seen);
      if (m) {
        cleanup();
        resolve(m[1] ?? m[0]);
      }
    };
    const onExit = (code: number | null): void => fail(new Error(`exited (${code}) before it was ready:\n${seen}`));
    const cleanup = (): void => {
      clearTimeout(timer);
      proc.stdout!.off('data', onData);
      proc.stderr!.off('data', onData);
      proc.off('exit', onExit);
    };
    const fail = (e: Error): void => {
      cleanup();
      proc.kill('SIGKILL');
      reject(e);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', onExit);
  });
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface RedisProcess {
  url: string;
  stop(): Promise<void>;
}

// A throwaway redis-server: no persistence, loopback only.
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const proc = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitForLine(proc, /Ready to accept connections/, 15_000);
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

// A TCP proxy in front of a relay: `cut()` destroys every connection through it at once;
// `freeze()` stops forwarding but keeps the connections open (a silent network).
export interface CuttableProxy {
  url: string;
  cut(): void;
  freeze(): void;
  connections(): number;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<CuttableProxy> {
  const { hostname, port } = new URL(target);
  const pairs = new Set<[Socket, Socket]>();
  const { connect } = await import('node:net');
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port: own } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${own}/`,
    cut: () => {
      for (const [a, b] of pairs) {
        a.resetAndDestroy();
        b.resetAndDestroy();
      }
      pairs.clear();
    },
    freeze: () => {
      for (const [a, b] of pairs) {
        a.unpipe();
        b.unpipe();
        a.pause();
        b.pause();
      }
    },
    connections: () => pairs.size,
    close: async () => {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
