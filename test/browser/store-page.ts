// Browser storage in a real page: IndexedDB slots, the keystore and the encrypted member-state
// store in IndexedDB, and Web Locks. test/browser/store-run.ts opens this page in several tabs:
//
//   ?mode=checks            the single-page checks below
//   ?mode=hold&db=D         creates the keystore in D, opens member "alice", saves a state, and
//                           keeps the store (and its Web Lock) open until the tab is closed
//   ?mode=contend&db=D      opens the keystore, then expects StateLockedError for "alice"
//   ?mode=resume&db=D       expects to take "alice" and to load the state the first tab saved

import { init } from '../../bindings/browser/index.js';
import { toHex } from '../../ts/bytes.js';
import { randomBytes } from '../../ts/crypto/random.js';
import {
  createKeystore,
  IndexedDbSlot,
  KeystoreExistsError,
  openIndexedDbStateStore,
  openKeystore,
  StateDamagedError,
  StateLockedError,
  StateRejectedError,
  WrongPassphraseError,
} from '../../ts/store/browser.js';
import { done, record } from './report.js';

const FAST = { log2N: 4, r: 1, p: 1 };
const SUITE = 'store (chromium)';
const SHARED_STATE = new TextEncoder().encode('state saved by the first tab');

function ok(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

async function rejects<E>(p: Promise<unknown>, type: abstract new (...a: any[]) => E, what: string): Promise<E> {
  try {
    await p;
  } catch (e) {
    ok(e instanceof type, `${what}: expected ${type.name}, got ${String(e)}`);
    return e;
  }
  throw new Error(`${what}: expected ${type.name}`);
}

const same = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean => a !== undefined && b !== undefined && toHex(a) === toHex(b);

async function checks(): Promise<void> {
  const db = `smmp-checks-${toHex(randomBytes(4))}`;

  await record(SUITE, 'IndexedDB slot: absent, create once, atomic replace', async () => {
    const slot = new IndexedDbSlot(db, 'slot');
    ok((await slot.read()) === undefined, 'new slot not empty');
    ok(await slot.create(new Uint8Array([1, 2])), 'create on empty');
    ok(!(await slot.create(new Uint8Array([3]))), 'create over existing');
    ok(same(await slot.read(), new Uint8Array([1, 2])), 'create changed the bytes');
    await slot.write(new Uint8Array([9]));
    ok(same(await slot.read(), new Uint8Array([9])), 'write');
    ok(slot.location === `indexeddb:${db}/slot`, slot.location);
  });

  await record(SUITE, 'keystore in IndexedDB: create, open, wrong passphrase leaves it as it was', async () => {
    const slot = new IndexedDbSlot(db, 'keystore');
    const k = await createKeystore(slot, 'pw', { params: FAST });
    const before = await slot.read();
    await rejects(openKeystore(slot, 'wrong'), WrongPassphraseError, 'wrong passphrase');
    await rejects(createKeystore(slot, 'pw', { params: FAST }), KeystoreExistsError, 'second create');
    ok(same(await slot.read(), before), 'the record changed');
    ok(same((await openKeystore(slot, 'pw')).storageKey, k.storageKey), 'storage key');
  });

  const storageKey = randomBytes(32);
  await record(SUITE, 'member state: encrypted round trip; a second open in the same page is locked out until close', async () => {
    const store = await openIndexedDbStateStore({ database: db, name: 'alice', storageKey });
    ok((await store.load()) === undefined, 'fresh store not empty');
    const state = randomBytes(5000);
    await store.save(state);
    ok(same(await store.load(), state), 'round trip');
    const raw = await new IndexedDbSlot(db, 'state/alice').read();
    ok(raw !== undefined && raw.length === state.length + 94, 'stored size');
    const e = await rejects(openIndexedDbStateStore({ database: db, name: 'alice', storageKey }), StateLockedError, 'second open');
    ok(e.code === 'STATE_LOCKED' && /another tab/.test(e.message), e.message);
    await store.close();
    await rejects(store.save(state), StateLockedError, 'save after close');
    const again = await openIndexedDbStateStore({ database: db, name: 'alice', storageKey });
    ok(same(await again.load(), state), 'reopened');
    await again.close();
  });

  await record(SUITE, 'damaged, copied and foreign records give typed errors and stay as they were', async () => {
    const alice = await openIndexedDbStateStore({ database: db, name: 'alice', storageKey });
    const bob = await openIndexedDbStateStore({ database: db, name: 'bob', storageKey });
    await bob.save(randomBytes(100));
    const aliceSlot = new IndexedDbSlot(db, 'state/alice');
    const good = (await aliceSlot.read())!;
    const bad = good.slice();
    bad[40]! ^= 1;
    await aliceSlot.write(bad);
    await rejects(alice.load(), StateDamagedError, 'flipped');
    ok(same(await aliceSlot.read(), bad), 'the record changed');
    await aliceSlot.write((await new IndexedDbSlot(db, 'state/bob').read())!);
    await rejects(alice.load(), StateRejectedError, "bob's record in alice's slot");
    const tx = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open(db);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    await new Promise<void>((resolve, reject) => {
      const t = tx.transaction('slots', 'readwrite');
      t.objectStore('slots').put('not bytes', 'state/alice');
      t.oncomplete = () => resolve();
      t.onerror = () => reject(t.error);
    });
    tx.close();
    await rejects(alice.load(), StateDamagedError, 'a string in the record');
    await alice.close();
    await bob.close();
  });

  await record(SUITE, 'a Web Lock stolen by another context stops the store from writing', async () => {
    const store = await openIndexedDbStateStore({ database: db, name: 'carol', storageKey });
    await store.save(new Uint8Array([1]));
    let stolen!: () => void;
    const held = new Promise<void>((r) => (stolen = r));
    const thief = navigator.locks.request(`smmp:${db}/carol`, { steal: true }, async () => {
      stolen();
      await new Promise((r) => setTimeout(r, 50));
    });
    await held;
    const e = await rejects(store.save(new Uint8Array([2])), StateLockedError, 'save after steal');
    ok(/took the lock over/.test(e.message), e.message);
    await thief;
    const after = await openIndexedDbStateStore({ database: db, name: 'carol', storageKey });
    ok(same(await after.load(), new Uint8Array([1])), 'the stolen store wrote');
    await after.close();
    await store.close();
  });
}

// Kept open by the "hold" tab: the store (and with it the lock) lives as long as the page.
let held: unknown;

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const mode = params.get('mode');
  const db = params.get('db') ?? 'smmp-tabs';
  try {
    await init();
    if (mode === 'checks') {
      await checks();
    } else if (mode === 'hold') {
      await record(SUITE, 'tab 1 creates the keystore, opens "alice" and saves', async () => {
        const k = await createKeystore(new IndexedDbSlot(db, 'keystore'), 'pw', { params: FAST });
        const store = await openIndexedDbStateStore({ database: db, name: 'alice', storageKey: k.storageKey });
        await store.save(SHARED_STATE);
        held = store;
      });
    } else if (mode === 'contend') {
      await record(SUITE, 'tab 2 opens the keystore and gets StateLockedError for "alice"', async () => {
        const k = await openKeystore(new IndexedDbSlot(db, 'keystore'), 'pw');
        const e = await rejects(openIndexedDbStateStore({ database: db, name: 'alice', storageKey: k.storageKey }), StateLockedError, 'tab 2');
        return e.message;
      });
    } else if (mode === 'resume') {
      await record(SUITE, 'once tab 1 is closed, tab 3 takes "alice" and loads what tab 1 saved', async () => {
        const k = await openKeystore(new IndexedDbSlot(db, 'keystore'), 'pw');
        const store = await openIndexedDbStateStore({ database: db, name: 'alice', storageKey: k.storageKey });
        ok(same(await store.load(), SHARED_STATE), 'state from tab 1');
        await store.close();
      });
    } else {
      throw new Error(`unknown mode ${String(mode)}`);
    }
  } catch (e) {
    await record(SUITE, `page setup (${String(mode)})`, () => {
      throw e;
    });
  }
  done();
}

await main();
