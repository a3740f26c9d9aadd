// The browser chat page: the same chat as the terminal (../chat-core), drawn in the DOM. The
// identity is a passphrase-protected keystore in IndexedDB, the group state is encrypted in
// IndexedDB, and a Web Lock keeps one tab per identity (a second tab says so and stops). The
// relay is the server that served the page, unless ?relay= names another.
//
// ?db=NAME keeps a separate identity (its own IndexedDB database) in the same browser profile.
// All text goes into the page with textContent, never as HTML.

import { init } from '../../bindings/browser/index.js';
import { safetyNumber } from '../../ts/protocol/identity.js';
import {
  acquireWebLock,
  createKeystore,
  IndexedDbSlot,
  openIndexedDbStateStore,
  openKeystore,
  StoreError,
  type Keystore,
  type LockedStateStore,
  type WebLock,
} from '../../ts/store/browser.js';
import { webSocketTransport } from '../../ts/transport/websocket.js';
import { ChatController } from '../chat-core/controller.js';
import { sanitize, senderText, statusText, timeText, type Entry } from '../chat-core/format.js';
import { keyText, shortName } from '../chat-core/names.js';

const params = new URLSearchParams(location.search);
const DATABASE = `smmp-chat${params.get('db') ? `-${params.get('db')}` : ''}`;
const PAGE_RELAY = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/`;
const RELAY = params.get('relay') ?? PAGE_RELAY;
const STATE_NAME = 'chat';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`the page lacks #${id}`);
  return el as T;
};

function fatal(message: string): void {
  const box = $('fatal');
  box.textContent = message;
  box.hidden = false;
  $('unlock').hidden = true;
  $('chat').hidden = true;
  $('title').textContent = 'stopped';
  document.body.dataset['state'] = 'fatal';
}

// --- Start: the lock, then the keystore ------------------------------------------------------

async function main(): Promise<void> {
  await init();
  let instance: WebLock;
  try {
    instance = await acquireWebLock(`smmp-chat:${DATABASE}`);
  } catch (e) {
    if (e instanceof StoreError && e.code === 'STATE_LOCKED') {
      fatal('This chat is already open in another tab or window of this browser. Close it there, or open this page with ?db=another-name for a second identity.');
      return;
    }
    throw e;
  }
  const keystore = await unlock();
  let store: LockedStateStore;
  try {
    store = await openIndexedDbStateStore({ database: DATABASE, name: STATE_NAME, storageKey: keystore.storageKey });
  } finally {
    keystore.storageKey.fill(0); // the store has its own copy
  }
  // Both locks are held until the page goes: the browser releases them then.
  void instance;
  await runChat(keystore, store);
}

// Asks for the passphrase in the form: a new one (twice) the first time, else the one set.
async function unlock(): Promise<Keystore> {
  const slot = new IndexedDbSlot(DATABASE, 'keystore');
  const fresh = (await slot.read()) === undefined;
  const form = $<HTMLFormElement>('unlock');
  const error = $('unlock-error');
  $('unlock-intro').textContent = fresh
    ? 'A new identity for this browser. Choose a passphrase: it protects your identity key and your conversations stored here.'
    : 'Unlock your identity with its passphrase.';
  $('confirm-row').hidden = !fresh;
  $('unlock-button').textContent = fresh ? 'Create identity' : 'Unlock';
  form.hidden = false;
  document.body.dataset['state'] = 'locked';
  $('title').textContent = fresh ? 'new identity' : 'locked';
  $('passphrase').focus();
  for (;;) {
    await new Promise<void>((resolve) =>
      form.addEventListener(
        'submit',
        (ev) => {
          ev.preventDefault();
          resolve();
        },
        { once: true },
      ),
    );
    const pass = $<HTMLInputElement>('passphrase').value;
    if (fresh && pass !== $<HTMLInputElement>('passphrase2').value) {
      error.textContent = 'The two passphrases differ.';
      continue;
    }
    error.textContent = fresh ? 'Creating (scrypt takes a second)...' : 'Unlocking...';
    try {
      const ks = fresh ? await createKeystore(slot, pass) : await openKeystore(slot, pass);
      $<HTMLInputElement>('passphrase').value = '';
      $<HTMLInputElement>('passphrase2').value = '';
      error.textContent = '';
      form.hidden = true;
      return ks;
    } catch (e) {
      if (e instanceof StoreError && e.code === 'WRONG_PASSPHRASE') error.textContent = 'Wrong passphrase.';
      else throw e;
    }
  }
}

// --- The chat ------------------------------------------------------------------------------

