// The protocol workloads, defined once for every runtime: SMMP's group key agreement and data
// messages against ts-mls (RFC 9420 MLS) with its default ciphersuite
// MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519 and its default crypto provider (WebCrypto).
// Every member of a group is simulated in this one process, so a GKA time is the sum of all
// members' work (what N devices would spend together), not the latency of a real group whose
// members compute in parallel; the per-member figures below estimate that.
//
// What is timed:
// - SMMP GKA: from creating the N runs (each draws its Hello secrets in the constructor) to the
//   last member established and holding its Epoch. Every packet goes to every member, the sender
//   too (the relay echoes), and each member decodes every packet it is given itself. Identities
//   (b_j, B_j) and the roster exist before the run and are not timed.
// - ts-mls GKA (group of N = creator + N-1 joiners): each joiner's key package generation and
//   encoding, the creator's own key package, createGroup, decoding the N-1 key packages, one
//   createCommit adding all of them (ratchet tree inside the Welcome, so it is self-contained),
//   encoding the commit and Welcome, and each joiner decoding the Welcome and joinGroup. The
//   Ed25519 signature key pairs are long-term credentials made before, like SMMP's identities.
// - Message pairs (group of 8, 100-byte plaintext): one member encrypts, another decrypts,
//   encoding and decoding included. SMMP: Epoch.seal + Epoch.open, healing with every message
//   (the default up to 16 members), with every 50th, and not at all; ts-mls:
//   createApplicationMessage + processMessage (the same work in each of the three workloads).

import {
  acceptAll,
  createApplicationMessage,
  createCommit,
  createGroup,
  decodeMlsMessage,
  defaultCapabilities,
  defaultLifetime,
  emptyPskIndex,
  encodeMlsMessage,
  generateKeyPackageWithKey,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  processMessage,
  zeroOutUint8Array,
  type CiphersuiteImpl,
  type ClientState,
  type Credential,
  type KeyPackage,
  type PrivateKeyPackage,
  type Proposal,
} from 'ts-mls';
import { crypto } from '../../ts/index.js';
import { ContentKind, type Body } from '../../ts/protocol/epoch/body.js';
import { Epoch } from '../../ts/protocol/epoch/epoch.js';
import { decode, type Packet } from '../../ts/protocol/packets.js';
import { Roster } from '../../ts/protocol/roster.js';
import { Run, type RunStep } from '../../ts/protocol/run/run.js';
import type { GkaOptions } from '../config.js';
import { median, type Measured, type Workload } from '../measure.js';

export const MLS_SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519';
export const PLAINTEXT_BYTES = 100;
export const MESSAGE_GROUP = 8;

const now = (): number => performance.now();

// The process's CPU time in ms, where the runtime tells it (Node, Deno; not a page).
export type CpuClock = () => number;
let cpuClock: CpuClock | undefined;
export function setCpuClock(clock: CpuClock | undefined): void {
  cpuClock = clock;
}
const cpuNow = (): number => cpuClock?.() ?? NaN;
const defined = (x: number): number | undefined => (Number.isNaN(x) ? undefined : x);

// --- Traffic accounting ------------------------------------------------------------------------

export interface Traffic {
  packets: number; // packets (messages) sent
  sent: number; // bytes uploaded by all members together
  received: number; // bytes downloaded by all members together (a sender's own echo not counted)
  byKind: Record<string, { count: number; bytes: number }>; // sent, by packet kind
}

const newTraffic = (): Traffic => ({ packets: 0, sent: 0, received: 0, byKind: {} });

function count(t: Traffic, kind: string, bytes: number, recipients: number): void {
  t.packets++;
  t.sent += bytes;
  t.received += bytes * recipients;
  const k = (t.byKind[kind] ??= { count: 0, bytes: 0 });
  k.count++;
  k.bytes += bytes;
}

// One GKA: total time, the busiest member's own compute and the traffic.
export interface GkaOutcome {
  ms: number;
  cpuMs: number; // NaN where the runtime has no CPU clock (a page). CPU time of the whole process over the same span (every thread: ts-mls's WebCrypto work runs on libuv's pool, V8 collects garbage on helper threads)
  busiestMemberMs: number; // the member that computed longest, all its calls summed
  criticalPathMs: number; // compute on the longest chain of dependent steps (see each impl)
  traffic: Traffic;
}

