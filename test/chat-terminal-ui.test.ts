// The terminal chat's drawing and typing, without a terminal: keys decoded from raw input split
// anywhere (escape sequences, bracketed paste), the line editor, wrapping by display width, and
// frames of the size asked for.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyDecoder, type Key } from '../examples/terminal-chat/keys.js';
import { LineEditor } from '../examples/terminal-chat/line-editor.js';
import { render, type ScreenModel } from '../examples/terminal-chat/screen.js';
import { textWidth, truncate, wrap } from '../examples/terminal-chat/width.js';
import { parseChatArgs, loopbackPort } from '../examples/terminal-chat/args.js';

const kinds = (keys: Key[]): string[] => keys.map((k) => (k.kind === 'text' ? `text:${k.text}` : k.kind));

test('terminal keys: text, controls, escape sequences split across reads, paste', () => {
  const d = new KeyDecoder();
  assert.deepEqual(kinds(d.feed('hi\x1b[D\x7f\r')), ['text:hi', 'left', 'backspace', 'enter']);
  assert.deepEqual(kinds(d.feed('\x1b')), []);
  assert.deepEqual(kinds(d.feed('[')), []);
  assert.deepEqual(kinds(d.feed('5~x\x1bOH\x1b[3~')), ['page-up', 'text:x', 'home', 'delete']);
  assert.deepEqual(kinds(d.feed('\x03\x04\x15\x17\x0c\t')), ['interrupt', 'eof', 'kill-line', 'kill-word', 'redraw']);
  // C1 controls never reach the input line.
  assert.deepEqual(kinds(d.feed('a\u009bb')), ['text:ab']);
  // A paste arrives as one piece, its line breaks as spaces, even when split mid-marker.
  assert.deepEqual(kinds(d.feed('\x1b[200~/join smmp1:ab\r\ncd')), []);
  assert.deepEqual(kinds(d.feed('ef\x1b[20')), []);
  assert.deepEqual(kinds(d.feed('1~\r')), ['text:/join smmp1:ab cdef', 'enter']);
  // Alt+key: ESC then the key.
  assert.deepEqual(kinds(d.feed('\x1bq')), ['text:q']);
});

test('terminal line editor: editing, words, history, quit', () => {
  const e = new LineEditor();
  const type = (...keys: Key[]) => keys.map((k) => e.apply(k));
  type({ kind: 'text', text: 'hello wörld' }, { kind: 'left' }, { kind: 'left' }, { kind: 'backspace' });
  assert.equal(e.text, 'hello wöld');
  assert.equal(e.cursor, 8);
  type({ kind: 'end' }, { kind: 'kill-word' });
  assert.equal(e.text, 'hello ');
  assert.deepEqual(e.apply({ kind: 'enter' }), { kind: 'submit', line: 'hello ' });
  assert.equal(e.text, '');
  type({ kind: 'text', text: 'second' }, { kind: 'enter' }, { kind: 'up' });
  assert.equal(e.text, 'second');
  type({ kind: 'up' });
  assert.equal(e.text, 'hello ');
  type({ kind: 'down' }, { kind: 'down' });
  assert.equal(e.text, '');
  type({ kind: 'text', text: 'abc' }, { kind: 'home' }, { kind: 'delete' }, { kind: 'right' }, { kind: 'kill-line' });
  assert.equal(e.text, 'c');
  assert.deepEqual(e.apply({ kind: 'eof' }), { kind: 'none' });
  assert.deepEqual(e.apply({ kind: 'page-up' }), { kind: 'scroll', pages: 1 });
  assert.deepEqual(e.apply({ kind: 'interrupt' }), { kind: 'quit' });
  type({ kind: 'kill-line' }, { kind: 'end' }, { kind: 'kill-line' });
  assert.deepEqual(e.apply({ kind: 'eof' }), { kind: 'quit' });
});

