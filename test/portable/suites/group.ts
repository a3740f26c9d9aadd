// A 3-member group through the public API, the same in every runtime: the members agree on the
// key (equal group codes), become active, and every message reaches the two others exactly once;
// a member saved and loaded mid-conversation carries on.

import { assert, crypto, generateIdentity, GroupMember, suite, test, type Output } from '../support.js';

suite('3-member group', () => {
  test('three members agree on a key and exchange messages', () => {
    const ids = [0, 1, 2].map(() => generateIdentity());
    const groupId = crypto.randomBytes(16);
    const members = ids.map((i) => i.publicKey);
    const inbox: string[][] = [[], [], []];
    const relay: Uint8Array[] = [];
    const post = (i: number, out: Output): void => {
      for (const e of out.events) if (e.type === 'message') inbox[i]!.push(new TextDecoder().decode(e.content));
      relay.push(...out.packets);
    };
    const engines = ids.map((identity, i) => {
      const { member, output } = GroupMember.create(identity, { groupId, members, now: 0 });
      post(i, output);
      return member;
    });
    const deliver = (): void => {
      while (relay.length > 0) {
        const p = relay.shift()!;
        engines.forEach((e, i) => post(i, e.receive(p, 1)));
      }
    };
    deliver();
    assert.ok(engines.every((e) => e.isActive), 'all active');
    assert.equal(new Set(engines.map((e) => e.groupCode)).size, 1, 'same group code');
    engines.forEach((e, i) => post(i, e.send(new TextEncoder().encode(`hello from ${i}`), 2)));
    deliver();
    // Member 2 restarts from its saved state and the conversation goes on.
    engines[2] = GroupMember.load(ids[2]!, engines[2]!.save());
    post(0, engines[0]!.send(new TextEncoder().encode('after restart'), 3));
    deliver();
    assert.equal(inbox[0]!.sort().join('|'), 'hello from 1|hello from 2');
    assert.equal(inbox[1]!.sort().join('|'), 'after restart|hello from 0|hello from 2');
    assert.equal(inbox[2]!.sort().join('|'), 'after restart|hello from 0|hello from 1');
  });
});
