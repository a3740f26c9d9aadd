// The relay, independent of runtime and socket library: connections join rooms, publish, and
// receive every packet of their rooms in sequence order, each exactly once, replayed from their
// cursor first and live after. Servers (node/, deno/) and the in-memory transport feed it frames
// and give it a way to send and close; the logs live behind a Backend.
//
// Ordering: a room has one live feed per process (Backend.follow) whose position is the last
// sequence number fanned out here. A joining connection is replayed from the log until it has
// been sent everything up to that position, and only then switches to the feed; both steps check
// that each packet is the one after the last sent, so nothing is skipped or sent twice.

import type { Backend, LogEntry } from './backend.js';
import { CLOSE_CODES, CLOSE_GOING_AWAY, RelayError, closeText, type RelayCloseReason } from './errors.js';
import { resolveLimits, type RelayLimits } from './limits.js';
import { MemoryBackend } from './memory-backend.js';
import { roomKey } from './room-id.js';
import { sleep } from './timers.js';
import { TokenBucket } from './token-bucket.js';
import { decodeClientFrame, encodeRelayFrame, type ClientFrame } from './wire.js';

// What a server gives the core for one client connection.
export interface RelayConnection {
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
  bufferedAmount(): number; // bytes accepted by send() but not yet written to the network
}

// What the core gives back: the server calls these as the connection's events arrive.
export interface ConnectionHandle {
  receive(frame: Uint8Array, binary?: boolean): void;
  closed(): void;
}

export interface RelayCoreOptions {
  limits?: Partial<RelayLimits>;
  backend?: Backend; // default: a MemoryBackend with the limits' retention
  now?: () => number;
}

export interface RelayStats {
  connections: number;
  rooms: number; // rooms with a connection in this process
}

const READ_BATCH = 256;

export class RelayCore {
  readonly limits: RelayLimits;
  private readonly backend: Backend;
  private readonly now: () => number;
  private readonly rooms = new Map<string, LocalRoom>();
  private readonly clients = new Set<Client>();
  private closing = false;

  constructor(options: RelayCoreOptions = {}) {
    this.limits = resolveLimits(options.limits);
    this.now = options.now ?? Date.now;
    this.backend = options.backend ?? new MemoryBackend(this.limits, this.now);
  }

  connect(conn: RelayConnection): ConnectionHandle {
    const client = new Client(this, conn, new TokenBucket(this.limits.messagesPerSecond, this.limits.messageBurst, this.now));
    if (this.closing) {
      conn.close(CLOSE_GOING_AWAY, 'relay shutting down');
      client.isClosed = true;
    } else if (this.clients.size >= this.limits.maxConnections) {
      client.fail('RELAY_FULL', `relay has its maximum of ${this.limits.maxConnections} connections`);
    } else {
      this.clients.add(client);
    }
    return client;
  }

  stats(): RelayStats {
    return { connections: this.clients.size, rooms: this.rooms.size };
  }

  // Closes every connection (1001, going away) and the backend.
  async close(): Promise<void> {
    this.closing = true;
    for (const c of [...this.clients]) {
      c.isClosed = true;
      c.conn.close(CLOSE_GOING_AWAY, 'relay shutting down');
      this.drop(c);
    }
    await this.backend.close();
  }

  // --- frames -----------------------------------------------------------------------------

  handle(client: Client, f: ClientFrame): void {
    switch (f.kind) {
      case 'join':
        return this.join(client, f.room, f.log, f.cursor);
      case 'publish':
        return this.publish(client, f.room, f.payload);
      case 'leave': {
        const m = client.memberships.get(roomKey(f.room));
        if (m === undefined) return client.fail('PROTOCOL_VIOLATION', 'leave for a room not joined');
        return this.remove(m);
      }
      case 'ping':
        client.conn.send(encodeRelayFrame({ kind: 'pong', token: f.token }));
        return;
    }
  }

  private join(client: Client, room: Uint8Array, log: number, cursor: number): void {
    const key = roomKey(room);
    if (client.memberships.has(key)) return client.fail('PROTOCOL_VIOLATION', 'room joined twice');
    if (client.memberships.size >= this.limits.maxRoomsPerConnection) {
      return client.fail('TOO_MANY_ROOMS', `at most ${this.limits.maxRoomsPerConnection} rooms per connection`);
    }
    // Registered at once, so a Publish right behind the Join is accepted (and held until the
    // join completes).
    const m = new Membership(client, key, room);
    client.memberships.set(key, m);
    void this.completeJoin(m, log, cursor).catch((e: unknown) => m.client.fail('BACKEND_UNAVAILABLE', describe(e)));
  }

