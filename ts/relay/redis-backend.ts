// Redis Streams backend: several relay processes serve the same rooms. Per room (key names
// below, `R` the room key):
//   P{R}:seq     INCR counter: the room's last sequence number
//   P{R}:log     the log incarnation (set once, with NX)
//   P{R}:s       the stream: entry id "<seq>-0", field d = payload
//   P{R}:t       a list of append times (ms), one per stream entry, oldest first (for age trims)
//   P{R}:on      hash: relay instance -> its clients in the room
//   P inst:<id>  a relay instance's liveness key (expires unless refreshed)
//   P wake:<id>  a per-instance stream that interrupts its blocking XREAD when rooms change
// Appends run as one Lua script (INCR, then XADD with the explicit id, then trim), so sequence
// numbers are assigned atomically across processes. Live delivery is one XREAD BLOCK per process
// over all its rooms. A room's keys expire after `roomIdleMs` without a join or append; a client
// that comes back later is told of a reset (a new log incarnation), never silently renumbered.

import { Buffer } from 'node:buffer';
import { createClient, RESP_TYPES } from 'redis';
import { newLogId, type Backend, type LogEntry, type RoomState } from './backend.js';
import type { RelayLimits } from './limits.js';
import { sleep, unref } from './timers.js';

export interface RedisBackendOptions {
  url: string;
  limits: Pick<RelayLimits, 'logMaxCount' | 'logMaxAgeMs'>;
  prefix?: string; // key prefix ('smmp:')
  roomIdleMs?: number; // 30 days
  instanceTtlMs?: number; // 15 s: presence of a killed relay stops counting after this
  onError?: (e: Error) => void;
}

type RedisClient = ReturnType<typeof createClient>;
type Arg = string | Buffer;

const BINARY = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } } as const;

// Shared by the scripts: times in ms from the server clock; trimming by count, then by age.
const LUA_COMMON = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function trim(stream, times, max_count, max_age, now)
  redis.call('LTRIM', times, -max_count, -1)
  local cutoff = now - max_age
  while true do
    local t = redis.call('LINDEX', times, 0)
    if not t or tonumber(t) >= cutoff then break end
    redis.call('LPOP', times)
  end
  redis.call('XTRIM', stream, 'MAXLEN', redis.call('LLEN', times))
end
local function touch(idle, keys)
  for i = 1, #keys do redis.call('PEXPIRE', keys[i], idle) end
end
`;

// KEYS seq log stream times online; ARGV new_log max_clients inst_prefix instance max_count max_age idle
const JOIN = `${LUA_COMMON}
local now = now_ms()
redis.call('SET', KEYS[2], ARGV[1], 'NX')
local log = redis.call('GET', KEYS[2])
local online = 0
local fields = redis.call('HGETALL', KEYS[5])
for i = 1, #fields, 2 do
  if redis.call('EXISTS', ARGV[3] .. fields[i]) == 1 then
    online = online + tonumber(fields[i + 1])
  else
    redis.call('HDEL', KEYS[5], fields[i])
  end
