// Where the time of SMMP's group key agreement goes: runs the GKA of bench/workloads/protocol.ts
// (all N members in this process) with timers around the Run's rounds and the PairKeys / bd
// steps reachable from outside (object and prototype properties), then replays the module-level
// steps (X25519 batches, batched HKDF and HMAC, ristretto255 checks, packet decoding, ...) in
// isolation with real inputs and multiplies them by their count per GKA.
//
//   node dist/bench/profile-gka.js [N=128] [runs=2]          wrapped run and replays
//   node dist/bench/profile-gka.js [N=128] [runs=1] plain    no wrappers: for node --cpu-prof
//   node dist/bench/profile-gka.js categories <file.cpuprofile> [<core built with names>.wasm]
//
// The last form sums a --cpu-prof profile by category (X25519, hashing, curve arithmetic, GC,
// JS) and by protocol step (nearest known caller). Wasm functions appear in profiles by index;
// give a build of the same core with a name section to name them:
//   npx asc core-wasm/index.ts --target release --debug -o /tmp/core-named.wasm
// (release optimisation, plus names; the function indices match build/smmp-core.wasm).

import { readFileSync } from 'node:fs';
import { initSync } from '../bindings/node/index.js';
import { bd } from '../ts/crypto/bd.js';
import { x25519Many } from '../ts/crypto/x25519.js';
import { Packed } from '../ts/crypto/batch.js';
import { ristretto255 } from '../ts/crypto/ristretto255.js';
import { confirmTags, confirmTagsValid, confirmValues, epochKeys, keyTags, keyTagsValid, pairSubkeys, pairwiseKeys, transcript2, type Pair } from '../ts/protocol/keyschedule.js';
import { decode, encode, TagList, type Hello, type Key } from '../ts/protocol/packets.js';
import { Epoch } from '../ts/protocol/epoch/epoch.js';
import { PairKeys } from '../ts/protocol/run/pairwise.js';
import { checkHelloValues, completeHellos } from '../ts/protocol/run/hello.js';
import { drawSecrets } from '../ts/protocol/run/secrets.js';
import { Run } from '../ts/protocol/run/run.js';
import { smmpGka, smmpSetup } from './workloads/protocol.js';
import { median } from './measure.js';

if (process.argv[2] === 'categories') {
  categories(process.argv[3]!, process.argv[4]);
  process.exit(0);
}

initSync();

const n = Number(process.argv[2] ?? 128);
const runs = Number(process.argv[3] ?? 2);
const plain = process.argv[4] === 'plain';
const now = (): number => performance.now();

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
  const P = PairKeys.prototype as any;
  wrap(R, 'start', 'Run.start: encode own Hello');
  wrap(R, 'receive', 'Run.receive: dispatch, advance()');
  wrap(R, 'storeHello', 'storeHello: checkHelloValues (2 X25519 canonical checks, ristretto255.isValid)');
  wrap(R, 'store', 'store Key/Confirm (echo skip, slot)');
  wrap(R, 'round2', 'round2 rest: completeHellos (repeat check, sid, T1), encode Key');
  wrap(R, 'round3', 'round3 rest: T2, confirmation key and value, encode Confirm');
  wrap(R, 'establish', 'establish rest: epochKeys (N+3 Expands)');
  wrap(PairKeys, 'derive', 'PairKeys.derive: 3 X25519 batches of N-1, pairwise keys and 4 subkey batches');
  wrap(P, 'keyTags', 'PairKeys.keyTags: N-1 key-tag MACs, one call');
  wrap(P, 'badKeyTag', 'PairKeys.badKeyTag: N-1 key-tag checks, one call');
  wrap(P, 'confirmTags', 'PairKeys.confirmTags: N-1 confirm-tag MACs, one call');
  wrap(P, 'badConfirmTag', 'PairKeys.badConfirmTag: N-1 confirm values and tag checks, two calls');
  wrap(bd, 'round2', 'bd.round2 (X_j: one ristretto255 scalar mult)');
  wrap(bd, 'keyAndSumCheck', 'bd.keyAndSumCheck (N decodes, scalar mult, 3N additions)');
}