test('terminal width: wide characters, word wrap, truncation', () => {
  assert.equal(textWidth('abc'), 3);
  assert.equal(textWidth('日本'), 4);
  assert.equal(textWidth('e\u0301'), 1);
  assert.deepEqual(wrap('the quick brown fox', 10), ['the quick', 'brown fox']);
  assert.deepEqual(wrap('smmp1:abcdefghijkl', 8), ['smmp1:ab', 'cdefghij', 'kl']);
  assert.deepEqual(wrap('日本語のテキスト', 7), ['日本語', 'のテキ', 'スト']);
  assert.ok(wrap('x'.repeat(500), 80).every((r) => textWidth(r) <= 80));
  assert.equal(truncate('abcdef', 4), 'abc…');
  assert.equal(truncate('abc', 4), 'abc');
});

test('terminal screen: an 80x24 frame, wrapping, scrolling, the cursor, too small', () => {
  const model: ScreenModel = {
    title: 'group of 2, code 123',
    status: 'online',
    warnings: ['unverified: #12345'],
    lines: Array.from({ length: 41 }, (_, i) => ({ text: `${String(i).padStart(2, '0')} ${'word '.repeat(i % 3 === 0 ? 30 : 2)}`, style: 'message' as const })),
    input: Array.from('typing'),
    cursor: 3,
    scroll: 0,
  };
  const f = render(model, 80, 24);
  assert.equal(f.rows.length, 24);
  assert.ok(f.rows[0]!.startsWith(' smmp chat | group of 2, code 123'));
  assert.equal(f.rows[0]!.length, 80);
  assert.equal(f.rows[22], 'online | !! unverified: #12345');
  assert.equal(f.rows[23], '> typing');
  assert.ok(f.rows.every((r) => textWidth(r) <= 80));
  assert.ok(f.rows[21]!.startsWith('40 '), 'the newest line at the bottom of the pane');
  assert.ok(f.ansi.endsWith('\x1b[24;6H\x1b[?25h'), 'the cursor after "typ"');
  assert.ok(f.maxScroll > 0);

  const back = render({ ...model, scroll: 5 }, 80, 24);
  assert.ok(back.rows[22]!.startsWith('[5 rows back: PgDn]'));
  assert.notDeepEqual(back.rows.slice(1, 22), f.rows.slice(1, 22));
  const far = render({ ...model, scroll: 10_000 }, 80, 24);
  assert.ok(far.rows[1]!.startsWith('00 '), 'scrolled to the oldest line');

  // A long input line scrolls so that the cursor stays in view.
  const long = render({ ...model, input: Array.from('x'.repeat(200)), cursor: 200 }, 80, 24);
  assert.ok(long.rows[23]!.length <= 80);
  assert.match(long.ansi, /\x1b\[24;80H\x1b\[\?25h$/);

  assert.deepEqual(render(model, 10, 3).rows, ['terminal …']);
});

test('terminal chat arguments: flags, environment, bad values', () => {
  const env = (vars: Record<string, string>) => (n: string) => vars[n];
  const a = parseChatArgs(['--', '--data', '/d', '--relay', 'ws://r:1', '--port', '0'], env({ HOME: '/h', SMMP_PASSPHRASE: 'pw' }));
  assert.deepEqual(a, { dataDir: '/d', relay: 'ws://r:1/', port: 0, passphrase: 'pw' });
  assert.deepEqual(parseChatArgs([], env({ HOME: '/h' })), { dataDir: '/h/.smmp-chat', port: 8787 });
  assert.equal(parseChatArgs([], env({ SMMP_CHAT_DATA: '/x', SMMP_RELAY: 'wss://relay.example/' })).relay, 'wss://relay.example/');
  assert.throws(() => parseChatArgs(['--relay', 'http://x'], env({})), /ws:\/\/ or wss:\/\//);
  assert.throws(() => parseChatArgs(['--port', '70000'], env({})), /--port/);
  assert.throws(() => parseChatArgs(['--data'], env({})), /needs a value/);
  assert.throws(() => parseChatArgs(['--frob', '1'], env({})), /unknown option/);
  assert.throws(() => parseChatArgs([], env({ SMMP_PASSPHRASE: '' })), /empty/);
  assert.throws(() => parseChatArgs(['--help'], env({})), /usage: deno task chat/);
  assert.equal(loopbackPort('ws://127.0.0.1:8787/'), 8787);
  assert.equal(loopbackPort('ws://localhost/'), 80);
  assert.equal(loopbackPort('wss://127.0.0.1:8787/'), undefined);
  assert.equal(loopbackPort('ws://10.0.0.1:8787/'), undefined);
});
