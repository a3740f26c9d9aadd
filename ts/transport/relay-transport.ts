// The transport over the relay wire protocol, for any link (WebSocket or in-process): joins with
// the cursor, reports what history is missing, delivers packets in order exactly once per
// sequence number, says when it has caught up, paces and re-sends publishes, and reconnects with
// back-off when the link drops.
//
// Publishes are matched to their echo by their bytes. After a reconnect, the replay from the
// cursor shows which publishes the relay took before the drop; whatever is still unmatched once
// caught up is sent again. (Identical bytes in the room after the publish satisfy it either way.)

import { checkBytes, checkInteger } from '../bytes.js';
import { InvalidArgumentError } from '../errors.js';
import { RelayError, closeReason, worthRetrying } from '../relay/errors.js';
import { DEFAULT_LIMITS } from '../relay/limits.js';
import { TokenBucket } from '../relay/token-bucket.js';
import { decodeRelayFrame, encodeClientFrame, PUBLISH_OVERHEAD, ROOM_ID_BYTES, type RelayFrame } from '../relay/wire.js';
import { backoffDelay } from './backoff.js';
import type { Link, LinkFactory } from './link.js';
import type { HistoryGap, RoomCursor, Transport, TransportEvent, TransportHandlers } from './transport.js';

export interface RelayTransportOptions {
  backoffInitialMs?: number; // first retry delay (250 ms), doubling up to backoffMaxMs
  backoffMaxMs?: number; // 30 s
  connectTimeoutMs?: number; // a connection not joined by then is dropped and retried (10 s)
  heartbeatMs?: number; // silence after which the transport pings the relay (15 s; 0: never)
  heartbeatTimeoutMs?: number; // silence after the ping that drops the connection (10 s)
  maxPayloadBytes?: number; // largest publish (the relay's default frame limit minus overhead)
  messagesPerSecond?: number; // pacing, below the relay's default rate limit (80)
  messageBurst?: number; // (160)
  maxPending?: number; // publishes waiting for their echo before publish() refuses (10,000)
  random?: () => number; // jitter source (Math.random)
}

interface Pending {
  data: Uint8Array;
  sent: boolean; // sent on some connection, so the relay may have it
  done: boolean; // echoed (or the same bytes appeared in the room)
}

interface Current {
  link: Link;
  gen: number;
  closed: Promise<void>;
  markClosed: () => void;
}

type Phase = 'new' | 'connecting' | 'joining' | 'live' | 'waiting' | 'closed';

