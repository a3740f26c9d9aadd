// Where the time of SMMP's group key agreement goes, without touching ts/protocol: runs the GKA
// of bench/suites/protocol.ts (all N members in this process) with timers wrapped around the
// Run's round methods and the core calls that are reachable from outside (object and prototype
// properties), then replays the module-level steps (X25519 batches, pairwise HKDF, tags, packet
// decoding, ...) in isolation with the same inputs and call counts to split what the wrappers
// cannot reach.
//
//   node dist/bench/profile-gka.js [N=128] [runs=2]
//
// Numbers are totals over all N members of one GKA (median run). For a function-level view:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/profile-gka.js 128 1 plain

import { initSync } from '../bindings/node/index.js';
import { bd } from '../ts/crypto/bd.js';
import { x25519Batch } from '../ts/crypto/x25519.js';
import { hkdfSha256Expand, hmacSha256 } from '../ts/crypto/index.js';
import { ristretto255 } from '../ts/crypto/ristretto255.js';
import { confirmTag, confirmValue, epochKeys, framed, keyTag, pairSubkey, pairwiseKey, transcript2 } from '../ts/protocol/keyschedule.js';
import { decode, encode, TagList, type Hello, type Key } from '../ts/protocol/packets.js';
import { Epoch } from '../ts/protocol/epoch/epoch.js';
import { PairKeys } from '../ts/protocol/run/pairwise.js';
import { checkHelloValues, completeHellos } from '../ts/protocol/run/hello.js';
import { drawSecrets } from '../ts/protocol/run/secrets.js';
import { Run } from '../ts/protocol/run/run.js';
import { median, smmpGka, smmpSetup, type RunDecoder } from './suites/protocol.js';

initSync();

const n = Number(process.argv[2] ?? 128);
const runs = Number(process.argv[3] ?? 2);
// 'plain': no wrappers and no replays, for --cpu-prof; 'plain-owntag': the same with the
// decoder of section 3 that materializes only the recipient's tag.
const plain = process.argv[4]?.startsWith('plain') === true;
const plainDecoder = process.argv[4] === 'plain-owntag' ? (b: Uint8Array, to: number) => decodeViews(b, to, true) : undefined;
const now = (): number => performance.now();

// --- Packet decoders for the what-if of section 3 -----------------------------------------------
// packets.decode copies every field (Reader.bytes uses slice: one new ArrayBuffer each), so every
// member decoding every Key and Confirm makes 2 N^2 (N-1) small buffers per GKA. Two bench-local
// decoders for the same layout price that: fields as views into the packet, and only the tag
// addressed to the recipient (the one Run reads) as a view. Not a proposal for the exact code.

const view = (b: Uint8Array, o: number, len: number): Uint8Array => b.subarray(o, o + len);
function decodeViews(b: Uint8Array, to: number, onlyOwnTag: boolean): ReturnType<RunDecoder> {
  if (b[0] !== 1) return decode(b) as ReturnType<RunDecoder>;
  const head = { groupId: view(b, 2, 16), runId: view(b, 18, 32), n: (b[50]! << 8) | b[51]!, j: (b[52]! << 8) | b[53]! };
  const tagsAt = (o: number): Uint8Array[] => {
    if (onlyOwnTag) {
      const t: Uint8Array[] = new Array(head.n - 1);
      if (to !== head.j) t[to < head.j ? to : to - 1] = view(b, o + 16 * (to < head.j ? to : to - 1), 16);
      return t;
    }
    return Array.from({ length: head.n - 1 }, (_, i) => view(b, o + 16 * i, 16));
  };
  switch (b[1]) {
    case 1:
      return { kind: 'Hello', ...head, R: view(b, 54, 32), Q: view(b, 86, 32), S: view(b, 118, 32), H: view(b, 150, 32), nonce: view(b, 182, 32) };
    case 2:
      return { kind: 'Key', ...head, X: view(b, 54, 32), tags: TagList.of(tagsAt(86)) };
    case 3:
      return { kind: 'Confirm', ...head, tags: TagList.of(tagsAt(54)) };
    default:
      return decode(b) as ReturnType<RunDecoder>;
  }
}
// --- 1. Wrapped run --------------------------------------------------------------------------

