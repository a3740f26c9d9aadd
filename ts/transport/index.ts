// Transports: how a session reaches a room on a relay (docs/RELAY.md, "Transports").

export type { HistoryGap, RoomCursor, RoomPacket, Transport, TransportEvent, TransportHandlers, TransportStatus } from './transport.js';
export { RelayTransport, type RelayTransportOptions } from './relay-transport.js';
export { webSocketTransport, type WebSocketConstructor, type WebSocketLike, type WebSocketTransportOptions } from './websocket.js';
export { memoryTransport } from './memory.js';
export type { Link, LinkEvents, LinkFactory } from './link.js';