// --- SMMP --------------------------------------------------------------------------------------

interface Identity {
  secret: Uint8Array;
  key: Uint8Array;
}

export interface SmmpSetup {
  n: number;
  ids: Identity[]; // in roster order
  roster: Roster;
}

export function smmpSetup(n: number): SmmpSetup {
  const raw = Array.from({ length: n }, () => {
    const secret = crypto.randomBytes(32);
    return { secret, key: crypto.x25519Base(secret) };
  });
  const roster = new Roster(raw.map((i) => i.key));
  const ids = raw.slice().sort((a, b) => roster.indexOf(a.key) - roster.indexOf(b.key));
  return { n, ids, roster };
}

const runKind = ['', 'Hello', 'Key', 'Confirm', 'Abort'];

export type RunDecoder = (bytes: Uint8Array, to: number) => Exclude<Packet, { kind: 'Data' | 'Welcome' | 'PadResend' | 'RefreshRequest' }>;
const decodeRun: RunDecoder = (bytes) => decode(bytes) as Exclude<Packet, { kind: 'Data' | 'Welcome' | 'PadResend' | 'RefreshRequest' }>;

// Runs one key agreement to the end; returns every member's Epoch with the timing and traffic.
// `decoder` is packets.decode; bench/profile-gka.ts swaps in others to price the decoding.
export function smmpGka(s: SmmpSetup, decoder: RunDecoder = decodeRun): GkaOutcome & { epochs: Epoch[] } {
  const { n, ids, roster } = s;
  const traffic = newTraffic();
  const memberMs = new Float64Array(n);
  // Each member's compute per stage: 0 making its Hello; 1 taking Hellos, up to sending its Key;
  // 2 taking Keys, up to its Confirm; 3 taking Confirms, to established and its Epoch. The
  // critical path is the sum over stages of the slowest member's stage.
  const roundMs = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const phaseOf = new Int8Array(n); // the stage a member is in (4 once established)
  const queue: { bytes: Uint8Array; from: number }[] = [];
  const established: (NonNullable<RunStep['established']> | undefined)[] = new Array(n).fill(undefined);
  let done = 0;
  const post = (from: number, step: RunStep): void => {
    if (step.aborted) throw new Error(`SMMP member ${from} aborted: ${step.aborted.error.message}`);
    if (step.established) {
      established[from] = step.established;
      done++;
    }
    for (const bytes of step.send) {
      queue.push({ bytes, from });
      count(traffic, runKind[bytes[1]!] ?? `kind ${bytes[1]}`, bytes.length, n - 1);
    }
  };

  const groupId = crypto.randomBytes(16);
  const runId = crypto.randomBytes(32);
  const c0 = cpuNow();
  const t0 = now();
  const runs: Run[] = new Array(n);
  for (let j = 0; j < n; j++) {
    const a = now();
    runs[j] = new Run({ groupId, runId, previousEpochId: new Uint8Array(16), roster, identitySecret: ids[j]!.secret, identityKey: ids[j]!.key });
    const step = runs[j]!.start();
    const dt = now() - a;
    memberMs[j]! += dt;
    roundMs[0]![j]! += dt;
    phaseOf[j] = 1;
    post(j, step);
  }
  for (let q = 0; q < queue.length; q++) {
    const { bytes } = queue[q]!;
    for (let to = 0; to < n; to++) {
      const a = now();
      const step = runs[to]!.receive(decoder(bytes, to), bytes);
      const dt = now() - a;
      memberMs[to]! += dt;
      roundMs[Math.min(phaseOf[to]!, 3)]![to]! += dt;
      if (step.send.length > 0) phaseOf[to]!++;
      if (step.established) phaseOf[to] = 4;
      post(to, step);
    }
  }
  if (done !== n) throw new Error(`SMMP: ${done} of ${n} members established`);
  const epochs: Epoch[] = new Array(n);
  for (let j = 0; j < n; j++) {
    const a = now();
    epochs[j] = new Epoch(established[j]!);
    const dt = now() - a;
    memberMs[j]! += dt;
    roundMs[3]![j]! += dt;
  }
  const ms = now() - t0;
  const cpuMs = cpuNow() - c0;
  const id0 = epochs[0]!.epochId.join();
  if (!epochs.every((e) => e.epochId.join() === id0)) throw new Error('SMMP: members derived different epochs');
  const max = (xs: Float64Array): number => xs.reduce((m, x) => (x > m ? x : m), 0);
  return {
    ms,
    cpuMs,
    busiestMemberMs: max(memberMs),
    // A member's stage s needs every member's stage s-1 packet, so the chain is the slowest
    // member of each stage, stage after stage.
    criticalPathMs: roundMs.reduce((sum, r) => sum + max(r), 0),
    traffic,
    epochs,
  };
}

