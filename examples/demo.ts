// `npm run demo`: a group chat in one process. It starts the relay (memory log) on a free
// loopback port, and three members, each a session with its own WebSocket connection to that
// relay, form a group: the key agreement's progress, safety numbers, the group code, a short
// conversation with delivery status and the conversation digests; then a fourth member joins
// and one leaves, each with a new key agreement and group code. Exits 0 when all of it worked,
// 1 with the reason otherwise.

import { WebSocket } from 'ws';
import { init, generateIdentity, safetyNumber, createInvite, encodeInvite, Session, type Identity, type SessionEvent } from 'smmp';
import { MemoryStateStore } from 'smmp/store';
import { startRelay } from '../ts/relay/node/server.js';
import { webSocketTransport, type WebSocketConstructor } from '../ts/transport/index.js';

const LIMIT_MS = 60_000;
const started = Date.now();
const say = (who: string, text: string): void => console.log(`${String(((Date.now() - started) / 1000).toFixed(1)).padStart(5)}s  ${who.padEnd(8)} ${text}`);

const watchdog = setTimeout(() => fail(new Error(`not done after ${LIMIT_MS / 1000} s`)), LIMIT_MS);
function fail(e: unknown): never {
  console.error(`\ndemo failed: ${(e as Error).message}`);
  process.exit(1);
}

