// What the chats show, as plain text: the pane's entries (messages with their status, notes), and
// text from other members made safe to print (no terminal escapes, no bidi overrides).

import type { ChatMessage } from '../../ts/session/index.js';
import { shortName } from './names.js';

export type NoteLevel = 'info' | 'warn' | 'alarm';

export type Entry =
  | { kind: 'message'; message: ChatMessage } // the session's own object: its status changes in place
  // `code`: text to copy (an invite, a key), shown alone on its line
  | { kind: 'note'; level: NoteLevel; text: string; at: number; code?: boolean };

// Control characters (C0, DEL, C1) would let a member drive the reader's terminal, and bidi
// controls would make text read differently than it is stored: each shows as U+FFFD.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export const sanitize = (text: string): string => text.replace(UNSAFE, '\ufffd');

// A message's delivery, as the sender sees it.
export function statusText(m: ChatMessage): string {
  switch (m.status) {
    case 'queued':
      return 'queued';
    case 'sent':
      return 'sent';
    case 'delivered':
      return 'delivered to all';
    case 'unacknowledged':
      return `not acknowledged by ${m.missing.map(shortName).join(' ')}`;
    case 'received':
      return '';
  }
}

export const timeText = (at: number): string => {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

export const senderText = (m: ChatMessage): string => (m.own ? 'you' : shortName(m.from));

// One line per entry (the terminal wraps it): "12:01 #12345: hello" or "12:01 you: hi [sent]".
export function entryText(e: Entry): string {
  if (e.kind === 'note' && e.code === true) return e.text;
  if (e.kind === 'note') return `${timeText(e.at)} ${e.level === 'info' ? '--' : '!!'} ${e.text}`;
  const m = e.message;
  const status = statusText(m);
  return `${timeText(m.at)} ${senderText(m)}: ${sanitize(m.text)}${status === '' ? '' : ` [${status}]`}`;
}
