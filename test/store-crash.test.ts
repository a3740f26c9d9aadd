// Crash safety of atomic writes (Node): a child process saves state versions in a loop and is
// SIGKILLed at a random moment, many times over; after each kill the file must load as one
// complete version, never older than one already seen, and the next process must recover the
// dead one's lock. The same for passphrase changes of a keystore. SMMP_LONG=1 kills 10x more.
// (SIGKILL stops the process, not the machine: power loss is what the fsyncs are for, and is
// not simulated here.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crypto, LONG, toHex } from './support/core.js';
import { createKeystore, FileSlot, openFileStateStore, openKeystore, WrongPassphraseError } from '../ts/store/files.js';
import { kill, startChild } from './support/store-process.js';
import { versionOf } from './support/store-versions.js';

const root = mkdtempSync(join(tmpdir(), 'smmp-crash-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const KILLS = LONG ? 200 : 12;
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test(`state saves killed ${KILLS} times: always one complete version, never going back`, { timeout: 600_000 }, async () => {
  const directory = join(root, 'state');
  const storageKey = crypto.randomBytes(32);
  let last = -1;
  let torn = 0;
  for (let i = 0; i < KILLS; i++) {
    const child = await startChild(['write', directory, 'alice', toHex(storageKey)]);
    await pause(Math.floor(Math.random() * 60));
    await kill(child);
    torn += readdirSync(directory).filter((f) => f.endsWith('.tmp')).length;
    // Opening takes over the dead child's lock and removes its temp file.
    const store = await openFileStateStore({ directory, name: 'alice', storageKey });
    const n = versionOf((await store.load())!);
    assert.ok(n >= last && n >= 0, `version ${n} after ${last}`);
    last = n;
    await store.close();
    assert.deepEqual(readdirSync(directory).filter((f) => f.endsWith('.tmp') || f.endsWith('.stale')), []);
  }
  // Kills landing mid-write are what the test is about: report how many there were.
  console.log(`# ${KILLS} kills, ${torn} during a write (temp file left), last version ${last}`);
});

test(`passphrase changes killed ${Math.ceil(KILLS / 2)} times: the keystore always opens with one of the two passphrases`, { timeout: 600_000 }, async () => {
  const path = join(root, 'keystore');
  const k = await createKeystore(new FileSlot(path), 'a', { params: { log2N: 8, r: 1, p: 1 } });
  for (let i = 0; i < Math.ceil(KILLS / 2); i++) {
    const current = await (async () => {
      for (const pass of ['a', 'b']) {
        try {
          return { pass, keystore: await openKeystore(new FileSlot(path), pass) };
        } catch (e) {
          if (!(e instanceof WrongPassphraseError)) throw e;
        }
      }
      throw new Error('neither passphrase opens the keystore');
    })();
    assert.equal(toHex(current.keystore.storageKey), toHex(k.storageKey));
    const child = await startChild(['keystore', path, current.pass, '8']);
    await pause(Math.floor(Math.random() * 40));
    await kill(child);
  }
});
