// The terminal in raw mode: keys in (decoded, bracketed paste on), frames out on the alternate
// screen, and everything put back as it was on leave(), whatever happened.

import { deno, writeAll } from './deno-api.js';
import { KeyDecoder, type Key } from './keys.js';

export class Terminal {
  private readonly reader = deno.stdin.readable.getReader();
  private readonly text = new TextDecoder();
  private readonly keys = new KeyDecoder();
  private raw = false;
  private screen = false;

  static available(): boolean {
    return deno.stdin.isTerminal() && deno.stdout.isTerminal();
  }

  // Raw input only (no alternate screen): for the passphrase prompt.
  rawInput(): void {
    if (this.raw) return;
    deno.stdin.setRaw(true);
    this.raw = true;
  }

  // The chat's screen: raw input, the alternate screen, bracketed paste.
  enterScreen(): void {
    this.rawInput();
    this.screen = true;
    this.write('\x1b[?1049h\x1b[?2004h\x1b[H\x1b[2J');
  }

  leave(): void {
    if (this.screen) this.write('\x1b[?2004l\x1b[0m\x1b[?25h\x1b[?1049l');
    this.screen = false;
    if (this.raw) {
      try {
        deno.stdin.setRaw(false);
      } catch {
        // stdin already gone (the terminal closed): nothing to restore.
      }
    }
    this.raw = false;
  }

  write(text: string): void {
    writeAll(deno.stdout, text);
  }

  size(): { columns: number; rows: number } {
    try {
      return deno.consoleSize();
    } catch {
      return { columns: 80, rows: 24 };
    }
  }

  // The next keys typed; undefined once stdin has ended.
  async read(): Promise<Key[] | undefined> {
    for (;;) {
      const { value, done } = await this.reader.read();
      if (done) return undefined;
      const keys = this.keys.feed(this.text.decode(value, { stream: true }));
      if (keys.length > 0) return keys;
    }
  }

  // A passphrase typed without echo. Throws 'interrupted' on Ctrl-C or the end of input.
  async askHidden(prompt: string): Promise<string> {
    this.rawInput();
    this.write(prompt);
    let chars: string[] = [];
    try {
      for (;;) {
        const keys = await this.read();
        if (keys === undefined) throw new Error('interrupted');
        for (const k of keys) {
          if (k.kind === 'text') chars.push(...Array.from(k.text));
          else if (k.kind === 'backspace') chars.pop();
          else if (k.kind === 'kill-line') chars = [];
          else if (k.kind === 'interrupt' || (k.kind === 'eof' && chars.length === 0)) throw new Error('interrupted');
          else if (k.kind === 'enter') return chars.join('');
        }
      }
    } finally {
      this.write('\r\n');
    }
  }
}
