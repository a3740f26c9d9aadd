// The part of the Deno namespace the terminal chat uses, typed here so that tsc compiles these
// files with the rest of the project (the chat itself runs only in Deno).

export interface DenoApi {
  args: string[];
  env: { get(name: string): string | undefined };
  stdin: { setRaw(raw: boolean, options?: { cbreak?: boolean }): void; isTerminal(): boolean; readable: ReadableStream<Uint8Array> };
  stdout: { writeSync(p: Uint8Array): number; isTerminal(): boolean };
  stderr: { writeSync(p: Uint8Array): number };
  consoleSize(): { columns: number; rows: number };
  addSignalListener(signal: 'SIGWINCH' | 'SIGINT' | 'SIGTERM' | 'SIGHUP', handler: () => void): void;
  exit(code?: number): never;
}

export const deno: DenoApi = (globalThis as unknown as { Deno: DenoApi }).Deno;

const utf8 = new TextEncoder();

// writeSync may write part of the bytes: loop until all are out.
export function writeAll(out: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = utf8.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(out.writeSync(bytes));
}