  private async completeJoin(m: Membership, log: number, cursor: number): Promise<void> {
    const state = await this.backend.join(m.key, this.limits.maxClientsPerRoom);
    if (state === 'room-full') return m.client.fail('ROOM_FULL', `room has its maximum of ${this.limits.maxClientsPerRoom} clients`);
    if (state === 'relay-full') return m.client.fail('RELAY_FULL', 'relay holds its maximum number of rooms');
    m.counted = true;
    if (!m.active) return this.uncount(m);

    const room = this.localRoom(m, state.log, state.head);
    // From the cursor on if it belongs to this log and the log still holds what follows it;
    // otherwise from the oldest packet held (the client sees `from` and knows what it missed).
    const from = log === state.log && cursor <= state.head ? Math.max(cursor + 1, state.oldest) : state.oldest;
    m.sent = from - 1;
    m.room = room;
    room.members.add(m);
    m.client.conn.send(encodeRelayFrame({ kind: 'joined', room: room.id, log: state.log, head: state.head, from, online: state.online }));
    for (const payload of m.held.splice(0)) this.append(m, payload);
    await this.catchUp(m);
  }

  private localRoom(m: Membership, log: number, head: number): LocalRoom {
    const existing = this.rooms.get(m.key);
    if (existing !== undefined && existing.log === log) return existing;
    // The log was replaced under the room's feed (Redis lost it): its connections reconnect and
    // learn of the reset from their Joined.
    if (existing !== undefined) this.lost(existing);
    const room = new LocalRoom(m.key, m.roomId, log, head);
    this.rooms.set(m.key, room);
    room.stop = this.backend.follow(
      m.key,
      head,
      (e) => this.fanOut(room, e),
      () => this.lost(room),
    );
    return room;
  }

  // Replays the log to one connection until it has everything the live feed has fanned out,
  // waiting for its buffer to drain between batches, then hands it to the feed.
  private async catchUp(m: Membership): Promise<void> {
    const batchBytes = Math.floor(this.limits.maxBufferedBytes / 4);
    while (m.active) {
      if (m.sent >= m.room!.position) {
        m.live = true;
        return;
      }
      const entries = await this.backend.read(m.key, m.sent + 1, READ_BATCH, batchBytes);
      if (!m.active) return;
      if (entries.length === 0 || entries[0]!.seq !== m.sent + 1) {
        return m.client.fail('FELL_BEHIND', `the log no longer holds seq ${m.sent + 1}: reconnect`);
      }
      for (const e of entries) this.sendPacket(m, e);
      if (!(await this.drained(m.client, batchBytes))) return;
    }
  }

  private async drained(client: Client, low: number): Promise<boolean> {
    const deadline = this.now() + this.limits.catchUpWaitMs;
    while (!client.isClosed && client.conn.bufferedAmount() > low) {
      if (this.now() > deadline) {
        client.fail('SLOW_READER', `send buffer did not drain within ${this.limits.catchUpWaitMs} ms`);
        return false;
      }
      await sleep(10);
    }
    return !client.isClosed;
  }

  private publish(client: Client, room: Uint8Array, payload: Uint8Array): void {
    const m = client.memberships.get(roomKey(room));
    if (m === undefined) return client.fail('PROTOCOL_VIOLATION', 'publish to a room not joined');
    if (m.room === undefined) m.held.push(payload);
    else this.append(m, payload);
  }

  private append(m: Membership, payload: Uint8Array): void {
    this.backend.append(m.key, payload).then(
      ({ log }) => {
        const room = this.rooms.get(m.key);
        if (room !== undefined && room.log !== log) this.lost(room);
      },
      (e: unknown) => m.client.fail('BACKEND_UNAVAILABLE', describe(e)),
    );
  }

  // --- the live feed ----------------------------------------------------------------------