// --- ts-mls ------------------------------------------------------------------------------------

export interface MlsSetup {
  n: number;
  impl: CiphersuiteImpl;
  credentials: Credential[];
  signatureKeys: { signKey: Uint8Array; publicKey: Uint8Array }[];
}

let mlsImpl: CiphersuiteImpl | undefined;
export async function mlsCiphersuite(): Promise<CiphersuiteImpl> {
  return (mlsImpl ??= await getCiphersuiteImpl(getCiphersuiteFromName(MLS_SUITE)));
}

export async function mlsSetup(n: number): Promise<MlsSetup> {
  const impl = await mlsCiphersuite();
  const credentials: Credential[] = [];
  const signatureKeys: MlsSetup['signatureKeys'] = [];
  for (let i = 0; i < n; i++) {
    credentials.push({ credentialType: 'basic', identity: new TextEncoder().encode(`member-${i}`) });
    signatureKeys.push(await impl.signature.keygen());
  }
  return { n, impl, credentials, signatureKeys };
}

// Creator (member 0) makes the group and adds members 1..n-1 in one commit; each joiner joins
// from the Welcome. Traffic: key packages go joiner -> creator; the commit has no recipient (the
// creator is the only member of the old epoch); the Welcome goes to each of the n-1 joiners.
export async function mlsGka(s: MlsSetup): Promise<GkaOutcome & { states: ClientState[] }> {
  const { n, impl, credentials, signatureKeys } = s;
  const traffic = newTraffic();
  const memberMs = new Float64Array(n);
  const groupId = crypto.randomBytes(16);
  const kps: { publicPackage: KeyPackage; privatePackage: PrivateKeyPackage }[] = new Array(n);
  const uploaded: Uint8Array[] = [];

  const c0 = cpuNow();
  const t0 = now();
  for (let i = 1; i < n; i++) {
    const a = now();
    kps[i] = await generateKeyPackageWithKey(credentials[i]!, defaultCapabilities(), defaultLifetime, [], signatureKeys[i]!, impl);
    const bytes = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_key_package', keyPackage: kps[i]!.publicPackage });
    memberMs[i]! += now() - a;
    uploaded.push(bytes);
    count(traffic, 'KeyPackage', bytes.length, 1);
  }
  let a = now();
  kps[0] = await generateKeyPackageWithKey(credentials[0]!, defaultCapabilities(), defaultLifetime, [], signatureKeys[0]!, impl);
  const group = await createGroup(groupId, kps[0]!.publicPackage, kps[0]!.privatePackage, [], impl);
  const proposals: Proposal[] = uploaded.map((bytes) => {
    const m = decodeMlsMessage(bytes, 0)?.[0];
    if (m?.wireformat !== 'mls_key_package') throw new Error('ts-mls: expected a key package');
    return { proposalType: 'add', add: { keyPackage: m.keyPackage } };
  });
  const commit = await createCommit({ state: group, cipherSuite: impl }, { extraProposals: proposals, ratchetTreeExtension: true });
  commit.consumed.forEach(zeroOutUint8Array);
  const commitBytes = encodeMlsMessage(commit.commit);
  const welcomeBytes = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: commit.welcome! });
  const creatorMs = now() - a;
  memberMs[0]! += creatorMs;
  count(traffic, 'Commit', commitBytes.length, 0);
  count(traffic, 'Welcome', welcomeBytes.length, n - 1);

  const states: ClientState[] = new Array(n);
  states[0] = commit.newState;
  for (let i = 1; i < n; i++) {
    a = now();
    const m = decodeMlsMessage(welcomeBytes, 0)?.[0];
    if (m?.wireformat !== 'mls_welcome') throw new Error('ts-mls: expected a Welcome');
    states[i] = await joinGroup(m.welcome, kps[i]!.publicPackage, kps[i]!.privatePackage, emptyPskIndex, impl);
    memberMs[i]! += now() - a;
  }
  const ms = now() - t0;
  const cpuMs = cpuNow() - c0;
  const auth0 = states[0]!.keySchedule.epochAuthenticator.join();
  if (!states.every((st) => st.keySchedule.epochAuthenticator.join() === auth0)) throw new Error('ts-mls: members are in different epochs');
  const max = (xs: Float64Array, from = 0): number => xs.reduce((m, x, i) => (i >= from && x > m ? x : m), 0);
  // Chain: the joiners' key packages (in parallel), then the creator, then the joiners' joins
  // (in parallel). A joiner's work is key package + join, so this is approximated from above
  // by the slowest joiner's total plus the creator's.
  return { ms, cpuMs, busiestMemberMs: max(memberMs), criticalPathMs: creatorMs + max(memberMs, 1), traffic, states };
}