const setup = smmpSetup(n);
smmpGka(setup); // warm-up
const totals: number[] = [];
const cpuTotals: number[] = [];
const perRun: Map<string, { ms: number; calls: number }>[] = [];
for (let r = 0; r < runs; r++) {
  self.clear();
  const out = smmpGka(setup);
  totals.push(out.ms);
  cpuTotals.push(out.cpuMs);
  perRun.push(new Map([...self].map(([k, v]) => [k, { ...v }])));
}
const mid = totals.indexOf([...totals].sort((a, b) => a - b)[(totals.length - 1) >> 1]!);
const total = totals[mid]!;
const wrapped = perRun[mid]!;
const f = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

if (plain) {
  console.log(`SMMP GKA, N = ${n}: runs ${totals.map(f).join(', ')} ms, CPU ${cpuTotals.map(f).join(', ')} ms (no wrappers, no replays)`);
  process.exit(0);
}

// --- 2. Replays of the steps the wrappers do not split ----------------------------------------

// ms per call: the median of 7 batches of `reps` calls (the machine is shared; one batch can
// be slowed by another process).
const time = (reps: number, fn: () => void): number => {
  fn();
  const batches: number[] = [];
  for (let b = 0; b < 7; b++) {
    const a = now();
    for (let i = 0; i < reps; i++) fn();
    batches.push((now() - a) / reps);
  }
  return median(batches);
};

// Inputs as a run has them: N Hellos of a real run, member 0's view of them.
const secrets = Array.from({ length: n }, () => drawSecrets());
const groupId = new Uint8Array(16).fill(1);
const runId = new Uint8Array(32).fill(2);
const hellos: Hello[] = secrets.map((s, j) => ({ kind: 'Hello', groupId, runId, n, j, R: s.R, Q: s.Q, S: s.signing.publicKey, H: s.H, nonce: s.nonce }));
const helloBytes = hellos.map((h) => encode(h));
const Rs = hellos.map((h) => h.R);
const Bs = setup.roster.keys;
const M = n - 1;
const others = Array.from({ length: M }, (_, k) => k + 1);
const { sid, t1 } = completeHellos(groupId, runId, new Uint8Array(16), setup.roster, hellos, helloBytes);
const k32 = new Uint8Array(32).fill(3);
const xs = secrets.map((s, j) => bd.round2(s.h, secrets[(j + 1) % n]!.H, secrets[(j + n - 1) % n]!.H));
const zeroTags = TagList.of(Array.from({ length: M }, () => new Uint8Array(16)));
const keyPacket = encode({ kind: 'Key', groupId, runId, n, j: 0, X: xs[0]!, tags: zeroTags } as Key);
const confirmPacket = encode({ kind: 'Confirm', groupId, runId, n, j: 0, tags: zeroTags });
const t2 = transcript2(t1, xs);
const pairs: Pair[] = others.map((i) => ({ a: 0, b: i, identities: [Bs[0]!, Bs[i]!], ephemerals: [Rs[0]!, Rs[i]!] }));
const packed = (size: number, fill: number): Packed => new Packed(new Uint8Array(size * M).fill(fill), M);
const ikms = packed(96, 5);
const kabs = packed(32, 3);
const subkeys = packed(32, 3);
const tags16 = packed(16, 0);
const values = packed(32, 7);
const established = { keys: epochKeys(k32, sid, t2, n), sid, roster: setup.roster, self: 0, signing: secrets[0]!.signing, ratchetSecret: secrets[0]!.q, peers: hellos.map((h) => ({ S: h.S, Q: h.Q })) };
const reps = (k: number): number => Math.max(1, Math.ceil(k / 4));

