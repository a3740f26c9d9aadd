// The SMMP v1 key schedule: every label, hash input and derivation of the protocol, and nothing
// else. docs/PROTOCOL.md "Key schedule" is the normative text; each function names its section.
//
// Every hashed, MACed or derived input is framed: the label `smmp/v1/<name>` and each field as
// a u32 length followed by its bytes, so no two different inputs frame to the same bytes.

import * as c from '../crypto/index.js';
import { Writer } from './bytes-codec.js';

export const VERSION = 1;

const encoder = new TextEncoder();
const labels = new Map<string, Uint8Array>();
const label = (name: string): Uint8Array => {
  let l = labels.get(name);
  if (l === undefined) labels.set(name, (l = encoder.encode(`smmp/v1/${name}`)));
  return l;
};

export function framed(name: string, ...fields: Uint8Array[]): Uint8Array {
  const w = new Writer(64 + fields.reduce((s, f) => s + 4 + f.length, 0));
  w.vbytes(label(name));
  for (const f of fields) w.vbytes(f);
  return w.finish();
}

export const u16 = (v: number): Uint8Array => new Writer(2).u16(v).finish();
export const u32 = (v: number): Uint8Array => new Writer(4).u32(v).finish();

export const hash = (name: string, ...fields: Uint8Array[]): Uint8Array => c.sha256(framed(name, ...fields));
export const mac = (key: Uint8Array, name: string, ...fields: Uint8Array[]): Uint8Array => c.hmacSha256(key, framed(name, ...fields));
export const expand = (prk: Uint8Array, length: number, name: string, ...fields: Uint8Array[]): Uint8Array =>
  c.hkdfSha256Expand(prk, framed(name, ...fields), length);

const TAG = 16;

// --- Identities ------------------------------------------------------------------------------

// Safety number (PROTOCOL.md "Identities"): 30 decimal digits from SHA-256 of the identity key,
// six groups of five, each group from 5 bytes taken mod 100000 (bias below 2^-23 per group).
export function safetyNumber(identityKey: Uint8Array): string {
  const h = hash('safety-number', u16(VERSION), identityKey);
  const groups: string[] = [];
  for (let g = 0; g < 6; g++) {
    let v = 0;
    for (let k = 0; k < 5; k++) v = v * 256 + h[5 * g + k]!;
    groups.push(String(v % 100000).padStart(5, '0'));
  }
  return groups.join(' ');
}

// --- Key agreement (PROTOCOL.md "Group key agreement") ----------------------------------------

export function sessionId(groupId: Uint8Array, runId: Uint8Array, previousEpochId: Uint8Array, identityKeys: readonly Uint8Array[], nonces: readonly Uint8Array[]): Uint8Array {
  return hash('sid', u16(VERSION), groupId, runId, previousEpochId, u16(identityKeys.length), ...identityKeys, ...nonces);
}

// The run that creates a group: every invited member derives the same run id from the group id
// and the member list.
export const initialRunId = (groupId: Uint8Array, identityKeys: readonly Uint8Array[]): Uint8Array => hash('initial-run', groupId, ...identityKeys);

// The Welcome box of joiner J (PROTOCOL.md "Membership: Welcome"): keys from the DH of the
// proposer's ephemeral E and J's identity key, salted with the run id.
export function welcomeKeys(dh: Uint8Array, runId: Uint8Array, E: Uint8Array, B: Uint8Array): { enc: Uint8Array; iv: Uint8Array; mac: Uint8Array } {
  const prk = c.hkdfSha256Extract(dh, runId);
  const okm = expand(prk, 80, 'welcome-keys', E, B);
  prk.fill(0);
  const keys = { enc: okm.slice(0, 32), iv: okm.slice(32, 48), mac: okm.slice(48, 80) };
  okm.fill(0);
  return keys;
}

export const welcomeTag = (macKey: Uint8Array, runId: Uint8Array, E: Uint8Array, ct: Uint8Array): Uint8Array => mac(macKey, 'welcome-tag', runId, E, ct).slice(0, TAG);

// The run that follows a run which timed out, without the members that did not take part: every
// remaining member derives it from the same failed run and the same absent members.
export const retryRunId = (runId: Uint8Array, dropped: readonly Uint8Array[]): Uint8Array => hash('retry-run', runId, ...dropped);

export const transcript1 = (sid: Uint8Array, hellos: readonly Uint8Array[]): Uint8Array => hash('t1', sid, ...hellos);
export const transcript2 = (t1: Uint8Array, xs: readonly Uint8Array[]): Uint8Array => hash('t2', t1, ...xs);

// k_ab for a < b: HKDF(salt = sid, IKM = DH(b_a, R_b) || DH(r_a, B_b) || DH(r_a, R_b),
// info = a, b, B_a, B_b, R_a, R_b).
export function pairwiseKey(sid: Uint8Array, a: number, b: number, identities: [Uint8Array, Uint8Array], ephemerals: [Uint8Array, Uint8Array], ikm: Uint8Array): Uint8Array {
  const prk = c.hkdfSha256Extract(ikm, sid);
  try {
    return expand(prk, 32, 'pairwise', u16(a), u16(b), identities[0], identities[1], ephemerals[0], ephemerals[1]);
  } finally {
    prk.fill(0);
  }
}

export type PairUse = 'key' | 'confirm' | 'abort' | 'blame';
export const pairSubkey = (kab: Uint8Array, use: PairUse, from: number, to: number): Uint8Array => expand(kab, 32, 'pair-subkey', encoder.encode(use), u16(from), u16(to));