  private fanOut(room: LocalRoom, entry: LogEntry): void {
    room.position = entry.seq;
    let frame: Uint8Array | undefined;
    for (const m of room.members) {
      if (!m.live || entry.seq <= m.sent) continue;
      frame ??= encodeRelayFrame({ kind: 'packet', room: room.id, seq: entry.seq, payload: entry.payload });
      this.sendPacket(m, entry, frame);
      if (m.client.conn.bufferedAmount() > this.limits.maxBufferedBytes) {
        m.client.fail('SLOW_READER', `more than ${this.limits.maxBufferedBytes} bytes waiting to be sent`);
      }
    }
  }

  private sendPacket(m: Membership, e: LogEntry, frame?: Uint8Array): void {
    if (m.client.isClosed) return;
    if (e.seq !== m.sent + 1) return m.client.fail('FELL_BEHIND', `seq ${e.seq} after ${m.sent}: reconnect`);
    m.client.conn.send(frame ?? encodeRelayFrame({ kind: 'packet', room: m.room!.id, seq: e.seq, payload: e.payload }));
    m.sent = e.seq;
  }

  // The feed could not keep up with trimming, or the log was replaced: every connection in the
  // room must reconnect (and will learn what it missed from its Joined).
  private lost(room: LocalRoom): void {
    for (const m of [...room.members]) m.client.fail('FELL_BEHIND', 'this relay fell behind the room log: reconnect');
    this.dispose(room);
  }

  // --- leaving ----------------------------------------------------------------------------

  remove(m: Membership): void {
    if (!m.active) return;
    m.active = false;
    m.client.memberships.delete(m.key);
    this.uncount(m);
    const room = m.room;
    if (room === undefined) return;
    room.members.delete(m);
    if (room.members.size === 0) this.dispose(room);
  }

  private uncount(m: Membership): void {
    if (!m.counted) return;
    m.counted = false;
    this.backend.leave(m.key).catch(() => {});
  }

  private dispose(room: LocalRoom): void {
    if (this.rooms.get(room.key) === room) this.rooms.delete(room.key);
    room.stop?.();
    room.stop = undefined;
  }

  drop(client: Client): void {
    this.clients.delete(client);
    for (const m of [...client.memberships.values()]) this.remove(m);
  }
}

// One connection.
class Client implements ConnectionHandle {
  readonly memberships = new Map<string, Membership>();
  isClosed = false;

  constructor(
    private readonly core: RelayCore,
    readonly conn: RelayConnection,
    private readonly bucket: TokenBucket,
  ) {}

  receive(frame: Uint8Array, binary = true): void {
    if (this.isClosed) return;
    if (!binary) return this.fail('MALFORMED_FRAME', 'text frame: the relay speaks binary frames only');
    if (frame.length > this.core.limits.maxFrameBytes) {
      return this.fail('FRAME_TOO_LARGE', `frame of ${frame.length} bytes exceeds ${this.core.limits.maxFrameBytes}`);
    }
    if (!this.bucket.take()) return this.fail('RATE_LIMITED', `more than ${this.core.limits.messagesPerSecond} frames a second`);
    let f: ClientFrame;
    try {
      f = decodeClientFrame(frame);
    } catch (e) {
      if (e instanceof RelayError) return this.fail(e.code as RelayCloseReason, e.message);
      throw e;
    }
    this.core.handle(this, f);
  }

  closed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.core.drop(this);
  }

  // Closes this connection, and only this one, with the reason's close code.
  fail(reason: RelayCloseReason, message: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.conn.close(CLOSE_CODES[reason].code, closeText(`${reason}: ${message}`));
    this.core.drop(this);
  }
}

// One connection in one room.
class Membership {
  room: LocalRoom | undefined; // set once the backend has counted it in
  sent = 0; // the last sequence number sent to the connection
  live = false; // caught up: receives from the feed
  active = true; // false once it left (or its connection closed)
  counted = false; // the backend counted it in (leave() must count it out)
  readonly held: Uint8Array[] = []; // publishes that arrived before the join completed

  constructor(
    readonly client: Client,
    readonly key: string,
    readonly roomId: Uint8Array,
  ) {}
}

// A room with connections in this process, and its live feed.
class LocalRoom {
  readonly members = new Set<Membership>();
  stop: (() => void) | undefined;

  constructor(
    readonly key: string,
    readonly id: Uint8Array,
    readonly log: number, // the log incarnation the feed follows
    public position: number, // the last sequence number the feed fanned out
  ) {}
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
