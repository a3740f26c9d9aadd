// The protocol section of latest.md and REPORT.md: per runtime, the key agreement against
// ts-mls and the message pairs; the bytes on the wire once (they do not depend on the runtime).

import type { RuntimeResults } from '../results.js';
import type { GkaResult, ProtocolResults, Traffic } from '../workloads/protocol.js';
import { fmtBytes, fmtMs, fmtRate, ratio, runtimeTitle } from './format.js';

const gkaOf = (p: ProtocolResults, n: number, impl: GkaResult['impl']): GkaResult | undefined => p.gka.find((g) => g.n === n && g.impl === impl);
const sizesOf = (p: ProtocolResults): number[] => [...new Set(p.gka.map((g) => g.n))];
const rateOf = (p: ProtocolResults, impl: string, workload: number): number | undefined => p.messages[workload]?.results.find((r) => r.impl === impl)?.opsPerSec;

// ts-mls time / smmp time at N (above 1: smmp is faster), or undefined if either is missing.
export function gkaRatio(p: ProtocolResults, n: number): number | undefined {
  const [s, m] = [gkaOf(p, n, 'smmp')?.msMedian, gkaOf(p, n, 'ts-mls')?.msMedian];
  return s === undefined || m === undefined ? undefined : m / s;
}

// The same from CPU time (Node and Deno), which other work on the machine disturbs less.
export function gkaCpuRatio(p: ProtocolResults, n: number): number | undefined {
  const [s, m] = [gkaOf(p, n, 'smmp')?.cpuMsMedian, gkaOf(p, n, 'ts-mls')?.cpuMsMedian];
  return s === undefined || m === undefined ? undefined : m / s;
}

// `workload`: 0 healing every message, 1 healing every 50 messages, 2 no healing.
export function messageRatio(p: ProtocolResults, workload = 0): number | undefined {
  const [s, m] = [rateOf(p, 'smmp', workload), rateOf(p, 'ts-mls', workload)];
  return s === undefined || m === undefined ? undefined : s / m;
}

function gkaTables(r: RuntimeResults, p: ProtocolResults): string[] {
  const sizes = sizesOf(p);
  const cpu = p.cpuTime;
  const o = p.gkaOptions;
  return [
    `#### ${runtimeTitle(r)}`,
    '',
    `Median over ${o.rounds} interleaved rounds of the per-round medians (each round repeats a case for at least ${o.budgetMs} ms; from N = ${o.oneRunFrom} one run per round)${o.mlsMaxN < Math.max(...sizes) ? `; ts-mls skipped above N = ${o.mlsMaxN}` : ''}.`,
    '',
    cpu ? '| N | smmp | ts-mls | ratio | smmp CPU | ts-mls CPU | CPU ratio |' : '| N | smmp | ts-mls | ratio |',
    cpu ? '|---:|---:|---:|---:|---:|---:|---:|' : '|---:|---:|---:|---:|',
    ...sizes.map((n) => {
      const [s, m] = [gkaOf(p, n, 'smmp'), gkaOf(p, n, 'ts-mls')];
      const wall = `| ${n} | ${fmtMs(s?.msMedian)} | ${fmtMs(m?.msMedian)} | ${ratio(m?.msMedian, s?.msMedian)} |`;
      return cpu ? `${wall} ${fmtMs(s?.cpuMsMedian)} | ${fmtMs(m?.cpuMsMedian)} | ${ratio(m?.cpuMsMedian, s?.cpuMsMedian)} |` : wall;
    }),
    '',
    'Per member, from the same runs (medians over all samples):',
    '',
    '| N | smmp busiest member | ts-mls busiest member | smmp critical path | ts-mls critical path |',
    '|---:|---:|---:|---:|---:|',
    ...sizes.map((n) => {
      const [s, m] = [gkaOf(p, n, 'smmp'), gkaOf(p, n, 'ts-mls')];
      return `| ${n} | ${fmtMs(s?.busiestMemberMs)} | ${fmtMs(m?.busiestMemberMs)} | ${fmtMs(s?.criticalPathMs)} | ${fmtMs(m?.criticalPathMs)} |`;
    }),
    '',
  ];
}

