// The core's exports and the wrappers' declaration of them (CoreExports in ts/crypto/core.ts)
// list the same functions, so an export added or renamed on one side only fails here rather
// than at the first call.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import './support/core.js';
import { wasm } from '../ts/crypto/core.js';

test('CoreExports declares exactly the functions the core exports', () => {
  const source = readFileSync(new URL('../../ts/crypto/core.ts', import.meta.url), 'utf8');
  const body = /export interface CoreExports \{([\s\S]*?)\n\}/.exec(source)?.[1];
  assert.ok(body !== undefined, 'CoreExports found in ts/crypto/core.ts');
  const declared = [...body.matchAll(/^\s*(\w+)\(/gm)].map((m) => m[1]!).sort();
  const exported = Object.entries(wasm()).filter(([, v]) => typeof v === 'function').map(([k]) => k).sort();
  assert.deepEqual(declared, exported);
});