export const keyTag = (subkey: Uint8Array, sid: Uint8Array, t1: Uint8Array, j: number, x: Uint8Array): Uint8Array => mac(subkey, 'key-tag', sid, t1, u16(j), x).slice(0, TAG);

// The confirmation key from K, derived once per run.
export const confirmKey = (k: Uint8Array, sid: Uint8Array): Uint8Array => c.hkdfSha256(k, sid, framed('confirm-key'), 32);

export const confirmValue = (ck: Uint8Array, sid: Uint8Array, t2: Uint8Array, j: number): Uint8Array => mac(ck, 'confirm', sid, t2, u16(j));

export const confirmTag = (subkey: Uint8Array, value: Uint8Array): Uint8Array => mac(subkey, 'confirm-tag', value).slice(0, TAG);

export const abortTag = (subkey: Uint8Array, sid: Uint8Array, body: Uint8Array): Uint8Array => mac(subkey, 'abort-tag', sid, body).slice(0, TAG);

export const blameTag = (subkey: Uint8Array, sid: Uint8Array, body: Uint8Array): Uint8Array => mac(subkey, 'blame-tag', sid, body).slice(0, TAG);

// --- Epoch (PROTOCOL.md "Epoch keys") ---------------------------------------------------------

export interface EpochKeys {
  epochId: Uint8Array; // 16 bytes, public, names the epoch on the wire
  headerKey: Uint8Array; // 32 bytes, encrypts sender, sequence number and signature
  chains: Uint8Array[]; // chain_j for every member j
  groupCode: string; // short code members can compare to detect substituted identities
}

export function epochKeys(k: Uint8Array, sid: Uint8Array, t2: Uint8Array, n: number): EpochKeys {
  const secret = c.hkdfSha256Extract(k, hash('epoch-salt', sid, t2));
  try {
    const chains: Uint8Array[] = [];
    for (let j = 0; j < n; j++) chains.push(expand(secret, 32, 'chain', u16(j)));
    const code = expand(secret, 4, 'group-code');
    const v = ((code[0]! << 24) | (code[1]! << 16) | (code[2]! << 8) | code[3]!) >>> 0;
    return {
      epochId: expand(secret, 16, 'epoch-id'),
      headerKey: expand(secret, 32, 'header-key'),
      chains,
      groupCode: String(v % 1_000_000).padStart(6, '0'),
    };
  } finally {
    secret.fill(0);
  }
}

// --- Data messages (PROTOCOL.md "Data messages") ----------------------------------------------

// One step of a sender chain: the message key for this sequence number and the next chain key.
export function chainStep(chain: Uint8Array): { messageKey: Uint8Array; next: Uint8Array } {
  return { messageKey: expand(chain, 32, 'message-key'), next: expand(chain, 32, 'chain-next') };
}

// Per-packet keys from the message key and the packet's fresh nonce v: even a sender whose
// state was rolled back never repeats a keystream.
export function packetKeys(messageKey: Uint8Array, v: Uint8Array): { encKey: Uint8Array; iv: Uint8Array; macKey: Uint8Array } {
  const okm = expand(messageKey, 80, 'packet-keys', v);
  const keys = { encKey: okm.slice(0, 32), iv: okm.slice(32, 48), macKey: okm.slice(48, 80) };
  okm.fill(0);
  return keys;
}

// The tag covers the packet bytes before it and the sender and sequence number, which travel
// encrypted in the header.
export const bodyTag = (macKey: Uint8Array, authenticated: Uint8Array, sender: number, seq: number): Uint8Array =>
  mac(macKey, 'body-tag', authenticated, u16(sender), u32(seq)).slice(0, TAG);

export const messageId = (epochId: Uint8Array, sender: number, seq: number, v: Uint8Array, body: Uint8Array, tag: Uint8Array): Uint8Array =>
  hash('message-id', epochId, u16(sender), u32(seq), v, body, tag);

// --- Healing (PROTOCOL.md "Healing") -----------------------------------------------------------

// The mask over member i's copy of sender j's seed in message s: from the DH of j's new ratchet
// key R' and i's ratchet key of generation g.
export const healPadMask = (dh: Uint8Array, sid: Uint8Array, j: number, s: number, i: number, g: number, rNew: Uint8Array, ri: Uint8Array): Uint8Array =>
  c.hkdfSha256(dh, new Uint8Array(0), framed('heal-pad', sid, u16(j), u32(s), u16(i), u32(g), rNew, ri), 32);

export const healCommit = (sid: Uint8Array, j: number, s: number, seed: Uint8Array): Uint8Array => hash('heal-commit', sid, u16(j), u32(s), seed);

// The chain key after a healing message: the next chain key with the seed mixed in.
export const healChain = (next: Uint8Array, seed: Uint8Array, commit: Uint8Array, rNew: Uint8Array): Uint8Array =>
  c.hkdfSha256Extract(framed('heal-chain', seed, commit, rNew), next);

export const padResendSignatureInput = (sid: Uint8Array, epochId: Uint8Array, v: Uint8Array, fields: Uint8Array): Uint8Array => framed('pad-resend', u16(VERSION), sid, epochId, v, fields);

export const signatureInput = (sid: Uint8Array, id: Uint8Array): Uint8Array => framed('data-signature', u16(VERSION), sid, id);

export const TAG_LENGTH = TAG;
