// The chat both example apps run (examples/chat-core/controller.ts), driven by typed lines over
// the real relay core: a group formed by invite, messages delivered to all, members and
// verification, a third member added with an add-invite, a rekey, a member leaving, a restart from
// the store with nothing shown twice, and the mistakes people make answered in words.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import './support/core.js';
import { keyText, shortName } from '../examples/chat-core/names.js';
import { decodeInvite } from '../ts/session/invite.js';
import { decodeRecord } from '../ts/session/record.js';
import { GroupMember } from '../ts/protocol/engine.js';
import { memoryTransport } from '../ts/transport/memory.js';
import { ChatRoomFixture, count, lastCode, screen, waitFor, type ChatMember } from './support/chat-members.js';

const active = (...ms: ChatMember[]): boolean => ms.every((m) => m.chat.current?.isActive === true);
const show = (...ms: ChatMember[]) => (): string => ms.map((m) => `--- ${m.name}: ${m.chat.view().title} / ${m.chat.view().status}\n${screen(m.chat)}`).join('\n');

test('chat: invite, join, talk, verify, add a member, rekey, leave, restart', async () => {
  const room = new ChatRoomFixture();
  try {
    const alice = room.member('alice');
    const bob = room.member('bob');
    await alice.chat.start();
    await bob.chat.start();
    assert.match(screen(bob.chat), new RegExp(keyText(bob.identity.publicKey)));
    assert.equal(bob.chat.view().title, 'no group');

    await alice.chat.run(`/invite ${keyText(bob.identity.publicKey)}`);
    const invite = lastCode(alice.chat);
    assert.equal(decodeInvite(invite).kind, 'found');
    await bob.chat.run(`/join ${invite}`);
    await waitFor('the group to be active', () => active(alice, bob), 10_000, show(alice, bob));
    assert.match(alice.chat.view().title, /^group of 2, code /);
    assert.deepEqual(bob.chat.view().warnings, [`unverified: ${shortName(alice.identity.publicKey)}`]);

    await alice.chat.run('hello from alice');
    await waitFor('bob to see it', () => screen(bob.chat).includes(`${shortName(alice.identity.publicKey)}: hello from alice`), 10_000, show(alice, bob));
    await waitFor('delivered to all', () => screen(alice.chat).includes('you: hello from alice [delivered to all]'), 10_000, show(alice, bob));

    await bob.chat.run('/members');
    const members = screen(bob.chat);
    assert.match(members, /members \(2\), group code \S+, digest [0-9a-f]{16}:/);
    assert.match(members, new RegExp(`${shortName(alice.identity.publicKey)}  [0-9 ]{35}  UNVERIFIED`));
    assert.match(members, new RegExp(`${shortName(bob.identity.publicKey)}  [0-9 ]{35}  you`));
    await bob.chat.run(`/verify ${shortName(alice.identity.publicKey)}`);
    assert.match(screen(bob.chat), /marked verified/);
    assert.deepEqual(bob.chat.view().warnings, []);

    // A third member: the add-invite, then the key agreement that adds carol.
    const carol = room.member('carol');
    await carol.chat.start();
    await bob.chat.run(`/invite ${keyText(carol.identity.publicKey)}`);
    const addInvite = lastCode(bob.chat);
    assert.equal(decodeInvite(addInvite).kind, 'join');
    await carol.chat.run(`/join ${addInvite}`);
    await waitFor('three members', () => active(alice, bob, carol) && [alice, bob, carol].every((m) => m.chat.current!.members.length === 3), 15_000, show(alice, bob, carol));
    assert.match(screen(alice.chat), new RegExp(`${shortName(bob.identity.publicKey)} adds ${shortName(carol.identity.publicKey)}`));
    await carol.chat.run('hi, I am carol');
    await waitFor('carol heard', () => [alice, bob].every((m) => screen(m.chat).includes('hi, I am carol')), 10_000, show(alice, bob, carol));
    // Carol was not in the group when alice said hello: she never sees it.
    assert.doesNotMatch(screen(carol.chat), /hello from alice/);

    const code = alice.chat.current!.groupCode;
    await alice.chat.run('/rekey');
    await waitFor('a new epoch', () => active(alice, bob, carol) && [alice, bob, carol].every((m) => m.chat.current!.groupCode !== code), 15_000, show(alice, bob, carol));

    await carol.chat.run('/leave');
    await waitFor('carol out', () => [alice, bob].every((m) => active(m) && m.chat.current!.members.length === 2), 15_000, show(alice, bob, carol));
    assert.match(screen(alice.chat), new RegExp(`${shortName(carol.identity.publicKey)} left the group`));
    assert.match(carol.chat.view().title, /you left this group/);
    await carol.chat.run('still here?');
    assert.match(screen(carol.chat), /no longer in this group/);

    // Bob restarts from his store: the history once, and the conversation goes on.
    await bob.chat.stop();
    const bob2 = room.member('bob again', bob.identity, bob.store);
    await bob2.chat.start();
    assert.equal(count(screen(bob2.chat), 'hello from alice'), 1);
    assert.equal(count(screen(bob2.chat), 'hi, I am carol'), 1);
    await alice.chat.run('after the restart');
    await waitFor('bob again hears alice', () => screen(bob2.chat).includes('after the restart'), 10_000, show(alice, bob2));
    assert.equal(count(screen(bob2.chat), 'hello from alice'), 1);
  } finally {
    await room.close();
  }
});

