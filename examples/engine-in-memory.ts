// Three members form a group and chat, with an array standing in for the relay.
import { init, crypto, generateIdentity, safetyNumber, GroupMember, type Output } from 'smmp';

await init();

const people = ['alice', 'bob', 'carol'].map((name) => ({ name, identity: generateIdentity() }));
const groupId = crypto.randomBytes(16); // part of the invite, with the members' public keys
const members = people.map((p) => p.identity.publicKey);

const relay: Uint8Array[] = []; // every packet goes to everyone, the sender too
const engines = people.map((p) => {
  const { member, output } = GroupMember.create(p.identity, { groupId, members, now: Date.now() });
  handle(p.name, output);
  return member;
});

function handle(name: string, out: Output): void {
  for (const e of out.events) {
    if (e.type === 'active') console.log(`${name}: group active, code ${e.groupCode}`);
    if (e.type === 'message') console.log(`${name} got "${new TextDecoder().decode(e.content)}" from ${safetyNumber(e.from).slice(0, 11)}...`);
  }
  // A real host saves engine.save() durably here, before sending.
  relay.push(...out.packets);
}

function deliver(): void {
  while (relay.length > 0) {
    const packet = relay.shift()!;
    engines.forEach((engine, i) => handle(people[i]!.name, engine.receive(packet, Date.now())));
  }
}

deliver(); // the key agreement: Hello, Key, Confirm, new-epoch messages
handle('alice', engines[0]!.send(new TextEncoder().encode('hello, group'), Date.now()));
deliver();
