// Where a relay keeps its rooms' logs: the memory log (one process) or Redis Streams (several
// processes sharing rooms). The core (core.ts) is written against this interface only.
// Rooms are named by their key (room-id.ts, roomKey).

import { randomBytes } from '../crypto/random.js';

export interface LogEntry {
  seq: number;
  payload: Uint8Array;
}

export interface RoomState {
  log: number; // the log's incarnation: random, nonzero, fixed while the log exists
  head: number; // the newest sequence number (0 if nothing was ever published)
  oldest: number; // the oldest sequence number still held (head + 1 if none is)
  online: number; // clients in the room, the one just counted in included
}

export interface Backend {
  // Counts one client into the room, creating its log if it has none, and says where the log
  // stands. Refuses, counting nothing, when the room has `maxClients` clients already, or when
  // a new room would exceed what the backend can hold.
  join(room: string, maxClients: number): Promise<RoomState | 'room-full' | 'relay-full'>;
  // Counts one client out.
  leave(room: string): Promise<void>;
  // Appends a payload and returns its sequence number (one more than the last, atomically, even
  // with several relay processes appending to the same room) and the log it went into (a new
  // incarnation if the old one was lost, e.g. Redis restarted empty).
  append(room: string, payload: Uint8Array): Promise<{ seq: number; log: number }>;
  // Entries with seq >= from, in order and dense, at most `maxEntries` and stopping once
  // `maxBytes` of payload are reached (at least one entry if there is one). The first entry is
  // later than `from` when the log no longer holds `from`.
  read(room: string, from: number, maxEntries: number, maxBytes: number): Promise<LogEntry[]>;
  // Calls `deliver` with every entry after `after`, in order and dense, as entries are appended
  // (by this process or another), until the returned function is called. Calls `lost` instead,
  // and stops, if entries were trimmed before they could be delivered.
  follow(room: string, after: number, deliver: (entry: LogEntry) => void, lost: () => void): () => void;
  close(): Promise<void>;
}

// A fresh log incarnation: a random nonzero 48-bit number (not a secret; it only has to differ
// from the previous incarnation of the same room).
export function newLogId(): number {
  let v = 0;
  for (const x of randomBytes(6)) v = v * 256 + x;
  return v === 0 ? 1 : v;
}
