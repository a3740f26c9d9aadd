// The transport over WebSocket: the global WebSocket where the runtime has one (browsers, Deno,
// Node 22+), or an injected constructor (Node 20: the `ws` package's WebSocket). Several relay
// URLs (relays sharing rooms through Redis) are tried in turn: a failed attempt moves to the next.

import { InvalidArgumentError } from '../errors.js';
import type { LinkFactory } from './link.js';
import { RelayTransport, type RelayTransportOptions } from './relay-transport.js';

// The part of the WHATWG WebSocket the transport uses; `ws`'s WebSocket has it too.
export interface WebSocketLike {
  binaryType: string;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface WebSocketTransportOptions extends RelayTransportOptions {
  WebSocket?: WebSocketConstructor;
}

export function webSocketTransport(urls: string | readonly string[], options: WebSocketTransportOptions = {}): RelayTransport {
  const list = typeof urls === 'string' ? [urls] : [...urls];
  if (list.length === 0 || !list.every((u) => typeof u === 'string' && /^wss?:\/\//i.test(u))) {
    throw new InvalidArgumentError('urls', 'expected one or more ws:// or wss:// URLs');
  }
  const { WebSocket: given, ...rest } = options;
  const WS = given ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (WS === undefined) {
    throw new InvalidArgumentError('WebSocket', "this runtime has no global WebSocket (Node 20): pass one, e.g. { WebSocket } from the 'ws' package");
  }
  return new RelayTransport(webSocketLinks(WS, list), rest);
}

function webSocketLinks(WS: WebSocketConstructor, urls: string[]): LinkFactory {
  return (events, attempt) => {
    const url = urls[attempt % urls.length]!;
    const ws = new WS(url);
    ws.binaryType = 'arraybuffer';
    let closed = false;
    const done = (code: number, reason: string): void => {
      if (closed) return;
      closed = true;
      events.close(code, reason);
    };
    ws.onopen = () => events.open();
    ws.onmessage = (ev) => {
      const d = ev.data;
      if (d instanceof ArrayBuffer) events.frame(new Uint8Array(d), true);
      else if (ArrayBuffer.isView(d)) events.frame(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), true);
      else events.frame(new Uint8Array(0), false);
    };
    ws.onclose = (ev) => done(ev.code, ev.reason);
    // An error is always followed by a close event; nothing to do here but keep it handled.
    ws.onerror = () => {};
    return {
      url,
      link: {
        send: (frame) => ws.send(frame),
        close: (code, reason) => {
          try {
            ws.close(code, reason);
          } catch {
            // Already closing, or not yet open in a runtime that refuses to close then.
          }
        },
      },
    };
  };
}
