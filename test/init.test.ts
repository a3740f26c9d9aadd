// Loading: every call before init throws NotInitializedError; init is idempotent and shared by
// concurrent callers; a module that is not the smmp core is refused. (This file runs in its own
// process under node --test, so nothing has initialized the core before it.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crypto, init, initSync, isInitialized, NotInitializedError, WasmUnavailableError } from '../bindings/node/index.js';

test('before init: typed error, not a crash', () => {
  assert.equal(isInitialized(), false);
  assert.throws(() => crypto.sha256(new Uint8Array(1)), NotInitializedError);
  assert.throws(() => crypto.x25519Base(new Uint8Array(32)), (e) => e instanceof NotInitializedError && e.code === 'NOT_INITIALIZED');
});

test('a module that is not the core is refused with WasmUnavailableError', async () => {
  // The smallest valid module: no exports at all.
  const empty = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  assert.throws(() => initSync(empty), WasmUnavailableError);
  await assert.rejects(init(new Uint8Array([1, 2, 3])), WasmUnavailableError);
  assert.equal(isInitialized(), false);
});

test('init is idempotent and concurrent calls share one load', async () => {
  await Promise.all([init(), init(), init()]);
  assert.equal(isInitialized(), true);
  await init();
  initSync();
  assert.equal(crypto.sha256(new Uint8Array(0)).length, 32);
});
