// Starts test/support/store-child.js and waits (bounded) for its first line.

import { spawn, type ChildProcess } from 'node:child_process';

const CHILD = new URL('./store-child.js', import.meta.url);

export interface Child {
  process: ChildProcess;
  pid: number;
  // Resolves when the child has exited (for any reason).
  exited: Promise<void>;
}

export async function startChild(args: string[], timeoutMs = 20_000): Promise<Child> {
  const child = spawn(process.execPath, [CHILD.pathname, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child gave no first line in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited with ${code} before its first line\n${stderr}`));
    });
  });
  return { process: child, pid: child.pid!, exited };
}

export async function kill(child: Child): Promise<void> {
  child.process.kill('SIGKILL');
  await child.exited;
}
