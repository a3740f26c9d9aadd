// The relay the terminal chat hosts when none is given: the Deno relay with its memory log, in
// this process, on 127.0.0.1, for as long as the chat runs. A stored group whose relay was hosted
// on this machine gets it back on the same port when nobody else listens there.

import { serveRelay, type RunningDenoRelay } from '../../ts/relay/deno/server.js';

export class RelayHost {
  private relay: RunningDenoRelay | undefined;

  constructor(private readonly onHosted: (url: string) => void) {}

  get url(): string | undefined {
    return this.relay?.url;
  }

  // Hosts on `port`, or on any free port when `fallback` and the port is taken. Returns the URL,
  // or undefined when the port is taken and there is no fallback (someone else serves it).
  async host(port: number, fallback: boolean): Promise<string | undefined> {
    if (this.relay !== undefined) return this.relay.url;
    try {
      this.relay = await serveRelay({ port, host: '127.0.0.1' });
    } catch (e) {
      if (!isAddressInUse(e)) throw e;
      if (!fallback) return undefined;
      this.relay = await serveRelay({ port: 0, host: '127.0.0.1' });
    }
    this.onHosted(this.relay.url);
    return this.relay.url;
  }

  async close(): Promise<void> {
    await this.relay?.close();
    this.relay = undefined;
  }
}

const isAddressInUse = (e: unknown): boolean => e instanceof Error && (e.name === 'AddrInUse' || /address already in use/i.test(e.message));
