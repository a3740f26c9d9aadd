// The file state store and its lock (Node): encrypted round trips, typed errors with the file
// untouched, a state copied into another member's slot rejected, and one writer per member
// state, checked with a second real process and with stale locks of processes that are gone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { crypto, toHex } from './support/core.js';
import { openFileStateStore, StateDamagedError, StateLockedError, StateRejectedError } from '../ts/store/files.js';
import { kill, startChild } from './support/store-process.js';

const root = mkdtempSync(join(tmpdir(), 'smmp-state-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const newDir = (): string => join(root, `d${dirs++}`);
const storageKey = crypto.randomBytes(32);

test('state is stored encrypted in <name>.state (mode 0600) and locked by <name>.lock while open', async () => {
  const directory = newDir();
  const store = await openFileStateStore({ directory, name: 'alice', storageKey });
  assert.equal(await store.load(), undefined);
  const state = new TextEncoder().encode('the engine state '.repeat(20));
  await store.save(state);
  assert.equal(toHex((await store.load())!), toHex(state));
  const file = readFileSync(join(directory, 'alice.state'));
  assert.equal(file.length, state.length + 94);
  assert.equal(file.indexOf(Buffer.from('engine state')), -1, 'plaintext on disk');
  assert.equal(statSync(join(directory, 'alice.state')).mode & 0o777, 0o600);
  const lock = JSON.parse(readFileSync(join(directory, 'alice.lock'), 'utf8'));
  assert.equal(lock.pid, process.pid);
  assert.equal(lock.host, hostname());
  await store.close();
  assert.equal(existsSync(join(directory, 'alice.lock')), false);
  await assert.rejects(store.save(state), StateLockedError);
  const again = await openFileStateStore({ directory, name: 'alice', storageKey });
  assert.equal(toHex((await again.load())!), toHex(state));
  await again.close();
});

test('a second store for the same member in this process is refused; other members are independent', async () => {
  const directory = newDir();
  const a = await openFileStateStore({ directory, name: 'alice', storageKey });
  await assert.rejects(openFileStateStore({ directory, name: 'alice', storageKey }), (e) => e instanceof StateLockedError && e.holder.pid === process.pid && /this process/.test(e.message));
  const b = await openFileStateStore({ directory, name: 'bob', storageKey });
  await b.close();
  await a.close();
});

test('damaged or truncated state gives StateDamagedError and the file is left as it is', async () => {
  const directory = newDir();
  const store = await openFileStateStore({ directory, name: 'alice', storageKey });
  await store.save(crypto.randomBytes(300));
  const path = join(directory, 'alice.state');
  const good = readFileSync(path);
  for (let i = 0; i < good.length; i += 7) {
    const bad = Uint8Array.from(good);
    bad[i]! ^= 1 << (i % 8);
    for (const bytes of [bad, good.subarray(0, i)]) {
      writeFileSync(path, bytes);
      await assert.rejects(store.load(), StateDamagedError);
      assert.ok(readFileSync(path).equals(bytes));
    }
  }
  await store.close();
});

test("a state file copied into another member's slot is rejected", async () => {
  const directory = newDir();
  const alice = await openFileStateStore({ directory, name: 'alice', storageKey });
  const bob = await openFileStateStore({ directory, name: 'bob', storageKey });
  await alice.save(crypto.randomBytes(50));
  await bob.save(crypto.randomBytes(50));
  copyFileSync(join(directory, 'bob.state'), join(directory, 'alice.state'));
  await assert.rejects(alice.load(), (e) => e instanceof StateRejectedError && e.location === join(directory, 'alice.state'));
  await alice.close();
  await bob.close();
});

test('a store whose lock file was removed or taken over stops writing', async () => {
  const directory = newDir();
  const store = await openFileStateStore({ directory, name: 'alice', storageKey });
  await store.save(new Uint8Array([1]));
  rmSync(join(directory, 'alice.lock'));
  await assert.rejects(store.save(new Uint8Array([2])), (e) => e instanceof StateLockedError && /lost its lock/.test(e.message));
  writeFileSync(join(directory, 'alice.lock'), JSON.stringify({ pid: 4242, host: 'elsewhere', startedAt: 0, token: 'x' }));
  await assert.rejects(store.save(new Uint8Array([2])), (e) => e instanceof StateLockedError && e.holder.host === 'elsewhere');
  await store.close();
  assert.ok(existsSync(join(directory, 'alice.lock')), 'close() must not delete a lock it does not hold');
});

test('stale locks are taken over: a gone pid, an earlier process with our pid; live and remote ones are not', async () => {
  const directory = newDir();
  const lockPath = join(directory, 'alice.lock');
  const record = (r: object): string => JSON.stringify({ host: hostname(), startedAt: 1, token: 'old', ...r });
  (await openFileStateStore({ directory, name: 'alice', storageKey })).close();

  // pid_max is at most 2^22 on Linux: this pid cannot exist.
  writeFileSync(lockPath, record({ pid: 2 ** 22 + 17 }));
  await (await openFileStateStore({ directory, name: 'alice', storageKey })).close();
  writeFileSync(lockPath, record({ pid: process.pid, startedAt: 12345 }));
  await (await openFileStateStore({ directory, name: 'alice', storageKey })).close();

  writeFileSync(lockPath, record({ pid: process.ppid }));
  await assert.rejects(openFileStateStore({ directory, name: 'alice', storageKey }), (e) => e instanceof StateLockedError && e.holder.pid === process.ppid);
  writeFileSync(lockPath, record({ pid: 2 ** 22 + 17, host: 'another-host' }));
  await assert.rejects(openFileStateStore({ directory, name: 'alice', storageKey }), (e) => e instanceof StateLockedError && /host another-host/.test(e.message));
  writeFileSync(lockPath, 'not json');
  await assert.rejects(openFileStateStore({ directory, name: 'alice', storageKey }), (e) => e instanceof StateLockedError && e.message.includes(lockPath));
  rmSync(lockPath);
});

test('two processes: the second gets StateLockedError naming the first; after the first is killed, its lock is recovered', async () => {
  const directory = newDir();
  const child = await startChild(['hold', directory, 'alice', toHex(storageKey)]);
  try {
    await assert.rejects(openFileStateStore({ directory, name: 'alice', storageKey }), (e) => {
      assert.ok(e instanceof StateLockedError, String(e));
      assert.equal(e.code, 'STATE_LOCKED');
      assert.equal(e.holder.pid, child.pid);
      assert.equal(e.holder.host, hostname());
      assert.match(e.message, new RegExp(`process ${child.pid} on this host`));
      return true;
    });
  } finally {
    await kill(child);
  }
  const store = await openFileStateStore({ directory, name: 'alice', storageKey });
  assert.equal(JSON.parse(readFileSync(join(directory, 'alice.lock'), 'utf8')).pid, process.pid);
  await store.close();
});