// --- GKA timing --------------------------------------------------------------------------------

export interface GkaResult {
  n: number;
  impl: 'smmp' | 'ts-mls';
  msMedian: number | undefined; // undefined: skipped
  rounds: number[][]; // every sample, per round
  cpuMsMedian: number | undefined;
  cpuRounds: number[][];
  busiestMemberMs: number | undefined;
  criticalPathMs: number | undefined;
  traffic: Traffic | undefined;
}

// Fixed iterations rather than the sampler: one ts-mls run at N = 128 takes many seconds. Each round
// measures both implementations back to back, in alternating order, for every size; the result
// is the median over rounds of the per-round medians (the per-member figures are medians over
// all samples). A warm-up run per size and implementation comes first.
export async function measureGka(o: GkaOptions, log = console.log): Promise<GkaResult[]> {
  const results: GkaResult[] = [];
  for (const n of o.sizes) {
    const smmp = smmpSetup(n);
    const mlsOn = n <= o.mlsMaxN;
    const mls = mlsOn ? await mlsSetup(n) : undefined;
    type Impl = { name: 'smmp' | 'ts-mls'; once: () => Promise<GkaOutcome> };
    const impls: Impl[] = [{ name: 'smmp', once: async () => smmpGka(smmp) }];
    if (mls) impls.push({ name: 'ts-mls', once: () => mlsGka(mls) });
    const samples = new Map(impls.map((i) => [i.name, { rounds: [] as number[][], cpuRounds: [] as number[][], busy: [] as number[], crit: [] as number[], traffic: undefined as Traffic | undefined }]));
    for (const i of impls) if (n < o.oneRunFrom || i.name === 'smmp') await i.once(); // warm-up (ts-mls at the largest sizes: warmed by the smaller ones)
    for (let r = 0; r < o.rounds; r++) {
      const order = r % 2 === 0 ? impls : [...impls].reverse();
      for (const i of order) {
        const s = samples.get(i.name)!;
        const round: number[] = [];
        const cpuRound: number[] = [];
        const start = now();
        while (round.length < o.minSamples || now() - start < o.budgetMs) {
          const out = await i.once();
          round.push(out.ms);
          cpuRound.push(out.cpuMs);
          s.busy.push(out.busiestMemberMs);
          s.crit.push(out.criticalPathMs);
          s.traffic = out.traffic;
          if (n >= o.oneRunFrom) break;
        }
        s.rounds.push(round);
        s.cpuRounds.push(cpuRound);
        const cpu = defined(median(cpuRound));
        log(`  GKA N=${n} ${i.name} round ${r + 1}: median ${median(round).toFixed(1)} ms${cpu === undefined ? '' : ` (CPU ${cpu.toFixed(1)} ms)`} over ${round.length} runs`);
      }
    }
    for (const name of ['smmp', 'ts-mls'] as const) {
      const s = samples.get(name);
      results.push(
        s === undefined
          ? { n, impl: name, msMedian: undefined, rounds: [], cpuMsMedian: undefined, cpuRounds: [], busiestMemberMs: undefined, criticalPathMs: undefined, traffic: undefined }
          : { n, impl: name, msMedian: median(s.rounds.map(median)), rounds: s.rounds, cpuMsMedian: defined(median(s.cpuRounds.map(median))), cpuRounds: cpuClock === undefined ? [] : s.cpuRounds, busiestMemberMs: median(s.busy), criticalPathMs: median(s.crit), traffic: s.traffic },
      );
    }
  }
  return results;
}

