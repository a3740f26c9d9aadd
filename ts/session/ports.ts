// What the session plugs into: a transport to the relay room (ts/transport/) and a store for its
// record (ts/store/). Re-exported here so session code names one module for both.

export type { HistoryGap, RoomCursor, RoomPacket, Transport, TransportEvent, TransportHandlers, TransportStatus } from '../transport/transport.js';
export type { StateStore } from '../store/state-store.js';
