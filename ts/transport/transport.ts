// The transport interface the session runner uses to reach a room on a relay (docs/RELAY.md,
// "Transports"). One transport serves one room. It delivers the room's packets in sequence
// order, each sequence number at most once, and tells of any history it could not deliver.

import type { RelayError } from '../relay/errors.js';

// Where a client stands in a room: the log incarnation and the last sequence number delivered.
// Persist it with the state that processed that packet; pass it to open() to resume.
export interface RoomCursor {
  log: number;
  seq: number;
}

// One packet of the room, as the relay numbered it. `log` and `seq` together are its cursor.
export interface RoomPacket {
  log: number;
  seq: number;
  data: Uint8Array;
}

export type TransportStatus = 'connecting' | 'open' | 'caught-up' | 'disconnected' | 'closed';

export type TransportEvent =
  // A connection attempt starts (attempt 0 is the first; `url` for WebSocket transports).
  | { status: 'connecting'; attempt: number; url?: string }
  // The relay accepted the join: the room's log, its newest sequence number, clients online.
  | { status: 'open'; log: number; head: number; online: number }
  // Everything up to the head given at 'open' has been delivered; publishes flow from here.
  // Fires after every (re)join.
  | { status: 'caught-up'; seq: number }
  // The connection ended; the transport retries after `retryInMs`, resuming from its cursor and
  // re-sending publishes the relay had not yet echoed.
  | { status: 'disconnected'; code: number; reason: string; retryInMs: number }
  // Final: close() was called, or the relay refused in a way a retry cannot mend (`error`).
  | { status: 'closed'; code?: number; reason?: string; error?: RelayError };

// History the relay no longer holds, reported before any packet after it is delivered.
export type HistoryGap =
  // Sequence numbers after+1 .. next-1 of this log were trimmed (count or age) before delivery.
  | { kind: 'truncated'; log: number; after: number; next: number }
  // The relay's log for the room is a new incarnation (a memory relay restarted, or Redis lost
  // the room): sequence numbers start again; what followed `previous` in the old log is gone.
  | { kind: 'reset'; log: number; previous: RoomCursor; next: number };

export interface TransportHandlers {
  packet(p: RoomPacket): void;
  status(e: TransportEvent): void;
  gap(g: HistoryGap): void;
}

export interface Transport {
  // Joins `room` (32 bytes) and delivers from after `cursor` (null: from the oldest packet held).
  // Once only per transport.
  open(room: Uint8Array, cursor: RoomCursor | null, handlers: TransportHandlers): void;
  // Queues a payload for the room. It is sent once caught up, and re-sent after a reconnect until
  // the relay echoes it back (as a packet to this transport's own handler). At least once: after
  // a reconnect the room may hold it twice, with two sequence numbers.
  publish(data: Uint8Array): void;
  // Leaves and closes; publishes not yet echoed are dropped. Resolves once the connection is shut.
  close(): Promise<void>;
}
