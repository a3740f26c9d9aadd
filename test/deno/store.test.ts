// The file store under Deno (node:fs through Deno's Node compatibility): keystore files, the
// encrypted member-state store, its lock, stale-lock recovery and typed errors. Needs
// --allow-read --allow-write --allow-sys=hostname, and --allow-run for stale-lock recovery (the
// pid check); deno task test grants them.

import { init, crypto } from '../../bindings/deno/mod.ts';
import { toHex } from '../../ts/bytes.ts';
import {
  changePassphrase,
  createKeystore,
  FileSlot,
  KeystoreDamagedError,
  openFileStateStore,
  openKeystore,
  StateDamagedError,
  StateLockedError,
  StateRejectedError,
  WrongPassphraseError,
} from '../../ts/store/files.ts';

await init();

function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}
function assertEquals(actual: unknown, expected: unknown): void {
  assert(Object.is(actual, expected), `expected ${String(expected)}, got ${String(actual)}`);
}
async function assertRejects<E extends Error>(fn: () => Promise<unknown>, type: new (...a: any[]) => E): Promise<E> {
  try {
    await fn();
  } catch (e) {
    assert(e instanceof type, `expected ${type.name}, got ${String(e)}`);
    return e;
  }
  throw new Error(`expected ${type.name}, nothing was thrown`);
}

const FAST = { log2N: 4, r: 1, p: 1 };

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: 'smmp-deno-store-' });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test('store (deno) > keystore file: create, open, wrong passphrase and damage leave it untouched, change passphrase', () =>
  withDir(async (dir) => {
    const path = `${dir}/keystore`;
    const k = await createKeystore(new FileSlot(path), 'pw', { params: FAST });
    assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
    const good = await Deno.readFile(path);
    await assertRejects(() => openKeystore(new FileSlot(path), 'nope'), WrongPassphraseError);
    const bad = good.slice();
    bad[100]! ^= 4;
    await Deno.writeFile(path, bad);
    await assertRejects(() => openKeystore(new FileSlot(path), 'pw'), KeystoreDamagedError);
    assertEquals(toHex(await Deno.readFile(path)), toHex(bad));
    await Deno.writeFile(path, good);
    await changePassphrase(new FileSlot(path), 'pw', 'new');
    assertEquals(toHex((await openKeystore(new FileSlot(path), 'new')).storageKey), toHex(k.storageKey));
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name).join(), 'keystore');
  }));

Deno.test('store (deno) > member state: encrypted round trip, damage, another slot, one writer', () =>
  withDir(async (directory) => {
    const storageKey = crypto.randomBytes(32);
    const alice = await openFileStateStore({ directory, name: 'alice', storageKey });
    const state = crypto.randomBytes(500);
    await alice.save(state);
    assertEquals(toHex((await alice.load())!), toHex(state));
    await assertRejects(() => openFileStateStore({ directory, name: 'alice', storageKey }), StateLockedError);
    const lock = JSON.parse(await Deno.readTextFile(`${directory}/alice.lock`));
    assertEquals(lock.pid, Deno.pid);

    const bob = await openFileStateStore({ directory, name: 'bob', storageKey });
    await bob.save(crypto.randomBytes(10));
    await Deno.copyFile(`${directory}/bob.state`, `${directory}/alice.state`);
    await assertRejects(() => alice.load(), StateRejectedError);
    await Deno.writeFile(`${directory}/alice.state`, (await Deno.readFile(`${directory}/bob.state`)).subarray(0, 50));
    await assertRejects(() => alice.load(), StateDamagedError);
    await alice.close();
    await bob.close();
    assert(!(await Deno.stat(`${directory}/alice.lock`).then(() => true, () => false)), 'lock file left after close');
  }));

Deno.test('store (deno) > a lock of a process that is gone is taken over; a live one is not', () =>
  withDir(async (directory) => {
    const storageKey = crypto.randomBytes(32);
    const host = (await import('node:os')).hostname();
    const lockPath = `${directory}/alice.lock`;
    await Deno.writeTextFile(lockPath, JSON.stringify({ pid: 2 ** 22 + 17, host, startedAt: 1, token: 'old' }));
    const store = await openFileStateStore({ directory, name: 'alice', storageKey });
    assertEquals(JSON.parse(await Deno.readTextFile(lockPath)).pid, Deno.pid);
    await store.close();
    await Deno.writeTextFile(lockPath, JSON.stringify({ pid: Deno.ppid, host, startedAt: 1, token: 'old' }));
    const e = await assertRejects(() => openFileStateStore({ directory, name: 'alice', storageKey }), StateLockedError);
    assertEquals(e.holder.pid, Deno.ppid);
  }));

Deno.test({
  name: 'store (deno) > without --allow-run a lock of another pid is kept, and the error says why',
  permissions: { read: true, write: true, sys: ['hostname'], run: false },
  fn: () =>
    withDir(async (directory) => {
      const host = (await import('node:os')).hostname();
      const lockPath = `${directory}/alice.lock`;
      await Deno.writeTextFile(lockPath, JSON.stringify({ pid: 2 ** 22 + 17, host, startedAt: 1, token: 'old' }));
      const e = await assertRejects(() => openFileStateStore({ directory, name: 'alice', storageKey: crypto.randomBytes(32) }), StateLockedError);
      assert(e.message.includes('--allow-run') && e.message.includes(lockPath), e.message);
    }),
});
