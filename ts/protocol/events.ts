// What the engine tells its host. Members are named by identity key; indices stay internal.

import type { ProtocolError } from './errors.js';
import type { RunPhase } from './run/run.js';

export type GroupEvent =
  // A key agreement run moved on, or is waiting for these members.
  | { type: 'run-progress'; runId: Uint8Array; phase: RunPhase; waitingFor: Uint8Array[] }
  // The run established an epoch for this member; it is not active until every member has
  // sent its new-epoch message.
  | { type: 'established'; epochId: Uint8Array; groupCode: string; members: Uint8Array[] }
  // Every member holds the epoch: application data now flows in it.
  | { type: 'active'; epochId: Uint8Array; groupCode: string; members: Uint8Array[] }
  // The run failed; nothing of it takes effect. `accused` where the failure is attributable.
  | { type: 'aborted'; runId: Uint8Array; error: ProtocolError; accused?: Uint8Array }
  // An application message from another member, in that member's order.
  | { type: 'message'; from: Uint8Array; content: Uint8Array; id: Uint8Array; seq: number }
  // An own application message went out (or, queued before activation, goes out now).
  | { type: 'sent'; id: Uint8Array; seq: number }
  // Every other member has acknowledged this own application message (sent a message that
  // descends from it).
  | { type: 'acknowledged'; id: Uint8Array }
  // An own application message is still not acknowledged by these members after the timeout.
  | { type: 'unacknowledged'; id: Uint8Array; missing: Uint8Array[] }
  // The Blame round of a failed run ended: these members' values do not fit what they revealed
  // (empty: nobody could be named). Never an honest member over an honest network.
  | { type: 'blame'; runId: Uint8Array; accused: { member: Uint8Array; reason: string }[] }
  // Divergence: a message of `member` names parents this member has never seen (after
  // T_parent): the network or a sender showed members different histories; the digests differ.
  // Only that member's stream is blocked.
  | { type: 'divergence'; member: Uint8Array; missing: Uint8Array[] }
  // Packets of `member` from sequence number `next` on never arrived (after T_gap); a refresh is
  // proposed.
  | { type: 'gap'; member: Uint8Array; next: number }
  // With publishSigningKeys: `member` published its signing key of the closed epoch `epochId`;
  // its old signatures no longer prove anything, and that epoch's packets are refused.
  | { type: 'signing-key-published'; member: Uint8Array; epochId: Uint8Array }
  // A healing message of `member` was padded to a ratchet key this member had already discarded;
  // a fresh pad was requested and the message follows once it arrives (its stream waits).
  | { type: 'pad-requested'; member: Uint8Array }
  // `member`'s state was rolled back (it found its own newer packet) and it asks for a refresh;
  // this member proposes one.
  | { type: 'refresh-requested'; member: Uint8Array }
  // A membership proposal was accepted (the first one delivered in the epoch): the run it
  // starts is under way. `members` is the complete resulting list.
  | { type: 'proposal'; id: Uint8Array; op: 'add' | 'remove' | 'refresh'; by: Uint8Array; members: Uint8Array[] }
  // These members did not take part in a run before its timeout: the run starts again without
  // them. Tell the user: they are no longer in the group.
  | { type: 'dropped'; runId: Uint8Array; members: Uint8Array[] }
  // A member sent its goodbye; its removal follows.
  | { type: 'member-left'; member: Uint8Array }
  // This member was removed from the group, or left it: its keys are erased, it takes nothing more.
  | { type: 'removed' }
  | { type: 'left' }
  // A packet that needs nothing done: a duplicate (re-sent, or echoed by the relay) or a packet
  // of a run or epoch this member is not in. Cheap: no error object is built for it.
  | { type: 'ignored'; reason: 'duplicate' | 'other-run' }
  // A packet was refused: it is malformed, forged, forked or tampered with. An alarm.
  | { type: 'rejected'; error: ProtocolError };

export interface Output {
  // Broadcast these, in order, only after the state from save() is durable (the persistence
  // contract, PROTOCOL.md "Engine").
  packets: Uint8Array[];
  events: GroupEvent[];
}
