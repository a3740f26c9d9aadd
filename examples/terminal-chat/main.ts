// The terminal chat (`deno task chat`): one group chat in an 80x24 terminal or larger, in the
// spirit of the original smmpchat. This file is the Deno I/O: the data folder and its lock, the
// keystore, the relay, the terminal; the chat itself is ../chat-core, the drawing ./screen.ts.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { init } from '../../bindings/deno/mod.js';
import { acquireFileLock, openFileStateStore, StoreError, type FileLock, type Keystore, type LockedStateStore } from '../../ts/store/files.js';
import { webSocketTransport } from '../../ts/transport/websocket.js';
import { ChatController } from '../chat-core/controller.js';
import { loopbackPort, parseChatArgs, type ChatArgs } from './args.js';
import { deno, writeAll } from './deno-api.js';
import { unlockIdentity } from './identity.js';
import { LineEditor } from './line-editor.js';
import { RelayHost } from './relay-host.js';
import { render } from './screen.js';
import { Terminal } from './terminal.js';
import { screenModel } from './view.js';

const STATE_NAME = 'chat';
const INSTANCE_LOCK = 'chat-instance.lock';
// Key agreements wait this long for absent members (people paste invites slowly) before going on
// without them.
const ROUND_TIMEOUT_MS = 3 * 60_000;

function fail(message: string, code = 1): never {
  writeAll(deno.stderr, `${message}\n`);
  deno.exit(code);
}

let args: ChatArgs;
try {
  args = parseChatArgs(deno.args, (n) => deno.env.get(n));
} catch (e) {
  fail((e as Error).message, 2);
}

await init();
const term = Terminal.available() ? new Terminal() : undefined;
if (term === undefined && args.passphrase === undefined) fail('the chat needs a terminal (stdin and stdout)');

// One chat per data folder, checked before anything is asked.
let lock: FileLock;
try {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(args.dataDir, { recursive: true, mode: 0o700 });
  lock = await acquireFileLock(join(args.dataDir, INSTANCE_LOCK));
} catch (e) {
  if (e instanceof StoreError && e.code === 'STATE_LOCKED') fail(`another chat is using ${args.dataDir}: ${e.message}\n(use --data to run a second chat with its own identity)`);
  fail(`cannot use ${args.dataDir}: ${(e as Error).message}`);
}

let keystore: Keystore;
let store: LockedStateStore;
try {
  keystore = await unlockIdentity(args.dataDir, {
    ...(args.passphrase === undefined ? {} : { given: args.passphrase }),
    ...(term === undefined ? {} : { ask: (p: string) => term.askHidden(p) }),
    say: (t) => writeAll(deno.stdout, `${t}\r\n`),
  });
  store = await openFileStateStore({ directory: args.dataDir, name: STATE_NAME, storageKey: keystore.storageKey });
  keystore.storageKey.fill(0); // the store has its own copy
} catch (e) {
  term?.leave();
  await lock.release();
  fail((e as Error).message === 'interrupted' ? 'bye' : (e as Error).message, (e as Error).message === 'interrupted' ? 130 : 1);
}
if (term === undefined) fail('the chat needs a terminal (stdin and stdout)');

const relays = new RelayHost((url) => chat.note('info', `hosting a relay at ${url} (memory log, for as long as this chat runs)`));
const chat = new ChatController({
  identity: keystore.identity,
  store,
  engine: { roundTimeoutMs: ROUND_TIMEOUT_MS },
  relayForNewGroup: async () => args.relay ?? (await relays.host(args.port, true)),
  connect: async (url) => {
    let target = args.relay ?? url;
    if (target === undefined) target = await relays.host(args.port, true);
    else if (args.relay === undefined && relays.url === undefined) {
      // A group on a relay this machine hosted: host it again if nobody serves that port.
      const port = loopbackPort(target);
      if (port !== undefined) await relays.host(port, false);
    }
    return webSocketTransport(target!);
  },
  keepInvite: async (text) => {
    const path = join(args.dataDir, 'invite.txt');
    await writeFile(path, `${text}\n`, { mode: 0o600 });
    return path;
  },
});

// --- The screen ----------------------------------------------------------------------------

const editor = new LineEditor();
let scroll = 0;
let drawPending = false;
let quitting = false;

function draw(): void {
  drawPending = false;
  if (quitting) return;
  const { columns, rows } = term!.size();
  const frame = render(screenModel(chat, editor, scroll), columns, rows);
  scroll = Math.min(scroll, frame.maxScroll);
  term!.write(frame.ansi);
}

function redraw(): void {
  if (drawPending) return;
  drawPending = true;
  setTimeout(draw, 15);
}

async function quit(code = 0): Promise<never> {
  if (quitting) return new Promise<never>(() => {});
  quitting = true;
  try {
    await chat.stop();
  } finally {
    await store.close().catch(() => undefined);
    await relays.close().catch(() => undefined);
    await lock.release().catch(() => undefined);
    keystore.wipe();
    term!.leave();
  }
  writeAll(deno.stdout, 'bye\n');
  deno.exit(code);
}

// Library errors outside any command (a listener bug, a socket failure) become notes, never a
// stack trace over the screen.
globalThis.addEventListener('error', (e) => {
  e.preventDefault();
  chat.note('alarm', `internal error: ${(e as ErrorEvent).message}`);
});
globalThis.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  chat.note('alarm', `internal error: ${String((e as PromiseRejectionEvent).reason)}`);
});
for (const signal of ['SIGTERM', 'SIGHUP'] as const) deno.addSignalListener(signal, () => void quit(0));
deno.addSignalListener('SIGWINCH', redraw);

term.enterScreen();
chat.onChange = redraw;
try {
  await chat.start();
} catch (e) {
  chat.note('alarm', `the stored group could not be opened: ${(e as Error).message}`);
}
draw();

for (;;) {
  const keys = await term.read();
  if (keys === undefined) await quit(0);
  for (const key of keys ?? []) {
    const r = editor.apply(key);
    if (r.kind === 'quit') await quit(0);
    else if (r.kind === 'scroll') scroll = Math.max(0, scroll + r.pages * Math.max(1, term.size().rows - 4));
    else if (r.kind === 'submit') {
      scroll = 0;
      // Commands run side by side with typing; their results arrive as notes.
      void chat.run(r.line).then((res) => (res === 'quit' ? quit(0) : undefined));
    }
  }
  redraw();
}