// Self time per label (a wrapped call's time minus that of wrapped calls inside it).
const self = new Map<string, { ms: number; calls: number }>();
const stack: number[] = []; // child time accumulated per open frame

function wrap(obj: any, name: string, label: string): void {
  const orig = obj[name] as (...a: unknown[]) => unknown;
  obj[name] = function (this: unknown, ...args: unknown[]): unknown {
    stack.push(0);
    const a = now();
    try {
      return orig.apply(this, args);
    } finally {
      const total = now() - a;
      const child = stack.pop()!;
      if (stack.length > 0) stack[stack.length - 1]! += total;
      const e = self.get(label) ?? { ms: 0, calls: 0 };
      e.ms += total - child;
      e.calls++;
      self.set(label, e);
    }
  };
}

if (!plain) {
  const R = Run.prototype as any;
  wrap(R, 'start', 'Run.start: encode own Hello');
  wrap(R, 'receive', 'Run.receive: dispatch, advance() checks');
  wrap(R, 'storeHello', 'storeHello: checkHelloValues (2 X25519 canonical checks, ristretto255.isValid)');
  wrap(R, 'store', 'store Key/Confirm (echo skip, slot)');
  wrap(R, 'round2', 'round2 rest: completeHellos (repeat check, sid, T1), N-1 key-tag MACs, encode Key');
  wrap(R, 'round3', 'round3 rest: N-1 key-tag MACs to verify, T2, confirm value, N-1 confirm-tag MACs, encode');
  wrap(R, 'establish', 'establish rest: N-1 x (confirmValue = HKDF + MAC, confirm-tag MAC), epochKeys');
  wrap(PairKeys, 'derive', 'PairKeys.derive: 3 x25519Batch of N-1, N-1 x (HKDF-Extract + Expand)');
  wrap(PairKeys.prototype, 'subkey', 'PairKeys.subkey: pair-subkey HKDF-Expand');
  wrap(bd, 'round2', 'bd.round2 (X_j: one ristretto255 scalar mult)');
  wrap(bd, 'sumIsIdentity', 'bd.sumIsIdentity (N decodes + adds)');
  wrap(bd, 'key', 'bd.key (N decodes, scalar mult, adds)');
}

// The driver's own steps (constructor = drawSecrets, packet decoding, Epoch) are timed by
// wrapping the module functions we can reach: Run's constructor and decode are called by
// smmpGka, so time them here by a second, unwrapped measurement of the same counts below.

const setup = smmpSetup(n);
smmpGka(setup, plainDecoder); // warm-up
const totals: number[] = [];
const cpuTotals: number[] = [];
const perRun: Map<string, { ms: number; calls: number }>[] = [];
let last: ReturnType<typeof smmpGka> | undefined;
for (let r = 0; r < runs; r++) {
  self.clear();
  const out = smmpGka(setup, plainDecoder);
  totals.push(out.ms);
  cpuTotals.push(out.cpuMs);
  perRun.push(new Map([...self].map(([k, v]) => [k, { ...v }])));
  last = out;
}
const mid = totals.indexOf([...totals].sort((a, b) => a - b)[(totals.length - 1) >> 1]!);
const total = totals[mid]!;
const wrapped = perRun[mid]!;

if (plain) {
  console.log(`SMMP GKA, N = ${n}: runs ${totals.map((t) => t.toFixed(0)).join(', ')} ms (no wrappers, no replays${plainDecoder ? ', own-tag decoder' : ''})`);
  process.exit(0);
}

// --- 2. Replays of the steps the wrappers do not split ----------------------------------------

// ms per call: the median of 7 batches of `reps` calls (the machine is shared; one batch can
// be slowed by another process).
const time = (reps: number, f: () => void): number => {
  f();
  const batches: number[] = [];
  for (let b = 0; b < 7; b++) {
    const a = now();
    for (let i = 0; i < reps; i++) f();
    batches.push((now() - a) / reps);
  }
  return median(batches);
};