export class RelayTransport implements Transport {
  private readonly o: Required<RelayTransportOptions>;
  private readonly bucket: TokenBucket;
  private room: Uint8Array | undefined;
  private handlers: TransportHandlers | undefined;
  private phase: Phase = 'new';
  private log = 0;
  private delivered = 0;
  private head = 0;
  private caughtUp = false;
  private attempt = 0;
  private gen = 0;
  private current: Current | undefined;
  private pending: Pending[] = [];
  private toSend: Pending[] = [];
  private lastHeard = 0;
  private pingToken = 0;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly connectLink: LinkFactory,
    options: RelayTransportOptions = {},
  ) {
    this.o = {
      backoffInitialMs: 250,
      backoffMaxMs: 30_000,
      connectTimeoutMs: 10_000,
      heartbeatMs: 15_000,
      heartbeatTimeoutMs: 10_000,
      maxPayloadBytes: DEFAULT_LIMITS.maxFrameBytes - PUBLISH_OVERHEAD,
      messagesPerSecond: Math.floor(DEFAULT_LIMITS.messagesPerSecond * 0.8),
      messageBurst: Math.floor(DEFAULT_LIMITS.messageBurst * 0.8),
      maxPending: 10_000,
      random: Math.random,
    };
    for (const [k, v] of Object.entries(options)) {
      if (v === undefined) continue;
      if (k === 'random') {
        if (typeof v !== 'function') throw new InvalidArgumentError('options.random', 'expected a function');
        this.o.random = v as () => number;
      } else if (k in this.o) {
        (this.o as unknown as Record<string, number>)[k] = checkInteger(`options.${k}`, v, 0, Number.MAX_SAFE_INTEGER);
      } else {
        throw new InvalidArgumentError(`options.${k}`, 'unknown option');
      }
    }
    this.bucket = new TokenBucket(Math.max(1, this.o.messagesPerSecond), Math.max(1, this.o.messageBurst));
  }

  // The last packet delivered, to persist and resume from (null before anything was).
  get cursor(): RoomCursor | null {
    return this.log === 0 ? null : { log: this.log, seq: this.delivered };
  }

  open(room: Uint8Array, cursor: RoomCursor | null, handlers: TransportHandlers): void {
    if (this.phase === 'closed') throw new RelayError('TRANSPORT_CLOSED', 'this transport was closed');
    if (this.phase !== 'new') throw new InvalidArgumentError('open', 'a transport opens one room, once');
    this.room = checkBytes('room', room, ROOM_ID_BYTES).slice();
    if (cursor !== null) {
      this.log = checkInteger('cursor.log', cursor.log, 1, Number.MAX_SAFE_INTEGER);
      this.delivered = checkInteger('cursor.seq', cursor.seq, 0, Number.MAX_SAFE_INTEGER);
    }
    this.handlers = handlers;
    if (this.o.heartbeatMs > 0) this.heartbeat = setInterval(() => this.beat(), Math.max(50, Math.floor(this.o.heartbeatMs / 2)));
    this.connect();
  }

  publish(data: Uint8Array): void {
    if (this.phase === 'closed') throw new RelayError('TRANSPORT_CLOSED', 'this transport was closed');
    checkBytes('data', data);
    if (data.length === 0) throw new InvalidArgumentError('data', 'empty payload');
    if (data.length > this.o.maxPayloadBytes) throw new RelayError('PAYLOAD_TOO_LARGE', `payload of ${data.length} bytes exceeds ${this.o.maxPayloadBytes}`);
    if (this.pending.length >= this.o.maxPending) throw new RelayError('BACKLOG_FULL', `${this.pending.length} publishes are waiting for the relay`);
    const p: Pending = { data: data.slice(), sent: false, done: false };
    this.pending.push(p);
    if (this.phase === 'live' && this.caughtUp) {
      this.toSend.push(p);
      this.flush();
    }
  }

  async close(): Promise<void> {
    if (this.phase === 'closed') return this.current?.closed;
    const cur = this.current;
    this.stop();
    if (cur !== undefined) {
      cur.link.close(1000, 'closing');
      // A link that never answers its close must not hold close() up.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([cur.closed, new Promise<void>((r) => (timer = setTimeout(r, 1000)))]);
      clearTimeout(timer);
    }
    this.handlers?.status({ status: 'closed' });
  }

  // --- connections --------------------------------------------------------------------------

  private connect(): void {
    const gen = ++this.gen;
    this.phase = 'connecting';
    this.caughtUp = false;
    this.toSend = [];
    let markClosed!: () => void;
    const closed = new Promise<void>((r) => (markClosed = r));
    let made: ReturnType<LinkFactory>;
    try {
      made = this.connectLink(
      {
        open: () => gen === this.gen && this.onOpen(),
        frame: (bytes, binary) => gen === this.gen && this.onFrame(bytes, binary),
        close: (code, reason) => {
          markClosed();
          if (gen === this.gen) this.onClose(code, reason);
        },
      },
      this.attempt,
    );
    } catch (e) {
      return this.fail(new RelayError('TRANSPORT_CLOSED', `cannot connect: ${e instanceof Error ? e.message : String(e)}`));
    }
    const { link, url } = made;
    this.current = { link, gen, closed, markClosed };
    this.handlers!.status(url === undefined ? { status: 'connecting', attempt: this.attempt } : { status: 'connecting', attempt: this.attempt, url });
    this.later(() => gen === this.gen && this.phase !== 'live' && this.abandon('not joined within the connect timeout'), this.o.connectTimeoutMs);
  }

  private onOpen(): void {
    this.phase = 'joining';
    this.lastHeard = Date.now();
    this.sendControl(encodeClientFrame({ kind: 'join', room: this.room!, log: this.log, cursor: this.log === 0 ? 0 : this.delivered }));
  }

  private onFrame(bytes: Uint8Array, binary: boolean): void {
    this.lastHeard = Date.now();
    let f: RelayFrame;
    try {
      if (!binary) throw new RelayError('MALFORMED_FRAME', 'text frame from the relay');
      f = decodeRelayFrame(bytes);
    } catch (e) {
      const err = e instanceof RelayError ? e : new RelayError('MALFORMED_FRAME', String(e));
      if (err.code === 'UNSUPPORTED_VERSION') return this.fail(err);
      return this.abandon(`bad frame from the relay: ${err.message}`);
    }
    if (f.kind === 'pong') return;
    if (!sameBytes(f.room, this.room!)) return this.abandon('frame for another room');
    if (f.kind === 'joined') return this.onJoined(f);
    if (this.phase !== 'live') return this.abandon('packet before joined');
    this.onPacket(f.seq, f.payload);
  }

  private onJoined(f: Extract<RelayFrame, { kind: 'joined' }>): void {
    if (this.phase !== 'joining') return this.abandon('joined twice');
    let gap: HistoryGap | undefined;
    if (this.log !== 0 && (f.log !== this.log || f.head < this.delivered)) {
      gap = { kind: 'reset', log: f.log, previous: { log: this.log, seq: this.delivered }, next: f.from };
      this.delivered = f.from - 1;
    } else if (f.from > this.delivered + 1) {
      gap = { kind: 'truncated', log: f.log, after: this.delivered, next: f.from };
      this.delivered = f.from - 1;
    }
    this.log = f.log;
    this.head = f.head;
    this.phase = 'live';
    if (gap !== undefined) this.handlers!.gap(gap);
    this.handlers!.status({ status: 'open', log: f.log, head: f.head, online: f.online });
    this.checkCaughtUp();
  }

  private onPacket(seq: number, payload: Uint8Array): void {
    if (seq <= this.delivered) return; // already delivered before a reconnect
    if (seq !== this.delivered + 1) return this.abandon(`packet ${seq} after ${this.delivered}`);
    this.delivered = seq;
    this.matchEcho(payload);
    this.handlers!.packet({ log: this.log, seq, data: payload });
    if (this.phase === 'live') this.checkCaughtUp();
  }

  private checkCaughtUp(): void {
    if (this.caughtUp || this.delivered < this.head) return;
    this.caughtUp = true;
    this.attempt = 0;
    this.handlers!.status({ status: 'caught-up', seq: this.delivered });
    if (this.phase !== 'live') return;
    this.toSend = this.pending.filter((p) => !p.done);
    this.flush();
  }

  private onClose(code: number, reason: string): void {
    if (this.phase === 'closed') return;
    if (!worthRetrying(code)) {
      const name = closeReason(code)!;
      return this.fail(new RelayError(name, `the relay closed the connection: ${reason}`), code, reason);
    }
    this.retry(code, reason);
  }

  // Drops the current link (its events are ignored from here) and retries.
  private abandon(reason: string): void {
    const cur = this.current;
    this.gen++;
    cur?.link.close(1000, reason.slice(0, 120));
    this.retry(1006, reason);
  }

  private retry(code: number, reason: string): void {
    this.gen++;
    this.phase = 'waiting';
    this.current = undefined;
    const delay = backoffDelay(this.attempt++, { initialMs: this.o.backoffInitialMs, maxMs: this.o.backoffMaxMs, random: this.o.random });
    this.handlers!.status({ status: 'disconnected', code, reason, retryInMs: delay });
    this.later(() => this.phase === 'waiting' && this.connect(), delay);
  }

  private fail(error: RelayError, code?: number, reason?: string): void {
    const cur = this.current;
    this.stop();
    cur?.link.close(1000, 'giving up');
    const e: TransportEvent = { status: 'closed', error };
    if (code !== undefined) Object.assign(e, { code, reason });
    this.handlers!.status(e);
  }

  private stop(): void {
    this.phase = 'closed';
    this.gen++;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    this.pending = [];
    this.toSend = [];
  }

  // --- sending --------------------------------------------------------------------------------

  // Joins and pings take a token too (the relay counts every frame) but never wait for one.
  private sendControl(frame: Uint8Array): void {
    this.bucket.take();
    this.current?.link.send(frame);
  }

  private flush(): void {
    if (this.flushTimer !== undefined) return;
    while (this.toSend.length > 0 && this.phase === 'live' && this.caughtUp) {
      const p = this.toSend[0]!;
      if (p.done) {
        this.toSend.shift();
        continue;
      }
      const wait = this.bucket.wait();
      if (wait > 0) {
        this.flushTimer = setTimeout(() => {
          this.flushTimer = undefined;
          this.flush();
        }, wait);
        return;
      }
      this.bucket.take();
      this.toSend.shift();
      p.sent = true;
      this.current!.link.send(encodeClientFrame({ kind: 'publish', room: this.room!, payload: p.data }));
    }
  }

  private matchEcho(payload: Uint8Array): void {
    for (let i = 0; i < this.pending.length; i++) {
      const p = this.pending[i]!;
      if (p.sent && !p.done && sameBytes(p.data, payload)) {
        p.done = true;
        this.pending.splice(i, 1);
        return;
      }
    }
  }

  // --- time -----------------------------------------------------------------------------------

  private beat(): void {
    if (this.phase !== 'live' && this.phase !== 'joining') return;
    const silent = Date.now() - this.lastHeard;
    if (silent >= this.o.heartbeatMs + this.o.heartbeatTimeoutMs) return this.abandon('heartbeat timeout');
    if (silent >= this.o.heartbeatMs) this.sendControl(encodeClientFrame({ kind: 'ping', token: (this.pingToken = (this.pingToken + 1) >>> 0) }));
  }

  private later(f: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      f();
    }, ms);
    this.timers.add(t);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