function bytesTables(p: ProtocolResults): string[] {
  const sizes = sizesOf(p);
  const packet = (impl: string): number | undefined => p.messageBytes.find((b) => b.impl === impl)?.packet;
  const traffic = (n: number, impl: GkaResult['impl']): Traffic | undefined => gkaOf(p, n, impl)?.traffic;
  const per = (t: Traffic | undefined, k: string): string => {
    const x = t?.byKind[k];
    return x === undefined ? '-' : fmtBytes(Math.round(x.bytes / x.count));
  };
  return [
    '### Bytes on the wire',
    '',
    `Per data message (${p.plaintextBytes}-byte plaintext; SMMP pads bodies to length buckets, ts-mls to 256 bytes by default):`,
    '',
    '| | smmp | ts-mls | ts-mls / smmp |',
    '|---|---:|---:|---:|',
    `| packet bytes | ${fmtBytes(packet('smmp'))} | ${fmtBytes(packet('ts-mls'))} | ${ratio(packet('ts-mls'), packet('smmp'))} |`,
    '',
    "Per GKA: sent = bytes uploaded by all members together; received = bytes downloaded by all members together (a broadcast counted once per recipient, the sender's own echo not counted). SMMP: every member broadcasts a Hello, a Key and a Confirm. ts-mls: N-1 key packages (each to the creator), one commit (no recipient: the creator is the only member of the old epoch), one Welcome carrying the ratchet tree (to each of the N-1 joiners).",
    '',
    '| N | smmp sent | smmp received | ts-mls sent | ts-mls received | sent ts-mls / smmp | received ts-mls / smmp |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...sizes.map((n) => {
      const [s, m] = [traffic(n, 'smmp'), traffic(n, 'ts-mls')];
      return `| ${n} | ${fmtBytes(s?.sent)} | ${fmtBytes(s?.received)} | ${fmtBytes(m?.sent)} | ${fmtBytes(m?.received)} | ${ratio(m?.sent, s?.sent)} | ${ratio(m?.received, s?.received)} |`;
    }),
    '',
    'By packet kind (bytes per packet; the mean where sizes differ, as key packages do with the length of the identity):',
    '',
    '| N | smmp Hello | smmp Key | smmp Confirm | ts-mls KeyPackage | ts-mls Commit | ts-mls Welcome |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...sizes.map((n) => {
      const [s, m] = [traffic(n, 'smmp'), traffic(n, 'ts-mls')];
      return `| ${n} | ${per(s, 'Hello')} | ${per(s, 'Key')} | ${per(s, 'Confirm')} | ${per(m, 'KeyPackage')} | ${per(m, 'Commit')} | ${per(m, 'Welcome')} |`;
    }),
    '',
  ];
}

export function protocolMarkdown(runtimes: RuntimeResults[], tsMlsVersion: string | undefined, messageRounds: number): string {
  const measured = runtimes.filter((r): r is RuntimeResults & { protocol: ProtocolResults } => r.protocol !== undefined);
  const first = measured[0];
  if (first === undefined) return '';
  const anyCpu = measured.some((r) => r.protocol.cpuTime);
  return [
    `## Protocol: SMMP against ts-mls ${tsMlsVersion ?? ''} (${first.protocol.ciphersuite}, default crypto provider)`,
    '',
    "All members of a group are simulated in one process: a GKA time is every member's work added up, not the latency of a group whose devices compute in parallel.",
    '',
    '### Group key agreement: time until every member holds the group key',
    '',
    "SMMP: N runs exchanging Hello, Key and Confirm over an in-memory broadcast (every packet to every member, the sender's echo included, each member decoding each packet), from creating the runs (Hello secrets drawn there) to the last member holding its Epoch. ts-mls: group of N = creator + N-1 joiners; each joiner's key package (generation and encoding) inside the timed region, the creator's key package, createGroup, one commit adding all N-1 (ratchet tree in the Welcome), each joiner decoding the Welcome and joining. Long-term identities (SMMP's X25519 identity keys, MLS's Ed25519 signature keys) are made beforehand and not timed. Ratio = ts-mls time / smmp time: above 1 means smmp is faster.",
    '',
    ...(anyCpu
      ? [
          "Wall-clock time is the figure the targets refer to. CPU (Node and Deno; a page cannot tell it) is the process's CPU time over the same span, all threads (ts-mls runs its WebCrypto calls on libuv's thread pool, so part of its work overlaps; V8 collects garbage partly on helper threads): on a shared machine it is less sensitive to other processes than wall time.",
          '',
        ]
      : []),
    'Busiest member: the compute of the member that worked longest (ts-mls: the creator). Critical path: compute on the longest chain of dependent steps if every member had its own CPU, network time excluded (SMMP: the slowest member of each of the three rounds, summed; ts-mls: the creator plus the slowest joiner\'s key package and join).',
    '',
    ...measured.flatMap((r) => gkaTables(r, r.protocol)),
    `Targets (issue 4): GKA at N = 128 at least 4x ts-mls (aim 10x): ${measured.map((r) => `${r.runtime} ${ratio(gkaRatio(r.protocol, 128), 1)}`).join(', ')}; messages at least 2.5x ts-mls healing every message: ${measured.map((r) => `${r.runtime} ${ratio(messageRatio(r.protocol, 0), 1)}`).join(', ')}; at least 10x healing every 50: ${measured.map((r) => `${r.runtime} ${ratio(messageRatio(r.protocol, 1), 1)}`).join(', ')}.`,
    '',
    '### Data messages: encrypt + decrypt pairs per second',
    '',
    `Group of ${first.protocol.messageGroup}; member 0 encrypts a ${first.protocol.plaintextBytes}-byte plaintext, member 1 decrypts it; encoding and decoding included. SMMP: Epoch.seal + Epoch.open, healing with every message (the default in groups of up to 16), with every 50th message, and not at all; ts-mls (the same work in each row): createApplicationMessage + processMessage. Timed as the primitives are (turns batch by batch), median of ${messageRounds} rounds. Ratio = smmp / ts-mls rate.`,
    '',
    '| runtime | workload | smmp | ts-mls | ratio |',
    '|---|---|---:|---:|---:|',
    ...measured.flatMap((r) =>
      r.protocol.messages.map((m) => {
        const [s, t] = [m.results.find((x) => x.impl === 'smmp')?.opsPerSec, m.results.find((x) => x.impl === 'ts-mls')?.opsPerSec];
        return `| ${r.runtime} | ${m.workload} | ${fmtRate(s)} | ${fmtRate(t)} | ${ratio(s, t)} |`;
      }),
    ),
    '',
    ...bytesTables(first.protocol),
  ].join('\n');
}
