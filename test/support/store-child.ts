// A second process for the store tests (test/store-state.test.ts, test/store-crash.test.ts):
//
//   node dist/test/support/store-child.js hold  <directory> <name> <storageKeyHex>
//     opens the member's file state store, prints "locked <pid>" and waits to be killed.
//   node dist/test/support/store-child.js write <directory> <name> <storageKeyHex>
//     opens it, then saves version after version (state = versionState(n)) until killed,
//     printing "writing <pid>" after the first save; starts after the version stored.
//   node dist/test/support/store-child.js keystore <path> <passphrase> <log2N>
//     changes the keystore's passphrase back and forth between "a" and "b" until killed.

import { initSync } from '../../bindings/node/index.js';
import { fromHex } from '../../ts/bytes.js';
import { changePassphrase, FileSlot, openFileStateStore } from '../../ts/store/files.js';
import { versionOf, versionState } from './store-versions.js';

initSync();
const [mode, location, name, arg] = process.argv.slice(2);

if (mode === 'keystore') {
  const slot = new FileSlot(location!);
  const params = { log2N: Number(arg), r: 1, p: 1 };
  let pass = name!;
  process.stdout.write(`writing ${process.pid}\n`);
  for (;;) {
    const next = pass === 'a' ? 'b' : 'a';
    await changePassphrase(slot, pass, next, { params });
    pass = next;
  }
}

const store = await openFileStateStore({ directory: location!, name: name!, storageKey: fromHex(arg!) });
if (mode === 'hold') {
  process.stdout.write(`locked ${process.pid}\n`);
  setInterval(() => undefined, 60_000);
} else if (mode === 'write') {
  const last = await store.load();
  let n = last === undefined ? 0 : versionOf(last) + 1;
  await store.save(versionState(n++));
  process.stdout.write(`writing ${process.pid}\n`);
  for (;;) await store.save(versionState(n++));
} else {
  throw new Error(`unknown mode ${String(mode)}`);
}
