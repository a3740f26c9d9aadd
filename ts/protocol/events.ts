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
  // A packet was refused. `error.expected` tells an ignorable one (a duplicate) from an alarm.
  | { type: 'rejected'; error: ProtocolError };

export interface Output {
  // Broadcast these, in order, only after the state from save() is durable (the persistence
  // contract, PROTOCOL.md "Engine").
  packets: Uint8Array[];
  events: GroupEvent[];
}