// [label, calls per GKA (all members), ms per call]
const replay: [string, number, number][] = [
  ['drawSecrets (Ed25519 key pair, 2 X25519 base, ristretto255 base mult)', n, time(reps(50), () => drawSecrets())],
  ['x25519Many: one batch of N-1 (3 per member)', 3 * n, time(1, () => x25519Many(k32, Rs.slice(1)))],
  ['  of which per DH', 3 * n * M, time(1, () => x25519Many(k32, Rs.slice(1))) / M],
  ['pairwiseKeys: N-1 HKDFs, one call', n, time(reps(40), () => pairwiseKeys(sid, pairs, ikms))],
  ['pairSubkeys: N-1 Expands, one call (4 per member)', 4 * n, time(reps(100), () => pairSubkeys(kabs, 'key', others.map((i) => [0, i] as const)))],
  ['keyTags: N-1 MACs, one call', n, time(reps(100), () => keyTags(subkeys, sid, t1, 0, xs[0]!))],
  ['keyTagsValid: N-1 MACs checked, one call', n, time(reps(100), () => keyTagsValid(subkeys, sid, t1, others, xs.slice(1), tags16))],
  ['confirmValues: N-1 MACs under one key, one call', n, time(reps(100), () => confirmValues(k32, sid, t2, others))],
  ['confirmTags: N-1 MACs, one call', n, time(reps(100), () => confirmTags(subkeys, t2))],
  ['confirmTagsValid: N-1 MACs checked, one call', n, time(reps(100), () => confirmTagsValid(subkeys, values, tags16))],
  ['epochKeys (Extract + N+3 Expands)', n, time(reps(20), () => epochKeys(k32, sid, t2, n))],
  ['completeHellos (5N repeat checks, sid, T1 over N Hellos)', n, time(reps(20), () => completeHellos(groupId, runId, new Uint8Array(16), setup.roster, hellos, helloBytes))],
  ['checkHelloValues (per received Hello)', n * n, time(500, () => checkHelloValues(hellos[1]!))],
  ['  of which ristretto255.isValid', n * n, time(500, () => ristretto255.isValid(hellos[1]!.H))],
  ['bd.keyAndSumCheck', n, time(reps(20), () => bd.keyAndSumCheck(secrets[0]!.h, secrets[n - 1]!.H, xs, 0))],
  ['bd.round2', n, time(reps(50), () => bd.round2(secrets[0]!.h, secrets[1]!.H, secrets[n - 1]!.H))],
  ['decode Hello (every member decodes every packet)', n * n, time(500, () => decode(helloBytes[0]!))],
  ['decode Key', n * n, time(500, () => decode(keyPacket))],
  ['decode Confirm', n * n, time(500, () => decode(confirmPacket))],
  ['encode Key', n, time(reps(200), () => encode(decode(keyPacket)))],
  ['transcript2 (hash of N X values)', n, time(reps(200), () => transcript2(t1, xs))],
  ['new Epoch', n, time(reps(200), () => new Epoch(established))],
];

// --- 3. Report -------------------------------------------------------------------------------

const pct = (ms: number): string => `${((100 * ms) / total).toFixed(1)}%`;
console.log(`SMMP GKA, N = ${n}, all members in one process: ${f(total)} ms (median of ${runs}; runs: ${totals.map(f).join(', ')} ms; CPU ${cpuTotals.map(f).join(', ')} ms)`);
const sumWrapped = [...wrapped.values()].reduce((s, v) => s + v.ms, 0);
console.log(`\n1. Wrapped run (self time, all members): ${f(sumWrapped)} ms in wrapped calls; the rest (${f(total - sumWrapped)} ms, ${pct(total - sumWrapped)}) is new Run (drawSecrets), packet decoding, new Epoch and the driver`);
console.log('| step | calls | ms | % of GKA |\n|---|---:|---:|---:|');
for (const [k, v] of [...wrapped].sort((a, b) => b[1].ms - a[1].ms)) console.log(`| ${k} | ${v.calls} | ${f(v.ms)} | ${pct(v.ms)} |`);
console.log(`\n2. Replayed steps (same inputs, calls per GKA x time per call, run in isolation)`);
console.log('| step | calls per GKA | us per call | ms per GKA | % of GKA |\n|---|---:|---:|---:|---:|');
let replayed = 0;
for (const [k, calls, per] of replay) {
  const ms = calls * per;
  if (!k.startsWith('  ')) replayed += ms;
  console.log(`| ${k} | ${calls} | ${(per * 1000).toFixed(1)} | ${f(ms)} | ${pct(ms)} |`);
}
console.log(`| (sum of the above, top-level rows) | | | ${f(replayed)} | ${pct(replayed)} |`);