async function runChat(keystore: Keystore, store: LockedStateStore): Promise<void> {
  const chat = new ChatController({
    identity: keystore.identity,
    store,
    connect: async (url) => webSocketTransport(params.get('relay') ?? url ?? RELAY),
    relayForNewGroup: async () => RELAY,
    keepInvite: async (text) => {
      $<HTMLTextAreaElement>('invite-out').value = text;
      return 'the Invite box';
    },
  });
  $('chat').hidden = false;
  $('my-key').textContent = keyText(keystore.identity.publicKey);
  $('my-safety').textContent = safetyNumber(keystore.identity.publicKey);

  let pending = false;
  chat.onChange = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      draw(chat);
    });
  };
  const run = (line: string): void => {
    void chat.run(line).then((r) => {
      if (r === 'quit') {
        void chat.stop().then(() => fatal('Closed. Reload the page to open the chat again.'));
      }
    });
  };
  $<HTMLFormElement>('composer').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const input = $<HTMLInputElement>('line');
    const line = input.value;
    input.value = '';
    run(line);
  });
  $<HTMLFormElement>('invite-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(`/invite ${$<HTMLInputElement>('invite-key').value}`);
  });
  $<HTMLFormElement>('join-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(`/join ${$<HTMLTextAreaElement>('join-text').value}`);
  });
  $('rekey').addEventListener('click', () => run('/rekey'));
  $('leave').addEventListener('click', () => {
    if (confirm('Leave this group? Your keys for it are erased.')) run('/leave');
  });
  $('members').addEventListener('click', (ev) => {
    const button = (ev.target as HTMLElement).closest('button[data-verify]');
    if (button instanceof HTMLButtonElement) run(`/${button.dataset['action']} ${button.dataset['verify']}`);
  });

  try {
    await chat.start();
  } catch (e) {
    chat.note('alarm', `the stored group could not be opened: ${(e as Error).message}`);
  }
  document.body.dataset['state'] = 'chat';
  draw(chat);
  $('line').focus();
}

// --- Drawing -------------------------------------------------------------------------------

const rows = new Map<Entry, HTMLLIElement>();

function draw(chat: ChatController): void {
  const v = chat.view();
  $('title').textContent = sanitize(v.title);
  $('status').textContent = sanitize(v.status);
  $('warnings').textContent = v.warnings.map(sanitize).join(' · ');
  drawPane(chat.entries);
  drawMembers(chat);
}

function drawPane(entries: readonly Entry[]): void {
  const pane = $('pane');
  const atBottom = pane.scrollHeight - pane.scrollTop - pane.clientHeight < 40;
  // Entries only grow at the end and drop at the front: rows for dropped entries go.
  const live = new Set(entries);
  for (const [e, li] of rows) {
    if (!live.has(e)) {
      li.remove();
      rows.delete(e);
    }
  }
  for (const e of entries) {
    let li = rows.get(e);
    if (li === undefined) {
      li = entryRow(e);
      rows.set(e, li);
      pane.append(li);
    } else if (e.kind === 'message' && e.message.own) {
      updateStatus(li, e);
    }
  }
  if (atBottom) pane.scrollTop = pane.scrollHeight;
}

function span(cls: string, text: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = cls;
  s.textContent = text;
  return s;
}

function entryRow(e: Entry): HTMLLIElement {
  const li = document.createElement('li');
  if (e.kind === 'note') {
    if (e.code === true) {
      li.className = 'code';
      li.textContent = e.text;
    } else {
      li.className = `note ${e.level}`;
      li.append(span('time', timeText(e.at)), document.createTextNode(sanitize(e.text)));
    }
    return li;
  }
  const m = e.message;
  li.className = m.own ? 'message own' : 'message';
  li.dataset['key'] = m.key;
  li.append(span('time', timeText(m.at)), span('from', `${senderText(m)}:`), span('text', sanitize(m.text)));
  if (m.own) {
    li.append(span('status', ''));
    updateStatus(li, e);
  }
  return li;
}

function updateStatus(li: HTMLLIElement, e: Extract<Entry, { kind: 'message' }>): void {
  const s = li.querySelector('.status');
  if (s === null) return;
  const text = statusText(e.message);
  if (s.textContent !== text) {
    s.textContent = text;
    s.className = `status ${e.message.status}`;
  }
}

function drawMembers(chat: ChatController): void {
  const s = chat.current;
  const list = $('members');
  const facts = $('group-facts');
  list.replaceChildren();
  if (s === undefined || s.members.length === 0) {
    const li = document.createElement('li');
    li.textContent = s === undefined ? 'no group yet' : 'waiting to be added';
    list.append(li);
    facts.textContent = '';
    return;
  }
  s.members.forEach((m, i) => {
    const li = document.createElement('li');
    li.dataset['member'] = shortName(m.key);
    li.append(span('name', `${shortName(m.key)} `));
    li.append(span(`mark ${m.self ? 'self' : m.verified ? 'verified' : 'unverified'}`, m.self ? 'you' : m.verified ? 'verified' : 'unverified'));
    li.append(span('safety', m.safetyNumber));
    if (!m.self) {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset['verify'] = String(i + 1);
      b.dataset['action'] = m.verified ? 'unverify' : 'verify';
      b.textContent = m.verified ? 'Unverify' : 'Mark verified';
      li.append(b);
    }
    list.append(li);
  });
  const digest = s.digest;
  facts.textContent = `${s.groupCode ? `Group code ${s.groupCode}. ` : ''}${digest ? `Digest ${digest.slice(0, 16)}.` : ''}`;
}

main().catch((e: unknown) => fatal(`The chat stopped: ${e instanceof Error ? e.message : String(e)}`));
