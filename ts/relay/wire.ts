// The relay wire protocol (docs/RELAY.md, "Wire protocol"): one binary WebSocket message per
// frame, `version u8 | kind u8 | fields`, integers big-endian. Client frames have kinds below
// 0x80, relay frames 0x80 and above. A Publish or Packet payload is the rest of the frame (the
// WebSocket message carries the length). Built on the strict Writer/Reader of the protocol codec.

import { checkBytes } from '../bytes.js';
import { Reader, Writer } from '../protocol/bytes-codec.js';
import { ProtocolError } from '../protocol/errors.js';
import { RelayError } from './errors.js';

export const WIRE_VERSION = 1;
export const ROOM_ID_BYTES = 32;

// Bytes a Packet frame adds around its payload: version, kind, room, seq.
export const PACKET_OVERHEAD = 2 + ROOM_ID_BYTES + 8;
// Bytes a Publish frame adds around its payload: version, kind, room.
export const PUBLISH_OVERHEAD = 2 + ROOM_ID_BYTES;

export const Kind = {
  Join: 0x01,
  Publish: 0x02,
  Leave: 0x03,
  Ping: 0x04,
  Joined: 0x81,
  Packet: 0x82,
  Pong: 0x83,
} as const;

// `log` names one incarnation of a room's log (a random nonzero 48-bit number chosen when the
// log is created); `cursor` is the last sequence number the client holds from that log. A client
// with nothing sends log 0 and cursor 0.
export type ClientFrame =
  | { kind: 'join'; room: Uint8Array; log: number; cursor: number }
  | { kind: 'publish'; room: Uint8Array; payload: Uint8Array }
  | { kind: 'leave'; room: Uint8Array }
  | { kind: 'ping'; token: number };

// `head` is the room's newest sequence number at the join; `from` the first one this join will
// deliver (after the cursor, unless the log no longer holds it or is another incarnation);
// `online` the number of clients in the room, the joiner included.
export type RelayFrame =
  | { kind: 'joined'; room: Uint8Array; log: number; head: number; from: number; online: number }
  | { kind: 'packet'; room: Uint8Array; seq: number; payload: Uint8Array }
  | { kind: 'pong'; token: number };

const start = (kind: number, size: number): Writer => new Writer(size).u8(WIRE_VERSION).u8(kind);

export function encodeClientFrame(f: ClientFrame): Uint8Array {
  switch (f.kind) {
    case 'join':
      return start(Kind.Join, 50).bytes(roomBytes(f.room)).u64(f.log).u64(f.cursor).finish();
    case 'publish':
      return start(Kind.Publish, PUBLISH_OVERHEAD + f.payload.length).bytes(roomBytes(f.room)).bytes(f.payload).finish();
    case 'leave':
      return start(Kind.Leave, 34).bytes(roomBytes(f.room)).finish();
    case 'ping':
      return start(Kind.Ping, 6).u32(f.token).finish();
  }
}

export function encodeRelayFrame(f: RelayFrame): Uint8Array {
  switch (f.kind) {
    case 'joined':
      return start(Kind.Joined, 62).bytes(roomBytes(f.room)).u64(f.log).u64(f.head).u64(f.from).u32(f.online).finish();
    case 'packet':
      return start(Kind.Packet, PACKET_OVERHEAD + f.payload.length).bytes(roomBytes(f.room)).u64(f.seq).bytes(f.payload).finish();
    case 'pong':
      return start(Kind.Pong, 6).u32(f.token).finish();
  }
}

export function decodeClientFrame(frame: Uint8Array): ClientFrame {
  return decoding('client frame', frame, (r, kind) => {
    switch (kind) {
      case Kind.Join: {
        const room = r.bytes(ROOM_ID_BYTES, 'room');
        const log = r.u64('log');
        const cursor = r.u64('cursor');
        if (log === 0 && cursor !== 0) throw new RelayError('MALFORMED_FRAME', 'client frame: a cursor without a log');
        return { kind: 'join', room, log, cursor };
      }
      case Kind.Publish: {
        const room = r.bytes(ROOM_ID_BYTES, 'room');
        if (r.remaining === 0) throw new RelayError('MALFORMED_FRAME', 'client frame: empty payload');
        return { kind: 'publish', room, payload: r.bytes(r.remaining, 'payload') };
      }
      case Kind.Leave:
        return { kind: 'leave', room: r.bytes(ROOM_ID_BYTES, 'room') };
      case Kind.Ping:
        return { kind: 'ping', token: r.u32('token') };
      default:
        throw new RelayError('MALFORMED_FRAME', `client frame: unknown kind ${kind}`);
    }
  });
}

export function decodeRelayFrame(frame: Uint8Array): RelayFrame {
  return decoding('relay frame', frame, (r, kind) => {
    switch (kind) {
      case Kind.Joined: {
        const room = r.bytes(ROOM_ID_BYTES, 'room');
        const log = r.u64('log');
        const head = r.u64('head');
        const from = r.u64('from');
        const online = r.u32('online');
        if (log === 0 || from < 1 || from > head + 1) throw new RelayError('MALFORMED_FRAME', `relay frame: joined with log ${log}, head ${head}, from ${from}`);
        return { kind: 'joined', room, log, head, from, online };
      }
      case Kind.Packet: {
        const room = r.bytes(ROOM_ID_BYTES, 'room');
        const seq = r.u64('seq');
        if (seq === 0 || r.remaining === 0) throw new RelayError('MALFORMED_FRAME', 'relay frame: packet with seq 0 or no payload');
        return { kind: 'packet', room, seq, payload: r.bytes(r.remaining, 'payload') };
      }
      case Kind.Pong:
        return { kind: 'pong', token: r.u32('token') };
      default:
        throw new RelayError('MALFORMED_FRAME', `relay frame: unknown kind ${kind}`);
    }
  });
}

// Version first, then the kind's fields, then nothing: the Reader's ProtocolErrors become
// RelayErrors so a relay caller sees one error type.
function decoding<T>(what: string, frame: Uint8Array, body: (r: Reader, kind: number) => T): T {
  try {
    const r = new Reader(frame, what);
    const version = r.u8('version');
    if (version !== WIRE_VERSION) throw new RelayError('UNSUPPORTED_VERSION', `${what}: version ${version}, expected ${WIRE_VERSION}`);
    const out = body(r, r.u8('kind'));
    r.end();
    return out;
  } catch (e) {
    if (e instanceof ProtocolError) throw new RelayError('MALFORMED_FRAME', e.message);
    throw e;
  }
}

const roomBytes = (room: Uint8Array): Uint8Array => checkBytes('room', room, ROOM_ID_BYTES);
