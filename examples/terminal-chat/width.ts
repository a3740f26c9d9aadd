// How many terminal columns a character takes: 0 for combining marks and zero-width characters,
// 2 for East Asian wide and fullwidth characters and most emoji, 1 otherwise. A small table (the
// common ranges of Unicode's EastAsianWidth), enough to keep the chat's columns straight.

const ZERO: readonly [number, number][] = [
  [0x0300, 0x036f],
  [0x0483, 0x0489],
  [0x0591, 0x05bd],
  [0x0610, 0x061a],
  [0x064b, 0x065f],
  [0x200b, 0x200f],
  [0x20d0, 0x20ff],
  [0xfe00, 0xfe0f],
  [0xfe20, 0xfe2f],
  [0xe0100, 0xe01ef],
];

const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

const within = (table: readonly [number, number][], cp: number): boolean => table.some(([lo, hi]) => cp >= lo && cp <= hi);

export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x300) return 1;
  if (within(ZERO, cp)) return 0;
  return within(WIDE, cp) ? 2 : 1;
}

export const textWidth = (s: string): number => Array.from(s).reduce((n, ch) => n + charWidth(ch), 0);

// Cuts `s` to at most `width` columns, marking the cut with an ellipsis.
export function truncate(s: string, width: number): string {
  if (textWidth(s) <= width) return s;
  let out = '';
  let used = 0;
  for (const ch of s) {
    const w = charWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

// Breaks `s` into rows of at most `width` columns, at spaces where a word fits, else anywhere.
export function wrap(s: string, width: number): string[] {
  const rows: string[] = [];
  let row = '';
  let used = 0;
  let lastSpace = -1; // index in `row` after the last space, where it may break
  let usedAtSpace = 0;
  for (const ch of s) {
    const w = charWidth(ch);
    if (used + w > width) {
      if (lastSpace > 0 && ch !== ' ') {
        rows.push(row.slice(0, lastSpace).trimEnd());
        row = row.slice(lastSpace);
        used -= usedAtSpace;
      } else {
        rows.push(row);
        row = '';
        used = 0;
      }
      lastSpace = -1;
      if (ch === ' ' && row === '') continue;
    }
    row += ch;
    used += w;
    if (ch === ' ') {
      lastSpace = row.length;
      usedAtSpace = used;
    }
  }
  rows.push(row);
  return rows;
}
