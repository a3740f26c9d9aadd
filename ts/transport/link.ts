// A link is one connection to a relay, whatever carries it (a WebSocket, or a function call into
// an in-process relay). The transport makes a new one for every (re)connection attempt.

export interface LinkEvents {
  open(): void;
  frame(bytes: Uint8Array, binary: boolean): void;
  close(code: number, reason: string): void;
}

export interface Link {
  send(frame: Uint8Array): void;
  close(code: number, reason: string): void;
}

// `attempt` counts consecutive failed attempts (0 for the first), so a factory can rotate
// through several relay addresses.
export type LinkFactory = (events: LinkEvents, attempt: number) => { link: Link; url?: string };