end
if online >= tonumber(ARGV[2]) then return {'full'} end
redis.call('HINCRBY', KEYS[5], ARGV[4], 1)
trim(KEYS[3], KEYS[4], tonumber(ARGV[5]), tonumber(ARGV[6]), now)
touch(ARGV[7], KEYS)
local head = tonumber(redis.call('GET', KEYS[1]) or '0')
local held = redis.call('XLEN', KEYS[3])
return {log, head, head - held + 1, online + 1}
`;

// KEYS seq log stream times online; ARGV payload new_log max_count max_age idle
const APPEND = `${LUA_COMMON}
local now = now_ms()
redis.call('SET', KEYS[2], ARGV[2], 'NX')
local seq = redis.call('INCR', KEYS[1])
redis.call('XADD', KEYS[3], seq .. '-0', 'd', ARGV[1])
redis.call('RPUSH', KEYS[4], now)
trim(KEYS[3], KEYS[4], tonumber(ARGV[3]), tonumber(ARGV[4]), now)
touch(ARGV[5], KEYS)
return {seq, redis.call('GET', KEYS[2])}
`;

// KEYS online; ARGV instance
const LEAVE = `
local v = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
if v <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return v
`;

interface Feed {
  position: number;
  deliver: (e: LogEntry) => void;
  lost: () => void;
}

export class RedisBackend implements Backend {
  private readonly prefix: string;
  private readonly instance = newLogId().toString(36);
  private readonly roomIdleMs: number;
  private readonly instanceTtlMs: number;
  private readonly feeds = new Map<string, Feed>();
  private readonly local = new Map<string, number>(); // this instance's clients per room
  private readonly sha = new Map<string, string>();
  private wakeId = '0-0';
  private closed = false;
  private loopDone: Promise<void> = Promise.resolve();
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  private constructor(
    private readonly main: RedisClient,
    private readonly blocking: RedisClient,
    private readonly o: RedisBackendOptions,
  ) {
    this.prefix = o.prefix ?? 'smmp:';
    this.roomIdleMs = o.roomIdleMs ?? 30 * 24 * 3600 * 1000;
    this.instanceTtlMs = o.instanceTtlMs ?? 15_000;
  }

  static async connect(o: RedisBackendOptions): Promise<RedisBackend> {
    const onError = o.onError ?? (() => {});
    const main = createClient({ url: o.url });
    main.on('error', onError);
    await main.connect();
    const blocking = main.duplicate();
    blocking.on('error', onError);
    await blocking.connect();
    const b = new RedisBackend(main, blocking, o);
    await b.start();
    return b;
  }

  private async start(): Promise<void> {
    for (const [name, body] of [['join', JOIN], ['append', APPEND], ['leave', LEAVE]] as const) {
      this.sha.set(name, String(await this.main.sendCommand(['SCRIPT', 'LOAD', body])));
    }
    await this.alive();
    this.wakeId = String(await this.main.sendCommand(['XADD', this.wakeKey, 'MAXLEN', '16', '*', 'w', '1']));
    this.heartbeat = setInterval(() => void this.alive().catch((e: unknown) => this.o.onError?.(e as Error)), Math.floor(this.instanceTtlMs / 3));
    unref(this.heartbeat);
    this.loopDone = this.loop();
  }

  // Refreshes this instance's liveness and re-asserts its presence counts (which another
  // instance may have dropped if this one stalled past the TTL).
  private async alive(): Promise<void> {
    const ttl = String(this.instanceTtlMs);
    await this.main.sendCommand(['SET', this.instKey, '1', 'PX', ttl]);
    await this.main.sendCommand(['PEXPIRE', this.wakeKey, String(this.instanceTtlMs * 4)]);
    for (const [room, n] of this.local) await this.main.sendCommand(['HSET', this.key(room, 'on'), this.instance, String(n)]);
  }

  private get instKey(): string {
    return `${this.prefix}inst:${this.instance}`;
  }

  private get wakeKey(): string {
    return `${this.prefix}wake:${this.instance}`;
  }

  private key(room: string, part: string): string {
    return `${this.prefix}{${room}}:${part}`;
  }

  private roomKeys(room: string): string[] {
    return ['seq', 'log', 's', 't', 'on'].map((p) => this.key(room, p));
  }

  private async script(name: string, body: string, keys: string[], args: Arg[], binary = false): Promise<unknown> {
    const run = (sha: string) => this.main.sendCommand(['EVALSHA', sha, String(keys.length), ...keys, ...args], binary ? BINARY : undefined);
    try {
      return await run(this.sha.get(name)!);
    } catch (e) {
      // The server lost its script cache (a restart): load again.
      if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e;
      this.sha.set(name, String(await this.main.sendCommand(['SCRIPT', 'LOAD', body])));
      return run(this.sha.get(name)!);
    }
  }

  async join(room: string, maxClients: number): Promise<RoomState | 'room-full' | 'relay-full'> {
    const r = (await this.script('join', JOIN, this.roomKeys(room), [
      String(newLogId()),
      String(maxClients),
      `${this.prefix}inst:`,
      this.instance,
      String(this.o.limits.logMaxCount),
      String(this.o.limits.logMaxAgeMs),
      String(this.roomIdleMs),
    ])) as unknown[];
    if (r[0] === 'full') return 'room-full';
    this.local.set(room, (this.local.get(room) ?? 0) + 1);
    return { log: Number(r[0]), head: Number(r[1]), oldest: Number(r[2]), online: Number(r[3]) };
  }

  async leave(room: string): Promise<void> {
    const n = (this.local.get(room) ?? 0) - 1;
    if (n > 0) this.local.set(room, n);
    else this.local.delete(room);
    if (!this.closed) await this.script('leave', LEAVE, [this.key(room, 'on')], [this.instance]);
  }

  async append(room: string, payload: Uint8Array): Promise<{ seq: number; log: number }> {
    const data = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    const r = (await this.script('append', APPEND, this.roomKeys(room), [
      data,
      String(newLogId()),
      String(this.o.limits.logMaxCount),
      String(this.o.limits.logMaxAgeMs),
      String(this.roomIdleMs),
    ])) as unknown[];
    return { seq: Number(r[0]), log: Number(r[1]) };
  }

  async read(room: string, from: number, maxEntries: number, maxBytes: number): Promise<LogEntry[]> {
    const reply = (await this.main.sendCommand(['XRANGE', this.key(room, 's'), `${from}-0`, '+', 'COUNT', String(maxEntries)], BINARY)) as StreamEntry[];
    const out: LogEntry[] = [];
    let bytes = 0;
    for (const e of reply) {
      if (bytes >= maxBytes) break;
      const entry = toEntry(e);
      out.push(entry);
      bytes += entry.payload.length;
    }
    return out;
  }

  follow(room: string, after: number, deliver: (e: LogEntry) => void, lost: () => void): () => void {
    if (this.feeds.has(room)) throw new Error(`redis backend: room ${room} is followed already`);
    const feed: Feed = { position: after, deliver, lost };
    this.feeds.set(room, feed);
    this.wake();
    return () => {
      if (this.feeds.get(room) === feed) this.feeds.delete(room);
    };
  }

  // Interrupts the blocking XREAD so it picks up the new set of rooms.
  private wake(): void {
    this.main.sendCommand(['XADD', this.wakeKey, 'MAXLEN', '16', '*', 'w', '1']).catch((e: unknown) => this.o.onError?.(e as Error));
  }

  private async loop(): Promise<void> {
    while (!this.closed) {
      const rooms = [...this.feeds.entries()];
      const keys = [this.wakeKey, ...rooms.map(([r]) => this.key(r, 's'))];
      const ids = [this.wakeId, ...rooms.map(([, f]) => `${f.position}-0`)];
      let reply: [Buffer, StreamEntry[]][] | null;
      try {
        reply = (await this.blocking.sendCommand(['XREAD', 'COUNT', '512', 'BLOCK', '5000', 'STREAMS', ...keys, ...ids], BINARY)) as typeof reply;
      } catch (e) {
        if (this.closed) return;
        this.o.onError?.(e as Error);
        await sleep(250);
        continue;
      }
      if (reply === null) continue;
      const byStream = new Map(rooms.map(([r, f]) => [this.key(r, 's'), { room: r, feed: f }]));
      for (const [keyBuf, entries] of reply) {
        const key = keyBuf.toString();
        if (key === this.wakeKey) {
          this.wakeId = entries[entries.length - 1]![0].toString();
          continue;
        }
        const target = byStream.get(key);
        if (target === undefined || this.feeds.get(target.room) !== target.feed) continue;
        const f = target.feed;
        for (const raw of entries) {
          const e = toEntry(raw);
          if (e.seq <= f.position) continue;
          if (e.seq !== f.position + 1) {
            this.feeds.delete(target.room);
            f.lost();
            break;
          }
          f.position = e.seq;
          f.deliver(e);
        }
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.feeds.clear();
    this.blocking.destroy();
    await this.loopDone.catch(() => {});
    try {
      for (const room of this.local.keys()) await this.main.sendCommand(['HDEL', this.key(room, 'on'), this.instance]);
      await this.main.sendCommand(['DEL', this.instKey, this.wakeKey]);
    } finally {
      this.main.destroy();
    }
  }
}

type StreamEntry = [Buffer, Buffer[]];

function toEntry([id, fields]: StreamEntry): LogEntry {
  const text = id.toString();
  const payload = fields[1]!;
  return { seq: Number(text.slice(0, text.indexOf('-'))), payload: new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength) };
}
