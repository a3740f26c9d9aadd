// The embedded backend: each room's log in memory, bounded by count, age and bytes, with room
// records bounded in number. Lost when the process ends (clients are then told the log was
// reset: a new incarnation).

import { newLogId, type Backend, type LogEntry, type RoomState } from './backend.js';
import type { RelayLimits } from './limits.js';
import { unref } from './timers.js';

export type RetentionLimits = Pick<RelayLimits, 'logMaxCount' | 'logMaxAgeMs' | 'logMaxBytes' | 'maxRooms'>;

interface Stored extends LogEntry {
  time: number;
}

interface Follower {
  next: number;
  deliver: (entry: LogEntry) => void;
  lost: () => void;
}

class RoomLog {
  readonly log = newLogId();
  head = 0;
  online = 0;
  bytes = 0;
  readonly followers = new Set<Follower>();
  private entries: Stored[] = [];
  private start = 0; // index of the oldest entry held

  get oldest(): number {
    return this.start < this.entries.length ? this.entries[this.start]!.seq : this.head + 1;
  }

  get held(): number {
    return this.entries.length - this.start;
  }

  push(entry: Stored): void {
    this.entries.push(entry);
    this.bytes += entry.payload.length;
  }

  // Drops the oldest entries while any bound is exceeded.
  trim(limits: RetentionLimits, now: number): void {
    const cutoff = now - limits.logMaxAgeMs;
    while (this.held > 0) {
      const first = this.entries[this.start]!;
      if (this.held <= limits.logMaxCount && this.bytes <= limits.logMaxBytes && first.time >= cutoff) break;
      this.bytes -= first.payload.length;
      this.entries[this.start++] = undefined as unknown as Stored;
    }
    if (this.start > 1024 && this.start * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.start);
      this.start = 0;
    }
  }

  // Sequence numbers are dense, so an entry's index follows from its number.
  at(seq: number): Stored | undefined {
    return seq < this.oldest ? undefined : this.entries[this.start + seq - this.oldest];
  }
}

export class MemoryBackend implements Backend {
  private readonly rooms = new Map<string, RoomLog>();
  private readonly sweep: ReturnType<typeof setInterval>;

  constructor(
    private readonly limits: RetentionLimits,
    private readonly now: () => number = Date.now,
  ) {
    // Age trimming also happens on every access; the sweep frees memory in rooms nobody touches.
    this.sweep = setInterval(() => {
      for (const r of this.rooms.values()) r.trim(this.limits, this.now());
    }, 60_000);
    unref(this.sweep);
  }

  private room(key: string): RoomLog | undefined {
    const r = this.rooms.get(key);
    r?.trim(this.limits, this.now());
    return r;
  }

  // A new room record; at capacity, the record of the least recently joined room with nobody in
  // it makes way (its clients will be told of a reset if they come back).
  private create(key: string): RoomLog | undefined {
    if (this.rooms.size >= this.limits.maxRooms) {
      let idle: string | undefined;
      for (const [k, r] of this.rooms) {
        if (r.online === 0 && r.followers.size === 0) {
          idle = k;
          break;
        }
      }
      if (idle === undefined) return undefined;
      this.rooms.delete(idle);
    }
    const r = new RoomLog();
    this.rooms.set(key, r);
    return r;
  }

  async join(key: string, maxClients: number): Promise<RoomState | 'room-full' | 'relay-full'> {
    let r = this.room(key);
    if (r !== undefined) {
      // Most recently joined last, for the eviction order above.
      this.rooms.delete(key);
      this.rooms.set(key, r);
    } else {
      r = this.create(key);
      if (r === undefined) return 'relay-full';
    }
    if (r.online >= maxClients) return 'room-full';
    r.online++;
    return { log: r.log, head: r.head, oldest: r.oldest, online: r.online };
  }

  async leave(key: string): Promise<void> {
    const r = this.rooms.get(key);
    if (r !== undefined && r.online > 0) r.online--;
  }

  async append(key: string, payload: Uint8Array): Promise<{ seq: number; log: number }> {
    const r = this.room(key) ?? this.create(key);
    if (r === undefined) throw new Error('memory backend: no room record available');
    const entry: Stored = { seq: ++r.head, payload, time: this.now() };
    r.push(entry);
    r.trim(this.limits, entry.time);
    for (const f of r.followers) {
      f.next = entry.seq + 1;
      f.deliver(entry);
    }
    return { seq: entry.seq, log: r.log };
  }

  async read(key: string, from: number, maxEntries: number, maxBytes: number): Promise<LogEntry[]> {
    const r = this.room(key);
    if (r === undefined) return [];
    const out: LogEntry[] = [];
    let bytes = 0;
    for (let seq = Math.max(from, r.oldest); seq <= r.head && out.length < maxEntries && bytes < maxBytes; seq++) {
      const e = r.at(seq)!;
      out.push({ seq: e.seq, payload: e.payload });
      bytes += e.payload.length;
    }
    return out;
  }

  follow(key: string, after: number, deliver: (entry: LogEntry) => void, lost: () => void): () => void {
    const r = this.room(key) ?? this.create(key);
    if (r === undefined) {
      lost();
      return () => {};
    }
    const f: Follower = { next: after + 1, deliver, lost };
    // What was appended since `after` first, from the log, then live from append().
    if (f.next < r.oldest && f.next <= r.head) {
      lost();
      return () => {};
    }
    for (; f.next <= r.head; f.next++) deliver(r.at(f.next)!);
    r.followers.add(f);
    return () => r.followers.delete(f);
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
    for (const r of this.rooms.values()) r.followers.clear();
  }
}
