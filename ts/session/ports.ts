// What the session plugs into: a transport to the relay room and a store for its record. The
// implementations live in ts/transport/ and ts/store/; these are the shapes the session needs
// (the transport's as ts/transport/transport.ts declares it).

// Where a client stands in a room: the log incarnation and the last sequence number delivered.
export interface RoomCursor {
  log: number;
  seq: number;
}

export interface RoomPacket {
  log: number;
  seq: number;
  data: Uint8Array;
}

export type TransportStatus = 'connecting' | 'open' | 'caught-up' | 'disconnected' | 'closed';

export type TransportEvent =
  | { status: 'connecting'; attempt: number; url?: string }
  | { status: 'open'; log: number; head: number; online: number }
  | { status: 'caught-up'; seq: number }
  | { status: 'disconnected'; code: number; reason: string; retryInMs: number }
  | { status: 'closed'; code?: number; reason?: string; error?: Error };

// History the relay no longer holds, reported before any packet after it.
export type HistoryGap =
  | { kind: 'truncated'; log: number; after: number; next: number }
  | { kind: 'reset'; log: number; previous: RoomCursor; next: number };

export interface TransportHandlers {
  packet(p: RoomPacket): void;
  status(e: TransportEvent): void;
  gap(g: HistoryGap): void;
}

export interface Transport {
  open(room: Uint8Array, cursor: RoomCursor | null, handlers: TransportHandlers): void;
  publish(data: Uint8Array): void;
  close(): Promise<void>;
}

export interface StateStore {
  load(): Promise<Uint8Array | undefined>;
  save(state: Uint8Array): Promise<void>;
}
