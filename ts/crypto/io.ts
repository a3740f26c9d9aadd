// The JS side of the core's I/O area (core-wasm/io.ts). A wrapper opens a frame, copies its
// inputs in, reserves its outputs, calls the core, reads the outputs and closes the frame, which
// zeroes every byte it used: inputs and outputs may be secret. Calls are synchronous and never
// nest, so one frame at a time is enough and nothing is allocated per call but the outputs.

import { wasm } from './core.js';

let view: Uint8Array | undefined;
let base = 0;
let capacity = 0;
let used = 0;

// The current view of wasm memory; rebuilt when memory.grow has replaced the buffer.
export function heap(): Uint8Array {
  const buffer = wasm().memory.buffer;
  if (view === undefined || view.buffer !== buffer) view = new Uint8Array(buffer);
  return view;
}

const align = (n: number): number => (n + 15) & ~15;

// Opens a frame of at least `size` bytes and returns nothing; allocate with put/alloc.
export function open(size: number): void {
  const x = wasm();
  if (size > capacity) {
    const p = x.io_reserve(size);
    if (p === 0) throw new RangeError(`wasm memory cannot grow to ${size} bytes`);
    base = p;
    capacity = size;
  }
  used = 0;
}

// Copies `bytes` into the frame and returns their address.
export function put(bytes: Uint8Array): number {
  const p = base + used;
  used += align(bytes.length);
  heap().set(bytes, p);
  return p;
}

// Reserves `n` bytes in the frame (for outputs, contexts) and returns their address.
export function alloc(n: number): number {
  const p = base + used;
  used += align(n);
  return p;
}

// Copies `n` bytes out of wasm memory.
export function read(p: number, n: number): Uint8Array {
  return heap().slice(p, p + n);
}

// Copies `bytes` to an address already allocated in the frame (used when streaming chunks).
export function write(p: number, bytes: Uint8Array): void {
  heap().set(bytes, p);
}

// Closes the frame, zeroing everything it held.
export function close(): void {
  heap().fill(0, base, base + used);
  used = 0;
}

// Bytes a frame needs for these sizes, with the alignment put/alloc apply.
export function frameSize(...sizes: number[]): number {
  let total = 0;
  for (const s of sizes) total += align(s);
  return total;
}

// Copies `n` bytes from wasm memory into `dest` at `offset` (for outputs assembled in chunks).
export function readInto(p: number, n: number, dest: Uint8Array, offset: number): void {
  dest.set(heap().subarray(p, p + n), offset);
}
