// Processes and pages for the end-to-end test: the relay CLI, Node and Deno members as child
// processes speaking JSON lines, and a Chromium page member. Every wait is bounded and every
// process is killed on cleanup.

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import type { MemberCommand, MemberConfig, MemberEvent } from './e2e-member.js';

const dist = new URL('../../', import.meta.url); // dist/
const root = new URL('../', dist);
export const DENO = fileURLToPath(new URL('node_modules/.bin/deno', root));

export interface Member {
  name: string;
  events: MemberEvent[];
  command(c: MemberCommand): Promise<void>;
  waitFor<T extends MemberEvent>(what: string, match: (e: MemberEvent) => e is T, timeoutMs?: number): Promise<T>;
  kill(): Promise<void>;
}

function withEvents(name: string, command: (c: MemberCommand) => Promise<void>, kill: () => Promise<void>): Member & { push(e: MemberEvent): void } {
  const events: MemberEvent[] = [];
  const waiters = new Set<() => void>();
  return {
    name,
    events,
    command,
    kill,
    push(e) {
      events.push(e);
      for (const w of [...waiters]) w();
    },
    waitFor<T extends MemberEvent>(what: string, match: (e: MemberEvent) => e is T, timeoutMs = 20_000): Promise<T> {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const hit = events.find(match);
          if (hit === undefined) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${name}: timed out waiting for ${what}; events: ${JSON.stringify(events.slice(-8))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

function lines(child: ChildProcess, onLine: (line: string) => void): void {
  createInterface({ input: child.stdout! }).on('line', onLine);
}

// Starts the relay CLI on a free port; resolves with its ws:// URL once it listens.
export async function startRelayProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('ts/relay/node/main.js', dist)), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('relay did not start')), 10_000);
    lines(child, (l) => {
      const m = /listening on (ws:\/\/\S+)/.exec(l);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
  });
  return { url, child };
}

export function spawnMember(runtime: 'node' | 'deno', config: MemberConfig): Member {
  const arg = JSON.stringify(config);
  const child =
    runtime === 'node'
      ? spawn(process.execPath, [fileURLToPath(new URL('test/support/e2e-node-member.js', dist)), arg], { stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn(DENO, ['run', '--quiet', '--allow-read', '--allow-write', '--allow-net=127.0.0.1', '--allow-run', '--allow-sys=hostname', '--allow-env', fileURLToPath(new URL('test/support/e2e-deno-member.js', dist)), arg], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const m = withEvents(
    `${config.name} (${runtime})`,
    async (c) => void child.stdin!.write(`${JSON.stringify(c)}\n`),
    async () => {
      child.kill('SIGKILL');
      await exited;
    },
  );
  lines(child, (l) => {
    try {
      m.push(JSON.parse(l) as MemberEvent);
    } catch {
      m.push({ ev: 'error', message: `not JSON: ${l}` });
    }
  });
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGKILL') m.push({ ev: 'error', message: `exited with ${code}: ${stderr.slice(-2000)}` });
  });
  return m;
}

export async function openPageMember(context: BrowserContext, origin: string, config: MemberConfig): Promise<Member & { page: Page }> {
  const page = await context.newPage();
  const m = withEvents(`${config.name} (chromium)`, async (c) => void (await page.evaluate((cmd) => (globalThis as unknown as { e2eCommand(c: unknown): Promise<void> }).e2eCommand(cmd), c)), async () => void (await page.close()));
  await page.exposeFunction('e2eEvent', (json: string) => m.push(JSON.parse(json) as MemberEvent));
  page.on('pageerror', (e) => m.push({ ev: 'error', message: `page: ${e.message}` }));
  await page.goto(`${origin}/member.html#${encodeURIComponent(JSON.stringify(config))}`, { timeout: 20_000 });
  return Object.assign(m, { page });
}
