// The input line: a buffer of code points with a cursor, the usual editing keys, and the lines
// sent before (Up and Down bring them back). Pure.

import type { Key } from './keys.js';

export type EditResult = { kind: 'none' } | { kind: 'submit'; line: string } | { kind: 'quit' } | { kind: 'scroll'; pages: number } | { kind: 'redraw' };

const MAX_LINE = 64 * 1024; // code points; a message is at most 64 KiB anyway
const MAX_HISTORY = 100;

export class LineEditor {
  private chars: string[] = [];
  cursor = 0;
  private history: string[] = [];
  private browsing = -1; // index into history while Up/Down browse it

  get text(): string {
    return this.chars.join('');
  }

  // The characters, for drawing.
  get codePoints(): readonly string[] {
    return this.chars;
  }

  apply(key: Key): EditResult {
    switch (key.kind) {
      case 'text': {
        const add = Array.from(key.text).slice(0, MAX_LINE - this.chars.length);
        this.chars.splice(this.cursor, 0, ...add);
        this.cursor += add.length;
        break;
      }
      case 'enter': {
        const line = this.text;
        this.set('');
        this.browsing = -1;
        if (line.trim() !== '' && this.history[this.history.length - 1] !== line) {
          this.history.push(line);
          if (this.history.length > MAX_HISTORY) this.history.shift();
        }
        return { kind: 'submit', line };
      }
      case 'backspace':
        if (this.cursor > 0) this.chars.splice(--this.cursor, 1);
        break;
      case 'delete':
        this.chars.splice(this.cursor, 1);
        break;
      case 'left':
        this.cursor = Math.max(0, this.cursor - 1);
        break;
      case 'right':
        this.cursor = Math.min(this.chars.length, this.cursor + 1);
        break;
      case 'home':
        this.cursor = 0;
        break;
      case 'end':
        this.cursor = this.chars.length;
        break;
      case 'kill-line':
        this.chars.splice(0, this.cursor);
        this.cursor = 0;
        break;
      case 'kill-word': {
        let i = this.cursor;
        while (i > 0 && this.chars[i - 1] === ' ') i--;
        while (i > 0 && this.chars[i - 1] !== ' ') i--;
        this.chars.splice(i, this.cursor - i);
        this.cursor = i;
        break;
      }
      case 'up':
      case 'down': {
        if (this.history.length === 0) break;
        const from = this.browsing < 0 ? this.history.length : this.browsing;
        const next = key.kind === 'up' ? Math.max(0, from - 1) : from + 1;
        if (next >= this.history.length) {
          this.browsing = -1;
          this.set('');
        } else {
          this.browsing = next;
          this.set(this.history[next]!);
        }
        break;
      }
      case 'page-up':
        return { kind: 'scroll', pages: 1 };
      case 'page-down':
        return { kind: 'scroll', pages: -1 };
      case 'interrupt':
        return { kind: 'quit' };
      case 'eof':
        if (this.chars.length === 0) return { kind: 'quit' };
        break;
      case 'redraw':
        return { kind: 'redraw' };
    }
    return { kind: 'none' };
  }

  private set(text: string): void {
    this.chars = Array.from(text);
    this.cursor = this.chars.length;
  }
}