// --- Message pairs -----------------------------------------------------------------------------

export interface MessageSetup {
  workloads: Workload[];
  bytes: { impl: string; plaintext: number; packet: number }[];
}

// Two members of a group of 8: member 0 encrypts, member 1 decrypts. Each call is one pair; the
// states stay in step because every sealed packet is opened before the next is sealed.
export async function messageWorkloads(): Promise<MessageSetup> {
  const plaintext = crypto.randomBytes(PLAINTEXT_BYTES);

  const { epochs } = smmpGka(smmpSetup(MESSAGE_GROUP));
  const [alice, bob] = [epochs[0]!, epochs[1]!];
  const body: Body = { kind: ContentKind.Application, parents: [], content: plaintext };
  // A pair that heals every `every` messages (0: never). Healing pads a fresh seed to each of the
  // 7 other members' ratchet keys: 8 X25519 for the sender, 1 for the receiver.
  const smmpPair = (every: number): (() => Uint8Array) => {
    let i = 0;
    return () => {
      const { packet } = alice.seal(body, every > 0 && i++ % every === 0);
      const opened = bob.open(packet);
      if (opened.status !== 'delivered') throw new Error(`SMMP: packet ${opened.status}`);
      return packet;
    };
  };
  const smmpPacket = smmpPair(1)();

  const mls = await mlsSetup(MESSAGE_GROUP);
  const { states } = await mlsGka(mls);
  let [mAlice, mBob] = [states[0]!, states[1]!];
  const impl = mls.impl;
  const mlsPairOnce = async (): Promise<Uint8Array> => {
    const sent = await createApplicationMessage(mAlice, plaintext, impl);
    mAlice = sent.newState;
    sent.consumed.forEach(zeroOutUint8Array);
    const bytes = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_private_message', privateMessage: sent.privateMessage });
    const m = decodeMlsMessage(bytes, 0)?.[0];
    if (m?.wireformat !== 'mls_private_message') throw new Error('ts-mls: expected a private message');
    const got = await processMessage(m, mBob, emptyPskIndex, acceptAll, impl);
    if (got.kind !== 'applicationMessage' || got.message.length !== PLAINTEXT_BYTES) throw new Error('ts-mls: not the application message');
    mBob = got.newState;
    got.consumed.forEach(zeroOutUint8Array);
    return bytes;
  };
  // The sampler awaits each call before the next, so two never overlap on the same states.
  const mlsPacket = await mlsPairOnce();

  return {
    // In this order: the report reads the first as "healing every message", the second as
    // "healing every 50".
    workloads: ([['healing every message', 1], ['healing every 50 messages', 50], ['no healing', 0]] as const).map(([label, every]) => ({
      name: `message pair, group of ${MESSAGE_GROUP}, ${PLAINTEXT_BYTES} B, ${label}`,
      cases: [
        { impl: 'smmp', fn: smmpPair(every) },
        { impl: 'ts-mls', fn: mlsPairOnce },
      ],
    })),
    bytes: [
      { impl: 'smmp', plaintext: PLAINTEXT_BYTES, packet: smmpPacket.length },
      { impl: 'ts-mls', plaintext: PLAINTEXT_BYTES, packet: mlsPacket.length },
    ],
  };
}


// --- Results -----------------------------------------------------------------------------------

export interface ProtocolResults {
  ciphersuite: string; // ts-mls's
  gka: GkaResult[];
  gkaOptions: GkaOptions;
  messages: Measured[];
  messageBytes: MessageSetup['bytes'];
  messageGroup: number; // members in the group of the message pairs
  plaintextBytes: number; // of each message
  cpuTime: boolean; // whether the runtime reported CPU time (not in a page)
}