// Inputs as a run has them: N Hellos of a real run, a member's secrets and keys.
const secrets = Array.from({ length: n }, () => drawSecrets());
const groupId = new Uint8Array(16).fill(1);
const runId = new Uint8Array(32).fill(2);
const hellos: Hello[] = secrets.map((s, j) => ({ kind: 'Hello', groupId, runId, n, j, R: s.R, Q: s.Q, S: s.signing.publicKey, H: s.H, nonce: s.nonce }));
const helloBytes = hellos.map((h) => encode(h));
const Rs = hellos.map((h) => h.R);
const others = Rs.slice(1);
const Bs = setup.roster.keys;
const { sid, t1 } = completeHellos(groupId, runId, new Uint8Array(16), setup.roster, hellos, helloBytes);
const k32 = new Uint8Array(32).fill(3);
const xs = secrets.map((s, j) => bd.round2(s.h, secrets[(j + 1) % n]!.H, secrets[(j + n - 1) % n]!.H));
const keyPacket = encode({ kind: 'Key', groupId, runId, n, j: 0, X: xs[0]!, tags: TagList.of(Array.from({ length: n - 1 }, () => new Uint8Array(16))) } as Key);
const confirmPacket = encode({ kind: 'Confirm', groupId, runId, n, j: 0, tags: TagList.of(Array.from({ length: n - 1 }, () => new Uint8Array(16))) });
const t2 = transcript2(t1, xs);
const value = confirmValue(k32, sid, t2, 0);
const ikm = new Uint8Array(96).fill(5);
const established = { keys: epochKeys(k32, sid, t2, n), sid, roster: setup.roster, self: 0, signing: secrets[0]!.signing, ratchetSecret: secrets[0]!.q, peers: hellos.map((h) => ({ S: h.S, Q: h.Q })) };
const reps = (k: number): number => Math.max(1, Math.ceil(k / 4));

const N = n;
const M = n - 1;
// [label, calls per GKA (all members), ms per call]
const replay: [string, number, number][] = [
  ['drawSecrets (Ed25519 key pair, 2 X25519 base, ristretto255 base mult)', N, time(reps(50), () => drawSecrets())],
  ['X25519 (3 batches of N-1 per member), per DH', 3 * N * M, time(1, () => x25519Batch(k32, others)) / M],
  ['pairwiseKey: HKDF-Extract + framed Expand', N * M, time(reps(500), () => pairwiseKey(sid, { a: 0, b: 1, identities: [Bs[0]!, Bs[1]!], ephemerals: [Rs[0]!, Rs[1]!] }, ikm))],
  ['pairSubkey: framed HKDF-Expand (key, confirm x2 directions)', 4 * N * M, time(500, () => pairSubkey(k32, 'key', 0, 1))],
  ['keyTag MAC (make + verify)', 2 * N * M, time(500, () => keyTag(k32, sid, t1, 0, xs[0]!))],
  ['confirmValue: HKDF(K) + MAC (1 own + N-1 recomputed)', N * N, time(500, () => confirmValue(k32, sid, t2, 1))],
  ['confirmTag MAC (make + verify)', 2 * N * M, time(500, () => confirmTag(k32, value))],
  ['epochKeys (Extract + N+3 Expands)', N, time(reps(20), () => epochKeys(k32, sid, t2, n))],
  ['completeHellos (5N repeat checks, sid, T1 over N Hellos)', N, time(reps(20), () => completeHellos(groupId, runId, new Uint8Array(16), setup.roster, hellos, helloBytes))],
  ['checkHelloValues (per received Hello)', N * N, time(500, () => checkHelloValues(hellos[1]!))],
  ['  of which ristretto255.isValid', N * N, time(500, () => ristretto255.isValid(hellos[1]!.H))],
  ['bd.sumIsIdentity', N, time(reps(20), () => bd.sumIsIdentity(xs))],
  ['bd.key', N, time(reps(20), () => bd.key(secrets[0]!.h, secrets[n - 1]!.H, xs, 0))],
  ['bd.round2', N, time(reps(50), () => bd.round2(secrets[0]!.h, secrets[1]!.H, secrets[n - 1]!.H))],
  ['decode Hello (every member decodes every packet)', N * N, time(500, () => decode(helloBytes[0]!))],
  ['decode Key (N-1 tag slices each)', N * N, time(reps(200), () => decode(keyPacket))],
  ['decode Confirm (N-1 tag slices each)', N * N, time(reps(200), () => decode(confirmPacket))],
  ['encode Key', N, time(reps(200), () => encode(decode(keyPacket)))],
  ['transcript2 (hash of N X values)', N, time(reps(200), () => transcript2(t1, xs))],
  ['new Epoch', N, time(reps(200), () => new Epoch(established))],
];
// The JS wrapper cost of one small MAC/Expand against the raw core: framing and the call.
const raw = [
  ['hmacSha256(32-byte key, 96 B), no framing', time(1000, () => hmacSha256(k32, ikm))],
  ['hkdfSha256Expand(32-byte prk, 40 B info, 32), no framing', time(1000, () => hkdfSha256Expand(k32, ikm.subarray(0, 40), 32))],
  ['framed("pair-subkey", 3 fields) alone', time(1000, () => framed('pair-subkey', ikm.subarray(0, 3), ikm.subarray(0, 2), ikm.subarray(0, 2)))],
] as const;

