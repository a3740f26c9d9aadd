// What every binding exposes, whatever runtime it loads the core in.

export * as crypto from './crypto/index.js';
export * from './errors.js';
export { isInitialized } from './crypto/core.js';
export type { InitInput, InitSyncInput } from './load.js';

// The protocol engine (sans-IO): docs/API.md.
export { GroupMember, type EngineOptions } from './protocol/engine.js';
export type { GroupEvent, Output } from './protocol/events.js';
export { generateIdentity, identityFromSecret, safetyNumber, type Identity } from './protocol/identity.js';
export { ProtocolError, type ProtocolErrorCode } from './protocol/errors.js';

// Sessions: the runner over a transport and a store, invites (docs/API.md "Sessions").
export * from './session/index.js';

// Transports to a relay room, and the relay's runtime-agnostic parts (an in-process relay for
// tests and single-process apps; room ids). The WebSocket servers are in `smmp/relay`.
export * from './transport/index.js';
export { RelayCore, MemoryBackend, newRoomId, roomIdFromString, roomIdToString, RelayError, CLOSE_CODES, type RelayCoreOptions, type RelayLimits } from './relay/index.js';
