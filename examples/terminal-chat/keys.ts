// Keys from a terminal in raw mode: text, editing keys, escape sequences (arrows, Home/End,
// Page Up/Down, Delete) and bracketed paste, whose contents arrive as one piece of text with its
// line breaks turned into spaces (a pasted invite must not send half of itself as a message).
// Pure: fed decoded text, possibly split anywhere, it returns the keys complete so far.

export type Key =
  | { kind: 'text'; text: string }
  | { kind: 'enter' | 'backspace' | 'delete' | 'left' | 'right' | 'up' | 'down' | 'home' | 'end' }
  | { kind: 'page-up' | 'page-down' | 'kill-line' | 'kill-word' | 'interrupt' | 'eof' | 'redraw' };

const CONTROL: Record<string, Key['kind']> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\x01': 'home',
  '\x05': 'end',
  '\x02': 'left',
  '\x06': 'right',
  '\x15': 'kill-line',
  '\x17': 'kill-word',
  '\x03': 'interrupt',
  '\x04': 'eof',
  '\x0c': 'redraw',
};

const CSI: Record<string, Key['kind']> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  '1~': 'home',
  '7~': 'home',
  '4~': 'end',
  '8~': 'end',
  '3~': 'delete',
  '5~': 'page-up',
  '6~': 'page-down',
};

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';
// A paste longer than this is cut (an invite of the largest group is about 45 kB).
const MAX_PASTE = 256 * 1024;

export class KeyDecoder {
  private rest = ''; // an escape sequence not complete yet
  private paste: string | undefined; // inside a bracketed paste: what it held so far

  feed(chunk: string): Key[] {
    const keys: Key[] = [];
    let s = this.rest + chunk;
    this.rest = '';
    let text = '';
    const flush = (): void => {
      if (text !== '') keys.push({ kind: 'text', text });
      text = '';
    };
    while (s.length > 0) {
      if (this.paste !== undefined) {
        const end = s.indexOf(PASTE_END);
        const body = end < 0 ? keepPartial(s, PASTE_END) : s.slice(0, end);
        this.paste = (this.paste + body).slice(0, MAX_PASTE);
        if (end < 0) {
          this.rest = s.slice(body.length);
          break;
        }
        keys.push({ kind: 'text', text: this.paste.replace(/\r\n|\r|\n/g, ' ').replace(/[\x00-\x1f\x7f-\x9f]/g, '') });
        this.paste = undefined;
        s = s.slice(end + PASTE_END.length);
        continue;
      }
      const c = s[0]!;
      if (c === '\x1b') {
        flush();
        const seq = escapeSequence(s);
        if (seq === undefined) {
          this.rest = s; // wait for the rest of it
          break;
        }
        s = s.slice(seq.length);
        if (seq === PASTE_START) this.paste = '';
        else {
          const kind = seq.startsWith('\x1b[') ? CSI[seq.slice(2)] : seq.startsWith('\x1bO') ? CSI[seq.slice(2)] : undefined;
          if (kind !== undefined) keys.push({ kind } as Key);
        }
        continue;
      }
      s = s.slice(1);
      const kind = CONTROL[c];
      if (kind !== undefined) {
        flush();
        keys.push({ kind } as Key);
      } else if (c >= ' ' && !(c >= '\x7f' && c <= '\x9f')) {
        text += c;
      }
      // Other control characters (Tab, C1, ...) do nothing.
    }
    flush();
    return keys;
  }
}

// The escape sequence at the start of `s`, or undefined if it is not complete yet. A lone ESC
// followed by something else is just ESC (Alt+key sends ESC then the key).
function escapeSequence(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const second = s[1]!;
  if (second === '[') {
    for (let i = 2; i < s.length; i++) {
      const code = s.charCodeAt(i);
      if (code >= 0x40 && code <= 0x7e) return s.slice(0, i + 1);
      if (i > 16) return s.slice(0, i); // not a sequence we know: drop it
    }
    return undefined;
  }
  if (second === 'O') return s.length < 3 ? undefined : s.slice(0, 3);
  return '\x1b';
}

// The part of `s` that surely precedes `marker`: a tail that might begin the marker is held back.
function keepPartial(s: string, marker: string): string {
  for (let k = Math.min(marker.length - 1, s.length); k > 0; k--) {
    if (marker.startsWith(s.slice(s.length - k))) return s.slice(0, s.length - k);
  }
  return s;
}
