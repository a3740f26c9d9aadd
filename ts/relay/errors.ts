// Relay errors and WebSocket close codes: one table, used by the relay to close a connection and
// by the transports to decide whether reconnecting can help. docs/RELAY.md lists the same table.

import { SmmpError } from '../errors.js';

export type RelayErrorCode =
  | 'MALFORMED_FRAME' // does not parse: wrong length, kind, field, trailing bytes, a text frame
  | 'UNSUPPORTED_VERSION' // a frame of another wire version
  | 'FRAME_TOO_LARGE' // above the relay's maximum frame size
  | 'RATE_LIMITED' // more frames than the connection's token bucket allows
  | 'TOO_MANY_ROOMS' // more rooms joined on one connection than allowed
  | 'ROOM_FULL' // the room has its maximum number of clients
  | 'PROTOCOL_VIOLATION' // a valid frame at the wrong time: publish before join, join twice
  | 'SLOW_READER' // the connection does not read fast enough: its send buffer is over the limit
  | 'FELL_BEHIND' // the log was trimmed past what this connection had been sent
  | 'RELAY_FULL' // the relay has its maximum number of connections or rooms
  | 'BACKEND_UNAVAILABLE' // the relay's store (Redis) failed
  | 'TRANSPORT_CLOSED' // client side: publish or open on a transport that is closed
  | 'PAYLOAD_TOO_LARGE' // client side: a payload above the transport's maximum
  | 'BACKLOG_FULL'; // client side: too many publishes waiting for the relay

// Close codes sent by the relay (4000-4999 is the range RFC 6455 leaves to applications).
// `retry` says whether a client should reconnect: false for its own bugs, which repeat.
export const CLOSE_CODES = {
  MALFORMED_FRAME: { code: 4000, retry: false },
  UNSUPPORTED_VERSION: { code: 4001, retry: false },
  FRAME_TOO_LARGE: { code: 4002, retry: false },
  RATE_LIMITED: { code: 4003, retry: true },
  TOO_MANY_ROOMS: { code: 4004, retry: false },
  ROOM_FULL: { code: 4005, retry: true },
  PROTOCOL_VIOLATION: { code: 4006, retry: false },
  SLOW_READER: { code: 4007, retry: true },
  FELL_BEHIND: { code: 4008, retry: true },
  RELAY_FULL: { code: 4009, retry: true },
  BACKEND_UNAVAILABLE: { code: 4010, retry: true },
} as const satisfies Partial<Record<RelayErrorCode, { code: number; retry: boolean }>>;

export type RelayCloseReason = keyof typeof CLOSE_CODES;

// The relay closes with 1001 (going away) when it shuts down; clients reconnect.
export const CLOSE_GOING_AWAY = 1001;

export class RelayError extends SmmpError {
  override readonly code: RelayErrorCode;
  constructor(code: RelayErrorCode, message: string) {
    super(code, message);
    this.code = code;
  }

  // The close code for an error the relay closes a connection over.
  get closeCode(): number | undefined {
    return (CLOSE_CODES as Partial<Record<RelayErrorCode, { code: number }>>)[this.code]?.code;
  }
}

// The error a close code stands for, if it is one of ours.
export function closeReason(code: number): RelayCloseReason | undefined {
  for (const [name, c] of Object.entries(CLOSE_CODES)) if (c.code === code) return name as RelayCloseReason;
  return undefined;
}

// Whether a client should reconnect after the relay closed with `code`. Unknown codes (network
// failures, 1006, 1011, a proxy's codes) are worth a retry; only our own "you are broken" codes
// are not.
export function worthRetrying(code: number): boolean {
  const reason = closeReason(code);
  return reason === undefined || CLOSE_CODES[reason].retry;
}

// WebSocket close reasons are at most 123 bytes of UTF-8.
export function closeText(message: string): string {
  const bytes = new TextEncoder().encode(message);
  if (bytes.length <= 123) return message;
  return new TextDecoder().decode(bytes.subarray(0, 120)).replace(/\uFFFD$/, '') + '...';
}
