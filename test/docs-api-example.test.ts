// docs/API.md quotes examples/engine-in-memory.ts exactly, and the example runs: three members
// form a group and the two others receive alice's message.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const root = new URL('../../', import.meta.url);

test('docs/API.md quotes the example verbatim', () => {
  const doc = readFileSync(new URL('docs/API.md', root), 'utf8');
  const example = readFileSync(new URL('examples/engine-in-memory.ts', root), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(doc)?.[1];
  assert.equal(block, example);
});

test('the example runs and the group chats', () => {
  const out = execFileSync(process.execPath, [new URL('dist/examples/engine-in-memory.js', root).pathname], { encoding: 'utf8' });
  assert.equal(out.match(/group active, code \d{6}/g)?.length, 3);
  assert.equal(out.match(/got "hello, group"/g)?.length, 2);
});
