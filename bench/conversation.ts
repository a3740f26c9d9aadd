// `npm run bench:conversation`: a long conversation in a group of 8 in one process (every packet
// to every member in relay order), to show that memory and saved state stay flat with history.
// Reports the heap after a forced GC and the size of a member's saved state at checkpoints, and
// the messages per second. CONVERSATION_MESSAGES (100,000) sets the length.

import { writeFileSync } from 'node:fs';
import { initSync } from '../bindings/node/index.js';
import { GroupMember, type Output } from '../ts/protocol/engine.js';
import { generateIdentity } from '../ts/protocol/identity.js';
import { randomBytes } from '../ts/crypto/random.js';
import { cpus, loadavg } from 'node:os';

initSync();
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

const N = 8;
const TOTAL = Number(process.env.CONVERSATION_MESSAGES ?? 100_000);
const ids = Array.from({ length: N }, () => generateIdentity());
const groupId = randomBytes(16);
let now = 0;
const relay: Uint8Array[] = [];
const post = (out: Output): void => {
  relay.push(...out.packets);
};
// No refresh by message count: the windows alone must bound memory (a refresh would reset it).
const opts = { refreshMessages: Number.MAX_SAFE_INTEGER };
const members = ids.map((identity) => {
  const { member, output } = GroupMember.create(identity, { groupId, members: ids.map((i) => i.publicKey), now }, opts);
  post(output);
  return member;
});
let delivered = 0;
const drain = (): void => {
  while (relay.length > 0) {
    const p = relay.shift()!;
    for (const m of members) {
      const out = m.receive(p, now);
      for (const e of out.events) if (e.type === 'message') delivered++;
      post(out);
    }
  }
};
drain();
if (!members.every((m) => m.isActive)) throw new Error('group did not form');

const rows: { messages: number; heapMiB: number; stateKiB: number; rate: number }[] = [];
gc();
rows.push({ messages: 0, heapMiB: +(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1), stateKiB: +(members[0]!.save().length / 1024).toFixed(1), rate: 0 });
const checkpoints = new Set([1_000, 10_000, 25_000, 50_000, 75_000, 100_000].filter((c) => c <= TOTAL).concat([TOTAL]));
const text = new TextEncoder().encode('a message of about the length people type in a chat, give or take');
let t0 = performance.now();
let last = 0;
for (let i = 1; i <= TOTAL; i++) {
  now += 50; // a message every 50 ms of simulated time
  post(members[i % N]!.send(text, now));
  drain();
  // Members tick now and then, as hosts do: owed acknowledgements go out, old packets settle.
  if (i % 16 === 0) {
    for (const m of members) post(m.tick(now));
    drain();
  }
  if (checkpoints.has(i)) {
    const rate = ((i - last) / (performance.now() - t0)) * 1000;
    gc();
    const heap = process.memoryUsage().heapUsed / 2 ** 20;
    const state = members[0]!.save().length / 1024;
    rows.push({ messages: i, heapMiB: +heap.toFixed(1), stateKiB: +state.toFixed(1), rate: Math.round(rate) });
    console.log(`${i} messages: heap ${heap.toFixed(1)} MiB, saved state ${state.toFixed(1)} KiB, ${Math.round(rate)} messages/s (each to ${N} members)`);
    t0 = performance.now();
    last = i;
  }
}
if (delivered !== TOTAL * (N - 1)) throw new Error(`delivered ${delivered}, expected ${TOTAL * (N - 1)}`);

const cpu = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`;
const md = [
  `# A long conversation: ${TOTAL.toLocaleString('en')} messages in a group of ${N}`,
  '',
  `Measured ${new Date().toISOString()} on ${cpu}, Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}. All ${N} members in one`,
  'process; every packet goes to every member in relay order; every message heals (the default up to 16',
  'members); members tick every 16 messages; no refresh by message count (refreshMessages off), so only',
  "the engine's windows bound memory. Heap after a forced GC; saved state of one member.",
  '',
  '| messages | heap used (MiB) | saved state (KiB) | messages/s since last row |',
  '|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.messages.toLocaleString('en')} | ${r.heapMiB} | ${r.stateKiB} | ${r.rate} |`),
  '',
];
writeFileSync(new URL('../../bench/results/conversation.md', import.meta.url), md.join('\n'));
