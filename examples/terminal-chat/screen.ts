// Draws the chat into a terminal of a given size: a title bar, the message pane (newest at the
// bottom, wrapped, scrollable), a status line with the standing warnings, and the input line.
// Pure: returns the bytes to write (ANSI) and the rows as plain text (for tests).

import { textWidth, truncate, wrap, charWidth } from './width.js';

export type LineStyle = 'message' | 'own' | 'note' | 'warn' | 'alarm' | 'code';

export interface PaneLine {
  text: string;
  style: LineStyle;
}

export interface ScreenModel {
  title: string;
  status: string;
  warnings: readonly string[];
  lines: readonly PaneLine[]; // oldest first, not wrapped
  input: readonly string[]; // the input line's code points
  cursor: number; // index into `input`
  scroll: number; // rows scrolled back from the newest
}

export interface Frame {
  ansi: string;
  rows: string[];
  maxScroll: number; // how far back the pane can scroll now
}

const SGR: Record<LineStyle | 'title' | 'status' | 'warning', string> = {
  message: '',
  own: '',
  note: '\x1b[36m',
  warn: '\x1b[33m',
  alarm: '\x1b[1;31m',
  code: '\x1b[1m',
  title: '\x1b[7m',
  status: '\x1b[2m',
  warning: '\x1b[1;33m',
};
const RESET = '\x1b[0m';
const PROMPT = '> ';

export const MIN_WIDTH = 20;
export const MIN_HEIGHT = 5;

export function render(m: ScreenModel, width: number, height: number): Frame {
  if (width < MIN_WIDTH || height < MIN_HEIGHT) {
    const msg = truncate('terminal too small', Math.max(1, width));
    return { ansi: `\x1b[?25l\x1b[H\x1b[2J${msg}`, rows: [msg], maxScroll: 0 };
  }
  const paneHeight = height - 3;
  // Wrap from the newest entry back until the pane and the scroll-back are filled.
  const wrapped: PaneLine[] = [];
  const want = paneHeight + m.scroll;
  for (let i = m.lines.length - 1; i >= 0 && wrapped.length < want + paneHeight; i--) {
    const line = m.lines[i]!;
    const rows = wrap(line.text, width).map((text) => ({ text, style: line.style }));
    wrapped.unshift(...rows);
  }
  const total = wrapped.length;
  const maxScroll = Math.max(0, total - paneHeight);
  const scroll = Math.min(m.scroll, maxScroll);
  const visible = wrapped.slice(Math.max(0, total - paneHeight - scroll), total - scroll);

  const rows: { text: string; sgr: string }[] = [];
  rows.push({ text: pad(truncate(` smmp chat | ${m.title}`, width), width), sgr: SGR.title });
  for (let i = 0; i < paneHeight - visible.length; i++) rows.push({ text: '', sgr: '' });
  for (const v of visible) rows.push({ text: v.text, sgr: SGR[v.style] });
  const scrolled = scroll > 0 ? `[${scroll} rows back: PgDn] ` : '';
  const warnings = m.warnings.length > 0 ? `!! ${m.warnings.join('; ')}` : '';
  const status = `${scrolled}${m.status}${warnings === '' ? '' : ` | ${warnings}`}`;
  rows.push({ text: truncate(status, width), sgr: warnings === '' ? SGR.status : SGR.warning });
  const { text: inputText, column } = inputWindow(m.input, m.cursor, width - PROMPT.length);
  rows.push({ text: PROMPT + inputText, sgr: '' });

  let ansi = '\x1b[?25l';
  rows.forEach((r, i) => {
    ansi += `\x1b[${i + 1};1H${r.sgr}${r.text}${r.sgr === '' ? '' : RESET}\x1b[K`;
  });
  ansi += `\x1b[${height};${PROMPT.length + column + 1}H\x1b[?25h`;
  return { ansi, rows: rows.map((r) => r.text), maxScroll };
}

const pad = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - textWidth(s)));

// The part of the input line that fits, scrolled so that the cursor shows; and the cursor column.
function inputWindow(chars: readonly string[], cursor: number, width: number): { text: string; column: number } {
  let start = 0;
  const widthOf = (a: number, b: number): number => chars.slice(a, b).reduce((n, ch) => n + charWidth(ch), 0);
  while (widthOf(start, cursor) > width - 1) start++;
  let text = '';
  let used = 0;
  for (let i = start; i < chars.length; i++) {
    const w = charWidth(chars[i]!);
    if (used + w > width) break;
    text += chars[i];
    used += w;
  }
  return { text, column: widthOf(start, cursor) };
}
