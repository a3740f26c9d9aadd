// The entries (Node, Deno, browser URL, browser inline) expose the same names with the same
// types: checked at compile time (tsc fails the build if any two differ) and at run time. The
// Node entry also loads from a file path. (Own process under node --test: nothing has loaded the
// core before this file.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CORE_WASM_BASE64 } from '../bindings/browser/core-bytes.generated.js';
import { decodeBase64 } from '../ts/load.js';
import * as node from '../bindings/node/index.js';
import * as deno from '../bindings/deno/mod.js';
import * as browser from '../bindings/browser/index.js';
import * as inline from '../bindings/browser/inline.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const sameTypes: [Equal<typeof node, typeof deno>, Equal<typeof node, typeof browser>, Equal<typeof node, typeof inline>] = [true, true, true];

test('every entry exports the same names', () => {
  assert.deepEqual(sameTypes, [true, true, true]);
  const names = Object.keys(node).sort();
  assert.ok(names.includes('init') && names.includes('initSync') && names.includes('crypto'));
  assert.deepEqual(Object.keys(deno).sort(), names);
  assert.deepEqual(Object.keys(browser).sort(), names);
  assert.deepEqual(Object.keys(inline).sort(), names);
  // One library underneath: the entries share the same crypto namespace and error classes.
  assert.equal(deno.crypto, node.crypto);
  assert.equal(inline.WasmUnavailableError, node.WasmUnavailableError);
});

test('the Node entry loads from a file path, and every entry sees the loaded core', async () => {
  const path = fileURLToPath(new URL('../bindings/browser/smmp-core.wasm', import.meta.url));
  assert.equal(browser.isInitialized(), false);
  await node.init(path);
  for (const entry of [node, deno, browser, inline]) assert.equal(entry.isInitialized(), true);
  assert.equal(browser.crypto.sha256(new Uint8Array(0)).length, 32);
});

test('the browser entry refuses initSync() without bytes, naming the argument', () => {
  assert.throws(() => browser.initSync(), (e) => e instanceof browser.InvalidArgumentError && e.argument === 'source');
});

test('the inline bytes are the built core, and decodeBase64 agrees with Buffer', () => {
  const file = readFileSync(new URL('../bindings/browser/smmp-core.wasm', import.meta.url));
  assert.equal(Buffer.from(CORE_WASM_BASE64, 'base64').equals(file), true);
  assert.equal(Buffer.from(decodeBase64(CORE_WASM_BASE64)).equals(file), true);
  for (const s of ['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==']) assert.equal(Buffer.from(decodeBase64(s)).toString('base64'), s);
});
