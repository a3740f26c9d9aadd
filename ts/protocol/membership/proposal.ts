// Membership proposals (PROTOCOL.md "Membership"): the content of a Proposal message, the check
// that it fits the epoch it names, and the end-of-epoch record a new-epoch message carries.

import { toHex } from '../../bytes.js';
import { constantTimeEqual } from '../../crypto/hash.js';
import { Reader, Writer } from '../bytes-codec.js';
import { malformed, ProtocolError } from '../errors.js';
import { EPOCH_ID_LENGTH, MAX_MEMBERS } from '../packets.js';
import { compareBytes, type Roster } from '../roster.js';

export const Operation = { Add: 1, Remove: 2, Refresh: 3 } as const;
export type OperationValue = (typeof Operation)[keyof typeof Operation];
export type OperationName = 'add' | 'remove' | 'refresh';
export const operationName = (op: OperationValue): OperationName => (op === Operation.Add ? 'add' : op === Operation.Remove ? 'remove' : 'refresh');

// Re-proposals after a failed run, per proposal.
export const MAX_ATTEMPTS = 3;

export interface Proposal {
  op: OperationValue;
  attempt: number; // 0 for the first, +1 for each re-proposal after a failed run
  epochId: Uint8Array; // the epoch the proposal changes
  members: Uint8Array[]; // the complete resulting member list, sorted
}

export function encodeProposal(p: Proposal): Uint8Array {
  const w = new Writer(20 + 32 * p.members.length).u8(p.op).u8(p.attempt).bytes(p.epochId).u16(p.members.length);
  for (const k of p.members) w.bytes(k);
  return w.finish();
}

export function decodeProposal(bytes: Uint8Array): Proposal {
  const r = new Reader(bytes, 'proposal');
  const op = r.u8('operation');
  if (op !== Operation.Add && op !== Operation.Remove && op !== Operation.Refresh) throw malformed(`unknown proposal operation ${op}`);
  const attempt = r.u8('attempt');
  if (attempt >= MAX_ATTEMPTS) throw malformed(`proposal attempt ${attempt} beyond ${MAX_ATTEMPTS - 1}`);
  const epochId = r.bytes(EPOCH_ID_LENGTH, 'epoch id');
  const n = r.count('u16', 2, MAX_MEMBERS, 'member count');
  const members: Uint8Array[] = [];
  for (let i = 0; i < n; i++) members.push(r.bytes(32, 'identity key'));
  r.end();
  for (let i = 1; i < n; i++) if (compareBytes(members[i - 1]!, members[i]!) >= 0) throw malformed('proposal members not sorted or repeated');
  return { op, attempt, epochId, members };
}

// The resulting list of an operation on a roster; throws if it is not a change that operation
// can make. One rule for the proposer (before it sends) and the receivers (before they accept).
export function resultingMembers(roster: Roster, op: OperationValue, targets: readonly Uint8Array[], proposer: Uint8Array): Uint8Array[] {
  const keys = new Map(roster.keys.map((k) => [toHex(k), k]));
  const named = new Map(targets.map((k) => [toHex(k), k]));
  if (named.size !== targets.length) throw new ProtocolError('WRONG_STATE', 'a member is named twice');
  if (op === Operation.Refresh) {
    if (targets.length !== 0) throw new ProtocolError('WRONG_STATE', 'a refresh names no members');
  } else if (targets.length === 0) {
    throw new ProtocolError('WRONG_STATE', 'an add or remove names at least one member');
  }
  for (const [hex, k] of named) {
    if (op === Operation.Add && keys.has(hex)) throw new ProtocolError('WRONG_STATE', 'cannot add a member who is in the group');
    if (op === Operation.Remove && !keys.has(hex)) throw new ProtocolError('NOT_A_MEMBER', 'cannot remove a member who is not in the group');
    if (op === Operation.Remove && constantTimeEqual(k, proposer)) throw new ProtocolError('WRONG_STATE', 'a member leaves, it does not remove itself');
    if (op === Operation.Add) keys.set(hex, k);
    else keys.delete(hex);
  }
  if (keys.size < 2) throw new ProtocolError('WRONG_STATE', 'a group keeps at least 2 members');
  if (keys.size > MAX_MEMBERS) throw new ProtocolError('WRONG_STATE', `a group has at most ${MAX_MEMBERS} members`);
  return [...keys.values()].sort(compareBytes);
}

// The operation that turns `roster` into `members`, or an error if none does (a proposal whose
// list and operation disagree is refused).
export function checkProposal(roster: Roster, p: Proposal, proposer: Uint8Array): void {
  const before = new Set(roster.keys.map(toHex));
  const after = new Set(p.members.map(toHex));
  const added = p.members.filter((k) => !before.has(toHex(k)));
  const removed = roster.keys.filter((k) => !after.has(toHex(k)));
  const targets = p.op === Operation.Add ? added : p.op === Operation.Remove ? removed : [];
  if ((p.op === Operation.Add && removed.length > 0) || (p.op === Operation.Remove && added.length > 0) || (p.op === Operation.Refresh && (added.length > 0 || removed.length > 0))) {
    throw new ProtocolError('WRONG_STATE', 'the proposal member list does not match its operation');
  }
  resultingMembers(roster, p.op, targets, proposer);
}

// What a new-epoch message carries: the epoch its sender leaves and how many messages it sent
// there, so receivers know when that sender's old chain is complete and can be closed.
export interface EpochEnd {
  previousEpochId: Uint8Array; // zeros for a member that had no previous epoch (a joiner)
  sent: number;
}

export const encodeEpochEnd = (e: EpochEnd): Uint8Array => new Writer(20).bytes(e.previousEpochId).u32(e.sent).finish();

export function decodeEpochEnd(bytes: Uint8Array): EpochEnd {
  const r = new Reader(bytes, 'new-epoch content');
  const e = { previousEpochId: r.bytes(EPOCH_ID_LENGTH, 'previous epoch id'), sent: r.u32('sent') };
  r.end();
  return e;
}