test('chat: mistakes get an answer, never a crash', async () => {
  const room = new ChatRoomFixture();
  try {
    const alice = room.member('alice');
    const bob = room.member('bob');
    const eve = room.member('eve');
    await Promise.all([alice.chat.start(), bob.chat.start(), eve.chat.start()]);
    await alice.chat.run('hello?');
    assert.match(screen(alice.chat), /!! no group yet/);
    await alice.chat.run('/members');
    await alice.chat.run('/invite 1234');
    assert.match(screen(alice.chat), /"1234" is not an identity key/);
    await alice.chat.run(`/invite ${keyText(alice.identity.publicKey)}`);
    assert.match(screen(alice.chat), /that is your own key/);
    await alice.chat.run('/join smmp1:nonsense');
    assert.match(screen(alice.chat), /!! invite: /);

    await alice.chat.run(`/invite ${keyText(bob.identity.publicKey)}`);
    const invite = lastCode(alice.chat);
    await eve.chat.run(`/join ${invite}`);
    assert.match(screen(eve.chat), /this invite does not name you/);
    assert.equal(eve.chat.current, undefined);
    await bob.chat.run(`/join ${invite}`);
    await waitFor('active', () => active(alice, bob), 10_000, show(alice, bob));
    await bob.chat.run(`/join ${invite}`);
    assert.match(screen(bob.chat), /you are in a group already/);
    await bob.chat.run('/verify 2');
    await bob.chat.run('/verify 9');
    assert.match(screen(bob.chat), /there is no member 9/);
    await bob.chat.run(`/invite ${keyText(alice.identity.publicKey)}`);
    assert.match(screen(bob.chat), /!! .*already/i);
    assert.equal(await bob.chat.run('/quit'), 'quit');
  } finally {
    await room.close();
  }
});

test('chat: a forked member shows as transcript divergence, on the screen and in the standing warnings', async () => {
  const room = new ChatRoomFixture();
  try {
    const alice = room.member('alice');
    const bob = room.member('bob');
    await Promise.all([alice.chat.start(), bob.chat.start()]);
    await alice.chat.run(`/invite ${keyText(bob.identity.publicKey)}`);
    const invite = lastCode(alice.chat);
    await bob.chat.run(`/join ${invite}`);
    await waitFor('active', () => active(alice, bob), 10_000, show(alice, bob));
    await waitFor('bob idle', () => bob.chat.current!.relayCursor !== null);
    // A copy of bob's state from now (a restored backup, a cloned device) ...
    const snapshot = (await bob.store.load())!;
    await bob.chat.run('the real message');
    await waitFor('alice heard bob', () => screen(alice.chat).includes('the real message'), 10_000, show(alice, bob));
    // ... sends another message in the same place.
    const fork = GroupMember.load(bob.identity, decodeRecord(snapshot).engine);
    const out = fork.send(new TextEncoder().encode('a forked message'), Date.now());
    const wire = memoryTransport(room.relay);
    let online = false;
    wire.open(decodeInvite(invite).roomId, null, { packet: () => {}, gap: () => {}, status: (e) => (online ||= e.status === 'caught-up') });
    await waitFor('the fork online', () => online);
    for (const p of out.packets) wire.publish(p);
    await waitFor('the alarm', () => alice.chat.view().warnings.some((w) => w.startsWith('TRANSCRIPT DIVERGENCE')), 10_000, show(alice, bob));
    assert.match(screen(alice.chat), new RegExp(`!! DIVERGENCE \\(${shortName(bob.identity.publicKey)}\\): .*two different packets`));
    assert.doesNotMatch(screen(alice.chat), /a forked message/);
    await wire.close();
  } finally {
    await room.close();
  }
});
