// The terminal chat run as a person runs it: `deno task chat` in a detached 80x24 tmux session
// on a private tmux server, typed into with send-keys and read with capture-pane. Every wait polls
// the screen with a deadline; nothing sleeps a fixed time.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DENO = `${ROOT}node_modules/.bin/deno`;
export const TMUX = process.env.SMMP_TMUX ?? '/usr/bin/tmux';
export const tmuxAvailable = (): boolean => existsSync(TMUX);

export class TmuxServer {
  readonly socket = `smmp-chat-test-${process.pid}`;

  tmux(...args: string[]): string {
    return execFileSync(TMUX, ['-L', this.socket, ...args], { encoding: 'utf8', timeout: 10_000 });
  }

  // Starts `command` (a shell line, run from the repository root) in a new session `name`.
  start(name: string, command: string, env: Record<string, string> = {}, size = { columns: 80, rows: 24 }): ChatPane {
    const vars = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`);
    this.tmux('new-session', '-d', '-s', name, '-x', String(size.columns), '-y', String(size.rows), '-c', ROOT, `env LANG=C.UTF-8 ${vars.join(' ')} ${command}`);
    // The pane stays after the program exits, so its last words can be read.
    this.tmux('set-option', '-t', name, 'remain-on-exit', 'on');
    return new ChatPane(this, name);
  }

  kill(): void {
    spawnSync(TMUX, ['-L', this.socket, 'kill-server'], { timeout: 10_000 });
  }
}

export class ChatPane {
  constructor(
    readonly server: TmuxServer,
    readonly name: string,
  ) {}

  screen(): string {
    return this.server.tmux('capture-pane', '-p', '-t', this.name);
  }

  // Types `text` literally, then Enter.
  type(text: string): void {
    this.server.tmux('send-keys', '-t', this.name, '-l', text);
    this.server.tmux('send-keys', '-t', this.name, 'Enter');
  }

  dead(): boolean {
    return this.server.tmux('display-message', '-p', '-t', this.name, '#{pane_dead}').trim() === '1';
  }

  resize(columns: number, rows: number): void {
    this.server.tmux('resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows));
  }

  // Polls the screen until `check` passes (returns a value other than undefined/false).
  async waitFor<T>(what: string, check: (screen: string) => T | undefined | false, timeoutMs = 20_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      last = this.screen();
      const v = check(last);
      if (v !== undefined && v !== false) return v;
      if (Date.now() > end) throw new Error(`${this.name}: timed out after ${timeoutMs} ms waiting for ${what}; the screen:\n${last}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
