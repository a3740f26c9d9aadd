// Protocol errors. Each is an SmmpError with a stable code (listed in docs/PROTOCOL.md, "Error
// codes"). `expected` marks what a caller may ignore (a packet of another run or epoch); all
// others mean the input was bad or the peer misbehaved, and nothing changed.

import { SmmpError } from '../errors.js';

export type ProtocolErrorCode =
  | 'MALFORMED_PACKET' // does not parse: wrong length, version, kind, count, trailing bytes
  | 'UNSUPPORTED_VERSION'
  | 'INVALID_KEY' // a key or group element that is not a canonical, acceptable encoding
  | 'NOT_A_MEMBER' // an index or key outside the member list of the run or epoch
  | 'WRONG_RUN' // a packet for another group, run or epoch
  | 'CONFLICTING_HELLO' // two different Hellos for one index
  | 'REPEATED_VALUE' // an ephemeral value repeated across members (R, Q, S, H or nonce)
  | 'BAD_KEY_TAG' // a pairwise tag in round 2 failed: its sender, or the network
  | 'SUM_CHECK_FAILED' // the X values do not sum to the identity
  | 'BAD_CONFIRMATION' // a key confirmation failed: a different K or transcript
  | 'BAD_SIGNATURE' // a data packet whose signature does not verify
  | 'BAD_TAG' // a data packet whose MAC fails although its signature verified
  | 'CONFLICTING_MESSAGE' // a second, different packet for one (epoch, sender, seq)
  | 'IMPERSONATION_DETECTED' // a valid packet under one's own index that one never sent
  | 'STATE_ROLLED_BACK' // an own packet beyond one's state: the state was restored from an older copy
  | 'BAD_HEALING_PAD' // a signed healing section whose seed does not match its commitment (attributable)
  | 'PAD_KEY_EXPIRED' // a healing pad to a ratchet key this member has discarded
  | 'BAD_PROPOSAL' // a membership proposal that does not fit the epoch it names
  | 'BUFFER_FULL' // a bounded buffer is full
  | 'WRONG_STATE'; // a command or packet that the current state does not accept

export class ProtocolError extends SmmpError {
  override readonly code: ProtocolErrorCode;
  // The member index the failure is attributable to, where it is (e.g. the signer of a packet
  // whose MAC fails); undefined where it may be the network.
  readonly member: number | undefined;
  constructor(code: ProtocolErrorCode, message: string, member?: number) {
    super(code, message);
    this.code = code;
    this.member = member;
  }

  get expected(): boolean {
    return this.code === 'WRONG_RUN';
  }
}

export const malformed = (what: string): ProtocolError => new ProtocolError('MALFORMED_PACKET', what);
