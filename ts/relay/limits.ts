// Every limit the relay enforces, with its default (docs/RELAY.md, "Limits"). A breach closes
// only the offending connection, with the close code in errors.ts.

import { checkInteger } from '../bytes.js';
import { InvalidArgumentError } from '../errors.js';

export interface RelayLimits {
  maxFrameBytes: number; // largest frame a client may send (the payload is this minus 34 bytes)
  messagesPerSecond: number; // token bucket: sustained frames per second per connection
  messageBurst: number; // token bucket: its depth
  maxRoomsPerConnection: number;
  maxClientsPerRoom: number;
  maxConnections: number; // per relay process
  maxRooms: number; // rooms a memory log keeps records of
  logMaxCount: number; // packets kept per room
  logMaxAgeMs: number; // how long a packet is kept
  logMaxBytes: number; // payload bytes kept per room (memory log only)
  maxBufferedBytes: number; // a connection's unsent bytes before it is closed as a slow reader
  catchUpWaitMs: number; // how long a replay waits for a connection's buffer to drain
}

const MiB = 1024 * 1024;
const DAY = 24 * 3600 * 1000;

// The log keeps 7 days: longer than the protocol's longest wait (a key agreement's round timeout,
// re-sends and the acknowledgement deadline are all under a minute; epochs refresh daily), so a
// member that was offline for less than a week resumes with nothing lost.
export const DEFAULT_LIMITS: Readonly<RelayLimits> = Object.freeze({
  maxFrameBytes: 256 * 1024,
  messagesPerSecond: 100,
  messageBurst: 200,
  maxRoomsPerConnection: 16,
  maxClientsPerRoom: 1024,
  maxConnections: 10_000,
  maxRooms: 100_000,
  logMaxCount: 10_000,
  logMaxAgeMs: 7 * DAY,
  logMaxBytes: 64 * MiB,
  maxBufferedBytes: 4 * MiB,
  catchUpWaitMs: 30_000,
});

export function resolveLimits(given: Partial<RelayLimits> = {}): RelayLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!(name in DEFAULT_LIMITS)) throw new InvalidArgumentError(`limits.${name}`, 'unknown limit');
    out[name as keyof RelayLimits] = checkInteger(`limits.${name}`, value, 1, Number.MAX_SAFE_INTEGER);
  }
  if (out.maxFrameBytes < 64) throw new InvalidArgumentError('limits.maxFrameBytes', 'must be at least 64');
  // A replay sends up to a frame beyond the drain mark; the buffer limit must leave room for it.
  if (out.maxBufferedBytes < 2 * out.maxFrameBytes) {
    throw new InvalidArgumentError('limits.maxBufferedBytes', `must be at least twice maxFrameBytes (${2 * out.maxFrameBytes})`);
  }
  return out;
}
