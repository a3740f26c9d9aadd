// What the session plugs into: a transport to the relay and a store for its record. The
// implementations live in ts/transport/ and ts/store/; the session needs only these shapes.

export interface TransportPacket {
  seq: number; // the relay's room sequence number (1, 2, ...)
  data: Uint8Array;
}

export type TransportStatus = string; // 'connecting' | 'open' | 'caught-up' | 'closed' | ...

export interface TransportHandlers {
  packet(p: TransportPacket): void;
  status(s: TransportStatus): void;
}

export interface Transport {
  // Delivers the room's packets after `cursor` (0: from the start of the log), then live ones;
  // reports 'caught-up' once the backlog is delivered.
  open(room: string, cursor: number, handlers: TransportHandlers): void | Promise<void>;
  publish(data: Uint8Array): void | Promise<void>;
  close(): void | Promise<void>;
}

export interface StateStore {
  load(): Promise<Uint8Array | undefined>;
  save(state: Uint8Array): Promise<void>;
}
