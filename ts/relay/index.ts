// The relay, runtime-agnostic parts (docs/RELAY.md). The servers are separate entry points:
// node/server.ts (startRelay) and deno/server.ts (serveRelay); the Redis backend is
// redis-backend.ts (imported only when used).

export { RelayCore, type ConnectionHandle, type RelayConnection, type RelayCoreOptions, type RelayStats } from './core.js';
export type { Backend, LogEntry, RoomState } from './backend.js';
export { MemoryBackend, type RetentionLimits } from './memory-backend.js';
export { DEFAULT_LIMITS, resolveLimits, type RelayLimits } from './limits.js';
export { CLOSE_CODES, CLOSE_GOING_AWAY, RelayError, closeReason, worthRetrying, type RelayCloseReason, type RelayErrorCode } from './errors.js';
export { newRoomId, roomIdFromString, roomIdToString } from './room-id.js';
export { WIRE_VERSION, decodeClientFrame, decodeRelayFrame, encodeClientFrame, encodeRelayFrame, type ClientFrame, type RelayFrame } from './wire.js';