// --- 3. What-if: the whole GKA with the decoders above ------------------------------------------
const whatIf: [string, RunDecoder | undefined][] = [
  ['packets.decode (copies)', undefined],
  ['views into the packet', (b, to) => decodeViews(b, to, false)],
  ['views, only the recipient\'s tag', (b, to) => decodeViews(b, to, true)],
];
const whatIfMs = new Map<string, { ms: number[]; cpu: number[] }>(whatIf.map(([k]) => [k, { ms: [], cpu: [] }]));
for (let r = 0; r < Math.max(runs, 2); r++) {
  for (const [k, d] of r % 2 ? [...whatIf].reverse() : whatIf) {
    const out = smmpGka(setup, d);
    whatIfMs.get(k)!.ms.push(out.ms);
    whatIfMs.get(k)!.cpu.push(out.cpuMs);
  }
}

// --- 4. Report -------------------------------------------------------------------------------

const pct = (ms: number): string => `${((100 * ms) / total).toFixed(1)}%`;
const f = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
console.log(`SMMP GKA, N = ${n}, all members in one process: ${f(total)} ms (median of ${runs}; runs: ${totals.map(f).join(', ')} ms; CPU ${cpuTotals.map(f).join(', ')} ms)`);
if (!plain) {
  const sumWrapped = [...wrapped.values()].reduce((s, v) => s + v.ms, 0);
  console.log(`\n1. Wrapped run (self time, all members): ${f(sumWrapped)} ms in wrapped calls; the rest (${f(total - sumWrapped)} ms, ${pct(total - sumWrapped)}) is new Run (drawSecrets), packet decoding, new Epoch and the driver`);
  console.log('| step | calls | ms | % of GKA |\n|---|---:|---:|---:|');
  for (const [k, v] of [...wrapped].sort((a, b) => b[1].ms - a[1].ms)) console.log(`| ${k} | ${v.calls} | ${f(v.ms)} | ${pct(v.ms)} |`);
}
console.log(`\n2. Replayed steps (same inputs, calls per GKA x time per call, run in isolation)`);
console.log('| step | calls per GKA | us per call | ms per GKA | % of GKA |\n|---|---:|---:|---:|---:|');
let replayed = 0;
for (const [k, calls, per] of replay) {
  const ms = calls * per;
  if (!k.startsWith('  ')) replayed += ms;
  console.log(`| ${k} | ${calls} | ${(per * 1000).toFixed(1)} | ${f(ms)} | ${pct(ms)} |`);
}
console.log(`| (sum of the above, top-level rows) | | | ${f(replayed)} | ${pct(replayed)} |`);
console.log(`\n3. What-if, whole GKA with other packet decoders (median of ${Math.max(runs, 2)} interleaved runs each)`);
for (const [k, { ms, cpu }] of whatIfMs) console.log(`  ${k}: ${f(median(ms))} ms wall (${ms.map(f).join(', ')}), ${f(median(cpu))} ms CPU (${cpu.map(f).join(', ')})`);
console.log('\nCore call cost for scale:');
for (const [k, per] of raw) console.log(`  ${k}: ${(per * 1000).toFixed(2)} us`);
console.log(`  median of per-round medians is what bench/run.ts reports; here: ${f(median(totals))} ms`);