// --- Categories of a --cpu-prof profile ------------------------------------------------------

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

function wasmNames(file: string | undefined): Map<number, string> {
  const names = new Map<number, string>();
  if (file === undefined) return names;
  const [sec] = WebAssembly.Module.customSections(new WebAssembly.Module(readFileSync(file)), 'name');
  if (sec === undefined) return names;
  const b = new Uint8Array(sec);
  let o = 0;
  const leb = (): number => {
    let r = 0;
    let s = 0;
    let x: number;
    do {
      x = b[o++]!;
      r |= (x & 127) << s;
      s += 7;
    } while (x & 128);
    return r >>> 0;
  };
  while (o < b.length) {
    const id = b[o++]!;
    const end = leb() + o;
    if (id === 1) {
      for (let k = leb(); k > 0; k--) {
        const idx = leb();
        const len = leb();
        names.set(idx, new TextDecoder().decode(b.subarray(o, o + len)).replace('core-wasm/', ''));
        o += len;
      }
    }
    o = end;
  }
  return names;
}

function categories(profileFile: string, namesFile: string | undefined): void {
  const p = JSON.parse(readFileSync(profileFile, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const names = wasmNames(namesFile);
  const byId = new Map(p.nodes.map((nd) => [nd.id, nd]));
  const parent = new Map<number, number>();
  for (const nd of p.nodes) for (const c of nd.children ?? []) parent.set(c, nd.id);
  const us = new Map<number, number>();
  let all = 0;
  p.samples.forEach((id, i) => {
    const d = p.timeDeltas[i] ?? 0;
    us.set(id, (us.get(id) ?? 0) + d);
    all += d;
  });
  const wasmName = (fn: string): string | undefined => {
    const m = /^wasm-function\[(\d+)\]/.exec(fn);
    return m ? names.get(Number(m[1])) ?? fn : undefined;
  };
  const category = (fn: string): string => {
    const w = wasmName(fn);
    if (w === undefined) return fn === '(garbage collector)' ? 'garbage collector' : 'JS';
    if (w.startsWith('x25519')) return 'X25519 (wasm)';
    if (/^(sha256|sha512|hmac|hkdf|md)/.test(w)) return 'SHA-256 / HMAC / HKDF (wasm)';
    if (/^(field|ristretto|edwards|bd|scalar)/.test(w)) return 'field, ristretto255, BD (wasm)';
    return names.size > 0 ? 'other wasm' : 'wasm (give a names build to split)';
  };
  const steps = ['x25519Many', 'pairwiseKeys', 'pairSubkeys', 'derive', 'keyTags', 'badKeyTag', 'confirmTags', 'badConfirmTag', 'keyAndSumCheck', 'round2', 'completeHellos', 'checkHelloValues', 'round3', 'epochKeys', 'establish', 'decodeRun', 'smmpGka'];
  const byCat = new Map<string, number>();
  const byStep = new Map<string, number>();
  for (const [id, t] of us) {
    const fn = byId.get(id)!.callFrame.functionName;
    const c = category(fn);
    byCat.set(c, (byCat.get(c) ?? 0) + t);
    let x: number | undefined = id;
    let step = '(outside the GKA: start-up, GC)';
    while (x !== undefined) {
      const name = byId.get(x)!.callFrame.functionName;
      if (steps.includes(name)) {
        step = name;
        break;
      }
      x = parent.get(x);
    }
    const k = `${step} | ${c}`;
    byStep.set(k, (byStep.get(k) ?? 0) + t);
  }
  const row = (k: string, t: number): string => `| ${k} | ${(t / 1000).toFixed(0)} | ${((100 * t) / all).toFixed(1)}% |`;
  console.log(`${profileFile}: ${(all / 1000).toFixed(0)} ms sampled\n\n| category | ms | share |\n|---|---:|---:|`);
  for (const [k, t] of [...byCat].sort((a, b) => b[1] - a[1])) console.log(row(k, t));
  console.log('\n| nearest step | category | ms | share |\n|---|---|---:|---:|');
  for (const [k, t] of [...byStep].sort((a, b) => b[1] - a[1])) if (t / all >= 0.002) console.log(row(k, t));
}