// Resolves once `ok` holds (checked every 20 ms); bounded.
async function until(what: string, ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

try {
  await init();
  const relay = await startRelay({ port: 0 });
  say('relay', `listening on ${relay.url} (memory log, in this process)`);

  const everyone = ['alice', 'bob', 'carol', 'dave'].map((name) => ({ name, identity: generateIdentity() }));
  const people = everyone.slice(0, 3);
  const dave = everyone[3]!; // joins later
  const nameOf = (key: Uint8Array): string => everyone.find((p) => p.identity.publicKey.every((b, i) => b === key[i]))?.name ?? 'someone';
  // Alice makes the invite: the relay, a fresh room and group, everyone's public identity key.
  const invite = encodeInvite(createInvite({ members: people.map((p) => p.identity.publicKey), relayUrl: relay.url }));
  say('alice', `invite: ${invite.slice(0, 48)}... (${invite.length} characters)`);

  const transport = () => webSocketTransport(relay.url, { WebSocket: (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket ?? (WebSocket as unknown as WebSocketConstructor) });
  const connect = (p: { name: string; identity: Identity }, inviteText: string) => {
    // Each member has its own connection to the relay and its own store (memory here; a file or
    // IndexedDB store keeps it across restarts).
    const session = new Session({ identity: p.identity, transport: transport(), store: new MemoryStateStore(), invite: inviteText });
    let phase = '';
    const show = (e: SessionEvent): void => {
      // The key agreement's rounds as they start, and whom each waits for at that moment.
      if (e.type === 'progress' && e.phase !== phase) say(p.name, `key agreement: round ${(phase = e.phase)}${e.waitingFor.length ? `, waiting for ${e.waitingFor.map(nameOf).join(', ')}` : ''}`);
      if (e.type === 'established') {
        phase = '';
        say(p.name, `key agreement done, group code ${e.groupCode}`);
      }
      if (e.type === 'active') say(p.name, `the group is active: ${e.members.map(nameOf).join(', ')}`);
      if (e.type === 'proposal') say(p.name, `${nameOf(e.by)} proposed ${e.op === 'add' ? 'adding' : e.op === 'remove' ? 'removing' : 'refreshing'}: the group becomes ${e.members.map(nameOf).join(', ')}`);
      if (e.type === 'member-left') say(p.name, `${nameOf(e.member)} left the group`);
      if (e.type === 'left') say(p.name, 'left the group: keys erased');
      if (e.type === 'message') say(p.name, `<${nameOf(e.message.from)}> ${e.message.text}`);
      if (e.type === 'status' && e.message.status === 'delivered') say(p.name, `"${e.message.text}" delivered to all`);
      if (e.type === 'status' && e.message.status === 'unacknowledged') say(p.name, `"${e.message.text}" not yet acknowledged by ${e.message.missing.map(nameOf).join(', ')}`);
      if (e.type === 'alarm') say(p.name, `ALARM ${e.kind}: ${e.message}`);
    };
    for (const type of ['progress', 'established', 'active', 'proposal', 'member-left', 'left', 'message', 'status', 'alarm'] as const) session.on(type, show);
    return { ...p, session };
  };
  const sessions = people.map((p) => connect(p, invite));

  console.log('\nSafety numbers (compare them out of band, e.g. read aloud):');
  for (const p of people) console.log(`  ${p.name.padEnd(6)} ${safetyNumber(p.identity.publicKey)}`);
  console.log('');

  await Promise.all(sessions.map((p) => p.session.start()));
  await until('the group to become active', () => sessions.every((p) => p.session.isActive));
  const codes = new Set(sessions.map((p) => p.session.groupCode));
  if (codes.size !== 1) throw new Error(`group codes differ: ${[...codes].join(' ')}`);
  say('all', `same group code everywhere: ${[...codes][0]}`);

  // Each person compares safety numbers with the others and marks them verified.
  for (const p of sessions) for (const m of p.session.unverified) await p.session.verify(m.key);
  say('all', `unverified members left: ${sessions.reduce((n, p) => n + p.session.unverified.length, 0)}`);

  const lines: [number, string][] = [
    [0, 'hello, group'],
    [1, 'hi alice, keys look good here'],
    [2, 'same here. the relay only sees ciphertext'],
    [0, 'and a restart would resume from the saved state'],
  ];
  for (const [who, text] of lines) {
    await sessions[who]!.session.send(text);
    await until(`"${text}" to arrive`, () => sessions.every((p) => p.session.messages.some((m) => m.text === text)));
  }
  await until('every message delivered to all', () => sessions.every((p) => p.session.messages.filter((m) => m.own).every((m) => m.status === 'delivered')));
  await until('the digests to converge', () => new Set(sessions.map((p) => p.session.digest)).size === 1);
  console.log('\nConversation digests (equal digests mean equal transcripts):');
  for (const p of sessions) console.log(`  ${p.name.padEnd(6)} ${p.session.digest}`);

  // Dave joins: alice proposes adding him and gives him a join invite; a new key agreement runs
  // with the four of them, and dave reads only what is sent from then on.
  console.log('');
  say('dave', `safety number ${safetyNumber(dave.identity.publicKey)}`);
  await sessions[0]!.session.add([dave.identity.publicKey]);
  const daveSession = connect(dave, sessions[0]!.session.invite([dave.identity.publicKey]));
  sessions.push(daveSession);
  await daveSession.session.start();
  await until('the four to be active', () => sessions.every((p) => p.session.isActive && p.session.members.length === 4));
  const codes4 = new Set(sessions.map((p) => p.session.groupCode));
  if (codes4.size !== 1) throw new Error(`group codes differ after the join: ${[...codes4].join(' ')}`);
  say('all', `four members, new group code everywhere: ${[...codes4][0]}`);
  await daveSession.session.send('hi all, dave here');
  await until('dave to be read', () => sessions.slice(0, 3).every((p) => p.session.messages.some((m) => m.text === 'hi all, dave here')));

  // Carol leaves: her goodbye makes the others remove her, with one more key agreement.
  console.log('');
  await sessions[2]!.session.leave();
  const stay = sessions.filter((p) => p.name !== 'carol');
  await until('the three to be active without carol', () => stay.every((p) => p.session.isActive && p.session.members.length === 3));
  const codes3 = new Set(stay.map((p) => p.session.groupCode));
  if (codes3.size !== 1) throw new Error(`group codes differ after the leave: ${[...codes3].join(' ')}`);
  say('all', `carol is out, new group code: ${[...codes3][0]}`);
  await stay[0]!.session.send('carol cannot read this one');
  await until('the last message to arrive', () => stay.every((p) => p.session.messages.some((m) => m.text === 'carol cannot read this one')));
  if (sessions[2]!.session.messages.some((m) => m.text === 'carol cannot read this one')) throw new Error('carol read a message sent after she left');
  await until('the digests to converge again', () => new Set(stay.map((p) => p.session.digest)).size === 1);
  console.log('\nDigests of the three who stayed:');
  for (const p of stay) console.log(`  ${p.name.padEnd(6)} ${p.session.digest}`);

  await Promise.all(sessions.map((p) => p.session.stop()));
  await relay.close();
  clearTimeout(watchdog);
  console.log(`\ndemo done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(0);
} catch (e) {
  fail(e);
}
