// A transport whose connection is made when the session opens it, not when the session is built:
// a resumed session knows its relay only once it has loaded its record, and the host may have to
// start that relay first (the terminal chat hosts an embedded one).

import type { Transport, TransportHandlers, RoomCursor } from '../../ts/session/index.js';

export class DeferredTransport implements Transport {
  private inner: Transport | undefined;
  private ready: Promise<Transport | undefined> = Promise.resolve(undefined);
  private closed = false;

  constructor(private readonly connect: () => Promise<Transport>) {}

  open(room: Uint8Array, cursor: RoomCursor | null, handlers: TransportHandlers): void {
    this.ready = this.connect().then(
      (t) => {
        if (this.closed) {
          void t.close();
          return undefined;
        }
        this.inner = t;
        t.open(room, cursor, handlers);
        return t;
      },
      (e: unknown) => {
        // No relay to reach (hosting it failed, say): the session stops and says why.
        handlers.status({ status: 'closed', reason: `cannot reach the relay: ${e instanceof Error ? e.message : String(e)}` });
        return undefined;
      },
    );
  }

  // The session publishes only after the connection reported 'caught-up', so `inner` is set.
  publish(data: Uint8Array): void {
    this.inner?.publish(data);
  }

  async close(): Promise<void> {
    this.closed = true;
    const t = await this.ready;
    await t?.close();
  }
}
