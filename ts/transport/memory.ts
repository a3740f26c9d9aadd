// The in-memory transport: a link into an in-process RelayCore (no sockets), for tests and the
// single-process demo. It runs the same wire frames and the same transport logic as the
// WebSocket transport; frames cross asynchronously (a microtask), as they would over a socket.

import type { RelayCore } from '../relay/core.js';
import type { LinkFactory } from './link.js';
import { RelayTransport, type RelayTransportOptions } from './relay-transport.js';

export function memoryTransport(relay: RelayCore, options: RelayTransportOptions = {}): RelayTransport {
  return new RelayTransport(memoryLinks(relay), options);
}

export function memoryLinks(relay: RelayCore): LinkFactory {
  return (events) => {
    let open = true;
    const shut = (code: number, reason: string): void => {
      if (!open) return;
      open = false;
      queueMicrotask(() => events.close(code, reason));
    };
    const handle = relay.connect({
      send: (frame) => queueMicrotask(() => open && events.frame(frame, true)),
      close: shut,
      bufferedAmount: () => 0,
    });
    queueMicrotask(() => open && events.open());
    return {
      link: {
        send: (frame) => queueMicrotask(() => open && handle.receive(frame)),
        close: (code, reason) => {
          if (!open) return;
          handle.closed();
          shut(code, reason);
        },
      },
    };
  };
}
